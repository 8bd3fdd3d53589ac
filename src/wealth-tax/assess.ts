import { declarationFacts, type Evaluation, evaluate, igf, tryBind } from '../rules/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';

/**
 * The rules' evaluation of a declaration on a day, or the failure that prevents it (content the
 * rules refuse, a year the law does not cover).
 *
 * @example const ev = evaluateDeclaration(content, 2020, 365, '2021-03-20'); ev.value.value('igf_tax_centavos')
 */
export function evaluateDeclaration(
  content: Record<string, unknown>,
  fortuneYear: number,
  daysInBolivia: number,
  on: string,
): Result<Evaluation, WealthTaxFailure> {
  const facts = declarationFacts({
    ...content,
    fortune_year: fortuneYear,
    days_in_bolivia_last_12_months: daysInBolivia,
  });
  if (!facts.ok) return facts;
  const parameterDate = igf.parameterDate?.(facts.value.attributes, on);
  const bound = tryBind(igf, { date: on, ...(parameterDate ? { parameterDate } : {}) });
  if (!bound.ok) return fail({ code: 'wealth_tax_not_in_force', on: parameterDate ?? on });
  return ok(evaluate(bound.value, facts.value));
}
