/**
 * An officer's decision on a row of the identity review queue (issue #23, ADR 0014): the rows of a
 * source list that almost name a person wait in identity_review, and a round refuses to freeze
 * while a row of an exclusion list waits (round-freeze.ts). Accepting links the row to the chosen
 * candidate and makes it a member of its list's snapshot, exactly as an automatic link does at
 * import; rejecting closes it and nobody is linked. Decided once, in one transaction with its
 * audit entry; the same decision sent again (a retry) changes nothing.
 */
import { type Actor, appendAudit } from '../../audit/index.ts';
import type { Database, Sql } from '../../db/database.ts';
import { fail, ok, type Result } from '../../shared/failure.ts';
import type { IdentityReviewFailure } from '../registry.failures.ts';
import { SOURCE_LISTS, type SourceListDefinition } from '../source-lists.ts';
import {
  type CandidatePerson,
  candidatePersons,
  closeReview,
  findReview,
  type IdentityReview,
  linkReviewedRow,
  lockReview,
  memberLine,
  reviewedListNames,
  waitingCount,
  waitingReviews,
} from './identity-review.repository.ts';

export type { CandidatePerson, IdentityReview, ReviewCandidate } from './identity-review.repository.ts';

/** What the officer decides about one queued row. */
export interface IdentityReviewDecision {
  reviewId: bigint;
  decision: 'accept' | 'reject' | 'unsure';
  /**
   * The form token: the row's status as the officer saw it when the page was drawn ('pending' or
   * 'unsure'). When the row has moved on since, the decision is refused with who moved it (two
   * officers on one row: exactly one wins), unless it is this officer's own identical decision (a
   * double submit: decided once, the second answered as a repeat). Without it (the CLI) the row's
   * status is not compared.
   */
  seen?: 'pending' | 'unsure';
  /** The candidate the row names (accept only). */
  personId?: bigint;
  /** The signed-in officer, the audit entry's actor. */
  officer: Actor;
  /** Why: required to reject, kept in the audit entry either way. */
  reason?: string;
  at: Date;
}

/** The row's state after the decision; `repeated` when it was already so (a retry). */
export interface IdentityReviewOutcome {
  reviewId: bigint;
  list: string;
  lineNumber: bigint;
  status: 'accepted' | 'rejected' | 'unsure';
  personId: bigint | null;
  repeated: boolean;
}

/** The rows shown to an officer at a time. */
export const REVIEWS_SHOWN = 500;

/**
 * The rows waiting for an officer, by list and line, with their candidates best first.
 *
 * @example for (const r of await listWaitingReviews(db)) r.candidates[0]?.personId
 */
export function listWaitingReviews(db: Sql, limit = REVIEWS_SHOWN): Promise<IdentityReview[]> {
  return waitingReviews(db, limit);
}

/**
 * The lists that name the person with this key (CI number, complemento, date of birth) because an
 * officer accepted a row of the review queue for them: the citizen's answer says their record was
 * linked after review.
 *
 * @example await listsLinkedByReview(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' }) // ['afp-dependent']
 */
export function listsLinkedByReview(
  db: Sql,
  key: { ciNumber: string; complemento: string; dateOfBirth: string },
): Promise<string[]> {
  return reviewedListNames(db, key);
}

/** How many rows wait for an officer. @example await countWaitingReviews(db) // 3 */
export function countWaitingReviews(db: Sql): Promise<number> {
  return waitingCount(db);
}

/** A queued row beside its candidate persons, as the officer compares them. */
export interface IdentityReviewDetail {
  review: IdentityReview;
  /** The registry's record of each candidate, in the queue's order (best first). */
  persons: CandidatePerson[];
}

/**
 * A row of the queue (waiting or decided) with its candidates as the registry holds them; undefined
 * when there is no such row.
 *
 * @example const d = await identityReviewDetail(db, 7n); d?.persons[0]?.givenNames
 */
export async function identityReviewDetail(
  db: Sql,
  reviewId: bigint,
): Promise<IdentityReviewDetail | undefined> {
  const review = await findReview(db, reviewId);
  if (!review) return undefined;
  const found = await candidatePersons(
    db,
    review.candidates.map((c) => c.personId),
  );
  const byId = new Map(found.map((p) => [p.id, p]));
  const persons = review.candidates.flatMap((c) => {
    const p = byId.get(c.personId);
    return p ? [p] : [];
  });
  return { review, persons };
}

/**
 * Decides a queued row in one transaction with the audit entry `identity_review.accepted` or
 * `identity_review.rejected`.
 *
 * @example
 *   const r = await decideIdentityReview(db, { reviewId: 7n, decision: 'accept', personId: 12n,
 *     officer: 'account:ana', reason: 'same person: the year was mistyped', at: new Date() });
 */
