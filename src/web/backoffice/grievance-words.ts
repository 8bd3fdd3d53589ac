import { formatNumber, pageMessages, plural } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { OFFICE } from './backoffice.page.ts';

/** The grievance queue's address in the back office. */
export const GRIEVANCES = `${OFFICE}/reclamos`;

/**
 * Hours as an officer reads an age: hours under two days, else days; nothing known is the
 * catalogue's dash.
 *
 * @example duration(50, 'es') // '2 días'
 */
export function duration(hours: number | null, lang: Lang): string {
  const words = pageMessages(lang).grievances;
  if (hours === null) return words.nothing;
  if (hours < 48) return words.hours(formatNumber(Math.max(0, Math.floor(hours)), lang));
  return plural(Math.floor(hours / 24), lang, words.days);
}

/**
 * A CI as people write it, with its complemento.
 *
 * @example ciText({ ciNumber: '4567890', complemento: '1A' }) // '4567890-1A'
 */
export function ciText(p: { ciNumber: string; complemento: string }): string {
  return p.complemento ? `${p.ciNumber}-${p.complemento}` : p.ciNumber;
}
