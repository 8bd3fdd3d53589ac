import type { Sql } from '../../db/database.ts';
import { loadIdentityFormat } from '../identity.ts';
import { PERSON_FILE_HEADER, PERSON_STAGE_COLUMNS, validatePersonRow } from '../person-file.ts';
import type { ImportSpec, MergeCounts } from './import.types.ts';

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
const ROW_AS_CSV = `concat_ws(',', ${[
  'ci_number',
  'complemento',
  'expedition',
  'given_names',
  'first_surname',
  'second_surname',
  'date_of_birth',
  'sex',
  'municipality_code',
  'residence_country',
  'date_of_death',
]
  .map((c) => `coalesce(s.${c}::text, '')`)
  .join(', ')})`;

/**
 * Import spec for the persons file. New keys are inserted; known keys whose values differ are
 * updated with their old and new values kept in `person_history`; identical rows change nothing.
 * Two lines with the same key in one file: the first is taken, the others are rejected.
 *
 * @example await runImport(db, personImportSpec('2026-11-29'), options)
 */
export function personImportSpec(asOf: string): ImportSpec {
  const ctx = { format: loadIdentityFormat(asOf), asOf };
  const cols = PERSON_STAGE_COLUMNS.join(', ');
  return {
    kind: 'persons',
    header: PERSON_FILE_HEADER,
    tables: ['person', 'person_history'],
    stageColumns: PERSON_STAGE_COLUMNS.map((name) => ({ name, sqlType: STAGE_TYPES[name] })),
    validate: (fields) => validatePersonRow(ctx, fields),
    direct: {
      isEmpty: async (tx) => (await tx.query('SELECT 1 FROM person LIMIT 1')).length === 0,
      // Empty CSV fields load as NULL, so the NOT NULL text columns take FORCE_NOT_NULL.
      copySql: `COPY person (${cols}, created_import_id, updated_import_id) FROM STDIN WITH (FORMAT csv,
        FORCE_NOT_NULL (complemento, first_surname, second_surname))`,
      rowSuffix: (importId) => `,${importId},${importId}`,
      // Into an empty table, building the two indexes after the load (one sorted pass each) is
      // far cheaper than maintaining them row by row: once the natural-key index outgrows the
      // buffer cache, random-order inserts slow COPY several-fold (measured: 11.7 M rows on
      // PGlite went from ~8 s per million to ~30 s). A repeated key makes the unique index
      // build fail, and the runner then redoes the import staged so the repeat is reported.
      beforeLoad: 'ALTER TABLE person DROP CONSTRAINT person_pkey; DROP INDEX person_natural_key',
      afterLoad: `ALTER TABLE person ADD CONSTRAINT person_pkey PRIMARY KEY (id);
        CREATE UNIQUE INDEX person_natural_key ON person (ci_number, complemento, date_of_birth)`,
    },
    merge: mergePersons,
  };
}

async function mergePersons(tx: Sql, importId: bigint): Promise<MergeCounts> {
  // 1. Lines repeating a key already seen earlier in the same file.
  await tx.query(
    `INSERT INTO import_reject (line_number, reason, content)
     SELECT line_number, 'same ci_number, complemento and date_of_birth as line ' || first_line, row_csv
     FROM (SELECT s.line_number, ${ROW_AS_CSV} AS row_csv,
                  min(s.line_number) OVER (PARTITION BY s.ci_number, coalesce(s.complemento, ''), s.date_of_birth) AS first_line
           FROM import_stage s) d
     WHERE line_number <> first_line`,
  );
  await tx.query('DELETE FROM import_stage s USING import_reject r WHERE s.line_number = r.line_number');

  // 2. Known persons whose values changed: history first (same snapshot), then the update.
  const mutableDiffers = MUTABLE.map((c) => `p.${c} IS DISTINCT FROM ${staged(c)}`).join(' OR ');
  const jsonOf = (alias: 'p' | 's') =>
    `jsonb_build_object(${MUTABLE.map((c) => `'${c}', ${alias === 'p' ? `p.${c}` : staged(c)}`).join(', ')})`;
  const [upd] = await tx.query<{ n: number }>(
    `WITH changed AS (
       SELECT p.id, ${jsonOf('p')} AS old_values, ${jsonOf('s')} AS new_values,
              ${MUTABLE.map((c) => `${staged(c)} AS new_${c}`).join(', ')}
       FROM import_stage s
       JOIN person p ON p.ci_number = s.ci_number AND p.complemento = coalesce(s.complemento, '')
                    AND p.date_of_birth = s.date_of_birth
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

  // 3. New persons. The staging table no longer has repeated keys, so nothing can conflict.
  const [ins] = await tx.query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO person (${PERSON_STAGE_COLUMNS.join(', ')}, created_import_id, updated_import_id)
       SELECT ${PERSON_STAGE_COLUMNS.map(staged).join(', ')}, $1, $1
       FROM import_stage s
       WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.ci_number = s.ci_number
                           AND p.complemento = coalesce(s.complemento, '') AND p.date_of_birth = s.date_of_birth)
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM inserted`,
    [importId],
  );
  const [total] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM import_stage');
  const inserted = ins!.n;
  const updated = upd!.n;
  return { inserted, updated, unchanged: total!.n - inserted - updated };
}
