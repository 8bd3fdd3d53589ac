import type { Sql } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import type { Account, AccountKind, LedgerDefinition, Transfer, TransferKind } from './ledger.types.ts';
import type { AccountState } from './transfer-engine.ts';

/**
 * The ledger's SQL; nothing else in src/ledger touches the database. Batches travel as one JSON
 * parameter read with `json_to_recordset`: a single statement per batch, the same text on every
 * PostgreSQL version, and `bigint` values passed as strings so none is rounded through a JS number.
 */

export const TRANSFER_COLUMNS =
  'id, seq, kind, debit_account_id, credit_account_id, amount, ledger, code, pending_id, reverses_id, ' +
  'expires_at, unique_key, person_id, user_data_64, user_data_text, occurred_at';

export interface TransferRow {
  id: string;
  seq: bigint;
  kind: TransferKind;
  debit_account_id: bigint;
  credit_account_id: bigint;
  amount: bigint;
  ledger: string;
  code: string;
  pending_id: string | null;
  reverses_id: string | null;
  expires_at: Date | null;
  unique_key: string | null;
  person_id: bigint | null;
  user_data_64: bigint | null;
  user_data_text: string | null;
  occurred_at: Date;
}

/** A transfer row as the domain sees it. @example fromTransferRow(row).debitAccountId */
export function fromTransferRow(r: TransferRow): Transfer {
  return {
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
    amount: r.amount,
    ledger: r.ledger,
    code: r.code,
    pendingId: r.pending_id,
    reversesId: r.reverses_id,
    expiresAt: r.expires_at,
    uniqueKey: r.unique_key,
    personId: r.person_id,
    userData64: r.user_data_64,
    userDataText: r.user_data_text,
    occurredAt: r.occurred_at,
  };
}

export const ACCOUNT_COLUMNS =
  'id, code, ledger, kind, name, debits_must_not_exceed_credits, credits_must_not_exceed_debits, ' +
  'debits_pending, debits_posted, credits_pending, credits_posted, created_at';

export interface AccountRow {
  id: bigint;
  code: string;
  ledger: string;
  kind: AccountKind;
  name: string;
  debits_must_not_exceed_credits: boolean;
  credits_must_not_exceed_debits: boolean;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  created_at: Date;
}

/** An account row as the domain sees it. @example fromAccountRow(row).creditsPosted */
export function fromAccountRow(r: AccountRow): Account {
  return {
    id: r.id,
    code: r.code,
    ledger: r.ledger,
    kind: r.kind,
    name: r.name,
    debitsMustNotExceedCredits: r.debits_must_not_exceed_credits,
    creditsMustNotExceedDebits: r.credits_must_not_exceed_debits,
    debitsPending: r.debits_pending,
    debitsPosted: r.debits_posted,
    creditsPending: r.credits_pending,
    creditsPosted: r.credits_posted,
    createdAt: r.created_at,
  };
}

/**
 * JSON for `json_to_recordset`: bigints as strings, Dates as ISO instants, and nulls left out (a
 * missing key reads as NULL), which keeps the text of a batch, and its parsing, a fifth shorter.
 */
function toJson(rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(rows, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : value === null ? undefined : value,
  );
}

// --- ledgers ------------------------------------------------------------------------------------

/** Inserts a ledger unless its code exists; true when inserted. @example await insertLedger(tx, doses) */
export async function insertLedger(sql: Sql, l: LedgerDefinition): Promise<boolean> {
  const rows = await sql.query(
    'INSERT INTO ledger (code, unit, scale, name) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING code',
    [l.code, l.unit, l.scale, l.name],
  );
  return rows.length === 1;
}

/** Ledgers by code. @example await selectLedgers(db, ['BOB']) */
export async function selectLedgers(sql: Sql, codes: readonly string[]): Promise<LedgerDefinition[]> {
  return sql.query<LedgerDefinition>(
    'SELECT code, unit, scale, name FROM ledger WHERE code = ANY($1::text[]) ORDER BY code',
    [codes],
  );
}

// --- accounts -----------------------------------------------------------------------------------

