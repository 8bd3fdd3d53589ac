import type { Sql } from '../db/database.ts';
import { type ListFlags, SOURCE_LISTS, type SourceListDefinition } from './source-lists.ts';

/**
 * The source lists in force on the person's row (migration 0065, ADR 0017): `source_list_flags`,
 * a bit per list or per value of its coded column (`flags` of each list in ./source-lists.ts), and
 * the date columns a list keeps there (`afp_last_contribution_period`). A list's import rewrites
 * its own bits in its transaction (`refreshListFlags`), a merge or an unmerge the two persons'
 * (`refreshPersonsListFlags`); `listFlagsDrift` counts the persons whose row disagrees with the
 * snapshots in force (none, unless a bug).
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The integer of a bit, checked: bit 31 would be the sign. */
function bitValue(bit: number): number {
  if (!Number.isInteger(bit) || bit < 0 || bit > 30) throw new Error(`bad flag bit ${bit}`);
  return 2 ** bit;
}

/**
 * Every bit of a list, as one integer.
 *
 * @example listFlagMask(SOURCE_LIST_BY_NAME.get('disability')!.flags) // 60
 */
export function listFlagMask(flags: ListFlags): number {
  if ('bit' in flags) return bitValue(flags.bit);
  return Object.values(flags.bits).reduce((m, b) => m | bitValue(b), 0);
}

/** A literal of a coded column's value, by the column's SQL type. */
function valueLiteral(list: SourceListDefinition, column: string, value: string): string {
  const sqlType = list.extra.find((c) => c.name === column)?.sqlType;
  if (sqlType === undefined || !IDENTIFIER.test(column))
    throw new Error(`${list.name} has no column ${column}`);
  if (sqlType === 'text') return `'${value.replace(/'/g, "''")}'`;
  if (!/^-?\d+$/.test(value)) throw new Error(`${list.name}.${column}: ${value} is not a number`);
  return value;
}

/**
 * The SQL of a list row's bits, over the row aliased `alias` (0 when the row is absent, as in an
 * outer join).
 *
 * @example listRowBits(list, 'n') // "CASE WHEN n.person_id IS NULL THEN 0 ELSE 1 END"
 */
export function listRowBits(list: SourceListDefinition, alias: string): string {
  const f = list.flags;
  if ('bit' in f) return `CASE WHEN ${alias}.person_id IS NULL THEN 0 ELSE ${bitValue(f.bit)} END`;
  const whens = Object.entries(f.bits)
    .map(([v, b]) => `WHEN ${valueLiteral(list, f.column, v)} THEN ${bitValue(b)}`)
    .join(' ');
  return `CASE ${alias}.${f.column} ${whens} ELSE 0 END`;
}

/** The person's date columns the lists keep, each with the list and its column. */
function dateColumns(): { list: SourceListDefinition; column: string; personColumn: string }[] {
  return SOURCE_LISTS.flatMap((l) => (l.flags.date ? [{ list: l, ...l.flags.date }] : [])).map((d) => {
    if (!IDENTIFIER.test(d.column) || !IDENTIFIER.test(d.personColumn))
      throw new Error(`bad date column of ${d.list.name}`);
    return d;
  });
}

/**
 * Rewrites one list's bits (and its date column) on the rows of the persons of either snapshot:
 * the new snapshot `importId`'s members get theirs, the previous snapshot's members who left lose
 * them; rows already right are not written (a list imported again unchanged writes nothing).
 * Inside the import's transaction, before the new snapshot is made the one in force: a failure
 * later in the import rolls these writes back with the rest. Returns the persons written.
 *
 * @example await refreshListFlags(tx, list, importId, previousId) // 1204
 */
