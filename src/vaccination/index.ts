/**
 * The COVID-19 vaccination campaign's public surface (issue #18): products and lots, the stock of
 * doses on the ledger (receipts, transfers, doses given, wasted, expired; FEFO), sites and their
 * capacity, alerts. Other domains and interfaces import only from here. Feature map: ./README.md.
 */

export type { DoseSlot } from './administration.parameters.ts';
export { ADMINISTRATION_PARAMETERS, priorityLists, productsForDose } from './administration.parameters.ts';
export type { Appointment, AppointmentStatus, Booking, BookingInput, CancelInput } from './appointment.ts';
export { appointmentsAt, appointmentsOf, bookAppointment, cancelAppointment } from './appointment.ts';
export type { DeliveryRow } from './delivery.repository.ts';
export type { DatedDelivery, DeliveriesLoaded, Delivery, DeliveryInput } from './delivery.ts';
export {
  DELIVERIES_2021,
  listDeliveries,
  loadDeliveries,
  readDeliveries,
  receiveDelivery,
} from './delivery.ts';
export type { DoseInput, DoseRecorded } from './dose.ts';
export { dosesOf, recordDose } from './dose.ts';
export type {
  Attested,
  Eligibility,
  EligibilityOptions,
  NextDose,
  PersonRef,
  Refusal,
} from './eligibility.ts';
export { decideEligibility, doseKindOf, eligibilityOn, seriesDosesOn } from './eligibility.ts';
export { listLots, registerLot } from './lot.ts';
export { listProducts } from './product.repository.ts';
export type { ArrivalInput, QueueEntry, QueueStatus, ServeInput } from './queue.ts';
export { joinQueue, leaveQueue, queueAt, serveQueue } from './queue.ts';
export { createSite, getSite, listSites, siteCapacityOn, updateSite } from './site.ts';
export type { CloseDayInput, DayClosing, SiteDayCounts, Waste } from './site-day.ts';
export { closeSiteDay, siteDay } from './site-day.ts';
export { expiryAlertDays, lotPresentation, STOCK_PARAMETERS, stockPace } from './stock.parameters.ts';
export { ensureStockLocations, stockAccountCode } from './stock-accounts.ts';
export type { ExpiryAlert, RunOutAlert } from './stock-alerts.ts';
export { lotsNearExpiry, sitesRunningOut } from './stock-alerts.ts';
export { nextLot, stockAt, stockHistory } from './stock-balance.ts';
export type { Movement, MovementInput } from './stock-movement.ts';
export { movementTransferId, moveStock, recordMovement } from './stock-movement.ts';
export type {
  IneligibleReason,
  InputProblem,
  MovementProblem,
  RecordedDose,
  VaccinationFailure,
} from './vaccination.failures.ts';
export type {
  DoseKind,
  DoseRecord,
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
