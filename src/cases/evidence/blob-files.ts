import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * What the evidence store's two writers share: the main thread's (streams, large files) and the
 * batch writer thread's (small files, synchronous calls). One layout, one way to name a temporary
 * file, one list of the errors a folder's fsync may give on file systems that refuse it.
 */

/** A SHA-256 in lower-case hex, the only names the store knows (which also rules out `../`). */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The folder under the store's root that holds files being written. */
export const INCOMING = 'incoming';

/** At most this many folders remembered (the 256 fan-out folders, incoming, and old stores' more). */
export const MAX_KNOWN_FOLDERS = 70_000;

/**
 * Where a blob with this hash is written under `root`: ONE fan-out level, `ab/<hash>`, 256 folders
 * each made once and then remembered. Stores used to write two levels, `ab/cd/<hash>` (65,536
 * folders): at 10,000 files almost every file made a new folder, and on ext4 a mkdir allocates an
 * inode like a file's create, so small files paid two inode allocations each (a `perf` profile
 * of an ingest put 28 % of the process's CPU in those mkdirs, docs/benchmarks.md, issue #21). One
 * level of 256 keeps a folder at about 4,000 names a million files, which ext4's hashed folders
 * and XFS's B+trees look up in constant time. Blobs written by older versions stay where they are
 * (`legacyBlobPath`): the store reads both and never stores again what either holds.
 */
export function blobPath(root: string, sha256: string): string {
  return path.join(root, sha256.slice(0, 2), sha256);
}

/**
 * Where older versions wrote the blob: two fan-out levels, `ab/cd/<hash>`. Never written now; read,
 * verified and exported like the others, and a put of the same bytes finds it `alreadyStored`.
 * (The two layouts cannot collide: in `ab/` a blob's name has 64 characters, an old folder's 2.)
 */
export function legacyBlobPath(root: string, sha256: string): string {
  return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** A fresh name in `incoming` for a file being written (removeAbandoned knows the suffix). */
export function temporaryPath(root: string): string {
  return path.join(root, INCOMING, `${process.pid}-${randomBytes(12).toString('hex')}.partial`);
}

/** Errors of a folder's fsync on file systems that refuse it; the file itself was synced before. */
export function folderSyncRefused(error: unknown): boolean {
  return isCode(error, 'EINVAL') || isCode(error, 'EISDIR') || isCode(error, 'EPERM');
}

/** Errors of `link` on file systems without hard links (the writers fall back to a rename). */
export function linkUnsupported(error: unknown): boolean {
  return isCode(error, 'EPERM') || isCode(error, 'ENOTSUP') || isCode(error, 'EOPNOTSUPP');
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** The message for a blob whose size on disk is not its bytes' (never overwritten: it was damaged). */
export function damagedBlob(sha256: string, onDisk: number, expected: number): Error {
  return new Error(`evidence blob ${sha256} on disk has ${onDisk} bytes, expected ${expected}`);
}

/** A file written and linked under its hash name, its folder not yet fsynced. */
export interface WrittenBlob {
  sha256: string;
  byteLength: number;
  alreadyStored: boolean;
  /** The folder that holds the name (to fsync before the put returns). */
  folder: string;
  /** The temporary name, still there (the caller unlinks it after the folder's fsync). */
  temporary: string;
}

/** Messages to the batch writer thread (./batch-writer.worker.ts). */
export type BatchWriterRequest =
  | { id: number; kind: 'write'; root: string; files: Uint8Array[] }
  | { id: number; kind: 'finish'; folders: string[]; temporaries: string[] };

/** Its replies: one result a file (in order) for `write`, nothing but the id for `finish`. */
export type BatchWriterReply =
  | { id: number; results: ({ written: WrittenBlob } | { error: string })[] }
  | { id: number; error: string }
  | { id: number; done: true };
