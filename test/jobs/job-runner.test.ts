import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep, setImmediate as tick } from 'node:timers/promises';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import {
  type JobQueue,
  type JobQueueSpec,
  JobRunner,
  type JobRunnerOptions,
  type StartJob,
} from '../../src/jobs/index.ts';
import { fail, ok, type Result } from '../../src/shared/failure.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { holdAJob } from '../helpers/processes.ts';

/**
 * Durable back-office jobs (src/jobs/) on a real database, with operations the test holds open so
 * that every state is reached on purpose. Two runners on two connection pools stand for two server
 * processes on one database; a child process killed with SIGKILL stands for one that died.
 */

const NOW = new Date('2021-02-15T14:00:00Z');

interface Progress {
  step: string;
  done: number;
  total: number;
}

let t: TestDatabase;
/** The same database through a second pool: a second server process. */
let other: Database;
const runners: JobRunner[] = [];

before(async () => {
  t = await createTestDatabase();
  other = await openPostgres(t.url);
});
after(async () => {
  for (const r of runners) await r.close(0);
  await other?.close();
  await t?.dispose();
});

/** Lines the runners log; a test that expects none checks it is empty. */
const logged: { fields: Record<string, unknown>; message: string }[] = [];

function runner(db: Database, options: Partial<JobRunnerOptions> = {}): JobRunner {
  const r = new JobRunner(db, {
    now: () => NOW,
    log: { error: (fields, message) => logged.push({ fields, message }) },
    ...options,
  });
  runners.push(r);
  return r;
}

/** The failures of the test's queues: its refusals, and what a job's body may end with. */
type TestFailure =
  | { readonly code: 'busy'; readonly running: number }
  | { readonly code: 'key_busy'; readonly label: string }
  | { readonly code: 'regular_round_exists'; readonly roundId: number; readonly roundStatus: string };

function spec<R>(name: string): JobQueueSpec<Progress, R, TestFailure> {
  return {
    name,
    running: 2,
    remembered: 3,
    busy: () => ({ code: 'busy', running: 2 }),
    keyBusy: (j) => ({ code: 'key_busy', label: j.label }),
    measure: (p) => ({ done: p.done, total: p.total, message: p.step }),
  };
}

/** Starts a job that the queue must admit: its id. */
async function admitted<R>(
  jobs: JobQueue<Progress, R, TestFailure>,
  input: StartJob,
  run: (report: (p: Progress) => void) => Promise<Result<R, TestFailure>>,
): Promise<{ id: string }> {
  const started = await jobs.start(input, run);
  assert.ok(started.ok, `the job is admitted: ${JSON.stringify(started)}`);
  return started.value;
}

const start = (key?: string) => ({
  kind: 'test',
  label: key ?? 'no key',
  ...(key ? { key } : {}),
  startedBy: 'account:rosa',
  startedAt: NOW,
});

