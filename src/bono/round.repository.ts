import type { Database, Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Channel, ControlCell, RegistryState, Round, RoundKind } from './bono.types.ts';

/**
 * The SQL of payment rounds (bono_round, bono_entitlement, and the replay's temporary tables);
 * round-freeze.ts, round-approval.ts, round-replay.ts and round-progress.ts touch the database only
 * through these functions, the ledger and the audit trail. The registry is read through its
 * published read model (registry_person, registry_person_history, registry_import_run,
 * registry_list_current, registry_list_bank_accounts: migration 0040, src/registry/README.md),
 * never its tables.
 *
 * Each function is one statement (reconstructRegistry, five in a row), so a service's round trips
 * and transactions are the ones it writes: freezing a round is benchmarked statement by statement
 * (bench/bono-round.bench.ts, docs/benchmarks.md).
 */

interface RoundRow {
  id: string | number | bigint;
  kind: RoundKind;
  as_of: string | Date;
  status: Round['status'];
  rules_version: string;
  parameters: Record<string, unknown>;
  registry_state: RegistryState;
  entitlement_count: string | number | bigint;
  total_centavos: string | number | bigint;
  control_totals: {
    departmentCode: number;
    band: string;
    channel: Channel;
    count: number;
    amountCentavos: string;
  }[];
  content_hash: string;
  note: string;
  created_by: string;
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  expired_at: Date | null;
}

const isoOf = (d: string | Date): IsoDate =>
  typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

function toRound(r: RoundRow): Round {
  return {
    id: Number(r.id),
    kind: r.kind,
    asOf: isoOf(r.as_of),
    status: r.status,
    rulesVersion: r.rules_version,
    parameters: r.parameters,
    registryState: r.registry_state,
    entitlementCount: Number(r.entitlement_count),
    totalCentavos: BigInt(r.total_centavos),
    controlTotals: r.control_totals.map((c) => ({ ...c, amountCentavos: BigInt(c.amountCentavos) })),
    contentHash: r.content_hash,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    expiredAt: r.expired_at,
  };
}

/**
 * A control cell as bono_round.control_totals stores it (and as the content hash's header reads
 * it): the amount as a decimal string, since JSON has no bigint.
 *
 * @example cellJson({ departmentCode: 2, band: 'A', channel: 'counter', count: 1, amountCentavos: 100000n })
 */
export const cellJson = (c: ControlCell) => ({ ...c, amountCentavos: c.amountCentavos.toString() });

/** The temporary copy of the registry as it was when a round froze, which a replay reads. */
export const REPLAY_PERSON_TABLE = 'replay_person';

/**
 * Reads a round.
 *
 * @example const round = await findRound(db, 3);
 */
export async function findRound(sql: Sql, id: number): Promise<Round | null> {
  const [r] = await sql.query<RoundRow>('SELECT * FROM bono_round WHERE id = $1', [id]);
  return r ? toRound(r) : null;
}

/**
 * Every round, the newest first.
 *
 * @example const rounds = await findRounds(db);
 */
export async function findRounds(sql: Sql): Promise<Round[]> {
  const rows = await sql.query<RoundRow>('SELECT * FROM bono_round ORDER BY id DESC');
  return rows.map(toRound);
}

/**
 * Reads a round and locks its row until the transaction ends; null when there is none.
 *
 * @example const round = await lockRound(tx, input.roundId);
 */
export async function lockRound(tx: Sql, id: number): Promise<Round | null> {
  const [r] = await tx.query<RoundRow>('SELECT * FROM bono_round WHERE id = $1 FOR UPDATE', [id]);
  return r ? toRound(r) : null;
}

/**
 * Locks bono_round against other freezes until the transaction ends. One round is frozen at a
 * time: two officers creating rounds at once must not both pass the "no other regular round" check.
 *
 * @example await lockRoundsForFreeze(tx);
 */
export async function lockRoundsForFreeze(tx: Sql): Promise<void> {
  await tx.query('LOCK TABLE bono_round IN SHARE ROW EXCLUSIVE MODE');
}

/**
 * The first regular round that is not rejected (frozen, approved or expired), if any.
 *
 * @example const other = await standingRegularRound(tx); // { id: 1, status: 'approved' }
 */
export async function standingRegularRound(tx: Sql): Promise<{ id: number; status: string } | undefined> {
  const [other] = await tx.query<{ id: number; status: string }>(
    `SELECT id::int AS id, status FROM bono_round WHERE kind = 'regular' AND status <> 'rejected' ORDER BY id LIMIT 1`,
  );
  return other;
}

