/**
 * Duplicates inside the registry and their maker-checker merge (issue #23, ADR 0014).
 *
 * The same matcher as the lists finds candidate pairs: SQL blocking (PERSON_BLOCKING's keys),
 * every comparison of two persons, m by EM on the candidates, u from random persons, the weight
 * against the dated thresholds with the registry's size as the prior. One officer proposes that
 * two persons are one (naming who survives), another approves or rejects; never the same officer.
 *
 * An approved merge keeps the survivor's id. The retired person's row stays (both histories are
 * kept) and leaves the published read model (registry_person), so no later round entitles the
 * same human twice. The registry's own references to the retired id (source-list snapshot rows,
 * identity links) move to the survivor, each move recorded, so an unmerge puts back exactly what
 * was moved. Records other domains keep under the retired id (a bono payment or entitlement, a
 * vaccination dose) are not rewritten: the merge is refused while the retired person holds one
 * (the caller passes a guard that asks those domains), and when both persons were paid the refusal
 * says a recovery is due first. Every step is audited in the same transaction.
 */

import { type Actor, appendAudit } from '../../audit/index.ts';
import type { Database, Sql } from '../../db/database.ts';
import { fail, ok, type Result } from '../../shared/failure.ts';
import { refreshPersonsListFlags } from '../list-flags.repository.ts';
import type { IdentityMergeFailure, MergeHolding } from '../registry.failures.ts';
import { SOURCE_LISTS } from '../source-lists.ts';
import {
  approvedMergesOf,
  decideMerge,
  duplicateCandidatePairs,
  findMerge,
  followMergesInSnapshot,
  type IdentityMerge,
  insertMerge,
  listMerges,
  lockMerge,
  lockPersons,
  type MergeStatus,
  markUnmerged,
  mergedIdsOf,
  movedCount,
  moveReferences,
  moveReferencesBack,
  openMergeOfPair,
  registrySize,
  samplePersonIds,
  survivorOf,
} from './identity-merge.repository.ts';
import { type CandidatePerson, candidatePersons } from './identity-review.repository.ts';
import { vectorInWords } from './list-resolution.ts';
import { compareRecords } from './model.ts';
import { identityRecord, PERSON_PLAN } from './person-comparisons.ts';
import { scoreKnownPairs } from './resolve.ts';
import { thresholdsFor } from './thresholds.ts';

export type { IdentityMerge, MergeStatus } from './identity-merge.repository.ts';

/**
 * What other domains hold under each person of a pair: the interfaces pass a guard that asks the
 * bono (a payment, an entitlement still collectable) and vaccination (doses) through their
 * functions, because the registry imports neither (they import it).
 */
export type MergeGuard = (
  tx: Sql,
  persons: { surviving: CandidatePerson; retired: CandidatePerson },
) => Promise<{ surviving: MergeHolding[]; retired: MergeHolding[] }>;

/** A candidate duplicate pair, scored. */
export interface DuplicatePair {
  left: CandidatePerson;
  right: CandidatePerson;
  weight: number;
  /** The comparisons by name, level in words ({ ci_number: 'exact', … }). */
  vector: Record<string, string | null>;
  /** 'likely' above the accept weight, 'possible' between the thresholds. */
  strength: 'likely' | 'possible';
}

/** How much one search looks at. */
export const DUPLICATE_PAIRS_SCANNED = 200_000;
const U_SAMPLE_PERSONS = 2_000;

/**
 * The probable duplicate pairs of the registry, best first: candidates by SQL blocking, scored
 * by the person model fitted on them, kept from the review weight up. A pair already proposed or
 * merged is left out. The same CI issued to two people is two people: their names and dates
 * differ, and so does the weight.
 *
 * @example for (const p of await findDuplicates(db, '2021-03-01')) p.left.id
 */
