import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type AuditVerification,
  appendAudit,
  auditEntriesAfter,
  auditEntryHash,
  auditHead,
  GENESIS_HASH,
  listAuditEntries,
  verifyAuditChain,
} from '../../src/audit/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

const T0 = Date.parse('2021-03-01T12:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);

/** Appends `n` entries, one a minute, each in its own transaction. */
async function appendMany(n: number, from = 0) {
  for (let i = 0; i < n; i++) {
    await t.db.transaction((tx) =>
      appendAudit(tx, {
        at: at(from + i),
        actor: 'cli:root',
        action: 'round.created',
        entityType: 'round',
        entityId: BigInt(from + i + 1),
        before: i % 2 === 0 ? undefined : { status: 'draft', amountCentavos: 100_000n },
        after: { status: 'approved', persons: from + i, note: `ronda ${from + i} — ñandú 🦙` },
      }),
    );
  }
}

function expectOk(v: AuditVerification): asserts v is Extract<AuditVerification, { ok: true }> {
  assert.equal(v.ok, true, v.ok ? '' : v.problem.message);
}

function expectProblem(v: AuditVerification, kind: string, seq: bigint, mentions: RegExp) {
  assert.equal(v.ok, false, 'verify should have found a problem');
  if (v.ok) return;
  assert.equal(v.problem.kind, kind, v.problem.message);
  assert.equal(v.problem.seq, seq, v.problem.message);
  assert.match(v.problem.message, mentions);
}

/**
 * Tampers with the trail as a database owner could (triggers disabled), checks what verify says,
 * then undoes the change so the next case starts from a valid chain again.
 */
async function tampered(change: string, undo: string, check: (v: AuditVerification) => void) {
  await t.db.exec(`ALTER TABLE audit_entry DISABLE TRIGGER USER; ALTER TABLE audit_head DISABLE TRIGGER USER;
    ${change}; ALTER TABLE audit_entry ENABLE TRIGGER USER; ALTER TABLE audit_head ENABLE TRIGGER USER;`);
  check(await verifyAuditChain(t.db));
  await t.db.exec(`ALTER TABLE audit_entry DISABLE TRIGGER USER; ALTER TABLE audit_head DISABLE TRIGGER USER;
    ${undo}; ALTER TABLE audit_entry ENABLE TRIGGER USER; ALTER TABLE audit_head ENABLE TRIGGER USER;`);
  expectOk(await verifyAuditChain(t.db));
}

describe('audit trail', () => {
  test('an empty trail verifies, with the genesis head', async () => {
    const v = await verifyAuditChain(t.db);
    expectOk(v);
    assert.equal(v.entries, 0n);
    assert.equal(v.headHash, GENESIS_HASH);
  });

  test('appends are numbered from 1, linked, read back as written, and verify', async () => {
    await appendMany(10);
    const v = await verifyAuditChain(t.db);
    expectOk(v);
    assert.equal(v.entries, 10n);
    const entries = await auditEntriesAfter(t.db, 0n, 100);
    assert.deepEqual(
      entries.map((e) => e.seq),
      [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n],
    );
    assert.equal(entries[0]!.prevHash, GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) assert.equal(entries[i]!.prevHash, entries[i - 1]!.hash);
    assert.equal(v.headHash, entries[9]!.hash);
    const second = entries[1]!;
    assert.deepEqual(second.before, { status: 'draft', amountCentavos: '100000' });
    assert.deepEqual(second.after, { status: 'approved', persons: 1, note: 'ronda 1 — ñandú 🦙' });
    assert.equal(second.entityId, '2');
    assert.equal(second.at.toISOString(), '2021-03-01T12:01:00.000Z');
    assert.equal(entries[0]!.before, null);
    const last3 = await listAuditEntries(t.db, { last: 3 });
    assert.deepEqual(
      last3.map((e) => e.seq),
      [8n, 9n, 10n],
    );
  });

  test('an entry commits with the caller’s transaction or not at all', async () => {
    const headBefore = await auditHead(t.db);
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await appendAudit(tx, {
          at: at(100),
          actor: 'system',
          action: 'round.created',
          entityType: 'round',
          entityId: 99,
        });
        throw new Error('the audited change failed');
      }),
      /the audited change failed/,
    );
    assert.deepEqual(await auditHead(t.db), headBefore);
    // Given the database rather than a transaction, appendAudit opens its own.
    const r = await appendAudit(t.db, {
      at: at(101),
      actor: 'system',
      action: 'round.created',
      entityType: 'round',
      entityId: 11,
    });
    assert.equal(r.seq, headBefore.seq + 1n);
    expectOk(await verifyAuditChain(t.db));
  });

  test('the database refuses UPDATE, DELETE and TRUNCATE on the trail, and any entry that does not extend the head', async () => {
    await assert.rejects(t.db.query(`UPDATE audit_entry SET after = '{}' WHERE seq = 1`), /append-only/);
    await assert.rejects(t.db.query('DELETE FROM audit_entry WHERE seq = 1'), /append-only/);
    await assert.rejects(t.db.query('TRUNCATE audit_entry'), /append-only/);
    await assert.rejects(t.db.query('DELETE FROM audit_head'), /append-only/);
    await assert.rejects(t.db.query('UPDATE audit_head SET seq = 0'), /only advances/);
    // The head moves once per statement (migration 0069), but only along entries that exist and
    // chain: never forward to a number no entry holds, nor to an entry's number with another hash.
    await assert.rejects(t.db.query('UPDATE audit_head SET seq = seq + 2'), /only advances/);
    await assert.rejects(
      t.db.query(`UPDATE audit_head SET seq = seq + 1, hash = repeat('1', 64)`),
      /only advances/,
    );
    await assert.rejects(
      t.db.query(
        `UPDATE audit_head h SET seq = e.seq, hash = e.hash FROM audit_entry e WHERE e.seq = h.seq - 1`,
      ),
      /only advances/,
    );
    await assert.rejects(
      t.db.query(
        `INSERT INTO audit_entry (seq, recorded_at, actor, action, entity_type, prev_hash, hash)
         VALUES (1000, now(), 'system', 'x.y', 'x', repeat('0', 64), repeat('1', 64))`,
      ),
      /does not extend the chain head/,
    );
    expectOk(await verifyAuditChain(t.db));
  });

  test('verify names an entry whose content was altered', async () => {
    const [e5] = await t.db.query<{ after: unknown }>('SELECT after FROM audit_entry WHERE seq = 5');
    await tampered(
      `UPDATE audit_entry SET after = jsonb_set(after, '{persons}', '40') WHERE seq = 5`,
      `UPDATE audit_entry SET after = '${JSON.stringify(e5!.after)}'::jsonb WHERE seq = 5`,
      (v) =>
        expectProblem(v, 'altered', 5n, /entry 5 \(round\.created on round 5 by cli:root .*\) was altered/),
    );
    await tampered(
      `UPDATE audit_entry SET actor = 'cli:mallory' WHERE seq = 3`,
      `UPDATE audit_entry SET actor = 'cli:root' WHERE seq = 3`,
      (v) => expectProblem(v, 'altered', 3n, /entry 3 .* was altered/),
    );
    await tampered(
      `UPDATE audit_entry SET recorded_at = recorded_at + interval '1 millisecond' WHERE seq = 8`,
      `UPDATE audit_entry SET recorded_at = recorded_at - interval '1 millisecond' WHERE seq = 8`,
      (v) => expectProblem(v, 'altered', 8n, /entry 8 .* was altered/),
    );
  });

  test('verify names a removed entry: in the middle, the first, the last', async () => {
    const copy = async (seq: number) => {
      const [r] = await t.db.query<Record<string, unknown>>(
        `SELECT seq, recorded_at, actor, action, entity_type, entity_id, before::text AS before, after::text AS after, prev_hash, hash
         FROM audit_entry WHERE seq = $1`,
        [seq],
      );
      const lit = (v: unknown) =>
        v === null ? 'NULL' : `'${(v instanceof Date ? v.toISOString() : String(v)).replace(/'/g, "''")}'`;
      return `INSERT INTO audit_entry (seq, recorded_at, actor, action, entity_type, entity_id, before, after, prev_hash, hash)
        VALUES (${r!.seq}, ${lit(r!.recorded_at)}, ${lit(r!.actor)}, ${lit(r!.action)}, ${lit(r!.entity_type)},
                ${lit(r!.entity_id)}, ${lit(r!.before)}::jsonb, ${lit(r!.after)}::jsonb, ${lit(r!.prev_hash)}, ${lit(r!.hash)})`;
    };
    await tampered('DELETE FROM audit_entry WHERE seq = 7', await copy(7), (v) =>
      expectProblem(v, 'removed', 7n, /entry 7 is missing: the sequence jumps from 6 to 8/),
    );
    await tampered(
      'DELETE FROM audit_entry WHERE seq IN (4, 5, 6)',
      [await copy(4), await copy(5), await copy(6)].join(';'),
      (v) => expectProblem(v, 'removed', 4n, /entries 4 to 6 are missing/),
    );
    await tampered('DELETE FROM audit_entry WHERE seq = 1', await copy(1), (v) =>
      expectProblem(v, 'removed', 1n, /entry 1 is missing/),
    );
    const head = await auditHead(t.db);
    await tampered(`DELETE FROM audit_entry WHERE seq = ${head.seq}`, await copy(Number(head.seq)), (v) =>
      expectProblem(v, 'removed', head.seq, new RegExp(`entry ${head.seq} is missing from the end`)),
    );
  });

  test('verify names reordered entries (two entries’ sequence numbers swapped)', async () => {
    const swap = `UPDATE audit_entry SET seq = 1000000 WHERE seq = 3;
      UPDATE audit_entry SET seq = 3 WHERE seq = 4;
      UPDATE audit_entry SET seq = 4 WHERE seq = 1000000`;
    await tampered(swap, swap, (v) =>
      expectProblem(
        v,
        'reordered',
        3n,
        /entry 3 \(round\.created on round 4 .*\) was recorded right after the entry now numbered 4, not after entry 2/,
      ),
    );
  });

  test('verify notices an entry rewritten with a recomputed hash, and anchors catch a rewritten chain', async () => {
    const [e6] = await auditEntriesAfter(t.db, 5n, 1);
    // A forger changes entry 6 and recomputes its hash, so entry 6 on its own looks valid…
    const forged = { ...e6!, after: { ...(e6!.after as object), persons: 600 } };
    const forgedHash = auditEntryHash(forged);
    await tampered(
      `UPDATE audit_entry SET after = '${JSON.stringify(forged.after)}'::jsonb, hash = '${forgedHash}' WHERE seq = 6`,
      `UPDATE audit_entry SET after = '${JSON.stringify(e6!.after)}'::jsonb, hash = '${e6!.hash}' WHERE seq = 6`,
      // …but entry 7 still links to the original.
      (v) =>
        expectProblem(
          v,
          'altered',
          6n,
          /entry 6 .* was rewritten with a recomputed hash: entry 7 still links to the original/,
        ),
    );
    const ok = await verifyAuditChain(t.db, { anchors: [{ seq: 6n, hash: e6!.hash }] });
    expectOk(ok);
    expectProblem(
      await verifyAuditChain(t.db, { anchors: [{ seq: 6n, hash: 'f'.repeat(64) }] }),
      'anchor_mismatch',
      6n,
      /entry 6 has hash .* but f{64} was recorded for it/,
    );
    expectProblem(
      await verifyAuditChain(t.db, { anchors: [{ seq: 100_000n, hash: 'f'.repeat(64) }] }),
      'removed',
      100_000n,
      /entry 100000 was recorded with hash f{64}, but the trail now ends at/,
    );
  });

  test('concurrent appends, some rolled back, leave one chain without gaps', async () => {
    const before = (await auditHead(t.db)).seq;
    const N = 50;
    const outcomes = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        t.db.transaction(async (tx) => {
          await tx.query('SELECT pg_sleep(0.002)');
          const r = await appendAudit(tx, {
            at: at(1000 + i),
            actor: 'system',
            action: 'payout.recorded',
            entityType: 'payout',
            entityId: i,
            after: { i },
          });
          // Hold the head a little while, so the others really queue behind it.
          await tx.query('SELECT pg_sleep(0.002)');
          if (i % 7 === 3) throw new Error(`rolled back ${i}`);
          return r;
        }),
      ),
    );
    const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
    assert.equal(committed, N - Array.from({ length: N }, (_, i) => i).filter((i) => i % 7 === 3).length);
    const v = await verifyAuditChain(t.db);
    expectOk(v);
    assert.equal(v.entries, before + BigInt(committed));
    const added = await auditEntriesAfter(t.db, before, 1000);
    assert.deepEqual(
      added.map((e) => e.seq),
      Array.from({ length: committed }, (_, i) => before + 1n + BigInt(i)),
    );
    const ids = added.map((e) => Number(e.entityId));
    assert.equal(new Set(ids).size, committed);
    assert.ok(
      ids.every((i) => i % 7 !== 3),
      'no rolled-back entry is in the trail',
    );
  });
});
