import type { Context } from 'hono';
import type { Access, AccessEnv } from '../../access/index.ts';
import { type App, clockOf } from '../../app.ts';
import { type CitizenStatus, citizenStatus, type PersonTriple } from '../../bono/index.ts';
import type { ResponseSpec } from '../../routing/route.ts';
import { readerFor } from '../../scale/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import { MAX_FORM_BYTES, portalContext, unreadable } from './portal.context.ts';
import { EMPTY_TRIPLE, type FieldErrors, readTriple, type TripleValues } from './portal.forms.tsx';
import { inBolivia, type PortalContext } from './portal-layout.tsx';
import { tooLong } from './too-long.page.tsx';

/** A page as a portal route renders it (a JSX page of the portal). */
type Page = string | Promise<string>;

/** The pages of a look-up form: each page that asks for a person has its own. */
export interface CitizenStepPages {
  /** The form again, with the values read and what to fix in words (answered 400). */
  form(ctx: PortalContext, values: TripleValues, errors: FieldErrors): Page;
  /** No such person: the same page whatever the CI number, so it tells nothing of who exists. */
  notFound(ctx: PortalContext, values: TripleValues): Page;
  /** Too many failed look-ups: when to try again (answered 429, with Retry-After). */
  rateLimited(ctx: PortalContext, retryAfterSeconds: number, at: Date): Page;
}

/** A person the look-up found and admitted, with what the post's handler goes on with. */
export interface CitizenFound {
  ctx: PortalContext;
  /** The instant of the look-up (the application's clock) and its day in Bolivia. */
  at: Date;
  today: IsoDate;
  /** The form's values as typed, to show them again. */
  values: TripleValues;
  triple: PersonTriple;
  status: Extract<CitizenStatus, { outcome: 'found' }>;
}

/**
 * The portal's one step for a post in which the citizen names themself by CI, complemento and
 * date of birth (`/bono/estado`, the vaccination pages at `/vacunas`): read the triple (the form
 * again with what to fix), count the look-up under the bono's citizen limits (citizenStatus: one
 * bound on guessing, whichever page is used), and answer a person not found or too many tries with
 * the page's own refusal in words. `route` and `responses` are the route fields such a post shares
 * (public, the form's size bound and its page, the form again on unreadable input).
 *
 * @example
 *   const step = citizenStep(app, access, { form, notFound, rateLimited });
 *   defineRoute(router, { …, ...step.route, responses: { ...step.responses, 200: … },
 *     handler: async (c, { body }) => { const r = await step.read(c, body); if ('page' in r) return r.page; … } });
 */
export function citizenStep(app: App, access: Access, pages: CitizenStepPages) {
  const now = clockOf(app);
  const context = portalContext(app);
  const notFound = (c: Context<AccessEnv>, found: Pick<CitizenFound, 'ctx' | 'values'>) =>
    c.html(pages.notFound(found.ctx, found.values));
  return {
    route: {
      access: { public: true } as const,
      maxBodyBytes: MAX_FORM_BYTES,
      onTooLarge: tooLong(context),
      onInvalid: (c: Context<AccessEnv>) => {
        const ctx = context(c);
        return c.html(pages.form(ctx, EMPTY_TRIPLE, unreadable(ctx)), 400);
      },
    },
    responses: {
      400: { description: 'The form again, with what to fix.', html: true },
      429: { description: 'Too many failed look-ups: when to try again (Retry-After).', html: true },
    } satisfies Record<number, ResponseSpec>,
    /** The not-found page, for a person found here but unknown to what the page asks next. */
    notFound,
    /** Reads the form's triple and looks the person up: the person found, or the page to answer. */
    async read(
      c: Context<AccessEnv>,
      body: Record<string, unknown>,
    ): Promise<{ found: CitizenFound } | { page: Response | Promise<Response> }> {
      const ctx = context(c);
      const at = now();
      const today = inBolivia(at).date;
      const { values, errors, triple } = readTriple(body, ctx.lang, today);
      if (!triple) return { page: c.html(pages.form(ctx, values, errors), 400) };
      const status = await citizenStatus(app.db, triple, {
        at,
        clientKey: access.clientIp(c) ?? 'unknown',
        lang: ctx.lang,
        read: readerFor(app, c),
      });
      if (status.outcome === 'not_found') return { page: notFound(c, { ctx, values }) };
      if (status.outcome === 'rate_limited') {
        c.header('Retry-After', String(status.retryAfterSeconds));
        return { page: c.html(pages.rateLimited(ctx, status.retryAfterSeconds, at), 429) };
      }
      return { found: { ctx, at, today, values, triple, status } };
    },
  };
}
