import { chmod, type FileHandle, mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files ayni writes hold personal data (rejects files and pain.001 files carry names, CI numbers
 * and bank accounts; uploads are the senders' lists; demo-accounts.txt holds passwords), so they
 * are readable by the account that runs ayni only: folders 0700, files 0600, whatever the umask.
 * A folder that already exists keeps its mode (it may be an operator's --out folder, or the
 * current directory); a file ayni writes over is set to 0600 as well.
 */

/** Folders ayni creates: owner only. */
export const PRIVATE_FOLDER_MODE = 0o700;
/** Files ayni writes: owner read and write only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates a folder and any missing parents, each 0700; an existing folder is left as it is.
 *
 * @example await makePrivateFolder(path.join(dataDir, 'rejects'));
 */
export async function makePrivateFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/**
 * Opens a file for writing with mode 0600 (its folder created 0700 when missing). `open`'s mode
 * applies only to a file it creates, so a file that existed is set to 0600 too.
 *
 * @example const handle = await openPrivateFile('data/deposits/x.xml.partial', 'w+');
 */
export async function openPrivateFile(filePath: string, flags: 'w' | 'w+' | 'a'): Promise<FileHandle> {
  await makePrivateFolder(path.dirname(filePath));
  const handle = await open(filePath, flags, PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/**
 * Writes a whole file with mode 0600 (its folder created 0700 when missing).
 *
 * @example await writePrivateFile(path.join(dataDir, 'demo-accounts.txt'), text);
 */
export async function writePrivateFile(filePath: string, content: string | Uint8Array): Promise<void> {
  await makePrivateFolder(path.dirname(filePath));
  await writeFile(filePath, content, { mode: PRIVATE_FILE_MODE });
  await chmod(filePath, PRIVATE_FILE_MODE);
}
