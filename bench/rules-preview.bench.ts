/**
 * Benchmark (issue #17): whole-population previews — `ayni rules preview bono|vaccination --date D
 * [--set …]` — and the in-memory simulation, each beside its floor measured in the same run, on the
 * bench country (bench/country.ts, kept between runs; this script only reads it): on a PostgreSQL
 * server, or with --data-dir in an embedded data folder (`bench/country.ts --data-dir DIR`), whose
 * server this script starts and stops as ayni does (the "embedded default" of the target).
 *
 *   node --import tsx bench/rules-preview.bench.ts [--people 11700000] [--runs 3] [--batch 200000]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres [--database NAME] | --data-dir DIR]
 *        [--no-memory] [--flags-prototype | --prototype-only]
 *
 * For each preview (bono on 5 Jan 2021, with and without `--set bono_afp_contribution_first_period`;
 * vaccination on 23 Jun 2021, with and without `--set vaccination_general_minimum_age`), median of
 * --runs:
 *   wall   the engine's own path (runPreview: the compiled query at the server's settings, parallel
 *          workers as the server allows), and the floor — `count(*)` of every table the preview
 *          reads — run the same way in the same run;
 *   CPU    the same two queries on one connection with parallel workers off, timed by that server
 *          process's own CPU time (/proc/<pid>/stat): all the work, whatever the machine's load,
 *          which moves wall time by several times on this shared 2-core machine.
 * The engine's query reads the lists in force from the person's row (migration 0065, ADR 0017:
 * `source_list_flags`, one scan of person), so its floor is a `count(*)` of person; beside it, the
 * same preview compiled to join the lists as before (`membershipFlags: false`), its CPU time on
 * the same connection and its counts checked equal ("joins" column).
 * Then, unless --no-memory, the simulation: persons and their list rows streamed from the database
 * (streamPersonFacts) and counted by the generated JavaScript (compilePreviewTally); only the
 * counting is timed, in wall and in this process's CPU time, and the counts must equal the SQL
 * preview's, or the benchmark stops. The load average is printed before and after.
 * --flags-prototype measures the direction of docs/benchmarks.md ("Whole-population previews"):
 * persons with one column of source-list flags (a bit per list and per value of its coded column)
 * and the AFP date, built here as a TEMP table (the shared country is not changed), and the bono
 * preview as one scan of it, beside a count(*) of the same table: CPU time, parallel off, its counts
 * checked against the engine's; --prototype-only runs only that, on a plain connection.
 * Targets: preview < 3 s at 11.7 M; with --set the same cost; simulation ≥ 1 M persons/s.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { SOURCE_LISTS } from '../src/registry/index.ts';
import {
  type BoundProgramme,
  bind,
  bono,
  compilePreview,
  compilePreviewTally,
  PREVIEWS,
  type PreviewRow,
  runPreview,
  streamPersonFacts,
  vaccination,
} from '../src/rules/index.ts';
import { arg, flag } from './country.ts';
import { type BenchWhere, openBenchTarget } from './lib/bench-database.ts';

const people = Number(arg('people', '11700000'));
const runs = Number(arg('runs', '3'));
const batchSize = Number(arg('batch', '200000'));
const dataDir = arg('data-dir', '');

/** The server's database of the country, or the embedded folder, and its name in the output. */
function where(): { at: BenchWhere; name: string } {
  if (dataDir) return { at: { dataDir: path.resolve(dataDir) }, name: `embedded ${path.resolve(dataDir)}` };
  const url = new URL(arg('server', 'postgres://postgres@127.0.0.1:5432/postgres'));
  url.pathname = `/${arg('database', `ayni_bench_country_${people}`)}`;
  return { at: { databaseUrl: url.toString() }, name: url.pathname.slice(1) };
}

