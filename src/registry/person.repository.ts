import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import { SOURCE_LISTS, type SourceListDefinition } from './source-lists.ts';

/**
 * The registry owns `person` and the source lists: this file is the one place that maps a person
 * row and the one query for "the lists a person is on today". Other domains call these functions
 * (through src/registry/index.ts) instead of writing their own SELECT on `person` or the
 * `source_*` tables, so a column added to the registry is mapped once (issue #15 §1).
 */

/** A person as the registry holds them. */
export interface RegistryPerson {
  id: bigint;
  ciNumber: string;
  complemento: string;
  expedition: string | null;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  dateOfBirth: IsoDate;
  sex: 'F' | 'M';
  municipalityCode: string;
  departmentCode: number;
  residenceCountry: string;
  dateOfDeath: IsoDate | null;
}

/** How a person is identified everywhere: CI number, complemento and date of birth. */
export interface PersonKey {
  ciNumber: string;
  complemento: string;
  dateOfBirth: IsoDate;
}

/** A row of `PERSON_COLUMNS`, as the database returns it. */
export interface PersonRow {
  id: bigint;
  ci_number: string;
  complemento: string;
  expedition: string | null;
  given_names: string;
  first_surname: string;
  second_surname: string;
  date_of_birth: string;
  sex: 'F' | 'M';
  municipality_code: string;
  department_code: number;
  residence_country: string;
  date_of_death: string | null;
}

/**
 * The select list of a person, read from `person p` (the alias is fixed so a caller can join it to
 * its own tables without ambiguous names). Dates come back as `YYYY-MM-DD` text (both back ends
 * parse `date` as text); the char(n) and smallint columns are cast so both back ends agree.
 *
 * @example await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM person p WHERE p.id = $1`, [id])
 */
export const PERSON_COLUMNS = `p.id, p.ci_number, p.complemento, p.expedition, p.given_names, p.first_surname,
  p.second_surname, p.date_of_birth, p.sex::text AS sex, p.municipality_code::text AS municipality_code,
  p.department_code::int AS department_code, p.residence_country::text AS residence_country, p.date_of_death`;

/**
 * A person from a row of `PERSON_COLUMNS`.
 *
 * @example const person = personFromRow(row) // { id: 1n, ciNumber: '4567890', … }
 */
export function personFromRow(r: PersonRow): RegistryPerson {
  return {
    id: r.id,
    ciNumber: r.ci_number,
    complemento: r.complemento,
    expedition: r.expedition,
    givenNames: r.given_names,
    firstSurname: r.first_surname,
    secondSurname: r.second_surname,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    municipalityCode: r.municipality_code,
    departmentCode: r.department_code,
    residenceCountry: r.residence_country,
    dateOfDeath: r.date_of_death,
  };
}

/**
 * The person with this CI number, complemento and date of birth, or null.
 *
 * @example await findPersonByKey(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' })
 */
export async function findPersonByKey(db: Sql, key: PersonKey): Promise<RegistryPerson | null> {
  const [r] = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM person p
     WHERE p.ci_number = $1 AND p.complemento = $2 AND p.date_of_birth = $3`,
    [key.ciNumber, key.complemento, key.dateOfBirth],
  );
  return r ? personFromRow(r) : null;
}

/**
 * A person by id, or null; `forUpdate` locks the row until the transaction ends (a correction is
 * under way).
 *
 * @example await findPersonById(tx, 42n, { forUpdate: true })
 */
export async function findPersonById(
  db: Sql,
  id: bigint,
  options: { forUpdate?: boolean } = {},
): Promise<RegistryPerson | null> {
  const [r] = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM person p WHERE p.id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id.toString()],
  );
  return r ? personFromRow(r) : null;
}

/**
 * Persons with this CI number, by complemento then date of birth, at most `limit`: who a triple
 * may have meant when it matched nobody.
 *
 * @example await findPersonsByCi(db, '4567890', 20)
 */
export async function findPersonsByCi(db: Sql, ciNumber: string, limit: number): Promise<RegistryPerson[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new Error(`limit must be 1 to 10,000, got ${limit}`);
  const rows = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM person p WHERE p.ci_number = $1
     ORDER BY p.complemento, p.date_of_birth LIMIT ${limit}`,
    [ciNumber],
  );
  return rows.map(personFromRow);
}

