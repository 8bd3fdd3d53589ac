import type { Sql } from '../db/database.ts';
import { SOURCE_LISTS } from '../registry/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { BoundProgramme } from './bind.ts';
import { compilePreview, compileSelect, type PreviewOptions, type SelectOptions } from './compile-sql.ts';
import { RulesError } from './errors.ts';
import type { Scalar, Value } from './expr.ts';
import type { Facts } from './facts.ts';

/**
 * The rules engine's only contact with the database: reading a person's facts for the in-memory
 * back end, and running compiled SQL for population previews and lists.
 */

export interface PersonKey {
  ciNumber: string;
  complemento: string;
  dateOfBirth: IsoDate;
}

interface PersonRow {
  id: bigint;
  ci_number: string;
  complemento: string;
  date_of_birth: string;
  sex: string;
  municipality_code: string;
  department_code: number;
  residence_country: string;
  date_of_death: string | null;
}

const PERSON_COLUMNS =
  'id, ci_number, complemento, date_of_birth, sex, municipality_code::text AS municipality_code, department_code::int AS department_code, residence_country::text AS residence_country, date_of_death';

function attributesOf(p: PersonRow): Record<string, Value> {
  return {
    ci_number: p.ci_number,
    complemento: p.complemento,
    date_of_birth: p.date_of_birth,
    sex: p.sex,
    municipality_code: p.municipality_code,
    department_code: p.department_code,
    residence_country: p.residence_country,
    date_of_death: p.date_of_death,
  };
}

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
  const [p] = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM person WHERE ci_number = $1 AND complemento = $2 AND date_of_birth = $3`,
    [key.ciNumber, key.complemento, key.dateOfBirth],
  );
  if (!p) {
    const [others] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM person WHERE ci_number = $1',
      [key.ciNumber],
    );
    const complemento = key.complemento === '' ? 'no complemento' : `complemento ${key.complemento}`;
    const hint =
      others && others.n > 0
        ? ` ${others.n} person(s) with CI ${key.ciNumber} have another complemento or date of birth: check both (persons who share a CI number are told apart by the complemento, e.g. 1A).`
        : ` Nobody has CI ${key.ciNumber}: check the number, and that the registry was imported (ayni registry status).`;
    throw new RulesError(
      'person_not_found',
      `No person with CI ${key.ciNumber}, ${complemento}, born ${key.dateOfBirth} is in the registry.${hint}`,
      { ...key },
    );
  }
  // Every list in one round trip: this runs on each citizen look-up and each grievance.
  const [row] = await db.query<Record<string, Record<string, Scalar> | null>>(
    `SELECT ${SOURCE_LISTS.map(
      (list, i) =>
        `(SELECT jsonb_build_object(${list.extra.map((c) => `'${c.name}', s.${c.name}`).join(', ')}) FROM ${list.table} s
          WHERE s.person_id = $1 AND s.import_id = (SELECT import_id FROM source_list_current WHERE list = '${list.name}')) AS l${i}`,
    ).join(',\n')}`,
    [p.id.toString()],
  );
  const lists: Record<string, Record<string, Scalar>> = {};
  SOURCE_LISTS.forEach((list, i) => {
    const values = row?.[`l${i}`];
    if (values) lists[list.name] = values;
  });
  return { personId: p.id, facts: { attributes: { ...attributesOf(p), ...extra }, lists } };
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
    const persons = await db.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM person WHERE id > $1 ORDER BY id LIMIT ${batchSize}`,
      [after.toString()],
    );
    if (persons.length === 0) return;
    const first = persons[0]!.id;
    const last = persons[persons.length - 1]!.id;
    // Every person's lists object has every list as a key, in the same order, so all have one
    // hidden class and a simulation's property reads stay monomorphic.
    const byId = new Map<bigint, Record<string, Record<string, Scalar> | undefined>>();
    for (const list of SOURCE_LISTS) {
      const columns = list.extra.map((c) => `, s.${c.name}`).join('');
      const rows = await db.query<{ person_id: bigint } & Record<string, Scalar>>(
        `SELECT s.person_id${columns} FROM ${list.table} s
         WHERE s.import_id = (SELECT import_id FROM source_list_current WHERE list = $1)
           AND s.person_id BETWEEN $2 AND $3`,
        [list.name, first.toString(), last.toString()],
      );
      for (const { person_id, ...values } of rows) {
        let lists = byId.get(person_id);
        if (!lists) {
          lists = { ...NO_MEMBERSHIPS };
          byId.set(person_id, lists);
        }
        lists[list.name] = values;
      }
    }
    yield {
      ids: persons.map((p) => p.id),
      facts: persons.map((p) => ({
        attributes: { ...attributesOf(p), ...extra },
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
