import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Pain001FileSpec, writePain001File } from '../../src/interchange/iso20022/pain001.writer.ts';

/** A pain.001 holds names and bank accounts: the file is readable by its owner only. */
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-pain001-mode-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SPEC: Pain001FileSpec = {
  messageId: 'BCH-R1-BNB',
  creationDateTime: '2020-12-01T08:00:00-04:00',
  paymentInformationId: 'BCH-R1-BNB-1',
  requestedExecutionDate: '2020-12-02',
  debtor: {
    name: 'Ministerio de Economía y Finanzas Públicas',
    accountId: '1-4567890',
    agentBic: 'BUNIBOLX',
    initiatingPartyId: 'MEFP-TGN',
  },
  creditorAgent: { bic: 'BNBOBOLX', name: 'Banco Nacional de Bolivia' },
  defaultRemittanceText: 'Bono Contra el Hambre DS 4392',
};

const deposit = {
  endToEndId: 'BCH-R1-000000001',
  amountCentavos: 100_000n,
  creditorName: 'Juana Mamani Quispe',
  creditorAccountId: '3000000001',
};

test('a pain.001 file is written 0600, also over a leftover world-readable .partial', async () => {
  const file = path.join(dir, 'one.xml');
  const written = await writePain001File(file, SPEC, [deposit]);
  assert.ok(written.ok);
  assert.equal((await stat(file)).mode & 0o777, 0o600);

  const again = path.join(dir, 'again.xml');
  await writeFile(`${again}.partial`, 'left by a crash');
  await chmod(`${again}.partial`, 0o644);
  const rewritten = await writePain001File(again, SPEC, [deposit]);
  assert.ok(rewritten.ok);
  assert.equal((await stat(again)).mode & 0o777, 0o600);
  assert.deepEqual((await readdir(dir)).sort(), ['again.xml', 'one.xml']);
});
