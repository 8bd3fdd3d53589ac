/**
 * Benchmark: import of a whole country's persons file, against a bare COPY of the same file on the
 * same back end, in the same run.
 *
 *   node --import tsx bench/registry-import.bench.ts [--people 11700000] [--backends embedded,postgres]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres] [--work DIR] [--modes ...]
 *        [--keep-embedded DIR]
 *
 * Each measurement runs in a child process of its own so that its peak RSS is its own. Modes:
 *   copy-bare   COPY of the raw file into a table with the file's columns and no index
 *   copy-keyed  the same into a table with person's unique key (what any bulk load must maintain)
 *   copy-person the normalised file into the registry's own person table (its id, key and
 *               constraints), indexes dropped during the load and rebuilt after, in one transaction
 *   import      `ayni registry import` into an empty registry (direct path)
 *   update      the same file imported into a registry that already holds one person, which forces
 *               the staged path (COPY into a staging table, then a set-based merge)
 * Target (issue 2): import within 1.3 × bare COPY, peak RSS under 1 GiB.
 * --keep-embedded DIR keeps the embedded `import` run's data folder (its server stopped) as DIR
 * instead of deleting it: the persons imported there, stamped as bench/country.ts stamps them, are
 * the start of an embedded bench country (`bench/country.ts --data-dir DIR` adds the source lists;
 * issue #17), which saves importing 11.7 M persons a second time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { stopEmbedded } from '../src/db/embedded.ts';
import { processBatches } from '../src/registry/import/load-batches.ts';
import { PERSON_FILE_HEADER, personImportSpec, runImport, syncGeography } from '../src/registry/index.ts';
import { AS_OF, arg, countryImportOptions, DEFAULT_WORK, imported } from './country.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

interface Measurement {
  backend: string;
  mode: string;
  rows: number;
  seconds: number;
  peakRssMiB: number;
}

/** Whole lines of a file, header skipped, as ~1 MiB buffers (what copyFrom needs). */
async function* fileLines(file: string): AsyncGenerator<Buffer> {
  let carry: Buffer | undefined;
  let header = true;
  for await (const raw of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let chunk = carry ? Buffer.concat([carry, raw]) : raw;
    if (header) {
      const lf = chunk.indexOf(10);
      if (lf === -1) {
        carry = chunk;
        continue;
      }
      chunk = chunk.subarray(lf + 1);
      header = false;
    }
    const last = chunk.lastIndexOf(10);
    if (last === -1) {
      carry = chunk;
      continue;
    }
    carry = chunk.subarray(last + 1);
    yield chunk.subarray(0, last + 1);
  }
  if (carry?.length) yield Buffer.concat([carry, Buffer.from('\n')]);
}

const RAW_COLUMNS = `ci_number text, complemento text, expedition text, given_names text, first_surname text,
  second_surname text, date_of_birth date, sex text, municipality_code text, residence_country text, date_of_death date`;

/**
 * Creates and migrates a fresh database and closes it, so that the measured child process only
 * reopens it: a first start (PGlite's initdb took about 850 MiB of RSS) is not the
 * import's doing. Returns where the child finds it and how to remove it.
 */
