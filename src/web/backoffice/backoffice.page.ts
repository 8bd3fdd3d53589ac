import type { Permission, Principal } from '../../access/index.ts';
import { can } from '../../access/index.ts';
import { type PageMessages, pageMessages } from '../../messages/index.ts';
import { BOLIVIA_UTC_OFFSET_MS } from '../../shared/dates.ts';
import { formatCount } from '../../shared/format.ts';
import type { Lang } from '../../shared/lang.ts';
import { formatBolivianos } from '../../shared/money.ts';
import {
  type Content,
  csrfField,
  escapeHtml,
  fieldInputId,
  hrefWithLang,
  type NavLink,
  page,
  t,
} from '../html.ts';

/**
 * The back office's frame and the pieces its screens share, on top of the common frame and form
 * helpers of src/web/html.ts: navigation limited to the reader's screens, a sign-out button, links
 * that keep the reader's language, forms that carry the session's CSRF token. Plain HTML without
 * script, so it works on any office PC.
 */

/** What a page needs to know about the request it answers. */
export interface PageContext {
  lang: Lang;
  /** Path and query of the request, for the language switch. */
  pathWithQuery: string;
  principal: Principal | null;
  /** The session's synchroniser token, put in every form (null for anonymous readers). */
  csrfToken: string | null;
}

/** The back office lives under this prefix. */
export const OFFICE = '/oficina';

/** A screen of the home page and the navigation, shown only to roles holding its permission. */
export interface Screen {
  path: string;
  permission: Permission;
  /** Its title and description in the catalogue (src/messages/<lang>/pages/backoffice.ts). */
  key: ScreenKey;
}

export type ScreenKey = keyof PageMessages['backoffice']['screens'];

export const SCREENS: readonly Screen[] = [
  { path: `${OFFICE}/registro`, permission: 'registry.read', key: 'registry' },
  { path: `${OFFICE}/importaciones`, permission: 'registry.read', key: 'imports' },
  { path: `${OFFICE}/listas`, permission: 'registry.read', key: 'lists' },
  { path: `${OFFICE}/rondas`, permission: 'rounds.read', key: 'rounds' },
  { path: `${OFFICE}/depositos`, permission: 'payments.read', key: 'deposits' },
  { path: `${OFFICE}/reclamos`, permission: 'grievances.read', key: 'grievances' },
];

const FRAME = {
  home: { es: 'Inicio', en: 'Home' },
  signedInAs: { es: 'Sesión de', en: 'Signed in as' },
  signOut: { es: 'Salir', en: 'Sign out' },
  office: { es: 'Oficina', en: 'Back office' },
} as const;

/**
 * A link inside the back office in the reader's language; empty parameters are left out.
 *
 * @example href('en', '/oficina/registro', { ci: '4567890' }) // '/oficina/registro?ci=4567890&lang=en'
 */
export function href(
  lang: Lang,
  path: string,
  params: Record<string, string | number | bigint | undefined> = {},
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return hrefWithLang(s ? `${path}?${s}` : path, lang);
}

/** `<a>` to a back-office path. @example a(ctx, '/oficina/rondas/3', 'Ronda 3') */
export function a(
  ctx: PageContext,
  path: string,
  label: string,
  params: Parameters<typeof href>[2] = {},
): string {
  return `<a href="${escapeHtml(href(ctx.lang, path, params))}">${escapeHtml(label)}</a>`;
}

/**
 * A POST form to a back-office path, with the CSRF field; `novalidate` like every ayni form (the
 * server checks and explains). `multipart` for uploads.
 */
export function postForm(
  ctx: PageContext,
  path: string,
  body: string,
  opts: { multipart?: boolean } = {},
): string {
  return `<form method="post" action="${escapeHtml(href(ctx.lang, path))}"${opts.multipart ? ' enctype="multipart/form-data"' : ''} novalidate>${csrfField(ctx.csrfToken)}${body}</form>`;
}

