import type { Context } from 'hono';
import { type AnyFailure, describeFailure } from '../messages/index.ts';
import { langOf, type RequestIssue } from '../routing/errors.ts';
import type { Lang } from '../shared/lang.ts';
import { escapeHtml, layout } from './html.ts';

/**
 * The page a browser is shown for an error of a page route (src/http/error-handler.ts answers API
 * routes with JSON instead).
 */

const PAGE_TITLES: Record<Lang, Record<number, string>> = {
  es: {
    400: 'Solicitud no válida',
    401: 'Debe ingresar',
    403: 'Acceso no permitido',
    404: 'Página no encontrada',
    409: 'No se pudo completar',
    413: 'Demasiado grande',
    422: 'No se pudo completar',
    429: 'Demasiados intentos',
    500: 'Error interno',
    503: 'Servicio ocupado',
  },
  en: {
    400: 'Request not valid',
    401: 'Please sign in',
    403: 'Not allowed',
    404: 'Page not found',
    409: 'Could not be done',
    413: 'Too large',
    422: 'Could not be done',
    429: 'Too many attempts',
    500: 'Internal error',
    503: 'Service busy',
  },
};

/**
 * The error page for a browser: the message in the reader's language, the code (for the help desk),
 * the fields at fault, and a way back. No details of the failure beyond the message.
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
  const lang = langOf(c);
  const title = PAGE_TITLES[lang][status] ?? PAGE_TITLES[lang][status >= 500 ? 500 : 400]!;
  const url = new URL(c.req.url);
  url.searchParams.set('lang', lang === 'es' ? 'en' : 'es');
  const list =
    issues.length === 0
      ? ''
      : `<ul>${issues.map((i) => `<li>${escapeHtml(i.path)}: ${escapeHtml(i.message)}</li>`).join('')}</ul>`;
  const body = `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${list}
<p><small>${lang === 'es' ? 'Código' : 'Code'}: <code data-error-code="${escapeHtml(code)}">${escapeHtml(code)}</code></small></p>
<p><a href="/">${lang === 'es' ? 'Volver al inicio' : 'Back to the start page'}</a></p>`;
  return layout(lang, title, body, `${url.pathname}${url.search}`);
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
  const issues = failure.code === 'request_invalid' ? failure.issues : [];
  return c.html(renderErrorPage(c, text.status, failure.code, text.detail, issues), text.status as 400);
}
