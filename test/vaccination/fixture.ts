import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.ts';
import type { PersonKey } from '../../src/registry/index.ts';
import {
  createSite,
  ensureStockLocations,
  type Lot,
  recordMovement,
  registerLot,
  type SiteInput,
} from '../../src/vaccination/index.ts';
import { okValue } from '../helpers/result.ts';

/**
 * A small campaign for the nominal registry's, the walk-ins' and the appointments' tests: a seeded
 * country (test/helpers/country.ts), stock locations, a site in La Paz, lots received at the
 * national warehouse and moved to the site.
 */

export const ACTOR = 'account:vaccination-test';
export const SET_UP_AT = new Date('2021-04-01T12:00:00Z');

/** A person of the registry as the tests need them. */
export interface TestPerson extends PersonKey {
  id: bigint;
  departmentCode: number;
}

/**
 * Persons of the seeded registry alive, born in a range, of a department (if given), by id.
 *
 * @example await persons(t.db, { bornBefore: '1961-01-01', limit: 3 })
 */
export async function persons(
  db: Database,
  options: {
    bornBefore?: string;
    bornAfter?: string;
    departmentCode?: number;
    limit: number;
    offset?: number;
  },
): Promise<TestPerson[]> {
  const rows = await db.query<{
    id: bigint;
    ci_number: string;
    complemento: string;
    date_of_birth: string;
    department_code: number;
  }>(
    `SELECT id, ci_number, complemento, date_of_birth, department_code FROM registry_person
     WHERE date_of_death IS NULL AND ($1::date IS NULL OR date_of_birth < $1) AND ($2::date IS NULL OR date_of_birth > $2)
       AND ($3::smallint IS NULL OR department_code = $3)
     ORDER BY id LIMIT $4 OFFSET $5`,
    [
      options.bornBefore ?? null,
      options.bornAfter ?? null,
      options.departmentCode ?? null,
      options.limit,
      options.offset ?? 0,
    ],
  );
  assert.equal(rows.length, options.limit, 'the seeded country has enough persons');
  return rows.map((r) => ({
    id: r.id,
    ciNumber: r.ci_number,
    complemento: r.complemento,
    dateOfBirth: r.date_of_birth,
    departmentCode: r.department_code,
  }));
}

/** The key of a test person. */
export function keyOf(p: TestPerson): PersonKey {
  return { ciNumber: p.ciNumber, complemento: p.complemento, dateOfBirth: p.dateOfBirth };
}

/** A site in La Paz (open Monday to Saturday), created once. */
export async function site(db: Database, input: Partial<SiteInput> & { code: string }): Promise<void> {
  okValue(
    await createSite(
      db,
      {
        name: `Punto ${input.code}`,
        municipalityCode: '020101',
        access: 'both',
        hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '16:00' })),
        capacity: { sputnik_v_1: 100, sputnik_v_2: 100, sinopharm: 100, astrazeneca: 100 },
        ...input,
      },
      ACTOR,
      SET_UP_AT,
    ),
  );
}

/**
 * A lot received at the national warehouse on `on` and, unless `siteCode` is null, moved whole
 * to the site the same day.
 *
 * @example const l = await stockedLot(t.db, { product: 'sinopharm', lotNumber: 'S-1', expiresOn: '2021-12-31', doses: 100n, siteCode: 'lp-test' })
 */
export async function stockedLot(
  db: Database,
  o: {
    product: string;
    lotNumber: string;
    expiresOn: string;
    doses: bigint;
    siteCode: string | null;
    on?: string;
    dosesPerVial?: number;
  },
): Promise<Lot> {
  const on = o.on ?? '2021-04-01';
  const at = new Date(`${on}T13:00:00Z`);
  const { lot } = okValue(
    await registerLot(
      db,
      {
        product: o.product,
        manufacturer: 'Test',
        lotNumber: o.lotNumber,
        expiresOn: o.expiresOn,
        dosesPerVial: o.dosesPerVial ?? 10,
      },
      ACTOR,
      at,
    ),
  );
  okValue(
    await recordMovement(
      db,
      { id: `receipt-${o.lotNumber}`, kind: 'receipt', lotId: lot.id, doses: o.doses, on, occurredAt: at },
      ACTOR,
    ),
  );
  if (o.siteCode !== null)
    okValue(
      await recordMovement(
        db,
        {
          id: `to-site-${o.lotNumber}`,
          kind: 'transfer',
          lotId: lot.id,
          doses: o.doses,
          from: 'national-warehouse',
          to: `site-${o.siteCode}`,
          on,
          occurredAt: at,
        },
        ACTOR,
      ),
    );
  return lot;
}

/** Stock locations for a fresh database. */
export async function stockLocations(db: Database): Promise<void> {
  await ensureStockLocations(db, SET_UP_AT);
}

/** The JSON of a failure with bigints, for assertion messages. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}
