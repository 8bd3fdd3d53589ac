import { href, type PageContext } from './backoffice.page.ts';
import { OfficeLayout } from './office-layout.tsx';

export interface OfficeNotFoundProps {
  ctx: PageContext;
  /** The section's title, as the page's heading. */
  title: string;
  /** The section marked current in the navigation. */
  section: string;
  /** What is not there, from the area's catalogue. */
  message: string;
  /** The way back to the section's list. */
  back: { path: string; label: string };
}

/**
 * The page of something a back-office address names that does not exist (a 404): what is missing
 * and the way back to the section's list, in the section's frame.
 *
 * @example sendPage(c, pageHtml(<OfficeNotFoundPage ctx={ctx} title={words.imports} section={IMPORTS} message={words.notFound} back={{ path: IMPORTS, label: words.backToImports }} />), 404)
 */
export function OfficeNotFoundPage(p: OfficeNotFoundProps) {
  return (
    <OfficeLayout ctx={p.ctx} title={p.title} section={p.section}>
      <p>{p.message}</p>
      <p>
        <a href={href(p.ctx.lang, p.back.path)}>{p.back.label}</a>
      </p>
    </OfficeLayout>
  );
}