/** What a round records of the registry it was frozen from, before the known lists are picked. */
export interface RegistryCounts {
  /** The last completed persons import, or null before the first. */
  personImportId: number | null;
  /** The current import of every source list, in list order. */
  lists: { list: string; import_id: number }[];
  persons: number;
  /** The last person_history row: changes after it are undone by a replay. */
  personHistoryId: number;
}

/**
 * The registry's state now, in four statements of the caller's transaction.
 *
 * @example const { personImportId, lists } = await registryCounts(tx);
 */
export async function registryCounts(tx: Sql): Promise<RegistryCounts> {
  const [imp] = await tx.query<{ id: number | null }>(
    `SELECT max(id)::int AS id FROM registry_import_run WHERE kind = 'persons' AND status = 'completed'`,
  );
  const lists = await tx.query<{ list: string; import_id: number }>(
    'SELECT list, import_id::int AS import_id FROM registry_list_current ORDER BY list',
  );
  const [n] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM registry_person');
  const [h] = await tx.query<{ id: number }>(
    'SELECT coalesce(max(id), 0)::int AS id FROM registry_person_history',
  );
  return {
    personImportId: imp?.id ?? null,
    lists,
    persons: n?.n ?? 0,
    personHistoryId: h?.id ?? 0,
  };
}

/**
 * The SELECT that yields a round's entitlement rows (without the round id), for freeze and replay:
 * the compiled rules `rules` joined to the registry's persons (department) and to the bank-accounts
 * list import `bankImport` (channel). `personIdsParam` names the query parameter holding the persons of a
 * supplementary round.
 *
 * @example const sql = entitlementSelectSql(rules, 4, { personIdsParam: '$2' });
 */
export function entitlementSelectSql(
  rules: string,
  bankImport: number | undefined,
  opts: { personTable?: string; personIdsParam?: string },
): string {
  const person = opts.personTable ?? 'registry_person';
  return `SELECT r.person_id, r.bono_amount_centavos AS amount_centavos, p.department_code::smallint AS department_code,
       r.bono_collection_window AS band, r.bono_collection_window_opens_on AS opens_on,
       r.bono_collection_window_closes_on AS closes_on, r.bono_payment_deadline AS deadline,
       CASE WHEN b.person_id IS NULL THEN 'counter' ELSE 'deposit' END AS channel,
       b.bank_bic, b.account_number
FROM (${rules}) r
JOIN ${person} p ON p.id = r.person_id
LEFT JOIN registry_list_bank_accounts b ON b.person_id = r.person_id AND b.import_id = ${bankImport === undefined ? 'NULL' : Number(bankImport)}
${opts.personIdsParam ? `WHERE r.person_id = ANY(${opts.personIdsParam}::bigint[])` : ''}`;
}

/** A round as it is written before its entitlements: status frozen, totals and hash still empty. */
export interface NewRound {
  kind: RoundKind;
  asOf: IsoDate;
  rulesVersion: string;
  parameters: Record<string, unknown>;
  registryState: RegistryState & { personHistoryId: number };
  note: string;
  createdBy: string;
  createdAt: Date;
}

/**
 * Writes a frozen round with zero totals and a provisional hash (64 zeros), and returns its id;
 * setRoundTotals completes it in the same transaction.
 *
 * @example const id = await insertFrozenRound(tx, { kind: 'regular', asOf: '2020-12-01', … });
 */
