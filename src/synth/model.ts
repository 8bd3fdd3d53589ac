import { DEPARTMENTS, MUNICIPALITIES, SOURCE_LISTS } from '../registry/index.ts';
import { assert } from '../shared/assert.ts';
import { ageOn, fromEpochDay, isLeapYear, parseIsoDate, toEpochDay } from '../shared/dates.ts';
import { type AgeWeightMap, ageWeight, type Calibration, loadCalibration } from './calibration.ts';
import {
  ANDEAN_SURNAME_MIX,
  FEMALE_COMPOUND_NAMES,
  FEMALE_GIVEN_NAMES,
  MALE_COMPOUND_NAMES,
  MALE_GIVEN_NAMES,
  SURNAMES,
  type WeightedName,
} from './names.ts';
import { AliasTable } from './prng.ts';

/**
 * Everything the generator needs that depends only on the calibration file and the reference date:
 * the birth-date tables, weighted samplers, and the membership probability of every source list
 * for each (age, sex, residence) cell. Probabilities are solved analytically (bisection on a scale
 * factor over the 404 cells), so list sizes hit their targets in expectation for any population
 * size, with no pre-pass over sample persons.
 */

export const MAX_AGE = 100;
const AGES = MAX_AGE + 1;
/** Number of (age, sex, abroad) cells; see cellOf. */
export const CELL_COUNT = AGES * 4;

/**
 * Index of the (age, sex, abroad) cell that membership probabilities are tabulated by; sex 0 = M,
 * 1 = F; abroad 0 = lives in Bolivia, 1 = abroad.
 *
 * @example model.p.afp[cellOf(30, 1, 0)] // probability that a woman of 30 living in Bolivia contributes to an AFP
 */
export function cellOf(age: number, sex: number, abroad: number): number {
  return (age * 2 + sex) * 2 + abroad;
}

export interface DepartmentModel {
  code: number;
  name: string;
  expedition: string;
  /** Expedition alias seen for Beni (BE) and Pando (PA); undefined elsewhere. */
  expeditionAlias: string | undefined;
  targetShare: number;
  municipalityCodes: readonly string[];
  municipalityTable: AliasTable;
  surnames: readonly string[];
  surnameTable: AliasTable;
}

export interface WeightedChoice {
  values: readonly string[];
  table: AliasTable;
}

/**
 * A choice among the keys of `weights`, each drawn in proportion to its weight (the membership
 * and column choices of calibration.yaml).
 *
 * @example const banks = choiceOf({ BNB: 3, BUN: 1 }); banks.values[banks.table.sample(rng)]
 */
export function choiceOf(weights: Record<string, number>): WeightedChoice {
  return { values: Object.keys(weights), table: new AliasTable(Object.values(weights)) };
}

const LIST_INDEX = new Map(SOURCE_LISTS.map((l, i) => [l.name, i]));

/**
 * The position of a source list in SOURCE_LISTS, which is the order its files are opened in.
 *
 * @example listIndex('bono-universal') // 0 when it is the first list defined
 */
export function listIndex(name: string): number {
  const i = LIST_INDEX.get(name);
  assert(i !== undefined, `source list ${name} is not defined in src/registry/source-lists.ts`);
  return i;
}

export interface ListTarget {
  name: string;
  /** Expected share of all persons on the list. */
  targetShare: number;
  source: string;
}

