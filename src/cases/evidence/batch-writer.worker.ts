/**
 * The evidence store's batch writer thread (./batch-writer.ts): writes a batch's small files with
 * synchronous calls — open, write, close, mkdir, link, unlink each a plain system call on this
 * thread — instead of a promise and a thread-pool hop per call on the main thread, which made
 * small files CPU-bound (docs/benchmarks.md, evidence ingest). Only the fsyncs stay asynchronous,
 * all of a message's at once, because the disk's journal commits concurrent fsyncs together (one
 * after another they cost a commit each). The guarantees are the store's: each file's bytes are
 * fsynced before it gets its hash name, a name that exists is never replaced, and the folders
 * are fsynced (the `finish` message) before the batch returns.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import {
  type BatchWriterReply,
  type BatchWriterRequest,
  blobPath,
  damagedBlob,
  folderSyncRefused,
  INCOMING,
  isCode,
  legacyBlobPath,
  linkUnsupported,
  MAX_KNOWN_FOLDERS,
  temporaryPath,
  type WrittenBlob,
} from './blob-files.ts';

const port = parentPort;
if (!port) throw new Error('batch-writer.worker must run in a worker thread');

/** Folders made or found: a file then skips their mkdir. */
const knownFolders = new Set<string>();

port.on('message', async (request: BatchWriterRequest) => {
  let reply: BatchWriterReply;
  try {
    if (request.kind === 'write')
      reply = { id: request.id, results: await writeFiles(request.root, request.files) };
    else {
      await finish(request.folders, request.temporaries);
      reply = { id: request.id, done: true };
    }
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

/**
 * Writes each file to a temporary name (hashing it), fsyncs them all together, then links each
 * under its hash name. A file that fails has its temporary file removed and an error as result.
 */
async function writeFiles(
  root: string,
  files: Uint8Array[],
): Promise<({ written: WrittenBlob } | { error: string })[]> {
  ensureFolder(path.join(root, INCOMING));
  type Open = { fd: number; temporary: string; bytes: Uint8Array } | { error: string };
  const open = files.map((bytes): Open => {
    const temporary = temporaryPath(root);
    try {
      // Created read-only (0444): the mode binds later opens, not this one, which writes.
      const fd = openSync(temporary, 'wx', 0o444);
      try {
        for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
      } catch (error) {
        closeSync(fd);
        throw error;
      }
      return { fd, temporary, bytes };
    } catch (error) {
      removeQuietly(temporary);
      return { error: message(error) };
    }
  });
  const synced = await Promise.all(
    open.map((o) =>
      'fd' in o
        ? new Promise<unknown>((resolve) => fsync(o.fd, (error) => resolve(error ?? undefined)))
        : undefined,
    ),
  );
  return open.map((o, i) => {
    if (!('fd' in o)) return o;
    try {
      closeSync(o.fd);
      if (synced[i] !== undefined) throw synced[i];
      return { written: linkUnderHash(root, o.temporary, o.bytes) };
    } catch (error) {
      removeQuietly(o.temporary);
      return { error: message(error) };
    }
  });
}

/** Gives a synced temporary file its hash name unless it exists (then checks the size there). */
function linkUnderHash(root: string, temporary: string, bytes: Uint8Array): WrittenBlob {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const final = blobPath(root, sha256);
  const folder = path.dirname(final);
  // Stored once: a blob an older version wrote in the two-level layout is not written again.
  const legacy = statSync(legacyBlobPath(root, sha256), { throwIfNoEntry: false });
  if (legacy !== undefined) {
    if (legacy.size !== bytes.byteLength) throw damagedBlob(sha256, legacy.size, bytes.byteLength);
    return { sha256, byteLength: bytes.byteLength, alreadyStored: true, folder, temporary };
  }
  ensureFolder(folder);
  let created: boolean;
  try {
    created = linkIfAbsent(temporary, final);
  } catch (error) {
    // The folder was removed behind the store's back (the cache is stale): make it again.
    if (!isCode(error, 'ENOENT')) throw error;
    knownFolders.delete(folder);
    ensureFolder(folder);
    created = linkIfAbsent(temporary, final);
  }
  if (!created) {
    const size = statSync(final).size;
    if (size !== bytes.byteLength) throw damagedBlob(sha256, size, bytes.byteLength);
  }
  return { sha256, byteLength: bytes.byteLength, alreadyStored: !created, folder, temporary };
}

/** store.ts's linkIfAbsent, synchronous. */
function linkIfAbsent(temporary: string, final: string): boolean {
  try {
    linkSync(temporary, final);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    if (!linkUnsupported(error)) throw error;
  }
  if (statSync(final, { throwIfNoEntry: false }) !== undefined) return false;
  renameSync(temporary, final);
  return true;
}

/** Fsyncs the folders (all at once: their commits group), then removes the temporary names. */
async function finish(folders: string[], temporaries: string[]): Promise<void> {
  try {
    const failures = await Promise.all(
      folders.map((folder) => {
        const fd = openSync(folder, 'r');
        return new Promise<unknown>((resolve) =>
          fsync(fd, (error) => {
            closeSync(fd);
            resolve(error && !folderSyncRefused(error) ? error : undefined);
          }),
        );
      }),
    );
    const failure = failures.find((f) => f !== undefined);
    if (failure !== undefined) throw failure;
  } finally {
    for (const temporary of temporaries) removeQuietly(temporary);
  }
}

function ensureFolder(folder: string): void {
  if (knownFolders.has(folder)) return;
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (knownFolders.size >= MAX_KNOWN_FOLDERS) knownFolders.clear();
  knownFolders.add(folder);
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or never made.
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
