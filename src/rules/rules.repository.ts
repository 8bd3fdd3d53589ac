import type { Sql } from '../db/database.ts';
import {
  findPersonByKey,
  listsOfPerson,
  listValuesBetween,
  listValuesByName,
  type PersonKey,
  personsAfter,
  SOURCE_LISTS,
} from '../registry/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { BoundProgramme } from './bind.ts';
import { compilePreviewTally } from './compile-js.ts';
import { compileSelect, type PreviewOptions, type SelectOptions, tryCompilePreview } from './compile-sql.ts';
import type { Scalar, Value } from './expr.ts';
import type { Facts } from './facts.ts';
import { personAttributes, personFacts } from './person-facts.ts';
import type { NotCompilableToSql, PersonNotFound } from './rules.failures.ts';

/**
 * The rules engine's only contact with the database: reading a person's facts for the in-memory
 * back end (through the registry's person and list-membership functions), and running compiled SQL
 * for population previews and lists.
 */

/** How the rules name a person: the registry's CI number, complemento and date of birth. */
export type { PersonKey };

/**
 * A person's registry facts and their rows on every source list in force, or `person_not_found`.
 * `extra` adds facts the registry does not hold (a vaccination's doses).
 *
 * @example const found = await findPersonFacts(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' }); if (found.ok) found.value.facts
 */
export async function findPersonFacts(
  db: Sql,
  key: PersonKey,
  extra: Readonly<Record<string, Value>> = {},
): Promise<Result<{ personId: bigint; facts: Facts }, PersonNotFound>> {
  const p = await findPersonByKey(db, key);
  if (!p) return fail({ code: 'person_not_found' });
  // Every list in one round trip: this runs on each citizen look-up and each grievance.
  const lists = listValuesByName(await listsOfPerson(db, p.id));
  return ok({ personId: p.id, facts: personFacts(p, lists, extra) });
}

/**
 * `findPersonFacts` for a person the caller read from the registry (a grievance's): that nobody
 * has the key is its bug, and throws. A key from outside goes through `findPersonFacts`.
 *
 * @example const { facts } = await loadPersonFacts(db, { ciNumber: person.ciNumber, complemento: person.complemento, dateOfBirth: person.dateOfBirth })
 */
export async function loadPersonFacts(
  db: Sql,
  key: PersonKey,
  extra: Readonly<Record<string, Value>> = {},
): Promise<{ personId: bigint; facts: Facts }> {
  const found = await findPersonFacts(db, key, extra);
  if (!found.ok) throw new Error('loadPersonFacts: the registry holds nobody with this key');
  return found.value;
}

/**
 * Persons and their current source-list rows in id order, `batchSize` at a time, for in-memory
 * simulations over the whole registry in bounded memory.
 *
 * @example for await (const batch of streamPersonFacts(db, 100_000)) simulate(batch)
 */
export async function* streamPersonFacts(
  db: Sql,
  batchSize: number,
  extra: Readonly<Record<string, Value>> = {},
): AsyncGenerator<{ ids: bigint[]; facts: Facts[] }> {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000_000)
    throw new Error(`batchSize must be 1 to 1,000,000, got ${batchSize}`);
  let after = 0n;
  for (;;) {
    const persons = await personsAfter(db, after, batchSize);
    if (persons.length === 0) return;
    const first = persons[0]!.id;
    const last = persons[persons.length - 1]!.id;
    // Every person's lists object has every list as a key, in the same order, so all have one
    // hidden class and a simulation's property reads stay monomorphic.
    const byId = new Map<bigint, Record<string, Record<string, Scalar> | undefined>>();
    for (const list of SOURCE_LISTS) {
      for (const { personId, values } of await listValuesBetween(db, list, first, last)) {
        let lists = byId.get(personId);
        if (!lists) {
          lists = { ...NO_MEMBERSHIPS };
          byId.set(personId, lists);
        }
        lists[list.name] = values;
      }
    }
    yield {
      ids: persons.map((p) => p.id),
      facts: persons.map((p) => ({
        attributes: { ...personAttributes(p), ...extra },
        lists: byId.get(p.id) ?? { ...NO_MEMBERSHIPS },
      })),
    };
    after = last;
  }
}

