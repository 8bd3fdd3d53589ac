import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.ts';
import { eligibilityOn, type Lot } from '../../src/vaccination/index.ts';
import { persons, site, stockedLot, stockLocations, type TestPerson } from '../vaccination/fixture.ts';

/**
 * The campaign the vaccination pages' tests (HTTP and browser) work on: a seeded country, a walk-in
 * site and an appointment site in La Paz with Sinopharm in stock, on Tuesday 4 May 2021 (the CI
 * rotation applies in La Paz), and persons of La Paz for whom that day is theirs and one for whom
 * it is not.
 */

/** The day the pages are used: Tuesday 4 May 2021, 10:00 in Bolivia. */
export const DAY = '2021-05-04';
export const CLOCK = new Date('2021-05-04T14:00:00Z');
export const WALK_IN_SITE = 'lp-walk';
export const APPOINTMENT_SITE = 'lp-citas';

export interface Campaign {
  lot: Lot;
  /** La Paz persons whose cohort is open on DAY and whose CI's weekday is Tuesday. */
  today: TestPerson[];
  /** A La Paz person whose cohort is open but whose CI gives another weekday. */
  otherWeekday: TestPerson;
}

/** The sites, the stock and the persons; the country must be seeded already. */
export async function setUpCampaign(db: Database): Promise<Campaign> {
  await stockLocations(db);
  await site(db, {
    code: WALK_IN_SITE,
    name: 'Coliseo Julio Borelli',
    access: 'walk_in',
    capacity: { sinopharm: 50 },
  });
  await site(db, {
    code: APPOINTMENT_SITE,
    name: 'Hospital del Norte',
    access: 'appointment',
    capacity: { sinopharm: 20 },
  });
  const lot = await stockedLot(db, {
    product: 'sinopharm',
    lotNumber: 'SP-2021-0417',
    expiresOn: '2021-12-31',
    doses: 200n,
    siteCode: WALK_IN_SITE,
    dosesPerVial: 2,
  });
  await stockedLot(db, {
    product: 'sinopharm',
    lotNumber: 'SP-2021-0418',
    expiresOn: '2021-12-31',
    doses: 100n,
    siteCode: APPOINTMENT_SITE,
  });
  const candidates = await persons(db, { bornBefore: '1961-01-01', departmentCode: 2, limit: 30 });
  const today: TestPerson[] = [];
  let otherWeekday: TestPerson | undefined;
  for (const p of candidates) {
    const e = await eligibilityOn(db, p, DAY, { weekday: true });
    assert.ok(e.ok);
    if (e.value.refusal === null) today.push(p);
    else if (e.value.refusal.code === 'not_eligible_today' && e.value.refusal.reason === 'not_their_weekday')
      otherWeekday ??= p;
  }
  assert.ok(today.length >= 4, `La Paz persons whose day is ${DAY}: ${today.length}`);
  assert.ok(otherWeekday, `a La Paz person whose day is not ${DAY}`);
  return { lot, today, otherWeekday };
}

/** The identity fields of a form for a person. */
export function tripleFields(p: TestPerson): Record<string, string> {
  const [year, month, day] = p.dateOfBirth.split('-') as [string, string, string];
  return {
    ci: p.ciNumber,
    complemento: p.complemento,
    'dob-day': String(Number(day)),
    'dob-month': String(Number(month)),
    'dob-year': year,
  };
}
