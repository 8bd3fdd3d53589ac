import { createHash } from 'node:crypto';
import { type Actor, appendAudit, canonicalJson, toAuditJson } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { BOB_LEDGER, createTransfers } from '../ledger/index.ts';
import { SOURCE_LISTS } from '../registry/index.ts';
import { bind, bono, compileSelect } from '../rules/index.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import { ensureBonoAccounts } from './bono.accounts.ts';
import type { Channel, ControlCell, RegistryState, Round, RoundKind } from './bono.types.ts';
import { splitByShares } from './operations.ts';

/**
 * Payment rounds: the bono's rules applied to the registry on a date, frozen with everything a
 * replay needs, then approved by a second officer before any money moves (maker-checker).
 *
 * Freezing is one `INSERT … SELECT` of the compiled rules into bono_entitlement (the population is
 * never pulled into Node), then control totals and a content hash computed in the database in one
 * pass: the hash is SHA-256 over a header and one SHA-256 per group of rows (block of 65,536 person
 * ids × department × age band × channel), so memory stays bounded at any population size and a
 * replay recomputes the same groups.
 */

/** The columns the compiled rules return for each entitled person. */
const RULE_COLUMNS = [
  'bono_amount_centavos',
  'bono_collection_window',
  'bono_collection_window_opens_on',
  'bono_collection_window_closes_on',
  'bono_payment_deadline',
] as const;

export interface CreateRoundInput {
  asOf: IsoDate;
  kind: RoundKind;
  /** A supplementary round only considers these persons (those granted by grievances). */
  personIds?: readonly bigint[];
  note?: string;
  actor: Actor;
  at: Date;
  onProgress?: (step: string) => void;
}

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

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The rules as applied on `asOf`: every bono parameter in force, as written in the law's file. */
function rulesSnapshot(asOf: IsoDate): {
  parameters: Record<string, unknown>;
  bound: ReturnType<typeof bind>;
} {
  const bound = bind(bono, { date: asOf });
  const parameters: Record<string, unknown> = {};
  for (const name of bono.parameters.names()) {
    const p = bound.parameter(name);
    parameters[name] = { value: p.raw, effectiveFrom: p.effectiveFrom };
  }
  return { parameters, bound };
}

/** The SELECT that yields a round's entitlement rows (without the round id), for freeze and replay. */
function entitlementSelect(
  asOf: IsoDate,
  state: RegistryState,
  opts: { personTable?: string; personIdsParam?: string },
): { sql: string; rulesVersion: string; parameters: Record<string, unknown> } {
  const { parameters, bound } = rulesSnapshot(asOf);
  const rules = compileSelect(
    bound,
    {
      where: 'bono_eligible',
      columns: RULE_COLUMNS,
      listImports: state.sourceLists,
      ...(opts.personTable ? { personTable: opts.personTable } : {}),
    },
    SOURCE_LISTS,
  );
  // The rules version names the formulas (as compiled SQL, which embeds every folded parameter)
  // and the parameter values with the dates they took effect.
  // It is computed over the query on the live person table, so a replay (which reads a
  // reconstructed copy) names the same version.
  const canonicalRules = opts.personTable
    ? compileSelect(
        bound,
        { where: 'bono_eligible', columns: RULE_COLUMNS, listImports: state.sourceLists },
        SOURCE_LISTS,
      )
    : rules;
  const rulesVersion = sha256(
    canonicalJson(
      toAuditJson({ programme: 'bono', asOf, parameters, sql: canonicalRules.replaceAll(/\s+/g, ' ') }),
    ),
  );
  const bankImport = state.sourceLists['bank-accounts'];
  const person = opts.personTable ?? 'person';
  const sql = `SELECT r.person_id, r.bono_amount_centavos AS amount_centavos, p.department_code::smallint AS department_code,
       r.bono_collection_window AS band, r.bono_collection_window_opens_on AS opens_on,
       r.bono_collection_window_closes_on AS closes_on, r.bono_payment_deadline AS deadline,
       CASE WHEN b.person_id IS NULL THEN 'counter' ELSE 'deposit' END AS channel,
       b.bank_bic, b.account_number
FROM (${rules}) r
JOIN ${person} p ON p.id = r.person_id
LEFT JOIN source_bank_account b ON b.person_id = r.person_id AND b.import_id = ${bankImport === undefined ? 'NULL' : Number(bankImport)}
${opts.personIdsParam ? `WHERE r.person_id = ANY(${opts.personIdsParam}::bigint[])` : ''}`;
  return { sql, rulesVersion, parameters };
}

