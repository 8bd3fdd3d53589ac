/**
 * Escapes text for HTML or SVG element content and attribute values, for the few pieces still
 * written as strings outside the components' renderer (the transparency charts' SVG, the replay
 * page's inline markup). Components never need it: the renderer escapes every text.
 *
 * @example escapeHtml('<a href="x">') // '&lt;a href=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