export interface Model {
  calibration: Calibration;
  asOf: string;
  asOfDay: number;
  /** Epoch day of dates[0]. */
  firstDay: number;
  /** ISO strings of every day from firstDay to asOf, so the hot loop never formats a date. */
  dates: readonly string[];
  ageTable: AliasTable;
  /** Earliest and latest birth day (epoch days) of people aged a on asOf. */
  firstDob: Int32Array;
  lastDob: Int32Array;
  /** Age band index per age. */
  bandOf: Uint8Array;
  bands: readonly { label: string; targetShare: number }[];
  menShare: number;
  departments: readonly DepartmentModel[];
  departmentTable: AliasTable;
  maleGiven: WeightedChoice;
  femaleGiven: WeightedChoice;
  maleCompound: WeightedChoice;
  femaleCompound: WeightedChoice;
  ciLengths: readonly number[];
  ciLengthTable: AliasTable;
  /** Probability that a person reuses an earlier person's CI number (calibration: shared_ci_number_share). */
  sharedCiProbability: number;
  abroadShareOfAdults: number;
  countries: WeightedChoice;
  /** Probability of being deceased, per age. */
  deadProbability: Float64Array;
  deathWindowDays: number;
  /** Birth-day bounds of the Bono Universal age window (ages counted on its list date). */
  bonoUniversalDobFrom: number;
  bonoUniversalDobTo: number;
  /** Membership probabilities per cell (see cellOf). */
  p: {
    afp: Float64Array;
    collector: Float64Array;
    beneficiary: Float64Array;
    survivor: Float64Array;
    pensionDirect: Float64Array;
    /** Bono Universal, for people in its age window who are on no other list. */
    bonoUniversal: Float64Array;
    /** Bono Universal, for people in its age window who are on another list (the leak rate). */
    bonoUniversalLeaked: Float64Array;
    sip: Float64Array;
    /** Bank account, for people without and with an AFP contribution. */
    bank: Float64Array;
    bankWithSalary: Float64Array;
    juanaAzurduy: Float64Array;
    ibc: Float64Array;
    disability: Float64Array;
  };
  survivorPensionShare: number;
  ibcAlsoDisability: number;
  listTargets: readonly ListTarget[];
  deceasedTarget: number;
  /** Adult share of the population, to turn "share of adults" into "share of persons". */
  adultShare: number;
}

const modelsByDate = new Map<string, Model>();

/**
 * Builds (and caches per reference date) the generator's model.
 *
 * @example const m = buildModel('2021-03-01'); m.dates[m.dates.length - 1] // '2021-03-01'
 */
