import { type IsoDate, parseIsoDate } from '../../shared/dates.ts';
import type { DateParts } from './form.tsx';

/**
 * Reads a date typed in `DateInput`'s three boxes (`<name>-day`, `<name>-month`, `<name>-year`):
 * the parts as typed, kept so the form shown again keeps what the reader wrote, and the ISO date
 * when they make a real calendar day (no 30 February).
 *
 * @example readDate({ 'dob-day': '7', 'dob-month': '3', 'dob-year': '1985' }, 'dob').date // '1985-03-07'
 */
export function readDate(
  form: Record<string, unknown>,
  name: string,
): { parts: DateParts; date: IsoDate | undefined } {
  const get = (k: string) => {
    const v = form[`${name}-${k}`];
    return typeof v === 'string' ? v.trim().slice(0, 8) : '';
  };
  const parts = { day: get('day'), month: get('month'), year: get('year') };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year))
    return { parts, date: undefined };
  const date = parseIsoDate(`${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`);
  return { parts, date };
}