export async function insertFrozenRound(tx: Sql, round: NewRound): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO bono_round (kind, as_of, status, rules_version, parameters, registry_state, entitlement_count,
       total_centavos, control_totals, content_hash, note, created_by, created_at)
     VALUES ($1, $2, 'frozen', $3, $4, $5, 0, 0, '[]', repeat('0', 64), $6, $7, $8) RETURNING id::int AS id`,
    [
      round.kind,
      round.asOf,
      round.rulesVersion,
      JSON.stringify(round.parameters),
      JSON.stringify(round.registryState),
      round.note,
      round.createdBy,
      round.createdAt,
    ],
  );
  return row!.id;
}

/**
 * Writes round `roundId`'s entitlements from `select` (entitlementSelectSql). With `personIds` (a
 * supplementary round, whose select reads them as $2), anyone already entitled in another round
 * that is not rejected is left out.
 *
 * @example await insertEntitlements(tx, id, select, [17n, 42n]);
 */
export async function insertEntitlements(
  tx: Sql,
  roundId: number,
  select: string,
  personIds: readonly bigint[] | undefined,
): Promise<void> {
  const exclude = personIds
    ? `WHERE NOT EXISTS (SELECT 1 FROM bono_entitlement o JOIN bono_round r ON r.id = o.round_id
             WHERE o.person_id = s.person_id AND r.status <> 'rejected' AND r.id <> $1)`
    : '';
  // In person order, so that the primary key grows at its right edge: once the rules query's hash
  // joins spill to disk they return rows in batch order, and the index took those in 16 s where
  // sorted rows took 10.4 s, as fast as the bare insert (3.56 M rows, docs/benchmarks.md).
  await tx.query(
    `INSERT INTO bono_entitlement (round_id, person_id, amount_centavos, department_code, band, opens_on,
       closes_on, deadline, channel, bank_bic, account_number)
     SELECT $1, s.* FROM (${select}) s ${exclude} ORDER BY s.person_id`,
    personIds ? [roundId, personIds.map(String)] : [roundId],
  );
}

/**
 * Gives the rest of the transaction's sorts 256 MB, for the one-pass summary. Not the rules query
 * before it: given 64 or 256 MB its plan wrote the rows in 20–24 s instead of 10.4 s (PostgreSQL
 * 15, 3.56 M rows, docs/benchmarks.md).
 *
 * @example await giveSummaryMemory(tx);
 */
export async function giveSummaryMemory(tx: Sql): Promise<void> {
  await tx.exec(`SET LOCAL work_mem = '256MB'`);
}

/**
 * One group of entitlement rows: a block of 65,536 person ids × control cell (department, band,
 * channel), with its count, amount and the SHA-256 of its rows in person order.
 */
export interface EntitlementGroup {
  block: number;
  department_code: number;
  band: string;
  channel: Channel;
  n: number;
  amount: string;
  hash: string;
}

/** The groups of `table`'s rows that pass `where`, in one pass, in (block, cell) order. */
function entitlementGroups(
  tx: Sql,
  table: string,
  where: string,
  params: unknown[],
): Promise<EntitlementGroup[]> {
  return tx.query<EntitlementGroup>(
    `SELECT (person_id >> 16)::int AS block, department_code::int AS department_code, band, channel,
            count(*)::int AS n, sum(amount_centavos)::text AS amount,
            encode(sha256(convert_to(string_agg(concat_ws('|', person_id, amount_centavos,
              to_char(opens_on, 'YYYY-MM-DD'), to_char(closes_on, 'YYYY-MM-DD'), to_char(deadline, 'YYYY-MM-DD'),
              coalesce(bank_bic, ''), coalesce(account_number, '')), E'\n' ORDER BY person_id), 'UTF8')), 'hex') AS hash
     FROM ${table} WHERE ${where} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    params,
  );
}

/**
 * The groups of a round's stored entitlements (see EntitlementGroup), for its totals and hash.
 *
 * @example const groups = await roundEntitlementGroups(tx, 3);
 */
export function roundEntitlementGroups(tx: Sql, roundId: number): Promise<EntitlementGroup[]> {
  return entitlementGroups(tx, 'bono_entitlement', 'round_id = $1', [roundId]);
}

/**
 * The groups of the entitlements a replay recomputed (createReplayEntitlements).
 *
 * @example const groups = await replayEntitlementGroups(tx);
 */
export function replayEntitlementGroups(tx: Sql): Promise<EntitlementGroup[]> {
  return entitlementGroups(tx, 'replay_entitlement', 'TRUE', []);
}

/**
 * Completes a frozen round with its count, total, control totals and content hash.
 *
 * @example const round = await setRoundTotals(tx, id, { count, total, controlTotals, contentHash });
 */
export async function setRoundTotals(
  tx: Sql,
  roundId: number,
  sum: { count: number; total: bigint; controlTotals: readonly ControlCell[]; contentHash: string },
): Promise<Round> {
  const [r] = await tx.query<RoundRow>(
    `UPDATE bono_round SET entitlement_count = $2, total_centavos = $3, control_totals = $4, content_hash = $5
     WHERE id = $1 RETURNING *`,
    [
      roundId,
      sum.count,
      sum.total.toString(),
      JSON.stringify(sum.controlTotals.map(cellJson)),
      sum.contentHash,
    ],
  );
  return toRound(r!);
}

/**
 * Fresh statistics for bono_entitlement, the table the payout path reads by person.
 *
 * @example await analyzeEntitlements(db);
 */
export async function analyzeEntitlements(db: Database): Promise<void> {
  await db.exec('ANALYZE bono_entitlement');
}

