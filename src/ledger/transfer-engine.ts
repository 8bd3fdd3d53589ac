import { assert } from '../shared/assert.ts';
import { isInt8, isPrintable, isTransferCode, isTransferId, isValidDate } from './ledger.formats.ts';
import {
  type Balances,
  type CreateTransferResult,
  INT8_MAX,
  type PendingTransferInput,
  type ResolvePendingTransferInput,
  type SinglePhaseTransferInput,
  TRANSFER_KINDS,
  type Transfer,
  type TransferInput,
  type TransferKind,
  type TransferRefusal,
} from './ledger.types.ts';

/**
 * The decisions of `createTransfers`, without I/O: given the state the database holds for a batch
 * (the accounts, locked, and the transfers and unique keys the batch refers to), it decides each
 * transfer in order, exactly as if they were applied one by one, and says what to write. Deciding
 * in memory and writing once per batch is what makes a batch of a thousand transfers cost a handful
 * of statements instead of thousands.
 */

/** An account's rules and balances as locked for a batch. */
export interface AccountState extends Balances {
  id: bigint;
  ledger: string;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
}

/** What the database holds that a batch may read. Every transfer in it is already recorded. */
export interface BatchSnapshot {
  /** The accounts the batch touches, locked until the transaction ends. */
  accounts: ReadonlyMap<bigint, AccountState>;
  /** Recorded transfers: those with the batch's ids, those it refers to, those holding its keys. */
  transfers: ReadonlyMap<string, Transfer>;
  /** pending id → the transfer that posted or voided it. */
  resolutions: ReadonlyMap<string, Transfer>;
  /** transfer id → the transfer that reversed it. */
  reversals: ReadonlyMap<string, Transfer>;
  /** unique key → id of the live transfer holding it. */
  keyHolders: ReadonlyMap<string, string>;
}

/** What a batch decided and what must be written for it. */
export interface BatchOutcome {
  results: CreateTransferResult[];
  /** Transfers to insert (their `seq` is 0 until the database assigns it). */
  created: Transfer[];
  /** Keys to insert: key → the transfer now holding it. */
  keysClaimed: Map<string, Transfer>;
  /** Keys to delete: key → the transfer that held it. */
  keysReleased: Map<string, string>;
  /** Accounts whose balances changed, with their new balances. */
  changedAccounts: AccountState[];
}

/**
 * A batch touched a transfer whose accounts were not locked: it was recorded by another transaction
 * after this one read the references and before it locked the accounts. Retrying the transaction
 * reads it in time. `transactionWithRetry` retries it.
 */
export class LedgerRaceError extends Error {
  readonly code = 'ledger_race';
  constructor(message: string) {
    super(message);
    this.name = 'LedgerRaceError';
  }
}

function kindOf(t: TransferInput): TransferKind {
  return t.kind ?? 'single_phase';
}

const isResolve = (t: TransferInput): t is ResolvePendingTransferInput =>
  t.kind === 'post_pending' || t.kind === 'void_pending';

function amountRefusal(amount: unknown): TransferRefusal | undefined {
  if (amount === 0n) return 'amount_must_not_be_zero';
  if (typeof amount !== 'bigint' || amount < 0n || amount > INT8_MAX) return 'amount_out_of_range';
  return undefined;
}

/**
 * The checks that need nothing but the transfer itself, in the order they are made.
 *
 * @example validateTransfer({ ...payoutInput, id: '' }) // 'id_invalid'; a sound transfer gives undefined
 */
