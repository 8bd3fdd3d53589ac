import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finishBatch, writeSmallFiles } from './batch-writer.ts';
import {
  blobPath,
  damagedBlob,
  folderSyncRefused,
  INCOMING,
  isCode,
  legacyBlobPath,
  linkUnsupported,
  MAX_KNOWN_FOLDERS,
  SHA256_HEX,
  temporaryPath,
  type WrittenBlob,
} from './blob-files.ts';

export { readOriginalMetadata } from './metadata.ts';

/**
 * The evidence store: every file of a case, kept once under the SHA-256 of its bytes and never
 * changed (issue #21 §2). A blob is written at `<root>/ab/<hash>` (one fan-out level of 256
 * folders, see blobPath; blobs of older versions stay at `<root>/ab/cd/<hash>` and are read,
 * verified and exported the same). A put streams the source into a temporary file in `<root>/incoming`
 * (the same file system, so the final step is atomic), hashing as it writes, fsyncs it, makes it
 * read-only (0444) and then hard-links it under its hash name. `link` fails if the name exists, so
 * of two processes or two concurrent puts of the same bytes exactly one creates the blob and the
 * other learns it was already stored; a crash at any point leaves at most a file in `incoming`,
 * never a half-written file under a hash name.
 */
export interface StoredBlob {
  sha256: string;
  byteLength: number;
  alreadyStored: boolean;
}

/** Writes to the temporary file are at most this long, so a huge Uint8Array is not copied whole. */
const WRITE_CHUNK_BYTES = 1024 * 1024;

/**
 * A batch's files up to this size go to the batch writer thread, whole (a stream is gathered
 * until it proves larger, then written here with the part already read); larger files are
 * streamed here, where their per-file costs are small against their bytes.
 */
export const SMALL_FILE_BYTES = 1024 * 1024;
/** Uint8Arrays whose bytes the caller handed over to the store (handOver): moved, not copied. */
const handedOver = new WeakSet<Uint8Array>();

/**
 * Gives a batch source's bytes to the store: putBatch may move (transfer) its buffer to the writer
 * thread instead of copying it, after which the caller's array is empty. For callers that have no
 * further use for the bytes (an import that read the file for this put alone).
 *
 * @example await store.putBatch(files.map((bytes) => handOver(bytes)));
 */
export function handOver(bytes: Uint8Array): Uint8Array {
  handedOver.add(bytes);
  return bytes;
}

/** A message to the writer thread holds at most this many files and bytes. */
const SMALL_FILES_A_MESSAGE = 64;
const SMALL_BYTES_A_MESSAGE = 16 * 1024 * 1024;

/**
 * @example
 *   const store = evidenceStoreFor(config.dataDir);
 *   const { sha256, alreadyStored } = await store.put(createReadStream('autopsia.pdf'));
 */
export class EvidenceStore {
  /** Folders this store created or found: a put then skips their mkdir (one stat each otherwise). */
  private readonly knownFolders = new Set<string>();

  constructor(readonly rootDirectory: string) {}