interface Case {
  label: string;
  preview: 'bono' | 'vaccination';
  bound: BoundProgramme;
}
const CASES: Case[] = [
  { label: 'bono 2021-01-05', preview: 'bono', bound: bind(bono, { date: '2021-01-05' }) },
  {
    label: 'bono 2021-01-05 --set afp period 2020-09',
    preview: 'bono',
    bound: bind(bono, {
      date: '2021-01-05',
      overrides: { bono_afp_contribution_first_period: '2020-09-01' },
    }),
  },
  {
    label: 'vaccination 2021-06-23',
    preview: 'vaccination',
    bound: bind(vaccination, { date: '2021-06-23' }),
  },
  {
    label: 'vaccination 2021-06-23 --set min age 25',
    preview: 'vaccination',
    bound: bind(vaccination, {
      date: '2021-06-23',
      overrides: { vaccination_general_minimum_age: { all: 25 } },
    }),
  },
];

/** The floor: a count(*) of every table the preview's SQL reads. */
function floorSql(sql: string): string {
  const tables = ['person', ...SOURCE_LISTS.filter((l) => sql.includes(` ${l.view} `)).map((l) => l.table)];
  return `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} AS n`;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A connection whose server process's CPU time can be read, parallel workers off. */
async function cpuClient(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const [{ pid }] = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [
    { pid: number },
  ];
  await c.query('SET max_parallel_workers_per_gather = 0');
  const ticks = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in ms (100 ticks/s)
  };
  return {
    query: <R extends pg.QueryResultRow>(sql: string) => c.query<R>(sql),
    async cpu(sql: string): Promise<number> {
      const c0 = ticks();
      await c.query(sql);
      return ticks() - c0;
    },
    end: () => c.end(),
  };
}

/** Flags of the prototype: a bit per list, or per value of the column the bono's formulas test. */
const PROTOTYPE_FLAGS = `
  SELECT person_id, bit_or(b) AS flags, max(afp) AS afp_last FROM (
    SELECT person_id, 1 AS b, NULL::date AS afp FROM source_bono_universal WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'bono-universal')
    UNION ALL SELECT person_id, 2, NULL FROM source_juana_azurduy WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'juana-azurduy')
    UNION ALL SELECT person_id, CASE degree WHEN 'leve' THEN 4 WHEN 'moderada' THEN 8 WHEN 'grave' THEN 16 ELSE 32 END, NULL FROM source_disability WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'disability')
    UNION ALL SELECT person_id, 64, NULL FROM source_ibc_blind WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'ibc-blind')
    UNION ALL SELECT person_id, 128, NULL FROM source_sip_independent WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'sip-independent')
    UNION ALL SELECT person_id, CASE contributor_type WHEN 'dependiente' THEN 256 ELSE 512 END, last_contribution_period FROM source_afp_dependent WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'afp-dependent')
    UNION ALL SELECT person_id, CASE survivor_degree WHEN 1 THEN 1024 ELSE 2048 END, NULL FROM source_death_pension_survivor WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'death-pension-survivors')
    UNION ALL SELECT person_id, CASE role WHEN 'beneficiario' THEN 4096 ELSE 8192 END, NULL FROM source_bono_familia WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'bono-familia')
    UNION ALL SELECT person_id, CASE pension_type WHEN 'vejez' THEN 16384 WHEN 'invalidez' THEN 32768 WHEN 'muerte' THEN 65536 WHEN 'riesgo_profesional' THEN 131072 ELSE 262144 END, NULL FROM source_pension_recipient WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'pension-recipients')
  ) x GROUP BY person_id`;

/** The bono preview of 5 Jan 2021 over the prototype: the engine's band and measures, flags for the joins. */
function prototypePreview(engineSql: string): string {
  const head = engineSql.slice(0, engineSql.indexOf('FROM registry_person p'));
  return `${head}FROM proto_person p
WHERE p.residence_country = 'BO' AND p.date_of_birth <= DATE '2002-09-16' AND p.date_of_birth > DATE '1961-03-01'
  AND (p.date_of_death IS NULL OR p.date_of_death > DATE '2021-01-05')
  AND (p.flags & (1 | 2 | 16 | 32 | 64 | 128)) <> 0
  AND NOT ((p.flags & (256 | 512)) <> 0 AND p.afp_last >= DATE '2020-07-01')
  AND (p.flags & (1024 | 2048 | 4096 | 8192 | 16384 | 32768 | 65536 | 131072)) = 0
GROUP BY 1, 2
ORDER BY 1, 2`;
}

