import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { findPersonByKey } from '../registry/index.ts';
import { IGF_PARAMETER_SET } from '../rules/index.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { taxpayerFor } from './mandate.ts';
import {
  insertTaxpayer,
  listTaxpayers,
  residenceDays,
  taxpayerByNit,
  updateMarriage,
  upsertResidence,
} from './taxpayer.repository.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';
import { MARITAL_REGIMES, type MaritalRegime, type Taxpayer } from './wealth-tax.types.ts';

/**
 * The register of IGF taxpayers (Ley 1357 Art. 3–4; SIN RND 102100000001): a NIT, the identity —
 * a person of the population registry found by CI number, complemento and date of birth, or, for
 * a non-resident without a Bolivian CI, a passport and its country —, the residence of each
 * fortune year (days in Bolivia), and the spouse with the marital regime. Every change is audited.
 */

/** What an officer gives to register a taxpayer. */
export interface TaxpayerInput {
  nit: string;
  fullName: string;
  /** A Bolivian CI: the person must be in the registry. */
  ci?: { number: string; complemento?: string; dateOfBirth: string };
  /** A person without a Bolivian CI. */
  passport?: { number: string; country: string };
  departmentCode: number;
}

const NIT = /^[0-9]{5,15}$/;
const PASSPORT = /^[A-Z0-9]{5,20}$/;
const COUNTRY = /^[A-Z]{2}$/;
const CI_NUMBER = /^[0-9]{4,10}$/;

type Invalid = Extract<WealthTaxFailure, { code: 'wealth_tax_input_invalid' }>;
const invalid = (field: string, problem: Invalid['problem']): Result<never, WealthTaxFailure> =>
  fail({ code: 'wealth_tax_input_invalid', field, problem });

/**
 * Registers a taxpayer: one NIT, one registry person or passport per taxpayer.
 *
 * @example await registerTaxpayer(db, { nit: '1020304', fullName: 'Ana Rojas', ci: { number: '4567890', dateOfBirth: '1960-05-01' }, departmentCode: 2 }, 'account:sin', now)
 */
export async function registerTaxpayer(
  db: Database,
  input: TaxpayerInput,
  actor: Actor,
  at: Date,
): Promise<Result<Taxpayer, WealthTaxFailure>> {
  if (!NIT.test(input.nit)) return invalid('nit', 'format');
  const fullName = input.fullName.trim();
  if (fullName === '' || fullName.length > 200)
    return invalid('fullName', fullName === '' ? 'missing' : 'range');
  if (!Number.isInteger(input.departmentCode) || input.departmentCode < 1 || input.departmentCode > 9)
    return invalid('departmentCode', 'range');
  if ((input.ci === undefined) === (input.passport === undefined)) return invalid('identity', 'conflict');
  if (input.passport) {
    if (!PASSPORT.test(input.passport.number)) return invalid('passport.number', 'format');
    if (!COUNTRY.test(input.passport.country)) return invalid('passport.country', 'format');
    if (input.passport.country === 'BO') return invalid('passport.country', 'conflict');
  }
  if (input.ci) {
    if (!CI_NUMBER.test(input.ci.number)) return invalid('ci.number', 'format');
    if (parseIsoDate(input.ci.dateOfBirth) !== input.ci.dateOfBirth)
      return invalid('ci.dateOfBirth', 'format');
  }
  return db.transaction(async (tx) => {
    let personId: bigint | null = null;
    if (input.ci) {
      const person = await findPersonByKey(tx, {
        ciNumber: input.ci.number,
        complemento: (input.ci.complemento ?? '').trim().toUpperCase(),
        dateOfBirth: input.ci.dateOfBirth,
      });
      if (!person) return fail({ code: 'taxpayer_person_not_in_registry', ciNumber: input.ci.number });
      personId = person.id;
    }
    const row = await insertTaxpayer(
      tx,
      {
        nit: input.nit,
        fullName,
        personId,
        passportNumber: input.passport?.number ?? null,
        passportCountry: input.passport?.country ?? null,
        departmentCode: input.departmentCode,
        maritalRegime: 'none',
        spouseTaxpayerId: null,
      },
      actor,
      at,
    );
    if (typeof row === 'string') return fail({ code: 'taxpayer_exists', nit: input.nit, by: row });
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_taxpayer.registered',
      entityType: 'wealth_tax_taxpayer',
      entityId: row.id,
      after: { nit: row.nit, personId: row.personId, passportCountry: row.passportCountry },
    });
    return ok(row);
  });
}

/** A taxpayer by NIT. @example await findTaxpayer(db, '1020304') */
export async function findTaxpayer(
  sql: Sql,
  nit: string,
  /** A representative asking: only a taxpayer whose mandate is in force on the day of `at`. */
  as?: { representative: string; at: Date },
): Promise<Result<Taxpayer, WealthTaxFailure>> {
  if (as) return taxpayerFor(sql, nit, as.representative, as.at);
  const t = NIT.test(nit) ? await taxpayerByNit(sql, nit) : null;
  return t ? ok(t) : fail({ code: 'taxpayer_not_found', nit });
}

