import type { Database, Sql } from '../db/database.ts';
import { assert } from '../shared/assert.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { LedgerFailure } from './ledger.failures.ts';
import {
  isAccountCode,
  isLedgerCode,
  isLedgerUnit,
  isPrintable,
  isTransferId,
  isValidDate,
} from './ledger.formats.ts';
import {
  insertAccounts,
  insertLedger,
  lockAndSelectBatchRows,
  type NewAccountRow,
  selectAccountsByCode,
  selectAccountsById,
  selectBatchRows,
  selectLedgers,
  selectTransfersById,
  writeBatch,
} from './ledger.repository.ts';
import {
  ACCOUNT_KINDS,
  type Account,
  type AccountInput,
  type AccountRefusal,
  type CreateAccountResult,
  type CreateTransferResult,
  type LedgerDefinition,
  MAX_ACCOUNTS_PER_BATCH,
  MAX_TRANSFERS_PER_BATCH,
  type SinglePhaseTransferInput,
  type Transfer,
  type TransferInput,
} from './ledger.types.ts';
import { type BatchSnapshot, decideBatch, LedgerRaceError } from './transfer-engine.ts';

function isDatabase(sql: Sql): sql is Database {
  return typeof (sql as Partial<Database>).transaction === 'function';
}

// --- ledgers ------------------------------------------------------------------------------------

/**
 * Creates a ledger (a unit of account) unless it exists with the same definition.
 *
 * @example
 *   await createLedger(db, { code: 'vaccine_doses', unit: 'dose', scale: 0, name: 'Vaccine doses' })
 *   // 'ok', then 'exists' on a retry
 */
export async function createLedger(
  sql: Sql,
  l: LedgerDefinition,
): Promise<'ok' | 'exists' | 'exists_with_different_fields' | 'ledger_invalid'> {
  const valid =
    isLedgerCode(l.code) &&
    isLedgerUnit(l.unit) &&
    Number.isInteger(l.scale) &&
    l.scale >= 0 &&
    l.scale <= 18 &&
    isPrintable(l.name, 200) &&
    l.name !== '';
  if (!valid) return 'ledger_invalid';
  if (await insertLedger(sql, l)) return 'ok';
  const [existing] = await selectLedgers(sql, [l.code]);
  assert(existing, `ledger ${l.code} conflicted on insert but cannot be read`);
  const same = existing.unit === l.unit && existing.scale === l.scale && existing.name === l.name;
  return same ? 'exists' : 'exists_with_different_fields';
}

// --- accounts -----------------------------------------------------------------------------------

function accountRefusal(a: AccountInput): AccountRefusal | undefined {
  if (!isAccountCode(a.code)) return 'code_invalid';
  if (!isLedgerCode(a.ledger)) return 'ledger_not_found';
  if (!ACCOUNT_KINDS.includes(a.kind)) return 'kind_invalid';
  if (a.name !== undefined && !isPrintable(a.name, 200)) return 'name_invalid';
  if (!isValidDate(a.createdAt)) return 'timestamp_invalid';
  if (a.debitsMustNotExceedCredits && a.creditsMustNotExceedDebits) return 'flags_are_mutually_exclusive';
  return undefined;
}

function toNewAccountRow(a: AccountInput): NewAccountRow {
  return {
    code: a.code,
    ledger: a.ledger,
    kind: a.kind,
    name: a.name ?? '',
    debits_must_not_exceed_credits: a.debitsMustNotExceedCredits ?? false,
    credits_must_not_exceed_debits: a.creditsMustNotExceedDebits ?? false,
    created_at: a.createdAt,
  };
}

/** Whether an account opened again asks for what exists; the opening time is not compared. */
function sameAccount(a: AccountInput, e: Account): boolean {
  return (
    a.ledger === e.ledger &&
    a.kind === e.kind &&
    (a.name ?? '') === e.name &&
    (a.debitsMustNotExceedCredits ?? false) === e.debitsMustNotExceedCredits &&
    (a.creditsMustNotExceedDebits ?? false) === e.creditsMustNotExceedDebits
  );
}

/**
 * Opens accounts, one result per input in order. The code is the account's identity: opening an
 * account that exists with the same fields is `exists` (safe to repeat at every start-up), with
 * other fields `exists_with_different_fields`. Given the `Database`, it runs in a transaction of
 * its own.
 *
 * @example
 *   const [r] = await createAccounts(db, [{ code: 'bono:entitlements-payable', ledger: 'BOB',
 *     kind: 'liability', debitsMustNotExceedCredits: true, createdAt: new Date('2020-11-30T12:00:00Z') }]);
 *   if (r.result === 'ok' || r.result === 'exists') payableId = r.account.id;
 */
