/**
 * Benchmark (issue #14 §1): ayni's embedded database — a PostgreSQL 18 server that ayni starts
 * itself in its data folder (src/db/embedded.ts, through openDatabase with no DATABASE_URL) —
 * against the engine it replaced, PGlite (PostgreSQL compiled to WebAssembly, inside the Node
 * process; its adapter is kept in bench/lib/pglite.ts for this comparison only).
 *
 *   node --max-semi-space-size=64 --import ./bin/typescript.mjs bench/embedded-database.bench.ts
 *        [--people 11700000] [--country 100000] [--engines pglite,embedded] [--work DIR]
 *        [--payouts 20000] [--requesters 64] [--lookups 20000] [--lookup-concurrency 16] [--keep]
 *
 * Measurements, each engine in turn, each in a child process of its own (so its peak memory is its
 * own and nothing is warm in V8 from an earlier one); payouts and look-ups after 2,000 of warm-up:
 *   1. first start  a new empty folder → open (cluster or PGlite files created, started, migrated)
 *                   and the geography synchronised;
 *   2. restart      the same folder opened again (migrations already applied): for the embedded
 *                   engine the previous child's close() stopped the server, so this is a cold
 *                   server start and a connection;
 *   3. import       `--people` persons (synthetic, seed 11, generated once into the work folder)
 *                   through runImport into the empty registry of 1–2; then the folder's size;
 *   4. payouts      on a small country of `--country` persons (imported with every source list, a
 *                   regular round created and approved, one credential per bank): `--payouts`
 *                   distinct entitled counter-channel persons paid through the bank API's
 *                   PayoutDesk by `--requesters` concurrent requesters; nobody paid twice after;
 *   5. status       `--lookups` citizen status look-ups (citizenStatus, as the portal calls it)
 *                   by `--lookup-concurrency` concurrent requesters.
 *
 * Memory: the child's own peak (VmHWM), and for the embedded engine the PostgreSQL processes too,
 * which live outside Node: every `postgres` or `initdb` descendant of the child and the postmaster
 * named in <folder>/postgres/postmaster.pid with its children (not the TypeScript loader's
 * esbuild service, which every Node process started with bin/typescript.mjs has), sampled every
 * 200 ms from /proc by this (idle) parent; the peak of their summed VmRSS is reported, and the
 * peak of their summed PSS beside it, because VmRSS counts the shared buffers once in every
 * backend that touched them, PSS divides them among the processes.
 *
 * CPU: the child's own time (every thread) and its children's (cutime + cstime from /proc: the
 * postmaster, reaped by the child once close() stopped it, carries its backends' time), over the
 * whole child; on a shared machine the wall times depend on the neighbours, these much less.
 *
 * The generated files stay in the work folder for the next run; the databases are removed at the
 * end unless --keep.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { credentialActor } from '../src/audit/index.ts';
import { approveRound, citizenStatus, createRound, PayoutDesk } from '../src/bono/index.ts';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import {
  personImportSpec,
  runImport,
  SOURCE_LISTS,
  sourceListImportSpec,
  syncGeography,
} from '../src/registry/index.ts';
import { arg, flag, imported } from './country.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

const AS_OF = '2021-03-01';
/** The bench's clock for payouts and look-ups: in the rezagados period, every window open. */
const AT = new Date('2021-02-01T14:00:00Z');
/** Payouts and look-ups before the measured ones: a serving process has compiled its hot paths. */
const WARM_UP = 2_000;
const SAMPLE_MS = 200;

type Engine = 'pglite' | 'embedded';
type Step = 'first-start' | 'restart' | 'import' | 'country' | 'payouts' | 'status';

/** What a child measured, printed as JSON on its last line. */
interface ChildResult {
  step: Step;
  engine: Engine;
  /** Wall time of the measured work. */
  seconds: number;
  /** Further figures of the step (rates, percentiles, close time …). */
  figures: Record<string, number | string>;
  nodePeakMiB: number;
  nodeCpuS: number;
  childrenCpuS: number;
}

/** What the parent saw of a child's processes while it ran. */
interface MemoryPeaks {
  serverRssMiB: number;
  serverPssMiB: number;
  /** The most server processes seen at once. */
  serverProcesses: number;
}

