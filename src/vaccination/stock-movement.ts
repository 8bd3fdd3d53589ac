import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import {
  type CreateTransferResult,
  createTransfers,
  getAccounts,
  isTransferId,
  type Transfer,
  transactionWithRetry,
} from '../ledger/index.ts';
import { assert } from '../shared/assert.ts';
import type { IsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { selectLocations } from './location.repository.ts';
import { selectLots } from './lot.repository.ts';
import {
  openAccounts,
  type SinkKind,
  SUPPLIED_ACCOUNT,
  sinkAccountCode,
  stockAccountCode,
} from './stock-accounts.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import {
  DOSE_LEDGER,
  type Location,
  type Lot,
  type MovementKind,
  NATIONAL_WAREHOUSE,
} from './vaccination.types.ts';

/**
 * Movements of doses, each one transfer on the DOSE ledger whose id the caller chooses and reuses
 * on a retry (`vaccination:<id>`): a retry finds the transfer recorded and moves nothing again.
 * - receipt: a delivery into the national warehouse;
 * - transfer: between two locations (warehouse → SEDES → site, or back);
 * - administered: a dose given at a site (the nominal registry calls `moveStock` in its own
 *   transaction, beside the dose record);
 * - wasted: doses lost (opened vials at the day's end, a broken cold chain);
 * - expired: a lot's remaining doses written off after its expiry date.
 * A lot past its expiry date moves only as expired. The ledger refuses a movement that would
 * leave a stock account negative, however many movements race for it.
 */

/** A movement as a caller asks for it. */
export interface MovementInput {
  /** Chosen by the caller, reused on a retry: 1–116 characters of `A–Z a–z 0–9 : . _ - / @`. */
  id: string;
  kind: MovementKind;
  lotId: bigint;
  doses: bigint;
  /** Location code the doses leave (all kinds but receipt). */
  from?: string;
  /** Location code the doses reach (receipt: the national warehouse when omitted; transfer). */
  to?: string;
  /** The day of the movement, on Bolivia's calendar: the lot's expiry is checked against it. */
  on: IsoDate;
  occurredAt: Date;
  /** The person vaccinated (administered): the column the ledger would be distributed by. */
  personId?: bigint;
}

/** A movement as recorded. */
export interface Movement {
  id: string;
  kind: MovementKind;
  lotId: bigint;
  doses: bigint;
  from: string | null;
  to: string | null;
  occurredAt: Date;
  /** True when this call found the movement already recorded (a retry): nothing moved again. */
  replayed: boolean;
}

/** The ledger's transfer id of a movement. @example movementTransferId('r-2021-01-28') // 'vaccination:r-2021-01-28' */
export function movementTransferId(id: string): string {
  return `vaccination:${id}`;
}

const SINK_OF: Partial<Record<MovementKind, SinkKind>> = {
  administered: 'administered',
  wasted: 'wasted',
  expired: 'expired',
};

function invalid(
  id: string,
  problem: Extract<VaccinationFailure, { code: 'movement_invalid' }>['problem'],
): Result<never, VaccinationFailure> {
  return fail({ code: 'movement_invalid', movementId: id, problem });
}

/** The checks that need no database: the id, the count, the lot's expiry, the locations' kinds. */
function refusal(
  input: MovementInput,
  lot: Lot,
  from: Location | undefined,
  to: Location | undefined,
): Result<never, VaccinationFailure> | undefined {
  if (input.doses <= 0n) return invalid(input.id, 'doses_not_positive');
  if (input.kind === 'expired') {
    if (input.on <= lot.expiresOn) return invalid(input.id, 'not_expired_yet');
  } else if (input.on > lot.expiresOn) {
    return fail({ code: 'lot_expired', lotId: lot.id, expiresOn: lot.expiresOn, on: input.on });
  }
  if (input.kind === 'receipt' && to?.kind !== 'national_warehouse')
    return invalid(input.id, 'wrong_location_kind');
  if (input.kind === 'administered' && from?.kind !== 'site') return invalid(input.id, 'wrong_location_kind');
  if (input.kind === 'transfer' && from?.id === to?.id) return invalid(input.id, 'same_location');
  return undefined;
}

/**
 * Records one movement inside the caller's transaction (call it once per transaction: the ledger
 * locks accounts in order only within one call). Not audited here: `recordMovement` audits, and the
 * nominal registry audits the dose it records with it.
 *
 * @example
 *   const r = await moveStock(tx, { id: `dose:${personId}:1`, kind: 'administered', lotId, doses: 1n,
 *     from: 'site-lp-umsa', on: '2021-04-27', occurredAt: now, personId });
 */