export async function createAccounts(
  sql: Sql,
  inputs: readonly AccountInput[],
): Promise<CreateAccountResult[]> {
  if (isDatabase(sql)) return sql.transaction((tx) => createAccounts(tx, inputs));
  assert(inputs.length <= MAX_ACCOUNTS_PER_BATCH, `at most ${MAX_ACCOUNTS_PER_BATCH} accounts per call`);
  const valid = inputs.filter((a) => accountRefusal(a) === undefined);
  const ledgers = new Set(
    (await selectLedgers(sql, [...new Set(valid.map((a) => a.ledger))])).map((l) => l.code),
  );
  const known = new Map(
    (await selectAccountsByCode(sql, [...new Set(valid.map((a) => a.code))])).map((a) => [a.code, a]),
  );
  // Decide in order, so that a code repeated within the call is `exists` the second time.
  const decided: (CreateAccountResult | AccountInput)[] = [];
  const toInsert = new Map<string, AccountInput>();
  const firstIndex = new Map<string, number>();
  for (const [i, a] of inputs.entries()) {
    const refusal = accountRefusal(a) ?? (ledgers.has(a.ledger) ? undefined : 'ledger_not_found');
    if (refusal) {
      decided.push({ result: refusal });
      continue;
    }
    const first = known.get(a.code) ?? toInsert.get(a.code);
    if (first === undefined) {
      toInsert.set(a.code, a);
      firstIndex.set(a.code, i);
    }
    decided.push(a);
  }
  const insertedNow = new Set<string>();
  if (toInsert.size > 0) {
    for (const account of await insertAccounts(sql, [...toInsert.values()].map(toNewAccountRow))) {
      known.set(account.code, account);
      insertedNow.add(account.code);
    }
    // Codes another transaction opened first: read what it opened.
    const lost = [...toInsert.keys()].filter((code) => !known.has(code));
    for (const account of await selectAccountsByCode(sql, lost)) known.set(account.code, account);
  }
  return decided.map((d, i) => {
    if ('result' in d) return d;
    const account = known.get(d.code);
    assert(account, `account ${d.code} was neither inserted nor found`);
    if (insertedNow.has(d.code) && firstIndex.get(d.code) === i) return { result: 'ok', account };
    return sameAccount(d, account)
      ? { result: 'exists', account }
      : { result: 'exists_with_different_fields', conflicting: account };
  });
}

/**
 * Opens accounts that must exist for the caller to work (set-up code), and returns them by code.
 * Any result other than `ok` or `exists` is a configuration mistake: the first one is returned as
 * `ledger_account_refused` (accounts opened before it in the batch stay opened, as createAccounts
 * leaves them).
 *
 * @example
 *   const accounts = await ensureAccounts(db, [{ code: 'bono:paid:BUNIBOLX', ledger: 'BOB',
 *     kind: 'expense', createdAt: at }]);
 *   if (accounts.ok) accounts.value.get('bono:paid:BUNIBOLX')!.id
 */
export async function ensureAccounts(
  sql: Sql,
  inputs: readonly AccountInput[],
): Promise<Result<Map<string, Account>, LedgerFailure>> {
  const results = await createAccounts(sql, inputs);
  const out = new Map<string, Account>();
  for (const [i, r] of results.entries()) {
    if (r.result !== 'ok' && r.result !== 'exists')
      return fail({ code: 'ledger_account_refused', accountCode: inputs[i]!.code, result: r.result });
    out.set(r.account.code, r.account);
  }
  return ok(out);
}

/** Accounts by code (those that exist). @example (await getAccountsByCode(db, ['bono:expired-returned']))[0] */
export async function getAccountsByCode(sql: Sql, codes: readonly string[]): Promise<Account[]> {
  return selectAccountsByCode(sql, codes);
}

/** Accounts by id, with their current balances. @example const [payable] = await getAccounts(db, [id]) */
export async function getAccounts(sql: Sql, ids: readonly bigint[]): Promise<Account[]> {
  return selectAccountsById(sql, ids);
}

// --- transfers ----------------------------------------------------------------------------------

