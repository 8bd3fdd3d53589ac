import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isoDate, loadParameterFile } from '../parameters/index.ts';
import { exchangeRateOn, IGF_PARAMETER_SET, rateText } from '../rules/index.ts';
import { csvExportLine } from '../shared/csv.ts';

/**
 * The revenue simulation (issue #20 §7): a synthetic top tail of the wealth distribution and the
 * tax it would pay under the law or under a reform.
 *
 * Model. Net fortunes above a department's lower bound follow a Pareto law,
 * P(W > w) = (w / w_min)^−α. Each department's α is fitted (bisection) so that its published
 * number of payers lies above Bs 30 M and their tax adds up to its published revenue of the first
 * year (parameters/first-year.yaml); w_min then follows from the households simulated. Households
 * are drawn at evenly spaced quantiles (u = (i − ½) / n), so the model is deterministic and the
 * count above the threshold is exact. A scenario changes the threshold, the rates or the
 * descuentos (by default the law's, igf_threshold and igf_brackets of 31 Dec 2020) and reports
 * revenue and payers. Fortunes are synthetic, never money moved: they are whole bolivianos in
 * JavaScript numbers (exact below 2^53), tax in integer centavos.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const department = z.strictObject({
  code: z.number().int().min(0).max(9),
  name: z.string(),
  payers: z.number().int().positive(),
  revenue_bolivianos: z.number().int().positive(),
});
const FIRST_YEAR = loadParameterFile(path.join(here, 'parameters', 'first-year.yaml'), {
  wealth_tax_first_year_outcome: z.strictObject({
    total_payers: z.number().int().positive(),
    total_revenue_bolivianos: z.number().int().positive(),
    departments: z.array(department).min(1),
  }),
  wealth_tax_claim_checked: z.strictObject({
    amount: z.number().int().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    on: isoDate,
  }),
});

const LAW_DAY = '2020-12-31';
const BASIS_POINTS = 10_000;
const CENTAVOS = 100;

/** A scenario: the threshold and brackets in bolivianos and basis points. */
export interface Scenario {
  name: string;
  thresholdBolivianos: number;
  brackets: { overBolivianos: number; rateBasisPoints: number; descuentoBolivianos: number }[];
}

/** The law of 31 Dec 2020 as a scenario (igf_threshold, igf_brackets). @example lawScenario().brackets.length // 3 */
export function lawScenario(): Scenario {
  return {
    name: 'ley-1357',
    thresholdBolivianos: Number(IGF_PARAMETER_SET.value('igf_threshold', LAW_DAY)) / CENTAVOS,
    brackets: IGF_PARAMETER_SET.value('igf_brackets', LAW_DAY).map((b) => ({
      overBolivianos: Number(b.over) / CENTAVOS,
      rateBasisPoints: b.rate,
      descuentoBolivianos: Number(b.descuento) / CENTAVOS,
    })),
  };
}

/**
 * The tax in centavos on a net fortune in bolivianos under a scenario: nothing up to the
 * threshold; above it, base × rate − descuento of the last bracket the base exceeds (the rules'
 * igf_tax_centavos; test/wealth-tax/simulation.test.ts checks that they agree).
 *
 * @example taxCentavos(40_000_001, lawScenario()) // 41_000_002 (Bs 410,000.02)
 */
export function taxCentavos(fortuneBolivianos: number, s: Scenario): number {
  if (fortuneBolivianos <= s.thresholdBolivianos) return 0;
  let bracket: Scenario['brackets'][number] | undefined;
  for (const b of s.brackets) if (fortuneBolivianos > b.overBolivianos) bracket = b;
  if (!bracket) return 0;
  const gross = Math.round((fortuneBolivianos * CENTAVOS * bracket.rateBasisPoints) / BASIS_POINTS);
  return Math.max(0, gross - bracket.descuentoBolivianos * CENTAVOS);
}

/** One department's fitted tail. */
export interface DepartmentTail {
  code: number;
  name: string;
  payers: number;
  revenueBolivianos: number;
  alpha: number;
  households: number;
}

/** The fortunes of `payers` households above `floor` at evenly spaced quantiles of a Pareto(α). */
function tail(floor: number, alpha: number, count: number, out: (w: number) => void): void {
  for (let i = 0; i < count; i++) out(Math.round(floor * ((i + 0.5) / count) ** (-1 / alpha)));
}

