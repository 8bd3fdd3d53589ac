import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Pain002Transaction, resolvePain002 } from '../../src/interchange/iso20022/index.ts';
import { pain002Xml } from '../helpers/bank-replies.ts';

/**
 * A reply full of statuses about transactions ayni never sent (a bank answering another file, a
 * hostile file): the resolution keeps a bounded number of them and hands every one to the caller
 * as it is read, instead of holding them all (a 200 MB reply once took 799 MB).
 */
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-pain002-unknown-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const UNKNOWN = 50_000;

test('50,000 unknown EndToEndIds: all counted and handed over, a bounded number kept', async () => {
  const sent = ['B1F1P0000000001', 'B1F1P0000000002'];
  const file = path.join(dir, 'unknown.xml');
  await writeFile(
    file,
    pain002Xml({
      messageId: 'BNB-STS-0009',
      originalMessageId: 'B1F1',
      groupStatus: 'PART',
      payment: { id: 'B1F1-1', status: 'PART' },
      transactions: [
        { endToEndId: sent[0]!, status: 'ACSC', acceptedAt: '2020-12-03T08:30:00-04:00' },
        ...Array.from({ length: UNKNOWN }, (_, i) => ({
          endToEndId: `X${String(i).padStart(9, '0')}`,
          status: 'RJCT',
          reason: 'AC01',
          acceptedAt: '2020-12-03T08:30:00-04:00',
        })),
      ],
    }),
  );
  const handed: Pain002Transaction[] = [];
  const resolved = await resolvePain002(
    file,
    { messageId: 'B1F1', payments: [{ paymentInformationId: 'B1F1-1', endToEndIds: sent }] },
    { onUnknownTransaction: (t) => void handed.push(t) },
  );
  assert.ok(resolved.ok);
  const r = resolved.value;
  assert.equal(r.unknownTransactionCount, UNKNOWN);
  assert.ok(r.unknownTransactions.length <= 1_000, `${r.unknownTransactions.length} kept in the resolution`);
  assert.deepEqual(
    r.unknownTransactions.slice(0, 2).map((t) => t.originalEndToEndId),
    ['X000000000', 'X000000001'],
    'the first ones are kept',
  );
  assert.equal(handed.length, UNKNOWN, 'every one handed to the caller');
  assert.equal(handed.at(-1)?.originalEndToEndId, `X${String(UNKNOWN - 1).padStart(9, '0')}`);
  // The acceptance time travels with the outcome, so a caller keeps no map of its own.
  assert.equal(r.outcomes[0]?.acceptanceDateTime, '2020-12-03T08:30:00-04:00');
  assert.equal(r.outcomes[1]?.acceptanceDateTime, undefined);
  assert.deepEqual(r.counts, { accepted: 1, settled: 1, rejected: 0, pending: 1 });
});
