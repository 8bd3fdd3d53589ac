import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';

/**
 * The only code that writes a correction to a registered person outside a file import: the person
 * row, its person_history row and the import run both hang from (kind `person-correction`). The
 * service in person-correction.ts decides; this file only moves rows (the person is read through
 * person.repository.ts, the registry's one person-row mapper).
 */

/**
 * The columns a correction may change, as stored, keyed by column name. person_history keeps these
 * before and after, keyed the same way: replayRound restores a frozen round's registry from them.
 */
export interface PersonValues {
  expedition: string | null;
  given_names: string;
  first_surname: string;
  second_surname: string;
  date_of_birth: IsoDate;
  sex: 'F' | 'M';
  municipality_code: string;
  residence_country: string;
  date_of_death: IsoDate | null;
}

/**
 * Applies a correction: an import run of kind `person-correction` (person_history requires the run
 * that changed a person, and the registry's import list then shows corrections next to file
 * imports), the history row with every correctable value before and after, and the update.
 * Returns the run's id.
 *
 * @example const importId = await insertPersonCorrection(tx, { personId: 4711n, before, after,
 *   fileName: 'grievance K7QM-3HXA-PW9C', contentSha256, actor: 'account:ana', at: new Date() });
 */
export async function insertPersonCorrection(
  tx: Sql,
  c: {
    personId: bigint;
    before: PersonValues;
    after: PersonValues;
    fileName: string;
    contentSha256: string;
    actor: string;
    at: Date;
  },
): Promise<bigint> {
  const [run] = await tx.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, actor, started_at, finished_at, status, rows_read,
       rows_accepted, rows_rejected, rows_inserted, rows_updated, rows_unchanged, rows_removed)
     VALUES ('person-correction', $1, $2, $3, $4, $4, 'completed', 1, 1, 0, 0, 1, 0, 0) RETURNING id`,
    [c.fileName, c.contentSha256, c.actor, c.at],
  );
  const importId = run!.id;
  await tx.query(
    `INSERT INTO person_history (person_id, import_id, changed_at, old_values, new_values) VALUES ($1, $2, $3, $4, $5)`,
    [c.personId.toString(), importId.toString(), c.at, JSON.stringify(c.before), JSON.stringify(c.after)],
  );
  const a = c.after;
  await tx.query(
    `UPDATE person SET expedition = $2, given_names = $3, first_surname = $4, second_surname = $5, date_of_birth = $6,
       sex = $7, municipality_code = $8, residence_country = $9, date_of_death = $10, updated_import_id = $11
     WHERE id = $1`,
    [
      c.personId.toString(),
      a.expedition,
      a.given_names,
      a.first_surname,
      a.second_surname,
      a.date_of_birth,
      a.sex,
      a.municipality_code,
      a.residence_country,
      a.date_of_death,
      importId.toString(),
    ],
  );
  return importId;
}