async function readRegistryState(tx: Sql): Promise<RegistryState & { personHistoryId: number }> {
  const [imp] = await tx.query<{ id: number | null }>(
    `SELECT max(id)::int AS id FROM import_run WHERE kind = 'persons' AND status = 'completed'`,
  );
  const lists = await tx.query<{ list: string; import_id: number }>(
    'SELECT list, import_id::int AS import_id FROM source_list_current ORDER BY list',
  );
  const [n] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM person');
  const [h] = await tx.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM person_history');
  const known = new Set(SOURCE_LISTS.map((l) => l.name));
  return {
    personImportId: imp?.id ?? null,
    sourceLists: Object.fromEntries(lists.filter((l) => known.has(l.list)).map((l) => [l.list, l.import_id])),
    persons: n?.n ?? 0,
    personHistoryId: h?.id ?? 0,
  };
}

/**
 * Control totals and content hash of the entitlement rows of `table` (filtered by `where`),
 * computed in the database in blocks of 65,536 person ids.
 */
async function summarise(
  tx: Sql,
  table: string,
  where: string,
  params: unknown[],
  header: Record<string, unknown>,
): Promise<{ controlTotals: ControlCell[]; count: number; total: bigint; contentHash: string }> {
  // One pass: rows grouped by block of 65,536 person ids and by control cell (department, band,
  // channel), each group with its count, amount and the SHA-256 of its rows in person order. The
  // control totals are the groups summed over blocks; the content hash covers every group's hash.
  const groups = await tx.query<{
    block: number;
    department_code: number;
    band: string;
    channel: Channel;
    n: number;
    amount: string;
    hash: string;
  }>(
    `SELECT (person_id >> 16)::int AS block, department_code::int AS department_code, band, channel,
            count(*)::int AS n, sum(amount_centavos)::text AS amount,
            encode(sha256(convert_to(string_agg(concat_ws('|', person_id, amount_centavos,
              to_char(opens_on, 'YYYY-MM-DD'), to_char(closes_on, 'YYYY-MM-DD'), to_char(deadline, 'YYYY-MM-DD'),
              coalesce(bank_bic, ''), coalesce(account_number, '')), E'\n' ORDER BY person_id), 'UTF8')), 'hex') AS hash
     FROM ${table} WHERE ${where} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    params,
  );
  const cells = new Map<string, ControlCell>();
  for (const g of groups) {
    const key = `${g.department_code}|${g.band}|${g.channel}`;
    const cell = cells.get(key) ?? {
      departmentCode: g.department_code,
      band: g.band,
      channel: g.channel,
      count: 0,
      amountCentavos: 0n,
    };
    cell.count += g.n;
    cell.amountCentavos += BigInt(g.amount);
    cells.set(key, cell);
  }
  const controlTotals = [...cells.values()].sort(
    (x, y) =>
      x.departmentCode - y.departmentCode ||
      (x.band < y.band ? -1 : x.band > y.band ? 1 : 0) ||
      (x.channel < y.channel ? -1 : x.channel > y.channel ? 1 : 0),
  );
  const count = controlTotals.reduce((s, c) => s + c.count, 0);
  const total = controlTotals.reduce((s, c) => s + c.amountCentavos, 0n);
  const head = canonicalJson(
    toAuditJson({
      ...header,
      count,
      totalCentavos: total.toString(),
      controlTotals: controlTotals.map(cellJson),
    }),
  );
  const lines = groups.map(
    (g) => `${g.block}:${g.department_code}:${g.band}:${g.channel}:${g.n}:${g.amount}:${g.hash}`,
  );
  const contentHash = sha256(`${head}\n${lines.join('\n')}`);
  return { controlTotals, count, total, contentHash };
}

const cellJson = (c: ControlCell) => ({ ...c, amountCentavos: c.amountCentavos.toString() });

/**
 * Freezes a round: applies the bono's rules on `asOf` to the registry, writes the entitlements
 * and the round with its snapshot, control totals and content hash, in one transaction.
 * A regular round is refused while another regular round is frozen, approved or expired (use a
 * supplementary round for later additions); a supplementary round leaves out anyone already
 * entitled in a round that is not rejected.
 *
 * @example const round = await createRound(db, { asOf: '2020-12-01', kind: 'regular', actor: 'account:ana', at: new Date() });
 */
export async function createRound(db: Database, input: CreateRoundInput): Promise<Round> {
  if (parseIsoDate(input.asOf) !== input.asOf)
    throw new UserError(
      'round_date_invalid',
      `The round date must be a date YYYY-MM-DD, got "${input.asOf}".`,
    );
  if (input.kind === 'supplementary' && (!input.personIds || input.personIds.length === 0))
    throw new UserError('round_persons_missing', 'A supplementary round names the persons it adds.');
  if (input.kind === 'regular' && input.personIds)
    throw new UserError(
      'round_persons_not_allowed',
      'A regular round covers the whole registry; name persons only in a supplementary round.',
    );
  const progress = input.onProgress ?? (() => {});
  await ensureBonoAccounts(db, input.at);
  const created = await db.transaction(async (tx) => {
    // One round is frozen at a time: two officers creating rounds at once must not both pass the
    // "no other regular round" check.
    await tx.query('LOCK TABLE bono_round IN SHARE ROW EXCLUSIVE MODE');
    if (input.kind === 'regular') {
      const [other] = await tx.query<{ id: number; status: string }>(
        `SELECT id::int AS id, status FROM bono_round WHERE kind = 'regular' AND status <> 'rejected' ORDER BY id LIMIT 1`,
      );
      if (other)
        throw new UserError(
          'regular_round_exists',
          `Regular round ${other.id} is ${other.status}; a person is paid once, so add later entitlements with a supplementary round, or reject round ${other.id} first.`,
          { roundId: other.id },
        );
    }
    progress('reading the registry state');
    const state = await readRegistryState(tx);
    const { sql, rulesVersion, parameters } = entitlementSelect(input.asOf, state, {
      ...(input.personIds ? { personIdsParam: '$2' } : {}),
    });
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO bono_round (kind, as_of, status, rules_version, parameters, registry_state, entitlement_count,
         total_centavos, control_totals, content_hash, note, created_by, created_at)
       VALUES ($1, $2, 'frozen', $3, $4, $5, 0, 0, '[]', repeat('0', 64), $6, $7, $8) RETURNING id::int AS id`,
      [
        input.kind,
        input.asOf,
        rulesVersion,
        JSON.stringify(parameters),
        JSON.stringify(state),
        input.note ?? '',
        input.actor,
        input.at,
      ],
    );
    const id = row!.id;
    progress('applying the rules to the registry');
    const exclude =
      input.kind === 'supplementary'
        ? `WHERE NOT EXISTS (SELECT 1 FROM bono_entitlement o JOIN bono_round r ON r.id = o.round_id
             WHERE o.person_id = s.person_id AND r.status <> 'rejected' AND r.id <> $1)`
        : '';
    // In person order, so that the primary key grows at its right edge: once the rules query's hash
    // joins spill to disk they return rows in batch order, and the index took those in 16 s where
    // sorted rows took 10.4 s, as fast as the bare insert (3.56 M rows, docs/benchmarks.md).
    await tx.query(
      `INSERT INTO bono_entitlement (round_id, person_id, amount_centavos, department_code, band, opens_on,
         closes_on, deadline, channel, bank_bic, account_number)
       SELECT $1, s.* FROM (${sql}) s ${exclude} ORDER BY s.person_id`,
      input.personIds ? [id, input.personIds.map(String)] : [id],
    );
    progress('computing control totals and the content hash');
    // The one-pass summary's sorts get memory. Not the rules query above: given 64 or 256 MB its
    // plan wrote the rows in 20–24 s instead of 10.4 s (PostgreSQL 15, 3.56 M rows, docs/benchmarks.md).
    await tx.exec(`SET LOCAL work_mem = '256MB'`);
    const sum = await summarise(
      tx,
      'bono_entitlement',
      'round_id = $1',
      [id],
      roundHeader(input.kind, input.asOf, rulesVersion),
    );
    if (sum.count === 0 && input.kind === 'supplementary')
      throw new UserError(
        'round_empty',
        'None of the named persons is entitled on that date, or they are already entitled in another round.',
      );
    const [r] = await tx.query<RoundRow>(
      `UPDATE bono_round SET entitlement_count = $2, total_centavos = $3, control_totals = $4, content_hash = $5
       WHERE id = $1 RETURNING *`,
      [id, sum.count, sum.total.toString(), JSON.stringify(sum.controlTotals.map(cellJson)), sum.contentHash],
    );
    const round = toRound(r!);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono_round.frozen',
      entityType: 'bono_round',
      entityId: id,
      after: auditView(round),
    });
    return round;
  });
  // Fresh statistics for the table the payout path reads by person.
  await db.exec('ANALYZE bono_entitlement');
  return created;
}