async function flagsPrototype(url: string): Promise<void> {
  const c = await cpuClient(url);
  try {
    const engineSql = compilePreview(CASES[0]!.bound, PREVIEWS['bono']!.options, SOURCE_LISTS);
    const line = (r: Record<string, unknown>) =>
      `${r['department_code']}|${r['band']}|${r['bono_eligible']}|${r['bono_collectable_on_date']}`;
    const want = (await c.query<Record<string, unknown>>(engineSql)).rows.map(line);
    const t0 = performance.now();
    await c.query("SET work_mem = '256MB'");
    await c.query(`CREATE TEMP TABLE proto_flags AS ${PROTOTYPE_FLAGS}`);
    await c.query(
      'CREATE TEMP TABLE proto_person AS SELECT p.*, coalesce(f.flags, 0) AS flags, f.afp_last FROM person p LEFT JOIN proto_flags f ON f.person_id = p.id ORDER BY p.id',
    );
    await c.query('ANALYZE proto_person');
    await c.query('RESET work_mem');
    console.log(
      `\nflags prototype (TEMP tables, built in ${((performance.now() - t0) / 1000).toFixed(1)} s):`,
    );
    const sql = prototypePreview(engineSql);
    const got = (await c.query<Record<string, unknown>>(sql)).rows.map(line);
    if (got.join() !== want.join()) throw new Error(`prototype ${got.join()} ≠ engine ${want.join()}`);
    const cpuMs: number[] = [];
    const floorMs: number[] = [];
    const engineMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      engineMs.push(await c.cpu(engineSql));
      cpuMs.push(await c.cpu(sql));
      floorMs.push(await c.cpu('SELECT count(*) FROM proto_person'));
    }
    const [cp, fl, en] = [median(cpuMs), median(floorMs), median(engineMs)];
    console.log(
      `  bono 2021-01-05, one scan: ${(cp / 1000).toFixed(2)} s CPU, floor (count(*) of it) ${(fl / 1000).toFixed(2)} s, ratio ${(cp / fl).toFixed(1)}; the engine's query today ${(en / 1000).toFixed(2)} s CPU on the same connection (${(en / cp).toFixed(1)} × the prototype); same counts; load ${load()}`,
    );
  } finally {
    await c.end();
  }
}

