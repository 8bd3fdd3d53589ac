import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Sql } from '../../src/db/database.ts';
import {
  checkLedger,
  createTransfers,
  type LedgerCheck,
  type LedgerProblem,
  reversalOf,
  verifyLedger,
} from '../../src/ledger/index.ts';
import { ayni, asOfficer as cliAs, cliDatabase, cliOfficers } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { at, BONO, type Chart, codes, fund, move, openChart, transferOf } from './ledger-fixture.ts';

/**
 * The ledger's check from a verified checkpoint (src/ledger/ledger.checkpoint.ts, migration 0066):
 * a full run records a checkpoint; the next runs start from the latest one and read only the
 * transfers after it (and a fingerprint of those before it). Tampering is committed here (the check
 * opens its own transactions) and undone at once, triggers off, so each test leaves the ledger as
 * it found it.
 */

let t: TestDatabase;
let c: Chart;
const ACTOR = 'account:auditor' as const;

before(async () => {
  t = await createTestDatabase();
  c = await openChart(t.db, 'k');
  await fund(t.db, c, 10n * BONO, 'k:f');
  const [paid] = await createTransfers(t.db, [
    move('k:pay-1', c.payable, c.union, BONO, { uniqueKey: 'k:bono:1', personId: 1n }),
  ]);
  const results = await createTransfers(t.db, [
    reversalOf(transferOf(paid), { id: 'k:rev-1', code: 'bono.payout_reversal', occurredAt: at(1) }),
    move('k:pay-2', c.payable, c.bnb, BONO, { uniqueKey: 'k:bono:1', personId: 1n, occurredAt: at(2) }),
    {
      ...move('k:dep', c.payable, c.union, BONO, { uniqueKey: 'k:bono:2', occurredAt: at(3) }),
      kind: 'pending',
    },
    {
      ...move('k:dep-2', c.payable, c.bnb, BONO, { uniqueKey: 'k:bono:3', occurredAt: at(3) }),
      kind: 'pending',
    },
  ]);
  assert.deepEqual(codes(results), ['ok', 'ok', 'ok', 'ok']);
});
after(async () => {
  await t.dispose();
});

const check = (options: { full?: boolean; history?: boolean } = {}) =>
  checkLedger(t.db, { actor: ACTOR, at: at(100), ...options });
const kinds = (problems: LedgerProblem[]) => [...new Set(problems.map((p) => p.problem))].sort();
const latestId = async () =>
  (await t.db.query<{ id: bigint | null }>('SELECT max(id) AS id FROM ledger_checkpoint'))[0]?.id ?? null;

/** Runs `sql` with the ledger's triggers off, committed. */
async function tamper(sql: string): Promise<void> {
  await t.db.transaction(async (tx: Sql) => {
    await tx.exec(
      'ALTER TABLE ledger_transfer DISABLE TRIGGER USER; ALTER TABLE ledger_account DISABLE TRIGGER USER; ALTER TABLE ledger_checkpoint_account DISABLE TRIGGER USER;',
    );
    await tx.exec(sql);
    await tx.exec(
      'ALTER TABLE ledger_transfer ENABLE TRIGGER USER; ALTER TABLE ledger_account ENABLE TRIGGER USER; ALTER TABLE ledger_checkpoint_account ENABLE TRIGGER USER;',
    );
  });
}

function assertClean(v: LedgerCheck): void {
  assert.deepEqual(v.problems, []);
  assert.equal(v.ok, true);
  assert.ok(v.checkpoint, 'a clean run writes a checkpoint');
}