export async function findDuplicates(
  db: Sql,
  on: string,
  limit = 100,
): Promise<{ pairs: DuplicatePair[]; candidates: number; acceptWeight: number; reviewWeight: number }> {
  const candidatePairs = await duplicateCandidatePairs(db, DUPLICATE_PAIRS_SCANNED);
  const size = await registrySize(db);
  const thresholds = thresholdsFor(on, size);
  if (candidatePairs.length === 0)
    return {
      pairs: [],
      candidates: 0,
      acceptWeight: thresholds.acceptWeight,
      reviewWeight: thresholds.reviewWeight,
    };
  const ids = [...new Set(candidatePairs.flat())];
  const sampleIds = await samplePersonIds(db, U_SAMPLE_PERSONS);
  const people = await candidatePersons(db, [...new Set([...ids, ...sampleIds])]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const index = new Map(ids.map((id, i) => [id, i]));
  const records = ids.map((id) => recordOf(byId.get(id)));
  const sample = sampleIds.map((id) => recordOf(byId.get(id)));
  const pairs: Array<[number, number]> = candidatePairs.map(([a, b]) => [
    index.get(a) as number,
    index.get(b) as number,
  ]);
  const set = { left: records, right: records, pairs };
  const run = scoreKnownPairs(
    PERSON_PLAN,
    set,
    set,
    sample.length > 1 ? sample : records,
    sample.length > 1 ? sample : records,
  );
  const names = PERSON_PLAN.comparisons.map((c) => c.name);
  const levels = PERSON_PLAN.comparisons.map((c) => c.levels);
  const kept = run.pairs
    .filter((p) => p.weight >= thresholds.reviewWeight)
    .sort((a, b) => b.weight - a.weight);
  const out: DuplicatePair[] = [];
  for (const p of kept) {
    if (out.length >= limit) break;
    const left = byId.get(ids[p.left] as bigint);
    const right = byId.get(ids[p.right] as bigint);
    if (!left || !right) continue;
    if (await openMergeOfPair(db, left.id, right.id)) continue;
    out.push({
      left,
      right,
      weight: p.weight,
      vector: vectorInWords(names, levels, p.vector),
      strength: p.weight >= thresholds.acceptWeight ? 'likely' : 'possible',
    });
  }
  return {
    pairs: out,
    candidates: candidatePairs.length,
    acceptWeight: thresholds.acceptWeight,
    reviewWeight: thresholds.reviewWeight,
  };
}

function recordOf(p: CandidatePerson | undefined) {
  return identityRecord(
    p === undefined
      ? {}
      : {
          ciNumber: p.ciNumber,
          complemento: p.complemento,
          dateOfBirth: p.dateOfBirth,
          givenNames: p.givenNames,
          firstSurname: p.firstSurname,
          secondSurname: p.secondSurname,
          sex: p.sex,
          municipalityCode: p.municipalityCode,
        },
  );
}

/** A proposal: keep `survivingPersonId`, retire `retiredPersonId`. */
export interface ProposeMergeInput {
  survivingPersonId: bigint;
  retiredPersonId: bigint;
  reason: string;
  officer: Actor;
  at: Date;
  /** The matcher's weight and comparisons as the officer saw them (the duplicates page). */
  weight?: number | null;
  vector?: Record<string, string | null>;
}

/**
 * Proposes a merge (the maker), audited as `identity_merge.proposed`. Refused when a person does
 * not exist, is already retired by a merge, the pair already has an open proposal or merge, the
 * reason is missing, or the retired person holds records in another domain (the guard).
 *
 * @example await proposeMerge(db, guard, { survivingPersonId: 12n, retiredPersonId: 40n, reason: 'same person, CI typed twice', officer: 'account:ana', at })
 */
export function proposeMerge(
  db: Database,
  guard: MergeGuard,
  input: ProposeMergeInput,
): Promise<Result<IdentityMerge, IdentityMergeFailure>> {
  return db.transaction(async (tx) => {
    const reason = input.reason.trim();
    if (reason === '') return fail({ code: 'identity_merge_reason_required' });
    const checked = await checkPair(tx, guard, input.survivingPersonId, input.retiredPersonId, undefined);
    if (!checked.ok) return checked;
    const open = await openMergeOfPair(tx, input.survivingPersonId, input.retiredPersonId);
    if (open) return fail({ code: 'identity_merge_pending', mergeId: String(open.id), status: open.status });
    const merge = await insertMerge(tx, {
      survivingPersonId: input.survivingPersonId,
      retiredPersonId: input.retiredPersonId,
      matchWeight: input.weight ?? null,
      vector: input.vector ?? {},
      proposedBy: input.officer,
      proposedAt: input.at,
      reason,
    });
    await appendAudit(tx, {
      at: input.at,
      actor: input.officer,
      action: 'identity_merge.proposed',
      entityType: 'identity_merge',
      entityId: merge.id,
      after: {
        status: 'proposed',
        survivingPersonId: merge.survivingPersonId,
        retiredPersonId: merge.retiredPersonId,
        ...(merge.matchWeight === null ? {} : { matchWeight: merge.matchWeight }),
        reason,
      },
    });
    return ok(merge);
  });
}

/**
 * Both persons exist (locked, in id order), neither is retired, the retired one is nobody's
 * survivor (no chains), and the retired one holds nothing another domain keeps by its id.
 */
async function checkPair(
  tx: Sql,
  guard: MergeGuard,
  surviving: bigint,
  retired: bigint,
  mergeId: bigint | undefined,
): Promise<Result<{ surviving: CandidatePerson; retired: CandidatePerson }, IdentityMergeFailure>> {
  if (surviving === retired) return fail({ code: 'identity_merge_same_person', personId: String(surviving) });
  const found = await lockPersons(tx, [surviving, retired]);
  for (const id of [surviving, retired])
    if (!found.includes(id)) return fail({ code: 'identity_merge_person_not_found', personId: String(id) });
  const merges = (await approvedMergesOf(tx, [surviving, retired])).filter((m) => m.id !== mergeId);
  for (const m of merges) {
    if (m.retiredPersonId === surviving || m.retiredPersonId === retired)
      return fail({
        code: 'identity_merge_person_retired',
        personId: String(m.retiredPersonId),
        survivingPersonId: String(m.survivingPersonId),
      });
    if (m.survivingPersonId === retired)
      return fail({ code: 'identity_merge_retired_is_survivor', personId: String(retired) });
  }
  const persons = await candidatePersons(tx, [surviving, retired]);
  const s = persons.find((p) => p.id === surviving) as CandidatePerson;
  const r = persons.find((p) => p.id === retired) as CandidatePerson;
  const held = await guard(tx, { surviving: s, retired: r });
  if (held.retired.length > 0)
    return fail({
      code: 'identity_merge_records_conflict',
      ...(mergeId === undefined ? {} : { mergeId: String(mergeId) }),
      survivingPersonId: String(surviving),
      retiredPersonId: String(retired),
      retired: held.retired,
      surviving: held.surviving,
    });
  return ok({ surviving: s, retired: r });
}

/** The checker's decision on a proposal. */
export interface DecideMergeInput {
  mergeId: bigint;
  decision: 'approve' | 'reject';
  reason: string;
  officer: Actor;
  at: Date;
}

/** A decision's result; `repeated` when it was already so (a retry of the same decision). */
export interface MergeOutcome {
  merge: IdentityMerge;
  /** References moved (approve) or moved back (unmerge). */
  moved: number;
  repeated: boolean;
}

/**
 * Approves or rejects a proposal (the checker), in one transaction with its audit entry
 * (`identity_merge.approved` / `identity_merge.rejected`). The proposer cannot decide it; the
 * merge row is locked, so of two approvals at once exactly one merges and the other is told who
 * did; the same officer's same decision again is a repeat. Approval checks the pair again (a
 * payment may have been recorded since the proposal) and moves the registry's references.
 *
 * @example await decideMergeProposal(db, guard, { mergeId: 3n, decision: 'approve', reason: 'checked the birth certificates', officer: 'account:eva', at })
 */
export function decideMergeProposal(
  db: Database,
  guard: MergeGuard,
  input: DecideMergeInput,
): Promise<Result<MergeOutcome, IdentityMergeFailure>> {
  return db.transaction(async (tx) => {
    const mergeId = String(input.mergeId);
    const merge = await lockMerge(tx, input.mergeId);
    if (!merge) return fail({ code: 'identity_merge_not_found', mergeId });
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    if (merge.status !== 'proposed') {
      if (merge.status === status && merge.decidedBy === input.officer)
        return ok({ merge, moved: 0, repeated: true });
      return fail({
        code: 'identity_merge_decided',
        mergeId,
        status: merge.status,
        decidedBy: (merge.status === 'unmerged' ? merge.unmergedBy : merge.decidedBy) ?? '',
      });
    }
    if (merge.proposedBy === input.officer) return fail({ code: 'identity_merge_own_proposal', mergeId });
    const reason = input.reason.trim();
    if (reason === '') return fail({ code: 'identity_merge_reason_required' });
    let moved = 0;
    if (status === 'approved') {
      const checked = await checkPair(tx, guard, merge.survivingPersonId, merge.retiredPersonId, merge.id);
      if (!checked.ok) return checked;
      await decideMerge(tx, merge.id, 'approved', input.officer, input.at, reason);
      for (const table of referenceTables())
        moved += await moveReferences(
          tx,
          merge.id,
          table.name,
          merge.retiredPersonId,
          merge.survivingPersonId,
          table.onePerSnapshot,
        );
      // Their rows say which lists in force they are on now (migration 0065).
      await refreshPersonsListFlags(tx, [merge.survivingPersonId, merge.retiredPersonId]);
    } else {
      await decideMerge(tx, merge.id, 'rejected', input.officer, input.at, reason);
    }
    await appendAudit(tx, {
      at: input.at,
      actor: input.officer,
      action: status === 'approved' ? 'identity_merge.approved' : 'identity_merge.rejected',
      entityType: 'identity_merge',
      entityId: merge.id,
      before: { status: 'proposed', proposedBy: merge.proposedBy },
      after: {
        status,
        survivingPersonId: merge.survivingPersonId,
        retiredPersonId: merge.retiredPersonId,
        reason,
        ...(status === 'approved' ? { referencesMoved: moved } : {}),
      },
    });
    const decided = (await findMerge(tx, merge.id)) as IdentityMerge;
    return ok({ merge: decided, moved, repeated: false });
  });
}

/** An unmerge: the two persons were two people after all. */
export interface UnmergeInput {
  mergeId: bigint;
  reason: string;
  officer: Actor;
  at: Date;
}

/**
 * Undoes an approved merge, audited as `identity_merge.unmerged`: the retired person is back in
 * the read model and every reference the merge moved goes back to them; what was added to the
 * survivor since stays with the survivor. Anyone with the approver's permission may undo it,
 * except the officer who proposed it (maker-checker holds for the undo too).
 *
 * @example await unmerge(db, { mergeId: 3n, reason: 'two sisters with the same name', officer: 'account:eva', at })
 */
export function unmerge(
  db: Database,
  input: UnmergeInput,
): Promise<Result<MergeOutcome, IdentityMergeFailure>> {
  return db.transaction(async (tx) => {
    const mergeId = String(input.mergeId);
    const merge = await lockMerge(tx, input.mergeId);
    if (!merge) return fail({ code: 'identity_merge_not_found', mergeId });
    if (merge.status === 'unmerged' && merge.unmergedBy === input.officer)
      return ok({ merge, moved: 0, repeated: true });
    if (merge.status !== 'approved')
      return fail({ code: 'identity_merge_not_approved', mergeId, status: merge.status });
    if (merge.proposedBy === input.officer) return fail({ code: 'identity_merge_own_proposal', mergeId });
    const reason = input.reason.trim();
    if (reason === '') return fail({ code: 'identity_merge_reason_required' });
    await lockPersons(tx, [merge.survivingPersonId, merge.retiredPersonId]);
    let moved = 0;
    for (const table of referenceTables())
      moved += await moveReferencesBack(tx, merge.id, table.name, merge.retiredPersonId);
    await refreshPersonsListFlags(tx, [merge.survivingPersonId, merge.retiredPersonId]);
    await markUnmerged(tx, merge.id, input.officer, input.at, reason);
    await appendAudit(tx, {
      at: input.at,
      actor: input.officer,
      action: 'identity_merge.unmerged',
      entityType: 'identity_merge',
      entityId: merge.id,
      before: { status: 'approved', decidedBy: merge.decidedBy ?? '' },
      after: {
        status: 'unmerged',
        survivingPersonId: merge.survivingPersonId,
        retiredPersonId: merge.retiredPersonId,
        reason,
        referencesMovedBack: moved,
      },
    });
    const undone = (await findMerge(tx, merge.id)) as IdentityMerge;
    return ok({ merge: undone, moved, repeated: false });
  });
}

/** The registry's tables that name a person by id, moved by a merge. */
function referenceTables(): Array<{ name: string; onePerSnapshot: boolean }> {
  return [
    ...SOURCE_LISTS.map((l) => ({ name: l.table, onePerSnapshot: true })),
    { name: 'identity_link', onePerSnapshot: false },
  ];
}

/** The merges shown at a time. */
export const MERGES_SHOWN = 200;

/** Merges, newest first; of one status when given. @example await listIdentityMerges(db, 'proposed') */
export function listIdentityMerges(
  db: Sql,
  status?: MergeStatus,
  limit = MERGES_SHOWN,
): Promise<IdentityMerge[]> {
  return listMerges(db, status, limit);
}

/** A merge with both persons as the registry holds them and the references it moved. */
export interface IdentityMergeDetail {
  merge: IdentityMerge;
  surviving: CandidatePerson | undefined;
  retired: CandidatePerson | undefined;
  moved: number;
}

/** @example const d = await identityMergeDetail(db, 3n); d?.surviving?.givenNames */
export async function identityMergeDetail(
  db: Sql,
  mergeId: bigint,
): Promise<IdentityMergeDetail | undefined> {
  const merge = await findMerge(db, mergeId);
  if (!merge) return undefined;
  const persons = await candidatePersons(db, [merge.survivingPersonId, merge.retiredPersonId]);
  return {
    merge,
    surviving: persons.find((p) => p.id === merge.survivingPersonId),
    retired: persons.find((p) => p.id === merge.retiredPersonId),
    moved: await movedCount(db, merge.id),
  };
}

/**
 * The person an id stands for today: the survivor when a merge retired it.
 *
 * @example await survivingPersonOf(db, 40n) // 12n
 */
export function survivingPersonOf(db: Sql, personId: bigint): Promise<bigint> {
  return survivorOf(db, personId);
}

/**
 * A person's id and the ids merged into it: another domain's records under a retired id are the
 * survivor's history too.
 *
 * @example await personIdsMergedInto(db, 12n) // [12n, 40n]
 */
export function personIdsMergedInto(db: Sql, personId: bigint): Promise<bigint[]> {
  return mergedIdsOf(db, personId);
}

/**
 * Two persons' comparisons in words, as the matcher grades them (no weight: that needs the fitted
 * model of a search), for an officer comparing a pair side by side.
 *
 * @example comparePersons(a, b).ci_number // 'transposition'
 */
export function comparePersons(a: CandidatePerson, b: CandidatePerson): Record<string, string | null> {
  return vectorInWords(
    PERSON_PLAN.comparisons.map((c) => c.name),
    PERSON_PLAN.comparisons.map((c) => c.levels),
    compareRecords(PERSON_PLAN.comparisons, recordOf(a), recordOf(b)),
  );
}

/**
 * Both persons as the registry holds them (undefined for an id it does not hold).
 *
 * @example const [a, b] = await personsOfPair(db, 12n, 40n);
 */
export async function personsOfPair(
  db: Sql,
  a: bigint,
  b: bigint,
): Promise<[CandidatePerson | undefined, CandidatePerson | undefined]> {
  const persons = await candidatePersons(db, [a, b]);
  return [persons.find((p) => p.id === a), persons.find((p) => p.id === b)];
}

/**
 * Makes a list's new snapshot follow the merges in force (called by the source-list import after
 * it writes the snapshot): a row naming a retired person counts for the survivor, so an exclusion
 * list that still names the duplicate excludes the person kept. Recorded for an unmerge.
 *
 * @example await snapshotFollowsMerges(tx, 'source_afp_dependent', importId)
 */
export function snapshotFollowsMerges(tx: Sql, table: string, importId: bigint): Promise<number> {
  return followMergesInSnapshot(tx, table, importId);
}