async function prepareDatabase(
  backend: string,
  server: string,
  work: string,
): Promise<{ location: string; drop: () => Promise<void> }> {
  if (backend === 'embedded') {
    const dir = path.join(work, 'embedded-bench');
    await rm(dir, { recursive: true, force: true });
    const db = await openBenchDatabase({ databaseUrl: undefined, dataDir: dir });
    await syncGeography(db);
    await db.close();
    return { location: dir, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = 'ayni_bench';
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir: work });
  await syncGeography(db);
  await db.close();
  return {
    location: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function reopen(backend: string, location: string): Promise<Database> {
  return backend === 'embedded'
    ? openBenchDatabase({ databaseUrl: undefined, dataDir: location })
    : openBenchDatabase({ databaseUrl: location, dataDir: os.tmpdir() });
}

/**
 * Peak RSS of this process from /proc (VmHWM), which starts afresh at exec; getrusage's maxrss
 * would carry the parent's peak over into the child.
 */
function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

/** The file with every row already in normal form (aliases resolved), for the COPY-into-person baseline. */
function normalisedPath(file: string): string {
  return file.replace(/\.csv$/, '.normalised.csv');
}

async function writeNormalised(file: string): Promise<void> {
  const out = createWriteStream(normalisedPath(file));
  out.write(`${PERSON_FILE_HEADER.join(',')}\n`);
  const job = {
    kind: 'persons',
    asOf: AS_OF,
    filePath: file,
    encoding: 'utf-8' as const,
    mode: 'direct' as const,
    suffix: '',
    credits: 0,
  };
  for await (const batch of processBatches(job)) {
    if (batch.data && !out.write(batch.data)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Child-process body: one measurement, printed as JSON on the last line. */
async function child(
  backend: string,
  mode: string,
  file: string,
  location: string,
  work: string,
  rows: number,
) {
  const db = await reopen(backend, location);
  let seconds: number;
  if (mode === 'copy-person') {
    // The registry's own table loaded the best bare way: indexes dropped, COPY, indexes rebuilt
    // (what the import's direct path does, minus reading, validating and counting).
    await db.exec(
      'ALTER TABLE person ALTER created_import_id SET DEFAULT 0, ALTER updated_import_id SET DEFAULT 0',
    );
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      await tx.exec('ALTER TABLE person DROP CONSTRAINT person_pkey; DROP INDEX person_natural_key');
      await tx.copyFrom(
        `COPY person (ci_number, complemento, expedition, given_names, first_surname, second_surname, date_of_birth, sex,
          municipality_code, residence_country, date_of_death)
         FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (complemento, first_surname, second_surname))`,
        fileLines(normalisedPath(file)),
      );
      await tx.exec(`ALTER TABLE person ADD CONSTRAINT person_pkey PRIMARY KEY (id);
        CREATE UNIQUE INDEX person_natural_key ON person (ci_number, complemento, date_of_birth)`);
    });
    seconds = (performance.now() - t0) / 1000;
  } else if (mode === 'copy-bare' || mode === 'copy-keyed') {
    await db.exec(`CREATE TABLE bare_copy (${RAW_COLUMNS})`);
    if (mode === 'copy-keyed')
      await db.exec('CREATE UNIQUE INDEX ON bare_copy (ci_number, complemento, date_of_birth)');
    const t0 = performance.now();
    await db.copyFrom(
      `COPY bare_copy FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (complemento, first_surname, second_surname))`,
      fileLines(file),
    );
    seconds = (performance.now() - t0) / 1000;
  } else {
    if (mode === 'update') {
      await db.query(
        `INSERT INTO import_run (kind, file_name, content_sha256, actor, status) VALUES ('persons', 'x', repeat('0', 64), 'bench', 'failed')`,
      );
      await db.query(
        `INSERT INTO person (ci_number, given_names, first_surname, date_of_birth, sex, municipality_code, created_import_id, updated_import_id)
         VALUES ('9999999999', 'Seed', 'Row', '1970-01-01', 'F', '020101', 1, 1)`,
      );
    }
    const t0 = performance.now();
    const s = imported(
      await runImport(db, personImportSpec(AS_OF), {
        ...countryImportOptions(work),
        filePath: file,
        rejectsDir: work,
      }),
    );
    seconds = (performance.now() - t0) / 1000;
    if (s.rowsAccepted !== rows)
      throw new Error(`expected ${rows} accepted, got ${s.rowsAccepted} (${s.rowsRejected} rejected)`);
    if (s.loadMode !== (mode === 'update' ? 'staged' : 'direct'))
      throw new Error(`unexpected load mode ${s.loadMode}`);
  }
  await db.close();
  const m: Measurement = { backend, mode, rows, seconds, peakRssMiB: peakRssMiB() };
  console.log(JSON.stringify(m));
}

async function main() {
  if (process.argv[2] === '--child') {
    const [, , , backend, mode, file, location, work, rows] = process.argv;
    await child(backend!, mode!, file!, location!, work!, Number(rows));
    return;
  }
  const people = Number(arg('people', '11700000'));
  const backends = arg('backends', 'embedded,postgres').split(',');
  const modes = arg('modes', 'copy-bare,copy-keyed,copy-person,import,update').split(',');
  const server = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
  const work = path.resolve(arg('work', DEFAULT_WORK));
  const keepEmbedded = arg('keep-embedded', '') && path.resolve(arg('keep-embedded', ''));
  // Refused before the long runs, not after them: a folder there may be a country kept earlier.
  if (keepEmbedded && existsSync(keepEmbedded)) throw new Error(`--keep-embedded ${keepEmbedded} exists`);
  await mkdir(work, { recursive: true });
  const countryDir = path.join(work, `country-${people}`);
  const file = arg('file', path.join(countryDir, 'persons.csv'));
  if (!existsSync(file)) {
    const { generateCountry } = await import('../src/synth/synth.ts');
    const t0 = performance.now();
    await generateCountry({ people, seed: 11, outDir: countryDir, asOf: AS_OF });
    console.error(`generated ${people} persons in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (modes.includes('copy-person') && !existsSync(normalisedPath(file))) await writeNormalised(file);
  const sizeMiB = (await stat(file)).size / 2 ** 20;
  const rows = Number(execFileSync('wc', ['-l', file]).toString().trim().split(' ')[0]) - 1;
  console.log(`persons file: ${rows} rows, ${sizeMiB.toFixed(0)} MiB`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  const results: Measurement[] = [];
  for (const backend of backends) {
    for (const mode of modes) {
      const prepared = await prepareDatabase(backend, server, work);
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--max-old-space-size=2048',
          new URL(import.meta.url).pathname,
          '--child',
          backend,
          mode,
          file,
          prepared.location,
          work,
          String(rows),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const keep = keepEmbedded && r.status === 0 && backend === 'embedded' && mode === 'import';
      if (keep) await keepDataFolder(prepared.location, keepEmbedded);
      else await prepared.drop();
      if (r.status !== 0) throw new Error(`${backend} ${mode} failed:\n${r.stdout}`);
      const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as Measurement;
      results.push(m);
      console.log(
        `${backend.padEnd(9)} ${mode.padEnd(11)} ${m.seconds.toFixed(1).padStart(7)} s  ${Math.round(
          m.rows / m.seconds,
        )
          .toLocaleString('en')
          .padStart(10)} rows/s  peak RSS ${m.peakRssMiB.toFixed(0)} MiB`,
      );
    }
    const bare = results.find((r) => r.backend === backend && r.mode === 'copy-bare');
    const keyed = results.find((r) => r.backend === backend && r.mode === 'copy-keyed');
    const imp = results.find((r) => r.backend === backend && r.mode === 'import');
    if (bare && imp)
      console.log(`${backend}: import / bare COPY = ${(imp.seconds / bare.seconds).toFixed(2)}`);
    if (keyed && imp)
      console.log(`${backend}: import / keyed COPY = ${(imp.seconds / keyed.seconds).toFixed(2)}`);
    const person = results.find((r) => r.backend === backend && r.mode === 'copy-person');
    if (person && imp) {
      console.log(`${backend}: import / COPY into person = ${(imp.seconds / person.seconds).toFixed(2)}`);
    }
  }
  if (keepEmbedded && existsSync(keepEmbedded))
    console.log(`embedded import's data folder kept in ${keepEmbedded}`);
}

/**
 * Moves the embedded data folder `from` to `to` with its server stopped: the measured child, the
 * last process attached, stopped it when it closed; one still running (a child killed before
 * leaving) is stopped here, so the folder holds a cleanly shut down cluster.
 */
async function keepDataFolder(from: string, to: string): Promise<void> {
  const stopped = await stopEmbedded(from);
  if (!stopped.ok) throw new Error(`the embedded server did not stop: ${JSON.stringify(stopped.error)}`);
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    execFileSync('mv', [from, to]); // another file system: mv copies, then removes
  }
}

await main();
