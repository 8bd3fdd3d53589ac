import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep, setImmediate as tick } from 'node:timers/promises';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { type JobQueueSpec, JobRunner, type JobRunnerOptions } from '../../src/jobs/index.ts';
import { UserError } from '../../src/shared/errors.ts';
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

function spec<R>(name: string): JobQueueSpec<Progress, R> {
  return {
    name,
    running: 2,
    remembered: 3,
    busy: () => new UserError('busy', 'Too many running.'),
    keyBusy: (j) => new UserError('key_busy', `${j.label} is running.`),
    measure: (p) => ({ done: p.done, total: p.total, message: p.step }),
  };
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
  const job = await here.start(start(), (r) => {
    report = r;
    return op.promise;
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

test('a refusal keeps its code, message and details; a bug keeps nothing and is logged', async () => {
  logged.length = 0;
  const jobs = runner(t.db).queue(spec<number>('refusals'));
  const refused = await jobs.start(start(), async () => {
    throw new UserError('regular_round_exists', 'Regular round 2 is approved.', { roundId: 2 });
  });
  const bug = await jobs.start(start(), async () => {
    throw new Error('relation "bono_round" does not exist');
  });
  const r = await until(
    () => jobs.get(refused.id),
    (j) => j?.state === 'failed',
    'the refusal is recorded',
  );
  assert.deepEqual(r?.error, {
    code: 'regular_round_exists',
    message: 'Regular round 2 is approved.',
    details: { roundId: 2 },
  });
  const b = await until(
    () => jobs.get(bug.id),
    (j) => j?.state === 'failed',
    'the bug is recorded',
  );
  assert.deepEqual(b?.error, { code: 'internal', message: '' });
  assert.equal(logged.length, 1);
  assert.equal(logged[0]?.fields['job'], bug.id);
  assert.match(String((logged[0]?.fields['err'] as Error | undefined)?.message), /bono_round/);
});

test('one unfinished job per key and a bounded number running, counted across processes; the oldest finished forgotten', async () => {
  const here = runner(t.db).queue(spec<number>('exports'));
  const there = runner(other).queue(spec<number>('exports'));
  const first = held<number>();
  const a = await here.start(start('round:1'), () => first.promise);
  await assert.rejects(
    there.start(start('round:1'), () => Promise.resolve(0)),
    (e: UserError) => e.code === 'key_busy' && /round:1 is running/.test(e.message),
  );
  assert.equal((await there.runningWith('round:1'))?.id, a.id);
  const second = held<number>();
  await there.start(start('round:2'), () => second.promise);
  await assert.rejects(
    here.start(start(), () => Promise.resolve(0)),
    (e: UserError) => e.code === 'busy',
  );
  first.resolve(1);
  await until(
    () => there.runningWith('round:1'),
    (j) => j === undefined,
    'the key is free once the job ends',
  );
  const again = await there.start(start('round:1'), () => Promise.resolve(2));
  await until(
    () => here.get(again.id),
    (j) => j?.state === 'succeeded',
    'the second job of the key ends',
  );
  // Three finished jobs are remembered: with two more, the oldest finished one is forgotten; a
  // running job never is.
  for (const n of [3, 4]) {
    const j = await here.start(start(), () => Promise.resolve(n));
    await until(
      () => here.get(j.id),
      (x) => x?.state === 'succeeded',
      'a job ends',
    );
  }
  await here.start(start(), () => Promise.resolve(5));
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
  const job = await jobs.start(start(), (r) => {
    report = r;
    return op.promise;
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
  await assert.rejects(
    jobs.start(start('round'), () => Promise.resolve(0 as never)),
    (e: UserError) => e.code === 'key_busy',
  );

  await held.kill();
  const dead = await until(
    () => jobs.get(id),
    (j) => j?.state !== 'running',
    'the dead process’s job is seen interrupted',
  );
  assert.equal(dead?.state, 'failed');
  assert.equal(dead?.error?.code, 'job_interrupted');
  assert.deepEqual((dead?.error as { details?: unknown } | undefined)?.details, { cause: 'no_heartbeat' });
  assert.deepEqual(await jobs.active(), []);
  // Its key is free: a new job takes it, and the dead one is now recorded as interrupted.
  const next = await jobs.start(start('round'), () => Promise.resolve(0 as never));
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
  const ends = await jobs.start(start(), () => quick.promise);
  const hangs = await jobs.start(start(), () => stuck.promise);
  assert.equal(r.runningHere, 2);
  const began = Date.now();
  const closing = r.close(600);
  await assert.rejects(
    jobs.start(start(), () => Promise.resolve(0)),
    (e: UserError) => e.code === 'jobs_shutting_down',
  );
  setTimeout(() => quick.resolve(1), 100);
  const drain = await closing;
  const took = Date.now() - began;
  assert.ok(took >= 550 && took < 3_000, `closing took ${took} ms for a 600 ms deadline`);
  assert.deepEqual(drain, { finished: 1, interrupted: [hangs.id] });
  assert.equal((await jobs.get(ends.id))?.state, 'succeeded');
  const interrupted = await jobs.get(hangs.id);
  assert.equal(interrupted?.state, 'failed');
  assert.equal(interrupted?.error?.code, 'job_interrupted');
  assert.deepEqual((interrupted?.error as { details?: unknown } | undefined)?.details, { cause: 'shutdown' });
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
