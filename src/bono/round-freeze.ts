import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import { ensureBonoAccounts } from './bono.accounts.ts';
import type { Round, RoundKind } from './bono.types.ts';
import {
  analyzeEntitlements,
  giveSummaryMemory,
  insertEntitlements,
  insertFrozenRound,
  lockRoundsForFreeze,
  roundEntitlementGroups,
  setRoundTotals,
  standingRegularRound,
} from './round.repository.ts';
import { roundAuditView } from './round.service.ts';
import { entitlementSelect, readRegistryState, roundHeader, summarise } from './round-snapshot.ts';

/**
 * Freezing a round. It is one `INSERT … SELECT` of the compiled rules into bono_entitlement (the
 * population is never pulled into Node), then control totals and a content hash computed in the
 * database in one pass (round-snapshot.ts), in one transaction. Its statements are benchmarked
 * against a bare `INSERT … SELECT` of the same rows (bench/bono-round.bench.ts).
 */

export interface CreateRoundInput {
  asOf: IsoDate;
  kind: RoundKind;
  /** A supplementary round only considers these persons (those granted by grievances). */
  personIds?: readonly bigint[];
  note?: string;
  actor: Actor;
  at: Date;
  onProgress?: (step: string) => void;
}

/**
 * Freezes a round: applies the bono's rules on `asOf` to the registry, writes the entitlements
 * and the round with its snapshot, control totals and content hash, in one transaction.
 * A regular round is refused while another regular round is frozen, approved or expired (use a
 * supplementary round for later additions); a supplementary round leaves out anyone already
 * entitled in a round that is not rejected.
 *
 * @example const round = await createRound(db, { asOf: '2020-12-01', kind: 'regular', actor: 'account:ana', at: new Date() });
 */
export async function createRound(db: Database, input: CreateRoundInput): Promise<Round> {
  if (parseIsoDate(input.asOf) !== input.asOf)
    throw new UserError(
      'round_date_invalid',
      `The round date must be a date YYYY-MM-DD, got "${input.asOf}".`,
    );
  if (input.kind === 'supplementary' && (!input.personIds || input.personIds.length === 0))
    throw new UserError('round_persons_missing', 'A supplementary round names the persons it adds.');
  if (input.kind === 'regular' && input.personIds)
    throw new UserError(
      'round_persons_not_allowed',
      'A regular round covers the whole registry; name persons only in a supplementary round.',
    );
  const progress = input.onProgress ?? (() => {});
  await ensureBonoAccounts(db, input.at);
  const created = await db.transaction(async (tx) => {
    // One round is frozen at a time: two officers creating rounds at once must not both pass the
    // "no other regular round" check.
    await lockRoundsForFreeze(tx);
    if (input.kind === 'regular') {
      const other = await standingRegularRound(tx);
      if (other)
        throw new UserError(
          'regular_round_exists',
          `Regular round ${other.id} is ${other.status}; a person is paid once, so add later entitlements with a supplementary round, or reject round ${other.id} first.`,
          { roundId: other.id },
        );
    }
    progress('reading the registry state');
    const state = await readRegistryState(tx);
    const { sql, rulesVersion, parameters } = entitlementSelect(input.asOf, state, {
      ...(input.personIds ? { personIdsParam: '$2' } : {}),
    });
    const id = await insertFrozenRound(tx, {
      kind: input.kind,
      asOf: input.asOf,
      rulesVersion,
      parameters,
      registryState: state,
      note: input.note ?? '',
      createdBy: input.actor,
      createdAt: input.at,
    });
    progress('applying the rules to the registry');
    // A supplementary round (the only kind that names persons) leaves out anyone already entitled
    // in another round that is not rejected.
    await insertEntitlements(tx, id, sql, input.personIds);
    progress('computing control totals and the content hash');
    await giveSummaryMemory(tx);
    const sum = summarise(
      await roundEntitlementGroups(tx, id),
      roundHeader(input.kind, input.asOf, rulesVersion),
    );
    if (sum.count === 0 && input.kind === 'supplementary')
      throw new UserError(
        'round_empty',
        'None of the named persons is entitled on that date, or they are already entitled in another round.',
      );
    const round = await setRoundTotals(tx, id, sum);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono_round.frozen',
      entityType: 'bono_round',
      entityId: id,
      after: roundAuditView(round),
    });
    return round;
  });
  // Fresh statistics for the table the payout path reads by person.
  await analyzeEntitlements(db);
  return created;
}

/**
 * The SELECT a regular round on `asOf` would freeze, against the registry as it is: for the
 * benchmark that compares freezing with a bare INSERT … SELECT of the same rows.
 *
 * @example const select = await entitlementSelectForBench(db, '2020-12-01');
 */
export async function entitlementSelectForBench(sql: Sql, asOf: IsoDate): Promise<string> {
  const state = await readRegistryState(sql);
  return entitlementSelect(asOf, state, {}).sql;
}