export function validateTransfer(t: TransferInput): TransferRefusal | undefined {
  if (!isTransferId(t.id)) return 'id_invalid';
  if (!TRANSFER_KINDS.includes(kindOf(t))) return 'kind_invalid';
  if (!isTransferCode(t.code)) return 'code_invalid';
  if (!isValidDate(t.occurredAt)) return 'timestamp_invalid';
  if (t.personId !== undefined && !(isInt8(t.personId) && t.personId > 0n)) return 'user_data_invalid';
  if (t.userData64 !== undefined && !isInt8(t.userData64)) return 'user_data_invalid';
  if (t.userDataText !== undefined && !(isPrintable(t.userDataText, 128) && t.userDataText !== '')) {
    return 'user_data_invalid';
  }
  if (isResolve(t)) {
    if (!isTransferId(t.pendingId)) return 'pending_id_invalid';
    if (t.pendingId === t.id) return 'pending_id_must_be_different';
    if (t.amount !== undefined) {
      const refusal = amountRefusal(t.amount);
      if (refusal) return refusal;
    }
    if (
      t.debitAccountId !== undefined &&
      t.creditAccountId !== undefined &&
      t.debitAccountId === t.creditAccountId
    ) {
      return 'accounts_must_be_different';
    }
    return undefined;
  }
  const refusal = amountRefusal(t.amount);
  if (refusal) return refusal;
  if (t.debitAccountId === t.creditAccountId) return 'accounts_must_be_different';
  if (t.uniqueKey !== undefined && !isTransferId(t.uniqueKey)) return 'unique_key_invalid';
  if (t.kind === 'pending') {
    if (t.expiresAt !== undefined && !(isValidDate(t.expiresAt) && t.expiresAt > t.occurredAt)) {
      return 'expires_at_must_follow_timestamp';
    }
  } else {
    const single = t as SinglePhaseTransferInput;
    if (single.reversesId !== undefined) {
      if (!isTransferId(single.reversesId)) return 'reverses_id_invalid';
      if (single.reversesId === t.id) return 'reverses_id_must_be_different';
    }
  }
  return undefined;
}

const sameTime = (a: Date | undefined | null, b: Date | null) =>
  (a ?? null) === null ? b === null : b !== null && a!.getTime() === b.getTime();

/**
 * Whether a retried transfer asks for what was recorded under its id. The time is not compared: a
 * retry made later, with the caller's clock read again, is still the same transfer. Fields a post
 * or void leaves out (taken from the pending transfer) are not compared either.
 *
 * @example sameTransfer({ ...payoutInput, occurredAt: later }, recordedPayout) // true
 */
export function sameTransfer(t: TransferInput, e: Transfer): boolean {
  if (kindOf(t) !== e.kind || t.code !== e.code) return false;
  if ((t.personId ?? null) !== e.personId || (t.userData64 ?? null) !== e.userData64) return false;
  if ((t.userDataText ?? null) !== e.userDataText) return false;
  if (isResolve(t)) {
    return (
      t.pendingId === e.pendingId &&
      (t.debitAccountId === undefined || t.debitAccountId === e.debitAccountId) &&
      (t.creditAccountId === undefined || t.creditAccountId === e.creditAccountId) &&
      (t.amount === undefined || t.amount === e.amount) &&
      (t.ledger === undefined || t.ledger === e.ledger)
    );
  }
  if (
    t.debitAccountId !== e.debitAccountId ||
    t.creditAccountId !== e.creditAccountId ||
    t.amount !== e.amount ||
    t.ledger !== e.ledger ||
    (t.uniqueKey ?? null) !== e.uniqueKey
  ) {
    return false;
  }
  if (t.kind === 'pending') return sameTime(t.expiresAt, e.expiresAt) && e.reversesId === null;
  return ((t as SinglePhaseTransferInput).reversesId ?? null) === e.reversesId && e.expiresAt === null;
}

type Outcome = CreateTransferResult;

/** The mutable state of one batch, with an undo log so that a failed linked chain leaves no trace. */
class BatchState {
  readonly accounts = new Map<bigint, AccountState>();
  readonly transfers: Map<string, Transfer>;
  readonly resolutions: Map<string, Transfer>;
  readonly reversals: Map<string, Transfer>;
  readonly keyHolders: Map<string, string>;
  private readonly undo: (() => void)[] = [];

  constructor(readonly snapshot: BatchSnapshot) {
    for (const [id, a] of snapshot.accounts) this.accounts.set(id, { ...a });
    this.transfers = new Map(snapshot.transfers);
    this.resolutions = new Map(snapshot.resolutions);
    this.reversals = new Map(snapshot.reversals);
    this.keyHolders = new Map(snapshot.keyHolders);
  }

  mark(): number {
    return this.undo.length;
  }

  rollback(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()!();
  }

  commit(): void {
    this.undo.length = 0;
  }