export function buildModel(asOf: string): Model {
  const known = modelsByDate.get(asOf);
  if (known) return known;
  assert(parseIsoDate(asOf) !== undefined, `asOf "${asOf}" is not a valid date YYYY-MM-DD`);
  const cal = loadCalibration();
  const asOfDay = toEpochDay(asOf);

  // Birth-day bounds per age.
  const firstDob = new Int32Array(AGES);
  const lastDob = new Int32Array(AGES);
  for (let a = 0; a < AGES; a++) {
    lastDob[a] = latestBirthDayForAge(asOf, a);
    firstDob[a] = latestBirthDayForAge(asOf, a + 1) + 1;
  }
  const firstDay = firstDob[MAX_AGE]!;
  assert(fromEpochDay(firstDay) >= '1900-01-01', `asOf ${asOf} makes people born before 1900`);
  const dates: string[] = [];
  for (let d = firstDay; d <= asOfDay; d++) dates.push(fromEpochDay(d));
  for (let a = 0; a < AGES; a++) {
    // The bounds are computed by calendar arithmetic; check them against the civil-law age.
    assert(ageOn(dates[firstDob[a]! - firstDay]!, asOf) === a, `first birth day of age ${a}`);
    assert(ageOn(dates[lastDob[a]! - firstDay]!, asOf) === a, `last birth day of age ${a}`);
  }

  // Age distribution: band share spread by days (uniform birth dates), tapered over 60.
  const bandsCal = cal.age_bands.bands;
  const bandTotal = bandsCal.reduce((s, b) => s + b.share, 0);
  const bandOf = new Uint8Array(AGES);
  const ageShare = new Float64Array(AGES);
  const taper = cal.age_bands.over_60_taper_exponent.value;
  bandsCal.forEach((band, bi) => {
    let bandWeight = 0;
    const w: number[] = [];
    for (let a = band.min_age; a <= band.max_age; a++) {
      assert(a >= 0 && a <= MAX_AGE, `age band ${band.label} goes outside 0–${MAX_AGE}`);
      const days = lastDob[a]! - firstDob[a]! + 1;
      const shape = band.min_age >= 60 ? ((MAX_AGE + 1 - a) / (MAX_AGE + 1 - band.min_age)) ** taper : 1;
      w.push(days * shape);
      bandWeight += days * shape;
      bandOf[a] = bi;
    }
    for (let a = band.min_age; a <= band.max_age; a++) {
      ageShare[a] = (band.share / bandTotal) * (w[a - band.min_age]! / bandWeight);
    }
  });
  const covered = new Uint8Array(AGES);
  for (const b of bandsCal) for (let a = b.min_age; a <= b.max_age; a++) covered[a]!++;
  assert(
    covered.every((n) => n === 1),
    `calibration.yaml age bands must cover every age 0–${MAX_AGE} exactly once`,
  );
  const ageTable = new AliasTable(Array.from(ageShare));

  // Sex and residence give the cell weights.
  const menShare = cal.sex.men / (cal.sex.men + cal.sex.women);
  const abroadShare = cal.residence_abroad.share_of_adults;
  const cellWeight = new Float64Array(CELL_COUNT);
  let adultShare = 0;
  for (let a = 0; a < AGES; a++) {
    if (a >= 18) adultShare += ageShare[a]!;
    for (let s = 0; s < 2; s++) {
      const w = ageShare[a]! * (s === 0 ? menShare : 1 - menShare);
      cellWeight[cellOf(a, s, 0)] = a >= 18 ? w * (1 - abroadShare) : w;
      cellWeight[cellOf(a, s, 1)] = a >= 18 ? w * abroadShare : 0;
    }
  }

  const departments = buildDepartments(cal);
  const departmentTable = new AliasTable(departments.map((d) => d.targetShare));

  const ciShares = Object.entries(cal.identity.ci_number_digits.shares).sort(
    ([a], [b]) => Number(a) - Number(b),
  );
  const shared = cal.identity.shared_ci_number_share.value;

  // Deaths: relative risk by age, scaled to the overall share.
  const deathShape = new Float64Array(AGES);
  for (let a = 0; a < AGES; a++) deathShape[a] = ageWeight(cal.deceased.age_weights, a);
  const deathScale = solveScale(
    cal.deceased.share,
    (k) => {
      let e = 0;
      for (let a = 0; a < AGES; a++) e += ageShare[a]! * Math.min(1, k * deathShape[a]!);
      return e;
    },
    'deceased',
  );
  const deadProbability = deathShape.map((s) => Math.min(1, deathScale * s));

  // Source lists.
  const ref = cal.reference_population.value;
  const L = cal.source_lists;
  const shapeOf = (ages: AgeWeightMap, sex?: { M: number; F: number }, abroadFactor = 1): Float64Array => {
    const out = new Float64Array(CELL_COUNT);
    for (let a = 0; a < AGES; a++) {
      const aw = ageWeight(ages, a);
      for (let s = 0; s < 2; s++) {
        const sw = sex ? (s === 0 ? sex.M : sex.F) : 1;
        out[cellOf(a, s, 0)] = aw * sw;
        out[cellOf(a, s, 1)] = aw * sw * abroadFactor;
      }
    }
    return out;
  };
  const scaled = (shape: Float64Array, k: number): Float64Array => shape.map((x) => Math.min(1, k * x));
  const expectation = (f: (c: number) => number): number => {
    let e = 0;
    for (let c = 0; c < CELL_COUNT; c++) if (cellWeight[c]! > 0) e += cellWeight[c]! * f(c);
    return e;
  };
  const independent = (target: number, shape: Float64Array, what: string): Float64Array => {
    const k = solveScale(target, (k) => expectation((c) => Math.min(1, k * shape[c]!)), what);
    return scaled(shape, k);
  };

  const afpCal = L['afp-dependent'];
  const afp = independent(
    afpCal.size / ref,
    shapeOf(afpCal.age_weights, afpCal.sex_weights, afpCal.abroad_factor),
    'afp-dependent',
  );
  const colCal = L['bono-familia'].collectors;
  const collector = independent(
    colCal.size / ref,
    shapeOf(colCal.age_weights, colCal.sex_weights, colCal.abroad_factor),
    'bono-familia collectors',
  );
  const benCal = L['bono-familia'].beneficiaries;
  const beneficiary = independent(
    benCal.size / ref,
    shapeOf(benCal.age_weights, benCal.sex_weights, benCal.abroad_factor),
    'bono-familia beneficiaries',
  );
  const surCal = L['death-pension-survivors'];
  const survivor = independent(
    surCal.size / ref,
    shapeOf(surCal.age_weights, surCal.sex_weights, surCal.abroad_factor),
    'survivors',
  );
  const m = surCal.also_pension_recipient;
  const penCal = L['pension-recipients'];
  const penShape = shapeOf(penCal.age_weights, penCal.sex_weights, penCal.abroad_factor);
  // A survivor drawing the death pension is on the pension list too; the direct draw fills the rest.
  const penK = solveScale(
    penCal.size / ref,
    (k) => expectation((c) => 1 - (1 - survivor[c]! * m) * (1 - Math.min(1, k * penShape[c]!))),
    'pension-recipients',
  );
  const pensionDirect = scaled(penShape, penK);
  const sipCal = L['sip-independent'];
  const sipShape = shapeOf(sipCal.age_weights, sipCal.sex_weights, sipCal.abroad_factor);
  const sipK = solveScale(
    sipCal.size / ref,
    (k) => expectation((c) => (1 - afp[c]!) * Math.min(1, k * sipShape[c]!)),
    'sip-independent',
  );
  const sip = scaled(sipShape, sipK);

  const jaCal = L['juana-azurduy'];
  const juanaAzurduy = independent(
    jaCal.size / ref,
    shapeOf(jaCal.age_weights, jaCal.sex_weights, jaCal.abroad_factor),
    'juana-azurduy',
  );
  const ibcCal = L['ibc-blind'];
  const ibc = independent(
    ibcCal.size / ref,
    shapeOf(ibcCal.age_weights, ibcCal.sex_weights, ibcCal.abroad_factor),
    'ibc-blind',
  );
  const disCal = L.disability;
  const disShape = shapeOf(disCal.age_weights, disCal.sex_weights, disCal.abroad_factor);
  const disK = solveScale(
    disCal.size / ref,
    (k) =>
      expectation((c) => 1 - (1 - ibc[c]! * ibcCal.also_in_disability) * (1 - Math.min(1, k * disShape[c]!))),
    'disability',
  );
  const disability = scaled(disShape, disK);

  // Bono Universal went to adults with no salary, pension or other bonus: people on any other list
  // are on it only at the leak rate. That is also why the Ministry's group sizes add up to its
  // 4.0–4.1 M universe (domain §1.7): the groups barely overlap.
  const notElsewhere = new Float64Array(CELL_COUNT);
  for (let c = 0; c < CELL_COUNT; c++) {
    notElsewhere[c] =
      (1 - afp[c]!) *
      (1 - sip[c]!) *
      (1 - collector[c]!) *
      (1 - survivor[c]!) *
      (1 - pensionDirect[c]!) *
      (1 - juanaAzurduy[c]!) *
      (1 - ibc[c]!) *
      (1 - disability[c]!);
  }

  const buCal = L['bono-universal'];
  const bonoUniversalDobFrom = latestBirthDayForAge(buCal.list_date, buCal.max_age + 1) + 1;
  const bonoUniversalDobTo = latestBirthDayForAge(buCal.list_date, buCal.min_age);
  const inWindow = new Float64Array(AGES);
  for (let a = 0; a < AGES; a++) {
    const lo = Math.max(firstDob[a]!, bonoUniversalDobFrom);
    const hi = Math.min(lastDob[a]!, bonoUniversalDobTo);
    inWindow[a] = hi >= lo ? (hi - lo + 1) / (lastDob[a]! - firstDob[a]! + 1) : 0;
  }
  const buShape = new Float64Array(CELL_COUNT);
  for (let c = 0; c < CELL_COUNT; c++) buShape[c] = c % 2 === 1 ? buCal.abroad_factor : 1;
  const buK = solveScale(
    buCal.size / ref,
    (k) =>
      expectation((c) => {
        const age = c >> 2;
        const clean = Math.min(1, k * buShape[c]!);
        const leaked = Math.min(1, k * buShape[c]! * buCal.excluded_leak);
        return inWindow[age]! * (notElsewhere[c]! * clean + (1 - notElsewhere[c]!) * leaked);
      }),
    'bono-universal',
  );
  const bonoUniversal = scaled(buShape, buK);
  const bonoUniversalLeaked = buShape.map((x) => Math.min(1, buK * x * buCal.excluded_leak));

  const bankCal = L['bank-accounts'];
  const bankShape = shapeOf(bankCal.age_weights, undefined, bankCal.abroad_factor);
  const bankTarget = bankCal.share_of_adults * adultShare;
  const bankK = solveScale(
    bankTarget,
    (k) =>
      expectation(
        (c) =>
          (1 - afp[c]!) * Math.min(1, k * bankShape[c]!) +
          afp[c]! * Math.min(1, k * bankShape[c]! * bankCal.afp_factor),
      ),
    'bank-accounts',
  );
  const bank = scaled(bankShape, bankK);
  const bankWithSalary = bankShape.map((x) => Math.min(1, bankK * x * bankCal.afp_factor));

  const listTargets: ListTarget[] = [
    { name: 'bono-universal', targetShare: buCal.size / ref, source: buCal.source },
    { name: 'juana-azurduy', targetShare: jaCal.size / ref, source: jaCal.source },
    { name: 'disability', targetShare: disCal.size / ref, source: disCal.source },
    { name: 'ibc-blind', targetShare: ibcCal.size / ref, source: ibcCal.source },
    { name: 'sip-independent', targetShare: sipCal.size / ref, source: sipCal.source },
    { name: 'afp-dependent', targetShare: afpCal.size / ref, source: afpCal.source },
    { name: 'death-pension-survivors', targetShare: surCal.size / ref, source: surCal.source },
    { name: 'pension-recipients', targetShare: penCal.size / ref, source: penCal.source },
    {
      name: 'bono-familia',
      targetShare: (benCal.size + colCal.size) / ref,
      source: L['bono-familia'].source,
    },
    { name: 'bank-accounts', targetShare: bankTarget, source: bankCal.source },
  ];

  const model: Model = {
    calibration: cal,
    asOf,
    asOfDay,
    firstDay,
    dates,
    ageTable,
    firstDob,
    lastDob,
    bandOf,
    bands: bandsCal.map((b) => ({ label: b.label, targetShare: b.share / bandTotal })),
    menShare,
    departments,
    departmentTable,
    maleGiven: choice(MALE_GIVEN_NAMES),
    femaleGiven: choice(FEMALE_GIVEN_NAMES),
    maleCompound: choice(MALE_COMPOUND_NAMES),
    femaleCompound: choice(FEMALE_COMPOUND_NAMES),
    ciLengths: ciShares.map(([digits]) => Number(digits)),
    ciLengthTable: new AliasTable(ciShares.map(([, share]) => share)),
    // A share s of CI numbers held twice means a share s / (1 + s) of persons reuse a number.
    sharedCiProbability: shared / (1 + shared),
    abroadShareOfAdults: abroadShare,
    countries: choice(Object.entries(cal.residence_abroad.countries)),
    deadProbability,
    deathWindowDays: Math.round(cal.deceased.window_years * 365.25),
    bonoUniversalDobFrom,
    bonoUniversalDobTo,
    p: {
      afp,
      collector,
      beneficiary,
      survivor,
      pensionDirect,
      bonoUniversal,
      bonoUniversalLeaked,
      sip,
      bank,
      bankWithSalary,
      juanaAzurduy,
      ibc,
      disability,
    },
    survivorPensionShare: m,
    ibcAlsoDisability: ibcCal.also_in_disability,
    listTargets,
    deceasedTarget: cal.deceased.share,
    adultShare,
  };
  modelsByDate.set(asOf, model);
  return model;
}

