import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAuditEntries, verifyAuditChain } from '../../src/audit/index.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { decisiveInWords, describeFailure } from '../../src/messages/index.ts';
import { declarationFacts } from '../../src/rules/index.ts';
import { balanceOf, lateCharges } from '../../src/wealth-tax/index.ts';
import { failure, must, USD_ASSETS, type WealthTaxFixture, wealthTaxFixture } from './fixture.ts';

/**
 * The wealth tax in operation on a real database: a taxpayer linked to the registry and a
 * non-resident by passport; residence per year; a declaration with US-dollar assets converted at
 * Bs 6.96 and assessed; a payment in dollars after the deadline that settles the fine, the UFV
 * updating and the interest once; an amendment that keeps the history and re-assesses; an
 * over-payment carried to the next year; every read and change audited; the ledger balanced.
 */

let f: WealthTaxFixture;
let t: WealthTaxFixture['t'];

before(async () => {
  f = await wealthTaxFixture();
  t = f.t;
});
after(() => f.dispose());

test('register: a CI is found in the registry, a non-resident by passport; duplicates and strangers refused', async () => {
  const ana = must(
    await f.register({
      nit: '4567890019',
      fullName: 'Ana Rojas',
      ci: { number: '4567890', dateOfBirth: '1960-05-01' },
      departmentCode: 2,
    }),
  );
  assert.ok(ana.personId !== null);
  const passport = must(
    await f.register({
      nit: '9900112',
      fullName: 'John Smith',
      passport: { number: 'K1234567', country: 'US' },
      departmentCode: 7,
    }),
  );
  assert.equal(passport.personId, null);
  assert.equal(
    failure(
      await f.register({
        nit: '1111111',
        fullName: 'Otra',
        ci: { number: '4567890', dateOfBirth: '1960-05-01' },
        departmentCode: 2,
      }),
    ).code,
    'taxpayer_exists',
  );
  const stranger = failure(
    await f.register({
      nit: '2222222',
      fullName: 'Nadie',
      ci: { number: '7777777', dateOfBirth: '1970-01-01' },
      departmentCode: 2,
    }),
  );
  assert.equal(stranger.code, 'taxpayer_person_not_in_registry');
  assert.match(describeFailure(stranger, 'es').detail, /CI 7777777/);
  const bad = failure(
    await f.register({
      nit: '12',
      fullName: 'X',
      passport: { number: 'K1', country: 'US' },
      departmentCode: 2,
    }),
  );
  assert.deepEqual(bad, { code: 'wealth_tax_input_invalid', field: 'nit', problem: 'format' });
  assert.equal(describeFailure(bad, 'es').status, 400);
  assert.match(describeFailure(bad, 'es').detail, /el NIT no tiene el formato esperado/);
});

test('residence: more than 183 days is resident; 183 is not', async () => {
  assert.equal(
    must(await f.residence({ nit: '4567890019', fortuneYear: 2020, daysInBolivia: 183 })).resident,
    false,
  );
  assert.equal(
    must(await f.residence({ nit: '4567890019', fortuneYear: 2020, daysInBolivia: 184 })).resident,
    true,
  );
  must(await f.residence({ nit: '9900112', fortuneYear: 2020, daysInBolivia: 40 }));
  assert.equal(
    failure(await f.residence({ nit: '4567890019', fortuneYear: 2019, daysInBolivia: 300 })).code,
    'wealth_tax_not_in_force',
  );
});

test('a resident and a non-resident with the same assets get different bases', async () => {
  const resident = must(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      declaration: USD_ASSETS,
      filingKey: 'rep:ana:2020:1',
    }),
  );
  // Bs 25 M + US$ 2 M × 6.96 = Bs 38.92 M; household goods not counted.
  assert.equal(resident.assessment.netFortuneCentavos, 3_892_000_000n);
  assert.equal(resident.assessment.resident, true);
  assert.equal(resident.assessment.taxCentavos, (3_892_000_000n * 140n) / 10_000n - 15_000_000n);
  assert.equal(resident.assessment.deadline, '2021-03-31');
  const nonResident = must(
    await f.file({
      nit: '9900112',
      fortuneYear: 2020,
      filedOn: '2021-04-20',
      declaration: USD_ASSETS,
      filingKey: 'rep:smith:2020:1',
    }),
  );
  assert.equal(nonResident.assessment.netFortuneCentavos, 2_500_000_000n);
  assert.equal(nonResident.assessment.taxCentavos, 0n);
  assert.equal(nonResident.assessment.deadline, '2021-04-30');
});

