/**
 * A page component's HTML as a string, for the routes and helpers whose callers take a string
 * (`sendPage`, the error handler). Components are synchronous — a page's data is loaded before it
 * is rendered — so an element is its HTML; an asynchronous one is a mistake, refused here rather
 * than sent as "[object Promise]". A route in a .tsx file may also answer `c.html(<Page … />)`.
 *
 * @example sendPage(c, pageHtml(<SignInPage ctx={ctx} />))
 */
export function pageHtml(element: unknown): string {
  if (element instanceof Promise) throw new Error('pageHtml: a page component must not be asynchronous');
  return String(element);
}
