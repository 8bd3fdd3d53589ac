import type { Sql } from '../db/database.ts';
import type { Assessment, DeclarationVersion } from './wealth-tax.types.ts';

/** The declarations' and assessments' SQL (wealth_tax_declaration, wealth_tax_assessment). */

interface DeclarationRow {
  id: bigint;
  taxpayer_id: bigint;
  fortune_year: number;
  version: number;
  filed_on: string;
  content: Record<string, unknown>;
  filing_key: string;
  reason: string | null;
  filed_by: string;
  filed_at: Date;
}

const DECLARATION_COLUMNS =
  'id, taxpayer_id, fortune_year, version, filed_on, content, filing_key, reason, filed_by, filed_at';

function declarationFromRow(r: DeclarationRow): DeclarationVersion & { filingKey: string } {
  return {
    id: r.id,
    taxpayerId: r.taxpayer_id,
    fortuneYear: r.fortune_year,
    version: r.version,
    filedOn: r.filed_on,
    content: r.content,
    filingKey: r.filing_key,
    reason: r.reason,
    filedBy: r.filed_by,
    filedAt: r.filed_at,
  };
}

/** The filing recorded under a key, or null (a retry finds its first answer). @example await declarationByKey(tx, 'web:abc') */
export async function declarationByKey(
  sql: Sql,
  filingKey: string,
): Promise<(DeclarationVersion & { filingKey: string }) | null> {
  const [row] = await sql.query<DeclarationRow>(
    `SELECT ${DECLARATION_COLUMNS} FROM wealth_tax_declaration WHERE filing_key = $1`,
    [filingKey],
  );
  return row ? declarationFromRow(row) : null;
}

/**
 * Inserts the next version of a taxpayer's declaration for a year (the caller holds the
 * taxpayer's row lock, so versions never collide).
 *
 * @example await insertDeclaration(tx, { taxpayerId: 3n, fortuneYear: 2020, filedOn: '2021-03-20', content, filingKey: 'k1', reason: null }, 'account:ana', now)
 */
export async function insertDeclaration(
  sql: Sql,
  d: {
    taxpayerId: bigint;
    fortuneYear: number;
    filedOn: string;
    content: Record<string, unknown>;
    filingKey: string;
    reason: string | null;
  },
  filedBy: string,
  at: Date,
): Promise<DeclarationVersion & { filingKey: string }> {
  const [row] = await sql.query<DeclarationRow>(
    `INSERT INTO wealth_tax_declaration (taxpayer_id, fortune_year, version, filed_on, content, filing_key, reason, filed_by, filed_at)
     SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8
       FROM wealth_tax_declaration WHERE taxpayer_id = $1 AND fortune_year = $2
     RETURNING ${DECLARATION_COLUMNS}`,
    [d.taxpayerId, d.fortuneYear, d.filedOn, JSON.stringify(d.content), d.filingKey, d.reason, filedBy, at],
  );
  return declarationFromRow(row!);
}

/** Every version of a taxpayer's declaration for a year, oldest first. @example await declarationVersions(db, 3n, 2020) */
export async function declarationVersions(
  sql: Sql,
  taxpayerId: bigint,
  fortuneYear: number,
): Promise<DeclarationVersion[]> {
  const rows = await sql.query<DeclarationRow>(
    `SELECT ${DECLARATION_COLUMNS} FROM wealth_tax_declaration
      WHERE taxpayer_id = $1 AND fortune_year = $2 ORDER BY version`,
    [taxpayerId, fortuneYear],
  );
  return rows.map(declarationFromRow);
}

interface AssessmentRow {
  declaration_id: bigint;
  taxpayer_id: bigint;
  fortune_year: number;
  assessed_on: string;
  resident: boolean;
  net_fortune_centavos: bigint;
  tax_centavos: bigint;
  rate_basis_points: number | null;
  deadline: string;
  transfer_id: string | null;
}

const ASSESSMENT_COLUMNS =
  'declaration_id, taxpayer_id, fortune_year, assessed_on, resident, net_fortune_centavos, tax_centavos, rate_basis_points, deadline, transfer_id';

function assessmentFromRow(r: AssessmentRow): Assessment {
  return {
    declarationId: r.declaration_id,
    taxpayerId: r.taxpayer_id,
    fortuneYear: r.fortune_year,
    assessedOn: r.assessed_on,
    resident: r.resident,
    netFortuneCentavos: r.net_fortune_centavos,
    taxCentavos: r.tax_centavos,
    rateBasisPoints: r.rate_basis_points,
    deadline: r.deadline,
    transferId: r.transfer_id,
  };
}

/** Records the assessment of a declaration version. @example await insertAssessment(tx, a, 'account:ana', now) */
export async function insertAssessment(sql: Sql, a: Assessment, assessedBy: string, at: Date): Promise<void> {
  await sql.query(
    `INSERT INTO wealth_tax_assessment (${ASSESSMENT_COLUMNS}, assessed_by, assessed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      a.declarationId,
      a.taxpayerId,
      a.fortuneYear,
      a.assessedOn,
      a.resident,
      a.netFortuneCentavos,
      a.taxCentavos,
      a.rateBasisPoints,
      a.deadline,
      a.transferId,
      assessedBy,
      at,
    ],
  );
}

/** The assessment of the latest version of a taxpayer's year, or null. @example await currentAssessment(db, 3n, 2020) */
export async function currentAssessment(
  sql: Sql,
  taxpayerId: bigint,
  fortuneYear: number,
): Promise<Assessment | null> {
  const [row] = await sql.query<AssessmentRow>(
    `SELECT ${ASSESSMENT_COLUMNS} FROM wealth_tax_assessment
      WHERE taxpayer_id = $1 AND fortune_year = $2 ORDER BY declaration_id DESC LIMIT 1`,
    [taxpayerId, fortuneYear],
  );
  return row ? assessmentFromRow(row) : null;
}

/** The assessment of one declaration version, or null. @example await assessmentOf(db, 7n) */
export async function assessmentOf(sql: Sql, declarationId: bigint): Promise<Assessment | null> {
  const [row] = await sql.query<AssessmentRow>(
    `SELECT ${ASSESSMENT_COLUMNS} FROM wealth_tax_assessment WHERE declaration_id = $1`,
    [declarationId],
  );
  return row ? assessmentFromRow(row) : null;
}