test('a filing retried with its key is the same filing; the key reused for another is refused', async () => {
  const again = must(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      declaration: USD_ASSETS,
      filingKey: 'rep:ana:2020:1',
    }),
  );
  assert.equal(again.created, false);
  assert.equal(again.declaration.version, 1);
  const other = failure(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      declaration: { assets: [] },
      filingKey: 'rep:ana:2020:1',
    }),
  );
  assert.equal(other.code, 'filing_key_conflict');
});

test('bad declarations are refused with the field named, in Spanish', async () => {
  const r = failure(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2020,
      filedOn: '2021-03-21',
      declaration: {
        assets: [
          { description: 'Yenes', category: 'cash', location: 'abroad', currency: 'JPY', market_value: 10 },
        ],
      },
      filingKey: 'rep:ana:2020:jpy',
      reason: 'prueba',
    }),
  );
  assert.equal(r.code, 'input_invalid');
  assert.match(describeFailure(r, 'es').detail, /assets\.0\.currency/);
  const marital = failure(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2020,
      filedOn: '2021-03-21',
      declaration: {
        assets: [
          {
            description: 'Casa',
            category: 'real_estate',
            location: 'bolivia',
            ownership: 'marital',
            market_value: 10,
          },
        ],
      },
      filingKey: 'rep:ana:2020:m',
      reason: 'prueba',
    }),
  );
  assert.deepEqual(marital, {
    code: 'wealth_tax_input_invalid',
    field: 'assets.0.ownership',
    problem: 'conflict',
  });
  const noResidence = failure(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2021,
      filedOn: '2022-03-01',
      declaration: USD_ASSETS,
      filingKey: 'rep:ana:2021:1',
    }),
  );
  assert.equal(noResidence.code, 'residence_missing');
});

test('late payment in US dollars: fine of 200 %, UFV updating and interest, booked once', async () => {
  const tax = (3_892_000_000n * 140n) / 10_000n - 15_000_000n; // Bs 394,880.00
  // US$ 56,735.64 × 6.96 = Bs 394,880.05 (the tax and 5 centavos), paid on 10 April, ten days late.
  const paid = must(
    await f.pay({
      nit: '4567890019',
      fortuneYear: 2020,
      paymentId: 'bank:abroad:1',
      paidOn: '2021-04-10',
      currency: 'USD',
      amount: '56735.64',
    }),
  );
  assert.equal(paid.payment.amountCentavos, 39_488_005n);
  const kinds = Object.fromEntries(paid.charges.map((c) => [c.kind, c.amountCentavos]));
  assert.equal(kinds['fine'], tax * 2n);
  const late = lateCharges(tax, '2021-03-31', '2021-04-10')!;
  assert.equal(late.daysLate, 10);
  // 4 % a year for 10 days: (1 + 0.04/360)^10 − 1 ≈ 0.0011117 of the tax, Bs 438–440.
  assert.equal(kinds['interest'], late.interestCentavos);
  assert.ok(late.interestCentavos > 43_800n && late.interestCentavos < 44_000n, `${late.interestCentavos}`);
  const retry = must(
    await f.pay({
      nit: '4567890019',
      fortuneYear: 2020,
      paymentId: 'bank:abroad:1',
      paidOn: '2021-04-10',
      currency: 'USD',
      amount: '56735.64',
    }),
  );
  assert.equal(retry.created, false);
  assert.deepEqual(retry.charges, []);
  const conflict = failure(
    await f.pay({
      nit: '4567890019',
      fortuneYear: 2020,
      paymentId: 'bank:abroad:1',
      paidOn: '2021-04-10',
      currency: 'USD',
      amount: '1.00',
    }),
  );
  assert.equal(conflict.code, 'payment_conflict');
  const balance = must(await balanceOf(t.db, '4567890019', 2020));
  assert.equal(balance.taxCentavos, tax);
  assert.equal(balance.paidCentavos, tax + 5n);
  assert.equal(balance.chargesCentavos, kinds['fine']! + kinds['interest']! + (kinds['updating'] ?? 0n));
  assert.equal(balance.balanceCentavos, balance.chargesCentavos - 5n);
  const euro = failure(
    await f.pay({
      nit: '4567890019',
      fortuneYear: 2020,
      paymentId: 'bank:eu:1',
      paidOn: '2021-04-10',
      currency: 'EUR' as 'USD',
      amount: '1.00',
    }),
  );
  assert.equal(euro.code, 'payment_currency_refused');
});

