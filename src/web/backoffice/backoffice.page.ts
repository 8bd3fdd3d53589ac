import type { Permission, Principal } from '../../access/index.ts';
import { can } from '../../access/index.ts';
import type { PageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { hrefWithLang } from '../components/href-with-lang.ts';

/**
 * What the back office's screens share: the request's context, the screens and who may use them,
 * links that keep the reader's language. The frame itself is `OfficeLayout` (office-layout.tsx).
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
  { path: `${OFFICE}/identidades`, permission: 'registry.read', key: 'identities' },
  { path: `${OFFICE}/rondas`, permission: 'rounds.read', key: 'rounds' },
  { path: `${OFFICE}/depositos`, permission: 'payments.read', key: 'deposits' },
  { path: `${OFFICE}/reclamos`, permission: 'grievances.read', key: 'grievances' },
  { path: `${OFFICE}/vacunacion`, permission: 'vaccination.read', key: 'vaccination' },
  { path: `${OFFICE}/impuesto-fortunas`, permission: 'wealth_tax.read', key: 'wealthTax' },
  { path: `${OFFICE}/representacion`, permission: 'wealth_tax.represent', key: 'wealthTaxRepresentation' },
  { path: `${OFFICE}/casos`, permission: 'cases.read', key: 'cases' },
];

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

/** Screens the principal may use, in menu order. */
export function screensFor(principal: Principal | null): Screen[] {
  return SCREENS.filter((s) => can(principal, s.permission));
}
