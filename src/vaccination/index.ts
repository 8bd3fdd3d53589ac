/**
 * The COVID-19 vaccination campaign's public surface (issue #18): products and lots, the stock of
 * doses on the ledger (receipts, transfers, doses given, wasted, expired; FEFO), sites and their
 * capacity, alerts; eligibility on a date, the nominal registry (recordDose), walk-ins, appointments
 * and a site's day. Other domains and interfaces import only from here. Feature map: ./README.md.
 */

export type { DoseSlot } from './administration.parameters.ts';
export { ADMINISTRATION_PARAMETERS, priorityLists, productsForDose } from './administration.parameters.ts';
export type { Appointment, AppointmentStatus, Booking, BookingInput, CancelInput } from './appointment.ts';
export { appointmentsAt, appointmentsOf, bookAppointment, cancelAppointment } from './appointment.ts';
export type { PopulationCell } from './coverage.repository.ts';
export { compactCoverage, keepPopulation, populationByAge } from './coverage.repository.ts';
export type { CoverageGrouping, CoverageRow, DoseCounts } from './coverage.ts';
export { ageBandOf, ageBands, coverage } from './coverage.ts';
export type { PopulationKeeper } from './coverage-ahead.ts';
export { KEEP_AHEAD_EVERY_MS, keepPopulationAhead } from './coverage-ahead.ts';
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
export type { ListedPerson } from './dose-lists.repository.ts';
export type {
  BoosterEligible,
  SecondDoseDue,
  SecondDoseStatus,
  SecondProductShortage,
} from './dose-lists.ts';
export { boosterEligible, secondDosesDue, secondProductMissing } from './dose-lists.ts';
export type { BoosterRule, SecondDoseRule } from './dose-schedule.ts';
export { boosterRule, secondDoseRules, singleDoseProducts } from './dose-schedule.ts';
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
export type { Outlook } from './outlook.ts';
export { OUTLOOK_MAX_DAYS, outlookOn } from './outlook.ts';
export { listProducts } from './product.repository.ts';
export type { ArrivalInput, QueueEntry, QueueStatus, ServeInput } from './queue.ts';
export { joinQueue, leaveQueue, queueAt, serveQueue } from './queue.ts';
export type { Milestone, MilestoneMeasure, Milestones, ReplayModel } from './replay.parameters.ts';
export { published2021, REPLAY_PARAMETERS, replayModel } from './replay.parameters.ts';
export type { DepartmentShare, MilestoneComparison, ReplayDay, ReplayReport } from './replay.ts';
export { replay2021, replaySiteCode } from './replay.ts';
export type { ReplayCurve } from './replay-curve.ts';
export { replayCurve } from './replay-curve.ts';
export { createSite, getSite, listSites, siteCapacityOn, updateSite } from './site.ts';
export type { DayLotRow } from './site-day.repository.ts';
export type { CloseDayInput, DayClosing, SiteDayCounts, Waste } from './site-day.ts';
export { closeSiteDay, siteDay } from './site-day.ts';
export type { SiteDayStatus } from './site-day-status.ts';
export { siteDayStatus } from './site-day-status.ts';
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
