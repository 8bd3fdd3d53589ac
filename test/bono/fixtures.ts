import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/audit/index.ts';
import { approveRound, createRound } from '../../src/bono/index.ts';
import type { Database, Sql } from '../../src/db/database.ts';
import type { IsoDate } from '../../src/shared/dates.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * A small Bono country for tests: a migrated database (PGlite, or PostgreSQL under DATABASE_URL),
 * persons written straight into the registry, a current snapshot of the registered single-holder
 * bank accounts, and one regular round created by one officer and approved by another — so the
 * payable account is funded from the credit lines by the ledger, as in production.
 *
 * Every person is 20–58 years old on the round date, resident and alive, on the Bono Universal
 * list and on no exclusion list: all are entitled. Person `i` (0-based) has an account when `i % depositEvery === 0`, at bank
 * `banks[(i / depositEvery) % banks.length]`; everyone else collects at a counter. Some names
 * carry Spanish letters (ñ, á) so that the ISO 20022 transliteration is exercised.
 *
 * @example
 *   const f = await createBonoFixture({ persons: 60 });
 *   try { … exportDeposits(f.db, { roundId: f.round.id, at: f.at, actor: f.officer, … }) … }
 *   finally { await f.dispose(); }
 */
export interface BonoFixtureOptions {
  /** Persons in the registry (default 40). */
  persons?: number;
  /** Every n-th person has a bank account (default 2: half are paid by deposit). */
  depositEvery?: number;
  /** BICs of the account holders' banks, from src/bono/parameters/operations.yaml (default three). */
  banks?: readonly string[];
  /** The round date (default 2020-11-30, the eve of the first payment day). */
  asOf?: IsoDate;
}

export interface FixturePerson {
  id: bigint;
  ciNumber: string;
  complemento: string;
  dateOfBirth: IsoDate;
  /** How the round pays the person. */
  channel: 'deposit' | 'counter';
  bankBic: string | null;
  accountNumber: string | null;
}

export interface BonoFixture {
  db: Database;
  /** A scratch folder removed by dispose (export files go here). */
  dir: string;
  backend: TestDatabase['backend'];
  round: { id: number; entitlementCount: number; totalCentavos: bigint };
  persons: FixturePerson[];
  /** An instant inside every collection period: 2020-12-02 09:00 in Bolivia. */
  at: Date;
  /** Made the round. */
  maker: Actor;
  /** Approved it; use it as the officer who exports and imports. */
  officer: Actor;
  dispose(): Promise<void>;
}

export const FIXTURE_BANKS = ['BUNIBOLX', 'BNBOBOLX', 'BMSCBOLX'] as const;

const GIVEN = ['María', 'Juan', 'Ana', 'José', 'Rosa', 'Luis', 'Sofía', 'Néstor'];
const SURNAMES = ['Mamani', 'Quispe', 'Núñez', 'Condori', 'Peña', 'Choque', 'Gutiérrez', 'Flores'];

/** Creates the database, the registry, the round (frozen and approved). @example await createBonoFixture() */
export async function createBonoFixture(options: BonoFixtureOptions = {}): Promise<BonoFixture> {
  const count = options.persons ?? 40;
  const depositEvery = options.depositEvery ?? 2;
  const banks = options.banks ?? FIXTURE_BANKS;
  const asOf = options.asOf ?? '2020-11-30';
  const t = await createTestDatabase();
  try {
    const persons = await insertRegistry(t.db, count, depositEvery, banks);
    const maker: Actor = 'account:ana.maker';
    const officer: Actor = 'account:beto.checker';
    const frozenAt = new Date('2020-11-30T14:00:00Z');
    const frozen = okValue(
      await createRound(t.db, { asOf, kind: 'regular', actor: maker, at: frozenAt }),
      'fixture: freezing the round',
    );
    const round = okValue(
      await approveRound(t.db, {
        roundId: frozen.id,
        actor: officer,
        at: new Date('2020-11-30T16:00:00Z'),
      }),
      'fixture: approving the round',
    );
    if (round.entitlementCount !== count)
      throw new Error(`fixture: ${round.entitlementCount} of ${count} persons entitled; the rules changed?`);
    return {
      db: t.db,
      dir: t.dir,
      backend: t.backend,
      round: { id: round.id, entitlementCount: round.entitlementCount, totalCentavos: round.totalCentavos },
      persons,
      at: new Date('2020-12-02T13:00:00Z'),
      maker,
      officer,
      dispose: t.dispose,
    };
  } catch (error) {
    await t.dispose();
    throw error;
  }
}

