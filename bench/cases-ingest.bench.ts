/**
 * Benchmark: evidence ingest (issue #21 §9) — 10,000 synthetic evidence files of 1 KB to 10 MB put
 * into the content-addressed evidence store (src/cases/evidence/store.ts: streamed, SHA-256 while
 * writing, fsync, read-only, hard-linked under the hash), against the disk's sequential write speed
 * measured in the same run on the same folder (one big file written in 1 MiB blocks, then fsync),
 * before, between the small and the large files, and after. Target: ingest ≥ 80 % of the sequential write speed.
 *
 *   UV_THREADPOOL_SIZE=64 node --import tsx bench/cases-ingest.bench.ts [--files 10000] [--max-gb 3] [--concurrency 4]
 *       [--batch 500] [--skew 4] [--sequential-mb 1024] [--dir /some/folder/on/the/data/disk]
 *
 * Sizes are 1 KB · 10^(4·u^skew) for u uniform in [0, 1) (seeded), so most files are small
 * (photos' thumbnails, statements, short audio) and a few are near 10 MB (video); with skew 4 the
 * total is about 3 GB. If the folder's free space is short (checked with statfs), or the total is
 * above --max-gb, the sizes are scaled down and the output says so. The content is random (a
 * disk that compresses or deduplicates would flatter zeros), streamed from a 16 MiB pool with a
 * distinct header per file, so every file has its own hash. Everything written is removed at the end.
 * Small files and files of 1 MiB or more are ingested and timed apart (small first), so the output
 * shows where the time goes. Files go in through store.putBatch, --batch at a time (each file's
 * bytes fsynced, each distinct folder fsynced once per batch, all of a batch's folder fsyncs
 * waiting together); --batch 1 puts them one by one with store.put (a folder fsync per file).
 * UV_THREADPOOL_SIZE lets more fsyncs wait at once (the disk's journal
 * commits concurrent fsyncs together); the default pool of 4 threads serialises them.
 *
 * --import measures the whole ingest path instead of the store alone: the files are first written
 * to a source folder (not timed, then `sync`), and `importEvidence` (src/cases/evidence-import.ts)
 * takes them from there into an investigation, --batch rows a group (store step: putBatch, small
 * files read whole, large ones streamed once and hashed while written; record step: one
 * transaction and one audit batch per group). The database is ayni's embedded PostgreSQL in the
 * bench's folder, or with DATABASE_URL a fresh database ayni_bench_cases_ingest_<pid> on that
 * server, dropped after. CPU is reported for this process and for the database's backends (their
 * /proc/<pid>/stat, found in pg_stat_activity), against the CPU the sequential probe used per MB.
 * This process's CPU is also split into user time (the code's) and system time (mostly the file
 * system's: on an ext4 without journal, its inode allocation slows down for minutes after many
 * files were deleted, the previous run's among them).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { EvidenceStore } from '../src/cases/evidence/store.ts';
import { folderRows, type ImportRow, importEvidence, openInvestigation } from '../src/cases/index.ts';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? Number.NaN : Number(process.argv[at + 1]);
  return Number.isFinite(value) ? value : fallback;
}
const dirAt = process.argv.indexOf('--dir');
const baseDir = dirAt < 0 ? os.tmpdir() : process.argv[dirAt + 1]!;
const files = flag('files', 10_000);
const maxBytes = flag('max-gb', 3) * 1e9;
const concurrency = flag('concurrency', 4);
const skew = flag('skew', 4);
const sequentialBytes = flag('sequential-mb', 1024) * 1024 * 1024;
/** Files per store.putBatch (each distinct folder fsynced once per batch); 1: one store.put per file. */
const batch = flag('batch', 500);
/** The whole import path (importEvidence into a database) rather than the store alone. */
const importMode = process.argv.includes('--import');
/** Only the files under 1 MiB (for profiling the per-file costs). */
const smallOnly = process.argv.includes('--small-only');

const MIN_BYTES = 1024;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** Files from this size on are timed apart: per-file costs (fsync, link) stop dominating there. */
const LARGE_BYTES = 1024 * 1024;
const POOL = randomBytes(16 * 1024 * 1024);
const MB = 1e6;

