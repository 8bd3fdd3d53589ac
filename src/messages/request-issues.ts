import type { BodyIssueCode, RequestIssue } from '../routing/errors.ts';
import type { Lang } from '../shared/lang.ts';
import { REQUEST_ISSUES_EN } from './en/request-issues.ts';
import { REQUEST_ISSUES_ES, type RequestIssueWords } from './es/request-issues.ts';

const WORDS: Record<Lang, RequestIssueWords> = { es: REQUEST_ISSUES_ES, en: REQUEST_ISSUES_EN };

function isBodyIssueCode(code: string): code is BodyIssueCode {
  return Object.hasOwn(WORDS.es.issues, code);
}

/**
 * A request's issues as the reader sees them: the route kit's own issues with the body as a whole
 * (a code, no words) worded in the reader's language; zod's issues, already worded, as they are.
 *
 * @example requestIssuesInWords([{ path: 'body', code: 'invalid_json', message: '' }], 'es') // [{ path: 'body', code: 'invalid_json', message: 'El cuerpo no es JSON válido.' }]
 */
export function requestIssuesInWords(issues: readonly RequestIssue[], lang: Lang): RequestIssue[] {
  const w = WORDS[lang];
  return issues.map(({ expected, ...issue }) => {
    if (issue.message !== '' || !isBodyIssueCode(issue.code)) return issue;
    return { ...issue, message: w.issues[issue.code](w.join((expected ?? []).map((k) => w.kinds[k]))) };
  });
}
