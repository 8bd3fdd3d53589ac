import type { Scalar, Value } from './expr.ts';

/**
 * The facts about one entity that a rule is evaluated on: its attributes (registry columns or
 * facts the caller supplies), its rows on the source lists in force, and its collections (the
 * assets and debts of a wealth-tax declaration).
 *
 * @example
 *   const facts: Facts = {
 *     attributes: { date_of_birth: '1980-05-01', residence_country: 'BO', date_of_death: null, … },
 *     lists: { 'bono-universal': {}, disability: { degree: 'grave', disability_type: 'visual' } },
 *   };
 */
export interface Facts {
  readonly attributes: Readonly<Record<string, Value>>;
  /** The person's row on each source list in force; absent when not on the list. */
  readonly lists?: Readonly<Record<string, Readonly<Record<string, Scalar>> | undefined>>;
  readonly collections?: Readonly<Record<string, readonly Facts[]>>;
  /** How the entity is named in a trace (an asset's description). */
  readonly label?: string;
}
