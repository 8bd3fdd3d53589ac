/**
 * Benchmark: Bono Contra el Hambre eligibility over a whole synthetic country, compiled by the
 * rules engine, against a hand-written SQL query for the same rule in the same run, on the embedded server and
 * on PostgreSQL; and the in-memory evaluation rate of the same rule compiled to closures.
 *
 *   node --import tsx bench/rules-bono.bench.ts [--people 11700000] [--backends embedded,postgres]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres] [--work DIR] [--date 2021-01-05]
 *        [--runs 3] [--keep]
 *
 * For each back end: generate the country once (src/synth, seed 11) and import persons and every
 * source list through the registry importer (reused from an earlier --keep run when it holds the
 * same number of persons), then time, as the median of --runs:
 *   preview        counts by department and age band, nothing stored
 *   list           CREATE TEMP TABLE … AS the eligible persons with window and amount
 * for the engine's compiled SQL and for the hand-written query. Each pair must return the same
 * rows, or the benchmark stops. Then, once, the in-memory rate: persons and their list rows are
 * streamed from the database in batches and only the evaluation is timed.
 * Targets (issue 3): compiled within 2 × hand-written; preview under 3 s on PostgreSQL at 11.7 M;
 * in-memory at least 1 M persons per second.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import {
  personImportSpec,
  runImport,
  SOURCE_LISTS,
  sourceListImportSpec,
  syncGeography,
} from '../src/registry/index.ts';
import {
  bind,
  bono,
  compileBatch,
  compilePreview,
  evaluate,
  materialiseList,
  PREVIEWS,
  streamPersonFacts,
} from '../src/rules/index.ts';
import { imported } from './country.ts';
import { ensureServerDatabase, openBenchDatabase } from './lib/bench-database.ts';

const AS_OF = '2021-03-01';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const people = Number(arg('people', '11700000'));
const backends = arg('backends', 'embedded,postgres').split(',');
const server = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const work = path.resolve(arg('work', path.join(os.tmpdir(), 'ayni-bench')));
const date = arg('date', '2021-01-05');
const runs = Number(arg('runs', '3'));
const keep = flag('keep');

/**
 * The same rule written by hand, as a careful engineer would without the engine: the law's
 * constants typed in, included groups as a UNION semi-join, exclusions as an anti-join.
 * $1 is the evaluation date.
 */
const HAND_FILTER = `
  WITH included AS (
    SELECT person_id FROM source_bono_universal WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'bono-universal')
    UNION SELECT person_id FROM source_juana_azurduy WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'juana-azurduy')
    UNION SELECT person_id FROM source_disability WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'disability') AND degree IN ('grave', 'muy_grave')
    UNION SELECT person_id FROM source_ibc_blind WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'ibc-blind')
    UNION SELECT person_id FROM source_sip_independent WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'sip-independent')
  ), excluded AS (
    SELECT person_id FROM source_afp_dependent WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'afp-dependent') AND last_contribution_period >= DATE '2020-07-01'
    UNION ALL SELECT person_id FROM source_death_pension_survivor WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'death-pension-survivors')
    UNION ALL SELECT person_id FROM source_bono_familia WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'bono-familia')
    UNION ALL SELECT person_id FROM source_pension_recipient WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'pension-recipients') AND pension_type <> 'renta_dignidad_contributiva'
  )`;
const HAND_WHERE = `
  WHERE p.residence_country = 'BO'
    AND p.date_of_birth <= DATE '2002-09-16' AND p.date_of_birth > DATE '1961-03-01'
    AND (p.date_of_death IS NULL OR p.date_of_death > $1::date)
    AND p.id IN (SELECT person_id FROM included)
    AND NOT EXISTS (SELECT 1 FROM excluded e WHERE e.person_id = p.id)`;
const HAND_BAND = `CASE WHEN p.date_of_birth > DATE '1990-09-16' THEN '18-29' WHEN p.date_of_birth > DATE '1980-09-16' THEN '30-39'
                        WHEN p.date_of_birth > DATE '1970-09-16' THEN '40-49' ELSE '50-59' END`;
const HAND_OPENS = `CASE WHEN p.date_of_birth > DATE '1990-09-16' THEN DATE '2021-01-12' WHEN p.date_of_birth > DATE '1980-09-16' THEN DATE '2020-12-29'
         WHEN p.date_of_birth > DATE '1970-09-16' THEN DATE '2020-12-15' ELSE DATE '2020-12-01' END`;
const HAND_CLOSES = `CASE WHEN p.date_of_birth > DATE '1990-09-16' THEN DATE '2021-01-26' WHEN p.date_of_birth > DATE '1980-09-16' THEN DATE '2021-01-11'
         WHEN p.date_of_birth > DATE '1970-09-16' THEN DATE '2020-12-28' ELSE DATE '2020-12-14' END`;
