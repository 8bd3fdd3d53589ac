import type { Sql } from '../db/database.ts';
import { DEPARTMENTS } from '../registry/index.ts';
import { type PublishedCell, suppressCounts } from '../transparency/index.ts';
import { payersByDepartment } from './public-figures.repository.ts';

/**
 * The wealth tax's public figures for a fortune year (issue #20 §6): payers (taxpayers whose latest
 * declaration owes tax) and the tax assessed and paid, by department and in total. No cell may
 * identify a payer: a department with 1–4 payers shows "<5" and no amounts, and so that it cannot be
 * derived from the total, another department is withheld too (the transparency portal's rule,
 * src/transparency/suppression.ts). Nothing here names a taxpayer.
 */

export interface WealthTaxDepartmentFigure {
  departmentCode: number;
  department: string;
  /** The payers, "<5", or withheld; the amounts only when the count is shown. */
  payers: PublishedCell;
  taxCentavos: bigint | null;
  paidCentavos: bigint | null;
}

export interface WealthTaxPublicFigures {
  fortuneYear: number;
  departments: WealthTaxDepartmentFigure[];
  total: { payers: PublishedCell; taxCentavos: bigint | null; paidCentavos: bigint | null };
}

/**
 * @example (await wealthTaxPublicFigures(db, 2020)).total.payers // { state: 'shown', count: 204n, … }
 */
export async function wealthTaxPublicFigures(sql: Sql, fortuneYear: number): Promise<WealthTaxPublicFigures> {
  const rows = await payersByDepartment(sql, fortuneYear);
  const by = new Map(rows.map((r) => [Number(r.department_code), r]));
  const cells: Record<string, { count: bigint; amountCentavos: bigint }> = {};
  let totalCount = 0n;
  let totalTax = 0n;
  let totalPaid = 0n;
  for (const d of DEPARTMENTS) {
    const r = by.get(d.code);
    cells[String(d.code)] = { count: r?.payers ?? 0n, amountCentavos: r?.tax ?? 0n };
    totalCount += r?.payers ?? 0n;
    totalTax += r?.tax ?? 0n;
    totalPaid += r?.paid ?? 0n;
  }
  cells['total'] = { count: totalCount, amountCentavos: totalTax };
  const published = suppressCounts(cells, [
    { total: 'total', parts: DEPARTMENTS.map((d) => String(d.code)) },
  ]);
  const shown = (key: string) => published.get(key)!.state === 'shown';
  return {
    fortuneYear,
    departments: DEPARTMENTS.map((d) => {
      const key = String(d.code);
      const r = by.get(d.code);
      return {
        departmentCode: d.code,
        department: d.name,
        payers: published.get(key)!,
        taxCentavos: shown(key) ? (r?.tax ?? 0n) : null,
        paidCentavos: shown(key) ? (r?.paid ?? 0n) : null,
      };
    }),
    total: {
      payers: published.get('total')!,
      taxCentavos: shown('total') ? totalTax : null,
      paidCentavos: shown('total') ? totalPaid : null,
    },
  };
}
