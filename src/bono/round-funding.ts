import type { Sql } from '../db/database.ts';
import { BOB_LEDGER, createTransfers } from '../ledger/index.ts';
import type { BonoAccounts } from './bono.accounts.ts';
import { splitByShares } from './operations.ts';

/**
 * A round's money between the funding lines and entitlements payable: its total goes in when it is
 * approved, what was not collected goes back when it expires. One transfer per funding line, in the
 * lines' shares, with ids naming the round and the move, so a retried approval or expiry moves
 * nothing twice.
 */

const MOVES = {
  fund: { idPrefix: 'bono:fund', code: 'bono.fund', failure: 'funding' },
  expire: { idPrefix: 'bono:expire', code: 'bono.expiry', failure: 'expiring' },
} as const;

/**
 * Moves `amountCentavos` of round `roundId` from the funding lines to payable (`fund`) or back
 * (`expire`), in the caller's transaction; a line whose share is nothing gets no transfer. A
 * refusal by the ledger is a bug (the accounts exist and payable cannot go below zero by design),
 * so it throws.
 *
 * @example await moveRoundFunds(tx, accounts, 'fund', { roundId: 3, amountCentavos: 100_000n, at });
 */
export async function moveRoundFunds(
  tx: Sql,
  accounts: BonoAccounts,
  move: keyof typeof MOVES,
  input: { roundId: number; amountCentavos: bigint; at: Date },
): Promise<void> {
  const { idPrefix, code, failure } = MOVES[move];
  const parts = splitByShares(input.amountCentavos, accounts.funding);
  const results = await createTransfers(
    tx,
    accounts.funding
      .map((line, i) => ({
        kind: 'single_phase' as const,
        id: `${idPrefix}:${input.roundId}:${line.code}`,
        debitAccountId: move === 'fund' ? line.id : accounts.payable,
        creditAccountId: move === 'fund' ? accounts.payable : line.id,
        amount: parts[i]!,
        ledger: BOB_LEDGER,
        code,
        userData64: BigInt(input.roundId),
        occurredAt: input.at,
      }))
      .filter((t) => t.amount > 0n),
  );
  for (const r of results)
    if (r.result !== 'ok' && r.result !== 'exists')
      throw new Error(`${failure} round ${input.roundId} failed in the ledger: ${r.result}`);
}
