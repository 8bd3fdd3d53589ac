import type { VACCINATION_PRODUCTS } from '../rules/index.ts';

/**
 * The campaign's vocabulary: products as they are stocked and given, lots, the places doses are
 * kept, sites and their days, movements of stock. Tables: src/db/migrations/0041_vaccination.sql.
 * Schedules, intervals and cohorts are the rules' (src/rules/parameters/vaccination.yaml).
 */

/** The ledger of vaccine doses (unit `dose`, scale 0), created by migration 0041. */
export const DOSE_LEDGER = 'DOSE';

/**
 * A product as stocked and given. Sputnik V's two components are two products; the others are the
 * rules' product codes themselves.
 */
export const PRODUCT_CODES = [
  'sputnik_v_1',
  'sputnik_v_2',
  'sinopharm',
  'astrazeneca',
  'pfizer',
  'janssen',
  'moderna',
] as const;
export type ProductCode = (typeof PRODUCT_CODES)[number];

/** A product code of the rules' `vaccination_dose_schedules` (`sputnik_v` for both components). */
export type ScheduleProduct = (typeof VACCINATION_PRODUCTS)[number];

/** @example isProductCode('sputnik_v_2') // true; isProductCode('sputnik_v') // false */
export function isProductCode(value: unknown): value is ProductCode {
  return typeof value === 'string' && (PRODUCT_CODES as readonly string[]).includes(value);
}

export interface Product {
  code: ProductCode;
  /** The schedule it follows in the rules. */
  scheduleProduct: ScheduleProduct;
  /** For a vaccine whose doses differ (Sputnik V), the dose of the primary series it is. */
  component: 1 | 2 | null;
  name: string;
  manufacturer: string;
}

/** A lot (batch) of one product. Its doses are on the DOSE ledger, per location. */
export interface Lot {
  id: bigint;
  product: ProductCode;
  manufacturer: string;
  lotNumber: string;
  /** ISO date: the last day the lot may be used. */
  expiresOn: string;
  dosesPerVial: number;
  note: string | null;
}

/** What a caller gives to register a lot. */
export interface LotInput {
  product: string;
  manufacturer: string;
  lotNumber: string;
  expiresOn: string;
  dosesPerVial: number;
  note?: string;
}

export type LocationKind = 'national_warehouse' | 'sedes' | 'site';

/** Where doses are kept: the national warehouse, a department's SEDES, a site. */
export interface Location {
  id: bigint;
  /** `national-warehouse`, `sedes-<department>`, `site-<site code>`. */
  code: string;
  kind: LocationKind;
  departmentCode: number | null;
  name: string;
}

/** The national warehouse's location code. */
export const NATIONAL_WAREHOUSE = 'national-warehouse';

/** @example sedesCode(2) // 'sedes-2' (SEDES La Paz) */
export function sedesCode(departmentCode: number): string {
  return `sedes-${departmentCode}`;
}

/** @example siteLocationCode('lp-umsa-monoblock') // 'site-lp-umsa-monoblock' */
export function siteLocationCode(siteCode: string): string {
  return `site-${siteCode}`;
}

/** Whether a site takes walk-ins, appointments or both. */
export type SiteAccess = 'walk_in' | 'appointment' | 'both';
export const SITE_ACCESS: readonly SiteAccess[] = ['walk_in', 'appointment', 'both'];

/** Opening hours of one ISO weekday (1 Monday … 7 Sunday), `HH:MM`. */
export interface SiteHours {
  weekday: number;
  opensAt: string;
  closesAt: string;
}

/** A mass-vaccination day: open whatever the weekday's hours, with these hours when given. */
export interface MassDay {
  day: string;
  opensAt: string | null;
  closesAt: string | null;
  note: string | null;
}

/** A vaccination point. */
export interface Site {
  id: bigint;
  code: string;
  locationId: bigint;
  name: string;
  departmentCode: number;
  /** INE code, 6 digits, starting with the department's two. */
  municipalityCode: string;
  access: SiteAccess;
  active: boolean;
  hours: SiteHours[];
  /** Doses a day by product; a product not listed: none. */
  capacity: Partial<Record<ProductCode, number>>;
  massDays: MassDay[];
}

/** What a caller gives to create a site, or to change one (every field but the code optional). */
export interface SiteInput {
  code: string;
  name: string;
  municipalityCode: string;
  access: SiteAccess;
  active?: boolean;
  hours?: SiteHours[];
  capacity?: Partial<Record<string, number>>;
  massDays?: MassDay[];
}

/** Why doses moved: each kind is a transfer code on the DOSE ledger (`vaccination.<kind>`). */
export type MovementKind = 'receipt' | 'transfer' | 'administered' | 'wasted' | 'expired';
export const MOVEMENT_KINDS: readonly MovementKind[] = [
  'receipt',
  'transfer',
  'administered',
  'wasted',
  'expired',
];

/** A lot's doses at a location, from the ledger. */
export interface StockLine {
  location: string;
  lot: Lot;
  /** Posted credits minus posted and pending debits: what can still leave. */
  availableDoses: bigint;
}

/** One movement in a stock account's history. */
export interface StockMovement {
  id: string;
  kind: MovementKind;
  /** Positive into the location, negative out of it. */
  doses: bigint;
  occurredAt: Date;
  /** The other side: a location code, or `supplied`, `administered`, `wasted`, `expired`. */
  counterpart: string;
}

/** What coverage counts a dose as: a first or second dose of a two-dose series, a single dose, a booster. */
export type DoseKind = 'first' | 'second' | 'single' | 'booster';

/** A dose given, as the nominal registry holds it. */
export interface DoseRecord {
  personId: bigint;
  doseNumber: number;
  doseKind: DoseKind;
  product: ProductCode;
  lotId: bigint;
  siteId: bigint;
  /** The site's code. */
  site: string;
  givenOn: string;
  appointmentId: bigint | null;
  idempotencyKey: string;
  /** The ledger transfer that took the dose from the site's stock. */
  stockTransferId: string;
  recordedBy: string;
  recordedAt: Date;
}