export async function moveStock(
  tx: Sql,
  input: MovementInput,
): Promise<Result<Movement, VaccinationFailure>> {
  const transferId = movementTransferId(input.id);
  if (!isTransferId(transferId) || input.id.length > 116) return invalid(input.id, 'id_format');
  const [lot] = await selectLots(tx, [input.lotId]);
  if (!lot) return fail({ code: 'lot_not_found', lotId: input.lotId });
  const fromCode = input.kind === 'receipt' ? undefined : input.from;
  const toCode =
    input.kind === 'receipt'
      ? (input.to ?? NATIONAL_WAREHOUSE)
      : input.kind === 'transfer'
        ? input.to
        : undefined;
  if (input.kind !== 'receipt' && fromCode === undefined)
    return fail({ code: 'vaccination_input_invalid', field: 'from', problem: 'missing' });
  if (input.kind === 'transfer' && toCode === undefined)
    return fail({ code: 'vaccination_input_invalid', field: 'to', problem: 'missing' });
  const codes = [fromCode, toCode].filter((c): c is string => c !== undefined);
  const found = new Map((await selectLocations(tx, codes)).map((l) => [l.code, l]));
  for (const code of codes) if (!found.has(code)) return fail({ code: 'location_not_found', location: code });
  const from = fromCode === undefined ? undefined : found.get(fromCode);
  const to = toCode === undefined ? undefined : found.get(toCode);
  const refused = refusal(input, lot, from, to);
  if (refused) return refused;

  const sink = SINK_OF[input.kind];
  const accounts = await openAccounts(
    tx,
    {
      stock: [from, to]
        .filter((l): l is Location => l !== undefined)
        .map((location) => ({ location, lotId: lot.id })),
      sinks: sink && from ? [{ kind: sink, location: from }] : [],
      supplied: input.kind === 'receipt',
    },
    input.occurredAt,
  );
  const debitCode = from ? stockAccountCode(from.code, lot.id) : SUPPLIED_ACCOUNT;
  const creditCode = to ? stockAccountCode(to.code, lot.id) : sinkAccountCode(sink!, from!.code);
  const debit = accounts.get(debitCode)!;
  const credit = accounts.get(creditCode)!;
  const [result] = await createTransfers(tx, [
    {
      id: transferId,
      debitAccountId: debit.id,
      creditAccountId: credit.id,
      amount: input.doses,
      ledger: DOSE_LEDGER,
      code: `vaccination.${input.kind}`,
      occurredAt: input.occurredAt,
      userData64: lot.id,
      ...(input.personId === undefined ? {} : { personId: input.personId }),
    },
  ]);
  assert(result, 'the ledger answers every transfer');
  return outcome(tx, input, result, from, to, debit.id);
}

async function outcome(
  tx: Sql,
  input: MovementInput,
  result: CreateTransferResult,
  from: Location | undefined,
  to: Location | undefined,
  debitAccountId: bigint,
): Promise<Result<Movement, VaccinationFailure>> {
  const movement = (t: Transfer, replayed: boolean): Movement => ({
    id: input.id,
    kind: input.kind,
    lotId: input.lotId,
    doses: t.amount,
    from: from?.code ?? null,
    to: to?.code ?? null,
    occurredAt: t.occurredAt,
    replayed,
  });
  switch (result.result) {
    case 'ok':
      return ok(movement(result.transfer, false));
    case 'exists':
      return ok(movement(result.transfer, true));
    case 'exists_with_different_fields':
      return fail({ code: 'movement_conflict', movementId: input.id });
    case 'exceeds_credits': {
      const [account] = await getAccounts(tx, [debitAccountId]);
      assert(account, 'the debited account exists');
      return fail({
        code: 'stock_insufficient',
        location: from?.code ?? '',
        lotId: input.lotId,
        availableDoses: account.creditsPosted - account.debitsPosted - account.debitsPending,
        requestedDoses: input.doses,
      });
    }
    default:
      // Every other refusal (a bad amount, an overflow) is ruled out above: reaching here is a bug.
      throw new Error(`vaccination movement ${input.id}: the ledger refused it: ${result.result}`);
  }
}

/**
 * Records a movement in a transaction of its own (retried on a deadlock or a race), with its audit
 * entry — written only when the movement is new, so a retry leaves one entry.
 *
 * @example
 *   await recordMovement(db, { id: 'transfer:2021-04-26:sedes-2:1', kind: 'transfer', lotId, doses: 12_000n,
 *     from: 'national-warehouse', to: 'sedes-2', on: '2021-04-26', occurredAt: now }, 'account:ana')
 */
export async function recordMovement(
  db: Database,
  input: MovementInput,
  actor: Actor,
): Promise<Result<Movement, VaccinationFailure>> {
  return transactionWithRetry(db, async (tx) => {
    const r = await moveStock(tx, input);
    if (r.ok && !r.value.replayed) {
      await appendAudit(tx, {
        at: input.occurredAt,
        actor,
        action: `vaccination_stock.${input.kind}`,
        entityType: 'vaccination_movement',
        entityId: input.id,
        after: {
          kind: r.value.kind,
          lotId: r.value.lotId,
          doses: r.value.doses,
          from: r.value.from,
          to: r.value.to,
          on: input.on,
        },
      });
    }
    return r;
  });
}
