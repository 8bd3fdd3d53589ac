import { createPrivateKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The issuer's private keys, as files: `<folder>/csca.pem` and `<folder>/signer-<kid as hex>.pem`
 * (PKCS #8), the folder 0700 and each file 0600, written once and never overwritten. They are
 * never in the database, its backups or the logs: whoever reads the database can verify, not sign.
 * The folder is `<data folder>/certificate-keys` (on a PostgreSQL deployment, the data folder of the
 * machine that signs; a ministry puts it on an encrypted volume, or moves the keys into an HSM:
 * docs/adr/0012-certificates.md).
 */

/** @example keyFolder('/srv/ayni/data') // '/srv/ayni/data/certificate-keys' */
export function keyFolder(dataDir: string): string {
  return path.join(dataDir, 'certificate-keys');
}

const fileOf = (folder: string, name: string): string => path.join(folder, `${name}.pem`);

/** The file name of a signer's key: its kid in hex (base64 has `/`). */
export const signerKeyName = (kid: string): string => `signer-${Buffer.from(kid, 'base64').toString('hex')}`;

/**
 * Writes a private key (PKCS #8 PEM) that must not exist yet, readable by its owner only.
 *
 * @example await storePrivateKey(folder, 'csca', privateKey)
 */
export async function storePrivateKey(folder: string, name: string, key: KeyObject): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  // 'wx': fail if it exists — a key is never replaced, it is rotated (a new kid, a new file).
  const handle = await open(fileOf(folder, name), 'wx', 0o600);
  try {
    await handle.writeFile(key.export({ type: 'pkcs8', format: 'pem' }));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Reads a private key, refusing a file others may read (a key someone may have copied is not the
 * issuer's any more): undefined when there is no such key.
 *
 * @example const key = await loadPrivateKey(folder, signerKeyName(kid))
 */
export async function loadPrivateKey(folder: string, name: string): Promise<KeyObject | undefined> {
  const file = fileOf(folder, name);
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) return undefined;
  if ((info.mode & 0o077) !== 0) {
    throw new Error(`${file} may be read by others (mode ${(info.mode & 0o777).toString(8)}): chmod 600 it`);
  }
  return createPrivateKey(await readFile(file));
}
