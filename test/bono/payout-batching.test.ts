import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChain } from '../../src/audit/index.ts';
import { PayoutDesk, type PersonTriple } from '../../src/bono/index.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * The payout desk's group commit (issue #17): payouts submitted in the same turn of the event loop
 * leave together, in one transaction with one audit entry, as soon as no batch is committing. What
 * each member of such a batch is answered must not depend on the others: a retry of the same
 * payout inside the batch is `already_recorded`, a second bank paying the same person is
 * `already_paid`, a key reused for another person is `idempotency_key_reused`, and the others are
 * paid all the same. (A payout retried after a crash pays once: test/bono/crash.test.ts.)
 */

const rezagados = new Date('2021-02-01T15:00:00Z');

async function unpaid(t: TestDatabase, limit: number): Promise<PersonTriple[]> {
  const rows = await t.db.query<{ ci_number: string; complemento: string; dob: string }>(
    `SELECT p.ci_number, p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
     FROM bono_entitlement e JOIN person p ON p.id = e.person_id
     WHERE e.channel = 'counter' AND NOT EXISTS (SELECT 1 FROM bono_payment b WHERE b.person_id = e.person_id)
     ORDER BY e.person_id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ ciNumber: r.ci_number, complemento: r.complemento, dateOfBirth: r.dob }));
}

async function recordedEntries(t: TestDatabase): Promise<number> {
  const [r] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'bono_payment.recorded'`,
  );
  return r!.n;
}

describe('bono payouts: one group commit', () => {
  let t: TestDatabase;
  let desk: PayoutDesk;
  before(async () => {
    t = await createTestDatabase();
    await seedCountryWithRound(t.db, t.dir, 1_500);
    desk = new PayoutDesk(t.db);
  });
  after(async () => {
    await desk.close();
    await t.dispose();
  });

  it('answers each member of one batch on its own: duplicates, a second bank, a reused key, and the others paid', async () => {
    const [warm, b, c, e] = await unpaid(t, 4);
    const pay = (person: PersonTriple, bankBic: string, idempotencyKey: string) =>
      desk.pay({
        bankBic,
        idempotencyKey,
        person,
        paymentPoint: 'Caja 2',
        at: rezagados,
        actor: 'credential:ak_batch',
      });
    // One payout first, so that the round's calendar is read before the batch.
    assert.equal(okValue(await pay(warm!, 'BUNIBOLX', 'batch-warm-0001')).result, 'paid');
    const entriesBefore = await recordedEntries(t);

    const [b1, b2, c1, c2, reused, nobody, e1] = await Promise.all([
      pay(b!, 'BUNIBOLX', 'batch-b-000001'),
      pay(b!, 'BUNIBOLX', 'batch-b-000001'), // the same payout twice in one batch
      pay(c!, 'BUNIBOLX', 'batch-c-000001'),
      pay(c!, 'BNBOBOLX', 'batch-c-000002'), // the same person by another bank
      pay(e!, 'BUNIBOLX', 'batch-b-000001'), // B's key for another person
      pay({ ciNumber: '99999999', complemento: '', dateOfBirth: '1970-01-01' }, 'BUNIBOLX', 'batch-x-000001'),
      pay(e!, 'BNBOBOLX', 'batch-e-000001'),
    ]);

    const first = okValue(b1!);
    const again = okValue(b2!);
    assert.deepEqual([first.result, again.result].sort(), ['already_recorded', 'paid']);
    assert.equal(again.payment.id, first.payment.id, 'the duplicate names the same payment');
    const cAnswers = [c1!, c2!];
    const cPaid = cAnswers.filter((r) => r.ok);
    assert.equal(cPaid.length, 1, 'one of the two banks pays C');
    const cRefused = cAnswers.find((r) => !r.ok);
    assert.equal(cRefused && !cRefused.ok && cRefused.error.code, 'already_paid');
    assert.deepEqual(reused, { ok: false, error: { code: 'idempotency_key_reused' } });
    assert.deepEqual(nobody, { ok: false, error: { code: 'not_entitled' } });
    assert.equal(okValue(e1!).result, 'paid');

    // One transaction for the batch: one audit entry naming its three payments.
    assert.equal((await recordedEntries(t)) - entriesBefore, 1, 'the batch was one group commit');
    const [entry] = await t.db.query<{ n: number }>(
      `SELECT jsonb_array_length(after)::int AS n FROM audit_entry
       WHERE action = 'bono_payment.recorded' ORDER BY seq DESC LIMIT 1`,
    );
    assert.equal(entry!.n, 3);
    const [dup] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT person_id FROM bono_payment WHERE reversed_at IS NULL GROUP BY person_id HAVING count(*) > 1) d',
    );
    assert.equal(dup!.n, 0);
    assert.deepEqual((await verifyLedger(t.db)).problems, []);
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });

  it('a batch that fails as a whole fails only its own members; the next batch is paid', async () => {
    const [p, q] = await unpaid(t, 2);
    const pay = (person: PersonTriple, key: string) =>
      desk.pay({
        bankBic: 'BUNIBOLX',
        idempotencyKey: key,
        person,
        paymentPoint: 'Caja 2',
        at: rezagados,
        actor: 'credential:ak_batch',
      });
    // The payment table refuses writes for the length of one batch: that batch's transaction
    // fails and rolls back whole; nothing of it is recorded, and the desk goes on.
    await t.db.exec(`CREATE OR REPLACE FUNCTION test_refuse_payment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
      CREATE TRIGGER test_refuse_payment BEFORE INSERT ON bono_payment
        FOR EACH ROW EXECUTE FUNCTION test_refuse_payment()`);
    try {
      await assert.rejects(pay(p!, 'batch-fail-00001'), /refused for the test/);
    } finally {
      await t.db.exec(
        'DROP TRIGGER test_refuse_payment ON bono_payment; DROP FUNCTION test_refuse_payment()',
      );
    }
    const [none] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ledger_transfer WHERE id LIKE '%batch-fail-00001'`,
    );
    assert.equal(none!.n, 0, 'the failed batch left no transfer');
    const [retried, other] = await Promise.all([pay(p!, 'batch-fail-00001'), pay(q!, 'batch-next-00001')]);
    assert.equal(okValue(retried!).result, 'paid', 'the retry of the failed payout pays it, once');
    assert.equal(okValue(other!).result, 'paid');
    assert.deepEqual((await verifyLedger(t.db)).problems, []);
  });
});