/**
 * Records a batch of transfers, deciding each in order as if they were applied one by one, and
 * returns one result per transfer. Expected refusals (`exceeds_credits`, `unique_key_exists`, …)
 * are results, not exceptions; the accepted transfers of the batch are recorded whatever happens
 * to the others, except within a chain of `linked` transfers, which is all or nothing. A transfer
 * whose id is already recorded with the same fields is `exists` and carries the original: a retry
 * never applies anything twice.
 *
 * Inside the caller's transaction (pass `tx`) it commits or rolls back with the caller's other
 * writes — a payout row and its transfer together. Given the `Database`, it runs alone. It locks the
 * accounts it touches until that transaction ends, in ascending id order; call it once per
 * transaction, because a second call may lock a lower id after a higher one and deadlock with
 * another transaction (PostgreSQL detects it, and `transactionWithRetry` retries). Needs READ
 * COMMITTED, PostgreSQL's default. Throws `LedgerRaceError` when a concurrent transaction recorded
 * one of the batch's ids or keys in the meantime: the transaction must be retried, which
 * `transactionWithRetry` does.
 *
 * @example
 *   const [r] = await transactionWithRetry(db, (tx) => createTransfers(tx, [{
 *     id: `payout:${roundId}:${personId}`, debitAccountId: payable.id, creditAccountId: paidUnion.id,
 *     amount: 100_000n, ledger: 'BOB', code: 'bono.payout', uniqueKey: `bono-2020:${personId}`,
 *     personId, userDataText: 'BUNIBOLX', occurredAt: now }]));
 *   // r.result: 'ok' | 'exists' | 'unique_key_exists' (r.conflicting says when and where) | …
 */
