import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { pendingListReviews } from '../registry/index.ts';
import { bono as bonoProgramme } from '../rules/index.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import { ensureBonoAccounts } from './bono.accounts.ts';
import type { Round, RoundKind, RoundStatus } from './bono.types.ts';
import type { RoundFreezeFailure } from './round.failures.ts';
import {
  analyzeEntitlements,
  giveSummaryMemory,
  insertEntitlements,
  insertFrozenRound,
  lockRoundsForFreeze,
  roundEntitlementGroups,
  setRoundTotals,
  standingRegularRound,
} from './round.repository.ts';
import { roundAuditView } from './round.service.ts';
import {
  entitlementSelect,
  frozenRoundRules,
  type RoundRules,
  readRegistryState,
  roundHeader,
  roundRules,
  summarise,
} from './round-snapshot.ts';

/**
 * Freezing a round. It is one `INSERT … SELECT` of the compiled rules into bono_entitlement (the
 * population is never pulled into Node), then control totals and a content hash computed in the
 * database in one pass (round-snapshot.ts), in one transaction. Its statements are benchmarked
 * against a bare `INSERT … SELECT` of the same rows (bench/bono-round.bench.ts).
 */

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

/**
 * The source lists the bono's exclusions read (AFP contributors, survivors, Bono Familia …): a row
 * of one waiting in the registry's identity review queue could be an excluded person, so a round
 * is not frozen past it (issue #23).
 */
const EXCLUSION_LISTS: readonly string[] = [
  ...new Set(
    [...bonoProgramme.variables.values()]
      .filter((v) => v.name.startsWith('bono_excluded'))
      .flatMap((v) => v.reads.lists ?? []),
  ),
];

/** How many of the persons a waiting review may name the refusal lists. */
const PENDING_PERSONS_SHOWN = 50;

/**
 * A refusal met after the round's rows were written (an empty supplementary round): thrown so that
 * the transaction rolls them back, and caught by createRound, which returns its failure. Private to
 * this file: no caller ever sees it.
 */
class FreezeRefused extends Error {
  constructor(readonly failure: RoundFreezeFailure) {
    super(failure.code);
  }
}

/**
 * Freezes a round: applies the bono's rules on `asOf` to the registry, writes the entitlements
 * and the round with its snapshot, control totals and content hash, in one transaction.
 * A regular round is refused while another regular round is frozen, approved or expired (use a
 * supplementary round for later additions); a supplementary round leaves out anyone already
 * entitled in a round that is not rejected.
 *
 * @example const r = await createRound(db, { asOf: '2020-12-01', kind: 'regular', actor: 'account:ana', at: new Date() }); // r.ok ? r.value.status === 'frozen' : r.error.code
 */
export async function createRound(
  db: Database,
  input: CreateRoundInput,
): Promise<Result<Round, RoundFreezeFailure>> {
  if (parseIsoDate(input.asOf) !== input.asOf) return fail({ code: 'round_date_invalid', asOf: input.asOf });
  if (input.kind === 'supplementary' && (!input.personIds || input.personIds.length === 0))
    return fail({ code: 'round_persons_missing' });
  if (input.kind === 'regular' && input.personIds) return fail({ code: 'round_persons_not_allowed' });
  // The date is the one an officer typed: a date before the law is refused before anything is
  // written (the bono's accounts included).
  const rules = roundRules(input.asOf);
  if (!rules.ok) return passOn(rules);
  const progress = input.onProgress ?? (() => {});
  await ensureBonoAccounts(db, input.at);
  let created: Round;
  try {
    created = await db.transaction((tx) => freeze(tx, input, rules.value, progress));
  } catch (error) {
    if (error instanceof FreezeRefused) return fail(error.failure);
    throw error;
  }
  // Fresh statistics for the table the payout path reads by person.
  await analyzeEntitlements(db);
  return ok(created);
}

/** The round frozen in one transaction; a refusal throws FreezeRefused, which rolls it back. */
async function freeze(
  tx: Sql,
  input: CreateRoundInput,
  rules: RoundRules,
  progress: (step: string) => void,
): Promise<Round> {
  // One round is frozen at a time: two officers creating rounds at once must not both pass the
  // "no other regular round" check.
  await lockRoundsForFreeze(tx);
  if (input.kind === 'regular') {
    const other = await standingRegularRound(tx);
    if (other)
      throw new FreezeRefused({
        code: 'regular_round_exists',
        roundId: other.id,
        roundStatus: other.status as RoundStatus,
      });
  }
  const pending = await pendingListReviews(tx, EXCLUSION_LISTS);
  if (pending.length > 0)
    throw new FreezeRefused({
      code: 'round_identity_reviews_pending',
      lists: [...new Set(pending.map((p) => p.list))],
      rows: pending.length,
      personIds: [...new Set(pending.flatMap((p) => p.personIds.map(String)))].slice(
        0,
        PENDING_PERSONS_SHOWN,
      ),
    });
  progress('reading the registry state');
  const state = await readRegistryState(tx);
  const { sql, rulesVersion, parameters } = entitlementSelect(rules, state, {
    ...(input.personIds ? { personIdsParam: '$2' } : {}),
  });
  const id = await insertFrozenRound(tx, {
    kind: input.kind,
    asOf: input.asOf,
    rulesVersion,
    parameters,
    registryState: state,
    note: input.note ?? '',
    createdBy: input.actor,
    createdAt: input.at,
  });
  progress('applying the rules to the registry');
  // A supplementary round (the only kind that names persons) leaves out anyone already entitled
  // in another round that is not rejected.
  await insertEntitlements(tx, id, sql, input.personIds);
  progress('computing control totals and the content hash');
  await giveSummaryMemory(tx);
  const sum = summarise(
    await roundEntitlementGroups(tx, id),
    roundHeader(input.kind, input.asOf, rulesVersion),
  );
  if (sum.count === 0 && input.kind === 'supplementary') throw new FreezeRefused({ code: 'round_empty' });
  const round = await setRoundTotals(tx, id, sum);
  await appendAudit(tx, {
    at: input.at,
    actor: input.actor,
    action: 'bono_round.frozen',
    entityType: 'bono_round',
    entityId: id,
    after: roundAuditView(round),
  });
  return round;
}

/**
 * The SELECT a regular round on `asOf` would freeze, against the registry as it is: for the
 * benchmark that compares freezing with a bare INSERT … SELECT of the same rows.
 *
 * @example const select = await entitlementSelectForBench(db, '2020-12-01');
 */
export async function entitlementSelectForBench(sql: Sql, asOf: IsoDate): Promise<string> {
  const state = await readRegistryState(sql);
  return entitlementSelect(frozenRoundRules(asOf), state, {}).sql;
}
