import type { Sql } from '../db/database.ts';
import { findPersonById, listsOfPerson, listValuesByName, type PersonKey } from '../registry/index.ts';
import { evaluate, type Facts, findPersonFacts, personFacts, tryBind, vaccination } from '../rules/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { priorityLists, productsForDose } from './administration.parameters.ts';
import { lockPerson, selectDosesOfPerson } from './dose.repository.ts';
import { listProducts } from './product.repository.ts';
import type { IneligibleReason, VaccinationFailure } from './vaccination.failures.ts';
import type { DoseKind, DoseRecord, Product, ProductCode, ScheduleProduct } from './vaccination.types.ts';

/**
 * Eligibility on a date for one person, from the rules (src/rules/programmes/vaccination.ts): for a
 * first dose, a cohort open in their department (age, border municipality, priority group) and,
 * where the department applies it, the weekday of the CI's last digit; for a second dose, the
 * interval of the first dose's product; for a booster, the rules' booster. Which product may be
 * given for the next dose is parameters/administration.yaml's (the heterologous rules). Priority
 * groups come from the source lists that parameter names, or from the vaccinator's attestation.
 */

/** How a caller names a person: the registry's key from outside, or the id a record holds. */
export type PersonRef = PersonKey | { personId: bigint };

/** Priority groups the vaccinator attests at the site (a credential, a medical certificate). */
export interface Attested {
  healthWorker?: boolean;
  comorbidity?: boolean;
}

/** The person's next dose, and what may be given for it. */
export interface NextDose {
  doseNumber: number;
  /** The dose's kind when given: a first dose of a single-dose product is `single` (see doseKindOf). */
  doseKind: DoseKind;
  /** The products that may be given (the heterologous rules), in the parameter's order. */
  products: readonly ProductCode[];
  /** The first day it may be given (second doses, boosters), or null. */
  earliestOn: IsoDate | null;
  /** The last day the rules admit (second doses), or null when no limit is set. */
  latestOn: IsoDate | null;
}

/** What the rules say of one person on a day. */
export interface Eligibility {
  personId: bigint;
  on: IsoDate;
  /** The doses the nominal registry holds for the person. */
  doses: readonly DoseRecord[];
  /** Null when the series is complete and no further dose is open to them. */
  next: NextDose | null;
  /** Null: the next dose may be given on the day; otherwise why not. */
  refusal: Refusal | null;
  /** ISO weekday their CI's last digit gives while the rotation applies, else null. */
  ciWeekday: number | null;
  priority: { healthWorker: boolean; comorbidity: boolean };
}

/** Why the next dose may not be given on the day. */
export type Refusal = Extract<
  VaccinationFailure,
  { code: 'not_eligible_today' | 'dose_too_early' | 'dose_too_late' | 'series_complete' }
>;

/** Whether the CI's weekday is checked: walk-ins are (the rotation was theirs); records and bookings not. */
export interface EligibilityOptions {
  weekday: boolean;
}

const WEEKDAY_NUMBER: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/**
 * The kind coverage counts a dose as, from its number and the doses of the first product's series.
 *
 * @example doseKindOf(1, 1) // 'single' (Janssen); doseKindOf(2, 2) // 'second'; doseKindOf(2, 1) // 'booster'
 */
export function doseKindOf(doseNumber: number, seriesDoses: number): DoseKind {
  if (doseNumber === 1) return seriesDoses >= 2 ? 'first' : 'single';
  if (doseNumber === 2 && seriesDoses >= 2) return 'second';
  return 'booster';
}

type Bound = Extract<ReturnType<typeof tryBind>, { ok: true }>['value'];

function bindOn(on: IsoDate): Bound | undefined {
  const bound = tryBind(vaccination, { date: on });
  return bound.ok ? bound.value : undefined;
}

function seriesDosesOf(bound: Bound | undefined, product: ScheduleProduct): number {
  if (!bound) return 2;
  const rows = bound.parameter('vaccination_dose_schedules').value as { product: string; doses: number }[];
  return rows.find((r) => r.product === product)?.doses ?? 2;
}