const roundHeader = (kind: RoundKind, asOf: IsoDate, rulesVersion: string) => ({
  programme: 'bono',
  kind,
  asOf,
  rulesVersion,
});

function auditView(r: Round) {
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

/**
 * The SELECT a regular round on `asOf` would freeze, against the registry as it is: for the
 * benchmark that compares freezing with a bare INSERT … SELECT of the same rows.
 */
export async function entitlementSelectForBench(sql: Sql, asOf: IsoDate): Promise<string> {
  const state = await readRegistryState(sql);
  return entitlementSelect(asOf, state, {}).sql;
}

export async function getRound(sql: Sql, id: number): Promise<Round | null> {
  const [r] = await sql.query<RoundRow>('SELECT * FROM bono_round WHERE id = $1', [id]);
  return r ? toRound(r) : null;
}

export async function listRounds(sql: Sql): Promise<Round[]> {
  const rows = await sql.query<RoundRow>('SELECT * FROM bono_round ORDER BY id DESC');
  return rows.map(toRound);
}

async function lockRound(tx: Sql, id: number): Promise<Round> {
  const [r] = await tx.query<RoundRow>('SELECT * FROM bono_round WHERE id = $1 FOR UPDATE', [id]);
  if (!r)
    throw new UserError('round_not_found', `There is no round ${id}: list rounds with ayni bono round list.`);
  return toRound(r);
}

export interface DecideRoundInput {
  roundId: number;
  actor: Actor;
  at: Date;
  note?: string;
}

function refuseOwnRound(round: Round, actor: Actor, verb: string): void {
  if (round.createdBy === actor)
    throw new UserError(
      'maker_checker',
      `${actor} created round ${round.id} and cannot ${verb} it: a second officer with the bono approver role must.`,
      { roundId: round.id },
    );
  if (round.status !== 'frozen')
    throw new UserError(
      'round_not_frozen',
      `Round ${round.id} is ${round.status}; only a frozen round can be approved or rejected.`,
      { roundId: round.id, status: round.status },
    );
}

/**
 * Approves a frozen round: moves its total from the funding lines to entitlements payable (the
 * transfers' ids name the round, so a retried approval cannot fund it twice) and opens payment.
 */
export async function approveRound(db: Database, input: DecideRoundInput): Promise<Round> {
  const accounts = await ensureBonoAccounts(db, input.at);
  return db.transaction(async (tx) => {
    const round = await lockRound(tx, input.roundId);
    refuseOwnRound(round, input.actor, 'approve');
    const [clash] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bono_entitlement e
       WHERE e.round_id = $1 AND EXISTS (SELECT 1 FROM bono_entitlement o JOIN bono_round r ON r.id = o.round_id
         WHERE o.person_id = e.person_id AND o.round_id <> $1 AND r.status IN ('approved', 'expired'))`,
      [round.id],
    );
    if (clash && clash.n > 0)
      throw new UserError(
        'round_overlaps',
        `${clash.n} person(s) of round ${round.id} are already entitled in an approved round; reject this round and create it again.`,
      );
    if (round.totalCentavos > 0n) {
      const parts = splitByShares(round.totalCentavos, accounts.funding);
      const results = await createTransfers(
        tx,
        accounts.funding
          .map((line, i) => ({
            kind: 'single_phase' as const,
            id: `bono:fund:${round.id}:${line.code}`,
            debitAccountId: line.id,
            creditAccountId: accounts.payable,
            amount: parts[i]!,
            ledger: BOB_LEDGER,
            code: 'bono.fund',
            userData64: BigInt(round.id),
            occurredAt: input.at,
          }))
          .filter((t) => t.amount > 0n),
      );
      for (const r of results)
        if (r.result !== 'ok' && r.result !== 'exists')
          throw new Error(`funding round ${round.id} failed in the ledger: ${r.result}`);
    }
    const [r] = await tx.query<RoundRow>(
      `UPDATE bono_round SET status = 'approved', decided_by = $2, decided_at = $3, decision_note = $4
       WHERE id = $1 RETURNING *`,
      [round.id, input.actor, input.at, input.note ?? ''],
    );
    const approved = toRound(r!);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono_round.approved',
      entityType: 'bono_round',
      entityId: round.id,
      before: auditView(round),
      after: auditView(approved),
    });
    return approved;
  });
}

/** Rejects a frozen round: nothing was paid and nothing will be; its rows stay for the record. */
export async function rejectRound(db: Database, input: DecideRoundInput): Promise<Round> {
  if (!input.note?.trim())
    throw new UserError('reason_required', 'Say why the round is rejected, so its creator can correct it.');
  return db.transaction(async (tx) => {
    const round = await lockRound(tx, input.roundId);
    refuseOwnRound(round, input.actor, 'reject');
    const [r] = await tx.query<RoundRow>(
      `UPDATE bono_round SET status = 'rejected', decided_by = $2, decided_at = $3, decision_note = $4
       WHERE id = $1 RETURNING *`,
      [round.id, input.actor, input.at, input.note],
    );
    const rejected = toRound(r!);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono_round.rejected',
      entityType: 'bono_round',
      entityId: round.id,
      before: auditView(round),
      after: { ...auditView(rejected), note: input.note },
    });
    return rejected;
  });
}

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
 */
export async function replayRound(db: Database, roundId: number): Promise<Replay> {
  return db.transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    if (!round) throw new UserError('round_not_found', `There is no round ${roundId}.`);
    const state = round.registryState as RegistryState & { personHistoryId: number };
    await tx.exec(
      `CREATE TEMP TABLE replay_person ON COMMIT DROP AS SELECT * FROM person WHERE created_import_id <= ${Number(state.personImportId ?? 0)}`,
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
                   FROM person_history h, jsonb_each(h.old_values) kv
                   WHERE h.id > $1 ORDER BY h.person_id, kv.key, h.id) first_change
             GROUP BY person_id) h
       WHERE h.person_id = r.id`,
      [state.personHistoryId ?? 0],
    );
    await tx.exec('UPDATE replay_person SET department_code = substr(municipality_code, 1, 2)::smallint');
    await tx.exec('CREATE INDEX ON replay_person (id)');
    await tx.exec('ANALYZE replay_person');
    const persons =
      round.kind === 'supplementary'
        ? (
            await tx.query<{ person_id: string }>(
              'SELECT person_id::text AS person_id FROM bono_entitlement WHERE round_id = $1',
              [roundId],
            )
          ).map((r) => r.person_id)
        : undefined;
    const { sql, rulesVersion } = entitlementSelect(round.asOf, state, {
      personTable: 'replay_person',
      ...(persons ? { personIdsParam: '$1' } : {}),
    });
    await tx.query(`CREATE TEMP TABLE replay_entitlement ON COMMIT DROP AS ${sql}`, persons ? [persons] : []);
    const sum = await summarise(
      tx,
      'replay_entitlement',
      'TRUE',
      [],
      roundHeader(round.kind, round.asOf, rulesVersion),
    );
    const rows = await summarise(
      tx,
      'bono_entitlement',
      'round_id = $1',
      [roundId],
      roundHeader(round.kind, round.asOf, round.rulesVersion),
    );
    const differences = await tx.query<{ person_id: string; frozen: string | null; replayed: string | null }>(
      `WITH f AS (SELECT person_id, concat_ws('|', amount_centavos, band, channel, bank_bic) AS v FROM bono_entitlement WHERE round_id = $1),
            r AS (SELECT person_id, concat_ws('|', amount_centavos, band, channel, bank_bic) AS v FROM replay_entitlement)
       SELECT coalesce(f.person_id, r.person_id)::text AS person_id, f.v AS frozen, r.v AS replayed
       FROM f FULL JOIN r ON f.person_id = r.person_id
       WHERE f.v IS DISTINCT FROM r.v ORDER BY 1 LIMIT 20`,
      [roundId],
    );
    return {
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
    };
  });
}