const NO_MEMBERSHIPS: Readonly<Record<string, undefined>> = Object.fromEntries(
  SOURCE_LISTS.map((l) => [l.name, undefined]),
);

export interface PreviewRow {
  departmentCode: number;
  band: string | null;
  counts: Record<string, bigint>;
}

/**
 * Runs a preview: counts by department and band, nothing materialised; or `not_compilable_to_sql`
 * when the preview reads what only the in-memory back end evaluates.
 *
 * @example await runPreview(db, bound, { where: 'bono_eligible', measures: ['bono_eligible'], band: 'bono_collection_window' }) // { ok: true, value: [{ departmentCode: 2, band: '30-39', counts: { … } }, …] }
 */
export async function runPreview(
  db: Sql,
  bound: BoundProgramme,
  opts: PreviewOptions,
): Promise<Result<PreviewRow[], NotCompilableToSql>> {
  const sql = tryCompilePreview(bound, opts, SOURCE_LISTS);
  if (!sql.ok) return sql;
  const rows = await db.query<Record<string, unknown>>(sql.value);
  return ok(
    rows.map((r) => ({
      departmentCode: r['department_code'] as number,
      band: (r['band'] as string | null) ?? null,
      counts: Object.fromEntries(opts.measures.map((m) => [m, r[m] as bigint])),
    })),
  );
}

/**
 * The same preview as `runPreview`, counted in memory by the generated JavaScript
 * (`compilePreviewTally`) over every person streamed from the registry `batchSize` at a time — what
 * a simulation runs; attributes the registry does not hold take the preview's `assume` values, as
 * in SQL. Rows in `runPreview`'s order (department, then band).
 *
 * @example await previewInMemory(db, bound, PREVIEWS.bono.options) // [{ departmentCode: 1, band: '18-29', counts: { bono_eligible: 1204n, … } }, …]
 */
export async function previewInMemory(
  db: Sql,
  bound: BoundProgramme,
  opts: PreviewOptions,
  batchSize = 100_000,
): Promise<PreviewRow[]> {
  const tally = compilePreviewTally(bound, opts);
  for await (const batch of streamPersonFacts(db, batchSize, opts.assume ?? {}))
    for (const f of batch.facts) tally.add(f);
  return tally
    .cells()
    .map((c) => ({
      departmentCode: c.departmentCode,
      band: c.band,
      counts: Object.fromEntries(opts.measures.map((m, i) => [m, BigInt(c.counts[i]!)])),
    }))
    .sort((x, y) => x.departmentCode - y.departmentCode || compareBands(x.band, y.band));
}

/** SQL's `ORDER BY band` under the C collation, nulls last. */
function compareBands(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Materialises a list: `CREATE [TEMP] TABLE <table> AS SELECT person_id, <columns> …` from the
 * compiled query, and returns how many rows it holds. The caller owns the table (a payment round
 * freezes it, a benchmark drops it) and names variables that compile to SQL (else it throws).
 *
 * @example await materialiseList(db, bound, 'bono_round_1', { where: 'bono_eligible', columns: ['bono_collection_window'] })
 */
export async function materialiseList(
  db: Sql,
  bound: BoundProgramme,
  table: string,
  opts: SelectOptions & { temporary?: boolean },
): Promise<number> {
  if (!TABLE_NAME.test(table)) throw new Error(`bad table name ${table}`);
  await db.exec(
    `CREATE ${opts.temporary ? 'TEMP ' : ''}TABLE ${table} AS ${compileSelect(bound, opts, SOURCE_LISTS)}`,
  );
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return r!.n;
}
