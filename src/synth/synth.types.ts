import type { InjectedLine } from './messy.ts';

/** What `generateCountry` is asked for; the same options give byte-identical files. */
export interface SynthOptions {
  people: number;
  seed: number;
  outDir: string;
  messy?: boolean;
  /** Reference date (YYYY-MM-DD): ages are counted on it and no birth or death comes after it. */
  asOf?: string /* default '2021-03-01' */;
  onProgress?: (done: number, total: number) => void;
  /**
   * Told of every line messy mode injects, as it is written (a report holding them all would grow
   * with the population): tests compare it line by line with what an import rejects.
   */
  onInjected?: (injected: InjectedLine) => void;
}

/** What `generateCountry` wrote and how close the population came to its calibration targets. */
export interface SynthReport {
  /** Persons in the registry (clean rows of persons.csv; injected lines come on top). */
  people: number;
  /** Every file written; `rows` counts data lines, injected ones included, header excluded. */
  files: { name: string; path: string; rows: number }[];
  /**
   * Target and actual shares, as fractions of all persons (of adults for `residence`, of CI numbers
   * for `identity`), and the relative error 100 × (actual − target) / target.
   */
  calibration: { marginal: string; category: string; target: number; actual: number; errorPct: number }[];
  messyRowsInjected: number;
}