const HAND_PREVIEW = `${HAND_FILTER}
  SELECT p.department_code::int AS department_code, ${HAND_BAND} AS band, count(*) AS n,
    count(*) FILTER (WHERE $1::date BETWEEN DATE '2020-12-01' AND DATE '2021-03-01'
      AND ($1::date BETWEEN ${HAND_OPENS} AND ${HAND_CLOSES} OR $1::date BETWEEN DATE '2021-01-27' AND DATE '2021-03-01')) AS collectable
  FROM person p ${HAND_WHERE} GROUP BY 1, 2 ORDER BY 1, 2`;
const HAND_LIST = `${HAND_FILTER}
  SELECT p.id AS person_id, ${HAND_BAND} AS bono_collection_window,
    ${HAND_OPENS} AS bono_collection_window_opens_on, ${HAND_CLOSES} AS bono_collection_window_closes_on,
    100000::int8 AS bono_amount_centavos
  FROM person p ${HAND_WHERE}`;
const LIST_COLUMNS = [
  'bono_collection_window',
  'bono_collection_window_opens_on',
  'bono_collection_window_closes_on',
  'bono_amount_centavos',
];

async function openBench(backend: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (backend === 'embedded') {
    const dir = path.join(work, `embedded-rules-${people}`);
    const db = await openBenchDatabase({ databaseUrl: undefined, dataDir: dir });
    await syncGeography(db);
    return { db, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `ayni_bench_rules_${people}`;
  const url = await ensureServerDatabase(server, name);
  const db = await openBenchDatabase({ databaseUrl: url, dataDir: work });
  await syncGeography(db);
  return {
    db,
    drop: async () => {
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function ensureCountry(db: Database): Promise<void> {
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person');
  if (r!.n === people) {
    console.log(`  reusing the ${people.toLocaleString('en')} persons already imported`);
    return;
  }
  if (r!.n !== 0)
    throw new Error(
      `the bench database holds ${r!.n} persons, not ${people}: remove it or pass --people ${r!.n}`,
    );
  const countryDir = path.join(work, `country-${people}`);
  if (!existsSync(path.join(countryDir, 'bono-familia.csv'))) {
    const { generateCountry } = await import('../src/synth/synth.ts');
    const t0 = performance.now();
    await generateCountry({ people, seed: 11, outDir: countryDir, asOf: AS_OF });
    console.log(`  generated ${people.toLocaleString('en')} persons in ${seconds(t0)} s`);
  }
  const options = { actor: 'bench', asOf: AS_OF, rejectsDir: path.join(work, 'rejects') };
  const t0 = performance.now();
  imported(
    await runImport(db, personImportSpec(AS_OF), {
      ...options,
      filePath: path.join(countryDir, 'persons.csv'),
    }),
  );
  for (const list of SOURCE_LISTS) {
    imported(
      await runImport(db, sourceListImportSpec(list, AS_OF), {
        ...options,
        filePath: path.join(countryDir, `${list.name}.csv`),
      }),
    );
  }
  await db.exec('ANALYZE');
  console.log(`  imported persons and ${SOURCE_LISTS.length} source lists in ${seconds(t0)} s`);
}

const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

async function median(label: string, fn: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)]!;
  console.log(
    `  ${label.padEnd(30)} ${m.toFixed(2).padStart(7)} s   (runs: ${times.map((t) => t.toFixed(2)).join(', ')})`,
  );
  return m;
}

interface Figures {
  backend: string;
  previewHand: number;
  previewEngine: number;
  listHand: number;
  listEngine: number;
  eligible: number;
}

async function measureBackend(backend: string, dropAfter: boolean): Promise<Figures> {
  console.log(`\n${backend}:`);
  const { db, drop } = await openBench(backend);
  try {
    await ensureCountry(db);
    const bound = bind(bono, { date });
    const def = PREVIEWS['bono']!;
    const enginePreviewSql = compilePreview(bound, def.options, SOURCE_LISTS);

    // Same answer first: the engine's preview and the hand-written one must agree row for row.
    type HandRow = { department_code: number; band: string; n: bigint; collectable: bigint };
    type EngineRow = {
      department_code: number;
      band: string;
      bono_eligible: bigint;
      bono_collectable_on_date: bigint;
    };
    const hand = await db.query<HandRow>(HAND_PREVIEW, [date]);
    const engine = await db.query<EngineRow>(enginePreviewSql);
    const key = (r: { department_code: number; band: string }) => `${r.department_code}|${r.band}`;
    const handMap = new Map(hand.map((r) => [key(r), `${r.n}/${r.collectable}`]));
    const engineMap = new Map(
      engine.map((r) => [key(r), `${r.bono_eligible}/${r.bono_collectable_on_date}`]),
    );
    if (handMap.size !== engineMap.size || [...handMap].some(([k, n]) => engineMap.get(k) !== n)) {
      throw new Error(
        `preview disagrees:\nhand ${JSON.stringify([...handMap], big)}\nengine ${JSON.stringify([...engineMap], big)}`,
      );
    }
    const eligible = Number(hand.reduce((a, r) => a + r.n, 0n));
    console.log(
      `  eligible on ${date}: ${eligible.toLocaleString('en')} of ${people.toLocaleString('en')} (engine and hand-written agree)`,
    );

    const previewHand = await median('preview, hand-written SQL', async () => {
      await db.query(HAND_PREVIEW, [date]);
    });
    const previewEngine = await median('preview, engine SQL', async () => {
      await db.query(enginePreviewSql);
    });
    const listHand = await median('list, hand-written SQL', async () => {
      await db.query(`CREATE TEMP TABLE bench_hand_list AS ${HAND_LIST}`, [date]);
      const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_hand_list');
      if (r!.n !== eligible) throw new Error(`hand-written list has ${r!.n} rows, expected ${eligible}`);
      await db.exec('DROP TABLE bench_hand_list');
    });
    const listEngine = await median('list, engine SQL', async () => {
      const n = await materialiseList(db, bound, 'bench_engine_list', {
        where: 'bono_eligible',
        columns: LIST_COLUMNS,
        temporary: true,
      });
      if (n !== eligible) throw new Error(`engine list has ${n} rows, expected ${eligible}`);
      await db.exec('DROP TABLE bench_engine_list');
    });
    return { backend, previewHand, previewEngine, listHand, listEngine, eligible };
  } finally {
    await db.close();
    if (dropAfter) await drop();
  }
}

const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/** Streams the registry through the closure compiler; only evaluation is timed. */
async function measureInMemory(backend: string, expectedEligible: number): Promise<void> {
  const { db } = await openBench(backend);
  try {
    const bound = bind(bono, { date });
    const run = compileBatch(bound, ['bono_eligible', 'bono_collection_window']);
    let evalMs = 0;
    let persons = 0;
    let eligible = 0;
    let interpreterMs = 0;
    let interpreted = 0;
    const t0 = performance.now();
    for await (const batch of streamPersonFacts(db, 200_000)) {
      const t1 = performance.now();
      for (const f of batch.facts) if (run(f)[0] === true) eligible++;
      evalMs += performance.now() - t1;
      persons += batch.facts.length;
      if (interpreted < 200_000) {
        // The traced interpreter, for comparison (what `ayni rules explain` runs per person).
        const t2 = performance.now();
        for (const f of batch.facts) evaluate(bound, f).value('bono_eligible');
        interpreterMs += performance.now() - t2;
        interpreted += batch.facts.length;
      }
    }
    const totalS = (performance.now() - t0) / 1000;
    if (eligible !== expectedEligible)
      throw new Error(`in memory: ${eligible} eligible, SQL said ${expectedEligible}`);
    console.log(
      `\nin memory (closures, ${persons.toLocaleString('en')} persons read from ${backend} in batches of 200,000):`,
    );
    console.log(
      `  evaluation only: ${(evalMs / 1000).toFixed(2)} s = ${Math.round(persons / (evalMs / 1000)).toLocaleString('en')} persons/s (eligible ${eligible.toLocaleString('en')}, same as SQL)`,
    );
    console.log(`  including reading from the database: ${totalS.toFixed(1)} s`);
    console.log(
      `  traced interpreter: ${Math.round(interpreted / (interpreterMs / 1000)).toLocaleString('en')} persons/s over ${interpreted.toLocaleString('en')} persons`,
    );
  } finally {
    await db.close();
  }
}

async function main() {
  await mkdir(work, { recursive: true });
  console.log(`bono eligibility on ${date}, ${people.toLocaleString('en')} persons, median of ${runs} runs`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  const figures: Figures[] = [];
  for (const [i, backend] of backends.entries()) {
    // The in-memory pass reads the first back end's database, so that one is dropped after it.
    const f = await measureBackend(backend, !keep && i > 0);
    figures.push(f);
    if (i === 0) {
      await measureInMemory(backend, f.eligible);
      if (!keep) {
        const b = await openBench(backend);
        await b.db.close();
        await b.drop();
      }
    }
  }
  console.log('\nsummary (engine / hand-written):');
  for (const f of figures) {
    console.log(
      `  ${f.backend.padEnd(9)} preview ${f.previewEngine.toFixed(2)} s / ${f.previewHand.toFixed(2)} s = ${(f.previewEngine / f.previewHand).toFixed(2)}   list ${f.listEngine.toFixed(2)} s / ${f.listHand.toFixed(2)} s = ${(f.listEngine / f.listHand).toFixed(2)}`,
    );
  }
}

await main();
