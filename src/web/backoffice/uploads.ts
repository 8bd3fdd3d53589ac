import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateFolder, writePrivateFile } from '../../shared/private-files.ts';

/**
 * Files officers upload (persons and source lists, bank replies) are written to disk because the
 * importers read files. Each upload gets a folder of its own, so the officer's file name is kept
 * as it is (the importers record it) without two uploads ever sharing a path; the folder is removed
 * once the import is done, since the registry or the ledger now holds what the file said. While it
 * is there it is private: the folders 0700, the file 0600 (src/shared/private-files.ts).
 */

/**
 * Keeps only characters safe in a file name.
 *
 * @example safeFileName('../../etc/passwd') // 'passwd'; safeFileName('Lista año 2021.csv') // 'Lista año 2021.csv'
 */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).normalize('NFC');
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(-120);
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'archivo' : cleaned;
}

export interface SavedUpload {
  filePath: string;
  /** Deletes the upload's folder; never throws (a leftover file must not fail the request). */
  remove(): Promise<void>;
}

/** @example const u = await saveUpload(uploadsDir, file.name, bytes); try { … u.filePath … } finally { await u.remove(); } */
export async function saveUpload(
  uploadsDir: string,
  fileName: string,
  content: Uint8Array,
): Promise<SavedUpload> {
  const dir = path.join(uploadsDir, randomBytes(12).toString('hex'));
  await makePrivateFolder(dir);
  const filePath = path.join(dir, safeFileName(fileName));
  await writePrivateFile(filePath, content);
  return { filePath, remove: () => rm(dir, { recursive: true, force: true }).catch(() => {}) };
}
