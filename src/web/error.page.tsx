import type { Context } from 'hono';
import { type AnyFailure, describeFailure, pageMessages, requestIssuesInWords } from '../messages/index.ts';
import { langOf, type RequestIssue } from '../routing/errors.ts';
import type { Lang } from '../shared/lang.ts';
import { hrefWithLang, Layout, pageHtml } from './components/index.ts';

/**
 * The page a browser is shown for an error of a page route (src/http/error-handler.ts answers API
 * routes with problem details instead).
 */

export interface ErrorPageProps {
  lang: Lang;
  /** The request's path and query, for the language switch. */
  path: string;
  status: number;
  code: string;
  message: string;
  issues?: readonly RequestIssue[];
}

/**
 * The error page: the message in the reader's language, the code (for the help desk), the fields
 * at fault, and a way back. No details of the failure beyond the message.
 *
 * @example c.html(<ErrorPage lang="es" path="/x" status={404} code="not_found" message="No existe …" />, 404)
 */
export function ErrorPage(p: ErrorPageProps) {
  const words = pageMessages(p.lang).common.errorPage;
  const titles: Readonly<Record<number, string>> = words.titles;
  const title = titles[p.status] ?? (p.status >= 500 ? words.titles[500] : words.titles[400]);
  const issues = p.issues ?? [];
  return (
    <Layout lang={p.lang} title={title} path={p.path}>
      <h1>{title}</h1>
      <p>{p.message}</p>
      {issues.length > 0 ? (
        <ul>
          {issues.map((i) => (
            <li>
              {i.path}: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <small>
          {words.code}: <code data-error-code={p.code}>{p.code}</code>
        </small>
      </p>
      <p>
        <a href={hrefWithLang('/', p.lang)}>{words.back}</a>
      </p>
    </Layout>
  );
}

/**
 * The error page of a request as HTML, in the request's language.
 *
 * @example c.html(renderErrorPage(c, 404, 'not_found', 'No existe …'), 404)
 */
export function renderErrorPage(
  c: Context,
  status: number,
  code: string,
  message: string,
  issues: readonly RequestIssue[] = [],
): string {
  const url = new URL(c.req.url);
  return pageHtml(
    <ErrorPage
      lang={langOf(c)}
      path={url.pathname + url.search}
      status={status}
      code={code}
      message={message}
      issues={issues}
    />,
  );
}

/**
 * A page route's answer to an expected failure it has no form to show again with: the error page
 * with the failure's status and words (src/messages), in the reader's language.
 *
 * @example if (!r.ok) return failurePage(c, r.error);
 */
export function failurePage(c: Context, failure: AnyFailure): Response {
  const text = describeFailure(failure, langOf(c));
  c.header('Cache-Control', 'no-store');
  const issues = failure.code === 'request_invalid' ? requestIssuesInWords(failure.issues, langOf(c)) : [];
  return c.html(renderErrorPage(c, text.status, failure.code, text.detail, issues), text.status as 400);
}
