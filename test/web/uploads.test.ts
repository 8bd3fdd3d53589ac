import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { saveUpload } from '../../src/web/backoffice/uploads.ts';

/** Uploads are senders' lists (names, CI numbers, accounts): kept private while they are imported. */
let root: string;
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ayni-uploads-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('an upload is saved 0600 in folders 0700, and removed with its folder', async () => {
  const uploadsDir = path.join(root, 'data', 'uploads');
  const upload = await saveUpload(uploadsDir, 'Lista año 2021.csv', new TextEncoder().encode('a,b\n'));
  assert.equal(path.basename(upload.filePath), 'Lista año 2021.csv');
  assert.equal(await readFile(upload.filePath, 'utf8'), 'a,b\n');
  assert.equal((await stat(upload.filePath)).mode & 0o777, 0o600, 'the file');
  assert.equal((await stat(path.dirname(upload.filePath))).mode & 0o777, 0o700, 'its own folder');
  assert.equal((await stat(uploadsDir)).mode & 0o777, 0o700, 'the uploads folder');
  assert.equal((await stat(path.dirname(uploadsDir))).mode & 0o777, 0o700, 'the data folder, created too');
  await upload.remove();
  await assert.rejects(stat(path.dirname(upload.filePath)), { code: 'ENOENT' });
});
