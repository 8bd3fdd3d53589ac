/**
 * A process that starts one back-office job on a database and never finishes it, for the tests of
 * a job whose process dies (test/jobs/job-runner.test.ts, test/web/durable-jobs.test.ts): it prints
 * the job's id once its first progress is written, and waits to be killed.
 *
 * Usage: node --import tsx test/helpers/hold-a-job.ts DATABASE_URL QUEUE KIND LABEL [KEY]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openPostgres } from '../../src/db/postgres.ts';
import { JobRunner } from '../../src/jobs/index.ts';

const [url, queue, kind, label, key] = process.argv.slice(2);
if (!url || !queue || !kind || !label)
  throw new Error('usage: hold-a-job.ts DATABASE_URL QUEUE KIND LABEL [KEY]');
const db = await openPostgres(url);
const runner = new JobRunner(db, {
  now: () => new Date(),
  heartbeatMs: 100,
  progressWriteMs: 0,
  log: { error: (fields, message) => process.stderr.write(`${message} ${String(fields['err'])}\n`) },
});
const jobs = runner.queue<{ phase: string; bytesRead: number; totalBytes: number; rowsRead: number }, never>({
  name: queue,
  running: 10,
  remembered: 10,
  busy: () => ({ code: 'busy' }),
  keyBusy: () => ({ code: 'key_busy' }),
  measure: (p) => ({ done: p.bytesRead, total: p.totalBytes, message: p.phase }),
});
const started = await jobs.start(
  { kind, label, ...(key ? { key } : {}), startedBy: 'account:rosa', startedAt: new Date() },
  (report) => {
    report({ phase: 'load', bytesRead: 40, totalBytes: 100, rowsRead: 1234 });
    return new Promise<never>(() => {});
  },
);
if (!started.ok) throw new Error(`the job was refused: ${started.error.code}`);
const job = started.value;
// The first progress is written at once; give it time to land before saying so.
await sleep(300);
process.stdout.write(`${job.id}\n`);
// Alive (and beating) until killed: the heartbeat's timer alone does not hold a process up.
setInterval(() => {}, 60_000);
