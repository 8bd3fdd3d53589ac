import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { linkLibraries } from '../../src/db/embedded.ts';
import { describeFailure } from '../../src/messages/index.ts';

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
    assert.deepEqual(linkLibraries(dir), { ok: true, value: undefined });
    assert.equal(await readlink(path.join(dir, 'native', 'lib', 'libicuuc.so.60')), 'libicuuc.so.60.2');
    assert.equal(await readlink(path.join(dir, 'native', 'lib', 'libicuuc.so')), 'libicuuc.so.60.2');
    assert.deepEqual(linkLibraries(dir), { ok: true, value: undefined }, 'again: nothing to do, no failure');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a link that cannot be made is a failure value naming the folder and the reason, with the words the operator reads', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-pg-package-'));
  try {
    await mkdir(path.join(dir, 'native', 'lib'), { recursive: true });
    await writeFile(path.join(dir, 'native', 'lib', 'libicuuc.so.60.2'), 'library');
    // A file where the link's folder should be: the link cannot be made (ENOTDIR), as in a folder
    // this user may not write.
    await writeFile(path.join(dir, 'native', 'lib', 'icu'), 'not a folder');
    await writeFile(
      path.join(dir, 'native', 'pg-symlinks.json'),
      JSON.stringify([{ source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/icu/libicuuc.so.60' }]),
    );
    const linked = linkLibraries(dir);
    assert.ok(!linked.ok);
    assert.equal(linked.error.code, 'embedded_libraries');
    const folder = path.join(dir, 'native', 'lib', 'icu');
    assert.deepEqual(
      { ...linked.error, reason: undefined },
      { code: 'embedded_libraries', folder, reason: undefined },
    );
    assert.match(linked.error.reason, /ENOTDIR/);
    assert.equal(
      describeFailure(linked.error, 'en').detail,
      `Cannot complete the embedded PostgreSQL's libraries in ${folder} (${linked.error.reason}). Run ayni once as the user who installed it, or set DATABASE_URL.`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
