import { type Column, Table } from './content.tsx';
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

/** A cell of a string page's table: text, or HTML another string helper built. */
export type StringCell = string | { readonly html: string };

/**
 * A string page's table (src/web/html.ts's `table`) as the components' `Table`, so the back
 * office's tables scroll inside their own box on a phone too. A bridge, like `stringPageHtml`.
 *
 * @example stringTableHtml({ caption: 'Pagos', columns: [{ label: 'Día' }], rows: [['2020-12-01']] })
 */
export function stringTableHtml(o: {
  caption?: string | undefined;
  columns: readonly Column[];
  rows: readonly (readonly StringCell[])[];
}): string {
  // An HTML cell was built by html.ts's helpers (raw()), which escape every value in it.
  const cell = (c: StringCell) => (typeof c === 'string' ? c : trustedHtml(c.html));
  return pageHtml(
    <Table
      {...(o.caption ? { caption: o.caption } : {})}
      columns={o.columns}
      rows={o.rows.map((r) => r.map(cell))}
    />,
  );
}