/** mulberry32: a small seeded generator, so every run ingests the same sizes. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fileSizes(): number[] {
  const random = seeded(21);
  return Array.from({ length: files }, () =>
    Math.round(Math.min(MAX_FILE_BYTES, MIN_BYTES * 10 ** (4 * random() ** skew))),
  );
}

/** A file's content as a stream: its index as a header, then bytes of the pool, 1 MiB at a time. */
function content(index: number, size: number): Readable {
  return Readable.from(
    (function* () {
      const header = Buffer.alloc(Math.min(16, size));
      header.write(`ev${index}`.padEnd(16, '.').slice(0, header.length), 'latin1');
      yield header;
      let left = size - header.length;
      let at = (index * 7919 * 64) % (POOL.length - CHUNK);
      while (left > 0) {
        const n = Math.min(left, CHUNK, POOL.length - at);
        yield POOL.subarray(at, at + n);
        left -= n;
        at = (at + n) % (POOL.length - CHUNK);
      }
    })(),
    { objectMode: false },
  );
}

/** CPU seconds this process used in the probes, and the bytes they wrote (CPU per MB of the floor). */
const probeCpu = { seconds: 0, bytes: 0 };

/** Sequential write: one file in 1 MiB blocks, fsync at the end; MB/s including the fsync. */
async function sequentialWrite(dir: string, bytes: number): Promise<number> {
  const file = path.join(dir, 'sequential.bin');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += CHUNK) {
      const at = (written / CHUNK) % 15;
      await handle.write(POOL, at * CHUNK, Math.min(CHUNK, bytes - written));
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  probeCpu.seconds += (c.user + c.system) / 1e6;
  probeCpu.bytes += bytes;
  await rm(file);
  return bytes / MB / seconds;
}

