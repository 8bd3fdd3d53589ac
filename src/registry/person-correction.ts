import { createHash } from 'node:crypto';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { type IsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { loadIdentityFormat } from './identity.ts';
import { findPersonById, findPersonByKey, type RegistryPerson } from './person.repository.ts';
import { insertPersonCorrection, type PersonValues } from './person-correction.repository.ts';
import { validatePersonRow } from './person-file.ts';

/**
 * Corrections to a registered person made by an officer rather than by a file import (today: an
 * approved bono grievance). The registry owns `person`, so every such change comes through here:
 * the values are checked as a line of the persons file would be, the row is updated under an import
 * run of kind `person-correction`, person_history keeps every correctable value before and after
 * (replayRound restores a frozen round's registry from it), and the audit records `person.corrected`.
 */

export type { PersonValues };

/** Registry values a correction may change. */
export interface PersonCorrection {
  dateOfBirth: IsoDate;
  municipalityCode: string;
  residenceCountry: string;
  dateOfDeath: IsoDate | null;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
}

/** The column each correctable value is stored in; its keys are the fields a correction may name. */
export const PERSON_CORRECTION_COLUMNS: Readonly<Record<keyof PersonCorrection, keyof PersonValues>> = {
  dateOfBirth: 'date_of_birth',
  municipalityCode: 'municipality_code',
  residenceCountry: 'residence_country',
  dateOfDeath: 'date_of_death',
  givenNames: 'given_names',
  firstSurname: 'first_surname',
  secondSurname: 'second_surname',
};

export interface CorrectPersonInput {
  personId: bigint;
  /** The values to change; the others stay. `dateOfDeath` null or '' clears it. */
  correction: Partial<PersonCorrection>;
  /** The name the correction's import run shows in the registry's import list, e.g. `grievance K7QM-3HXA-PW9C`. */
  fileName: string;
  /**
   * What the correction answers, e.g. `{ grievance: 'K7QM-3HXA-PW9C' }`: it goes into the import
   * run's content hash and into the audit entry, so the correction can be traced back to it.
   */
  cause: Record<string, string>;
  actor: Actor;
  at: Date;
}

/**
 * Why the registry refuses a correction (docs/adr/0009-one-failure-model.md): a value the persons
 * file would refuse (not text, or the file's reason), one that changes nothing, or a date of birth
 * that would give the person the key another person holds (`otherPersonId`, whom the civil
 * registry must reconcile first). Words: src/messages/<lang>/bono-grievances.ts, the one feature
 * that corrects persons today.
 */
export type PersonCorrectionFailure =
  | { readonly code: 'correction_invalid'; readonly field: keyof PersonCorrection }
  | { readonly code: 'correction_invalid'; readonly reason: string }
  | { readonly code: 'correction_changes_nothing' }
  | {
      readonly code: 'correction_key_taken';
      readonly otherPersonId: string;
      readonly ciNumber: string;
      readonly complemento: string;
      readonly dateOfBirth: IsoDate;
    };

export interface PersonCorrectionResult {
  /** The import run of kind `person-correction` the change is recorded under. */
  importId: bigint;
  /** The values that changed, before and after, keyed by column as person_history keys them. */
  before: Partial<PersonValues>;
  after: Partial<PersonValues>;
}

/**
 * Corrects a registered person, in the caller's transaction: refuses values the persons file would
 * refuse (`correction_invalid`), a correction that changes nothing (`correction_changes_nothing`)
 * and a date of birth that would give the person another person's key (`correction_key_taken`);
 * otherwise updates the row, records person_history and the audit entry `person.corrected`. A
 * refusal is returned before anything is written; the caller decides whether its transaction
 * goes on.
 *
 * @example
 *   const r = await correctPerson(tx, { personId: 4711n,
 *     correction: { dateOfBirth: '1985-03-10' }, fileName: 'grievance K7QM-3HXA-PW9C',
 *     cause: { grievance: 'K7QM-3HXA-PW9C' }, actor: 'account:ana', at: new Date() });
 *   if (r.ok) r.value.importId // the correction's import run
 */
export async function correctPerson(
  tx: Sql,
  input: CorrectPersonInput,
): Promise<Result<PersonCorrectionResult, PersonCorrectionFailure>> {
  // Locked until the transaction ends: the values read here are the history's "before".
  const person = await findPersonById(tx, input.personId, { forUpdate: true });
  if (!person) throw new Error(`person ${input.personId} is not in the registry, so it cannot be corrected`);
  const before = valuesOf(person);
  const merged: PersonValues = { ...before };
  for (const [key, column] of Object.entries(PERSON_CORRECTION_COLUMNS) as [
    keyof PersonCorrection,
    keyof PersonValues,
  ][]) {
    const value = input.correction[key];
    if (value === undefined) continue;
    if (key === 'dateOfDeath')
      merged.date_of_death = value === null || value === '' ? null : (value as string);
    else if (typeof value !== 'string') return fail({ code: 'correction_invalid', field: key });
    else (merged as unknown as Record<string, unknown>)[column] = value;
  }
  // The same validation as a line of the persons file, so a correction cannot store what an import would refuse.
  const on = toIsoDateInBolivia(input.at);
  const checked = validatePersonRow({ format: loadIdentityFormat(on), asOf: on }, [
    person.ciNumber,
    person.complemento,
    merged.expedition ?? '',
    merged.given_names,
    merged.first_surname,
    merged.second_surname,
    merged.date_of_birth,
    merged.sex,
    merged.municipality_code,
    merged.residence_country,
    merged.date_of_death ?? '',
  ]);
  if (typeof checked === 'string') return fail({ code: 'correction_invalid', reason: checked });
  const after: PersonValues = {
    expedition: checked[2] === '' ? null : checked[2]!,
    given_names: checked[3]!,
    first_surname: checked[4]!,
    second_surname: checked[5]!,
    date_of_birth: checked[6]!,
    sex: checked[7] as 'F' | 'M',
    municipality_code: checked[8]!,
    residence_country: checked[9]!,
    date_of_death: checked[10] === '' ? null : checked[10]!,
  };
  const changed = (Object.keys(after) as (keyof PersonValues)[]).filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return fail({ code: 'correction_changes_nothing' });
  if (after.date_of_birth !== before.date_of_birth) {
    const holder =
      (
        await findPersonByKey(tx, {
          ciNumber: person.ciNumber,
          complemento: person.complemento,
          dateOfBirth: after.date_of_birth,
        })
      )?.id ?? null;
    if (holder !== null)
      return fail({
        code: 'correction_key_taken',
        otherPersonId: holder.toString(),
        ciNumber: person.ciNumber,
        complemento: person.complemento,
        dateOfBirth: after.date_of_birth,
      });
  }
  const importId = await insertPersonCorrection(tx, {
    personId: input.personId,
    before,
    after,
    fileName: input.fileName,
    contentSha256: createHash('sha256')
      .update(JSON.stringify({ ...input.cause, personId: input.personId.toString(), after }))
      .digest('hex'),
    actor: input.actor,
    at: input.at,
  });
  const pick = (v: PersonValues) =>
    Object.fromEntries(changed.map((k) => [k, v[k]])) as Partial<PersonValues>;
  await appendAudit(tx, {
    at: input.at,
    actor: input.actor,
    action: 'person.corrected',
    entityType: 'person',
    entityId: input.personId,
    before: pick(before),
    after: { ...pick(after), importId, ...input.cause },
  });
  return ok({ importId, before: pick(before), after: pick(after) });
}

/** A person's correctable values, keyed by column as person_history stores them. */
function valuesOf(p: RegistryPerson): PersonValues {
  return {
    expedition: p.expedition,
    given_names: p.givenNames,
    first_surname: p.firstSurname,
    second_surname: p.secondSurname,
    date_of_birth: p.dateOfBirth,
    sex: p.sex,
    municipality_code: p.municipalityCode,
    residence_country: p.residenceCountry,
    date_of_death: p.dateOfDeath,
  };
}