interface Result extends ChildResult, MemoryPeaks {}

const mib = (kib: number) => kib / 1024;

// ---------------------------------------------------------------------------------------------
// /proc readings

function statusKiB(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone meanwhile
  }
}

function pssKiB(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Parent → children, from every /proc/<pid>/stat (this kernel has no /proc/…/children). */
function childrenByParent(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = map.get(ppid);
    if (list) list.push(Number(name));
    else map.set(ppid, [Number(name)]);
  }
  return map;
}

function descendants(root: number, table: Map<number, number[]>, into: Set<number>): void {
  for (const pid of table.get(root) ?? []) {
    if (into.has(pid)) continue;
    into.add(pid);
    descendants(pid, table, into);
  }
}

function postmasterPid(folder: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(folder, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The programs that make up the database server (initdb runs `postgres` for its bootstrap; as root
 * ayni runs them through `unshare`, which then becomes them). Anything else the child spawned is
 * not the database's: the TypeScript loader's esbuild service, in particular, runs beside every
 * Node process started with bin/typescript.mjs, whatever the engine.
 */
const SERVER_COMMANDS = new Set(['postgres', 'initdb', 'unshare']);

function command(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * Samples the server processes belonging to a child: its descendants and the postmaster of its
 * folder (which outlives a child that did not start it) with that postmaster's children.
 */
function sampleServer(childPid: number, folder: string, peaks: MemoryPeaks): void {
  const table = childrenByParent();
  const pids = new Set<number>();
  descendants(childPid, table, pids);
  const postmaster = postmasterPid(folder);
  if (postmaster !== undefined && existsSync(`/proc/${postmaster}`)) {
    pids.add(postmaster);
    descendants(postmaster, table, pids);
  }
  let rss = 0;
  let pss = 0;
  let counted = 0;
  for (const pid of pids) {
    if (!SERVER_COMMANDS.has(command(pid))) continue;
    counted++;
    rss += statusKiB(pid, 'VmRSS');
    pss += pssKiB(pid);
  }
  peaks.serverRssMiB = Math.max(peaks.serverRssMiB, mib(rss));
  peaks.serverPssMiB = Math.max(peaks.serverPssMiB, mib(pss));
  peaks.serverProcesses = Math.max(peaks.serverProcesses, counted);
}

/** CPU seconds of the waited-for children of this process (cutime + cstime, USER_HZ = 100). */
function childrenCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

// ---------------------------------------------------------------------------------------------
// Child: one measurement

/** Where each engine keeps its files inside a bench folder (as openDatabase did for PGlite). */
async function open(engine: Engine, folder: string): Promise<Database> {
  if (engine === 'embedded') return openBenchDatabase({ databaseUrl: undefined, dataDir: folder });
  const { openPglite } = await import('./lib/pglite.ts');
  // PGlite creates its own folder but not the one above it (ayni's data folder did that before).
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const db = await openPglite(path.join(folder, 'pglite'));
  try {
    const migrated = await migrate(db);
    if (!migrated.ok)
      throw new Error(`the bench's database could not be migrated: ${JSON.stringify(migrated.error)}`);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

const elapsedS = (t0: number) => (performance.now() - t0) / 1000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs `fn` over `items` with `workers` requesters, each sending its next item once the previous
 * one was answered (as tellers or citizens do). Returns each call's latency in ms.
 */
async function requesters<T>(
  items: readonly T[],
  workers: number,
  fn: (item: T, i: number) => Promise<void>,
) {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        const t0 = performance.now();
        await fn(items[i]!, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

/**
 * How many of `available` persons warm up before `asked` are measured: WARM_UP, or a tenth when a
 * small country has fewer than asked for (then fewer are measured, as the table says).
 */
const warmUp = (available: number, asked: number) =>
  available >= asked + WARM_UP ? WARM_UP : Math.floor(available / 10);

interface Triple {
  ciNumber: string;
  complemento: string;
  dateOfBirth: string;
}

const TRIPLE_COLUMNS = `p.ci_number AS "ciNumber", p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth"`;

interface ChildArgs {
  step: Step;
  engine: Engine;
  folder: string;
  file: string;
  countryDir: string;
  rows: number;
  payouts: number;
  requesters: number;
  lookups: number;
  lookupConcurrency: number;
}

async function child(a: ChildArgs): Promise<void> {
  const figures: Record<string, number | string> = {};
  const rejectsDir = path.join(a.folder, 'rejects');
  const importOptions = { actor: 'cli:bench' as const, now: () => new Date(), asOf: AS_OF, rejectsDir };
  let seconds: number;
  let db: Database;
  if (a.step === 'first-start' || a.step === 'restart') {
    const t0 = performance.now();
    db = await open(a.engine, a.folder);
    if (a.step === 'first-start') await syncGeography(db);
    seconds = elapsedS(t0);
  } else {
    db = await open(a.engine, a.folder);
    const t0 = performance.now();
    if (a.step === 'import') {
      const s = imported(
        await runImport(db, personImportSpec(AS_OF), { ...importOptions, filePath: a.file }),
      );
      seconds = elapsedS(t0);
      if (s.rowsAccepted !== a.rows || s.loadMode !== 'direct')
        throw new Error(`expected ${a.rows} accepted directly, got ${s.rowsAccepted} (${s.loadMode})`);
      figures['rowsPerS'] = Math.round(a.rows / seconds);
    } else if (a.step === 'country') {
      await syncGeography(db);
      imported(
        await runImport(db, personImportSpec(AS_OF), {
          ...importOptions,
          filePath: path.join(a.countryDir, 'persons.csv'),
        }),
      );
      for (const list of SOURCE_LISTS)
        imported(
          await runImport(db, sourceListImportSpec(list, AS_OF), {
            ...importOptions,
            filePath: path.join(a.countryDir, `${list.name}.csv`),
          }),
        );
      await db.exec('ANALYZE');
      figures['importS'] = elapsedS(t0);
      const t1 = performance.now();
      const at = new Date('2020-11-30T14:00:00Z');
      const frozen = await createRound(db, {
        asOf: '2020-12-01',
        kind: 'regular',
        actor: 'account:bench-maker',
        at,
      });
      if (!frozen.ok) throw new Error(`the bench round was refused: ${frozen.error.code}`);
      figures['createRoundS'] = elapsedS(t1);
      const t2 = performance.now();
      const approved = await approveRound(db, {
        roundId: frozen.value.id,
        actor: 'account:bench-checker',
        at,
      });
      if (!approved.ok) throw new Error(`the bench round's approval was refused: ${approved.error.code}`);
      figures['approveRoundS'] = elapsedS(t2);
      const { createCredential } = await import('../src/access/index.ts');
      const banks: { bic: string; actor: string }[] = [];
      for (const { bic } of await db.query<{ bic: string }>('SELECT bic FROM bono_bank ORDER BY bic')) {
        const c = await createCredential(db, {
          organisation: bic,
          roles: ['bank'],
          actor: 'system',
          now: at,
        });
        if (!c.ok) throw new Error(`credential for ${bic}: ${c.error.code}`);
        banks.push({ bic, actor: credentialActor(c.value.credential.id) });
      }
      await writeFile(path.join(a.folder, 'banks.json'), JSON.stringify(banks));
      const [n] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bono_entitlement WHERE round_id = $1 AND channel = 'counter'`,
        [frozen.value.id],
      );
      figures['counterEntitled'] = n!.n;
      seconds = elapsedS(t0);
    } else if (a.step === 'payouts') {
      seconds = await payouts(db, a, figures);
    } else {
      seconds = await lookups(db, a, figures);
    }
  }
  const t0 = performance.now();
  await db.close();
  figures['closeS'] = elapsedS(t0);
  const cpu = process.cpuUsage();
  const result: ChildResult = {
    step: a.step,
    engine: a.engine,
    seconds,
    figures,
    nodePeakMiB: mib(statusKiB('self', 'VmHWM')),
    nodeCpuS: (cpu.user + cpu.system) / 1e6,
    childrenCpuS: childrenCpuS(),
  };
  console.log(JSON.stringify(result));
}

/** Measurement 4: counter payouts through the PayoutDesk, as the bank API's route calls it. */
async function payouts(
  db: Database,
  a: ChildArgs,
  figures: Record<string, number | string>,
): Promise<number> {
  const banks = JSON.parse(readFileSync(path.join(a.folder, 'banks.json'), 'utf8')) as {
    bic: string;
    actor: string;
  }[];
  const persons = await db.query<Triple>(
    `SELECT ${TRIPLE_COLUMNS} FROM bono_entitlement e JOIN person p ON p.id = e.person_id
     JOIN bono_round r ON r.id = e.round_id AND r.status = 'approved'
     WHERE e.channel = 'counter' AND NOT EXISTS (SELECT 1 FROM bono_payment b WHERE b.person_id = e.person_id)
     ORDER BY p.id LIMIT $1`,
    [a.payouts + WARM_UP],
  );
  const warm = warmUp(persons.length, a.payouts);
  const desk = new PayoutDesk(db);
  const run = Date.now().toString(36);
  const outcomes = new Map<string, number>();
  const pay = async (person: Triple, i: number) => {
    const bank = banks[i % banks.length]!;
    const r = await desk.pay({
      bankBic: bank.bic,
      idempotencyKey: `bench-${run}-${i}`,
      person,
      paymentPoint: 'Caja 1',
      at: AT,
      actor: bank.actor as `credential:${string}`,
    });
    const key = r.ok ? r.value.result : r.error.code;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  };
  await requesters(persons.slice(0, warm), a.requesters, pay);
  outcomes.clear();
  const measured = persons.slice(warm);
  const [before] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bono_payment');
  const t0 = performance.now();
  const latencies = await requesters(measured, a.requesters, (p, i) => pay(p, i + warm));
  const seconds = elapsedS(t0);
  await desk.close();
  const [after] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bono_payment');
  // The check of test/bono/crash.test.ts: one live payment per person.
  const [twice] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT person_id FROM bono_payment WHERE reversed_at IS NULL GROUP BY person_id HAVING count(*) > 1) d',
  );
  const paid = outcomes.get('paid') ?? 0;
  if (paid !== measured.length || after!.n - before!.n !== paid || twice!.n !== 0)
    throw new Error(
      `payouts do not reconcile: ${JSON.stringify(Object.fromEntries(outcomes))}, recorded ${after!.n - before!.n}, paid twice ${twice!.n}`,
    );
  Object.assign(figures, {
    payouts: paid,
    perS: Math.round(paid / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    paidTwice: twice!.n,
  });
  return seconds;
}

/** Measurement 5: citizen status look-ups, as the portal's route calls citizenStatus. */
async function lookups(
  db: Database,
  a: ChildArgs,
  figures: Record<string, number | string>,
): Promise<number> {
  // Spread over the registry (md5 of the id), the same persons on every engine.
  const persons = await db.query<Triple>(
    `SELECT ${TRIPLE_COLUMNS} FROM person p ORDER BY md5(p.id::text) LIMIT $1`,
    [a.lookups + WARM_UP],
  );
  const outcomes = new Map<string, number>();
  const look = async (person: Triple, i: number) => {
    const s = await citizenStatus(db, person, {
      at: AT,
      // One address per citizen, as from their own telephones.
      clientKey: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      lang: 'es',
    });
    outcomes.set(s.outcome, (outcomes.get(s.outcome) ?? 0) + 1);
  };
  const warm = warmUp(persons.length, a.lookups);
  await requesters(persons.slice(0, warm), a.lookupConcurrency, look);
  outcomes.clear();
  const measured = persons.slice(warm);
  const t0 = performance.now();
  const latencies = await requesters(measured, a.lookupConcurrency, (p, i) => look(p, i + warm));
  const seconds = elapsedS(t0);
  if ((outcomes.get('found') ?? 0) !== measured.length)
    throw new Error(`look-ups: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  Object.assign(figures, {
    lookups: measured.length,
    perS: Math.round(measured.length / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  });
  return seconds;
}

// ---------------------------------------------------------------------------------------------
// Parent: the run

/** Runs one measurement in a child process while sampling its server processes. */
async function measure(args: ChildArgs): Promise<Result> {
  const peaks: MemoryPeaks = { serverRssMiB: 0, serverPssMiB: 0, serverProcesses: 0 };
  const c = spawn(
    process.execPath,
    [...process.execArgv, new URL(import.meta.url).pathname, '--child', JSON.stringify(args)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  c.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const timer = setInterval(() => sampleServer(c.pid!, args.folder, peaks), SAMPLE_MS);
  const code = await new Promise<number | null>((resolve) => c.once('close', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${args.engine} ${args.step} failed (exit ${code}):\n${out}`);
  const r = JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
  return { ...r, ...peaks };
}

function duMiB(folder: string): number {
  const r = spawnSync('du', ['-sk', folder], { encoding: 'utf8' });
  return Number(r.stdout.split('\t')[0]) / 1024;
}

const f0 = (n: number) => Math.round(n).toLocaleString('en');
const f1 = (n: number) => n.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const f2 = (n: number) => n.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function table(title: string, head: string[], rows: string[][]): void {
  console.log(`\n### ${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

/** Node's peak, the server's (RSS, and PSS in brackets), and their sum (RSS). */
const memoryCells = (r: Result) => [
  f0(r.nodePeakMiB),
  r.engine === 'embedded' ? `${f0(r.serverRssMiB)} (${f0(r.serverPssMiB)})` : '—',
  f0(r.nodePeakMiB + r.serverRssMiB),
];
const MEMORY_HEAD = ['Node peak RSS MiB', 'server peak RSS MiB (PSS)', 'sum MiB'];
const cpuCell = (r: Result) => `${f1(r.nodeCpuS)} + ${f1(r.childrenCpuS)}`;

function loadAverages(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function main() {
  if (process.argv[2] === '--child') {
    await child(JSON.parse(process.argv[3]!) as ChildArgs);
    return;
  }
  const people = Number(arg('people', '11700000'));
  const country = Number(arg('country', '100000'));
  const engines = arg('engines', 'pglite,embedded').split(',') as Engine[];
  for (const e of engines) if (e !== 'pglite' && e !== 'embedded') throw new Error(`unknown engine ${e}`);
  const work = path.resolve(arg('work', path.join(os.tmpdir(), 'ayni-bench-embedded')));
  const cpuModel =
    /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  const machine = `${os.cpus().length} × ${cpuModel}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const loadBefore = loadAverages();
  console.log(`machine: ${machine}; load average before: ${loadBefore}`);
  console.log(`command: node ${process.execArgv.join(' ')} ${process.argv.slice(1).join(' ')}`);

  // The synthetic countries, generated once (seed 11) and reused by later runs.
  await mkdir(work, { recursive: true });
  const { generateCountry } = await import('../src/synth/synth.ts');
  const countryOf = async (n: number) => {
    const dir = path.join(work, `country-${n}`);
    if (!existsSync(path.join(dir, 'bono-familia.csv'))) {
      const t0 = performance.now();
      await generateCountry({ people: n, seed: 11, outDir: dir, asOf: AS_OF });
      console.log(`generated ${f0(n)} persons in ${f1(elapsedS(t0))} s`);
    }
    return dir;
  };
  const file = path.join(await countryOf(people), 'persons.csv');
  const countryDir = await countryOf(country);
  const rows = Number(spawnSync('wc', ['-l', file], { encoding: 'utf8' }).stdout.trim().split(' ')[0]) - 1;

  const folders = new Map<Engine, { registry: string; country: string }>();
  for (const engine of engines) {
    const f = {
      registry: path.join(work, `${engine}-registry`),
      country: path.join(work, `${engine}-country`),
    };
    await rm(f.registry, { recursive: true, force: true });
    await rm(f.country, { recursive: true, force: true });
    folders.set(engine, f);
  }
  const base = {
    file,
    countryDir,
    rows,
    payouts: Number(arg('payouts', '20000')),
    requesters: Number(arg('requesters', '64')),
    lookups: Number(arg('lookups', '20000')),
    lookupConcurrency: Number(arg('lookup-concurrency', '16')),
  };
  const results: Result[] = [];
  const sizes: Record<string, number> = {};
  const steps: Step[] = ['first-start', 'restart', 'import', 'country', 'payouts', 'status'];
  // Interleaved: each measurement on every engine before the next, so that a change in the
  // machine's load falls on both rather than on one engine's whole series.
  for (const step of steps) {
    for (const engine of engines) {
      const f = folders.get(engine)!;
      const folder =
        step === 'first-start' || step === 'restart' || step === 'import' ? f.registry : f.country;
      console.error(`${engine} ${step}… (load average ${loadAverages()})`);
      const r = await measure({ ...base, step, engine, folder });
      results.push(r);
      console.error(`  ${JSON.stringify(r)}`);
      if (step === 'import') sizes[engine] = duMiB(folder);
    }
  }
  const loadAfter = loadAverages();
  const of = (step: Step) => results.filter((r) => r.step === step);

  console.log(`\nmachine: ${machine}; load average before ${loadBefore}, after ${loadAfter}`);
  table(
    '1. First start: new folder → open (create, start, migrate) + geography',
    ['engine', 'wall s', ...MEMORY_HEAD, 'CPU s (Node + children)'],
    of('first-start').map((r) => [r.engine, f2(r.seconds), ...memoryCells(r), cpuCell(r)]),
  );
  table(
    '2. Restart: the same folder opened again (cold server start for the embedded engine)',
    ['engine', 'open s', 'close s', ...MEMORY_HEAD],
    of('restart').map((r) => [r.engine, f2(r.seconds), f2(Number(r.figures['closeS'])), ...memoryCells(r)]),
  );
  table(
    `3. Import of ${f0(rows)} persons into an empty registry`,
    ['engine', 'wall s', 'rows/s', ...MEMORY_HEAD, 'CPU s (Node + children)', 'folder after MiB'],
    of('import').map((r) => [
      r.engine,
      f1(r.seconds),
      f0(Number(r.figures['rowsPerS'])),
      ...memoryCells(r),
      cpuCell(r),
      f0(sizes[r.engine] ?? 0),
    ]),
  );
  table(
    `Setup of the ${f0(country)}-person country (not a target: for reference)`,
    ['engine', 'import s', 'createRound s', 'approveRound s', 'counter-channel entitled', ...MEMORY_HEAD],
    of('country').map((r) => [
      r.engine,
      f1(Number(r.figures['importS'])),
      f1(Number(r.figures['createRoundS'])),
      f1(Number(r.figures['approveRoundS'])),
      f0(Number(r.figures['counterEntitled'])),
      ...memoryCells(r),
    ]),
  );
  table(
    `4. Counter payouts through the PayoutDesk, ${base.requesters} concurrent requesters`,
    ['engine', 'payouts', 'payouts/s', 'p50 ms', 'p99 ms', 'paid twice', ...MEMORY_HEAD],
    of('payouts').map((r) => [
      r.engine,
      f0(Number(r.figures['payouts'])),
      f0(Number(r.figures['perS'])),
      f1(Number(r.figures['p50Ms'])),
      f1(Number(r.figures['p99Ms'])),
      String(r.figures['paidTwice']),
      ...memoryCells(r),
    ]),
  );
  table(
    `5. Citizen status look-ups, ${base.lookupConcurrency} concurrent requesters`,
    ['engine', 'look-ups', 'look-ups/s', 'p50 ms', 'p99 ms', ...MEMORY_HEAD],
    of('status').map((r) => [
      r.engine,
      f0(Number(r.figures['lookups'])),
      f0(Number(r.figures['perS'])),
      f2(Number(r.figures['p50Ms'])),
      f2(Number(r.figures['p99Ms'])),
      ...memoryCells(r),
    ]),
  );
  console.log(
    JSON.stringify({ machine, loadBefore, loadAfter, people: rows, country, folderMiB: sizes, results }),
  );
  if (!flag('keep'))
    for (const f of folders.values()) {
      await rm(f.registry, { recursive: true, force: true });
      await rm(f.country, { recursive: true, force: true });
    }
}

await main();
