import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { checkIdentity, findPersonByKey, loadIdentityFormat } from '../registry/index.ts';
import { type IsoDate, parseIsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { GrievanceKind, PersonTriple } from './bono.types.ts';
import type { GrievanceFailure } from './grievance.failures.ts';
import {
  countCitizenFiling,
  insertEvent,
  insertGrievance,
  lockFilingsOf,
  openGrievancesFiledSince,
} from './grievance.repository.ts';
import { type FiledVia, GRIEVANCE_KINDS } from './grievance.types.ts';
import { newReference } from './grievance-reference.ts';

const DESCRIPTION_MAX = 4000;
const CONTACT_MAX = 200;
const REFERENCE_ATTEMPTS = 8;
/** How long the same grievance sent again is answered with the reference already given. */
const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface FileGrievanceInput {
  kind: GrievanceKind;
  person: PersonTriple;
  description: string;
  /** How to reach the citizen (phone, e-mail), optional. */
  contact?: string;
  filedVia: FiledVia;
  actor: Actor;
  at: Date;
}

/** A grievance filed: its reference, and whether it had been filed already (`repeat`). */
export interface GrievanceFiled {
  reference: string;
  id: number;
  /** The same grievance was filed in the last day and is still open: this is that one. */
  repeat: boolean;
}

/**
 * Files a grievance. It is linked to the registry person whose CI number, complemento and date of
 * birth match exactly; the answer is the same either way, so filing reveals nothing about the
 * registry. Keep the reference: with the CI number it lets the citizen follow the claim.
 *
 * The same grievance sent again — the same person triple, kind and description (whatever the
 * spacing), within a day of a filing still open — is answered with that filing (`repeat: true`):
 * no second row, no second audit entry. A second tap on "Enviar", a resend from the back button or
 * a retry over a bad connection must not become two claims for an officer to decide, whichever
 * server process receives it; filings about one person are decided one at a time (a lock), so
 * even identical posts arriving together give one row.
 *
 * @example
 *   const r = await fileGrievance(db, { kind: 'not_listed', filedVia: 'citizen',
 *     person: { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' },
 *     description: 'No figuro en la lista', actor: 'system', at: new Date() });
 *   if (r.ok) r.value.reference // 'K7QM-3HXA-PW9C'
 */
export async function fileGrievance(
  db: Database,
  input: FileGrievanceInput,
): Promise<Result<GrievanceFiled, GrievanceFailure>> {
  if (!GRIEVANCE_KINDS.includes(input.kind))
    return fail({ code: 'grievance_kind_invalid', kind: String(input.kind), kinds: GRIEVANCE_KINDS });
  if (input.filedVia !== 'citizen' && input.filedVia !== 'officer')
    return fail({ code: 'grievance_channel_invalid' });
  const checked = checkTriple(input.person, toIsoDateInBolivia(input.at));
  if (!checked.ok) return checked;
  const person = checked.value;
  const description = input.description.trim();
  if (description === '') return fail({ code: 'description_required' });
  if (description.length > DESCRIPTION_MAX)
    return fail({ code: 'description_too_long', length: description.length, maxLength: DESCRIPTION_MAX });
  const contact = (input.contact ?? '').trim();
  if (contact.length > CONTACT_MAX)
    return fail({ code: 'contact_too_long', length: contact.length, maxLength: CONTACT_MAX });

  const filed = await db.transaction(async (tx): Promise<GrievanceFiled> => {
    await lockFilingsOf(tx, person);
    const since = new Date(input.at.getTime() - REPEAT_WINDOW_MS);
    const words = sameWords(description);
    const earlier = (await openGrievancesFiledSince(tx, person, input.kind, since)).find(
      (g) => sameWords(g.description) === words,
    );
    if (earlier) return { reference: earlier.reference, id: earlier.id, repeat: true };
    const personId = (await findPersonByKey(tx, person))?.id ?? null;
    for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt++) {
      const reference = newReference();
      const id = await insertGrievance(tx, {
        reference,
        kind: input.kind,
        person,
        personId,
        description,
        contact,
        filedVia: input.filedVia,
        filedBy: input.actor,
        filedAt: input.at,
      });
      if (id === null) continue;
      await insertEvent(tx, { grievanceId: id, at: input.at, actor: input.actor, action: 'filed' });
      await appendAudit(tx, {
        at: input.at,
        actor: input.actor,
        action: 'bono_grievance.filed',
        entityType: 'bono_grievance',
        entityId: id,
        after: { reference, kind: input.kind, filedVia: input.filedVia, personId, status: 'open' },
      });
      return { reference, id, repeat: false };
    }
    // 60-bit references colliding eight times in a row means the random source is broken.
    throw new Error(`no free grievance reference after ${REFERENCE_ATTEMPTS} draws`);
  });
  return ok(filed);
}

/** A description as compared for repeats: runs of white space count as one space. */
function sameWords(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function checkTriple(t: PersonTriple, on: IsoDate): Result<PersonTriple, GrievanceFailure> {
  const format = loadIdentityFormat(on);
  const id = checkIdentity(format, t.ciNumber ?? '', t.complemento ?? '');
  if (typeof id === 'string') return fail({ code: 'person_invalid', field: 'identity_card', reason: id });
  const dob = parseIsoDate((t.dateOfBirth ?? '').trim());
  if (!dob || dob < format.earliestDateOfBirth || dob > on)
    return fail({
      code: 'person_invalid',
      field: 'date_of_birth',
      earliest: format.earliestDateOfBirth,
      latest: on,
    });
  return ok({ ciNumber: id.ciNumber, complemento: id.complemento, dateOfBirth: dob });
}

/** Most grievances one client address may file per hour from the public portal. */
export const CITIZEN_FILINGS_PER_HOUR = 10;

/**
 * Counts a citizen's filing against their client address and says whether it may go ahead: the
 * public form writes to the database, so one address may file at most `limit` grievances an hour
 * (a family at one connection files a few; a script filing thousands is stopped). Returns the
 * seconds to wait, 0 when allowed. The count lives beside the look-up counters.
 *
 * @example if ((await admitCitizenFiling(db, ip, now)) > 0) … // 429
 */
export async function admitCitizenFiling(
  sql: Sql,
  clientKey: string,
  at: Date,
  limit = CITIZEN_FILINGS_PER_HOUR,
): Promise<number> {
  const row = await countCitizenFiling(sql, clientKey, at);
  if (!row || row.filings <= limit) return 0;
  return Math.max(1, Math.ceil((row.windowStartedAt.getTime() + 3_600_000 - at.getTime()) / 1000));
}