test('an amendment keeps the history, re-assesses and moves the balance; an over-payment is carried forward', async () => {
  const before = must(await balanceOf(t.db, '4567890019', 2020));
  const lower = {
    assets: [
      {
        description: 'Inmueble en La Paz',
        category: 'real_estate',
        location: 'bolivia',
        market_value: 25_000_000,
      },
      {
        description: 'Cuenta en Miami',
        category: 'deposits_and_credits',
        location: 'abroad',
        market_value: 'USD 1000000',
      },
    ],
  };
  const noReason = failure(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2020,
      filedOn: '2021-05-02',
      declaration: lower,
      filingKey: 'rep:ana:2020:2',
    }),
  );
  assert.deepEqual(noReason, { code: 'wealth_tax_input_invalid', field: 'reason', problem: 'missing' });
  const amended = must(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2020,
      filedOn: '2021-05-02',
      declaration: lower,
      filingKey: 'rep:ana:2020:2',
      reason: 'La cuenta en Miami tenía US$ 1.000.000, no 2.000.000',
    }),
  );
  assert.equal(amended.declaration.version, 2);
  // Bs 25 M + Bs 6.96 M = Bs 31.96 M → 1.4 % − 150,000 = Bs 297,440.00.
  assert.equal(amended.assessment.taxCentavos, 29_744_000n);
  const after = must(await balanceOf(t.db, '4567890019', 2020));
  // The late charges follow the amended tax: the fine of 200 % on Bs 394,880 is reversed and the
  // fine on Bs 297,440 booked instead (the updating and interest likewise), on the same day.
  const reversed = Object.fromEntries(amended.lateCharges!.reversed.map((c) => [c.kind, c.amountCentavos]));
  const booked = Object.fromEntries(amended.lateCharges!.booked.map((c) => [c.kind, c.amountCentavos]));
  assert.equal(reversed['fine'], 2n * 39_488_000n);
  assert.equal(booked['fine'], 2n * 29_744_000n);
  assert.equal(booked['interest'], lateCharges(29_744_000n, '2021-03-31', '2021-04-10')!.interestCentavos);
  assert.ok(amended.lateCharges!.booked.every((c) => c.onDay === '2021-04-10'));
  const chargesAfter = Object.values(booked).reduce((a, b) => a + b, 0n);
  assert.equal(after.chargesCentavos, chargesAfter);
  assert.equal(
    after.balanceCentavos,
    before.balanceCentavos - (before.taxCentavos - 29_744_000n) - (before.chargesCentavos - chargesAfter),
  );
  assert.equal(after.balanceCentavos, after.taxCentavos + after.chargesCentavos - after.paidCentavos);
  assert.ok(after.charges.filter((c) => c.reversedBy).length === amended.lateCharges!.reversed.length);
  const record = must(await f.read({ nit: '4567890019', fortuneYear: 2020, on: '2021-05-02', lang: 'es' }));
  assert.deepEqual(
    record.versions.map((v) => [v.declaration.version, v.assessment?.taxCentavos]),
    [
      [1, 39_488_000n],
      [2, 29_744_000n],
    ],
  );
  const decisive = record.explanation!.decisive;
  assert.equal(decisive.owes, true);
  assert.equal(decisive.taxCentavos, 29_744_000n);
  assert.match(decisiveInWords(decisive, 'es'), /^Debe pagar Bs 297\.440,00 hasta el .*Ley 1357, Art\. 5/);
  assert.match(decisiveInWords(decisive, 'en'), /^You owe Bs 297,440\.00 by .*Ley 1357, Art\. 5/);
  const converted = record.explanation!.lines.find((l) => l.step.includes('Miami'))!;
  assert.match(converted.text, /USD 1000000\.00.*6,96/);
  assert.ok(
    record.explanation!.lines.every((l) => !/igf_/.test(l.text + l.step)),
    'no internal names',
  );
  // Paying the balance and Bs 1,000 more leaves an over-payment, carried to 2021.
  must(
    await f.pay({
      nit: '4567890019',
      fortuneYear: 2020,
      paymentId: 'bank:bo:2',
      paidOn: '2021-05-03',
      currency: 'BOB',
      amount: `${(after.balanceCentavos + 100_000n) / 100n}.${((after.balanceCentavos + 100_000n) % 100n).toString().padStart(2, '0')}`,
    }),
  );
  assert.equal(must(await balanceOf(t.db, '4567890019', 2020)).balanceCentavos, -100_000n);
  const carried = must(
    await f.settle({
      nit: '4567890019',
      fortuneYear: 2020,
      how: 'carry_forward',
      settlementId: 'sin:1',
      on: '2021-05-03',
    }),
  );
  assert.equal(carried.amountCentavos, 100_000n);
  assert.equal(must(await balanceOf(t.db, '4567890019', 2020)).balanceCentavos, 0n);
  assert.equal(must(await balanceOf(t.db, '4567890019', 2021)).balanceCentavos, -100_000n);
  const again = failure(
    await f.settle({
      nit: '4567890019',
      fortuneYear: 2020,
      how: 'refund',
      settlementId: 'sin:2',
      on: '2021-05-03',
    }),
  );
  assert.equal(again.code, 'no_overpayment');
});

