import type { Sql } from '../db/database.ts';
import type { Round } from './bono.types.ts';
import { findRound, findRounds } from './round.repository.ts';

/**
 * Payment rounds: the bono's rules applied to the registry on a date, frozen with everything a
 * replay needs (round-freeze.ts), then approved by a second officer before any money moves
 * (maker-checker, round-approval.ts); replayed to prove the freeze (round-replay.ts) and followed
 * while they are paid (round-progress.ts). This file reads rounds and says what the audit trail
 * records of one.
 */

/**
 * A round, or null when there is none.
 *
 * @example const round = await getRound(db, 3);
 */
export function getRound(sql: Sql, id: number): Promise<Round | null> {
  return findRound(sql, id);
}

/**
 * Every round, the newest first.
 *
 * @example const rounds = await listRounds(db);
 */
export function listRounds(sql: Sql): Promise<Round[]> {
  return findRounds(sql);
}

/**
 * What the audit trail records of a round when it is frozen, approved or rejected.
 *
 * @example await appendAudit(tx, { …, before: roundAuditView(round), after: roundAuditView(approved) });
 */
export function roundAuditView(r: Round) {
  return {
    kind: r.kind,
    asOf: r.asOf,
    status: r.status,
    rulesVersion: r.rulesVersion,
    entitlementCount: r.entitlementCount,
    totalCentavos: r.totalCentavos,
    contentHash: r.contentHash,
    registryState: r.registryState,
    decidedBy: r.decidedBy,
  };
}