  /**
   * Where the blob with this hash is written (whether or not it is there). An older version may
   * have stored it at `legacyBlobPath` instead: to find a stored blob, use `locate`.
   */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256))
      throw new Error(`not a SHA-256 in lower-case hex: ${JSON.stringify(sha256)}`);
    return blobPath(this.rootDirectory, sha256);
  }

  /**
   * The file that holds the blob, in either layout (this version's first), or undefined when the
   * store does not hold it.
   *
   * @example const file = await store.locate(item.sha256);
   */
  async locate(sha256: string): Promise<string | undefined> {
    const current = this.pathOf(sha256);
    for (const file of [current, legacyBlobPath(this.rootDirectory, sha256)]) {
      try {
        if ((await stat(file)).isFile()) return file;
      } catch (error) {
        if (!isCode(error, 'ENOENT') && !isCode(error, 'ENOTDIR')) throw error;
      }
    }
    return undefined;
  }

  /**
   * Stores the bytes once. A stream is hashed and written chunk by chunk, never held whole in
   * memory. `alreadyStored` is true when a blob with these bytes was there before (or another
   * writer stored it first).
   *
   * @example const blob = await store.put(new TextEncoder().encode('acta'));
   */
  async put(source: Uint8Array | AsyncIterable<Uint8Array | string>): Promise<StoredBlob> {
    const written = await this.write(source);
    try {
      if (!written.alreadyStored) await syncFolder(written.folder);
      return { sha256: written.sha256, byteLength: written.byteLength, alreadyStored: written.alreadyStored };
    } finally {
      await unlink(written.temporary).catch(() => undefined);
    }
  }

  /**
   * Stores many files, `concurrency` at a time, with the same guarantees as `put` for each: its
   * bytes fsynced before they get their hash name, and that name fsynced before this returns. The
   * differences: each distinct folder that got a new name is fsynced once, after all the batch's
   * links (not once per file), all those folder fsyncs waiting together, so the file system
   * commits them in few journal transactions; and small files (up to SMALL_FILE_BYTES, a stream
   * is gathered until it proves larger) are written by the batch writer thread with synchronous
   * calls (./batch-writer.worker.ts), not by about ten promises and thread-pool hops each here,
   * which made small files CPU-bound. Sources are taken from the iterable only when a writer is
   * free (a generator can open each file lazily). The blobs come back in the sources' order; if
   * any put fails, the batch fails after the others have finished (their blobs stay:
   * content-addressed, a retry finds them `alreadyStored`).
   *
   * @example const blobs = await store.putBatch(paths.map((p) => createReadStream(p)), { concurrency: 32 });
   */
  async putBatch(
    sources: Iterable<Uint8Array | AsyncIterable<Uint8Array | string>>,
    options: { concurrency?: number } = {},
  ): Promise<StoredBlob[]> {
    const concurrency = Math.max(1, options.concurrency ?? 16);
    const iterator = sources[Symbol.iterator]();
    const written: WrittenBlob[] = [];
    let next = 0;
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown) => {
      failure ??= { error };
    };
    // Small files wait here until a message's worth is gathered, then go to the writer thread
    // while the next ones are read.
    let gathered: { at: number; bytes: Uint8Array }[] = [];
    let gatheredBytes = 0;
    const sent: Promise<void>[] = [];
    const send = () => {
      if (gathered.length === 0) return;
      const files = gathered;
      gathered = [];
      gatheredBytes = 0;
      const root = this.rootDirectory;
      sent.push(
        writeSmallFiles(
          root,
          files.map((f) => f.bytes),
        ).then((results) => {
          for (const [k, r] of results.entries()) {
            if ('written' in r) written[files[k]!.at] = r.written;
            else fail(new Error(r.error));
          }
        }, fail),
      );
    };
    const writer = async () => {
      while (failure === undefined) {
        const step = iterator.next();
        if (step.done) return;
        const at = next++;
        try {
          const source = await smallOrStream(step.value);
          if ('movable' in source) {
            gathered.push({ at, bytes: source.movable });
            gatheredBytes += source.movable.byteLength;
            if (gathered.length >= SMALL_FILES_A_MESSAGE || gatheredBytes >= SMALL_BYTES_A_MESSAGE) send();
          } else written[at] = await this.write(source.stream);
        } catch (error) {
          fail(error);
        }
      }
    };
    let finished = false;
    try {
      await Promise.all(Array.from({ length: concurrency }, writer));
      send();
      await Promise.all(sent);
      if (failure !== undefined) throw failure.error;
      const folders = new Set<string>();
      for (const w of written) if (!w.alreadyStored) folders.add(w.folder);
      finished = true;
      await finishBatch(
        [...folders],
        written.map((w) => w.temporary),
      );
      return written.map((w) => ({
        sha256: w.sha256,
        byteLength: w.byteLength,
        alreadyStored: w.alreadyStored,
      }));
    } finally {
      if (!finished) {
        await Promise.all(sent).catch(() => undefined);
        await Promise.all(
          written.filter((w) => w !== undefined).map((w) => unlink(w.temporary).catch(() => undefined)),
        );
      }
    }
  }

  /**
   * Streams the source into a temporary file (hashing it), fsyncs it and links it under its hash
   * name; the folder that holds the name is not yet fsynced, and the temporary name is still there
   * (the caller unlinks it). On failure the temporary file is removed here.
   */
  private async write(source: Uint8Array | AsyncIterable<Uint8Array | string>): Promise<WrittenBlob> {
    await this.ensureFolder(path.join(this.rootDirectory, INCOMING));
    const temporary = temporaryPath(this.rootDirectory);
    const hash = createHash('sha256');
    let byteLength = 0;
    // Created read-only (0444): the mode binds later opens, not this one, which may write; the
    // file is never writable by name, before or after it gets its hash name.
    const handle = await open(temporary, 'wx', 0o444);
    try {
      try {
        for await (const chunk of chunksOf(source)) {
          hash.update(chunk);
          byteLength += chunk.byteLength;
          await writeAll(handle, chunk);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      const final = this.pathOf(sha256);
      const folder = path.dirname(final);
      // Stored once: a blob an older version wrote in the two-level layout is not written again.
      const legacy = await stat(legacyBlobPath(this.rootDirectory, sha256)).catch((error: unknown) => {
        if (isCode(error, 'ENOENT')) return undefined;
        throw error;
      });
      if (legacy !== undefined) {
        if (legacy.size !== byteLength) throw damagedBlob(sha256, legacy.size, byteLength);
        return { sha256, byteLength, alreadyStored: true, folder, temporary };
      }
      await this.ensureFolder(folder);
      let created: boolean;
      try {
        created = await linkIfAbsent(temporary, final);
      } catch (error) {
        // The folder was removed behind this store's back (its cache is stale): make it again.
        if (!isCode(error, 'ENOENT')) throw error;
        this.knownFolders.delete(folder);
        await this.ensureFolder(folder);
        created = await linkIfAbsent(temporary, final);
      }
      if (!created) {
        const existing = await stat(final);
        if (existing.size !== byteLength) {
          // Never overwritten: a blob whose size differs from its name's bytes was damaged on disk.
          throw damagedBlob(sha256, existing.size, byteLength);
        }
      }
      return { sha256, byteLength, alreadyStored: !created, folder, temporary };
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (this.knownFolders.has(folder)) return;
    await mkdir(folder, { recursive: true, mode: 0o700 });
    if (this.knownFolders.size >= MAX_KNOWN_FOLDERS) this.knownFolders.clear();
    this.knownFolders.add(folder);
  }

  /**
   * Removes temporary files that a crashed put left in `incoming`, those last written before
   * `olderThan` (a put in progress writes its file continuously, so give it a margin: an hour).
   * Returns how many were removed. Blobs are never touched.
   *
   * @example await store.removeAbandoned(new Date(Date.now() - 3_600_000));
   */
  async removeAbandoned(olderThan: Date): Promise<number> {
    const incoming = path.join(this.rootDirectory, INCOMING);
    const names = await readdir(incoming).catch((error: unknown) => {
      if (isCode(error, 'ENOENT')) return [] as string[];
      throw error;
    });
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.partial')) continue;
      const file = path.join(incoming, name);
      const info = await stat(file).catch(() => undefined);
      if (info === undefined || info.mtimeMs >= olderThan.getTime()) continue;
      await unlink(file).catch(() => undefined);
      removed++;
    }
    return removed;
  }

  /**
   * The blob's bytes, whole. Throws if the store does not hold it (ask `has` first); for large
   * files use `readStream`.
   *
   * @example const bytes = await store.read(item.sha256);
   */
  async read(sha256: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(await this.stored(sha256)));
  }

  /**
   * The blob's bytes as a stream, for copying large files into a bundle or an HTTP response.
   *
   * @example store.readStream(item.sha256).pipe(response);
   */
  readStream(sha256: string): NodeJS.ReadableStream {
    const store = this;
    // Which layout holds it is known only after a stat, so the file is opened at the first read.
    return Readable.from(
      (async function* () {
        yield* createReadStream(await store.stored(sha256));
      })(),
      { objectMode: false },
    );
  }

  /** The blob's file; a blob the store does not hold fails as reading a missing file does. */
  private async stored(sha256: string): Promise<string> {
    const file = await this.locate(sha256);
    if (file !== undefined) return file;
    throw Object.assign(new Error(`ENOENT: evidence blob ${sha256} is not in the store`), { code: 'ENOENT' });
  }

  /** @example if (!(await store.has(sha256))) return fail({ code: 'evidence_file_missing' }); */
  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    return (await this.locate(sha256)) !== undefined;
  }

  /**
   * Re-hashes the blob on disk: `ok` when its bytes still hash to its name. A blob that is not
   * there is not ok and has no `actualSha256`.
   *
   * @example const { ok, actualSha256 } = await store.check(item.sha256);
   */
  async check(sha256: string): Promise<{ ok: boolean; actualSha256?: string }> {
    const file = SHA256_HEX.test(sha256) ? await this.locate(sha256) : undefined;
    if (file === undefined) return { ok: false };
    const actualSha256 = await sha256OfFile(file);
    return { ok: actualSha256 === sha256, actualSha256 };
  }
}

