/** Public transparency figures: other domains and interfaces import only from here. */

export type {
  AmountValue,
  CellValue,
  Channel,
  Column,
  CountValue,
  Figure,
  FigureId,
  FigureRow,
  FigureWording,
  Indicator,
  Label,
  PercentValue,
} from './figure.ts';
export { csvBolivianos, csvValue, figureCsv, isLabel, percentDigits, TOTAL_LABEL } from './figure.ts';
export type { IneReference } from './ine.ts';
export { loadIneReference } from './ine.ts';
export type { PublicRegistryStatus } from './registry-status.ts';
export { loadPublicRegistryStatus } from './registry-status.ts';
export type { CountCell, Period, PublishedCell, SumRelation } from './suppression.ts';
export {
  groupSmallDays,
  publishCount,
  SMALL_MARK,
  SUPPRESSION_THRESHOLD,
  suppressCounts,
  WITHHELD_MARK,
} from './suppression.ts';
export type { BonoFigures, RegistryFigures } from './transparency.figures.ts';
export { bandLabel, loadBonoFigures, loadRegistryFigures } from './transparency.figures.ts';
export type { VaccinationFigures } from './vaccination.figures.ts';
export { loadVaccinationFigures } from './vaccination.figures.ts';
