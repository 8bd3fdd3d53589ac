import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { linkLibraries } from '../../src/db/embedded.ts';

/**
 * A fresh `npm ci` runs no install script (package.json's allowScripts), so the library names the
 * PostgreSQL binaries load (`libicuuc.so.60`) were missing and initdb failed with "error while
 * loading shared libraries" on a new machine (CI, 2026-12-07). ayni makes them itself.
 */
test('the libraries a platform package lists are linked under the names the binaries load', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-pg-package-'));
  try {
    await mkdir(path.join(dir, 'native', 'lib'), { recursive: true });
    await writeFile(path.join(dir, 'native', 'lib', 'libicuuc.so.60.2'), 'library');
    await writeFile(
      path.join(dir, 'native', 'pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so' },
      ]),
    );
    linkLibraries(dir);
    assert.equal(await readlink(path.join(dir, 'native', 'lib', 'libicuuc.so.60')), 'libicuuc.so.60.2');
    assert.equal(await readlink(path.join(dir, 'native', 'lib', 'libicuuc.so')), 'libicuuc.so.60.2');
    linkLibraries(dir); // again: nothing to do, no error
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
