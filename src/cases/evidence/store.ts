import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export { readOriginalMetadata } from './metadata.ts';

/**
 * The evidence store: every file of a case, kept once under the SHA-256 of its bytes and never
 * changed (issue #21 §2). A blob lives at `<root>/ab/cd/<hash>` (two fan-out levels keep folders
 * small at millions of files). A put streams the source into a temporary file in `<root>/incoming`
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

/** A file written and linked under its hash name, its folder not yet fsynced. */
interface Written {
  blob: StoredBlob;
  folder: string;
  temporary: string;
}

/** A SHA-256 in lower-case hex, the only names the store knows (which also rules out `../`). */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Writes to the temporary file are at most this long, so a huge Uint8Array is not copied whole. */
const WRITE_CHUNK_BYTES = 1024 * 1024;

/** At most this many folders remembered (65,536 fan-out folders + incoming fit). */
const MAX_KNOWN_FOLDERS = 70_000;

/** The folder under the store's root that holds files being written. */
const INCOMING = 'incoming';

/**
 * @example
 *   const store = evidenceStoreFor(config.dataDir);
 *   const { sha256, alreadyStored } = await store.put(createReadStream('autopsia.pdf'));
 */
export class EvidenceStore {
  /** Folders this store created or found: a put then skips their mkdir (one stat each otherwise). */
  private readonly knownFolders = new Set<string>();

  constructor(readonly rootDirectory: string) {}

  /** Where the blob with this hash lives (whether or not it is there). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256))
      throw new Error(`not a SHA-256 in lower-case hex: ${JSON.stringify(sha256)}`);
    return path.join(this.rootDirectory, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
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
      if (!written.blob.alreadyStored) await syncFolder(written.folder);
      return written.blob;
    } finally {
      await unlink(written.temporary).catch(() => undefined);
    }
  }

  /**
   * Stores many files, `concurrency` at a time, with the same guarantees as `put` for each: its
   * bytes fsynced before they get their hash name, and that name fsynced before this returns. The
   * difference is the folders: each distinct folder that got a new name is fsynced once, after all
   * the batch's links (not once per file), and all those folder fsyncs wait together, so the file
   * system commits them in few journal transactions. Sources are taken from the iterable only when
   * a writer is free (a generator can open each file lazily). The blobs come back in the sources'
   * order; if any put fails, the batch fails after the others have finished (their blobs stay:
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
    const written: Written[] = [];
    let next = 0;
    let failure: { error: unknown } | undefined;
    const writer = async () => {
      while (failure === undefined) {
        const step = iterator.next();
        if (step.done) return;
        const at = next++;
        try {
          written[at] = await this.write(step.value);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, writer));
      if (failure !== undefined) throw failure.error;
      const folders = new Set<string>();
      for (const w of written) if (!w.blob.alreadyStored) folders.add(w.folder);
      await Promise.all([...folders].map((folder) => syncFolder(folder)));
      return written.map((w) => w.blob);
    } finally {
      await Promise.all(
        written.filter((w) => w !== undefined).map((w) => unlink(w.temporary).catch(() => undefined)),
      );
    }
  }

  /**
   * Streams the source into a temporary file (hashing it), fsyncs it and links it under its hash
   * name; the folder that holds the name is not yet fsynced, and the temporary name is still there
   * (the caller unlinks it). On failure the temporary file is removed here.
   */
  private async write(source: Uint8Array | AsyncIterable<Uint8Array | string>): Promise<Written> {
    const incoming = path.join(this.rootDirectory, INCOMING);
    await this.ensureFolder(incoming);
    const temporary = path.join(incoming, `${process.pid}-${randomBytes(12).toString('hex')}.partial`);
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
          throw new Error(
            `evidence blob ${sha256} on disk has ${existing.size} bytes, expected ${byteLength}`,
          );
        }
      }
      return { blob: { sha256, byteLength, alreadyStored: !created }, folder, temporary };
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
    return new Uint8Array(await readFile(this.pathOf(sha256)));
  }

  /**
   * The blob's bytes as a stream, for copying large files into a bundle or an HTTP response.
   *
   * @example store.readStream(item.sha256).pipe(response);
   */
  readStream(sha256: string): NodeJS.ReadableStream {
    return createReadStream(this.pathOf(sha256));
  }

  /** @example if (!(await store.has(sha256))) return fail({ code: 'evidence_file_missing' }); */
  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if (isCode(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /**
   * Re-hashes the blob on disk: `ok` when its bytes still hash to its name. A blob that is not
   * there is not ok and has no `actualSha256`.
   *
   * @example const { ok, actualSha256 } = await store.check(item.sha256);
   */
  async check(sha256: string): Promise<{ ok: boolean; actualSha256?: string }> {
    if (!(await this.has(sha256))) return { ok: false };
    const actualSha256 = await sha256OfFile(this.pathOf(sha256));
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
    if (!isCode(error, 'EPERM') && !isCode(error, 'ENOTSUP') && !isCode(error, 'EOPNOTSUPP')) throw error;
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
    if (!isCode(error, 'EINVAL') && !isCode(error, 'EISDIR') && !isCode(error, 'EPERM')) throw error;
  } finally {
    await handle.close();
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
