import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../shared/log.ts';

/**
 * `ayni start --workers N`: N identical server processes on one port (node:cluster hands each new
 * connection to one of them), all on the same database. Nothing a request needs lives in a
 * process: sessions, citizen throttles, jobs and the simulated clock are in the database, and the
 * payout invariants are the database's (unique keys, row locks) — each process's payout desk
 * groups its own commits. The bank look-up limit (src/bono/bank-lookup-limit.ts) is kept per
 * process: each of N workers keeps 1/N of AYNI_BANK_MISSES_PER_MINUTE (`budgetShare`), so together
 * they admit no more than the limit (docs/scaling.md).
 *
 * This process (the primary) opens the database first (migrations, seed), forks the workers,
 * starts one again when one dies unexpectedly (at most `maxRestarts` times a minute), passes
 * SIGTERM and SIGINT on, and resolves with the exit code once every worker has ended.
 *
 * @example if (isClusterWorker()) … serve … else process.exitCode = await superviseWorkers(4, { log, say });
 */
export function superviseWorkers(
  count: number,
  options: { log: Logger; say: (line: string) => void; maxRestarts?: number },
): Promise<number> {
  const maxRestarts = options.maxRestarts ?? 10;
  let stopping = false;
  let failed = false;
  const restarts: number[] = [];
  const live = new Set<Worker>();
  return new Promise((resolve) => {
    const fork = () => {
      const worker = cluster.fork();
      live.add(worker);
      worker.on('exit', (code, signal) => {
        live.delete(worker);
        if (!stopping) {
          options.log.warn(
            { worker: worker.process.pid, code, signal },
            'a server worker ended: starting another',
          );
          const now = Date.now();
          restarts.push(now);
          while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
          if (restarts.length <= maxRestarts) fork();
          else {
            options.say(`ayni: workers keep ending (${restarts.length} in a minute): stopping.`);
            failed = true;
            stop('SIGTERM');
          }
        }
        if (stopping && live.size === 0) resolve(failed ? 1 : 0);
      });
    };
    const stop = (signal: NodeJS.Signals) => {
      stopping = true;
      for (const w of live) w.process.kill(signal);
      if (live.size === 0) resolve(failed ? 1 : 0);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    for (let i = 0; i < count; i++) fork();
    options.say(`ayni: ${count} server workers started (node:cluster, one port).`);
  });
}

/** Whether this process is a worker forked by `superviseWorkers`. */
export const isClusterWorker = (): boolean => cluster.isWorker;
