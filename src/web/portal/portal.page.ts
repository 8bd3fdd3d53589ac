import { BOLIVIA_UTC_OFFSET_MS, type IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import { type Bilingual, formatLongDate, hrefWithLang, type NavLink, page, t } from '../html.ts';

/**
 * What every portal page shares: the navigation, the page frame, the words for dates and times.
 * The portal is for citizens on cheap phones: plain HTML, no script, Spanish first.
 */

/** What a portal page needs to know about the request it answers. */
export interface PortalContext {
  lang: Lang;
  /** Path and query of the request, for the language switch. */
  pathWithQuery: string;
  /** The session's CSRF token when an officer signed in uses the portal; null for citizens. */
  csrfToken: string | null;
  /** The instant the answer is given at, when the server runs a simulated clock (demonstrations). */
  simulatedNow: Date | null;
}

export const PORTAL = {
  status: '/bono',
  statusResult: '/bono/estado',
  grievance: '/bono/reclamo',
  follow: '/bono/reclamo/seguimiento',
} as const;

const NAV: readonly { path: string; label: Bilingual }[] = [
  { path: PORTAL.status, label: { es: '¿Soy beneficiario?', en: 'Am I a beneficiary?' } },
  { path: PORTAL.grievance, label: { es: 'Presentar un reclamo', en: 'File a complaint' } },
  { path: PORTAL.follow, label: { es: 'Seguir mi reclamo', en: 'Follow my complaint' } },
];

/** A link within the portal in the reader's language. @example link(ctx, '/bono/reclamo') */
export function link(ctx: PortalContext, path: string): string {
  return hrefWithLang(path, ctx.lang);
}

/**
 * A portal page in the common frame, with the portal's navigation (the current section marked).
 *
 * @example portalPage(ctx, '¿Soy beneficiario?', body, PORTAL.status)
 */
export function portalPage(ctx: PortalContext, title: string, body: string, section: string): string {
  const nav: NavLink[] = NAV.map((n) => ({
    href: link(ctx, n.path),
    label: t(n.label, ctx.lang),
    current: n.path === section,
  }));
  return page({
    lang: ctx.lang,
    title,
    body,
    path: ctx.pathWithQuery,
    nav,
    homeHref: link(ctx, PORTAL.status),
    ...(ctx.simulatedNow ? { banner: clockBanner(ctx.simulatedNow, ctx.lang) } : {}),
  });
}

/** Says that the answers are given as of a simulated instant, so nobody takes a demonstration for real. */
function clockBanner(at: Date, lang: Lang): string {
  const { date, time } = inBolivia(at);
  return lang === 'es'
    ? `Demostración con reloj simulado: ayni responde como si fuera el ${formatLongDate(date, lang)}, ${time} (hora de Bolivia).`
    : `Demonstration with a simulated clock: ayni answers as if it were ${formatLongDate(date, lang)}, ${time} (Bolivia time).`;
}

/** The day and the hh:mm of an instant in Bolivia. @example inBolivia(new Date('2020-12-02T14:15:00Z')) // { date: '2020-12-02', time: '10:15' } */
export function inBolivia(at: Date): { date: IsoDate; time: string } {
  const local = new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}
