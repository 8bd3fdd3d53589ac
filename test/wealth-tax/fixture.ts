import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/audit/index.ts';
import type { Database } from '../../src/db/database.ts';
import {
  type FilingInput,
  fileDeclaration,
  type PaymentInput,
  readDeclaration,
  recordMarriage,
  recordPayment,
  recordResidence,
  registerTaxpayer,
  settleOverpayment,
  type TaxpayerInput,
  type WealthTaxFailure,
} from '../../src/wealth-tax/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The wealth-tax tests' one fixture: a fresh database with two registry persons (Ana and Luis
 * Rojas, who can register by CI), the services bound to one officer and one instant, and the
 * result helpers. Each test file makes its own (`await wealthTaxFixture()`).
 */

export const AT = new Date('2021-04-10T14:00:00Z');
export const OFFICER: Actor = 'account:sin.oficial';

/** The value of an ok result, or the test fails showing the failure. */
export function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok)
    assert.fail(
      `expected ok, got ${JSON.stringify(r.error, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  return r.value;
}

/** The failure of a result expected to fail. */
export function failure(r: { ok: boolean; error?: WealthTaxFailure }): WealthTaxFailure {
  assert.equal(r.ok, false, 'expected a failure');
  return r.error!;
}

/** A declaration: a Bs 25 M house, US$ 2 M abroad, household goods (not counted). */
export const USD_ASSETS = {
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
      market_value: 'USD 2000000',
    },
    {
      description: 'Muebles de la casa',
      category: 'household_goods',
      location: 'bolivia',
      market_value: 900_000,
    },
  ],
};

export interface WealthTaxFixture {
  t: TestDatabase;
  db: Database;
  register(input: TaxpayerInput): ReturnType<typeof registerTaxpayer>;
  residence(input: Parameters<typeof recordResidence>[1]): ReturnType<typeof recordResidence>;
  marry(input: Parameters<typeof recordMarriage>[1]): ReturnType<typeof recordMarriage>;
  file(input: FilingInput): ReturnType<typeof fileDeclaration>;
  read(input: Parameters<typeof readDeclaration>[1]): ReturnType<typeof readDeclaration>;
  pay(input: PaymentInput): ReturnType<typeof recordPayment>;
  settle(input: Parameters<typeof settleOverpayment>[1]): ReturnType<typeof settleOverpayment>;
  /** Registers a taxpayer by passport with residence days for 2020 (a short way to a filer). */
  filer(nit: string, daysInBolivia?: number): Promise<void>;
  dispose(): Promise<void>;
}

/** A fresh database with the two registry persons and the services bound to OFFICER at AT. */
export async function wealthTaxFixture(): Promise<WealthTaxFixture> {
  const t = await createTestDatabase();
  const [imp] = await t.db.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, actor, status)
     VALUES ('persons', 'fixture', $1, 'test', 'completed') RETURNING id`,
    [randomBytes(32).toString('hex')],
  );
  await t.db.query(
    `INSERT INTO person (ci_number, complemento, given_names, first_surname, date_of_birth, sex, municipality_code,
                         residence_country, created_import_id, updated_import_id)
     VALUES ('4567890', '', 'Ana', 'Rojas', '1960-05-01', 'F', '020101', 'BO', $1, $1),
            ('3456789', '', 'Luis', 'Rojas', '1958-02-11', 'M', '020101', 'BO', $1, $1)`,
    [imp!.id],
  );
  const db = t.db;
  const f: WealthTaxFixture = {
    t,
    db,
    register: (input) => registerTaxpayer(db, input, OFFICER, AT),
    residence: (input) => recordResidence(db, input, OFFICER, AT),
    marry: (input) => recordMarriage(db, input, OFFICER, AT),
    file: (input) => fileDeclaration(db, input, OFFICER, AT),
    read: (input) => readDeclaration(db, input, OFFICER, AT),
    pay: (input) => recordPayment(db, input, OFFICER, AT),
    settle: (input) => settleOverpayment(db, input, OFFICER, AT),
    filer: async (nit, daysInBolivia = 365) => {
      must(
        await f.register({
          nit,
          fullName: `Contribuyente ${nit}`,
          passport: { number: `P${nit}`, country: 'AR' },
          departmentCode: 7,
        }),
      );
      must(await f.residence({ nit, fortuneYear: 2020, daysInBolivia }));
    },
    dispose: () => t.dispose(),
  };
  return f;
}