/**
 * How many persons hold this CI number (a hint for an officer whose triple matched nobody).
 *
 * @example await countPersonsWithCi(db, '4567890') // 2
 */
export async function countPersonsWithCi(db: Sql, ciNumber: string): Promise<number> {
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person WHERE ci_number = $1', [
    ciNumber,
  ]);
  return r?.n ?? 0;
}

/**
 * Persons in id order after `afterId`, `limit` at a time: a walk over the whole registry in
 * bounded memory (simulations).
 *
 * @example const batch = await personsAfter(db, 0n, 10_000)
 */
export async function personsAfter(db: Sql, afterId: bigint, limit: number): Promise<RegistryPerson[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000)
    throw new Error(`limit must be 1 to 1,000,000, got ${limit}`);
  const rows = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM person p WHERE p.id > $1 ORDER BY p.id LIMIT ${limit}`,
    [afterId.toString()],
  );
  return rows.map(personFromRow);
}

/** A value of a source list's own column: text and dates as text, small integers as numbers. */
export type ListValue = string | number;

/** A person's row on a source list in force. */
export interface ListMembership {
  /** The list's name in the catalogue (`disability`, `bank-accounts` …). */
  list: string;
  /** The import whose snapshot is in force for this list. */
  importId: bigint;
  /** The person's line in that import's file. */
  lineNumber: bigint;
  /** The list's own columns for this person, by column name (degree, bank, NUA …); {} when it has none. */
  values: Record<string, ListValue>;
}

/** A list's own columns as one jsonb object, read from the list's table aliased `t`. */
function valuesJson(list: SourceListDefinition): string {
  return `jsonb_build_object(${list.extra.map((c) => `'${c.name}', t.${c.name}`).join(', ')})`;
}

/**
 * The single statement of "the lists a person is on today": one branch per list of the catalogue,
 * each reading only the snapshot in force (`source_list_current`), numbered `ord` in catalogue
 * order. `personId` is a SQL expression (a parameter such as `$1`, or a column such as `p.id`).
 */
function membershipRows(personId: string): string {
  // The import in force as an uncorrelated scalar subquery: PostgreSQL computes it once per
  // statement (an InitPlan), and each list is then one primary-key probe (import_id, person_id).
  // A join with source_list_current instead re-read it for every person and list, and let the
  // planner scan a small list by person_id: the citizen's look-up cost 22 % more in PostgreSQL
  // (docs/benchmarks.md, 2026-12-07).
  return SOURCE_LISTS.map(
    (list, i) =>
      `SELECT ${i} AS ord, t.import_id, t.line_number, ${valuesJson(list)} AS list_values
       FROM ${list.table} t
       WHERE t.import_id = (SELECT import_id FROM source_list_current WHERE list = '${list.name}')
         AND t.person_id = ${personId}`,
  ).join('\nUNION ALL\n');
}

/** A membership as `listsOfPersonJson` returns it (and as the one query's rows read). */
export interface MembershipRow {
  ord: number;
  import_id: bigint | string;
  line_number: bigint | string;
  list_values: Record<string, ListValue>;
}

function membershipFromRow(r: MembershipRow): ListMembership {
  return {
    list: SOURCE_LISTS[Number(r.ord)]!.name,
    importId: BigInt(r.import_id),
    lineNumber: BigInt(r.line_number),
    values: r.list_values,
  };
}

const LISTS_OF_PERSON = `${membershipRows('$1')}\nORDER BY ord`;

/**
 * The source lists a person is on in the import in force of each list, in catalogue order, in one
 * statement (this runs on each grievance and each officer's view of a person).
 *
 * @example await listsOfPerson(db, 42n) // [{ list: 'disability', importId: 7n, lineNumber: 12n, values: { degree: 'grave', … } }]
 */
export async function listsOfPerson(db: Sql, personId: bigint): Promise<ListMembership[]> {
  const rows = await db.query<MembershipRow>(LISTS_OF_PERSON, [personId.toString()]);
  return rows.map(membershipFromRow);
}

/**
 * The same memberships as `listsOfPerson`, as one SQL expression (a jsonb array in catalogue
 * order) for a caller that reads a person together with its own tables in one round trip (the
 * citizen's look-up); decode it with `listsOfPersonFromJson`. `personId` is a SQL expression.
 *
 * @example `SELECT ${listsOfPersonJson('p.id')} AS lists FROM person p WHERE …`
 */
export function listsOfPersonJson(personId: string): string {
  return `(SELECT COALESCE(jsonb_agg(jsonb_build_object('ord', m.ord, 'import_id', m.import_id::text,
            'line_number', m.line_number::text, 'list_values', m.list_values) ORDER BY m.ord), '[]'::jsonb)
          FROM (${membershipRows(personId)}) m)`;
}

/**
 * Many persons and their source lists in one statement, by their keys: each row found carries the
 * 1-based position of its key (`i`) and its lists as a `listsOfPersonJson` value; a key nobody has
 * is absent. For callers that gather the keys of requests arriving together (the vaccination
 * desks' person finder).
 *
 * @example const rows = await personsWithListsByKeys(db, [{ ciNumber: '4012345', complemento: '', dateOfBirth: '1960-05-01' }]);
 */
export async function personsWithListsByKeys(
  sql: Sql,
  keys: readonly PersonKey[],
): Promise<(PersonRow & { i: number; lists: MembershipRow[] | null })[]> {
  return sql.query<PersonRow & { i: number; lists: MembershipRow[] | null }>(
    `SELECT k.i::int AS i, ${PERSON_COLUMNS}, ${listsOfPersonJson('p.id')} AS lists
     FROM unnest($1::text[], $2::text[], $3::date[]) WITH ORDINALITY AS k (ci, complemento, born, i)
     JOIN registry_person p
       ON p.ci_number = k.ci AND p.complemento = k.complemento AND p.date_of_birth = k.born`,
    [keys.map((k) => k.ciNumber), keys.map((k) => k.complemento), keys.map((k) => k.dateOfBirth)],
  );
}

/**
 * Memberships from the value of a `listsOfPersonJson` expression.
 *
 * @example listsOfPersonFromJson(row.lists) // [{ list: 'disability', … }]
 */
export function listsOfPersonFromJson(json: readonly MembershipRow[] | null): ListMembership[] {
  return (json ?? []).map(membershipFromRow);
}

/**
 * Each list's values by list name, in catalogue order (lists the person is not on are absent):
 * the shape the rules read a person's lists in.
 *
 * @example listValuesByName(await listsOfPerson(db, 42n)) // { disability: { degree: 'grave', … } }
 */
export function listValuesByName(
  memberships: readonly ListMembership[],
): Record<string, Record<string, ListValue>> {
  const byName: Record<string, Record<string, ListValue>> = {};
  for (const m of memberships) byName[m.list] = m.values;
  return byName;
}

/**
 * The rows of one source list in force for persons whose id lies in [firstId, lastId], with the
 * list's own columns: a batch of a walk over the whole registry.
 *
 * @example await listValuesBetween(db, SOURCE_LIST_BY_NAME.get('disability')!, 1n, 10_000n)
 */
export async function listValuesBetween(
  db: Sql,
  list: SourceListDefinition,
  firstId: bigint,
  lastId: bigint,
): Promise<{ personId: bigint; values: Record<string, ListValue> }[]> {
  const columns = list.extra.map((c) => `, s.${c.name}`).join('');
  const rows = await db.query<{ person_id: bigint } & Record<string, ListValue>>(
    `SELECT s.person_id${columns} FROM ${list.table} s
     WHERE s.import_id = (SELECT import_id FROM source_list_current WHERE list = $1)
       AND s.person_id BETWEEN $2 AND $3`,
    [list.name, firstId.toString(), lastId.toString()],
  );
  return rows.map(({ person_id, ...values }) => ({ personId: person_id, values }));
}