async function main() {
  const { at, name } = where();
  console.log(
    `whole-population previews, ${people.toLocaleString('en')} persons (${name}), median of ${runs} runs`,
  );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${load()}`,
  );
  const target = await openBenchTarget(at);
  try {
    if (flag('prototype-only')) await flagsPrototype(target.url);
    else await previews(target.db, target.url);
  } finally {
    await target.close();
  }
}

async function previews(db: Database, url: string): Promise<void> {
  const cpu = await cpuClient(url);
  const sqlRows = new Map<string, PreviewRow[]>();
  try {
    console.log(
      `\n${'preview'.padEnd(42)} ${'wall'.padStart(8)} ${'floor'.padStart(8)} ${'ratio'.padStart(6)}   ${'CPU'.padStart(8)} ${'floor'.padStart(8)} ${'ratio'.padStart(6)}   ${'joins'.padStart(8)} ${'×'.padStart(5)}`,
    );
    for (const c of CASES) {
      const def = PREVIEWS[c.preview]!;
      const sql = compilePreview(c.bound, def.options, SOURCE_LISTS);
      const floor = floorSql(sql);
      const joined = compilePreview(c.bound, { ...def.options, membershipFlags: false }, SOURCE_LISTS);
      const line = (r: Record<string, unknown>) =>
        [r['department_code'], r['band'], ...def.options.measures.map((m) => r[m])].join('|');
      const [viaFlags, viaJoins] = [
        (await cpu.query<Record<string, unknown>>(sql)).rows.map(line).join(),
        (await cpu.query<Record<string, unknown>>(joined)).rows.map(line).join(),
      ];
      if (viaFlags !== viaJoins) throw new Error(`${c.label}: flags ${viaFlags} ≠ joins ${viaJoins}`);
      const wall: number[] = [];
      const floorWall: number[] = [];
      const cpuMs: number[] = [];
      const floorCpu: number[] = [];
      const joinsCpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        let t0 = performance.now();
        const rows = await runPreview(db, c.bound, def.options);
        wall.push(performance.now() - t0);
        if (!rows.ok) throw new Error(`${c.label} does not compile`);
        sqlRows.set(c.label, rows.value);
        t0 = performance.now();
        await db.query(floor);
        floorWall.push(performance.now() - t0);
        cpuMs.push(await cpu.cpu(sql));
        floorCpu.push(await cpu.cpu(floor));
        joinsCpu.push(await cpu.cpu(joined));
      }
      const [w, fw, cp, fc, jc] = [
        median(wall),
        median(floorWall),
        median(cpuMs),
        median(floorCpu),
        median(joinsCpu),
      ];
      console.log(
        `${c.label.padEnd(42)} ${(w / 1000).toFixed(2).padStart(6)} s ${(fw / 1000).toFixed(2).padStart(6)} s ${(w / fw).toFixed(1).padStart(6)}   ${(cp / 1000).toFixed(2).padStart(6)} s ${(fc / 1000).toFixed(2).padStart(6)} s ${(cp / fc).toFixed(1).padStart(6)}   ${(jc / 1000).toFixed(2).padStart(6)} s ${(jc / cp).toFixed(1).padStart(5)}`,
      );
      const total = sqlRows.get(c.label)!.reduce((a, r) => a + r.counts[def.options.where]!, 0n);
      console.log(
        `  counted ${total.toLocaleString('en')}; wall runs ${wall.map((t) => (t / 1000).toFixed(2)).join(', ')} s; load ${load()}`,
      );
    }
  } finally {
    await cpu.end();
  }

  if (flag('flags-prototype')) await flagsPrototype(url);

  if (!flag('no-memory')) {
    // One stream of the registry, every case's tally fed from it; only the tallies are timed.
    const assume = PREVIEWS['vaccination']!.options.assume ?? {};
    const tallies = CASES.map((c) => ({
      c,
      tally: compilePreviewTally(c.bound, PREVIEWS[c.preview]!.options),
      wallMs: 0,
      cpuUs: 0,
    }));
    let persons = 0;
    const t0 = performance.now();
    for await (const batch of streamPersonFacts(db, batchSize, assume)) {
      for (const t of tallies) {
        const u0 = process.cpuUsage();
        const w0 = performance.now();
        for (const f of batch.facts) t.tally.add(f);
        t.wallMs += performance.now() - w0;
        const u = process.cpuUsage(u0);
        t.cpuUs += u.user + u.system;
      }
      persons += batch.facts.length;
    }
    const readS = (performance.now() - t0) / 1000;
    console.log(
      `\nsimulation: ${persons.toLocaleString('en')} persons streamed in batches of ${batchSize.toLocaleString('en')} (${readS.toFixed(1)} s with the reading); counting only:`,
    );
    for (const t of tallies) {
      const def = PREVIEWS[t.c.preview]!;
      const cells = t.tally.cells();
      const sql = sqlRows.get(t.c.label)!;
      const key = (d: number, b: string | null) => `${d}|${b}`;
      const mem = new Map(cells.map((x) => [key(x.departmentCode, x.band), x.counts.join('/')]));
      const fromSql = new Map(
        sql.map((r) => [
          key(r.departmentCode, r.band),
          def.options.measures.map((m) => String(r.counts[m])).join('/'),
        ]),
      );
      if (mem.size !== fromSql.size || [...fromSql].some(([k, v]) => mem.get(k) !== v))
        throw new Error(
          `${t.c.label}: in memory ${JSON.stringify([...mem])} ≠ SQL ${JSON.stringify([...fromSql])}`,
        );
      console.log(
        `  ${t.c.label.padEnd(42)} ${(t.wallMs / 1000).toFixed(2).padStart(6)} s wall = ${Math.round(
          persons / (t.wallMs / 1000),
        )
          .toLocaleString('en')
          .padStart(11)} persons/s; ${(t.cpuUs / 1e6).toFixed(2).padStart(6)} s CPU = ${Math.round(
          persons / (t.cpuUs / 1e6),
        )
          .toLocaleString('en')
          .padStart(11)} persons/CPU-s (same cells as SQL)`,
      );
    }
    console.log(`  load average ${load()}`);
  }
}

await main();