describe('checkLedger from a checkpoint', () => {
  test('the first run is full and writes a checkpoint through the last seq, with its audit entry', async () => {
    const v = await check();
    assertClean(v);
    assert.equal(v.mode, 'full');
    assert.equal(v.from, null);
    const [{ seq }] = (await t.db.query<{ seq: bigint }>('SELECT max(seq) AS seq FROM ledger_transfer')) as [
      { seq: bigint },
    ];
    assert.equal(v.checkpoint!.throughSeq, seq);
    assert.equal(v.transferCount, (await verifyLedger(t.db)).transferCount);
    const [entry] = await t.db.query<{ after: { digest: string } }>(
      "SELECT after FROM audit_entry WHERE action = 'ledger_checkpoint.verified' ORDER BY seq DESC LIMIT 1",
    );
    assert.equal(entry?.after.digest, v.checkpoint!.digest);
    // Append-only, as the transfers.
    await assert.rejects(t.db.query('DELETE FROM ledger_checkpoint'), /refused/);
    await assert.rejects(t.db.query('UPDATE ledger_checkpoint_account SET debits_posted = 0'), /refused/);
  });

  test('after new transfers (a payout, a post and a void of older pendings, a reversal of an older payout) the incremental run passes', async () => {
    const first = await latestId();
    // k:pay-2 was recorded before the checkpoint: asked again, createTransfers answers `exists` with it.
    const [pay2] = await createTransfers(t.db, [
      move('k:pay-2', c.payable, c.bnb, BONO, { uniqueKey: 'k:bono:1', personId: 1n, occurredAt: at(2) }),
    ]);
    const results = await createTransfers(t.db, [
      move('k:pay-3', c.payable, c.union, BONO, { uniqueKey: 'k:bono:4', personId: 4n, occurredAt: at(5) }),
      {
        id: 'k:dep-ok',
        kind: 'post_pending',
        pendingId: 'k:dep',
        code: 'bono.deposit_accepted',
        occurredAt: at(6),
      },
      {
        id: 'k:dep-2-no',
        kind: 'void_pending',
        pendingId: 'k:dep-2',
        code: 'bono.deposit_rejected',
        occurredAt: at(6),
      },
      reversalOf(transferOf(pay2), { id: 'k:rev-2', code: 'bono.payout_reversal', occurredAt: at(6) }),
    ]);
    assert.deepEqual(codes(results), ['ok', 'ok', 'ok', 'ok']);
    const v = await check();
    assertClean(v);
    assert.equal(v.mode, 'incremental');
    assert.equal(v.from?.id, first);
    assert.equal(v.transferCount, (await verifyLedger(t.db)).transferCount);
    // And with a key released by a new void, the live keys still agree: a second one passes too.
    const again = await check({ history: true });
    assertClean(again);
    assert.equal(again.mode, 'incremental');
    assert.equal(again.from?.id, v.checkpoint!.id);
  });

  test('a tampered new transfer is caught incrementally, and no checkpoint is written', async () => {
    const results = await createTransfers(t.db, [
      move('k:pay-5', c.payable, c.bnb, BONO, { uniqueKey: 'k:bono:5', personId: 5n, occurredAt: at(7) }),
    ]);
    assert.deepEqual(codes(results), ['ok']);
    const before = await latestId();
    await tamper("UPDATE ledger_transfer SET amount = amount + 1 WHERE id = 'k:pay-5'");
    try {
      const v = await check();
      assert.equal(v.mode, 'incremental');
      assert.equal(v.ok, false);
      assert.deepEqual(kinds(v.problems), ['balance_differs']);
      assert.equal(v.checkpoint, null);
      assert.equal(v.notWritten, 'problems');
      assert.equal(await latestId(), before);
    } finally {
      await tamper("UPDATE ledger_transfer SET amount = amount - 1 WHERE id = 'k:pay-5'");
    }
    assertClean(await check());
  });

  test('a tampered old transfer: the full check and the history fingerprint catch it; the default incremental run cannot', async () => {
    // Before the latest checkpoint: its amount changed, balances left alone.
    await tamper("UPDATE ledger_transfer SET amount = amount + 1 WHERE id = 'k:pay-1'");
    try {
      const full = await check({ full: true });
      assert.equal(full.mode, 'full');
      assert.deepEqual(kinds(full.problems), ['balance_differs', 'history_changed', 'reversal_mismatch']);
      assert.equal(full.checkpoint, null);
      const incremental = await check({ history: true });
      assert.equal(incremental.mode, 'incremental');
      assert.deepEqual(kinds(incremental.problems), ['history_changed']);
      assert.equal(incremental.checkpoint, null);
      // What the incremental run cannot see without the fingerprint: a change before its mark.
      const blind = await check();
      assert.equal(blind.mode, 'incremental');
      assert.deepEqual(blind.problems, []);
    } finally {
      await tamper("UPDATE ledger_transfer SET amount = amount - 1 WHERE id = 'k:pay-1'");
    }
    // A change that moves no balance (the time of an old payout): the ledger is consistent in
    // itself; only the history fingerprint, compared with the latest checkpoint, shows it.
    const shift = (sign: string) =>
      tamper(
        `UPDATE ledger_transfer SET occurred_at = occurred_at ${sign} interval '1 minute' WHERE id = 'k:pay-3'`,
      );
    await shift('+');
    try {
      const full = await check({ full: true });
      assert.deepEqual(kinds(full.problems), ['history_changed']);
      const blind = (await verifyLedger(t.db)).problems;
      assert.deepEqual(blind, [], 'the ledger is consistent in itself');
    } finally {
      await shift('-');
    }
    assertClean(await check({ full: true }));
  });

  test('a checkpoint changed after it was written is refused: the run is full and reports it', async () => {
    const id = await latestId();
    await tamper(
      `UPDATE ledger_checkpoint_account SET credits_posted = credits_posted + 1 WHERE checkpoint_id = ${id} AND account_id = ${c.union.id}`,
    );
    try {
      const v = await check();
      assert.equal(v.mode, 'full');
      assert.deepEqual(v.problems, [{ problem: 'checkpoint_differs', checkpointId: id, what: 'digest' }]);
      assert.equal(await latestId(), id);
    } finally {
      await tamper(
        `UPDATE ledger_checkpoint_account SET credits_posted = credits_posted - 1 WHERE checkpoint_id = ${id} AND account_id = ${c.union.id}`,
      );
    }
    assertClean(await check());
  });

  test('a live key deleted after the checkpoint is found incrementally, by name', async () => {
    await tamper("DELETE FROM ledger_unique_key WHERE unique_key = 'k:bono:4'");
    try {
      const v = await check();
      assert.equal(v.mode, 'incremental');
      assert.deepEqual(v.problems, [
        {
          problem: 'unique_key_differs',
          uniqueKey: 'k:bono:4',
          liveTransferId: 'k:pay-3',
          heldTransferId: null,
        },
      ]);
    } finally {
      await tamper(
        "INSERT INTO ledger_unique_key (unique_key, transfer_id, person_id) VALUES ('k:bono:4', 'k:pay-3', 4)",
      );
    }
  });
});

