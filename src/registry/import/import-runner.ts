import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Actor, appendAudit, cliActor, isActor } from '../../audit/index.ts';
import type { Database, Sql } from '../../db/database.ts';
import { assert } from '../../shared/assert.ts';
import { fail, ok, type Result } from '../../shared/failure.ts';
import type { RegistryFailure } from '../registry.failures.ts';
import type { ImportSpec, MergeCounts } from './import.types.ts';
import { ImportRefusal } from './import-refusal.ts';
import {
  analyseTables,
  type CompletedImport,
  completeImportRun,
  findCompletedImport,
  type ImportRunCounts,
  insertFailedImport,
  insertRunningImport,
  lockImportKind,
  transactionTime,
} from './import-run.repository.ts';
import {
  copyIntoStage,
  createRejectTable,
  createStageTable,
  rejectsAfterLine,
} from './import-stage.repository.ts';
import type { LoadJob, WorkerMessage } from './load-batches.ts';
import { RejectsFile } from './rejects.ts';
import { type FileSurvey, surveyFile, type TextEncoding } from './text-file.ts';

/**
 * The shared import pipeline for every bulk file (persons and source lists):
 *
 *   survey (hash, encoding) → already imported? → one transaction:
 *     stream lines → validate each row in JS → COPY accepted rows → set-based merge in SQL
 *   → rejects file + counts, with read = accepted + rejected asserted and stored
 *   → one audit entry, `registry.import.completed`, in the same transaction.
 *
 * Two ways to load: `direct` COPYs validated rows straight into the target table (used when the
 * target is empty, the initial load, so it runs at COPY speed), `staged` COPYs them into a
 * temporary table and merges with SQL. A direct load that meets a duplicate key is rolled back and
 * redone staged, so duplicates are reported, never silently dropped.
 *
 * The pipeline runs no SQL of its own: the run's record and lock are ./import-run.repository.ts,
 * the temporary tables ./import-stage.repository.ts, and each importer's tables its own repository.
 */

export interface ImportOptions {
  filePath: string;
  /**
   * Who runs the import, as the audit trail names them (`account:<username>`, `cli:<user>`,
   * `system`); a bare name is taken for a user at the terminal (`cli:<name>`). `import_run.actor`
   * records the same.
   */
  actor: Actor | string;
  /**
   * The caller's clock (the app's, simulated or not): the audit entry is stamped with it when the
   * import commits. Without one, the database's time stamps it, as it does `import_run`'s times.
   */
  now?: () => Date;
  /** Reference date of the import: validation refuses dates after it. */
  asOf: string;
  encoding?: 'auto' | TextEncoding;
  /** Where to write refused rows; default `<rejectsDir>/<kind>-<sha8>.rejects.csv`. */
  rejectsPath?: string;
  rejectsDir: string;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'survey' | 'load' | 'merge';
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}

/** What an import did; its counts (`ImportRunCounts`) are the ones `import_run` keeps. */
export interface ImportSummary extends ImportRunCounts {
  status: 'completed' | 'already_imported';
  importId: bigint;
  kind: string;
  fileName: string;
  sha256: string;
  encoding: string;
  blankLines: number;
  loadMode: 'direct' | 'staged' | 'none';
  elapsedMs: number;
}

class DirectLoadConflict extends Error {}

/**
 * Runs one import to completion or leaves the registry untouched. A file refused as a whole (not
 * there, UTF-16, empty, the wrong header) is the failure returned; once the file has been surveyed,
 * a failed import is also recorded (`import_run`, and the audit entry `registry.import.failed`).
 * Bugs and a lost database throw.
 *
 * @example const s = await runImport(db, personImportSpec(asOf), { filePath, actor: 'cli', asOf, rejectsDir }); if (s.ok) s.value.rowsRead;
 */
