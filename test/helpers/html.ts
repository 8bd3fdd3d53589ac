import { type HTMLElement, parse } from 'node-html-parser';

/**
 * A page as a tree, for tests that ask about elements and attributes rather than match the markup
 * with regular expressions (which break on attribute order or a line break, and pass on a string
 * inside a comment).
 *
 * @example const doc = parseHtml(await res.text()); doc.querySelector('h1')?.text // 'Estado del registro'
 */
export function parseHtml(html: string): HTMLElement {
  return parse(html, { comment: false });
}

/**
 * The visible text of an element, its whitespace collapsed.
 *
 * @example textOf(doc.querySelector('main')) // 'Estado del registro Personas …'
 */
export function textOf(element: HTMLElement | null | undefined): string {
  return (element?.text ?? '').replace(/\s+/g, ' ').trim();
}

/** Renders a hono/jsx element (synchronous components only) to its HTML. */
export function renderToString(element: unknown): string {
  const html = String(element);
  if (html === '[object Promise]') throw new Error('an asynchronous component: await it instead');
  return html;
}
