import { IGF_PARAMETER_SET } from '../rules/index.ts';
import { type IsoDate, toEpochDay } from '../shared/dates.ts';

/**
 * What a payment after the deadline adds to the omitted tax (Código Tributario, Ley 2492 Art. 47
 * as amended by Ley 812): the tax omitted at the deadline is expressed in UFV of the due date and
 * paid at the UFV of the payment day (the updating), plus interest
 * I = TO × ((1 + r/360)^n − 1) over the n days of delay, r by year of delay (4 % in years 1–4,
 * 6 % in 5–7, 10 % from the 8th). Values from src/rules/parameters/wealth-tax.yaml (igf_ufv,
 * igf_late_interest; UNCONFIRMED notes there). Integer arithmetic only: centavos, UFV in
 * hundred-thousandths, the interest factor in 10^-18.
 */

const SCALE = 10n ** 18n;
const BASIS_POINTS = 10_000n;
const DAYS_IN_INTEREST_YEAR = 360n;
/** The length of a "year of delay" in days: a calendar year (UNCONFIRMED: the Code says años). */
const DAYS_IN_YEAR_OF_DELAY = 365;

/** The UFV in force on a day, in hundred-thousandths of a boliviano, or undefined before the first value. @example ufvOn('2021-03-31') // 235998n */
export function ufvOn(day: IsoDate): bigint | undefined {
  const v = IGF_PARAMETER_SET.at('igf_ufv', day);
  return v.ok ? BigInt(v.value.value.replace('.', '')) : undefined;
}

const divRound = (a: bigint, b: bigint): bigint => (a * 2n + b) / (2n * b);

function power(base: bigint, exponent: number): bigint {
  let result = SCALE;
  let b = base;
  let e = exponent;
  while (e > 0) {
    if (e & 1) result = (result * b) / SCALE;
    b = (b * b) / SCALE;
    e >>= 1;
  }
  return result;
}

/** The late-payment charges on an omitted tax paid on a day after its deadline. */
export interface LateCharges {
  daysLate: number;
  omittedCentavos: bigint;
  /** UFV of the deadline and of the payment day, in hundred-thousandths. */
  ufvDeadline: bigint;
  ufvPaid: bigint;
  updatingCentavos: bigint;
  interestCentavos: bigint;
}

/**
 * The updating and interest on `omittedCentavos` due on `deadline` and paid on `paidOn`, or
 * undefined when the UFV or the interest rates are not in force on those days.
 *
 * @example lateCharges(41_000_000n, '2021-03-31', '2021-04-30') // { daysLate: 30, updatingCentavos: 16_677n, … }
 */
export function lateCharges(
  omittedCentavos: bigint,
  deadline: IsoDate,
  paidOn: IsoDate,
): LateCharges | undefined {
  const daysLate = Math.max(0, toEpochDay(paidOn) - toEpochDay(deadline));
  const ufvDeadline = ufvOn(deadline);
  const ufvPaid = ufvOn(paidOn);
  const rates = IGF_PARAMETER_SET.at('igf_late_interest', deadline);
  if (ufvDeadline === undefined || ufvPaid === undefined || !rates.ok) return undefined;
  const updated = divRound(omittedCentavos * ufvPaid, ufvDeadline);
  let factor = SCALE;
  const brackets = rates.value.value;
  for (const [i, b] of brackets.entries()) {
    const first = (b.from_year_of_delay - 1) * DAYS_IN_YEAR_OF_DELAY + 1;
    const next = brackets[i + 1];
    const last = next ? (next.from_year_of_delay - 1) * DAYS_IN_YEAR_OF_DELAY : Number.MAX_SAFE_INTEGER;
    const days = Math.max(0, Math.min(daysLate, last) - first + 1);
    if (days === 0) continue;
    const perDay = SCALE + (BigInt(b.rate) * SCALE) / (BASIS_POINTS * DAYS_IN_INTEREST_YEAR);
    factor = (factor * power(perDay, days)) / SCALE;
  }
  return {
    daysLate,
    omittedCentavos,
    ufvDeadline,
    ufvPaid,
    updatingCentavos: updated - omittedCentavos,
    interestCentavos: divRound(updated * (factor - SCALE), SCALE),
  };
}