export async function runImport(
  db: Database,
  spec: ImportSpec,
  opts: ImportOptions,
): Promise<Result<ImportSummary, RegistryFailure>> {
  const started = Date.now();
  const actor = importActor(opts.actor);
  const fileName = path.basename(opts.filePath);
  const surveyed = await surveyFile(opts.filePath, opts.encoding ?? 'auto');
  if (!surveyed.ok) return surveyed;
  const survey = surveyed.value;
  opts.onProgress?.({
    phase: 'survey',
    bytesRead: survey.sizeBytes,
    totalBytes: survey.sizeBytes,
    rowsRead: 0,
  });

  const previous = await findCompletedImport(db, spec.kind, survey.sha256);
  if (previous) return ok(alreadyImported(spec.kind, fileName, survey, previous, started));

  const rejectsPath =
    opts.rejectsPath ?? path.join(opts.rejectsDir, `${spec.kind}-${survey.sha256.slice(0, 12)}.rejects.csv`);
  // A direct load that meets a repeated key aborts its transaction; the import then runs again,
  // staged, in a fresh transaction. (A savepoint would avoid the second read of the file, but
  // costs a fifth of the load's time on PGlite in every clean import, measured.)
  const attempt = (allowDirect: boolean) =>
    db.transaction(async (tx) => {
      // Imports of one kind run one at a time, whichever process starts them.
      await lockImportKind(tx, spec.kind);
      const again = await findCompletedImport(tx, spec.kind, survey.sha256);
      if (again) return alreadyImported(spec.kind, fileName, survey, again, started);
      const importId = await insertRunningImport(tx, runFile(spec.kind, fileName, survey, actor));
      await createRejectTable(tx);

      const mode: 'direct' | 'staged' =
        allowDirect && spec.direct && (await spec.direct.isEmpty(tx)) ? 'direct' : 'staged';
      let loaded: LoadResult | undefined;
      if (mode === 'direct') {
        const direct = spec.direct!;
        if (direct.beforeLoad) await direct.beforeLoad(tx);
        loaded = await load(tx, spec, opts, survey, rejectsPath, importId, 'direct');
        opts.onProgress?.({
          phase: 'merge',
          bytesRead: survey.sizeBytes,
          totalBytes: survey.sizeBytes,
          rowsRead: loaded.rowsRead,
        });
        if (direct.afterLoad) {
          try {
            await direct.afterLoad(tx);
          } catch (error) {
            await loaded.rejects.close();
            if (isUniqueViolation(error)) throw new DirectLoadConflict();
            throw error;
          }
        }
      }
      let counts: MergeCounts;
      if (mode === 'staged') {
        await createStageTable(tx, spec.stageColumns);
        loaded = await load(tx, spec, opts, survey, rejectsPath, importId, 'staged');
        opts.onProgress?.({
          phase: 'merge',
          bytesRead: survey.sizeBytes,
          totalBytes: survey.sizeBytes,
          rowsRead: loaded.rowsRead,
        });
        counts = await spec.merge(tx, importId);
      } else {
        counts = { inserted: loaded!.rowsCopied, updated: 0, unchanged: 0 };
      }
      const result = loaded!;
      // Fresh statistics: PGlite has no autovacuum, and on a server it may not have run yet; a
      // planner that still believes the registry empty picks nested loops over millions of rows.
      await analyseTables(tx, spec.tables);
      // Rows the merge refused (duplicates, unknown persons) join the rejects file.
      const setRejected = await drainSetRejects(tx, result.rejects);
      await result.rejects.close();

      const rowsRejected = result.rowsRejectedInJs + setRejected;
      const rowsAccepted = counts.inserted + counts.updated + counts.unchanged;
      // Rows identity resolution could not decide wait for an officer (issue #23): neither
      // accepted nor rejected, but counted.
      const rowsQueued = counts.queued ?? 0;
      assert(
        result.rowsRead === rowsAccepted + rowsQueued + rowsRejected,
        `${spec.kind} import: read ${result.rowsRead} != accepted ${rowsAccepted} + queued ${rowsQueued} + rejected ${rowsRejected}`,
      );
      assert(result.rejects.count === rowsRejected, 'every rejected row is in the rejects file');
      const counted = {
        rowsRead: result.rowsRead,
        rowsAccepted,
        rowsRejected,
        rowsInserted: counts.inserted,
        rowsUpdated: counts.updated,
        rowsUnchanged: counts.unchanged,
        rowsRemoved: counts.removed ?? 0,
        rowsLinkedByScore: counts.linkedByScore ?? 0,
        rowsQueued,
      };
      const keptRejectsPath = rowsRejected > 0 ? rejectsPath : null;
      await completeImportRun(tx, importId, { ...counted, rejectsPath: keptRejectsPath });
      const summary: ImportSummary = {
        status: 'completed',
        importId,
        kind: spec.kind,
        fileName,
        sha256: survey.sha256,
        encoding: survey.encodingNote,
        ...counted,
        blankLines: result.blankLines,
        rejectsPath: keptRejectsPath,
        loadMode: mode,
        elapsedMs: Date.now() - started,
      };
      // Last, because the entry holds the trail's head until the commit: every other audited
      // change waits from here on, and only the commit is left.
      await appendAudit(tx, {
        at: await auditTime(tx, opts),
        actor,
        action: 'registry.import.completed',
        entityType: 'import_run',
        entityId: importId,
        after: {
          ...auditedFile(spec.kind, fileName, survey, opts.asOf),
          rowsRead: summary.rowsRead,
          rowsAccepted: summary.rowsAccepted,
          rowsRejected: summary.rowsRejected,
          rowsInserted: summary.rowsInserted,
          rowsUpdated: summary.rowsUpdated,
          rowsUnchanged: summary.rowsUnchanged,
          rowsRemoved: summary.rowsRemoved,
        },
      });
      return summary;
    });
  try {
    try {
      return ok(await attempt(true));
    } catch (error) {
      if (!(error instanceof DirectLoadConflict)) throw error;
      return ok(await attempt(false));
    }
  } catch (error) {
    // The import's transaction rolled back whole, so the registry is as it was; what is left to
    // record is that it was tried and failed. If even that cannot be written (the database is
    // gone), the import's own failure is the one the caller needs.
    const refused = error instanceof ImportRefusal ? error.failure : undefined;
    await recordFailure(db, spec.kind, fileName, survey, actor, opts, refused, error).catch(() => {});
    if (refused) return fail(refused);
    throw error;
  }
}

