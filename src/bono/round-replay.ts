import type { Database } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { RegistryState } from './bono.types.ts';
import type { RoundNotFound } from './round.failures.ts';
import {
  createReplayEntitlements,
  entitledPersonIds,
  REPLAY_PERSON_TABLE,
  reconstructRegistry,
  replayDifferences,
  replayEntitlementGroups,
  roundEntitlementGroups,
} from './round.repository.ts';
import { getRound } from './round.service.ts';
import { entitlementSelect, frozenRoundRules, roundHeader, summarise } from './round-snapshot.ts';

export interface Replay {
  roundId: number;
  storedHash: string;
  /** The hash recomputed from the snapshot (rules, parameters, registry as it was). */
  contentHash: string;
  /** The hash of the entitlement rows as they are stored now: differs if a frozen row was altered. */
  rowsHash: string;
  /** Both hashes equal the stored one. */
  matches: boolean;
  rulesVersionMatches: boolean;
  /** Persons whose recomputed row differs from the frozen one (at most 20 listed). */
  differences: { personId: string; frozen: string | null; replayed: string | null }[];
}

/**
 * Replays a round from its snapshot: the same rules and parameters on the same date, the same
 * source-list snapshots, and the registry as it was when frozen (persons imported later are left
 * out, values changed later are put back from person_history), into a temporary table; then the
 * same totals and hash. A supplementary round replays over its persons only.
 *
 * @example const r = await replayRound(db, 3); // r.ok && r.value.matches === true
 */
export async function replayRound(db: Database, roundId: number): Promise<Result<Replay, RoundNotFound>> {
  return db.transaction(async (tx): Promise<Result<Replay, RoundNotFound>> => {
    const round = await getRound(tx, roundId);
    if (!round) return fail({ code: 'round_not_found', roundId });
    const state = round.registryState as RegistryState & { personHistoryId: number };
    await reconstructRegistry(tx, state.personImportId, state.personHistoryId ?? 0);
    const persons = round.kind === 'supplementary' ? await entitledPersonIds(tx, roundId) : undefined;
    const { sql, rulesVersion } = entitlementSelect(frozenRoundRules(round.asOf), state, {
      personTable: REPLAY_PERSON_TABLE,
      ...(persons ? { personIdsParam: '$1' } : {}),
    });
    await createReplayEntitlements(tx, sql, persons);
    const sum = summarise(
      await replayEntitlementGroups(tx),
      roundHeader(round.kind, round.asOf, rulesVersion),
    );
    const rows = summarise(
      await roundEntitlementGroups(tx, roundId),
      roundHeader(round.kind, round.asOf, round.rulesVersion),
    );
    const differences = await replayDifferences(tx, roundId);
    return ok({
      roundId,
      storedHash: round.contentHash,
      contentHash: sum.contentHash,
      rowsHash: rows.contentHash,
      matches: sum.contentHash === round.contentHash && rows.contentHash === round.contentHash,
      rulesVersionMatches: rulesVersion === round.rulesVersion,
      differences: differences.map((d) => ({
        personId: d.person_id,
        frozen: d.frozen,
        replayed: d.replayed,
      })),
    });
  });
}
