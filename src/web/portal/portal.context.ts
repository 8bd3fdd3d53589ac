import type { Context } from 'hono';
import { z } from 'zod';
import type { AccessEnv } from '../../access/index.ts';
import { type App, clockOf } from '../../app.ts';
import { pageMessages } from '../../messages/index.ts';
import { pickLang } from '../../shared/lang.ts';
import type { FieldErrors } from './portal.forms.tsx';
import type { PortalContext } from './portal-layout.tsx';

/**
 * What the portal's routes share: how a request becomes a page's context, the headers every answer
 * carries, the form schemas' pieces and the limits of a form post.
 */

/**
 * A form post is a few fields; the longest is a grievance's description (4,000 characters, up to
 * 12 bytes each once UTF-8 is percent-encoded). Anything bigger is refused (413) before it is read
 * past this many bytes: by its declared length, or as soon as the count of what arrived passes it.
 */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * What every portal response carries. `no-store`: an answer holds a person's own bono status, and a
 * shared phone or an internet café must not show it to the next reader from its cache. The
 * content security policy allows no script at all, only the page's inline style sheet and forms
 * that post back to ayni.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  // Not `no-referrer`: under it a browser sends `Origin: null` with a form post, which the access
  // middleware must refuse as cross-site.
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** `?lang=`: any value is accepted, as everywhere; only `es` and `en` change the language. */
export const LangQuery = z.object({
  lang: z.string().max(10).optional().describe('Page language: es (default) or en.'),
});

/**
 * Form fields are plain text; the handlers check them and explain mistakes next to each field.
 * The schema's limit is only the form's own (MAX_FORM_BYTES): a field too long for its purpose is
 * the handler's to name, so the rest of the form comes back as typed.
 *
 * @example text('What happened.')
 */
export const text = (description: string) => z.string().max(MAX_FORM_BYTES).optional().describe(description);

export const TripleForm = {
  ci: text('CI number, digits only.'),
  complemento: text('Complemento, empty when the card has none.'),
  'dob-day': text('Day of birth.'),
  'dob-month': text('Month of birth.'),
  'dob-year': text('Year of birth.'),
  _csrf: text("The session's CSRF token, when an officer is signed in."),
};

export const TAGS = ['pages', 'bono'] as const;

/**
 * The language, address and CSRF token of a request, for its page; the instant the answer is given
 * at when the application's clock is simulated (demonstrations).
 *
 * @example const ctx = portalContext(app)(c)
 */
export function portalContext(app: App): (c: Context<AccessEnv>) => PortalContext {
  const now = clockOf(app);
  return (c) => {
    const url = new URL(c.req.url);
    return {
      lang: pickLang(c.req.query('lang'), c.req.header('accept-language')),
      pathWithQuery: `${url.pathname}${url.search}`,
      csrfToken: c.get('session')?.csrfToken ?? null,
      simulatedNow: app.simulatedClock ? now() : null,
    };
  };
}

/**
 * A form that could not be read at all (a file instead of text).
 *
 * @example unreadable(ctx) // { ci: 'No pudimos leer los datos enviados. Escríbalos de nuevo.' }
 */
export function unreadable(ctx: PortalContext): FieldErrors {
  return { ci: pageMessages(ctx.lang).portal.unreadable };
}