/** The import mode's database: embedded in `dir`, or a fresh database on DATABASE_URL's server. */
async function benchDatabase(dir: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL || undefined;
  if (!server) {
    const db = await openBenchDatabase({ databaseUrl: undefined, dataDir: path.join(dir, 'db') });
    return { db, drop: () => db.close() };
  }
  const name = `ayni_bench_cases_ingest_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const db = await openBenchDatabase({ databaseUrl: u.toString(), dataDir: dir });
  return {
    db,
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** CPU seconds used so far by each backend serving this database (Linux /proc), by pid. */
async function backendTicks(db: Database): Promise<Map<number, number>> {
  const rows = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks.set(pid, (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100);
  }
  return ticks;
}

/**
 * The backends' CPU since `start`: over the backends alive now (one that started since counts
 * whole; one that ended since is lost, so this is a lower bound).
 */
async function backendCpuSince(db: Database, start: Map<number, number>): Promise<number> {
  let seconds = 0;
  for (const [pid, now] of await backendTicks(db)) seconds += now - (start.get(pid) ?? 0);
  return seconds;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(baseDir, 'ayni-ingest-bench-'));
  let database: { db: Database; drop: () => Promise<void> } | undefined;
  try {
    let sizes = fileSizes();
    let total = sizes.reduce((a, b) => a + b, 0);
    const fs = await statfs(dir);
    const free = fs.bavail * fs.bsize;
    // Room for the ingest, the sequential file and a margin of 2 GB for everyone else on the disk.
    // The import mode holds the sources and the store.
    const room = Math.min(maxBytes, (free - sequentialBytes - 2e9) / (importMode ? 2 : 1));
    let scaleNote = 'not scaled';
    if (room <= 0) throw new Error(`only ${(free / 1e9).toFixed(1)} GB free in ${dir}`);
    if (total > room) {
      const scale = room / total;
      sizes = sizes.map((s) => Math.max(MIN_BYTES, Math.round(s * scale)));
      total = sizes.reduce((a, b) => a + b, 0);
      scaleNote = `scaled ×${scale.toFixed(3)} (free ${(free / 1e9).toFixed(1)} GB, --max-gb ${maxBytes / 1e9})`;
    }
    const sorted = [...sizes].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
    console.log(
      `ingest: ${files} files, ${(total / 1e9).toFixed(2)} GB (${scaleNote}); sizes min ${sorted[0]} B, median ${pct(0.5)} B, p90 ${pct(0.9)} B, max ${sorted[sorted.length - 1]} B; concurrency ${concurrency}; ${importMode ? `importEvidence, groups of ${batch} rows, ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL'}` : batch > 1 ? `batches of ${batch} (putBatch)` : 'one put per file'}; folder ${dir} (free ${(free / 1e9).toFixed(1)} GB); ${os.cpus().length} CPUs; load ${loadAverage()}`,
    );
    const source = path.join(dir, 'source');
    let rowsOf = new Map<number, ImportRow>();
    const CODE = 'BENCH-INGEST';
    const lead = { username: 'ana.investigadora', actor: 'account:ana.investigadora' as const };
    const at = new Date('2021-03-02T12:00:00Z');
    if (importMode) {
      const t0 = performance.now();
      await mkdir(path.join(source, 'f'), { recursive: true });
      const name = (i: number) => path.join('f', `${String(i).padStart(5, '0')}.bin`);
      for (let i = 0; i < sizes.length; i += 32)
        await Promise.all(
          sizes
            .slice(i, i + 32)
            .map((size, k) =>
              pipeline(content(i + k, size), createWriteStream(path.join(source, name(i + k)))),
            ),
        );
      execFileSync('sync');
      const rows = await folderRows(source);
      rowsOf = new Map(rows.map((r) => [Number(path.basename(r.file, '.bin')), r]));
      database = await benchDatabase(dir);
      const migrated = await migrate(database.db);
      if (!migrated.ok) throw new Error(JSON.stringify(migrated.error));
      const opened = await openInvestigation(
        database.db,
        { code: CODE, title: 'Ingesta', openedOn: '2020-07-01' },
        lead,
        at,
      );
      if (!opened.ok) throw new Error(JSON.stringify(opened.error));
      console.log(
        `sources written to ${source} and synced, database migrated: ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`,
      );
    }

    const hashStart = performance.now();
    createHash('sha256').update(POOL).update(POOL).update(POOL).update(POOL).digest();
    const hashMBps = (4 * POOL.length) / MB / ((performance.now() - hashStart) / 1000);

    const before = await sequentialWrite(dir, sequentialBytes);
    console.log(
      `sequential write before: ${before.toFixed(0)} MB/s (${sequentialBytes / 2 ** 20} MiB, fsync)`,
    );

    const store = new EvidenceStore(path.join(dir, 'evidence'));
    const check = (i: number, blob: { byteLength: number; alreadyStored: boolean }) => {
      if (blob.byteLength !== sizes[i] || blob.alreadyStored) {
        throw new Error(
          `file ${i}: ${blob.byteLength} bytes stored (${sizes[i]} sent), already ${blob.alreadyStored}`,
        );
      }
      return blob.byteLength;
    };
    const ingest = async (indexes: number[]) => {
      let next = 0;
      let bytes = 0;
      const t0 = performance.now();
      if (importMode) {
        const r = await importEvidence(
          database!.db,
          store,
          CODE,
          source,
          indexes.map((i) => rowsOf.get(i)!),
          [],
          lead,
          at,
          {
            defaultCollection: {
              by: 'Banco de pruebas',
              collectedAt: '2019-11-16T09:00:00-04:00',
              place: 'Sacaba',
              method: 'Sintético',
            },
            defaultKind: 'other',
            groupRows: batch,
            concurrency,
          },
        );
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        if (r.value.added !== indexes.length)
          throw new Error(
            `import: ${r.value.added} added of ${indexes.length} (${JSON.stringify(r.value.rejections.slice(0, 3))})`,
          );
        bytes = r.value.bytesRead;
      } else if (batch > 1) {
        // store.putBatch: each file fsynced, each distinct folder fsynced once per batch.
        for (let from = 0; from < indexes.length; from += batch) {
          const slice = indexes.slice(from, from + batch);
          const blobs = await store.putBatch(
            (function* () {
              for (const i of slice) yield content(i, sizes[i]!);
            })(),
            { concurrency },
          );
          blobs.forEach((blob, k) => {
            bytes += check(slice[k]!, blob);
          });
        }
      } else {
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < indexes.length) {
              const i = indexes[next++]!;
              const blob = await store.put(content(i, sizes[i]!));
              bytes += check(i, blob);
            }
          }),
        );
      }
      return { files: indexes.length, bytes, seconds: (performance.now() - t0) / 1000 };
    };
    const all = sizes.map((_, i) => i);
    const backend0 = database ? await backendTicks(database.db) : new Map<number, number>();
    const cpu0 = process.cpuUsage();
    const load0 = loadAverage();
    const small = await ingest(all.filter((i) => sizes[i]! < LARGE_BYTES));
    const smallCpu = process.cpuUsage(cpu0);
    const backendSmall = database ? await backendCpuSince(database.db, backend0) : 0;
    const between = await sequentialWrite(dir, sequentialBytes);
    console.log(`sequential write between: ${between.toFixed(0)} MB/s`);
    const cpu1 = process.cpuUsage();
    const backend1 = database ? await backendTicks(database.db) : new Map<number, number>();
    const large = await ingest(smallOnly ? [] : all.filter((i) => sizes[i]! >= LARGE_BYTES));
    const largeCpu = process.cpuUsage(cpu1);
    const backendLarge = database ? await backendCpuSince(database.db, backend1) : 0;
    const cpu = { user: smallCpu.user + largeCpu.user, system: smallCpu.system + largeCpu.system };
    const cpuOf = (c: { user: number; system: number }) => (c.user + c.system) / 1e6;
    // User time is this code's; system time is mostly the file system's (on this disk, ext4's
    // inode allocation, which slows down after many files were deleted: by the previous run too).
    const split = (c: { user: number; system: number }, per: number, unit: string) =>
      `user ${(c.user / 1e3 / Math.max(1, per)).toFixed(2)} + system ${(c.system / 1e3 / Math.max(1, per)).toFixed(2)} ms a ${unit}`;
    console.log(
      `CPU (load ${load0} at the start, ${loadAverage()} at the end): files < 1 MiB: this process ${cpuOf(smallCpu).toFixed(1)} s (${((cpuOf(smallCpu) / Math.max(1, small.files)) * 1000).toFixed(2)} ms a file: ${split(smallCpu, small.files, 'file')})${database ? `, database backends ${backendSmall.toFixed(1)} s (${((backendSmall / Math.max(1, small.files)) * 1000).toFixed(2)} ms a file)` : ''}; files ≥ 1 MiB: this process ${cpuOf(largeCpu).toFixed(1)} s (${((cpuOf(largeCpu) / Math.max(1, large.bytes / MB)) * 1000).toFixed(2)} ms a MB: ${split(largeCpu, large.bytes / MB, 'MB')})${database ? `, backends ${backendLarge.toFixed(1)} s` : ''}`,
    );

    const afterMBps = await sequentialWrite(dir, sequentialBytes);
    console.log(`sequential write after:  ${afterMBps.toFixed(0)} MB/s`);
    // On a shared machine the disk's speed moves during the run: each phase is compared with the
    // mean of the measurements around it, the whole with the mean of all three and, the strictest,
    // with the best of them.
    const best = Math.max(before, between, afterMBps);
    const line = (name: string, r: { files: number; bytes: number; seconds: number }, disk: number) => {
      const mbps = r.bytes / MB / r.seconds;
      console.log(
        `${name}: ${r.files} files, ${(r.bytes / 1e9).toFixed(2)} GB in ${r.seconds.toFixed(1)} s = ${(r.files / r.seconds).toFixed(0)} files/s, ${mbps.toFixed(0)} MB/s = ${((mbps / disk) * 100).toFixed(0)} % of the disk around it (${disk.toFixed(0)} MB/s)`,
      );
      return mbps;
    };
    line(`files < ${LARGE_BYTES / 2 ** 20} MiB`, small, (before + between) / 2);
    line(`files ≥ ${LARGE_BYTES / 2 ** 20} MiB`, large, (between + afterMBps) / 2);
    const everything = {
      files: small.files + large.files,
      bytes: small.bytes + large.bytes,
      seconds: small.seconds + large.seconds,
    };
    const mean = (before + between + afterMBps) / 3;
    const ingestMBps = line('all files', everything, mean);
    const ratio = ingestMBps / mean;
    console.log(
      `(per file: stream, SHA-256, write, fsync, link; folder fsync ${batch > 1 ? 'once per distinct folder per batch' : 'per file'}; this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; SHA-256 alone ${hashMBps.toFixed(0)} MB/s; UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'})`,
    );
    const ingestCpuPerMB = (cpuOf(cpu) + backendSmall + backendLarge) / (everything.bytes / MB);
    const probeCpuPerMB = probeCpu.seconds / (probeCpu.bytes / MB);
    console.log(
      `CPU per MB: ingest ${(ingestCpuPerMB * 1000).toFixed(2)} ms (this process${database ? ' + backends' : ''}), sequential probe ${(probeCpuPerMB * 1000).toFixed(2)} ms: the ingest costs ${(ingestCpuPerMB / probeCpuPerMB).toFixed(1)} × the floor's CPU per byte`,
    );
    console.log(
      `ratio: ingest ${ingestMBps.toFixed(0)} MB/s / disk ${mean.toFixed(0)} MB/s (mean of before, between, after) = ${(ratio * 100).toFixed(0)} % (target ≥ 80 %) ${ratio >= 0.8 ? 'MET' : 'NOT MET'}; against the best (${best.toFixed(0)} MB/s) ${((ingestMBps / best) * 100).toFixed(0)} %`,
    );
  } finally {
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
