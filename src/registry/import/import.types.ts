import type { Sql } from '../../db/database.ts';

/**
 * What an importer says about its kind of file, for the shared pipeline (./import-runner.ts): the
 * header it expects, how it validates a row, how it merges the staged rows into its tables. Kept
 * apart from the pipeline so that the importers (./person.import.ts, ./source.import.ts) and the
 * load worker's lookup of them (./import-specs.ts) need not import the pipeline that runs them.
 */

export interface StageColumn {
  name: string;
  sqlType: string;
}

export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows of the previous snapshot that the new one no longer has (source lists only). */
  removed?: number;
  /**
   * Of the rows counted above, those linked to a person by identity resolution's score rather
   * than the exact key (source lists only; issue #23).
   */
  linkedByScore?: number;
  /** Rows sent to the identity review queue: neither accepted nor rejected (source lists only). */
  queued?: number;
}

export interface ImportSpec {
  kind: string;
  /** Expected header, exactly, in order. */
  header: readonly string[];
  /** Tables the import writes; analysed at the end so the planner knows their new size. */
  tables: readonly string[];
  /** Columns `validate` returns, in order, as they are typed in the staging table. */
  stageColumns: readonly StageColumn[];
  /** Normalised values (empty string = NULL), or the reason the row is refused. */
  validate(fields: readonly string[]): string[] | string;
  /**
   * Merges `import_stage` into the registry. Rows it refuses go into `import_reject` (line_number,
   * reason, content) and must be removed from the counts it returns.
   */
  merge(tx: Sql, importId: bigint): Promise<MergeCounts>;
  /** When set and `isEmpty` answers true, rows are COPYed straight into the target. */
  direct?: {
    isEmpty(tx: Sql): Promise<boolean>;
    /** COPYs the rows into the target; each row is `validate`'s output followed by `rowSuffix(importId)`. */
    copy(tx: Sql, rows: AsyncIterable<Buffer>): Promise<void>;
    rowSuffix(importId: bigint): string;
    /**
     * Run before and after the direct load, in its transaction (e.g. drop and rebuild indexes); a
     * unique violation from `afterLoad` sends the import down the staged path.
     */
    beforeLoad?(tx: Sql): Promise<void>;
    afterLoad?(tx: Sql): Promise<void>;
  };
}