export async function refreshListFlags(
  tx: Sql,
  list: SourceListDefinition,
  importId: bigint,
  previousId: bigint,
): Promise<number> {
  const mask = listFlagMask(list.flags);
  const date = list.flags.date;
  if (!IDENTIFIER.test(list.table)) throw new Error(`bad table ${list.table}`);
  if (date && (!IDENTIFIER.test(date.column) || !IDENTIFIER.test(date.personColumn)))
    throw new Error(`bad date column of ${list.name}`);
  const rows = await tx.query<{ n: string }>(
    `WITH x AS (
       SELECT coalesce(n.person_id, o.person_id) AS person_id, ${listRowBits(list, 'n')} AS bits${
         date ? `, n.${date.column} AS d` : ''
       }
       FROM (SELECT * FROM ${list.table} WHERE import_id = $1) n
       FULL JOIN (SELECT person_id FROM ${list.table} WHERE import_id = $2) o ON o.person_id = n.person_id
     ), written AS (
       UPDATE person p SET source_list_flags = (p.source_list_flags & ~${mask}) | x.bits${
         date ? `, ${date.personColumn} = x.d` : ''
       }
       FROM x
       WHERE p.id = x.person_id
         AND ((p.source_list_flags & ${mask}) <> x.bits${date ? ` OR p.${date.personColumn} IS DISTINCT FROM x.d` : ''})
       RETURNING 1
     )
     SELECT count(*)::text AS n FROM written`,
    [String(importId), String(previousId)],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Every person's bits and dates from the snapshots in force, as `person_id, flags, <date columns>`. */
function flagsInForce(personFilter: string): string {
  const dates = dateColumns();
  const parts = SOURCE_LISTS.map((l) => {
    if (!IDENTIFIER.test(l.table)) throw new Error(`bad table ${l.table}`);
    const ds = dates.map((d) => (d.list === l ? `s.${d.column}` : 'NULL::date'));
    return `SELECT s.person_id, ${listRowBits(l, 's')} AS b${ds.map((d, i) => `, ${d} AS d${i}`).join('')}
       FROM ${l.table} s JOIN source_list_current c ON c.list = '${l.name.replace(/'/g, "''")}' AND c.import_id = s.import_id
       WHERE ${personFilter.replace(/\bID\b/g, 's.person_id')}`;
  });
  return `SELECT person_id, bit_or(b) AS flags${dates.map((_, i) => `, max(d${i}) AS d${i}`).join('')}
     FROM (${parts.join('\n       UNION ALL ')}) m GROUP BY person_id`;
}

/**
 * Rewrites every bit and date of these persons from the snapshots in force: after a merge or an
 * unmerge moved their rows of the lists, in its transaction. Returns the persons written.
 *
 * @example await refreshPersonsListFlags(tx, [12n, 40n]) // 2
 */
export async function refreshPersonsListFlags(tx: Sql, ids: readonly bigint[]): Promise<number> {
  const dates = dateColumns();
  const rows = await tx.query<{ n: string }>(
    `WITH f AS (${flagsInForce('ID = ANY($1::bigint[])')}),
     written AS (
       UPDATE person p SET source_list_flags = coalesce(r.flags, 0)${dates
         .map((d, i) => `, ${d.personColumn} = r.d${i}`)
         .join('')}
       FROM (SELECT i.id, f.* FROM unnest($1::bigint[]) i (id) LEFT JOIN f ON f.person_id = i.id) r
       WHERE p.id = r.id
       RETURNING 1
     )
     SELECT count(*)::text AS n FROM written`,
    [ids.map(String)],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * How many persons' rows disagree with the snapshots in force (their bits or dates): 0 unless a
 * write of a list or a merge forgot them. A whole scan of person and the lists.
 *
 * @example await listFlagsDrift(db) // 0
 */
export async function listFlagsDrift(db: Sql): Promise<number> {
  const dates = dateColumns();
  const [row] = await db.query<{ n: string }>(
    `WITH f AS (${flagsInForce('TRUE')})
     SELECT count(*)::text AS n
     FROM person p LEFT JOIN f ON f.person_id = p.id
     WHERE p.source_list_flags <> coalesce(f.flags, 0)${dates
       .map((d, i) => ` OR p.${d.personColumn} IS DISTINCT FROM f.d${i}`)
       .join('')}`,
  );
  return Number(row?.n ?? 0);
}