/**
 * The doses of a product's primary series on a day, from the rules' schedules (1 for Janssen).
 *
 * @example seriesDosesOn('janssen', '2021-07-20') // 1
 */
export function seriesDosesOn(product: ScheduleProduct, on: IsoDate): number {
  return seriesDosesOf(bindOn(on), product);
}

/**
 * Decides the next dose and whether it may be given on the day, from the person's facts (registry
 * and lists) and their doses. No I/O.
 *
 * @example decideEligibility(facts, personId, doses, products, '2021-04-06', { weekday: true }, {})
 */
export function decideEligibility(
  facts: Facts,
  personId: bigint,
  doses: readonly DoseRecord[],
  products: ReadonlyMap<ProductCode, Product>,
  on: IsoDate,
  options: EligibilityOptions,
  attested: Attested,
): Eligibility {
  const lists = priorityLists(on);
  const onList = (names: readonly string[]) => names.some((n) => facts.lists?.[n] !== undefined);
  const priority = {
    healthWorker: attested.healthWorker === true || onList(lists.healthWorker),
    comorbidity: attested.comorbidity === true || onList(lists.comorbidity),
  };
  const base = { personId, on, doses, priority };
  const bound = bindOn(on);
  const first = doses[0];
  const firstSchedule = first ? products.get(first.product)!.scheduleProduct : null;
  const seriesDoses = firstSchedule ? seriesDosesOf(bound, firstSchedule) : 0;
  const doseNumber = doses.length + 1;
  if (!bound) {
    const next: NextDose = {
      doseNumber,
      doseKind: doseNumber === 1 ? 'first' : 'booster',
      products: [],
      earliestOn: null,
      latestOn: null,
    };
    return {
      ...base,
      next,
      ciWeekday: null,
      refusal: {
        code: 'not_eligible_today',
        on,
        doseNumber,
        reason: 'campaign_not_started',
        ciWeekday: null,
      },
    };
  }
  // A single-dose series is complete the day of its dose: the booster counts from it.
  const secondDoseDate =
    doses[1]?.doseKind === 'second' ? doses[1].givenOn : seriesDoses === 1 && first ? first.givenOn : null;
  const ev = evaluate(bound, {
    ...facts,
    attributes: {
      ...facts.attributes,
      is_health_worker: priority.healthWorker,
      has_comorbidity: priority.comorbidity,
      first_dose_product: firstSchedule,
      first_dose_date: first?.givenOn ?? null,
      second_dose_date: secondDoseDate,
    },
  });
  const ciWeekday = ciWeekdayOf(
    bound,
    ev.value('vaccination_ci_rotation_applies') === true,
    ev.value('vaccination_ci_last_digit'),
  );
  const refuse = (reason: IneligibleReason, next: NextDose): Eligibility => ({
    ...base,
    next,
    ciWeekday,
    refusal: { code: 'not_eligible_today', on, doseNumber: next.doseNumber, reason, ciWeekday },
  });
  const allowed = (next: NextDose): Eligibility => {
    if (ev.value('vaccination_alive_on_date') !== true) return refuse('deceased', next);
    if (next.earliestOn !== null && on < next.earliestOn)
      return {
        ...base,
        next,
        ciWeekday,
        refusal: { code: 'dose_too_early', doseNumber: next.doseNumber, earliestOn: next.earliestOn, on },
      };
    if (next.latestOn !== null && on > next.latestOn)
      return {
        ...base,
        next,
        ciWeekday,
        refusal: { code: 'dose_too_late', doseNumber: next.doseNumber, latestOn: next.latestOn, on },
      };
    return { ...base, next, ciWeekday, refusal: null };
  };

  if (!first || !firstSchedule) {
    const next: NextDose = {
      doseNumber: 1,
      doseKind: 'first',
      products: productsForDose({ kind: 'first' }, on),
      earliestOn: null,
      latestOn: null,
    };
    if (ev.value('vaccination_alive_on_date') !== true) return refuse('deceased', next);
    if (ev.value('vaccination_eligible_on_date') !== true) return refuse('cohort_not_open', next);
    if (options.weekday && ev.value('vaccination_weekday_allowed') !== true)
      return refuse('not_their_weekday', next);
    return allowed(next);
  }
  if (doses.length === 1 && seriesDoses >= 2) {
    return allowed({
      doseNumber: 2,
      doseKind: 'second',
      products: productsForDose({ kind: 'second', firstDoseProduct: firstSchedule }, on),
      earliestOn: ev.value('second_dose_due_date') as IsoDate | null,
      latestOn: ev.value('second_dose_latest_date') as IsoDate | null,
    });
  }
  // The primary series is complete: a booster, if the rules prime their series and one is given.
  const boosterProducts = productsForDose({ kind: 'booster', firstDoseProduct: firstSchedule }, on);
  const boosterGiven = doses.some((d) => d.doseKind === 'booster');
  if (boosterGiven || ev.value('booster_primed') !== true || boosterProducts.length === 0)
    return { ...base, next: null, ciWeekday, refusal: { code: 'series_complete', dosesGiven: doses.length } };
  const next: NextDose = {
    doseNumber,
    doseKind: 'booster',
    products: boosterProducts,
    earliestOn: ev.value('booster_earliest_date') as IsoDate | null,
    latestOn: null,
  };
  if (ev.value('booster_open_to_person') !== true) return refuse('booster_not_open', next);
  return allowed(next);
}