/** An operation the test finishes when it chooses. */
function held<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Reads until `ok` holds (the writes of a job land a moment after the operation moves). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      assert.fail(
        `${what}: still ${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
      );
    await sleep(20);
  }
}

test('a job started in one process is seen, with its progress and its answer, from another', async () => {
  const here = runner(t.db).queue(spec<{ importId: bigint; files: string[] }>('imports'));
  const there = runner(other).queue(spec<{ importId: bigint; files: string[] }>('imports'));
  const op = held<{ importId: bigint; files: string[] }>();
  let report: (p: Progress) => void = () => {};
  const job = await admitted(here, start(), (r) => {
    report = r;
    return op.promise.then(ok);
  });
  assert.match(job.id, /^[A-Za-z0-9_-]{22}$/);
  let seen = await there.get(job.id);
  assert.equal(seen?.state, 'running');
  assert.equal(seen?.progress, null);
  assert.equal(seen?.startedBy, 'account:rosa');
  assert.deepEqual(seen?.startedAt, NOW);
  assert.deepEqual(
    (await there.active()).map((j) => j.id),
    [job.id],
  );

  report({ step: 'load', done: 40, total: 100 });
  seen = await until(
    () => there.get(job.id),
    (j) => j?.progress !== null,
    'the progress reaches the other process',
  );
  assert.deepEqual(seen?.progress, { step: 'load', done: 40, total: 100 });
  assert.deepEqual([seen?.done, seen?.total, seen?.message], [40, 100, 'load']);

  // An answer holding a bigint beyond 2^53 comes back exactly.
  op.resolve({ importId: 2n ** 60n + 1n, files: ['padron.csv'] });
  seen = await until(
    () => there.get(job.id),
    (j) => j?.state !== 'running',
    'the job ends',
  );
  assert.equal(seen?.state, 'succeeded');
  assert.deepEqual(seen?.result, { importId: 2n ** 60n + 1n, files: ['padron.csv'] });
  assert.equal(seen?.error, null);
  assert.deepEqual(seen?.finishedAt, NOW);
  assert.deepEqual(await there.active(), []);
  // A job of another queue is not found under this one.
  assert.equal(await runner(other).queue(spec('rounds')).get(job.id), undefined);
});

test('a failure value ends the job failed and is recorded as it was, code and fields; a bug keeps nothing and is logged', async () => {
  logged.length = 0;
  const jobs = runner(t.db).queue(spec<number>('refusals'));
  const refused = await admitted(jobs, start(), async () =>
    fail({ code: 'regular_round_exists', roundId: 2, roundStatus: 'approved' }),
  );
  const bug = await admitted(jobs, start(), async () => {
    throw new Error('relation "bono_round" does not exist');
  });
  const r = await until(
    () => jobs.get(refused.id),
    (j) => j?.state === 'failed',
    'the refusal is recorded',
  );
  assert.deepEqual(r?.error, { code: 'regular_round_exists', roundId: 2, roundStatus: 'approved' });
  assert.equal(r?.result, null);
  const b = await until(
    () => jobs.get(bug.id),
    (j) => j?.state === 'failed',
    'the bug is recorded',
  );
  assert.deepEqual(b?.error, { code: 'internal' });
  assert.equal(logged.length, 1);
  assert.equal(logged[0]?.fields['job'], bug.id);
  assert.match(String((logged[0]?.fields['err'] as Error | undefined)?.message), /bono_round/);
});

test('one unfinished job per key and a bounded number running, counted across processes; the oldest finished forgotten', async () => {
  const here = runner(t.db).queue(spec<number>('exports'));
  const there = runner(other).queue(spec<number>('exports'));
  const first = held<number>();
  const a = await admitted(here, start('round:1'), () => first.promise.then(ok));
  assert.deepEqual(await there.start(start('round:1'), async () => ok(0)), {
    ok: false,
    error: { code: 'key_busy', label: 'round:1' },
  });
  assert.equal((await there.runningWith('round:1'))?.id, a.id);
  const second = held<number>();
  await admitted(there, start('round:2'), () => second.promise.then(ok));
  assert.deepEqual(await here.start(start(), async () => ok(0)), {
    ok: false,
    error: { code: 'busy', running: 2 },
  });
  first.resolve(1);
  await until(
    () => there.runningWith('round:1'),
    (j) => j === undefined,
    'the key is free once the job ends',
  );
  const again = await admitted(there, start('round:1'), async () => ok(2));
  await until(
    () => here.get(again.id),
    (j) => j?.state === 'succeeded',
    'the second job of the key ends',
  );
  // Three finished jobs are remembered: with two more, the oldest finished one is forgotten; a
  // running job never is.
  for (const n of [3, 4]) {
    const j = await admitted(here, start(), async () => ok(n));
    await until(
      () => here.get(j.id),
      (x) => x?.state === 'succeeded',
      'a job ends',
    );
  }
  await admitted(here, start(), async () => ok(5));
  assert.equal(await there.get(a.id), undefined, 'the oldest finished job is forgotten');
  assert.ok(await there.runningWith('round:2'), 'the running job is kept');
  second.resolve(6);
});

test('progress is written at most once per interval, and the last report always', async () => {
  let writes = 0;
  const counting: Database = {
    ...t.db,
    query: (text, params) => {
      if (/UPDATE job SET progress =/.test(text)) writes++;
      return t.db.query(text, params);
    },
  } as Database;
  const jobs = runner(counting, { progressWriteMs: 200 }).queue(spec<number>('throttled'));
  const op = held<number>();
  let report: (p: Progress) => void = () => {};
  const job = await admitted(jobs, start(), (r) => {
    report = r;
    return op.promise.then(ok);
  });
  // An importer reports once per chunk: here thousands of reports in a second.
  const began = Date.now();
  let reports = 0;
  while (Date.now() - began < 1_000) {
    report({ step: 'load', done: ++reports, total: 1_000_000 });
    await tick();
  }
  const seenWhileRunning = await jobs.get(job.id);
  op.resolve(reports);
  const done = await until(
    () => jobs.get(job.id),
    (j) => j?.state === 'succeeded',
    'the job ends',
  );
  assert.ok(reports > 500, `many reports (${reports})`);
  assert.ok(writes >= 2, `progress was written while it ran (${writes})`);
  assert.ok(writes <= 1_000 / 200 + 2, `${writes} writes for ${reports} reports, at most one per 200 ms`);
  assert.ok((seenWhileRunning?.done ?? 0) > 0, 'the page saw progress while it ran');
  assert.equal(done?.done, reports, 'the last report is written with the job’s end');
});

test('a job whose process died is shown interrupted, with nothing held, and its key is free again', async () => {
  const held = await holdAJob(t.url, 'dead', 'round', '2021-02-01', 'round');
  const id = held.id;
  const staleAfterMs = 1_000;
  const jobs = runner(t.db, { staleAfterMs }).queue(spec<never>('dead'));
  // Alive, it beats (every 100 ms): longer than the stale limit, it is still running.
  await sleep(staleAfterMs * 1.5);
  const alive = await jobs.get(id);
  assert.equal(alive?.state, 'running');
  assert.deepEqual(alive?.progress, { phase: 'load', bytesRead: 40, totalBytes: 100, rowsRead: 1234 });
  assert.deepEqual(await jobs.start(start('round'), async () => ok(0 as never)), {
    ok: false,
    error: { code: 'key_busy', label: '2021-02-01' },
  });

  await held.kill();
  const dead = await until(
    () => jobs.get(id),
    (j) => j?.state !== 'running',
    'the dead process’s job is seen interrupted',
  );
  assert.equal(dead?.state, 'failed');
  assert.equal(dead?.error?.code, 'job_interrupted');
  assert.deepEqual(dead?.error, { code: 'job_interrupted', cause: 'no_heartbeat' });
  assert.deepEqual(await jobs.active(), []);
  // Its key is free: a new job takes it, and the dead one is now recorded as interrupted.
  const next = await admitted(jobs, start('round'), async () => ok(0 as never));
  const [row] = await t.db.query<{ state: string; error_code: string }>(
    'SELECT state, error_code FROM job WHERE id = $1',
    [id],
  );
  assert.deepEqual({ ...row }, { state: 'failed', error_code: 'job_interrupted' });
  assert.ok(await jobs.get(next.id));
});

test('shutdown takes no new job, waits for the running ones until the deadline, then marks the rest interrupted', async () => {
  const r = runner(t.db);
  const jobs = r.queue(spec<number>('drained'));
  const quick = held<number>();
  const stuck = held<number>();
  const ends = await admitted(jobs, start(), () => quick.promise.then(ok));
  const hangs = await admitted(jobs, start(), () => stuck.promise.then(ok));
  assert.equal(r.runningHere, 2);
  const began = Date.now();
  const closing = r.close(600);
  assert.deepEqual(await jobs.start(start(), async () => ok(0)), {
    ok: false,
    error: { code: 'jobs_shutting_down' },
  });
  setTimeout(() => quick.resolve(1), 100);
  const drain = await closing;
  const took = Date.now() - began;
  assert.ok(took >= 550 && took < 3_000, `closing took ${took} ms for a 600 ms deadline`);
  assert.deepEqual(drain, { finished: 1, interrupted: [hangs.id] });
  assert.equal((await jobs.get(ends.id))?.state, 'succeeded');
  const interrupted = await jobs.get(hangs.id);
  assert.equal(interrupted?.state, 'failed');
  assert.equal(interrupted?.error?.code, 'job_interrupted');
  assert.deepEqual(interrupted?.error, { code: 'job_interrupted', cause: 'shutdown' });
  // The operation given up on ends later: what shutdown recorded stands.
  stuck.resolve(2);
  await sleep(50);
  assert.equal((await jobs.get(hangs.id))?.state, 'failed');
  assert.equal(await r.close(), drain, 'closing again gives the first answer');
});

test('a shutdown with nothing running returns at once', async () => {
  const began = Date.now();
  assert.deepEqual(await runner(t.db).close(30_000), { finished: 0, interrupted: [] });
  assert.ok(Date.now() - began < 1_000);
});