/** The register, in NIT order (at most `limit`). @example await taxpayers(db, 500) */
export async function taxpayers(sql: Sql, limit = 1000): Promise<Taxpayer[]> {
  return listTaxpayers(sql, limit);
}

/**
 * Records the days a taxpayer stayed in Bolivia in the 12 months up to 31 December of a fortune
 * year; more than igf_residence_days_more_than (183) makes them resident (the rules decide).
 *
 * @example await recordResidence(db, { nit: '1020304', fortuneYear: 2020, daysInBolivia: 200 }, 'account:sin', now)
 */
export async function recordResidence(
  db: Database,
  input: { nit: string; fortuneYear: number; daysInBolivia: number },
  actor: Actor,
  at: Date,
): Promise<Result<{ resident: boolean; daysInBolivia: number }, WealthTaxFailure>> {
  if (!Number.isInteger(input.daysInBolivia) || input.daysInBolivia < 0 || input.daysInBolivia > 366)
    return invalid('daysInBolivia', 'range');
  const yearEnd = `${input.fortuneYear}-12-31`;
  const threshold = Number.isInteger(input.fortuneYear)
    ? IGF_PARAMETER_SET.at('igf_residence_days_more_than', yearEnd)
    : undefined;
  if (!threshold?.ok) return fail({ code: 'wealth_tax_not_in_force', on: yearEnd });
  return db.transaction(async (tx) => {
    const t = await taxpayerByNit(tx, input.nit, { forUpdate: true });
    if (!t) return fail({ code: 'taxpayer_not_found', nit: input.nit });
    const before = await upsertResidence(tx, t.id, input.fortuneYear, input.daysInBolivia, actor, at);
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_residence.recorded',
      entityType: 'wealth_tax_taxpayer',
      entityId: t.id,
      ...(before === null ? {} : { before: { fortuneYear: input.fortuneYear, daysInBolivia: before } }),
      after: { fortuneYear: input.fortuneYear, daysInBolivia: input.daysInBolivia },
    });
    return ok({ resident: input.daysInBolivia > threshold.value.value, daysInBolivia: input.daysInBolivia });
  });
}

/** The days in Bolivia recorded for a year, or null. @example await daysInBolivia(db, 3n, 2020) */
export async function daysInBolivia(
  sql: Sql,
  taxpayerId: bigint,
  fortuneYear: number,
): Promise<number | null> {
  return residenceDays(sql, taxpayerId, fortuneYear);
}

/**
 * Records a marriage: both taxpayers take the regime and each other as spouse (under community
 * property each declares half of the marital fortune, igf_marital_share). `none` dissolves it.
 *
 * @example await recordMarriage(db, { nit: '1020304', spouseNit: '1020305', regime: 'community_property' }, 'account:sin', now)
 */
export async function recordMarriage(
  db: Database,
  input: { nit: string; spouseNit: string | null; regime: MaritalRegime },
  actor: Actor,
  at: Date,
): Promise<Result<{ taxpayer: Taxpayer; spouse: Taxpayer | null }, WealthTaxFailure>> {
  if (!MARITAL_REGIMES.includes(input.regime)) return invalid('regime', 'format');
  if ((input.regime === 'none') !== (input.spouseNit === null)) return invalid('spouseNit', 'conflict');
  if (input.spouseNit === input.nit) return invalid('spouseNit', 'conflict');
  return db.transaction(async (tx) => {
    const t = await taxpayerByNit(tx, input.nit, { forUpdate: true });
    if (!t) return fail({ code: 'taxpayer_not_found', nit: input.nit });
    const spouse = input.spouseNit ? await taxpayerByNit(tx, input.spouseNit, { forUpdate: true }) : null;
    if (input.spouseNit && !spouse) return fail({ code: 'spouse_not_found', nit: input.spouseNit });
    await updateMarriage(tx, t.id, input.regime, spouse?.id ?? null);
    if (spouse) await updateMarriage(tx, spouse.id, input.regime, t.id);
    const formerSpouse = t.spouseTaxpayerId;
    if (formerSpouse !== null && formerSpouse !== spouse?.id)
      await updateMarriage(tx, formerSpouse, 'none', null);
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_taxpayer.marriage_recorded',
      entityType: 'wealth_tax_taxpayer',
      entityId: t.id,
      before: { maritalRegime: t.maritalRegime, spouseTaxpayerId: t.spouseTaxpayerId },
      after: { maritalRegime: input.regime, spouseTaxpayerId: spouse?.id ?? null },
    });
    return ok({
      taxpayer: { ...t, maritalRegime: input.regime, spouseTaxpayerId: spouse?.id ?? null },
      spouse: spouse ? { ...spouse, maritalRegime: input.regime, spouseTaxpayerId: t.id } : null,
    });
  });
}