export async function createTransfers(
  sql: Sql,
  inputs: readonly TransferInput[],
): Promise<CreateTransferResult[]> {
  if (isDatabase(sql)) return sql.transaction((tx) => createTransfers(tx, inputs));
  assert(inputs.length <= MAX_TRANSFERS_PER_BATCH, `at most ${MAX_TRANSFERS_PER_BATCH} transfers per call`);
  if (inputs.length === 0) return [];

  // 1. The transfers this batch posts, voids or reverses. They are immutable, so they can be read
  //    before locking; the accounts of a pending transfer must be locked to post or void it.
  const pendingIds = new Set<string>();
  const reversedIds = new Set<string>();
  for (const t of inputs) {
    if ((t.kind === 'post_pending' || t.kind === 'void_pending') && isTransferId(t.pendingId)) {
      pendingIds.add(t.pendingId);
    }
    const reversesId = (t as SinglePhaseTransferInput).reversesId;
    if ((t.kind ?? 'single_phase') === 'single_phase' && isTransferId(reversesId))
      reversedIds.add(reversesId);
  }
  const referenced = new Map<string, Transfer>();
  for (const t of await selectTransfersById(sql, [...pendingIds, ...reversedIds])) referenced.set(t.id, t);
  // Reversing a posting releases the unique key its pending transfer holds: read that one too.
  const pendingsOfPostings = [...referenced.values()]
    .filter((t) => t.kind === 'post_pending' && reversedIds.has(t.id) && !referenced.has(t.pendingId!))
    .map((t) => t.pendingId!);
  for (const t of await selectTransfersById(sql, pendingsOfPostings)) referenced.set(t.id, t);

  // 2. Lock the accounts.
  const accountIds = new Set<bigint>();
  for (const t of inputs) {
    if (typeof t.debitAccountId === 'bigint') accountIds.add(t.debitAccountId);
    if (typeof t.creditAccountId === 'bigint') accountIds.add(t.creditAccountId);
  }
  for (const id of pendingIds) {
    const p = referenced.get(id);
    if (p) {
      accountIds.add(p.debitAccountId);
      accountIds.add(p.creditAccountId);
    }
  }
  // 3. Read, with the lock, what the batch may conflict with: one statement, whose snapshot is
  //    taken before the lock is granted. When another transaction committed on these accounts while
  //    this one waited (a retry of the same transfer from another process, say), read again now that
  //    the accounts are locked, so that the original is seen here.
  const keys = new Set<string>();
  for (const t of inputs) {
    const key = (t as SinglePhaseTransferInput).uniqueKey;
    if (isTransferId(key)) keys.add(key);
  }
  for (const t of referenced.values()) if (t.uniqueKey !== null) keys.add(t.uniqueKey);
  const ids = [...new Set(inputs.map((t) => t.id).filter(isTransferId))];
  const batch = await lockAndSelectBatchRows(
    sql,
    [...accountIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    ids,
    [...pendingIds],
    [...reversedIds],
    [...keys],
  );
  const locked = batch.locked;
  const rows = batch.stale
    ? await selectBatchRows(sql, ids, [...pendingIds], [...reversedIds], [...keys])
    : batch.rows;

  const transfers = new Map(referenced);
  for (const t of rows.byId) transfers.set(t.id, t);
  const resolutions = new Map<string, Transfer>();
  for (const t of rows.resolutions) {
    transfers.set(t.id, t);
    resolutions.set(t.pendingId!, t);
  }
  const reversals = new Map<string, Transfer>();
  for (const t of rows.reversals) {
    transfers.set(t.id, t);
    reversals.set(t.reversesId!, t);
  }
  const keyHolders = new Map<string, string>();
  for (const { key, transfer } of rows.keyHolders) {
    transfers.set(transfer.id, transfer);
    keyHolders.set(key, transfer.id);
  }
  const accounts = new Map(locked.map((a) => [a.id, a]));
  const snapshot: BatchSnapshot = { accounts, transfers, resolutions, reversals, keyHolders };

  // 4. Decide, then write what was decided, in one statement.
  const outcome = decideBatch(snapshot, inputs);
  if (outcome.created.length === 0) {
    assert(
      outcome.keysClaimed.size + outcome.keysReleased.size + outcome.changedAccounts.length === 0,
      'a batch that records no transfer changed keys or balances',
    );
    return outcome.results;
  }
  const written = await writeBatch(sql, {
    transfers: outcome.created,
    keysClaimed: outcome.keysClaimed,
    keysReleased: outcome.keysReleased,
    balances: outcome.changedAccounts.map((after) => ({ before: accounts.get(after.id)!, after })),
  });
  if (
    written.seqs.size !== outcome.created.length ||
    written.keysReleased !== outcome.keysReleased.size ||
    written.keysClaimed !== outcome.keysClaimed.size
  ) {
    throw new LedgerRaceError(
      'a concurrent transaction recorded one of these transfer ids or unique keys first',
    );
  }
  for (const t of outcome.created) t.seq = written.seqs.get(t.id)!;
  assert(
    written.balances.length === outcome.changedAccounts.length,
    'a locked account vanished before its update',
  );
  const decided = new Map(outcome.changedAccounts.map((a) => [a.id, a]));
  for (const w of written.balances) {
    const d = decided.get(w.id)!;
    assert(
      w.debitsPending === d.debitsPending &&
        w.debitsPosted === d.debitsPosted &&
        w.creditsPending === d.creditsPending &&
        w.creditsPosted === d.creditsPosted,
      `account ${w.id}: balances written differ from those decided (was it changed outside the ledger?)`,
    );
  }
  return outcome.results;
}

/**
 * Transfers by id (those recorded).
 *
 * @example const [t] = await getTransfers(db, [`payout:${roundId}:${personId}`]);
 */
export async function getTransfers(sql: Sql, ids: readonly string[]): Promise<Transfer[]> {
  return selectTransfersById(sql, ids);
}

/**
 * The input that reverses a transfer: accounts swapped, same amount, ledger and person. A correction
 * is always a new transfer; the original stays as it was.
 *
 * @example
 *   await createTransfers(db, [reversalOf(payout, { id: `reversal:${payout.id}`,
 *     code: 'bono.payout_reversal', occurredAt: now })]);
 */
export function reversalOf(
  original: Transfer,
  fields: Pick<SinglePhaseTransferInput, 'id' | 'code' | 'occurredAt'> &
    Partial<Pick<SinglePhaseTransferInput, 'userData64' | 'userDataText' | 'linked'>>,
): SinglePhaseTransferInput {
  const input: SinglePhaseTransferInput = {
    id: fields.id,
    debitAccountId: original.creditAccountId,
    creditAccountId: original.debitAccountId,
    amount: original.amount,
    ledger: original.ledger,
    code: fields.code,
    reversesId: original.id,
    occurredAt: fields.occurredAt,
  };
  if (original.personId !== null) input.personId = original.personId;
  if (fields.userData64 !== undefined) input.userData64 = fields.userData64;
  if (fields.userDataText !== undefined) input.userDataText = fields.userDataText;
  if (fields.linked !== undefined) input.linked = fields.linked;
  return input;
}
