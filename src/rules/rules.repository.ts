import type { Sql } from '../db/database.ts';
import {
  countPersonsWithCi,
  findPersonByKey,
  listsOfPerson,
  listValuesBetween,
  listValuesByName,
  type PersonKey,
  personsAfter,
  SOURCE_LISTS,
} from '../registry/index.ts';
import type { BoundProgramme } from './bind.ts';
import { compilePreview, compileSelect, type PreviewOptions, type SelectOptions } from './compile-sql.ts';
import { RulesError } from './errors.ts';
import type { Scalar, Value } from './expr.ts';
import type { Facts } from './facts.ts';
import { personAttributes, personFacts } from './person-facts.ts';

/**
 * The rules engine's only contact with the database: reading a person's facts for the in-memory
 * back end (through the registry's person and list-membership functions), and running compiled SQL
 * for population previews and lists.
 */

/** How the rules name a person: the registry's CI number, complemento and date of birth. */
export type { PersonKey };

/**
 * A person's registry facts and their rows on every source list in force. `extra` adds facts the
 * registry does not hold (a vaccination's doses). Throws `person_not_found` with what to check.
 *
 * @example const { facts } = await loadPersonFacts(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' })
 */
export async function loadPersonFacts(
  db: Sql,
  key: PersonKey,
  extra: Readonly<Record<string, Value>> = {},
): Promise<{ personId: bigint; facts: Facts }> {
  const p = await findPersonByKey(db, key);
  if (!p) {
    const others = await countPersonsWithCi(db, key.ciNumber);
    const complemento = key.complemento === '' ? 'no complemento' : `complemento ${key.complemento}`;
    const hint =
      others > 0
        ? ` ${others} person(s) with CI ${key.ciNumber} have another complemento or date of birth: check both (persons who share a CI number are told apart by the complemento, e.g. 1A).`
        : ` Nobody has CI ${key.ciNumber}: check the number, and that the registry was imported (ayni registry status).`;
    throw new RulesError(
      'person_not_found',
      `No person with CI ${key.ciNumber}, ${complemento}, born ${key.dateOfBirth} is in the registry.${hint}`,
      { ...key },
    );
  }
  // Every list in one round trip: this runs on each citizen look-up and each grievance.
  const lists = listValuesByName(await listsOfPerson(db, p.id));
  return { personId: p.id, facts: personFacts(p, lists, extra) };
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
 * Runs a preview: counts by department and band, nothing materialised.
 *
 * @example await runPreview(db, bound, { where: 'bono_eligible', measures: ['bono_eligible'], band: 'bono_collection_window' })
 */
export async function runPreview(
  db: Sql,
  bound: BoundProgramme,
  opts: PreviewOptions,
): Promise<PreviewRow[]> {
  const rows = await db.query<Record<string, unknown>>(compilePreview(bound, opts, SOURCE_LISTS));
  return rows.map((r) => ({
    departmentCode: r['department_code'] as number,
    band: (r['band'] as string | null) ?? null,
    counts: Object.fromEntries(opts.measures.map((m) => [m, r[m] as bigint])),
  }));
}

const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Materialises a list: `CREATE [TEMP] TABLE <table> AS SELECT person_id, <columns> …` from the
 * compiled query, and returns how many rows it holds. The caller owns the table (a payment round
 * freezes it, a benchmark drops it).
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
