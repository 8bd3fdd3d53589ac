import type { Database } from '../db/database.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import type { Logger } from '../shared/log.ts';
import { keepPopulation } from './coverage.repository.ts';

/** How often the keeper looks whether today's population is kept: one indexed read of one row. */
export const KEEP_AHEAD_EVERY_MS = 5 * 60 * 1000;

/** A running keeper; `stop` ends it and waits for a count under way. */
export interface PopulationKeeper {
  /** Looks now (and counts if today is not kept); resolves when done. The timer calls it. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Counts the target population ahead, so that no officer (coverage) nor citizen (the transparency
 * portal) waits the 15-70 s of the count at 11.7 M persons: every `everyMs` it keeps today's
 * population (keepPopulation) when it is not kept — after a registry import, a correction, a
 * death or a merge forgot it (migration 0064's trigger), or when a new day begins. It polls
 * instead of being called by the importer: the registry does not know vaccination (imports go one
 * way), a write of persons from anywhere is caught, and an import never waits for the count in its
 * own transaction. A count under way blocks no write of persons, and writers never wait for each
 * other because of it (migration 0074: its advisory lock is taken with a try; a write meanwhile
 * only keeps it from being kept); while a writer is in flight (an import) no count starts, and the
 * next tick tries again. One count at a time.
 * For a server's lifetime, not a command's: a long command would count beside its own writes.
 *
 * @example const keeper = keepPopulationAhead(app.db, clockOf(app), { log }); … await keeper.stop();
 */
export function keepPopulationAhead(
  db: Database,
  now: () => Date,
  options: { everyMs?: number; log?: Logger } = {},
): PopulationKeeper {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= keepPopulation(db, toIsoDateInBolivia(now()))
      .catch((error: unknown) => {
        // The next tick tries again; a reading meanwhile counts for itself.
        if (!stopped) options.log?.warn({ err: error }, 'vaccination population not kept ahead');
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), options.everyMs ?? KEEP_AHEAD_EVERY_MS);
  // The keeper never holds a process open: the server's own listening does.
  timer.unref();
  return {
    tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
