import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimCheckInWords } from '../../src/messages/index.ts';
import { bind, declarationFacts, evaluate, igf } from '../../src/rules/index.ts';
import {
  checkClaim,
  fitTails,
  lawScenario,
  reformScenarios,
  resultsCsv,
  simulate,
  taxCentavos,
} from '../../src/wealth-tax/simulation.ts';

/**
 * The revenue simulation reproduces the first year (204 payers, Bs 240.2 M, the departmental
 * split) within 5 %, applies the same tax as the rules, answers reforms in the direction they must
 * go, and checks the "over £10 million" claim with the rate it used.
 */

const tails = fitTails(100_000);
const [law, ...reforms] = simulate(tails, reformScenarios());

test('the law of 2020 on the fitted tails reproduces the first year within 5 %', () => {
  assert.equal(law!.payers, 204);
  const collected = 240_200_000 * 100;
  assert.ok(Math.abs(law!.revenueCentavos - collected) / collected < 0.05, `${law!.revenueCentavos}`);
  const sc = law!.byDepartment.find((d) => d.name === 'Santa Cruz')!;
  assert.equal(sc.payers, 125);
  assert.ok(Math.abs(sc.revenueCentavos - 119_000_000 * 100) / (119_000_000 * 100) < 0.05);
  const lp = law!.byDepartment.find((d) => d.name === 'La Paz')!;
  assert.equal(lp.payers, 48);
  // La Paz: fewer payers, richer ones (a fatter tail).
  assert.ok(
    tails.find((d) => d.name === 'La Paz')!.alpha < tails.find((d) => d.name === 'Santa Cruz')!.alpha,
  );
});

test('reforms move revenue and payers the way they must', () => {
  const by = Object.fromEntries(reforms.map((r) => [r.scenario, r]));
  assert.ok(by['umbral-20M']!.payers > 204 && by['umbral-20M']!.revenueCentavos > law!.revenueCentavos);
  assert.ok(by['umbral-50M']!.payers < 204 && by['umbral-50M']!.revenueCentavos < law!.revenueCentavos);
  assert.equal(by['alicuotas+0.5']!.payers, 204);
  assert.ok(by['alicuotas+0.5']!.revenueCentavos > law!.revenueCentavos);
  assert.ok(by['sin-descuentos']!.revenueCentavos > law!.revenueCentavos);
});

test("the simulation's tax is the rules' tax, on both sides of Bs 30 M, 40 M and 50 M", () => {
  const bound = bind(igf, { date: '2021-03-15', parameterDate: '2020-12-31' });
  for (const bs of [
    30_000_000, 30_000_001, 35_123_457, 40_000_000, 40_000_001, 50_000_000, 50_000_001, 123_456_789,
  ]) {
    const facts = declarationFacts({
      fortune_year: 2020,
      days_in_bolivia_last_12_months: 365,
      assets: [{ description: 'x', category: 'cash', location: 'bolivia', market_value: bs }],
    });
    assert.ok(facts.ok);
    const rules = evaluate(bound, facts.value).value('igf_tax_centavos') as bigint;
    assert.equal(BigInt(taxCentavos(bs, lawScenario())), rules, `Bs ${bs}`);
  }
});

test('the CSV has one row per department and a total per scenario', () => {
  const csv = resultsCsv([law!]).trim().split('\n');
  assert.equal(csv[0], 'scenario,department,payers,revenue_bolivianos');
  assert.equal(csv.length, 1 + tails.length + 1);
  assert.match(csv.at(-1)!, /^ley-1357,total,204,/);
});

test('the "over £10 million" claim is checked at a stated rate', () => {
  const c = checkClaim();
  assert.equal(c.rateText, '9.51');
  assert.ok(c.collectedInClaimCurrency > 25_000_000 && c.collectedInClaimCurrency < 25_500_000);
  assert.equal(c.comparison, 'more');
  assert.match(
    claimCheckInWords(c, 'es'),
    /^£10\.0 millones son Bs 95\.1 millones a Bs 9\.51 por libra \(31 de diciembre de 2020, /,
  );
  assert.match(claimCheckInWords(c, 'es'), /unos £25\.\d millones: más de lo afirmado\.$/);
  assert.match(
    claimCheckInWords(c, 'en'),
    /^£10\.0 million is Bs 95\.1 million at Bs 9\.51 per pound \(31 December 2020, /,
  );
  assert.match(claimCheckInWords(c, 'en'), /more than claimed\.$/);
  assert.throws(() => claimCheckInWords({ ...c, currency: 'JPY' }, 'es'), /JPY/);
});