test('marriage: community property lets marital items in, both spouses recorded', async () => {
  must(
    await f.register({
      nit: '3456789014',
      fullName: 'Luis Rojas',
      ci: { number: '3456789', dateOfBirth: '1958-02-11' },
      departmentCode: 2,
    }),
  );
  const m = must(await f.marry({ nit: '4567890019', spouseNit: '3456789014', regime: 'community_property' }));
  assert.equal(m.spouse?.spouseTaxpayerId, m.taxpayer.id);
});

test('every change and every read of a declaration is in the audit trail; the ledger balances', async () => {
  const entries = await listAuditEntries(t.db, { last: 200 });
  const actions = entries.map((e) => e.action);
  for (const a of [
    'wealth_tax_taxpayer.registered',
    'wealth_tax_residence.recorded',
    'wealth_tax_declaration.filed',
    'wealth_tax_declaration.amended',
    'wealth_tax_declaration.read',
    'wealth_tax_payment.recorded',
    'wealth_tax_overpayment.carried_forward',
    'wealth_tax_taxpayer.marriage_recorded',
  ])
    assert.ok(actions.includes(a), `${a} audited`);
  // The audit holds totals, never the declared items.
  assert.ok(!JSON.stringify(entries.map((e) => e.after)).includes('Miami'));
  assert.equal((await verifyAuditChain(t.db)).ok, true);
  const ledger = await verifyLedger(t.db);
  assert.deepEqual(ledger.problems, []);
});

test('the rules convert a USD amount instead of refusing it', () => {
  const f = declarationFacts({
    fortune_year: 2020,
    days_in_bolivia_last_12_months: 365,
    assets: [{ description: 'x', category: 'cash', location: 'abroad', market_value: 'USD 100' }],
  });
  assert.equal(must(f).collections!['assets']![0]!.attributes['market_value_centavos'], 69_600n);
});

test('an amendment asked for when nothing was filed is refused with nothing_to_amend, in Spanish', async () => {
  await f.filer('55500011');
  const r = failure(
    await f.file({
      nit: '55500011',
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      declaration: USD_ASSETS,
      filingKey: 'rep:55500011:2020:r',
      reason: 'corrige',
      amendment: true,
    }),
  );
  assert.deepEqual(r, { code: 'nothing_to_amend', nit: '55500011', fortuneYear: 2020 });
  assert.ok(describeFailure(r, 'es').detail.length > 0);
  // The same filing without the flag is the original; then the flag amends it.
  must(
    await f.file({
      nit: '55500011',
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      declaration: USD_ASSETS,
      filingKey: 'rep:55500011:2020:1',
    }),
  );
  const amended = must(
    await f.file({
      nit: '55500011',
      fortuneYear: 2020,
      filedOn: '2021-03-25',
      declaration: { assets: USD_ASSETS.assets.slice(0, 1) },
      filingKey: 'rep:55500011:2020:2',
      reason: 'sin la cuenta',
      amendment: true,
    }),
  );
  assert.equal(amended.declaration.version, 2);
  assert.equal(amended.lateCharges, undefined, 'no late charges were settled: nothing to recompute');
});

test('rates in the explanation are written as the catalogue writes them: «1,4%» in Spanish, «1.4%» in English', async () => {
  const es = must(await f.read({ nit: '55500011', fortuneYear: 2020, on: '2021-03-25', lang: 'es' }));
  const en = must(await f.read({ nit: '55500011', fortuneYear: 2020, on: '2021-03-25', lang: 'en' }));
  const esText = es.explanation!.lines.map((l) => l.text).join('\n');
  const enText = en.explanation!.lines.map((l) => l.text).join('\n');
  // Bs 25 M is under the threshold: no rate line; the first filing's rate is read from version 1.
  const first = must(await f.read({ nit: '4567890019', fortuneYear: 2020, on: '2021-05-02', lang: 'es' }));
  const firstText = first.explanation!.lines.map((l) => l.text).join('\n');
  assert.match(firstText, /alícuota 1,4%/);
  assert.match(firstText, /200% del tributo omitido/);
  assert.doesNotMatch(firstText, /1\.4/);
  assert.doesNotMatch(esText + enText, /\d\.\d\s?%/);
  const firstEn = must(await f.read({ nit: '4567890019', fortuneYear: 2020, on: '2021-05-02', lang: 'en' }));
  assert.match(firstEn.explanation!.lines.map((l) => l.text).join('\n'), /1\.4%/);
});
