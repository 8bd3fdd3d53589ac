import type { Child } from 'hono/jsx';
import { pageMessages } from '../../messages/index.ts';
import { Form, Layout, type NavItem } from '../components/index.ts';
import { accessScreensFor } from './access-screens.ts';
import { href, OFFICE, type PageContext, screensFor } from './backoffice.page.ts';

export interface OfficeLayoutProps {
  ctx: PageContext;
  /** The page's heading, also the window title (with the back office's name). */
  title: string;
  /** The section marked current in the navigation (a screen's path, or OFFICE for the home page). */
  section?: string;
  /** Reloads the page without script (the progress pages of background jobs). */
  refreshSeconds?: number;
  children?: Child;
}

/**
 * A back-office page in the common frame, as a component (the string pages use officePage in
 * ./backoffice.page.ts, the same markup): navigation limited to the reader's screens, the current
 * section marked, who is signed in and a sign-out button (a POST with the CSRF token: a link could
 * be followed from another site), then the heading and the screen. Without a principal (the
 * sign-in page) there is no navigation.
 *
 * @example sendPage(c, pageHtml(<OfficeLayout ctx={ctx} title="Oficina" section={OFFICE}>…</OfficeLayout>))
 */
export function OfficeLayout(p: OfficeLayoutProps) {
  const { ctx } = p;
  const words = pageMessages(ctx.lang).backoffice;
  const principal = ctx.principal;
  const nav: NavItem[] = principal
    ? [
        { href: href(ctx.lang, OFFICE), label: words.frame.home, current: p.section === OFFICE },
        ...screensFor(principal).map((s) => ({
          href: href(ctx.lang, s.path),
          label: words.screens[s.key].title,
          current: p.section === s.path,
        })),
        ...accessScreensFor(principal).map((s) => ({
          href: href(ctx.lang, s.path),
          label: pageMessages(ctx.lang).access.screens[s.key].title,
          current: p.section === s.path,
        })),
      ]
    : [];
  return (
    <Layout
      lang={ctx.lang}
      title={p.title}
      windowTitle={words.frame.windowTitle(p.title)}
      path={ctx.pathWithQuery}
      nav={nav}
      homeHref={href(ctx.lang, OFFICE)}
      refreshSeconds={p.refreshSeconds}
    >
      <h1>{p.title}</h1>
      {principal ? (
        <Form action={href(ctx.lang, `${OFFICE}/salir`)} csrfToken={ctx.csrfToken}>
          <p>
            {words.frame.signedInAs} <strong>{principal.displayName}</strong> ({principal.id}){' '}
            <button type="submit">{words.frame.signOut}</button>
          </p>
        </Form>
      ) : null}
      {p.children}
    </Layout>
  );
}
