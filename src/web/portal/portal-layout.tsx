import type { Child } from 'hono/jsx';
import { formatDate, pageMessages } from '../../messages/index.ts';
import { BOLIVIA_UTC_OFFSET_MS, type IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import { hrefWithLang, Layout } from '../components/index.ts';

/**
 * What every portal page shares: the navigation, the page frame, the day and time in Bolivia.
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
  grievanceFiled: '/bono/reclamo/recibido',
  follow: '/bono/reclamo/seguimiento',
} as const;

/** A portal section, the navigation's entry marked as the current one. */
export type PortalSection = typeof PORTAL.status | typeof PORTAL.grievance | typeof PORTAL.follow;

/** A link within the portal in the reader's language. @example link(ctx, '/bono/reclamo') */
export function link(ctx: PortalContext, path: string): string {
  return hrefWithLang(path, ctx.lang);
}

/** The day and the hh:mm of an instant in Bolivia. @example inBolivia(new Date('2020-12-02T14:15:00Z')) // { date: '2020-12-02', time: '10:15' } */
export function inBolivia(at: Date): { date: IsoDate; time: string } {
  const local = new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/**
 * A portal page in the common frame, with the portal's navigation (the current section marked)
 * and, on a simulated clock, the banner that says so, so nobody takes a demonstration for real.
 *
 * @example <PortalLayout ctx={ctx} title="¿Soy beneficiario?" section={PORTAL.status}>…</PortalLayout>
 */
export function PortalLayout(p: {
  ctx: PortalContext;
  title: string;
  section: PortalSection;
  children?: Child;
}) {
  const { ctx } = p;
  const words = pageMessages(ctx.lang).portal;
  const nav = [
    { path: PORTAL.status, label: words.nav.status },
    { path: PORTAL.grievance, label: words.nav.grievance },
    { path: PORTAL.follow, label: words.nav.follow },
  ].map((n) => ({ href: link(ctx, n.path), label: n.label, current: n.path === p.section }));
  const at = ctx.simulatedNow ? inBolivia(ctx.simulatedNow) : null;
  return (
    <Layout
      lang={ctx.lang}
      title={p.title}
      path={ctx.pathWithQuery}
      nav={nav}
      homeHref={link(ctx, PORTAL.status)}
      banner={at ? words.simulatedClock(formatDate(at.date, ctx.lang), at.time) : undefined}
    >
      {p.children}
    </Layout>
  );
}
