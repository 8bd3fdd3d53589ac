import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { verifyAuditChain } from '../../src/audit/index.ts';
import {
  expireRound,
  PayoutDesk,
  type PersonTriple,
  reversePayout,
  roundProgress,
  unclaimedReport,
  verifyForBank,
} from '../../src/bono/index.ts';
import { getAccountsByCode, verifyLedger } from '../../src/ledger/index.ts';
import { seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

const rezagados = new Date('2021-02-01T15:00:00Z');

async function entitled(t: TestDatabase, where = 'TRUE', limit = 50): Promise<PersonTriple[]> {
  const rows = await t.db.query<{ ci_number: string; complemento: string; dob: string }>(
    `SELECT p.ci_number, p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
     FROM bono_entitlement e JOIN person p ON p.id = e.person_id WHERE ${where} ORDER BY e.person_id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ ciNumber: r.ci_number, complemento: r.complemento, dateOfBirth: r.dob }));
}

describe('bono counter payouts', () => {
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

  it('verify tells the cashier the amount and the window; nobody with the triple is not entitled', async () => {
    const [p] = await entitled(t);
    const v = await verifyForBank(t.db, p!, rezagados);
    assert.equal(v.eligible, true);
    assert.equal(v.amountCentavos, 100_000n);
    assert.equal(v.payableNow, true);
    const nobody = await verifyForBank(
      t.db,
      { ciNumber: '99999999', complemento: '', dateOfBirth: '1970-01-01' },
      rezagados,
    );
    // The same answer as for a person who is not entitled: a bank cannot tell who exists.
    assert.equal(nobody.refusal, 'not_entitled');
  });

  it('enforces the age-band window, the rezagados period and the 90-day limit by date', async () => {
    const [young] = await entitled(t, `e.band = '18-29'`, 1);
    assert.ok(young, 'an 18–29 person is entitled');
    const before = await verifyForBank(t.db, young!, new Date('2020-12-05T15:00:00Z'));
    assert.equal(before.refusal, 'window_not_open');
    const own = await verifyForBank(t.db, young!, new Date('2021-01-15T15:00:00Z'));
    assert.equal(own.refusal, null);
    const last = await verifyForBank(t.db, young!, new Date('2021-03-01T23:00:00Z'));
    assert.equal(last.refusal, null, 'the last legal day, 19:00 in La Paz');
    const late = await verifyForBank(t.db, young!, new Date('2021-03-02T05:00:00Z'));
    assert.equal(late.refusal, 'collection_period_over');
    const refused = await desk.pay({
      bankBic: 'BUNIBOLX',
      idempotencyKey: 'late-00000001',
      person: young!,
      paymentPoint: 'Agencia Central',
      at: new Date('2021-03-02T05:00:00Z'),
      actor: 'credential:ak_test',
    });
    assert.deepEqual(refused, { ok: false, error: { code: 'collection_period_over' } });
  });

  it('pays once: a retry is recognised, another bank is told when and where', async () => {
    const [p] = await entitled(t, `e.channel = 'counter'`, 1);
    const req = {
      bankBic: 'BUNIBOLX',
      idempotencyKey: 'union-0000000001',
      person: p!,
      paymentPoint: 'Agencia Calacoto',
      at: rezagados,
      actor: 'credential:ak_union' as const,
    };
    const first = okValue(await desk.pay(req));
    assert.equal(first.result, 'paid');
    const retry = okValue(await desk.pay(req));
    assert.equal(retry.result, 'already_recorded');
    assert.equal(retry.payment.id, first.payment.id);
    const other = await desk.pay({ ...req, bankBic: 'BNBOBOLX', idempotencyKey: 'bnb-0000000001' });
    assert.equal(other.ok, false);
    assert.equal(!other.ok && other.error.code, 'already_paid');
    const elsewhere = !other.ok && 'paidElsewhere' in other.error ? other.error.paidElsewhere : undefined;
    assert.equal(elsewhere?.bankBic, 'BUNIBOLX');
    assert.equal(elsewhere?.paymentPoint, 'Agencia Calacoto');
    const [someoneElse] = await entitled(
      t,
      `e.channel = 'counter' AND e.person_id > (SELECT min(person_id) FROM bono_entitlement WHERE channel = 'counter')`,
      1,
    );
    const reused = await desk.pay({ ...req, person: someoneElse! });
    assert.deepEqual(reused, { ok: false, error: { code: 'idempotency_key_reused' } });
    // A key or payment point the desk cannot take is a failure too, not an exception.
    assert.deepEqual(await desk.pay({ ...req, idempotencyKey: 'short' }), {
      ok: false,
      error: { code: 'idempotency_key_invalid' },
    });
    assert.deepEqual(await desk.pay({ ...req, paymentPoint: '<script>' }), {
      ok: false,
      error: { code: 'payment_point_invalid' },
    });
  });

  it('reverses a counter payout the same day at the same bank only, and the person can then be paid', async () => {
    const [p] = await entitled(
      t,
      `e.channel = 'counter' AND NOT EXISTS (SELECT 1 FROM bono_payment b WHERE b.person_id = e.person_id)`,
      1,
    );
    const paid = await desk.pay({
      bankBic: 'BMSCBOLX',
      idempotencyKey: 'mscz-0000000001',
      person: p!,
      paymentPoint: 'Agencia Equipetrol',
      at: rezagados,
      actor: 'credential:ak_mscz',
    });
    assert.equal(okValue(paid).result, 'paid');
    const id = okValue(paid).payment.id;
    assert.deepEqual(
      await reversePayout(t.db, {
        bankBic: 'BUNIBOLX',
        paymentId: id,
        reason: 'error',
        at: rezagados,
        actor: 'credential:x',
      }),
      { ok: false, error: { code: 'payment_not_found' } },
    );
    assert.deepEqual(
      await reversePayout(t.db, {
        bankBic: 'BMSCBOLX',
        paymentId: id,
        reason: 'error',
        at: new Date(rezagados.getTime() + 86_400_000),
        actor: 'credential:x',
      }),
      { ok: false, error: { code: 'reversal_window_closed' } },
    );
    assert.deepEqual(
      await reversePayout(t.db, {
        bankBic: 'BMSCBOLX',
        paymentId: id,
        reason: '   ',
        at: new Date(rezagados.getTime() + 600_000),
        actor: 'credential:x',
      }),
      { ok: false, error: { code: 'reason_required' } },
    );
    const reversed = okValue(
      await reversePayout(t.db, {
        bankBic: 'BMSCBOLX',
        paymentId: id,
        reason: 'cajero pagó a otra persona',
        at: new Date(rezagados.getTime() + 600_000),
        actor: 'credential:ak_mscz',
      }),
    );
    assert.ok(reversed.reversedAt);
    const again = await desk.pay({
      bankBic: 'BUNIBOLX',
      idempotencyKey: 'union-0000000002',
      person: p!,
      paymentPoint: 'Agencia Central',
      at: new Date(rezagados.getTime() + 900_000),
      actor: 'credential:ak_union',
    });
    assert.equal(okValue(again).result, 'paid');
  });

  it('concurrent clients of different banks paying overlapping persons pay each person exactly once', async () => {
    const persons = await entitled(
      t,
      `e.channel = 'counter' AND NOT EXISTS (SELECT 1 FROM bono_payment b WHERE b.person_id = e.person_id)`,
      120,
    );
    const banks = ['BUNIBOLX', 'BNBOBOLX', 'BISABOLX', 'BSOLBOLX'];
    // Every bank tries every person, in its own order, all at once.
    const attempts = banks.flatMap((bank, b) =>
      persons.map((person, i) => ({
        bank,
        person,
        key: `${bank.slice(0, 4)}-race-${String(i).padStart(6, '0')}`,
        order: (i * (b + 7)) % persons.length,
      })),
    );
    attempts.sort((x, y) => x.order - y.order);
    const results = await Promise.all(
      attempts.map((a) =>
        desk.pay({
          bankBic: a.bank,
          idempotencyKey: a.key,
          person: a.person,
          paymentPoint: 'Caja 1',
          at: rezagados,
          actor: 'credential:race',
        }),
      ),
    );
    const paid = results.filter((r) => r.ok && r.value.result === 'paid').length;
    assert.equal(paid, persons.length, 'one payout per person');
    for (const r of results) if (!r.ok) assert.ok(['already_paid'].includes(r.error.code), r.error.code);
    const [dup] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT person_id FROM bono_payment WHERE reversed_at IS NULL GROUP BY person_id HAVING count(*) > 1) d',
    );
    assert.equal(dup!.n, 0);
    const ledger = await verifyLedger(t.db);
    assert.deepEqual(ledger.problems, []);
  });

  it('ledger invariants hold for any sequence of pays, retries and reversals (property)', async () => {
    const pool = await entitled(
      t,
      `e.channel = 'counter' AND NOT EXISTS (SELECT 1 FROM bono_payment b WHERE b.person_id = e.person_id)`,
      12,
    );
    let run = 0;
    let tick = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('pay', 'pay', 'retry', 'reverse'),
            person: fc.nat({ max: pool.length - 1 }),
            bank: fc.constantFrom('BUNIBOLX', 'BNBOBOLX', 'BECOBOLX'),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (ops) => {
          run++;
          let n = 0;
          const keys: { bank: string; key: string; person: number }[] = [];
          for (const o of ops) {
            const at = new Date(rezagados.getTime() + 3_600_000 + ++tick * 100);
            if (o.op === 'reverse') {
              const [live] = await t.db.query<{ id: number; bank_bic: string }>(
                `SELECT b.id, b.bank_bic FROM bono_payment b JOIN person p ON p.id = b.person_id
                 WHERE p.ci_number = $1 AND p.date_of_birth = $2 AND b.reversed_at IS NULL AND b.channel = 'counter'`,
                [pool[o.person]!.ciNumber, pool[o.person]!.dateOfBirth],
              );
              if (live)
                okValue(
                  await reversePayout(t.db, {
                    bankBic: live.bank_bic,
                    paymentId: live.id,
                    reason: 'prueba',
                    at,
                    actor: 'credential:p',
                  }),
                  'the same-day reversal by the paying bank',
                );
            } else {
              const reuse = o.op === 'retry' ? keys.find((k) => k.person === o.person) : undefined;
              const k = reuse ?? { bank: o.bank, key: `prop-${run}-${n}-${o.person}`, person: o.person };
              keys.push(k);
              await desk.pay({
                bankBic: k.bank,
                idempotencyKey: k.key,
                person: pool[k.person]!,
                paymentPoint: '',
                at,
                actor: 'credential:p',
              });
            }
            n++;
          }
          const v = await verifyLedger(t.db);
          assert.deepEqual(v.problems, []);
          const [dup] = await t.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM (SELECT person_id FROM bono_payment WHERE reversed_at IS NULL GROUP BY person_id HAVING count(*) > 1) d',
          );
          assert.equal(dup!.n, 0, 'at most one live payment per person');
          const [payable] = await getAccountsByCode(t.db, ['bono:entitlements-payable']);
          assert.ok(
            payable!.debitsPosted + payable!.debitsPending <= payable!.creditsPosted,
            'paid ≤ entitled',
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it('expires the round after the deadline, returning what was not collected; progress adds up', async () => {
    assert.deepEqual(
      await expireRound(t.db, { roundId: 1, actor: 'account:beto', at: new Date('2021-03-01T20:00:00Z') }),
      { ok: false, error: { code: 'collection_period_open', roundId: 1, lastDeadline: '2021-03-01' } },
    );
    assert.deepEqual(
      await expireRound(t.db, { roundId: 9, actor: 'account:beto', at: new Date('2021-03-02T13:00:00Z') }),
      { ok: false, error: { code: 'round_not_found', roundId: 9 } },
    );
    const progress = await roundProgress(t.db, 1);
    const expired = okValue(
      await expireRound(t.db, {
        roundId: 1,
        actor: 'account:beto',
        at: new Date('2021-03-02T13:00:00Z'),
      }),
    );
    assert.equal(expired.round.status, 'expired');
    assert.equal(expired.unclaimed, progress.unpaid.count);
    assert.equal(expired.returnedCentavos, progress.unpaid.amountCentavos);
    const report = await unclaimedReport(t.db, 1);
    assert.equal(
      report.reduce((s, r) => s + r.unclaimed, 0),
      progress.unpaid.count,
    );
    const [payable] = await getAccountsByCode(t.db, ['bono:entitlements-payable']);
    assert.equal(payable!.creditsPosted - payable!.debitsPosted, 0n, 'nothing left payable');
    const [p] = await entitled(
      t,
      `e.channel = 'counter' AND NOT EXISTS (SELECT 1 FROM bono_payment b WHERE b.person_id = e.person_id)`,
      1,
    );
    const late = await desk.pay({
      bankBic: 'BUNIBOLX',
      idempotencyKey: 'after-expiry-01',
      person: p!,
      paymentPoint: '',
      at: new Date('2021-03-02T14:00:00Z'),
      actor: 'credential:x',
    });
    assert.deepEqual(late, { ok: false, error: { code: 'collection_period_over' } });
    assert.deepEqual(
      await expireRound(t.db, { roundId: 1, actor: 'account:beto', at: new Date('2021-03-03T13:00:00Z') }),
      {
        ok: false,
        error: { code: 'round_not_approved', roundId: 1, roundStatus: 'expired', operation: 'expire' },
      },
      'an expired round does not expire twice',
    );
    assert.deepEqual((await verifyLedger(t.db)).problems, []);
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });
});