/** The import's actor for the trail. @example importActor('root') // 'cli:root' */
function importActor(actor: string): Actor {
  return isActor(actor) ? actor : cliActor(actor);
}

/** When the audit entry says the import happened: the caller's clock, else the database's. */
async function auditTime(tx: Sql, opts: ImportOptions): Promise<Date> {
  if (opts.now) return opts.now();
  return transactionTime(tx);
}

/** The file as `import_run` records it. */
function runFile(kind: string, fileName: string, survey: FileSurvey, actor: Actor) {
  return { kind, fileName, sha256: survey.sha256, encoding: survey.encodingNote, actor };
}

/** What the audit trail keeps of an import's file: never a row of it, only where it came from. */
function auditedFile(kind: string, fileName: string, survey: FileSurvey, asOf: string) {
  return { kind, fileName, sha256: survey.sha256, encoding: survey.encodingNote, asOf };
}

/**
 * The failed run and its audit entry, in one transaction. The entry names the failure by its code
 * only (`import_header_mismatch`, or `internal_error` for anything unexpected): the failure, kept
 * in `import_run.error`, may quote the file — a data line taken for the header holds a person's
 * name — and the audit trail can never be cleaned. `import_run.error` keeps an expected failure as
 * its value in JSON (the pages put words on it, src/messages) and a bug's message as it is.
 */
async function recordFailure(
  db: Database,
  kind: string,
  fileName: string,
  survey: FileSurvey,
  actor: Actor,
  opts: ImportOptions,
  failure: RegistryFailure | undefined,
  error: unknown,
): Promise<void> {
  await db.transaction(async (tx) => {
    const runId = await insertFailedImport(
      tx,
      runFile(kind, fileName, survey, actor),
      failure ? JSON.stringify(failure) : String((error as Error).message),
    );
    await appendAudit(tx, {
      at: await auditTime(tx, opts),
      actor,
      action: 'registry.import.failed',
      entityType: 'import_run',
      entityId: runId,
      after: {
        ...auditedFile(kind, fileName, survey, opts.asOf),
        error: failure ? failure.code : 'internal_error',
      },
    });
  });
}

interface LoadResult {
  rowsRead: number;
  rowsRejectedInJs: number;
  rowsCopied: number;
  blankLines: number;
  rejects: RejectsFile;
}