export interface RoundProgress {
  roundId: number;
  entitled: { count: number; amountCentavos: bigint };
  paidCounter: { count: number; amountCentavos: bigint };
  paidDeposit: { count: number; amountCentavos: bigint };
  depositsInFlight: { count: number; amountCentavos: bigint };
  unpaid: { count: number; amountCentavos: bigint };
  byDay: { day: IsoDate; counter: number; deposit: number; amountCentavos: bigint }[];
}

/** How far payment of a round has gone: by channel, in flight, unpaid, and per day in Bolivia. */
export async function roundProgress(sql: Sql, roundId: number): Promise<RoundProgress> {
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
  const days = await sql.query<{ day: string; counter: number; deposit: number; amount: string }>(
    `SELECT to_char((paid_at AT TIME ZONE 'America/La_Paz')::date, 'YYYY-MM-DD') AS day,
            count(*) FILTER (WHERE channel = 'counter')::int AS counter,
            count(*) FILTER (WHERE channel = 'deposit')::int AS deposit,
            sum(amount_centavos)::text AS amount
     FROM bono_payment WHERE round_id = $1 AND reversed_at IS NULL GROUP BY 1 ORDER BY 1`,
    [roundId],
  );
  const pair = (n: string | undefined, a: string | undefined) => ({
    count: Number(n ?? 0),
    amountCentavos: BigInt(a ?? 0),
  });
  const entitled = pair(t?.['entitled_n'], t?.['entitled_a']);
  const paidCounter = pair(t?.['counter_n'], t?.['counter_a']);
  const paidDeposit = pair(t?.['deposit_n'], t?.['deposit_a']);
  return {
    roundId,
    entitled,
    paidCounter,
    paidDeposit,
    depositsInFlight: pair(t?.['flight_n'], t?.['flight_a']),
    unpaid: {
      count: entitled.count - paidCounter.count - paidDeposit.count,
      amountCentavos: entitled.amountCentavos - paidCounter.amountCentavos - paidDeposit.amountCentavos,
    },
    byDay: days.map((d) => ({
      day: d.day,
      counter: d.counter,
      deposit: d.deposit,
      amountCentavos: BigInt(d.amount),
    })),
  };
}
