import type { ReportWords } from '../cases/index.ts';
import type { Lang } from '../shared/lang.ts';
import { CASE_REPORT_EN } from './en/case-report.ts';
import { CASE_REPORT_ES } from './es/case-report.ts';

/** The words of the prosecutors' report in a language. @example renderReportPdf(report, caseReportWords('es')) */
export function caseReportWords(lang: Lang): ReportWords {
  return lang === 'en' ? CASE_REPORT_EN : CASE_REPORT_ES;
}
