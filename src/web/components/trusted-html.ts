import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * The one way a component inserts HTML that JSX would otherwise escape. Everything else a component
 * renders is text, escaped by hono/jsx: a name, an address or a reply from a bank can never become
 * markup. Use it rarely, for markup ayni itself made (the doctype, an SVG chart built by a
 * function that escapes its own text), and say at the call why it is safe.
 *
 * @example trustedHtml('<!doctype html>') // the doctype before <html>, which JSX cannot write
 */
export function trustedHtml(html: string): HtmlEscapedString {
  return raw(html);
}