  private setIn<K, V>(map: Map<K, V>, key: K, value: V | undefined): void {
    const had = map.has(key);
    const previous = map.get(key);
    if (value === undefined) map.delete(key);
    else map.set(key, value);
    this.undo.push(() => {
      if (had) map.set(key, previous as V);
      else map.delete(key);
    });
  }

  private adjust(account: AccountState, field: keyof Balances, delta: bigint): void {
    account[field] += delta;
    this.undo.push(() => {
      account[field] -= delta;
    });
  }

  /** The locked account, or a race if a transfer the batch refers to names an account not locked. */
  private lockedAccount(id: bigint, referencedBy: string): AccountState {
    const account = this.accounts.get(id);
    if (!account) {
      throw new LedgerRaceError(`account ${id} of transfer ${referencedBy} was not locked by this batch`);
    }
    return account;
  }

  /**
   * Releases the key a voided or reversed transfer holds. A recorded transfer with a key has held it
   * since it was recorded (or it would have been refused), and is voided or reversed only once, so
   * the key must be held by it here; anything else means the batch's state was loaded wrongly.
   */
  private releaseKeyOf(t: Transfer): void {
    if (t.uniqueKey === null) return;
    assert(this.keyHolders.get(t.uniqueKey) === t.id, `key ${t.uniqueKey} of ${t.id} is not held by it`);
    this.setIn(this.keyHolders, t.uniqueKey, undefined);
  }

  private record(t: Transfer): Outcome {
    this.setIn(this.transfers, t.id, t);
    if (t.uniqueKey !== null) this.setIn(this.keyHolders, t.uniqueKey, t.id);
    return { result: 'ok', transfer: t };
  }

  apply(t: TransferInput): Outcome {
    const refusal = validateTransfer(t);
    if (refusal) return { result: refusal };
    const existing = this.transfers.get(t.id);
    if (existing) {
      return sameTransfer(t, existing)
        ? { result: 'exists', transfer: existing }
        : { result: 'exists_with_different_fields', conflicting: existing };
    }
    return isResolve(t) ? this.resolve(t) : this.move(t);
  }

  /** A single-phase or pending transfer. */
  private move(t: SinglePhaseTransferInput | PendingTransferInput): Outcome {
    const debit = this.accounts.get(t.debitAccountId);
    if (!debit) return { result: 'debit_account_not_found' };
    const credit = this.accounts.get(t.creditAccountId);
    if (!credit) return { result: 'credit_account_not_found' };
    if (debit.ledger !== credit.ledger) return { result: 'accounts_must_have_the_same_ledger' };
    if (t.ledger !== debit.ledger) return { result: 'ledger_mismatch' };

    const reversesId = t.kind === 'pending' ? undefined : t.reversesId;
    let reversed: Transfer | undefined;
    if (reversesId !== undefined) {
      reversed = this.transfers.get(reversesId);
      if (!reversed) return { result: 'reversed_transfer_not_found' };
      const reversible =
        (reversed.kind === 'single_phase' && reversed.reversesId === null) ||
        reversed.kind === 'post_pending';
      if (!reversible) return { result: 'reversed_transfer_not_reversible' };
      const reversal = this.reversals.get(reversed.id);
      if (reversal) return { result: 'transfer_already_reversed', conflicting: reversal };
      if (
        reversed.debitAccountId !== t.creditAccountId ||
        reversed.creditAccountId !== t.debitAccountId ||
        reversed.amount !== t.amount ||
        reversed.ledger !== t.ledger
      ) {
        return { result: 'reversal_must_mirror_reversed_transfer' };
      }
      if (t.occurredAt < reversed.occurredAt) return { result: 'timestamp_precedes_reversed_transfer' };
    }

    if (t.uniqueKey !== undefined) {
      const holderId = this.keyHolders.get(t.uniqueKey);
      if (holderId !== undefined) {
        const holder = this.transfers.get(holderId);
        assert(holder, `the transfer ${holderId} holding key ${t.uniqueKey} was not loaded`);
        return { result: 'unique_key_exists', conflicting: holder };
      }
    }

    const amount = t.amount;
    const pending = t.kind === 'pending';
    if (debit.debitsPending + debit.debitsPosted + amount > INT8_MAX) return { result: 'overflows_debits' };
    if (credit.creditsPending + credit.creditsPosted + amount > INT8_MAX)
      return { result: 'overflows_credits' };
    if (
      debit.debitsMustNotExceedCredits &&
      debit.debitsPending + debit.debitsPosted + amount > debit.creditsPosted
    ) {
      return { result: 'exceeds_credits' };
    }
    if (
      credit.creditsMustNotExceedDebits &&
      credit.creditsPending + credit.creditsPosted + amount > credit.debitsPosted
    ) {
      return { result: 'exceeds_debits' };
    }

    this.adjust(debit, pending ? 'debitsPending' : 'debitsPosted', amount);
    this.adjust(credit, pending ? 'creditsPending' : 'creditsPosted', amount);
    if (reversed) {
      this.releaseKeyOf(reversed);
      if (reversed.kind === 'post_pending') {
        const pendingOfReversed = this.transfers.get(reversed.pendingId!);
        if (!pendingOfReversed) {
          throw new LedgerRaceError(
            `pending transfer ${reversed.pendingId} of ${reversed.id} was not loaded`,
          );
        }
        this.releaseKeyOf(pendingOfReversed);
      }
    }
    const created: Transfer = {
      id: t.id,
      seq: 0n,
      kind: pending ? 'pending' : 'single_phase',
      debitAccountId: t.debitAccountId,
      creditAccountId: t.creditAccountId,
      amount,
      ledger: t.ledger,
      code: t.code,
      pendingId: null,
      reversesId: reversesId ?? null,
      expiresAt: t.kind === 'pending' ? (t.expiresAt ?? null) : null,
      uniqueKey: t.uniqueKey ?? null,
      personId: t.personId ?? null,
      userData64: t.userData64 ?? null,
      userDataText: t.userDataText ?? null,
      occurredAt: t.occurredAt,
    };
    if (reversed) this.setIn(this.reversals, reversed.id, created);
    return this.record(created);
  }

