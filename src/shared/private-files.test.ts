import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makePrivateFolder, openPrivateFile, writePrivateFile } from './private-files.ts';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ayni-private-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

test('makePrivateFolder creates every missing folder 0700 and leaves an existing one as it is', async () => {
  const rootMode = await modeOf(root);
  const deep = path.join(root, 'a', 'b', 'c');
  await makePrivateFolder(deep);
  for (const p of [path.join(root, 'a'), path.join(root, 'a', 'b'), deep])
    assert.equal(await modeOf(p), 0o700, p);
  // A folder someone else made (an --out folder, the current directory) is not ayni's to change.
  assert.equal(await modeOf(root), rootMode);
  await makePrivateFolder(deep);
  assert.equal(await modeOf(deep), 0o700);
});

test('writePrivateFile writes 0600, also over a file that was world-readable', async () => {
  const file = path.join(root, 'private', 'demo-accounts.txt');
  await writePrivateFile(file, 'secret\n');
  assert.equal(await modeOf(file), 0o600);
  assert.equal(await modeOf(path.dirname(file)), 0o700);
  await chmod(file, 0o644);
  await writePrivateFile(file, 'new\n');
  assert.equal(await modeOf(file), 0o600);
  assert.equal(await readFile(file, 'utf8'), 'new\n');
});

test('openPrivateFile opens for writing with 0600, also a file that existed', async () => {
  const file = path.join(root, 'open.txt');
  await writeFile(file, 'old');
  await chmod(file, 0o644);
  const handle = await openPrivateFile(file, 'w');
  try {
    await handle.writeFile('new');
  } finally {
    await handle.close();
  }
  assert.equal(await modeOf(file), 0o600);
  assert.equal(await readFile(file, 'utf8'), 'new');
});