function ciWeekdayOf(bound: Bound, applies: boolean, digit: unknown): number | null {
  if (!applies || typeof digit !== 'number') return null;
  const rotation = bound.parameter('vaccination_ci_rotation').value as { weekdays: Record<string, number[]> };
  const day = Object.entries(rotation.weekdays).find(([, digits]) => digits.includes(digit));
  return day ? (WEEKDAY_NUMBER[day[0]] ?? null) : null;
}

/** The products by code (seven rows, read once per call). */
export async function productsByCode(sql: Sql): Promise<Map<ProductCode, Product>> {
  return new Map((await listProducts(sql)).map((p) => [p.code, p]));
}

/**
 * A person's facts for the rules (registry, lists in force) and id, by key or by id.
 *
 * @example const found = await personOf(tx, { ciNumber: '4567890', complemento: '', dateOfBirth: '1950-03-01' })
 */
export async function personOf(
  sql: Sql,
  ref: PersonRef,
): Promise<Result<{ personId: bigint; facts: Facts }, VaccinationFailure>> {
  if ('personId' in ref) {
    const p = await findPersonById(sql, ref.personId);
    if (!p) return fail({ code: 'person_not_found' });
    return ok({ personId: p.id, facts: personFacts(p, listValuesByName(await listsOfPerson(sql, p.id))) });
  }
  const found = await findPersonFacts(sql, ref);
  return found.ok ? found : fail({ code: 'person_not_found' });
}

/**
 * Eligibility on a date for one person: their next dose, the products allowed for it, and whether
 * it may be given that day (with the weekday of their CI when `weekday`), or `person_not_found`.
 * `lock` holds the person's lock to the end of the caller's transaction (a write follows).
 *
 * @example
 *   const r = await eligibilityOn(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1950-03-01' }, '2021-04-06');
 *   if (r.ok && r.value.refusal === null) r.value.next // { doseNumber: 1, products: ['sputnik_v_1', …], … }
 */
export async function eligibilityOn(
  sql: Sql,
  person: PersonRef,
  on: IsoDate,
  options: EligibilityOptions & { attested?: Attested; lock?: boolean } = { weekday: true },
): Promise<Result<Eligibility, VaccinationFailure>> {
  const found = await personOf(sql, person);
  if (!found.ok) return found;
  if (options.lock) await lockPerson(sql, found.value.personId);
  const doses = await selectDosesOfPerson(sql, found.value.personId);
  const products = await productsByCode(sql);
  return ok(
    decideEligibility(
      found.value.facts,
      found.value.personId,
      doses,
      products,
      on,
      options,
      options.attested ?? {},
    ),
  );
}
