import type { Sql } from '../db/database.ts';
import type { Assessment, DeclarationVersion, MaritalRegime, Taxpayer } from './wealth-tax.types.ts';

/**
 * The SQL of a batch of original filings (declaration-batch.ts): one statement per step for the
 * whole batch instead of one per filing — the taxpayers locked, the keys and years already
 * filed, the residences, the declarations and the assessments inserted as many rows at once.
 */

interface TaxpayerRow {
  id: bigint;
  nit: string;
  full_name: string;
  person_id: bigint | null;
  passport_number: string | null;
  passport_country: string | null;
  department_code: number;
  marital_regime: MaritalRegime;
  spouse_taxpayer_id: bigint | null;
}

/**
 * The taxpayers of the NITs, locked in id order (two batches never wait for each other in a cycle).
 *
 * @example const byNit = await lockTaxpayersByNit(tx, ['1020304', '2030405'])
 */
export async function lockTaxpayersByNit(sql: Sql, nits: readonly string[]): Promise<Map<string, Taxpayer>> {
  const rows = await sql.query<TaxpayerRow>(
    `SELECT id, nit, full_name, person_id, passport_number, passport_country, department_code,
            marital_regime, spouse_taxpayer_id
       FROM wealth_tax_taxpayer WHERE nit = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [nits],
  );
  return new Map(
    rows.map((r) => [
      r.nit,
      {
        id: r.id,
        nit: r.nit,
        fullName: r.full_name,
        personId: r.person_id,
        passportNumber: r.passport_number,
        passportCountry: r.passport_country,
        departmentCode: r.department_code,
        maritalRegime: r.marital_regime,
        spouseTaxpayerId: r.spouse_taxpayer_id,
      },
    ]),
  );
}

/** The filing keys of the list already used. @example await filingKeysUsed(tx, ['k1', 'k2']) // Set { 'k1' } */
export async function filingKeysUsed(sql: Sql, keys: readonly string[]): Promise<Set<string>> {
  const rows = await sql.query<{ filing_key: string }>(
    'SELECT filing_key FROM wealth_tax_declaration WHERE filing_key = ANY($1::text[])',
    [keys],
  );
  return new Set(rows.map((r) => r.filing_key));
}

/** `taxpayerId:year` of the pairs that have a declaration already. @example await yearsFiled(tx, [3n], [2020]) */
export async function yearsFiled(
  sql: Sql,
  taxpayerIds: readonly bigint[],
  years: readonly number[],
): Promise<Set<string>> {
  const rows = await sql.query<{ taxpayer_id: bigint; fortune_year: number }>(
    `SELECT DISTINCT d.taxpayer_id, d.fortune_year
       FROM unnest($1::bigint[], $2::smallint[]) AS q(taxpayer_id, fortune_year)
       JOIN wealth_tax_declaration d USING (taxpayer_id, fortune_year)`,
    [taxpayerIds.map(String), years],
  );
  return new Set(rows.map((r) => `${r.taxpayer_id}:${r.fortune_year}`));
}

/** Days in Bolivia by `taxpayerId:year`, for the pairs that have them. @example await residencesOf(tx, [3n], [2020]) */
export async function residencesOf(
  sql: Sql,
  taxpayerIds: readonly bigint[],
  years: readonly number[],
): Promise<Map<string, number>> {
  const rows = await sql.query<{ taxpayer_id: bigint; fortune_year: number; days_in_bolivia: number }>(
    `SELECT r.taxpayer_id, r.fortune_year, r.days_in_bolivia
       FROM unnest($1::bigint[], $2::smallint[]) AS q(taxpayer_id, fortune_year)
       JOIN wealth_tax_residence r USING (taxpayer_id, fortune_year)`,
    [taxpayerIds.map(String), years],
  );
  return new Map(rows.map((r) => [`${r.taxpayer_id}:${r.fortune_year}`, r.days_in_bolivia]));
}

/** One original filing to insert (version 1). */
export interface NewOriginal {
  taxpayerId: bigint;
  fortuneYear: number;
  filedOn: string;
  content: Record<string, unknown>;
  filingKey: string;
}

/**
 * Inserts original declarations (version 1) as one statement; the caller made sure none of their
 * taxpayers' years has a version yet, under the taxpayers' locks. Returned by filing key.
 *
 * @example const byKey = await insertOriginals(tx, filings, 'account:sin', now)
 */
export async function insertOriginals(
  sql: Sql,
  filings: readonly NewOriginal[],
  filedBy: string,
  at: Date,
): Promise<Map<string, DeclarationVersion>> {
  const rows = await sql.query<{ id: bigint; filing_key: string }>(
    `INSERT INTO wealth_tax_declaration (taxpayer_id, fortune_year, version, filed_on, content, filing_key, reason, filed_by, filed_at)
     SELECT q.taxpayer_id, q.fortune_year, 1, q.filed_on, q.content::jsonb, q.filing_key, NULL, $6, $7
       FROM unnest($1::bigint[], $2::smallint[], $3::date[], $4::text[], $5::text[])
            AS q(taxpayer_id, fortune_year, filed_on, content, filing_key)
     RETURNING id, filing_key`,
    [
      filings.map((f) => String(f.taxpayerId)),
      filings.map((f) => f.fortuneYear),
      filings.map((f) => f.filedOn),
      filings.map((f) => JSON.stringify(f.content)),
      filings.map((f) => f.filingKey),
      filedBy,
      at,
    ],
  );
  const idOf = new Map(rows.map((r) => [r.filing_key, r.id]));
  const out = new Map<string, DeclarationVersion>();
  for (const f of filings)
    out.set(f.filingKey, {
      id: idOf.get(f.filingKey)!,
      taxpayerId: f.taxpayerId,
      fortuneYear: f.fortuneYear,
      version: 1,
      filedOn: f.filedOn,
      content: f.content,
      reason: null,
      filedBy,
      filedAt: at,
    });
  return out;
}

/** Records the assessments of a batch as one statement. @example await insertAssessments(tx, list, 'account:sin', now) */
export async function insertAssessments(
  sql: Sql,
  list: readonly Assessment[],
  assessedBy: string,
  at: Date,
): Promise<void> {
  await sql.query(
    `INSERT INTO wealth_tax_assessment (declaration_id, taxpayer_id, fortune_year, assessed_on, resident,
       net_fortune_centavos, tax_centavos, rate_basis_points, deadline, transfer_id, assessed_by, assessed_at)
     SELECT q.*, $11, $12
       FROM unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::date[], $5::boolean[], $6::bigint[],
                   $7::bigint[], $8::integer[], $9::date[], $10::text[]) AS q`,
    [
      list.map((a) => String(a.declarationId)),
      list.map((a) => String(a.taxpayerId)),
      list.map((a) => a.fortuneYear),
      list.map((a) => a.assessedOn),
      list.map((a) => a.resident),
      list.map((a) => String(a.netFortuneCentavos)),
      list.map((a) => String(a.taxCentavos)),
      list.map((a) => a.rateBasisPoints),
      list.map((a) => a.deadline),
      list.map((a) => a.transferId),
      assessedBy,
      at,
    ],
  );
}
