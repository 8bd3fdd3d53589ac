import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { checkIdentity, findPersonByKey, loadIdentityFormat } from '../registry/index.ts';
import { type IsoDate, parseIsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import type { GrievanceKind, PersonTriple } from './bono.types.ts';
import { countCitizenFiling, insertEvent, insertGrievance } from './grievance.repository.ts';
import { type FiledVia, GRIEVANCE_KINDS } from './grievance.types.ts';
import { newReference } from './grievance-reference.ts';

const DESCRIPTION_MAX = 4000;
const CONTACT_MAX = 200;
const REFERENCE_ATTEMPTS = 8;

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

/**
 * Files a grievance. It is linked to the registry person whose CI number, complemento and date of
 * birth match exactly; the answer is the same either way, so filing reveals nothing about the
 * registry. Keep the reference: with the CI number it lets the citizen follow the claim.
 *
 * @example
 *   const { reference } = await fileGrievance(db, { kind: 'not_listed', filedVia: 'citizen',
 *     person: { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' },
 *     description: 'No figuro en la lista', actor: 'system', at: new Date() });
 */
export async function fileGrievance(
  db: Database,
  input: FileGrievanceInput,
): Promise<{ reference: string; id: number }> {
  if (!GRIEVANCE_KINDS.includes(input.kind))
    throw new UserError(
      'grievance_kind_invalid',
      `A grievance is one of ${GRIEVANCE_KINDS.join(', ')}; got "${String(input.kind)}".`,
    );
  if (input.filedVia !== 'citizen' && input.filedVia !== 'officer')
    throw new UserError(
      'grievance_channel_invalid',
      'A grievance is filed by a citizen or by an officer for them.',
    );
  const person = checkTriple(input.person, toIsoDateInBolivia(input.at));
  const description = input.description.trim();
  if (description === '')
    throw new UserError(
      'description_required',
      'Describe the problem: what happened, and what you expected.',
    );
  if (description.length > DESCRIPTION_MAX)
    throw new UserError(
      'description_too_long',
      `The description has ${description.length} characters; at most ${DESCRIPTION_MAX} are kept.`,
    );
  const contact = (input.contact ?? '').trim();
  if (contact.length > CONTACT_MAX)
    throw new UserError(
      'contact_too_long',
      `The contact has ${contact.length} characters; at most ${CONTACT_MAX}.`,
    );

  return db.transaction(async (tx) => {
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
      return { reference, id };
    }
    // 60-bit references colliding eight times in a row means the random source is broken.
    throw new Error(`no free grievance reference after ${REFERENCE_ATTEMPTS} draws`);
  });
}

function checkTriple(t: PersonTriple, on: IsoDate): PersonTriple {
  const format = loadIdentityFormat(on);
  const id = checkIdentity(format, t.ciNumber ?? '', t.complemento ?? '');
  if (typeof id === 'string') throw new UserError('person_invalid', `The identity card is not valid: ${id}.`);
  const dob = parseIsoDate((t.dateOfBirth ?? '').trim());
  if (!dob || dob < format.earliestDateOfBirth || dob > on)
    throw new UserError(
      'person_invalid',
      `The date of birth must be a real date YYYY-MM-DD between ${format.earliestDateOfBirth} and ${on}.`,
    );
  return { ciNumber: id.ciNumber, complemento: id.complemento, dateOfBirth: dob };
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
