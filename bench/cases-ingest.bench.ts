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
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { EvidenceStore } from '../src/cases/evidence/store.ts';

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

/** Sequential write: one file in 1 MiB blocks, fsync at the end; MB/s including the fsync. */
async function sequentialWrite(dir: string, bytes: number): Promise<number> {
  const file = path.join(dir, 'sequential.bin');
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
  await rm(file);
  return bytes / MB / seconds;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(baseDir, 'ayni-ingest-bench-'));
  try {
    let sizes = fileSizes();
    let total = sizes.reduce((a, b) => a + b, 0);
    const fs = await statfs(dir);
    const free = fs.bavail * fs.bsize;
    // Room for the ingest, the sequential file and a margin of 2 GB for everyone else on the disk.
    const room = Math.min(maxBytes, free - sequentialBytes - 2e9);
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
      `ingest: ${files} files, ${(total / 1e9).toFixed(2)} GB (${scaleNote}); sizes min ${sorted[0]} B, median ${pct(0.5)} B, p90 ${pct(0.9)} B, max ${sorted[sorted.length - 1]} B; concurrency ${concurrency}; ${batch > 1 ? `batches of ${batch} (putBatch)` : 'one put per file'}; folder ${dir} (free ${(free / 1e9).toFixed(1)} GB); ${os.cpus().length} CPUs`,
    );

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
      if (batch > 1) {
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
    const cpu0 = process.cpuUsage();
    const small = await ingest(all.filter((i) => sizes[i]! < LARGE_BYTES));
    const between = await sequentialWrite(dir, sequentialBytes);
    console.log(`sequential write between: ${between.toFixed(0)} MB/s`);
    const large = await ingest(all.filter((i) => sizes[i]! >= LARGE_BYTES));
    const cpu = process.cpuUsage(cpu0);

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
      files: files,
      bytes: small.bytes + large.bytes,
      seconds: small.seconds + large.seconds,
    };
    const mean = (before + between + afterMBps) / 3;
    const ingestMBps = line('all files', everything, mean);
    const ratio = ingestMBps / mean;
    console.log(
      `(per file: stream, SHA-256, write, fsync, link; folder fsync ${batch > 1 ? 'once per distinct folder per batch' : 'per file'}; this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; SHA-256 alone ${hashMBps.toFixed(0)} MB/s; UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'})`,
    );
    console.log(
      `ratio: ingest ${ingestMBps.toFixed(0)} MB/s / disk ${mean.toFixed(0)} MB/s (mean of before, between, after) = ${(ratio * 100).toFixed(0)} % (target ≥ 80 %) ${ratio >= 0.8 ? 'MET' : 'NOT MET'}; against the best (${best.toFixed(0)} MB/s) ${((ingestMBps / best) * 100).toFixed(0)} %`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
