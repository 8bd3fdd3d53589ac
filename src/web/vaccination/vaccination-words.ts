import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { describeFailure, formatDate, formatNumber, pageMessages, plural } from '../../messages/index.ts';
import { DEPARTMENTS } from '../../registry/index.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  type DoseKind,
  isProductCode,
  NATIONAL_WAREHOUSE,
  type VaccinationFailure,
} from '../../vaccination/index.ts';

/**
 * The campaign's codes as a reader reads them: vaccines, doses, places and refusals in words of
 * the page catalogue (src/messages/<lang>/pages/vaccination.ts), never `sputnik_v_1` or
 * `site-lp-umsa`; and the signed notes a post leaves for the page it redirects to.
 */

/** @example productName('sputnik_v_2', 'es') // 'Sputnik V (componente 2)' */
export function productName(code: string, lang: Lang): string {
  const words = pageMessages(lang).vaccination;
  return isProductCode(code) ? words.product[code] : code;
}

/** @example doseLabel(2, 'es') // 'Dosis 2' */
export function doseLabel(doseNumber: number, lang: Lang): string {
  return pageMessages(lang).vaccination.doseNumber(formatNumber(doseNumber, lang));
}

/** @example doseKindName('booster', 'es') // 'dosis de refuerzo' */
export function doseKindName(kind: DoseKind, lang: Lang): string {
  return pageMessages(lang).vaccination.doseKind[kind];
}

/** @example weekdayName(3, 'es') // 'miércoles' */
export function weekdayName(isoWeekday: number, lang: Lang): string {
  return pageMessages(lang).vaccination.weekday[isoWeekday] ?? '';
}

/** @example departmentName(2) // 'La Paz' */
export function departmentName(code: number | null): string {
  return DEPARTMENTS.find((d) => d.code === code)?.name ?? '';
}

/**
 * A stock location in words: the national warehouse, a SEDES by its department, a site by its
 * name (`siteNames`: site code → name).
 *
 * @example locationName('sedes-2', new Map(), 'es') // 'SEDES La Paz'
 */
export function locationName(code: string, siteNames: ReadonlyMap<string, string>, lang: Lang): string {
  const words = pageMessages(lang).vaccination.location;
  if (code === NATIONAL_WAREHOUSE) return words.nationalWarehouse;
  const sedes = /^sedes-([0-9]+)$/.exec(code);
  if (sedes) return words.sedes(departmentName(Number(sedes[1])));
  const site = /^site-(.+)$/.exec(code);
  const name = site ? siteNames.get(site[1]!) : undefined;
  return name ? words.site(name) : words.unknown;
}

/** A list of vaccines in words: «Sinopharm o AstraZeneca». */
function productList(codes: readonly string[], lang: Lang): string {
  const names = codes.map((c) => productName(c, lang));
  return new Intl.ListFormat(lang === 'es' ? 'es-BO' : 'en-GB', { type: 'disjunction' }).format(names);
}

/** Names a refusal may need: sites by code, lots' numbers by id. */
export interface RefusalNames {
  sites?: ReadonlyMap<string, string>;
  lots?: ReadonlyMap<bigint, string>;
}

/**
 * Why the campaign refused, in the reader's words: the failure value of the domain with its dates,
 * vaccines, doses and places worded; a failure the pages do not word themselves takes the failure
 * catalogue's title and detail (describeFailure).
 *
 * @example refusalText({ code: 'dose_too_early', doseNumber: 2, earliestOn: '2021-07-27', on: '2021-07-06' }, 'es') // 'La dosis 2 no puede aplicarse antes del 27 de julio de 2021: …'
 */
