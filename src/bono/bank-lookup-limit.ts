import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../shared/log.ts';
import { throttleRefusals } from '../shared/metrics.ts';

/**
 * The limit on a bank credential's look-ups that find nobody entitled. A bank verifies and pays
 * people who stand at its counters with their identity card; a credential that keeps naming people
 * who are not entitled, or nobody at all, is guessing — one credential once answered 2,000 dates of
 * birth in 5 seconds. So each credential has a budget of such misses per minute (a token bucket:
 * `missesPerMinute` at once, refilled at that rate). Every verification and payout takes a place
 * before its person is looked up — synchronously, so in this process no two requests can both
 * take the last place — and gives it back when the person is entitled: a bank's real traffic,
 * payouts by the thousand, never uses the budget up. Once it is used up, every look-up of that
 * credential is refused until it refills, since which one would be entitled is not known before
 * the look-up.
 *
 * The count is per server process, kept in memory (it must cost nothing next to a payout, and a
 * row per credential in the database would make every payout of a bank wait for the previous
 * one). With N processes on one port (`ayni start --workers N`) each keeps its share of the budget
 * (`budgetShare`), so together they let no more misses through than the limit. The first refusal
 * of an episode is reported (`recordCredentialLimited`); `counters()` is what a metrics endpoint
 * exports.
 *
 * @example
 *   const limit = new BankLookupLimit(120);
 *   const place = limit.take(principal.id, principal.organisation, now);
 *   if (!place.admitted) … 429 with Retry-After: place.retryAfterSeconds
 *   const v = await verifyForBank(db, person, now); place.settle(v.eligible);
 */
export class BankLookupLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly missesPerMinute: number) {
    if (!(Number.isInteger(missesPerMinute) && missesPerMinute >= 1))
      throw new Error(`missesPerMinute must be a whole number ≥ 1, not ${missesPerMinute}`);
  }

  /**
   * Takes a look-up's place in the credential's budget, before the look-up. `settle(true)` gives
   * it back (the person was entitled, or nothing about a person was answered); `settle(false)`
   * keeps it as a miss. Refused: when another place is free, and whether this refusal starts an
   * episode that should be reported.
   */
  take(credentialId: string, organisation: string | null, at: Date): LookupPlace | LookupRefusal {
    const now = at.getTime();
    const bucket = this.buckets.get(credentialId) ?? this.newBucket(credentialId, organisation, now);
    const perMs = this.missesPerMinute / 60_000;
    // A clock set back (a test, a simulated clock moved) refills nothing.
    bucket.places = Math.min(
      this.missesPerMinute,
      bucket.places + Math.max(0, now - bucket.refilledAt) * perMs,
    );
    bucket.refilledAt = Math.max(bucket.refilledAt, now);
    if (bucket.places < 1) {
      bucket.refused += 1;
      throttleRefusals.inc({ limit: 'bank_credential' });
      const startsEpisode = bucket.lastRefusedAt === null || now - bucket.lastRefusedAt >= 60_000;
      bucket.lastRefusedAt = now;
      return {
        admitted: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.places) / perMs / 1000)),
        startsEpisode,
      };
    }
    bucket.places -= 1;
    bucket.checked += 1;
    let settled = false;
    return {
      admitted: true,
      settle: (hit: boolean) => {
        if (settled) return;
        settled = true;
        if (hit) bucket.places = Math.min(this.missesPerMinute, bucket.places + 1);
        else bucket.misses += 1;
      },
    };
  }

  private newBucket(credentialId: string, organisation: string | null, now: number): Bucket {
    const bucket: Bucket = {
      organisation,
      places: this.missesPerMinute,
      refilledAt: now,
      checked: 0,
      misses: 0,
      refused: 0,
      lastRefusedAt: null,
    };
    this.buckets.set(credentialId, bucket);
    return bucket;
  }

  /**
   * Per credential since this process started: look-ups checked, misses among them, look-ups
   * refused, and the last refusal.
   *
   * @example limit.counters() // [{ credentialId: 'ak_…', organisation: 'BUNIBOLX', checked: 20, misses: 20, refused: 180, lastRefusedAt: … }]
   */
  counters(): BankLookupCounters[] {
    return [...this.buckets].map(([credentialId, b]) => ({
      credentialId,
      organisation: b.organisation,
      checked: b.checked,
      misses: b.misses,
      refused: b.refused,
      lastRefusedAt: b.lastRefusedAt === null ? null : new Date(b.lastRefusedAt),
    }));
  }
}

/**
 * One process's share of a credential's budget when `processes` server processes share a port
 * (node:cluster spreads connections among them): the budget divided among them, rounded down, at
 * least one each — so N processes together never admit more misses a minute than the limit (but
 * for a limit below N, where each still admits one).
 *
 * @example budgetShare(120, 4) // 30
 */
export function budgetShare(missesPerMinute: number, processes: number): number {
  if (!(Number.isInteger(processes) && processes >= 1))
    throw new Error(`processes must be a whole number ≥ 1, not ${processes}`);
  return Math.max(1, Math.floor(missesPerMinute / processes));
}

export interface BankLookupCounters {
  credentialId: string;
  organisation: string | null;
  checked: number;
  misses: number;
  refused: number;
  lastRefusedAt: Date | null;
}

/** A look-up let through: settle it once its answer is known. */
export interface LookupPlace {
  admitted: true;
  /** `true`: the person was entitled (or nothing was answered): the place is given back. */
  settle(hit: boolean): void;
}

export interface LookupRefusal {
  admitted: false;
  retryAfterSeconds: number;
  /** The first refusal after a minute without any: report it. */
  startsEpisode: boolean;
}

interface Bucket {
  organisation: string | null;
  places: number;
  refilledAt: number;
  checked: number;
  misses: number;
  refused: number;
  lastRefusedAt: number | null;
}

/**
 * Reports a credential that went over its limit: a line in the server's log for whoever watches it,
 * and `credential.limited` in the audit trail, which auditors read and every server process shares.
 * Once per episode, so a flood of refusals cannot flood the trail.
 *
 * @example if (!place.admitted && place.startsEpisode) await recordCredentialLimited(db, requestLog(c), { credentialId, organisation, missesPerMinute: 120, at });
 */
export async function recordCredentialLimited(
  db: Database,
  log: Logger,
  e: { credentialId: string; organisation: string | null; missesPerMinute: number; at: Date },
): Promise<void> {
  log.warn(
    { credentialId: e.credentialId, organisation: e.organisation, missesPerMinute: e.missesPerMinute },
    `bank API: credential ${e.credentialId} (${e.organisation ?? 'no organisation'}) went over ${e.missesPerMinute} look-ups a minute that found nobody entitled; its look-ups are refused until the rate falls. Revoke it if it is guessing: ayni credentials revoke ${e.credentialId}`,
  );
  await appendAudit(db, {
    at: e.at,
    actor: 'system',
    action: 'credential.limited',
    entityType: 'api_credential',
    entityId: e.credentialId,
    after: { organisation: e.organisation, missesPerMinute: e.missesPerMinute },
  });
}
