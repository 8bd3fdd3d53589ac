import type { Database, Sql } from '../db/database.ts';
import { fromJobJson, toJobJson } from './job-json.ts';
import type { InterruptionCause, JobFailure, JobInterrupted } from './jobs.failures.ts';

/**
 * The `job` table (migration 0038): every statement on it. Times of the officer's world
 * (`started_at`, `finished_at`) come from the app's clock; liveness (`heartbeat_at`) is the
 * database's real clock, the one clock every process reads alike.
 */

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The code of a job whose process stopped before it ended. */
export const JOB_INTERRUPTED = 'job_interrupted' satisfies JobInterrupted['code'];

/** The failure of a job interrupted for `cause`. @example interruption('shutdown') // { code: 'job_interrupted', cause: 'shutdown' } */
export function interruption(cause: InterruptionCause): JobInterrupted {
  return { code: JOB_INTERRUPTED, cause };
}

/** A job as stored; progress and result still as their JSON text. */
export interface JobRecord {
  id: string;
  queue: string;
  kind: string;
  label: string;
  key: string | null;
  state: JobState;
  progress: string | null;
  done: number | null;
  total: number | null;
  message: string | null;
  actor: string;
  startedAt: Date;
  finishedAt: Date | null;
  result: string | null;
  error: JobFailure | null;
  owner: string;
}

interface JobRow {
  id: string;
  queue: string;
  kind: string;
  label: string;
  key: string | null;
  state: JobState;
  progress: string | null;
  progress_done: bigint | null;
  progress_total: bigint | null;
  progress_message: string | null;
  actor: string;
  started_at: Date;
  finished_at: Date | null;
  result: string | null;
  error_code: string | null;
  error: string | null;
  owner: string;
  /** Unfinished, and no heartbeat within the stale limit: its process is gone. */
  orphaned: boolean;
}

const UNFINISHED = `state IN ('queued', 'running')`;
/** $2: seconds without a heartbeat after which an unfinished job's process is taken for dead. */
const ORPHANED = `(${UNFINISHED} AND heartbeat_at < clock_timestamp() - make_interval(secs => $2::float8))`;
const COLUMNS = `id, queue, kind, label, key, state, progress::text AS progress, progress_done,
  progress_total, progress_message, actor, started_at, finished_at, result::text AS result, error_code,
  error::text AS error, owner, ${ORPHANED} AS orphaned`;

/**
 * A row as the pages see it: an orphaned job is shown interrupted, whether or not it was marked.
 * A failure is read back as it was recorded: its code (a column of its own) and its fields (JSON).
 */
function toRecord(row: JobRow): JobRecord {
  const fields = fromJobJson<Record<string, unknown>>(row.error);
  const error: JobFailure | null = row.orphaned
    ? interruption('no_heartbeat')
    : row.error_code === null
      ? null
      : { ...fields, code: row.error_code };
  const n = (v: bigint | null) => (v === null ? null : Number(v));
  return {
    id: row.id,
    queue: row.queue,
    kind: row.kind,
    label: row.label,
    key: row.key,
    state: row.orphaned ? 'failed' : row.state,
    progress: row.progress,
    done: n(row.progress_done),
    total: n(row.progress_total),
    message: row.progress_message,
    actor: row.actor,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    result: row.result,
    error,
    owner: row.owner,
  };
}

const seconds = (ms: number) => ms / 1000;

/** One job of a queue, orphaned ones shown interrupted. */
export async function findJob(
  db: Sql,
  queue: string,
  id: string,
  staleAfterMs: number,
): Promise<JobRecord | undefined> {
  const [row] = await db.query<JobRow>(`SELECT ${COLUMNS} FROM job WHERE id = $1 AND queue = $3`, [
    id,
    seconds(staleAfterMs),
    queue,
  ]);
  return row ? toRecord(row) : undefined;
}

/** The unfinished jobs of a queue whose process is alive, newest first; only those of `key` if given. */
export async function unfinishedJobs(
  db: Sql,
  queue: string,
  staleAfterMs: number,
  key?: string,
): Promise<JobRecord[]> {
  const rows = await db.query<JobRow>(
    `SELECT ${COLUMNS} FROM job
     WHERE queue = $1 AND ${UNFINISHED} AND NOT ${ORPHANED} AND ($3::text IS NULL OR key = $3)
     ORDER BY seq DESC`,
    [queue, seconds(staleAfterMs), key ?? null],
  );
  return rows.map(toRecord);
}

export interface NewJob {
  id: string;
  queue: string;
  kind: string;
  label: string;
  key: string | null;
  actor: string;
  startedAt: Date;
  owner: string;
}

/**
 * What stood in the way of a new job: an unfinished job with its key, or `running` jobs of its queue
 * already; nothing when it was recorded (running, owned by `owner`).
 */
export type JobAdmission = { admitted: true } | { admitted: false; sameKey?: JobRecord; running: number };

/**
 * Records a new running job, unless its key is taken or its queue is full, in one transaction under
 * the queue's advisory lock, so that two processes starting jobs at once count each other. Jobs of
 * the queue whose process died are marked interrupted first (they hold no key and take no place);
 * finished jobs beyond the newest `remembered` are forgotten.
 */
