import { Layout, type LayoutProps } from './layout.tsx';
import { pageHtml } from './render.ts';
import { trustedHtml } from './trusted-html.ts';

/**
 * The frame around a page still written as a string (src/web/html.ts's `page` and `layout`), so
 * every page, converted or not, has the one frame of ./layout.tsx with its words from the
 * catalogue. A bridge while pages move to components (docs/adr/0011-pages-as-components.md): it
 * goes with the last string page.
 *
 * @example stringPageHtml({ lang: 'es', title: 'Reclamo', path: '/bono/reclamo?lang=es' }, '<h1>Reclamo</h1>…')
 */
export function stringPageHtml(props: Omit<LayoutProps, 'children'>, bodyHtml: string): string {
  return pageHtml(
    <Layout {...props}>
      {/* The body is HTML the string helpers of src/web/html.ts built, escaping every value in it. */}
      {trustedHtml(`\n${bodyHtml}\n`)}
    </Layout>,
  );
}