export function refusalText(f: VaccinationFailure, lang: Lang, names: RefusalNames = {}): string {
  const words = pageMessages(lang).vaccination;
  const r = words.refusal;
  const date = (d: string) => formatDate(d, lang);
  const dose = (n: number) => doseLabel(n, lang).toLowerCase();
  const site = (code: string) => names.sites?.get(code) ?? code;
  const lot = (id: bigint) => names.lots?.get(id) ?? String(id);
  switch (f.code) {
    case 'person_not_found':
      return r.personNotFound;
    case 'not_eligible_today': {
      const why = r.notEligible[f.reason](date(f.on));
      return f.reason === 'not_their_weekday' && f.ciWeekday !== null
        ? `${why} ${r.ciWeekday(weekdayName(f.ciWeekday, lang))}`
        : why;
    }
    case 'dose_too_early':
      return r.tooEarly(dose(f.doseNumber), date(f.earliestOn));
    case 'dose_too_late':
      return r.tooLate(dose(f.doseNumber), date(f.latestOn));
    case 'series_complete':
      return r.seriesComplete(plural(f.dosesGiven, lang, words.dosesCount));
    case 'wrong_product_for_dose':
      return f.allowedProducts.length === 0
        ? r.noProductAllowed(dose(f.doseNumber), productName(f.product, lang))
        : r.wrongProduct(
            dose(f.doseNumber),
            productName(f.product, lang),
            productList(f.allowedProducts, lang),
          );
    case 'dose_out_of_order':
      return r.outOfOrder(dose(f.doseNumber), dose(f.nextDoseNumber));
    case 'dose_already_recorded':
      return r.alreadyRecorded(
        dose(f.doseNumber),
        productName(f.existing.product, lang),
        date(f.existing.givenOn),
        site(f.existing.site),
      );
    case 'lot_expired':
      return r.lotExpired(lot(f.lotId), date(f.expiresOn));
    case 'lot_not_at_site':
      return r.lotNotAtSite(lot(f.lotId));
    case 'stock_empty':
      return r.stockEmpty(productName(f.product, lang));
    case 'stock_insufficient':
      return r.stockInsufficient(
        plural(f.availableDoses, lang, words.dosesCount),
        plural(f.requestedDoses, lang, words.dosesCount),
      );
    case 'capacity_full':
      return r.capacityFull(productName(f.product, lang), date(f.day));
    case 'site_not_open':
      return r.siteNotOpen(date(f.day));
    case 'site_day_closed':
      return r.siteDayClosed(date(f.day));
    case 'access_not_offered':
      return r.accessNotOffered[f.access];
    case 'appointment_exists':
      return r.appointmentExists(dose(f.doseNumber), date(f.day));
    case 'queue_entry_exists':
      return r.queueEntryExists(formatNumber(f.ticket, lang));
    case 'queue_empty':
      return r.queueEmpty;
    case 'queue_entry_not_found':
      return r.ticketNotWaiting(formatNumber(f.ticket, lang));
    default: {
      const text = describeFailure(f, lang);
      return r.other(text.title, text.detail);
    }
  }
}

/**
 * Notes a post leaves for the page it redirects to (POST/redirect/GET): what was booked, recorded
 * or closed, in the address, signed with this process's key so an address cannot make a page claim
 * something ayni did not do. The note holds codes, dates and numbers, never a person's data.
 *
 * @example const notes = new SignedNotes(); const q = notes.encode({ t: 'booked' }); notes.decode(q.n, q.s) // { t: 'booked' }
 */
export class SignedNotes {
  readonly #key = randomBytes(32);

  #sign(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('base64url').slice(0, 22);
  }

  /** The query parameters `n` (the note) and `s` (its signature). */
  encode(note: Record<string, unknown>): { n: string; s: string } {
    const n = Buffer.from(JSON.stringify(note)).toString('base64url');
    return { n, s: this.#sign(n) };
  }

  /** The note, or null when the signature is not this process's (or either is missing). */
  decode(n: string | undefined, s: string | undefined): Record<string, unknown> | null {
    if (!n || !s) return null;
    const expected = Buffer.from(this.#sign(n));
    const given = Buffer.from(s);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const value: unknown = JSON.parse(Buffer.from(n, 'base64url').toString('utf8'));
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
}