  /** Posts or voids a pending transfer. */
  private resolve(t: ResolvePendingTransferInput): Outcome {
    const pending = this.transfers.get(t.pendingId);
    if (!pending) return { result: 'pending_transfer_not_found' };
    if (pending.kind !== 'pending') return { result: 'pending_transfer_not_pending' };
    const resolution = this.resolutions.get(pending.id);
    if (resolution) {
      return {
        result:
          resolution.kind === 'post_pending'
            ? 'pending_transfer_already_posted'
            : 'pending_transfer_already_voided',
        conflicting: resolution,
      };
    }
    if (
      (t.debitAccountId !== undefined && t.debitAccountId !== pending.debitAccountId) ||
      (t.creditAccountId !== undefined && t.creditAccountId !== pending.creditAccountId)
    ) {
      return { result: 'pending_transfer_has_different_accounts' };
    }
    if (t.ledger !== undefined && t.ledger !== pending.ledger) {
      return { result: 'pending_transfer_has_different_ledger' };
    }
    if (t.amount !== undefined && t.amount !== pending.amount) {
      return { result: 'pending_transfer_has_different_amount' };
    }
    if (t.occurredAt < pending.occurredAt) return { result: 'timestamp_precedes_pending_transfer' };
    const post = t.kind === 'post_pending';
    if (post && pending.expiresAt !== null && t.occurredAt >= pending.expiresAt) {
      return { result: 'pending_transfer_expired' };
    }

    const debit = this.lockedAccount(pending.debitAccountId, pending.id);
    const credit = this.lockedAccount(pending.creditAccountId, pending.id);
    const amount = pending.amount;
    // Moving an amount from pending to posted leaves every flag's sum unchanged, and releasing it
    // only lowers them, so neither can break a flag or overflow.
    this.adjust(debit, 'debitsPending', -amount);
    this.adjust(credit, 'creditsPending', -amount);
    if (post) {
      this.adjust(debit, 'debitsPosted', amount);
      this.adjust(credit, 'creditsPosted', amount);
    } else {
      this.releaseKeyOf(pending);
    }
    const created: Transfer = {
      id: t.id,
      seq: 0n,
      kind: t.kind,
      debitAccountId: pending.debitAccountId,
      creditAccountId: pending.creditAccountId,
      amount,
      ledger: pending.ledger,
      code: t.code,
      pendingId: pending.id,
      reversesId: null,
      expiresAt: null,
      uniqueKey: null,
      personId: t.personId ?? null,
      userData64: t.userData64 ?? null,
      userDataText: t.userDataText ?? null,
      occurredAt: t.occurredAt,
    };
    this.setIn(this.resolutions, pending.id, created);
    return this.record(created);
  }
}