/**
 * The store of a data folder: `<data dir>/evidence`.
 *
 * @example const store = evidenceStoreFor(config.dataDir);
 */
export function evidenceStoreFor(dataDirectory: string): EvidenceStore {
  return new EvidenceStore(path.join(dataDirectory, 'evidence'));
}

/**
 * SHA-256 (hex) of a file, read as a stream.
 *
 * @example await sha256OfFile('bundle/files/ab…')
 */
export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* chunksOf(
  source: Uint8Array | AsyncIterable<Uint8Array | string>,
): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let at = 0; at < source.byteLength; at += WRITE_CHUNK_BYTES) {
      yield source.subarray(at, Math.min(at + WRITE_CHUNK_BYTES, source.byteLength));
    }
    return;
  }
  for await (const chunk of source) {
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
  }
}

/**
 * A batch's source as bytes whole when it holds at most SMALL_FILE_BYTES, in a buffer the writer
 * thread may take (a copy, unless the caller handed the bytes over), else a stream of it: a stream's chunks are read until it ends or proves larger, and then the
 * stream goes on from the chunks already read, so it is read once.
 */
async function smallOrStream(
  source: Uint8Array | AsyncIterable<Uint8Array | string>,
): Promise<{ movable: Uint8Array } | { stream: AsyncIterable<Uint8Array> }> {
  if (source instanceof Uint8Array) {
    if (source.byteLength > SMALL_FILE_BYTES) return { stream: chunksOf(source) };
    // Moved only when it is the whole of its own buffer (not a view of a larger or shared one).
    return handedOver.has(source) &&
      source.byteOffset === 0 &&
      source.buffer instanceof ArrayBuffer &&
      source.byteLength === source.buffer.byteLength
      ? { movable: source }
      : { movable: new Uint8Array(source) };
  }
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes <= SMALL_FILE_BYTES) {
    const step = await iterator.next();
    if (step.done) {
      const whole = new Uint8Array(headBytes);
      let at = 0;
      for (const chunk of head) {
        whole.set(chunk, at);
        at += chunk.byteLength;
      }
      return { movable: whole };
    }
    const chunk = typeof step.value === 'string' ? Buffer.from(step.value, 'utf8') : step.value;
    head.push(chunk);
    headBytes += chunk.byteLength;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* head;
    for await (const chunk of { [Symbol.asyncIterator]: () => iterator })
      yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
  return { stream: chunksOf(rest()) };
}

async function writeAll(handle: import('node:fs/promises').FileHandle, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
    written += bytesWritten;
  }
}

/**
 * Gives the finished temporary file its hash name unless that name exists; true when this call
 * created it. A file system without hard links falls back to a rename, which replaces an
 * existing blob by identical bytes (same hash) and so is still safe, only less exact about
 * `alreadyStored`.
 */
async function linkIfAbsent(temporary: string, final: string): Promise<boolean> {
  try {
    await link(temporary, final);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    if (!linkUnsupported(error)) throw error;
  }
  const existed = await stat(final).then(
    () => true,
    () => false,
  );
  if (existed) return false;
  await rename(temporary, final);
  return true;
}

/** Makes a new directory entry durable: fsync of the folder that holds it (POSIX). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems refuse fsync on a folder; the file itself was synced before.
    if (!folderSyncRefused(error)) throw error;
  } finally {
    await handle.close();
  }
}
