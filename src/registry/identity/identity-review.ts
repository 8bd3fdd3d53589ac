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
  closeReview,
  type IdentityReview,
  linkReviewedRow,
  lockReview,
  memberLine,
  waitingReviews,
} from './identity-review.repository.ts';

export type { IdentityReview, ReviewCandidate } from './identity-review.repository.ts';

/** What the officer decides about one queued row. */
export interface IdentityReviewDecision {
  reviewId: bigint;
  decision: 'accept' | 'reject';
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
  status: 'accepted' | 'rejected';
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
  const status = input.decision === 'accept' ? 'accepted' : 'rejected';
  const personId = input.decision === 'accept' ? (input.personId ?? null) : null;
  if (review.status === 'accepted' || review.status === 'rejected') {
    if (review.status === status && review.decidedPersonId === personId && review.decidedBy === input.officer)
      return ok(outcome(review, status, personId, true));
    return fail({
      code: 'identity_review_decided',
      reviewId,
      status: review.status,
      decidedBy: review.decidedBy ?? '',
    });
  }
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'reject') {
    if (reason === '') return fail({ code: 'identity_review_reason_required', reviewId });
    await closeReview(tx, review.id, 'rejected', null, input.officer, input.at);
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
    action: status === 'accepted' ? 'identity_review.accepted' : 'identity_review.rejected',
    entityType: 'identity_review',
    entityId: review.id,
    before: { status: review.status },
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

function outcome(
  review: IdentityReview,
  status: 'accepted' | 'rejected',
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
