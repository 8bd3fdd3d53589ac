import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Actor,
  type AuditEntryInput,
  type AuditVerification,
  appendAudit,
  appendAuditBatch,
  auditEntriesAfter,
  auditEntryHash,
  auditHead,
  verifyAuditChain,
} from '../../src/audit/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * appendAuditBatch: one lock of the chain's head, the entries chained in order, each exactly the
 * entry appendAudit writes for the same input, so the chain verifies unchanged.
 */

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

const T0 = Date.parse('2021-06-01T08:00:00.000Z');
const at = (second: number) => new Date(T0 + second * 1000);

function booking(i: number, actor: Actor = 'cli:root'): AuditEntryInput {
  return {
    at: at(i),
    actor,
    action: 'vaccination_appointment.booked',
    entityType: 'vaccination_appointment',
    entityId: BigInt(i),
    ...(i % 3 === 0 ? { before: { status: 'none' } } : {}),
    after: { site: 'lp-lote', day: '2021-06-02', person: i, note: `cita ${i} — ñandú 🦙`, big: 10n ** 20n },
  };
}

function expectOk(v: AuditVerification): asserts v is Extract<AuditVerification, { ok: true }> {
  assert.equal(v.ok, true, v.ok ? '' : v.problem.message);
}

describe('appendAuditBatch', () => {
  test('an empty batch writes nothing and returns nothing', async () => {
    const head = await auditHead(t.db);
    assert.deepEqual(await t.db.transaction((tx) => appendAuditBatch(tx, [])), []);
    assert.deepEqual(await appendAuditBatch(t.db, []), []);
    assert.deepEqual(await auditHead(t.db), head);
  });

  test('a batch of one writes the entry appendAudit writes for the same input', async () => {
    const input = booking(1);
    const [one] = await t.db.transaction((tx) => appendAuditBatch(tx, [input]));
    assert.ok(one);
    const [lone] = await auditEntriesAfter(t.db, one.seq - 1n, 1);
    assert.ok(lone);
    assert.equal(lone.hash, one.hash);
    assert.equal(lone.entityId, '1');
    assert.equal(lone.action, 'vaccination_appointment.booked');
    assert.equal(auditEntryHash(lone), lone.hash);
    // The same input through appendAudit hashes to what it would have at that place in the chain.
    const again = await t.db.transaction((tx) => appendAudit(tx, input));
    const [second] = await auditEntriesAfter(t.db, again.seq - 1n, 1);
    assert.deepEqual(
      { ...second, seq: lone.seq, prevHash: lone.prevHash, hash: lone.hash },
      lone,
      'the same fields as a lone append',
    );
    expectOk(await verifyAuditChain(t.db));
  });

  test('many entries land in order, one per entity, linked, and verify', async (ctx) => {
    const head = await auditHead(t.db);
    const inputs = Array.from({ length: 300 }, (_, i) => booking(100 + i));
    const started = process.hrtime.bigint();
    const appended = await t.db.transaction((tx) => appendAuditBatch(tx, inputs));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    ctx.diagnostic(`300 entries in ${ms.toFixed(0)} ms (${((ms / 300) * 1000).toFixed(0)} µs each)`);
    assert.deepEqual(
      appended.map((a) => a.seq),
      inputs.map((_, i) => head.seq + 1n + BigInt(i)),
    );
    const stored = await auditEntriesAfter(t.db, head.seq, 1000);
    assert.equal(stored.length, 300);
    assert.deepEqual(
      stored.map((e) => e.entityId),
      inputs.map((e) => String(e.entityId)),
    );
    assert.equal(stored[0]!.prevHash, head.hash);
    for (const [i, e] of stored.entries()) {
      assert.equal(e.hash, appended[i]!.hash);
      if (i > 0) assert.equal(e.prevHash, stored[i - 1]!.hash);
      assert.equal(e.at.getTime(), inputs[i]!.at.getTime());
      assert.equal(e.before === null, inputs[i]!.before === undefined);
    }
    assert.deepEqual(await auditHead(t.db), { seq: appended.at(-1)!.seq, hash: appended.at(-1)!.hash });
    // A lone append after the batch, in the same transaction, continues the chain.
    const next = await t.db.transaction(async (tx) => {
      await appendAuditBatch(tx, [booking(500), booking(501)]);
      return appendAudit(tx, booking(502));
    });
    assert.equal(next.seq, appended.at(-1)!.seq + 3n);
    expectOk(await verifyAuditChain(t.db));
  });

  test('a refused input writes none of the batch; a batch rolls back with its transaction', async () => {
    const head = await auditHead(t.db);
    await assert.rejects(
      t.db.transaction((tx) => appendAuditBatch(tx, [booking(600), { ...booking(601), action: 'Booked' }])),
      /noun\.verb/,
    );
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await appendAuditBatch(tx, [booking(602), booking(603)]);
        throw new Error('the booking failed after its audit');
      }),
      /booking failed/,
    );
    assert.deepEqual(await auditHead(t.db), head);
    // Given the Database itself, the batch is its own transaction.
    const own = await appendAuditBatch(t.db, [booking(604), booking(605)]);
    assert.deepEqual(
      own.map((a) => a.seq),
      [head.seq + 1n, head.seq + 2n],
    );
    expectOk(await verifyAuditChain(t.db));
  });

  test('concurrent batches and lone appends, some rolled back, never fork the chain nor interleave a batch', async () => {
    const head = await auditHead(t.db);
    const BATCHES = 8;
    const SIZE = 25;
    const outcomes = await Promise.allSettled(
      Array.from({ length: BATCHES }, (_, b) =>
        t.db.transaction(async (tx) => {
          const lone = await appendAudit(tx, booking(10_000 + b * 100, `cli:lane${b}`));
          const batch = await appendAuditBatch(
            tx,
            Array.from({ length: SIZE }, (_, i) => booking(10_000 + b * 100 + 1 + i, `cli:lane${b}`)),
          );
          if (b % 3 === 1) throw new Error(`rolled back ${b}`);
          return [lone, ...batch];
        }),
      ),
    );
    const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    assert.equal(committed.length, BATCHES - [1, 4, 7].length);
    const v = await verifyAuditChain(t.db);
    expectOk(v);
    assert.equal(v.entries, head.seq + BigInt(committed.length * (SIZE + 1)));
    // Each transaction's entries are consecutive: another's batch never lands inside it.
    for (const entries of committed)
      assert.deepEqual(
        entries.map((e) => e.seq),
        entries.map((_, i) => entries[0]!.seq + BigInt(i)),
      );
    const added = await auditEntriesAfter(t.db, head.seq, 10_000);
    assert.equal(added.length, committed.length * (SIZE + 1));
    const lanes = new Set(added.map((e) => e.actor));
    assert.deepEqual([...lanes].sort(), ['cli:lane0', 'cli:lane2', 'cli:lane3', 'cli:lane5', 'cli:lane6']);
  });
});