/** Accounts by code, in id order. @example await selectAccountsByCode(db, ['bono:entitlements-payable']) */
export async function selectAccountsByCode(sql: Sql, codes: readonly string[]): Promise<Account[]> {
  const rows = await sql.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM ledger_account WHERE code = ANY($1::text[]) ORDER BY id`,
    [codes],
  );
  return rows.map(fromAccountRow);
}

/** Accounts by id, in id order. @example await selectAccountsById(db, [1n, 2n]) */
export async function selectAccountsById(sql: Sql, ids: readonly bigint[]): Promise<Account[]> {
  const rows = await sql.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM ledger_account WHERE id = ANY($1::bigint[]) ORDER BY id`,
    [ids],
  );
  return rows.map(fromAccountRow);
}

export interface NewAccountRow {
  code: string;
  ledger: string;
  kind: AccountKind;
  name: string;
  debits_must_not_exceed_credits: boolean;
  credits_must_not_exceed_debits: boolean;
  created_at: Date;
}

/**
 * Inserts accounts whose code is free; returns those inserted (a concurrent creator may win one).
 *
 * @example const opened = await insertAccounts(tx, [toNewAccountRow(input)]);
 */
export async function insertAccounts(sql: Sql, rows: readonly NewAccountRow[]): Promise<Account[]> {
  const inserted = await sql.query<AccountRow>(
    `INSERT INTO ledger_account (code, ledger, kind, name, debits_must_not_exceed_credits,
       credits_must_not_exceed_debits, created_at)
     SELECT code, ledger, kind, name, debits_must_not_exceed_credits, credits_must_not_exceed_debits, created_at
     FROM json_to_recordset($1::text::json) AS x(code text, ledger text, kind text, name text,
       debits_must_not_exceed_credits boolean, credits_must_not_exceed_debits boolean, created_at timestamptz)
     ORDER BY code
     ON CONFLICT (code) DO NOTHING
     RETURNING ${ACCOUNT_COLUMNS}`,
    [toJson(rows as unknown as Record<string, unknown>[])],
  );
  return inserted.map(fromAccountRow);
}

// --- transfers ----------------------------------------------------------------------------------