/**
 * How many persons of round `roundId` are entitled in another round that is approved or expired.
 *
 * @example if ((await countApprovedOverlaps(tx, 3)) > 0) …
 */
export async function countApprovedOverlaps(tx: Sql, roundId: number): Promise<number> {
  const [clash] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bono_entitlement e
     WHERE e.round_id = $1 AND EXISTS (SELECT 1 FROM bono_entitlement o JOIN bono_round r ON r.id = o.round_id
       WHERE o.person_id = e.person_id AND o.round_id <> $1 AND r.status IN ('approved', 'expired'))`,
    [roundId],
  );
  return clash?.n ?? 0;
}

/**
 * Records the second officer's decision on a frozen round.
 *
 * @example const approved = await decideRound(tx, 3, 'approved', { by: 'account:luis', at, note: '' });
 */
export async function decideRound(
  tx: Sql,
  roundId: number,
  status: 'approved' | 'rejected',
  decision: { by: string; at: Date; note: string },
): Promise<Round> {
  const [r] = await tx.query<RoundRow>(
    `UPDATE bono_round SET status = '${status}', decided_by = $2, decided_at = $3, decision_note = $4
     WHERE id = $1 RETURNING *`,
    [roundId, decision.by, decision.at, decision.note],
  );
  return toRound(r!);
}

/**
 * Builds REPLAY_PERSON_TABLE, dropped at commit: the persons imported up to `personImportId`, each
 * column put back to the value it had at person_history row `personHistoryId`, the department
 * recomputed, indexed and analysed.
 *
 * @example await reconstructRegistry(tx, state.personImportId, state.personHistoryId);
 */
export async function reconstructRegistry(
  tx: Sql,
  personImportId: number | null,
  personHistoryId: number,
): Promise<void> {
  await tx.exec(
    `CREATE TEMP TABLE replay_person ON COMMIT DROP AS SELECT * FROM registry_person WHERE created_import_id <= ${Number(personImportId ?? 0)}`,
  );
  // Undo later changes: for each person changed after the freeze, the values before the first
  // such change. Then recompute the department, which the person table derives from the municipality.
  // Each column takes the value it had before its first change after the freeze: an import
  // records only the columns it may change, a correction others, so the earliest row per column
  // (not per person) holds the frozen value.
  await tx.query(
    `UPDATE replay_person r SET (given_names, first_surname, second_surname, date_of_birth, sex, municipality_code,
         residence_country, date_of_death) =
       (SELECT o.given_names, o.first_surname, o.second_surname, o.date_of_birth, o.sex, o.municipality_code,
               o.residence_country, o.date_of_death
        FROM jsonb_populate_record(NULL::replay_person, to_jsonb(r) || h.old_values) o)
     FROM (SELECT person_id, jsonb_object_agg(key, value) AS old_values
           FROM (SELECT DISTINCT ON (h.person_id, kv.key) h.person_id, kv.key, kv.value
                 FROM registry_person_history h, jsonb_each(h.old_values) kv
                 WHERE h.id > $1 ORDER BY h.person_id, kv.key, h.id) first_change
           GROUP BY person_id) h
     WHERE h.person_id = r.id`,
    [personHistoryId],
  );
  await tx.exec('UPDATE replay_person SET department_code = substr(municipality_code, 1, 2)::smallint');
  await tx.exec('CREATE INDEX ON replay_person (id)');
  await tx.exec('ANALYZE replay_person');
}

/**
 * The persons entitled in round `roundId`, as decimal strings (a supplementary round replays over
 * them only).
 *
 * @example const persons = await entitledPersonIds(tx, 7); // ['17', '42']
 */
export async function entitledPersonIds(tx: Sql, roundId: number): Promise<string[]> {
  const rows = await tx.query<{ person_id: string }>(
    'SELECT person_id::text AS person_id FROM bono_entitlement WHERE round_id = $1',
    [roundId],
  );
  return rows.map((r) => r.person_id);
}

/**
 * Writes the replay's entitlement rows from `select` into a temporary table dropped at commit;
 * `persons` fills the select's $1 when it names persons.
 *
 * @example await createReplayEntitlements(tx, select, ['17', '42']);
 */
export async function createReplayEntitlements(
  tx: Sql,
  select: string,
  persons: readonly string[] | undefined,
): Promise<void> {
  await tx.query(
    `CREATE TEMP TABLE replay_entitlement ON COMMIT DROP AS ${select}`,
    persons ? [persons] : [],
  );
}

/** A person whose frozen entitlement and replayed one differ (amount|band|channel|bank). */
export interface ReplayDifference {
  person_id: string;
  frozen: string | null;
  replayed: string | null;
}

/**
 * The first 20 persons, in order, whose row in round `roundId` differs from the replayed one.
 *
 * @example const differences = await replayDifferences(tx, 3);
 */
export function replayDifferences(tx: Sql, roundId: number): Promise<ReplayDifference[]> {
  return tx.query<ReplayDifference>(
    `WITH f AS (SELECT person_id, concat_ws('|', amount_centavos, band, channel, bank_bic) AS v FROM bono_entitlement WHERE round_id = $1),
          r AS (SELECT person_id, concat_ws('|', amount_centavos, band, channel, bank_bic) AS v FROM replay_entitlement)
     SELECT coalesce(f.person_id, r.person_id)::text AS person_id, f.v AS frozen, r.v AS replayed
     FROM f FULL JOIN r ON f.person_id = r.person_id
     WHERE f.v IS DISTINCT FROM r.v ORDER BY 1 LIMIT 20`,
    [roundId],
  );
}

/** A count and its amount. */
export interface Tally {
  count: number;
  amountCentavos: bigint;
}

/** What a round owes and has paid, by channel, and the deposits sent and not yet answered. */
export interface PaymentTotals {
  entitled: Tally;
  paidCounter: Tally;
  paidDeposit: Tally;
  depositsInFlight: Tally;
}

/**
 * A round's entitlements, live payments by channel and deposits in flight, in one pass.
 *
 * @example const { entitled, paidCounter } = await paymentTotals(db, 3);
 */
export async function paymentTotals(sql: Sql, roundId: number): Promise<PaymentTotals> {
  const [t] = await sql.query<Record<string, string>>(
    `SELECT count(*)::text AS entitled_n, coalesce(sum(e.amount_centavos), 0)::text AS entitled_a,
            count(*) FILTER (WHERE p.channel = 'counter')::text AS counter_n,
            coalesce(sum(p.amount_centavos) FILTER (WHERE p.channel = 'counter'), 0)::text AS counter_a,
            count(*) FILTER (WHERE p.channel = 'deposit')::text AS deposit_n,
            coalesce(sum(p.amount_centavos) FILTER (WHERE p.channel = 'deposit'), 0)::text AS deposit_a,
            count(*) FILTER (WHERE p.id IS NULL AND d.person_id IS NOT NULL)::text AS flight_n,
            coalesce(sum(e.amount_centavos) FILTER (WHERE p.id IS NULL AND d.person_id IS NOT NULL), 0)::text AS flight_a
     FROM bono_entitlement e
     LEFT JOIN bono_payment p ON p.person_id = e.person_id AND p.round_id = e.round_id AND p.reversed_at IS NULL
     LEFT JOIN bono_deposit d ON d.person_id = e.person_id AND d.round_id = e.round_id AND d.state = 'sent'
     WHERE e.round_id = $1`,
    [roundId],
  );
  const pair = (n: string | undefined, a: string | undefined): Tally => ({
    count: Number(n ?? 0),
    amountCentavos: BigInt(a ?? 0),
  });
  return {
    entitled: pair(t?.['entitled_n'], t?.['entitled_a']),
    paidCounter: pair(t?.['counter_n'], t?.['counter_a']),
    paidDeposit: pair(t?.['deposit_n'], t?.['deposit_a']),
    depositsInFlight: pair(t?.['flight_n'], t?.['flight_a']),
  };
}

/**
 * A round's live payments per day in Bolivia, by channel.
 *
 * @example const days = await paymentsByDay(db, 3); // [{ day: '2020-12-01', counter: 5, deposit: 0, amountCentavos: 500000n }]
 */
export async function paymentsByDay(
  sql: Sql,
  roundId: number,
): Promise<{ day: IsoDate; counter: number; deposit: number; amountCentavos: bigint }[]> {
  const days = await sql.query<{ day: string; counter: number; deposit: number; amount: string }>(
    `SELECT to_char((paid_at AT TIME ZONE 'America/La_Paz')::date, 'YYYY-MM-DD') AS day,
            count(*) FILTER (WHERE channel = 'counter')::int AS counter,
            count(*) FILTER (WHERE channel = 'deposit')::int AS deposit,
            sum(amount_centavos)::text AS amount
     FROM bono_payment WHERE round_id = $1 AND reversed_at IS NULL GROUP BY 1 ORDER BY 1`,
    [roundId],
  );
  return days.map((d) => ({
    day: d.day,
    counter: d.counter,
    deposit: d.deposit,
    amountCentavos: BigInt(d.amount),
  }));
}