/**
 * Epoch day of the latest birth date of someone who is `age` years old on `on` (born on the same
 * month and day `age` years earlier; a 29 February reference date falls back to 28 February).
 */
function latestBirthDayForAge(on: string, age: number): number {
  const year = Number(on.slice(0, 4)) - age;
  let md = on.slice(5);
  if (md === '02-29' && !isLeapYear(year)) md = '02-28';
  return toEpochDay(`${String(year).padStart(4, '0')}-${md}`);
}

/**
 * Smallest scale k with expected(k) ≥ target, by bisection; expected must be non-decreasing in k.
 * Throws when the target cannot be met even with every probability at 1: a calibration error.
 */
function solveScale(target: number, expected: (k: number) => number, what: string): number {
  if (target <= 0) return 0;
  let hi = 1;
  for (let i = 0; expected(hi) < target; i++) {
    if (i > 60)
      throw new Error(
        `calibration.yaml: ${what} cannot reach share ${target}; the age or sex weights are too narrow`,
      );
    hi *= 2;
  }
  let lo = 0;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

function choice(entries: readonly WeightedName[] | readonly [string, number][]): WeightedChoice {
  return { values: entries.map(([v]) => v), table: new AliasTable(entries.map(([, w]) => w)) };
}

function buildDepartments(cal: Calibration): DepartmentModel[] {
  const total = Object.values(cal.departments.population).reduce((s, d) => s + d.value, 0);
  const majors = cal.municipalities.major_cities;
  return DEPARTMENTS.map((dep) => {
    const entry = cal.departments.population[String(dep.code)];
    assert(entry !== undefined, `calibration.yaml lacks department ${dep.code}`);
    const munis = MUNICIPALITIES.filter((m) => m.departmentCode === dep.code);
    assert(munis.length > 0, `no municipalities for department ${dep.code}`);
    let majorShare = 0;
    for (const [code, share] of Object.entries(majors)) {
      const m = munis.find((x) => x.code === code);
      if (m) majorShare += share;
      else assert(Number(code.slice(0, 2)) !== dep.code, `major city ${code} is not an INE municipality`);
    }
    assert(majorShare < 1, `major city shares of department ${dep.code} reach ${majorShare}`);
    const rest = munis.filter((m) => majors[m.code] === undefined);
    const restWeights = rest.map((m) =>
      m.code.endsWith('01') ? cal.municipalities.province_capital_weight : cal.municipalities.other_weight,
    );
    const restTotal = restWeights.reduce((s, w) => s + w, 0);
    const codes: string[] = [];
    const weights: number[] = [];
    for (const m of munis) {
      const major = majors[m.code];
      codes.push(m.code);
      weights.push(
        major !== undefined ? major : ((1 - majorShare) * restWeights[rest.indexOf(m)]!) / (restTotal || 1),
      );
    }
    const mix = ANDEAN_SURNAME_MIX[dep.code] ?? 0.5;
    return {
      code: dep.code,
      name: dep.name,
      expedition: dep.expedition,
      expeditionAlias: dep.expedition === 'BN' ? 'BE' : dep.expedition === 'PD' ? 'PA' : undefined,
      targetShare: entry.value / total,
      municipalityCodes: codes,
      municipalityTable: new AliasTable(weights),
      surnames: SURNAMES.map(([s]) => s),
      surnameTable: new AliasTable(SURNAMES.map(([, andes, lowlands]) => mix * andes + (1 - mix) * lowlands)),
    };
  });
}
