import { lockAuditTrail } from './audit/index.ts';
import { insertAnchorUnlessSet, readAnchorText, writeAnchorText } from './clock.repository.ts';
import type { Database, Sql } from './db/database.ts';
import type { ConfigFailure } from './shared/config.ts';
import { fail, ok, type Result } from './shared/failure.ts';

/**
 * The database's one clock. A simulated clock (a demonstration, training on 2020–21 data) is an
 * anchor the database keeps — a simulated instant and the real instant it was set at — and every
 * process that opens the database (server, CLI, workers) computes
 * `now = simulated + (real now − real)` from the same anchor. So two processes read one clock, a
 * restart does not start it again, and a CLI command after a web action is stamped later. Without
 * an anchor the clock is real time.
 *
 * Real time is each process's own `Date.now()`: the hosts of one database must keep their clocks
 * synchronised (NTP), as any timestamp they write already requires.
 */
export interface ClockAnchor {
  simulated: Date;
  real: Date;
}

/** How often an open app reads the anchor again, so a clock moved by another process applies here. */
export const CLOCK_REFRESH_MS = 5_000;

/** The stored anchor, or undefined when the database runs on real time. */
export async function readClockAnchor(db: Sql): Promise<ClockAnchor | undefined> {
  const text = await readAnchorText(db);
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as { simulated: string; real: string };
  return { simulated: new Date(parsed.simulated), real: new Date(parsed.real) };
}

/** The clock's reading at a real instant. @example clockReading(anchor, Date.now()) */
export function clockReading(anchor: ClockAnchor | undefined, realNowMs: number): Date {
  if (!anchor) return new Date(realNowMs);
  return new Date(anchor.simulated.getTime() + (realNowMs - anchor.real.getTime()));
}

const anchorValue = (simulated: Date, real: Date) =>
  JSON.stringify({ simulated: simulated.toISOString(), real: real.toISOString() });

/**
 * Starts a simulated clock at `simulated` unless the database already has one (the seed's
 * demonstration clock, or AYNI_CLOCK given before the seed ran).
 *
 * @example await startClockUnlessSet(db, new Date('2021-02-15T14:00:00Z'), new Date());
 */
export async function startClockUnlessSet(db: Sql, simulated: Date, realNow: Date): Promise<void> {
  await insertAnchorUnlessSet(db, anchorValue(simulated, realNow));
}

/**
 * Moves the database's clock to `to` (AYNI_CLOCK) for every process that opens it. Refused when
 * `to` is before the latest change the audit trail records: every change is recorded there with
 * the clock's time, so the trail would otherwise show later actions stamped before earlier ones.
 * The audit head is locked meanwhile, so no change can slip in between the check and the move.
 * Refused (`clock_backwards`), nothing is written.
 *
 * @example const moved = await moveClock(db, new Date('2021-01-05T10:00:00-04:00'), new Date()); // moved.ok
 */
export async function moveClock(
  db: Database,
  to: Date,
  realNow: Date,
): Promise<Result<ClockAnchor, ConfigFailure>> {
  return db.transaction(async (tx) => {
    const latestAt = await lockAuditTrail(tx);
    if (latestAt && to.getTime() < latestAt.getTime())
      return fail({
        code: 'clock_backwards',
        requested: to.toISOString(),
        latestChangeAt: latestAt.toISOString(),
      } as const);
    await writeAnchorText(tx, anchorValue(to, realNow));
    return ok({ simulated: to, real: realNow });
  });
}

/**
 * The anchor a process runs on when it opens the database. AYNI_CLOCK (`requested`) moves the
 * clock unless the database's clock was already set to that very instant: a process started again
 * with the same environment then goes on with the running clock instead of starting it again.
 * Fails as `moveClock` does.
 *
 * @example const anchor = await clockOnOpening(db, config.clockSetTo); // anchor.ok ? anchor.value : anchor.error.code
 */
export async function clockOnOpening(
  db: Database,
  requested: Date | undefined,
): Promise<Result<ClockAnchor | undefined, ConfigFailure>> {
  const stored = await readClockAnchor(db);
  if (!requested || stored?.simulated.getTime() === requested.getTime()) return ok(stored);
  return moveClock(db, requested, new Date());
}
