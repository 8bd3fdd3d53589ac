/**
 * What the bono and vaccination keep under each person of a registry merge (issue #23): the
 * registry cannot import them (they import the registry), so the interfaces pass it this guard.
 * A merge is refused while the person to retire holds any of these, because those records stay
 * under the retired id: a live bono payment, an entitlement still collectable in an approved
 * round (their own CI could collect it beside the survivor's), a vaccination dose.
 */
import { standingOf } from './bono/index.ts';
import type { Sql } from './db/database.ts';
import type { CandidatePerson, MergeGuard, MergeHolding } from './registry/index.ts';
import { dosesOf } from './vaccination/index.ts';

async function holdings(tx: Sql, person: CandidatePerson): Promise<MergeHolding[]> {
  const held: MergeHolding[] = [];
  const standing = await standingOf(tx, {
    ciNumber: person.ciNumber,
    complemento: person.complemento,
    dateOfBirth: person.dateOfBirth,
  });
  if (standing.payment && standing.payment.reversedAt === null)
    held.push({ kind: 'bono_payment', reference: `round ${standing.payment.roundId}` });
  else if (standing.roundId !== null && standing.roundStatus === 'approved')
    held.push({ kind: 'bono_entitlement', reference: `round ${standing.roundId}` });
  const doses = await dosesOf(tx, { personId: person.id });
  if (doses.ok)
    for (const dose of doses.value) held.push({ kind: 'vaccination_dose', reference: doseReference(dose) });
  return held;
}

function doseReference(dose: { product?: string; givenOn?: string }): string {
  return [dose.product, dose.givenOn].filter((part) => part !== undefined && part !== '').join(' ');
}

/**
 * The guard the interfaces pass to proposeMerge and decideMergeProposal.
 *
 * @example await proposeMerge(db, identityMergeGuard, input)
 */
export const identityMergeGuard: MergeGuard = async (tx, persons) => ({
  surviving: await holdings(tx, persons.surviving),
  retired: await holdings(tx, persons.retired),
});
