import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { BOB_LEDGER, createTransfers } from '../ledger/index.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import { ensureBonoAccounts } from './bono.accounts.ts';
import type { Round } from './bono.types.ts';
import { splitByShares } from './operations.ts';
import { getRound } from './round.service.ts';

/**
 * The end of a round: once every entitlement's legal collection period is over, what was not
 * collected goes back to the funding lines (one transfer per line, ids naming the round, so a
 * repeated expiry moves nothing twice) and the round is marked expired; no counter or deposit can
 * pay from it afterwards.
 */

export interface UnclaimedRow {
  departmentCode: number;
  band: string;
  entitled: number;
  entitledCentavos: bigint;
  paid: number;
  paidCentavos: bigint;
  unclaimed: number;
  unclaimedCentavos: bigint;
}

/** Entitled, paid and unclaimed by department and age band. */
export async function unclaimedReport(sql: Sql, roundId: number): Promise<UnclaimedRow[]> {
  const rows = await sql.query<{
    department_code: number;
    band: string;
    entitled: number;
    entitled_a: string;
    paid: number;
    paid_a: string;
  }>(
    `SELECT e.department_code::int AS department_code, e.band, count(*)::int AS entitled,
            sum(e.amount_centavos)::text AS entitled_a,
            count(p.id)::int AS paid, coalesce(sum(p.amount_centavos), 0)::text AS paid_a
     FROM bono_entitlement e
     LEFT JOIN bono_payment p ON p.person_id = e.person_id AND p.round_id = e.round_id AND p.reversed_at IS NULL
     WHERE e.round_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [roundId],
  );
  return rows.map((r) => ({
    departmentCode: r.department_code,
    band: r.band,
    entitled: r.entitled,
    entitledCentavos: BigInt(r.entitled_a),
    paid: r.paid,
    paidCentavos: BigInt(r.paid_a),
    unclaimed: r.entitled - r.paid,
    unclaimedCentavos: BigInt(r.entitled_a) - BigInt(r.paid_a),
  }));
}

/**
 * Expires an approved round after its collection period. Refused before the last deadline, and
 * while deposits are in flight (import the banks' replies first: an accepted deposit is a payment).
 */
export async function expireRound(
  db: Database,
  input: { roundId: number; actor: Actor; at: Date },
): Promise<{ round: Round; returnedCentavos: bigint; unclaimed: number }> {
  const accounts = await ensureBonoAccounts(db, input.at);
  return db.transaction(async (tx) => {
    const [locked] = await tx.query<{ status: string; last: string }>(
      `SELECT r.status, to_char(max(e.deadline), 'YYYY-MM-DD') AS last FROM bono_round r
       LEFT JOIN bono_entitlement e ON e.round_id = r.id WHERE r.id = $1 GROUP BY r.status`,
      [input.roundId],
    );
    if (!locked) throw new UserError('round_not_found', `There is no round ${input.roundId}.`);
    await tx.query('SELECT id FROM bono_round WHERE id = $1 FOR UPDATE', [input.roundId]);
    if (locked.status !== 'approved')
      throw new UserError(
        'round_not_approved',
        `Round ${input.roundId} is ${locked.status}; only an approved round expires.`,
      );
    const today = toIsoDateInBolivia(input.at);
    if (locked.last !== null && today <= locked.last)
      throw new UserError(
        'collection_period_open',
        `Round ${input.roundId} can be collected until ${locked.last}; expire it from the day after.`,
      );
    const [flight] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bono_deposit WHERE round_id = $1 AND state = 'sent'`,
      [input.roundId],
    );
    if (flight && flight.n > 0)
      throw new UserError(
        'deposits_in_flight',
        `${flight.n} deposit(s) of round ${input.roundId} await the bank's reply: import the pain.002 or camt.054 files first (ayni bono import-status FILE).`,
      );
    const report = await unclaimedReport(tx, input.roundId);
    const unclaimedCentavos = report.reduce((s, r) => s + r.unclaimedCentavos, 0n);
    const unclaimed = report.reduce((s, r) => s + r.unclaimed, 0);
    if (unclaimedCentavos > 0n) {
      const parts = splitByShares(unclaimedCentavos, accounts.funding);
      const results = await createTransfers(
        tx,
        accounts.funding
          .map((line, i) => ({
            kind: 'single_phase' as const,
            id: `bono:expire:${input.roundId}:${line.code}`,
            debitAccountId: accounts.payable,
            creditAccountId: line.id,
            amount: parts[i]!,
            ledger: BOB_LEDGER,
            code: 'bono.expiry',
            userData64: BigInt(input.roundId),
            occurredAt: input.at,
          }))
          .filter((t) => t.amount > 0n),
      );
      for (const r of results)
        if (r.result !== 'ok' && r.result !== 'exists')
          throw new Error(`expiring round ${input.roundId} failed in the ledger: ${r.result}`);
    }
    await tx.query(`UPDATE bono_round SET status = 'expired', expired_at = $2 WHERE id = $1`, [
      input.roundId,
      input.at,
    ]);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono_round.expired',
      entityType: 'bono_round',
      entityId: input.roundId,
      before: { status: 'approved' },
      after: { status: 'expired', unclaimed, returnedCentavos: unclaimedCentavos },
    });
    const round = await getRound(tx, input.roundId);
    return { round: round!, returnedCentavos: unclaimedCentavos, unclaimed };
  });
}