async function newImport(db: Sql, kind: string): Promise<string> {
  const [r] = await db.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, actor, status, rows_read, rows_accepted,
       rows_rejected, rows_inserted, rows_updated, rows_unchanged)
     VALUES ($1, 'fixture', $2, 'test', 'completed', 0, 0, 0, 0, 0, 0) RETURNING id`,
    [kind, randomBytes(32).toString('hex')],
  );
  return r!.id.toString();
}

async function insertRegistry(
  db: Sql,
  count: number,
  depositEvery: number,
  banks: readonly string[],
): Promise<FixturePerson[]> {
  const personImport = await newImport(db, 'persons');
  const rows = Array.from({ length: count }, (_, i) => ({
    ci: String(4_100_000 + i * 7),
    // Every fifth person has a complemento: CI numbers were issued twice.
    co: i % 5 === 4 ? '1B' : '',
    // Born 1962–2000: 20 to 58 years old on the round date, every collection band represented.
    dob: `${1962 + (i % 39)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    given: GIVEN[i % GIVEN.length]!,
    first: SURNAMES[i % SURNAMES.length]!,
    second: SURNAMES[(i + 3) % SURNAMES.length]!,
    sex: i % 2 === 0 ? 'F' : 'M',
    // La Paz, Cochabamba, Santa Cruz.
    mun: ['020101', '030101', '070101'][i % 3]!,
  }));
  const inserted = await db.query<{ id: bigint; ci_number: string }>(
    `INSERT INTO person (ci_number, complemento, given_names, first_surname, second_surname, date_of_birth, sex,
       municipality_code, residence_country, created_import_id, updated_import_id)
     SELECT ci, co, gn, fs, ss, dob, sex, mun, 'BO', $9, $9
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[])
       AS t(ci, co, gn, fs, ss, dob, sex, mun)
     RETURNING id, ci_number`,
    [
      rows.map((r) => r.ci),
      rows.map((r) => r.co),
      rows.map((r) => r.given),
      rows.map((r) => r.first),
      rows.map((r) => r.second),
      rows.map((r) => r.dob),
      rows.map((r) => r.sex),
      rows.map((r) => r.mun),
      personImport,
    ],
  );
  const idOf = new Map(inserted.map((r) => [r.ci_number, r.id]));
  const persons: FixturePerson[] = rows.map((r, i) => {
    const deposit = i % depositEvery === 0;
    return {
      id: idOf.get(r.ci)!,
      ciNumber: r.ci,
      complemento: r.co,
      dateOfBirth: r.dob as IsoDate,
      channel: deposit ? 'deposit' : 'counter',
      bankBic: deposit ? banks[Math.floor(i / depositEvery) % banks.length]! : null,
      accountNumber: deposit ? String(3_000_000_000 + i) : null,
    };
  });
  // Everyone received the Bono Universal in 2020: the group the rules include without further proof.
  const universalImport = await newImport(db, 'bono-universal');
  await db.query(
    `INSERT INTO source_bono_universal (import_id, person_id, line_number)
     SELECT $1, p, n FROM unnest($2::bigint[]) WITH ORDINALITY AS t(p, n)`,
    [universalImport, persons.map((p) => p.id.toString())],
  );
  await db.query('INSERT INTO source_list_current (list, import_id) VALUES ($1, $2)', [
    'bono-universal',
    universalImport,
  ]);
  const holders = persons.filter((p) => p.channel === 'deposit');
  const bankImport = await newImport(db, 'bank-accounts');
  await db.query(
    `INSERT INTO source_bank_account (import_id, person_id, line_number, bank_bic, account_number)
     SELECT $1, p, n, b, a FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS t(p, n, b, a)`,
    [
      bankImport,
      holders.map((p) => p.id.toString()),
      holders.map((_, i) => String(i + 2)),
      holders.map((p) => p.bankBic),
      holders.map((p) => p.accountNumber),
    ],
  );
  await db.query('INSERT INTO source_list_current (list, import_id) VALUES ($1, $2)', [
    'bank-accounts',
    bankImport,
  ]);
  return persons;
}