function fitAlpha(payers: number, revenueBolivianos: number, law: Scenario): number {
  const target = revenueBolivianos * CENTAVOS;
  const revenue = (alpha: number) => {
    let sum = 0;
    tail(law.thresholdBolivianos, alpha, payers, (w) => {
      sum += taxCentavos(w, law);
    });
    return sum;
  };
  // Revenue falls as α rises (a thinner tail): bisection between a fat and a thin tail.
  let lo = 1.0001;
  let hi = 200;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (revenue(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Each department's tail fitted to the first year, for a population of `households` (split
 * between departments as their payers are).
 *
 * @example fitTails(1_000_000).find((d) => d.name === 'La Paz')!.alpha
 */
export function fitTails(households: number): DepartmentTail[] {
  const outcome = FIRST_YEAR.value('wealth_tax_first_year_outcome', '2021-05-31');
  const law = lawScenario();
  return outcome.departments.map((d) => ({
    code: d.code,
    name: d.name,
    payers: d.payers,
    revenueBolivianos: d.revenue_bolivianos,
    alpha: fitAlpha(d.payers, d.revenue_bolivianos, law),
    households: Math.max(d.payers, Math.round((households * d.payers) / outcome.total_payers)),
  }));
}

/** What a scenario raises, in all and by department. */
export interface ScenarioResult {
  scenario: string;
  payers: number;
  revenueCentavos: number;
  byDepartment: { name: string; payers: number; revenueCentavos: number }[];
}

/**
 * Runs scenarios over the synthetic households of the fitted tails: each department's
 * households from w_min upwards, where w_min puts exactly its payers above Bs 30 M.
 *
 * @example simulate(fitTails(1_000_000), [lawScenario()])[0].payers // 204
 */
export function simulate(tails: readonly DepartmentTail[], scenarios: readonly Scenario[]): ScenarioResult[] {
  const law = lawScenario();
  const results = scenarios.map((s) => ({
    scenario: s.name,
    payers: 0,
    revenueCentavos: 0,
    byDepartment: tails.map((d) => ({ name: d.name, payers: 0, revenueCentavos: 0 })),
  }));
  for (const [di, d] of tails.entries()) {
    const floor = law.thresholdBolivianos * (d.payers / d.households) ** (1 / d.alpha);
    tail(floor, d.alpha, d.households, (w) => {
      for (const [si, s] of scenarios.entries()) {
        const tax = taxCentavos(w, s);
        if (tax === 0) continue;
        const r = results[si]!;
        r.payers++;
        r.revenueCentavos += tax;
        r.byDepartment[di]!.payers++;
        r.byDepartment[di]!.revenueCentavos += tax;
      }
    });
  }
  return results;
}

/** The results as CSV (scenario, department, payers, revenue in bolivianos), one row per department and a total. */
export function resultsCsv(results: readonly ScenarioResult[]): string {
  const bs = (c: number) => (c / CENTAVOS).toFixed(2);
  const lines = [csvExportLine(['scenario', 'department', 'payers', 'revenue_bolivianos'])];
  for (const r of results) {
    for (const d of r.byDepartment)
      lines.push(csvExportLine([r.scenario, d.name, String(d.payers), bs(d.revenueCentavos)]));
    lines.push(csvExportLine([r.scenario, 'total', String(r.payers), bs(r.revenueCentavos)]));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The claim checked against the first year's outcome, as numbers: the interfaces word the
 * sentence from the wealth-tax catalogue (claimCheckInWords in src/messages).
 */
export interface ClaimCheck {
  /** The amount claimed, in the claim's currency (the seed article's £10 million). */
  claimedAmount: number;
  /** ISO 4217 code of the claim's currency. */
  currency: string;
  /** The day of the official rate used. */
  on: string;
  claimedBolivianos: number;
  rateText: string;
  rateSource: string;
  collectedBolivianos: number;
  collectedInClaimCurrency: number;
  /** Whether more or less than claimed was collected. */
  comparison: 'more' | 'less';
}

/**
 * The seed article's "could raise over £10 million" against what was collected, at the official
 * rate of 31 Dec 2020 for the pound (igf_exchange_rates; its UNCONFIRMED note applies).
 *
 * @example checkClaim().collectedInClaimCurrency // ≈ 25.3 million
 */
export function checkClaim(): ClaimCheck {
  const claim = FIRST_YEAR.value('wealth_tax_claim_checked', '2021-05-31');
  const outcome = FIRST_YEAR.value('wealth_tax_first_year_outcome', '2021-05-31');
  const rate = exchangeRateOn(claim.currency, claim.on);
  if (rate === undefined) throw new Error(`no rate for ${claim.currency} on ${claim.on}`);
  const perUnit = Number(rate) / 100_000;
  const used = IGF_PARAMETER_SET.at('igf_exchange_rates', claim.on);
  const source = used.ok ? used.value.references.map((r) => r.instrument).join('; ') : '';
  const claimed = claim.amount * perUnit;
  const collected = outcome.total_revenue_bolivianos;
  const inClaim = collected / perUnit;
  return {
    claimedAmount: claim.amount,
    currency: claim.currency,
    on: claim.on,
    claimedBolivianos: claimed,
    rateText: rateText(rate),
    rateSource: source,
    collectedBolivianos: collected,
    collectedInClaimCurrency: inClaim,
    comparison: inClaim > claim.amount ? 'more' : 'less',
  };
}

/**
 * Reforms an analyst asks about first: the threshold at Bs 20 M and at Bs 50 M, every rate half a
 * point higher, and the rates without descuentos (a purely proportional tax above the threshold).
 *
 * @example reformScenarios().map((s) => s.name) // ['ley-1357', 'umbral-20M', …]
 */
export function reformScenarios(): Scenario[] {
  const law = lawScenario();
  const threshold = (bolivianos: number, name: string): Scenario => ({
    name,
    thresholdBolivianos: bolivianos,
    brackets: [{ ...law.brackets[0]!, overBolivianos: bolivianos }, ...law.brackets.slice(1)],
  });
  return [
    law,
    threshold(20_000_000, 'umbral-20M'),
    threshold(50_000_000, 'umbral-50M'),
    {
      ...law,
      name: 'alicuotas+0.5',
      brackets: law.brackets.map((b) => ({ ...b, rateBasisPoints: b.rateBasisPoints + 50 })),
    },
    { ...law, name: 'sin-descuentos', brackets: law.brackets.map((b) => ({ ...b, descuentoBolivianos: 0 })) },
  ];
}