/** A hidden form field. */
export function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/** Hint and error of a field, in the markup of src/web/html.ts's fields. */
function described(id: string, hint: string | undefined, error: string | undefined) {
  const ids: string[] = [];
  let html = '';
  if (hint) {
    ids.push(`${id}-hint`);
    html += `<p class="h" id="${id}-hint">${escapeHtml(hint)}</p>`;
  }
  if (error) {
    ids.push(`${id}-error`);
    html += `<p class="m" id="${id}-error">${escapeHtml(error)}</p>`;
  }
  const attrs =
    (ids.length ? ` aria-describedby="${ids.join(' ')}"` : '') + (error ? ' aria-invalid="true"' : '');
  return { html, attrs };
}

/**
 * An input html.ts has no helper for (password, file), in the same markup as its fields, so the
 * same style and the same error summary links apply.
 */
export function specialInput(o: {
  type: 'password' | 'file';
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  autocomplete?: string;
  accept?: string;
  maxLength?: number;
}): string {
  const id = fieldInputId(o.name);
  const d = described(id, o.hint, o.error);
  const attrs = [
    `type="${o.type}"`,
    `id="${id}"`,
    `name="${escapeHtml(o.name)}"`,
    o.autocomplete ? `autocomplete="${escapeHtml(o.autocomplete)}"` : '',
    o.accept ? `accept="${escapeHtml(o.accept)}"` : '',
    o.maxLength ? `maxlength="${o.maxLength}"` : '',
    'required',
  ].filter((x) => x !== '');
  return `<div class="f${o.error ? ' e' : ''}"><label for="${id}">${escapeHtml(o.label)}</label>${d.html}<input ${attrs.join(' ')}${d.attrs}></div>`;
}

export const count = (n: number | bigint | null | undefined, lang: Lang): string =>
  n === null || n === undefined ? '—' : formatCount(n, lang);
export const money = (c: bigint | null | undefined, lang: Lang): string =>
  c === null || c === undefined ? '—' : formatBolivianos(c, lang);
/** A number cell's content for html.ts's `table`. */
export const num = (n: number | bigint | null | undefined, lang: Lang): Content => count(n, lang);

/** An instant as Bolivian local time. @example instant(new Date('2020-12-01T16:05:00Z')) // '2020-12-01 12:05' */
export function instant(at: Date | null | undefined): string {
  if (!at) return '—';
  return new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Screens the principal may use, in menu order. */
export function screensFor(principal: Principal | null): Screen[] {
  return SCREENS.filter((s) => can(principal, s.permission));
}

/**
 * A back-office page in the common frame: navigation limited to the reader's screens (the
 * current section marked), who is signed in and a sign-out button (a POST with the CSRF token: a
 * link could be followed from another site), then the heading and the screen.
 * `refreshSeconds` reloads the page without script (the progress pages of background jobs).
 */
export function officePage(
  ctx: PageContext,
  title: string,
  body: string,
  opts: { refreshSeconds?: number; section?: string } = {},
): string {
  const p = ctx.principal;
  const nav: NavLink[] = p
    ? [
        { href: href(ctx.lang, OFFICE), label: t(FRAME.home, ctx.lang), current: opts.section === OFFICE },
        ...screensFor(p).map((s) => ({
          href: href(ctx.lang, s.path),
          label: pageMessages(ctx.lang).backoffice.screens[s.key].title,
          current: opts.section === s.path,
        })),
      ]
    : [];
  const who = p
    ? postForm(
        ctx,
        `${OFFICE}/salir`,
        `<p>${t(FRAME.signedInAs, ctx.lang)} <strong>${escapeHtml(p.displayName)}</strong> (${escapeHtml(p.id)}) <button type="submit">${t(FRAME.signOut, ctx.lang)}</button></p>`,
      )
    : '';
  const html = page({
    lang: ctx.lang,
    title: `${title} · ${t(FRAME.office, ctx.lang)}`,
    body: `<h1>${escapeHtml(title)}</h1>\n${who}${body}`,
    path: ctx.pathWithQuery,
    nav,
    homeHref: href(ctx.lang, OFFICE),
  });
  // The common frame has no slot for extra head elements, and the refresh belongs in the head.
  return opts.refreshSeconds
    ? html.replace('</head>', `<meta http-equiv="refresh" content="${opts.refreshSeconds}">\n</head>`)
    : html;
}
