import { href, type PageContext } from './backoffice.page.ts';

/**
 * A link inside the back office that keeps the reader's language (`?lang=`), as a component.
 *
 * @example <OfficeLink ctx={ctx} path="/oficina/rondas/3">{words.round('3')}</OfficeLink>
 */
export function OfficeLink({ ctx, path, children }: { ctx: PageContext; path: string; children: string }) {
  return <a href={href(ctx.lang, path)}>{children}</a>;
}