describe('the mark a checkpoint is taken at', () => {
  test('a transfer being recorded (not yet committed) holds the mark back: the run checks, but writes no checkpoint', async () => {
    const before = await latestId();
    let checked: LedgerCheck | undefined;
    class Rollback extends Error {}
    await t.db
      .transaction(async (tx) => {
        // Its seq is taken now; it would commit after the check's snapshot.
        const [r] = await createTransfers(tx, [
          move('k:slow', c.payable, c.union, BONO, { uniqueKey: 'k:bono:slow', occurredAt: at(9) }),
        ]);
        assert.equal(r?.result, 'ok');
        checked = await checkLedger(t.db, { actor: ACTOR, at: at(100), lockTimeoutMs: 200 });
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    assert.deepEqual(checked?.problems, []);
    assert.equal(checked?.ok, true);
    assert.equal(checked?.checkpoint, null);
    assert.equal(checked?.notWritten, 'busy');
    assert.equal(await latestId(), before);
    assertClean(await check());
  });
});

describe('ayni ledger verify', () => {
  test('an auditor signs in; incremental by default, --full on demand; a problem exits 1 with it printed', async () => {
    const cli = await cliDatabase('ledger');
    try {
      const PASSWORD = 'tres palabras largas';
      const tokens = await cliOfficers(PASSWORD, {
        admin: ['administrator'],
        rita: ['auditor'],
        ana: ['bono_officer'],
      });
      const unsigned = await ayni(['ledger', 'verify'], { env: { AYNI_CREDENTIAL: undefined } });
      assert.equal(unsigned.code, 1);
      assert.match(unsigned.err, /signed-in officer holding audit\.read/);
      const forbidden = await ayni(['ledger', 'verify'], cliAs(tokens.ana!));
      assert.equal(forbidden.code, 1);
      assert.match(forbidden.err, /audit\.read/);

      const first = await ayni(['ledger', 'verify'], cliAs(tokens.rita!));
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /^ledger OK \(full, from the transfers alone\): \d+ transfers, \d+ accounts$/m);
      assert.match(first.out, /^checkpoint 1 through seq \d+, digest [0-9a-f]{64}$/m);
      const second = await ayni(
        ['ledger', 'verify', '--history', '--officer', 'rita', '--password-stdin'],
        `${PASSWORD}\n`,
      );
      assert.equal(second.code, 0, second.err);
      assert.match(second.out, /^ledger OK \(incremental from checkpoint 1 \(seq \d+\)\)/m);
      assert.match(second.out, /^checkpoint 2 /m);
      const full = await ayni(['ledger', 'verify', '--full'], cliAs(tokens.rita!));
      assert.equal(full.code, 0, full.err);
      assert.match(full.out, /^ledger OK \(full/m);

      // A balance changed by hand.
      const { openServer } = await import('../../src/db/multi-host.ts');
      const db = await openServer(cli.databaseUrl);
      try {
        await db.exec(
          `CREATE TEMP TABLE a AS SELECT id FROM ledger_account ORDER BY id LIMIT 1;
           INSERT INTO ledger_account (code, ledger, kind, name, debits_must_not_exceed_credits, credits_must_not_exceed_debits, credits_posted, created_at)
           VALUES ('test:hand-made', 'BOB', 'asset', 'by hand', false, false, 5, now())`,
        );
      } finally {
        await db.close();
      }
      const broken = await ayni(['ledger', 'verify'], cliAs(tokens.rita!));
      assert.equal(broken.code, 1);
      assert.match(broken.out, /"problem":"balance_differs"/);
      assert.match(
        broken.err,
        /^ayni: ledger NOT verified \(incremental check\): 2 problem\(s\), the first balance_differs/,
      );
    } finally {
      await cli.dispose();
    }
  });
});