/** Transfers by id (no order). @example await selectTransfersById(db, ['payout:1:4521337']) */
export async function selectTransfersById(sql: Sql, ids: readonly string[]): Promise<Transfer[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query<TransferRow>(
    prepared(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfer WHERE id = ANY($1::text[])`),
    [ids],
  );
  return rows.map(fromTransferRow);
}

/** What `lockAndSelectBatchRows` answers: the locked accounts, and the rows read with them. */
export interface LockedBatch {
  locked: AccountState[];
  rows: BatchRows;
  /**
   * A locked account changed after the statement's snapshot: another transaction committed on it
   * while this one waited for the lock, so `rows` may miss what it wrote; read them again.
   */
  stale: boolean;
}

/**
 * Locks the accounts a batch touches until the transaction ends, always in ascending id order (two
 * batches sharing accounts then wait for each other instead of deadlocking: PostgreSQL sorts before
 * it locks, and in READ COMMITTED a waiting batch gets the balances the other one committed), and
 * reads what the batch may conflict with (as `selectBatchRows`) in the same statement: one round
 * trip under the lock instead of two, which on a busy account such as the entitlements payable is
 * what bounds the throughput. The rows are
 * read in the statement's snapshot, taken before the lock was granted; when a locked account's row
 * version differs from the one in that snapshot (`xmin`: every write to an account makes a new
 * version, and a writer holds the row's lock until it commits), another transaction committed on
 * these accounts in between and `stale` says so — the caller then reads the rows again, now after
 * the lock, as before. When nobody else committed on them (a single group committer's batches one
 * after the other) nothing is missed: the snapshot already holds the previous batch.
 *
 * @example const { locked, rows, stale } = await lockAndSelectBatchRows(tx, [payable.id, union.id], ids, [], [], keys);
 */
export async function lockAndSelectBatchRows(
  sql: Sql,
  accountIds: readonly bigint[],
  ids: readonly string[],
  pendingIds: readonly string[],
  reversedIds: readonly string[],
  keys: readonly string[],
): Promise<LockedBatch> {
  const rows = await sql.query<
    TransferRow & { role: string; held_key: string | null; account: AccountJson | null }
  >(
    prepared(`WITH locked AS (
       SELECT id, ledger, debits_must_not_exceed_credits, credits_must_not_exceed_debits,
         debits_pending, debits_posted, credits_pending, credits_posted, xmin::text AS version
       FROM ledger_account WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE
     ), seen AS (
       SELECT id, xmin::text AS version FROM ledger_account WHERE id = ANY($1::bigint[])
     )
     SELECT 'account' AS role, NULL::text AS held_key,
       json_build_object('id', l.id::text, 'ledger', l.ledger,
         'dmnec', l.debits_must_not_exceed_credits, 'cmned', l.credits_must_not_exceed_debits,
         'dpe', l.debits_pending::text, 'dpo', l.debits_posted::text,
         'cpe', l.credits_pending::text, 'cpo', l.credits_posted::text,
         'stale', s.version IS DISTINCT FROM l.version) AS account,
       ${TRANSFER_COLUMNS.split(', ')
         .map((c) => `NULL::${TRANSFER_TYPES[c]} AS ${c}`)
         .join(', ')}
       FROM locked l LEFT JOIN seen s ON s.id = l.id
     UNION ALL
     SELECT 'id', NULL, NULL, ${TRANSFER_COLUMNS}
       FROM ledger_transfer WHERE id = ANY($2::text[])
     UNION ALL
     SELECT 'resolution', NULL, NULL, ${TRANSFER_COLUMNS}
       FROM ledger_transfer WHERE pending_id = ANY($3::text[])
     UNION ALL
     SELECT 'reversal', NULL, NULL, ${TRANSFER_COLUMNS}
       FROM ledger_transfer WHERE reverses_id = ANY($4::text[])
     UNION ALL
     SELECT 'key', k.unique_key, NULL, ${TRANSFER_COLUMNS.split(', ')
       .map((c) => `t.${c}`)
       .join(', ')}
       FROM ledger_unique_key k JOIN ledger_transfer t ON t.id = k.transfer_id
       WHERE k.unique_key = ANY($5::text[])`),
    [accountIds, ids, pendingIds, reversedIds, keys],
  );
  const locked: AccountState[] = [];
  let stale = false;
  const transfers: (TransferRow & { role: string; held_key: string | null })[] = [];
  for (const r of rows) {
    const a = r.account;
    if (r.role !== 'account' || a === null) {
      transfers.push(r);
      continue;
    }
    if (a.stale) stale = true;
    locked.push({
      id: BigInt(a.id),
      ledger: a.ledger,
      debitsMustNotExceedCredits: a.dmnec,
      creditsMustNotExceedDebits: a.cmned,
      debitsPending: BigInt(a.dpe),
      debitsPosted: BigInt(a.dpo),
      creditsPending: BigInt(a.cpe),
      creditsPosted: BigInt(a.cpo),
    });
  }
  // The locking clause applies to the sorted rows, but a UNION ALL does not promise their order.
  locked.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { locked, rows: toBatchRows(transfers), stale };
}

/** A locked account as lockAndSelectBatchRows reads it (bigints as text, so none is rounded). */
interface AccountJson {
  id: string;
  ledger: string;
  dmnec: boolean;
  cmned: boolean;
  dpe: string;
  dpo: string;
  cpe: string;
  cpo: string;
  stale: boolean;
}

/** The SQL type of each of TRANSFER_COLUMNS, for the NULLs an account row of a UNION carries. */
const TRANSFER_TYPES: Record<string, string> = {
  id: 'text',
  seq: 'bigint',
  kind: 'text',
  debit_account_id: 'bigint',
  credit_account_id: 'bigint',
  amount: 'bigint',
  ledger: 'text',
  code: 'text',
  pending_id: 'text',
  reverses_id: 'text',
  expires_at: 'timestamptz',
  unique_key: 'text',
  person_id: 'bigint',
  user_data_64: 'bigint',
  user_data_text: 'text',
  occurred_at: 'timestamptz',
};

function toBatchRows(rows: readonly (TransferRow & { role: string; held_key: string | null })[]): BatchRows {
  const out: BatchRows = { byId: [], resolutions: [], reversals: [], keyHolders: [] };
  for (const r of rows) {
    const t = fromTransferRow(r);
    if (r.role === 'id') out.byId.push(t);
    else if (r.role === 'resolution') out.resolutions.push(t);
    else if (r.role === 'reversal') out.reversals.push(t);
    else out.keyHolders.push({ key: r.held_key!, transfer: t });
  }
  return out;
}

/** What a batch reads once its accounts are locked. */
export interface BatchRows {
  /** Transfers recorded under the batch's ids. */
  byId: Transfer[];
  /** Posts and voids of the pending transfers the batch refers to. */
  resolutions: Transfer[];
  /** Reversals of the transfers the batch reverses. */
  reversals: Transfer[];
  /** Live unique keys among those the batch claims or may release, with their holders. */
  keyHolders: { key: string; transfer: Transfer }[];
}

/**
 * Reads everything a batch may conflict with, in one statement (one round trip, one snapshot).
 *
 * @example const rows = await selectBatchRows(tx, ['payout:1:7'], [], [], ['bono-2020:7']);
 */
export async function selectBatchRows(
  sql: Sql,
  ids: readonly string[],
  pendingIds: readonly string[],
  reversedIds: readonly string[],
  keys: readonly string[],
): Promise<BatchRows> {
  const rows = await sql.query<TransferRow & { role: string; held_key: string | null }>(
    prepared(`SELECT 'id' AS role, NULL::text AS held_key, ${TRANSFER_COLUMNS}
       FROM ledger_transfer WHERE id = ANY($1::text[])
     UNION ALL
     SELECT 'resolution', NULL, ${TRANSFER_COLUMNS}
       FROM ledger_transfer WHERE pending_id = ANY($2::text[])
     UNION ALL
     SELECT 'reversal', NULL, ${TRANSFER_COLUMNS}
       FROM ledger_transfer WHERE reverses_id = ANY($3::text[])
     UNION ALL
     SELECT 'key', k.unique_key, ${TRANSFER_COLUMNS.split(', ')
       .map((c) => `t.${c}`)
       .join(', ')}
       FROM ledger_unique_key k JOIN ledger_transfer t ON t.id = k.transfer_id
       WHERE k.unique_key = ANY($4::text[])`),
    [ids, pendingIds, reversedIds, keys],
  );
  return toBatchRows(rows);
}

/** Everything a batch decided to write. */
export interface BatchWrites {
  transfers: readonly Transfer[];
  /** key → the transfer now holding it. */
  keysClaimed: ReadonlyMap<string, Transfer>;
  /** key → the transfer that held it. */
  keysReleased: ReadonlyMap<string, string>;
  /** Each changed account with its balances as locked (before) and as decided (after). */
  balances: readonly { before: AccountState; after: AccountState }[];
}

/** What the database did with a batch's writes, for the caller to compare with what it decided. */
export interface BatchWritten {
  /** seq of each transfer inserted (an id already taken is missing). */
  seqs: Map<string, bigint>;
  keysReleased: number;
  keysClaimed: number;
  /** The balances as written. */
  balances: {
    id: bigint;
    debitsPending: bigint;
    debitsPosted: bigint;
    creditsPending: bigint;
    creditsPosted: bigint;
  }[];
}

const TRANSFER_RECORD =
  'id text, kind text, debit_account_id bigint, credit_account_id bigint, amount bigint, ledger text, ' +
  'code text, pending_id text, reverses_id text, expires_at timestamptz, unique_key text, person_id bigint, ' +
  'user_data_64 bigint, user_data_text text, occurred_at timestamptz';
const WRITTEN_COLUMNS =
  'id, kind, debit_account_id, credit_account_id, amount, ledger, code, pending_id, reverses_id, expires_at, ' +
  'unique_key, person_id, user_data_64, user_data_text, occurred_at';

/**
 * Writes a batch in one statement — the transfers, the keys released and claimed, and the balance
 * changes — so that the accounts stay locked for one round trip (plus the commit) rather than four:
 * on a busy account such as the entitlements payable, that time is what bounds the throughput.
 *
 * - Transfers and keys are inserted in id and key order: two batches waiting on each other's
 *   uncommitted ids then always wait in the same direction and cannot deadlock. An id or key that
 *   a transaction committed after this one read is skipped rather than raising; the caller sees it
 *   missing from the counts and retries.
 * - Balances move by the change (after − before), so even a locking mistake could not lose another
 *   batch's update; the caller asserts they came out as decided.
 * - A key both released and claimed (a payment reversed and made again in one batch) is released
 *   by a statement of its own first: within one statement the insert would still see the old row.
 */
export async function writeBatch(sql: Sql, w: BatchWrites): Promise<BatchWritten> {
  let releasedFirst = 0;
  let releases = w.keysReleased;
  if ([...w.keysClaimed.keys()].some((key) => w.keysReleased.has(key))) {
    releasedFirst = await deleteKeys(sql, w.keysReleased);
    releases = new Map();
  }
  const transfers = w.transfers.map((t) => ({
    id: t.id,
    kind: t.kind,
    debit_account_id: t.debitAccountId,
    credit_account_id: t.creditAccountId,
    amount: t.amount,
    ledger: t.ledger,
    code: t.code,
    pending_id: t.pendingId,
    reverses_id: t.reversesId,
    expires_at: t.expiresAt,
    unique_key: t.uniqueKey,
    person_id: t.personId,
    user_data_64: t.userData64,
    user_data_text: t.userDataText,
    occurred_at: t.occurredAt,
  }));
  const claims = [...w.keysClaimed].map(([key, t]) => ({
    unique_key: key,
    transfer_id: t.id,
    person_id: t.personId,
  }));
  const released = [...releases].map(([key, transferId]) => ({ unique_key: key, transfer_id: transferId }));
  const changes = w.balances.map(({ before, after }) => ({
    id: after.id,
    debits_pending: after.debitsPending - before.debitsPending,
    debits_posted: after.debitsPosted - before.debitsPosted,
    credits_pending: after.creditsPending - before.creditsPending,
    credits_posted: after.creditsPosted - before.creditsPosted,
  }));
  const [row] = await sql.query<{
    seqs: [string, string][] | null;
    released: bigint;
    claimed: bigint;
    balances: [string, string, string, string, string][] | null;
  }>(
    prepared(`WITH inserted AS (
       INSERT INTO ledger_transfer (${WRITTEN_COLUMNS})
       SELECT ${WRITTEN_COLUMNS} FROM json_to_recordset($1::text::json) AS x(${TRANSFER_RECORD})
       ORDER BY id COLLATE "C"
       ON CONFLICT DO NOTHING
       RETURNING id, seq
     ), released AS (
       DELETE FROM ledger_unique_key k
       USING json_to_recordset($2::text::json) AS x(unique_key text, transfer_id text)
       WHERE k.unique_key = x.unique_key AND k.transfer_id = x.transfer_id
       RETURNING 1
     ), claimed AS (
       INSERT INTO ledger_unique_key (unique_key, transfer_id, person_id)
       SELECT unique_key, transfer_id, person_id
       FROM json_to_recordset($3::text::json) AS x(unique_key text, transfer_id text, person_id bigint)
       ORDER BY unique_key COLLATE "C"
       ON CONFLICT DO NOTHING
       RETURNING 1
     ), moved AS (
       UPDATE ledger_account a SET
         debits_pending = a.debits_pending + d.debits_pending,
         debits_posted = a.debits_posted + d.debits_posted,
         credits_pending = a.credits_pending + d.credits_pending,
         credits_posted = a.credits_posted + d.credits_posted
       FROM json_to_recordset($4::text::json) AS d(id bigint, debits_pending bigint, debits_posted bigint,
         credits_pending bigint, credits_posted bigint)
       WHERE a.id = d.id
       RETURNING a.id, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted
     )
     SELECT
       (SELECT json_agg(json_build_array(id, seq::text)) FROM inserted) AS seqs,
       (SELECT count(*) FROM released) AS released,
       (SELECT count(*) FROM claimed) AS claimed,
       (SELECT json_agg(json_build_array(id::text, debits_pending::text, debits_posted::text,
          credits_pending::text, credits_posted::text)) FROM moved) AS balances`),
    [toJson(transfers), toJson(released), toJson(claims), toJson(changes)],
  );
  return {
    seqs: new Map((row?.seqs ?? []).map(([id, seq]) => [id, BigInt(seq)])),
    keysReleased: releasedFirst + Number(row?.released ?? 0n),
    keysClaimed: Number(row?.claimed ?? 0n),
    balances: (row?.balances ?? []).map(([id, dpe, dpo, cpe, cpo]) => ({
      id: BigInt(id),
      debitsPending: BigInt(dpe),
      debitsPosted: BigInt(dpo),
      creditsPending: BigInt(cpe),
      creditsPosted: BigInt(cpo),
    })),
  };
}

/** Releases keys still held by the transfers named; returns how many were released. */
async function deleteKeys(sql: Sql, releases: ReadonlyMap<string, string>): Promise<number> {
  const payload = [...releases].map(([key, transferId]) => ({ unique_key: key, transfer_id: transferId }));
  const rows = await sql.query(
    `DELETE FROM ledger_unique_key k
     USING json_to_recordset($1::text::json) AS x(unique_key text, transfer_id text)
     WHERE k.unique_key = x.unique_key AND k.transfer_id = x.transfer_id
     RETURNING 1`,
    [toJson(payload)],
  );
  return rows.length;
}