async function load(
  tx: Sql,
  spec: ImportSpec,
  opts: ImportOptions,
  survey: FileSurvey,
  rejectsPath: string,
  importId: bigint,
  mode: 'direct' | 'staged',
): Promise<LoadResult> {
  const rejects = new RejectsFile(rejectsPath);
  await rejects.open();
  const state = { rowsRead: 0, rowsRejectedInJs: 0, rowsCopied: 0, blankLines: 0 };
  const job: LoadJob = {
    kind: spec.kind,
    asOf: opts.asOf,
    filePath: opts.filePath,
    encoding: survey.encoding,
    mode,
    suffix: mode === 'direct' ? spec.direct!.rowSuffix(importId) : '',
    credits: WORKER_CREDITS,
  };
  const worker = new Worker(new URL(LOAD_WORKER, import.meta.url), {
    workerData: job,
    // A larger young generation: the worker allocates many short-lived strings per row.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });

  async function* rows(): AsyncGenerator<Buffer> {
    for await (const message of workerMessages(worker)) {
      if (message.type === 'done') return;
      // A refused file unwinds COPY and the import's transaction; runImport returns its failure.
      if (message.type === 'refused') throw new ImportRefusal(message.failure);
      if (message.type === 'error') {
        const e = new Error(message.message);
        e.stack = message.stack;
        throw e;
      }
      const b = message.batch;
      state.rowsRead += b.rowsRead;
      state.rowsCopied += b.rowsCopied;
      state.blankLines += b.blankLines;
      state.rowsRejectedInJs += b.refused.length;
      await rejects.add(b.refused);
      opts.onProgress?.({
        phase: 'load',
        bytesRead: b.bytesRead,
        totalBytes: survey.sizeBytes,
        rowsRead: state.rowsRead,
      });
      if (b.data) yield Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
      worker.postMessage({ type: 'credit' });
    }
  }

  try {
    if (mode === 'staged') await copyIntoStage(tx, spec.stageColumns, rows());
    else await spec.direct!.copy(tx, rows());
  } catch (error) {
    await rejects.close();
    if (mode === 'direct' && isUniqueViolation(error)) throw new DirectLoadConflict();
    throw error;
  } finally {
    await worker.terminate();
  }
  return { ...state, rejects };
}

/** Batches in flight between the load worker and COPY (about 1 MiB each). */
const WORKER_CREDITS = 4;

/**
 * The validation thread's module, beside this one. Built (dist/, what `npm start` and `ayni` run)
 * it is the compiled load-worker.js, the same code as the main thread; from the TypeScript sources
 * (tests, benchmarks) a bootstrap registers tsx in the thread first, which Node 20 does not carry
 * over from the main thread.
 */
const LOAD_WORKER = import.meta.url.endsWith('.ts') ? './load-worker.mjs' : './load-worker.js';

/** The worker's messages as an async stream; a crash of the worker ends it with an error. */
async function* workerMessages(worker: Worker): AsyncGenerator<WorkerMessage> {
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let exited = false;
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  for (;;) {
    const next = queue.shift();
    if (next) {
      yield next;
      if (next.type !== 'batch') return;
      continue;
    }
    if (failure) throw failure;
    if (exited) throw new Error('the import worker stopped before finishing the file');
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '23505' || /duplicate key value violates unique constraint/.test(String(e.message));
}

/** Moves the merge's refused rows into the rejects file, a page at a time. */
async function drainSetRejects(tx: Sql, rejects: RejectsFile): Promise<number> {
  let after = -1n;
  let total = 0;
  for (;;) {
    const page = await rejectsAfterLine(tx, after);
    if (page.length === 0) return total;
    await rejects.add(page);
    total += page.length;
    after = page[page.length - 1]!.line;
  }
}

function alreadyImported(
  kind: string,
  fileName: string,
  survey: FileSurvey,
  previous: CompletedImport,
  started: number,
): ImportSummary {
  return {
    status: 'already_imported',
    importId: previous.id,
    kind,
    fileName,
    sha256: survey.sha256,
    encoding: survey.encodingNote,
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    rowsInserted: 0,
    rowsUpdated: 0,
    rowsUnchanged: 0,
    rowsRemoved: 0,
    rowsLinkedByScore: 0,
    rowsQueued: 0,
    blankLines: 0,
    rejectsPath: null,
    loadMode: 'none',
    elapsedMs: Date.now() - started,
  };
}
