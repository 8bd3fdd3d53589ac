import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import { paymentsByDay, paymentTotals } from './round.repository.ts';

export interface RoundProgress {
  roundId: number;
  entitled: { count: number; amountCentavos: bigint };
  paidCounter: { count: number; amountCentavos: bigint };
  paidDeposit: { count: number; amountCentavos: bigint };
  depositsInFlight: { count: number; amountCentavos: bigint };
  unpaid: { count: number; amountCentavos: bigint };
  byDay: { day: IsoDate; counter: number; deposit: number; amountCentavos: bigint }[];
}

/**
 * How far payment of a round has gone: by channel, in flight, unpaid, and per day in Bolivia.
 *
 * @example const progress = await roundProgress(db, 3); // progress.unpaid.count
 */
export async function roundProgress(sql: Sql, roundId: number): Promise<RoundProgress> {
  const { entitled, paidCounter, paidDeposit, depositsInFlight } = await paymentTotals(sql, roundId);
  const byDay = await paymentsByDay(sql, roundId);
  return {
    roundId,
    entitled,
    paidCounter,
    paidDeposit,
    depositsInFlight,
    unpaid: {
      count: entitled.count - paidCounter.count - paidDeposit.count,
      amountCentavos: entitled.amountCentavos - paidCounter.amountCentavos - paidDeposit.amountCentavos,
    },
    byDay,
  };
}
