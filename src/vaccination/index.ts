/**
 * The COVID-19 vaccination campaign's public surface (issue #18): products and lots, the stock of
 * doses on the ledger (receipts, transfers, doses given, wasted, expired; FEFO), sites and their
 * capacity, alerts. Other domains and interfaces import only from here. Feature map: ./README.md.
 */

export type { VaccinationFailure } from './vaccination.failures.ts';
export type {
  Location,
  LocationKind,
  Lot,
  LotInput,
  MassDay,
  MovementKind,
  Product,
  ProductCode,
  ScheduleProduct,
  Site,
  SiteAccess,
  SiteHours,
  SiteInput,
  StockLine,
  StockMovement,
} from './vaccination.types.ts';
export {
  DOSE_LEDGER,
  isProductCode,
  MOVEMENT_KINDS,
  NATIONAL_WAREHOUSE,
  PRODUCT_CODES,
  SITE_ACCESS,
  sedesCode,
  siteLocationCode,
} from './vaccination.types.ts';