const succeeded = (r: Outcome) => r.result === 'ok' || r.result === 'exists';

/**
 * Decides a batch in order. A chain of linked transfers succeeds or fails as one: when one of them
 * is refused, it keeps its own result, the others in the chain get `linked_event_failed`, and none
 * of their effects remain. A chain still open at the end of the batch is refused whole.
 *
 * @example
 *   const outcome = decideBatch(snapshot, [payout]);
 *   outcome.results[0].result // 'ok'; outcome.created holds the row to insert
 */
export function decideBatch(snapshot: BatchSnapshot, inputs: readonly TransferInput[]): BatchOutcome {
  const state = new BatchState(snapshot);
  const results: Outcome[] = new Array(inputs.length);
  let start = 0;
  while (start < inputs.length) {
    let end = start;
    while (end < inputs.length && inputs[end]!.linked === true) end++;
    if (end === inputs.length) {
      for (let i = start; i < inputs.length; i++) results[i] = { result: 'linked_event_failed' };
      results[inputs.length - 1] = { result: 'linked_event_chain_open' };
      break;
    }
    const mark = state.mark();
    let failed = -1;
    for (let i = start; i <= end; i++) {
      const outcome = state.apply(inputs[i]!);
      results[i] = outcome;
      if (!succeeded(outcome)) {
        failed = i;
        break;
      }
    }
    if (failed >= 0) {
      state.rollback(mark);
      for (let i = start; i <= end; i++) if (i !== failed) results[i] = { result: 'linked_event_failed' };
      // A conflict with an earlier transfer of the same chain cannot name it: it was undone too.
      const failure = results[failed]!;
      if ('conflicting' in failure && state.transfers.get(failure.conflicting.id) !== failure.conflicting) {
        results[failed] = { result: 'conflicts_with_linked_event' };
      }
    }
    state.commit();
    start = end + 1;
  }

  const created = results.flatMap((r) => (r.result === 'ok' ? [r.transfer] : []));
  const keysClaimed = new Map<string, Transfer>();
  const keysReleased = new Map<string, string>();
  for (const key of new Set([...snapshot.keyHolders.keys(), ...state.keyHolders.keys()])) {
    const before = snapshot.keyHolders.get(key);
    const after = state.keyHolders.get(key);
    if (before === after) continue;
    if (before !== undefined) keysReleased.set(key, before);
    if (after !== undefined) keysClaimed.set(key, state.transfers.get(after)!);
  }
  const changedAccounts: AccountState[] = [];
  for (const [id, after] of state.accounts) {
    const before = snapshot.accounts.get(id)!;
    if (
      after.debitsPending !== before.debitsPending ||
      after.debitsPosted !== before.debitsPosted ||
      after.creditsPending !== before.creditsPending ||
      after.creditsPosted !== before.creditsPosted
    ) {
      assertBalancesSound(after);
      changedAccounts.push(after);
    }
  }
  return { results, created, keysClaimed, keysReleased, changedAccounts };
}

/**
 * The invariants every account's balances keep; a bug in the decisions above would break them.
 *
 * @example assertBalancesSound(payableAfterBatch) // throws AssertionFailure if debits passed credits
 */
export function assertBalancesSound(a: AccountState): void {
  assert(
    a.debitsPending >= 0n && a.debitsPosted >= 0n && a.creditsPending >= 0n && a.creditsPosted >= 0n,
    `account ${a.id} has a negative balance`,
  );
  assert(
    !a.debitsMustNotExceedCredits || a.debitsPending + a.debitsPosted <= a.creditsPosted,
    `account ${a.id}: debits exceed credits despite its flag`,
  );
  assert(
    !a.creditsMustNotExceedDebits || a.creditsPending + a.creditsPosted <= a.debitsPosted,
    `account ${a.id}: credits exceed debits despite its flag`,
  );
}
