import type { Sql } from '../../db/database.ts';
import { PERSON_STAGE_COLUMNS } from '../person-file.ts';
import type { StageColumn } from './import.types.ts';
import { STAGED_PERSON_KEY_MATCH, stagedRowAsCsv } from './import-stage.repository.ts';

/**
 * The persons file's SQL: its staging columns, the direct load into an empty `person` table, and
 * the set-based merge of a staged file into `person` and `person_history`.
 * The import's plan is ./person.import.ts.
 */

const STAGE_TYPES: Record<(typeof PERSON_STAGE_COLUMNS)[number], string> = {
  ci_number: 'text',
  complemento: 'text',
  expedition: 'text',
  given_names: 'text',
  first_surname: 'text',
  second_surname: 'text',
  date_of_birth: 'date',
  sex: 'text',
  municipality_code: 'text',
  residence_country: 'text',
  date_of_death: 'date',
};

/** The persons file's columns as `import_stage` types them. */
export const PERSON_IMPORT_STAGE_COLUMNS: readonly StageColumn[] = PERSON_STAGE_COLUMNS.map((name) => ({
  name,
  sqlType: STAGE_TYPES[name],
}));

/** The tables a persons import writes. */
export const PERSON_IMPORT_TABLES: readonly string[] = ['person', 'person_history'];

/** Columns an update file may change (everything but the natural key). */
const MUTABLE = [
  'expedition',
  'given_names',
  'first_surname',
  'second_surname',
  'sex',
  'municipality_code',
  'residence_country',
  'date_of_death',
] as const;

/** How each staged column becomes a person column (CSV loads '' as NULL). */
const STAGED_VALUE: Record<string, string> = {
  complemento: "coalesce(s.complemento, '')",
  first_surname: "coalesce(s.first_surname, '')",
  second_surname: "coalesce(s.second_surname, '')",
};
const staged = (c: string) => STAGED_VALUE[c] ?? `s.${c}`;

/** The staged row rebuilt as a CSV line, for the rejects file (NULLs shown as empty fields). */
const ROW_AS_CSV = stagedRowAsCsv(PERSON_STAGE_COLUMNS);

/**
 * Whether the registry holds no person yet (then the file is loaded directly).
 *
 * @example if (await personTableIsEmpty(tx)) await dropPersonIndexes(tx);
 */
export async function personTableIsEmpty(tx: Sql): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM person LIMIT 1')).length === 0;
}

/**
 * What each directly loaded row ends with after the file's columns: the import that created it
 * and the one that last updated it, both this one.
 *
 * @example directPersonRowSuffix(7n) // ',7,7'
 */
export function directPersonRowSuffix(importId: bigint): string {
  return `,${importId},${importId}`;
}

/**
 * COPYs validated person rows (each ending with `directPersonRowSuffix`) straight into `person`.
 *
 * @example await copyIntoPersonTable(tx, rows());
 */
export async function copyIntoPersonTable(tx: Sql, rows: AsyncIterable<Buffer>): Promise<void> {
  // Empty CSV fields load as NULL, so the NOT NULL text columns take FORCE_NOT_NULL.
  await tx.copyFrom(
    `COPY person (${PERSON_STAGE_COLUMNS.join(', ')}, created_import_id, updated_import_id) FROM STDIN WITH (FORMAT csv,
        FORCE_NOT_NULL (complemento, first_surname, second_surname))`,
    rows,
  );
}

/**
 * Drops `person`'s primary key and natural-key index, in one round trip, before a direct load.
 *
 * @example await dropPersonIndexes(tx);
 */
export async function dropPersonIndexes(tx: Sql): Promise<void> {
  await tx.exec('ALTER TABLE person DROP CONSTRAINT person_pkey; DROP INDEX person_natural_key');
}

/**
 * Builds `person`'s primary key and natural-key index again, in one round trip, after a direct
 * load; a repeated key fails with a unique violation.
 *
 * @example await rebuildPersonIndexes(tx);
 */
export async function rebuildPersonIndexes(tx: Sql): Promise<void> {
  await tx.exec(`ALTER TABLE person ADD CONSTRAINT person_pkey PRIMARY KEY (id);
        CREATE UNIQUE INDEX person_natural_key ON person (ci_number, complemento, date_of_birth)`);
}

/**
 * Refuses the staged lines that repeat a key seen earlier in the same file (into `import_reject`,
 * naming the first line).
 *
 * @example await rejectRepeatedPersonKeys(tx);
 */
export async function rejectRepeatedPersonKeys(tx: Sql): Promise<void> {
  await tx.query(
    `INSERT INTO import_reject (line_number, reason, content)
     SELECT line_number, 'same ci_number, complemento and date_of_birth as line ' || first_line, row_csv
     FROM (SELECT s.line_number, ${ROW_AS_CSV} AS row_csv,
                  min(s.line_number) OVER (PARTITION BY s.ci_number, coalesce(s.complemento, ''), s.date_of_birth) AS first_line
           FROM import_stage s) d
     WHERE line_number <> first_line`,
  );
}

/**
 * Updates the known persons whose staged values differ, keeping their old and new values in
 * `person_history` (same snapshot, one statement); returns how many were updated.
 *
 * @example const updated = await updateChangedPersons(tx, importId);
 */
export async function updateChangedPersons(tx: Sql, importId: bigint): Promise<number> {
  const mutableDiffers = MUTABLE.map((c) => `p.${c} IS DISTINCT FROM ${staged(c)}`).join(' OR ');
  const jsonOf = (alias: 'p' | 's') =>
    `jsonb_build_object(${MUTABLE.map((c) => `'${c}', ${alias === 'p' ? `p.${c}` : staged(c)}`).join(', ')})`;
  const [upd] = await tx.query<{ n: number }>(
    `WITH changed AS (
       SELECT p.id, ${jsonOf('p')} AS old_values, ${jsonOf('s')} AS new_values,
              ${MUTABLE.map((c) => `${staged(c)} AS new_${c}`).join(', ')}
       FROM import_stage s
       JOIN person p ON ${STAGED_PERSON_KEY_MATCH}
       WHERE ${mutableDiffers}
     ), history AS (
       INSERT INTO person_history (person_id, import_id, old_values, new_values)
       SELECT id, $1, old_values, new_values FROM changed
     ), updated AS (
       UPDATE person p SET ${MUTABLE.map((c) => `${c} = c.new_${c}`).join(', ')}, updated_import_id = $1
       FROM changed c WHERE p.id = c.id
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM updated`,
    [importId],
  );
  return upd!.n;
}

/**
 * Inserts the staged persons the registry does not know; returns how many. The staging table
 * must hold no repeated key by then, so nothing can conflict.
 *
 * @example const inserted = await insertNewPersons(tx, importId);
 */
export async function insertNewPersons(tx: Sql, importId: bigint): Promise<number> {
  const [ins] = await tx.query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO person (${PERSON_STAGE_COLUMNS.join(', ')}, created_import_id, updated_import_id)
       SELECT ${PERSON_STAGE_COLUMNS.map(staged).join(', ')}, $1, $1
       FROM import_stage s
       WHERE NOT EXISTS (SELECT 1 FROM person p WHERE ${STAGED_PERSON_KEY_MATCH})
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM inserted`,
    [importId],
  );
  return ins!.n;
}