export async function admitJob(
  db: Database,
  job: NewJob,
  limits: { running: number; remembered: number; staleAfterMs: number; at: Date },
): Promise<JobAdmission> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ayni:job:${job.queue}`]);
    await interruptOrphans(tx, limits.staleAfterMs, limits.at, job.queue);
    const unfinished = await unfinishedJobs(tx, job.queue, limits.staleAfterMs);
    const sameKey = job.key === null ? undefined : unfinished.find((j) => j.key === job.key);
    if (sameKey || unfinished.length >= limits.running)
      return { admitted: false, ...(sameKey ? { sameKey } : {}), running: unfinished.length };
    await tx.query(
      `INSERT INTO job (id, queue, kind, label, key, state, actor, started_at, owner)
       VALUES ($1, $2, $3, $4, $5, 'running', $6, $7, $8)`,
      [job.id, job.queue, job.kind, job.label, job.key, job.actor, job.startedAt, job.owner],
    );
    await tx.query(
      `DELETE FROM job
       WHERE queue = $1 AND state IN ('succeeded', 'failed', 'cancelled')
         AND seq <= (SELECT seq FROM job
                     WHERE queue = $1 AND state IN ('succeeded', 'failed', 'cancelled')
                     ORDER BY seq DESC OFFSET $2 LIMIT 1)`,
      [job.queue, limits.remembered],
    );
    return { admitted: true };
  });
}

/** The last progress of a job still running here; says too that its process is alive. */
export async function writeProgress(
  db: Sql,
  job: { id: string; owner: string },
  progress: { json: string; done: number | null; total: number | null; message: string | null },
): Promise<void> {
  await db.query(
    `UPDATE job SET progress = $3::jsonb, progress_done = $4, progress_total = $5, progress_message = $6,
       heartbeat_at = clock_timestamp()
     WHERE id = $1 AND owner = $2 AND state = 'running'`,
    [job.id, job.owner, progress.json, progress.done, progress.total, progress.message],
  );
}

/** The process `owner` is alive: every job it runs says so. */
export async function beat(db: Sql, owner: string): Promise<void> {
  await db.query(`UPDATE job SET heartbeat_at = clock_timestamp() WHERE owner = $1 AND state = 'running'`, [
    owner,
  ]);
}

/**
 * A job's end, written by the process that ran it, with its last progress. Written even if another
 * process took it for dead meanwhile (a heartbeat that came too late): what the operation did wins.
 */
export async function finishJob(
  db: Sql,
  job: { id: string; owner: string },
  end: {
    state: 'succeeded' | 'failed';
    at: Date;
    result: string | null;
    error: JobFailure | null;
    progress: { json: string; done: number | null; total: number | null; message: string | null } | null;
  },
): Promise<void> {
  const failure = end.error;
  await db.query(
    `UPDATE job SET state = $3, finished_at = $4, result = $5::jsonb, error_code = $6, error = $7::jsonb,
       progress = coalesce($8::jsonb, progress), progress_done = coalesce($9, progress_done),
       progress_total = coalesce($10, progress_total), progress_message = coalesce($11, progress_message),
       heartbeat_at = clock_timestamp()
     WHERE id = $1 AND owner = $2`,
    [
      job.id,
      job.owner,
      end.state,
      end.at,
      end.result,
      failure?.code ?? null,
      failure ? errorJson(failure) : null,
      end.progress?.json ?? null,
      end.progress?.done ?? null,
      end.progress?.total ?? null,
      end.progress?.message ?? null,
    ],
  );
}

/** Jobs of `owner` that shutdown gave up waiting for, marked interrupted. */
export async function interruptJobs(db: Sql, owner: string, ids: readonly string[], at: Date): Promise<void> {
  await db.query(
    `UPDATE job SET state = 'failed', finished_at = $3, error_code = $4, error = $5::jsonb
     WHERE owner = $1 AND id = ANY($2::text[]) AND ${UNFINISHED}`,
    [owner, ids, at, JOB_INTERRUPTED, errorJson(interruption('shutdown'))],
  );
}

/**
 * Unfinished jobs whose process stopped beating for `staleAfterMs`, marked interrupted (of one
 * queue, or of all).
 */
export async function interruptOrphans(
  db: Sql,
  staleAfterMs: number,
  at: Date,
  queue?: string,
): Promise<void> {
  await db.query(
    `UPDATE job SET state = 'failed', finished_at = $1, error_code = $3, error = $4::jsonb
     WHERE ${ORPHANED} AND ($5::text IS NULL OR queue = $5)`,
    [at, seconds(staleAfterMs), JOB_INTERRUPTED, errorJson(interruption('no_heartbeat')), queue ?? null],
  );
}

/**
 * A failure's fields as stored (its code has a column of its own); none for `internal`, a bug
 * whose words are only in the log.
 */
function errorJson(failure: JobFailure): string | null {
  if (failure.code === 'internal') return null;
  const { code: _code, ...fields } = failure as JobFailure & Record<string, unknown>;
  return toJobJson(fields);
}