export function decideIdentityReview(
  db: Database,
  input: IdentityReviewDecision,
): Promise<Result<IdentityReviewOutcome, IdentityReviewFailure>> {
  return db.transaction((tx) => decideInTransaction(tx, input));
}

async function decideInTransaction(
  tx: Sql,
  input: IdentityReviewDecision,
): Promise<Result<IdentityReviewOutcome, IdentityReviewFailure>> {
  const reviewId = String(input.reviewId);
  const review = await lockReview(tx, input.reviewId);
  if (!review) return fail({ code: 'identity_review_not_found', reviewId });
  const candidates = review.candidates.map((c) => String(c.personId));
  const status = STATUS_OF[input.decision];
  const personId = input.decision === 'accept' ? (input.personId ?? null) : null;
  const mine =
    review.status === status && review.decidedPersonId === personId && review.decidedBy === input.officer;
  // A closed row, or one that moved on since the officer's page was drawn: their own identical
  // decision again is a repeat (a retry, a double submit); anything else is refused with who won.
  const moved = input.seen !== undefined && review.status !== input.seen;
  if (review.status === 'accepted' || review.status === 'rejected' || moved) {
    if (mine) return ok(outcome(review, status, personId, true));
    if (review.status !== 'pending')
      return fail({
        code: 'identity_review_decided',
        reviewId,
        status: review.status,
        decidedBy: review.decidedBy ?? '',
      });
  }
  // A row marked "not sure" waits for another officer: the one who was not sure does not decide it.
  if (review.status === 'unsure' && review.decidedBy === input.officer)
    return mine
      ? ok(outcome(review, status, personId, true))
      : fail({ code: 'identity_review_escalated_by_you', reviewId });
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'reject') {
    if (reason === '') return fail({ code: 'identity_review_reason_required', reviewId });
    await closeReview(tx, review.id, 'rejected', null, input.officer, input.at);
  } else if (input.decision === 'unsure') {
    await closeReview(tx, review.id, 'unsure', null, input.officer, input.at);
  } else {
    if (personId === null) return fail({ code: 'identity_review_person_required', reviewId, candidates });
    const candidate = review.candidates.find((c) => c.personId === personId);
    if (!candidate)
      return fail({
        code: 'identity_review_not_candidate',
        reviewId,
        personId: String(personId),
        candidates,
      });
    const list = listOf(review);
    const line = await memberLine(tx, list, review.importId, personId);
    if (line !== undefined)
      return fail({
        code: 'identity_review_already_member',
        reviewId,
        personId: String(personId),
        list: review.list,
        memberLine: String(line),
      });
    await linkReviewedRow(tx, list, review, candidate, input.officer, listColumns(list, review));
    await closeReview(tx, review.id, 'accepted', personId, input.officer, input.at);
  }
  await appendAudit(tx, {
    at: input.at,
    actor: input.officer,
    action:
      input.decision === 'accept'
        ? 'identity_review.accepted'
        : input.decision === 'reject'
          ? 'identity_review.rejected'
          : 'identity_review.escalated',
    entityType: 'identity_review',
    entityId: review.id,
    before: { status: review.status, ...(review.decidedBy === null ? {} : { decidedBy: review.decidedBy }) },
    after: {
      status,
      list: review.list,
      importId: review.importId,
      lineNumber: review.lineNumber,
      ...(personId === null ? {} : { personId }),
      candidates,
      ...(reason === '' ? {} : { reason }),
    },
  });
  return ok(outcome(review, status, personId, false));
}

const STATUS_OF = { accept: 'accepted', reject: 'rejected', unsure: 'unsure' } as const;

function outcome(
  review: IdentityReview,
  status: IdentityReviewOutcome['status'],
  personId: bigint | null,
  repeated: boolean,
): IdentityReviewOutcome {
  return {
    reviewId: review.id,
    list: review.list,
    lineNumber: review.lineNumber,
    status,
    personId,
    repeated,
  };
}

function listOf(review: IdentityReview): SourceListDefinition {
  const list = SOURCE_LISTS.find((l) => l.name === review.list);
  // The queue is written by a source-list import, which only knows these lists.
  if (!list) throw new Error(`identity review ${review.id} names the unknown list ${review.list}`);
  return list;
}

/**
 * The list's own columns of the queued row, from the row as the import kept it (the key, then the
 * list's columns, normalised and joined by commas: sourceRowAsCsv).
 */
function listColumns(list: SourceListDefinition, review: IdentityReview): string[] {
  const values = review.rowCsv.split(',');
  if (values.length !== 3 + list.extra.length)
    throw new Error(
      `identity review ${review.id}: the kept row has ${values.length} values, the list ${list.name} ${3 + list.extra.length}`,
    );
  return values.slice(3);
}
