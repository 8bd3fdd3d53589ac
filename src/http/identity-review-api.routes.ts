import type { Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../access/index.ts';
import type { App } from '../app.ts';
import {
  countWaitingReviews,
  decideIdentityReview,
  type IdentityReview,
  identityReviewDetail,
  listWaitingReviews,
} from '../registry/index.ts';
import { createRouter, defineRoute, sendJson } from '../routing/route.ts';
import { Instant, IsoDate } from '../routing/schemas.ts';
import { Digits, errorAnswer } from './api-schemas.ts';
import { respondToFailure } from './error-handler.ts';

/**
 * The identity review queue as an API (issue #23), for a case-management system or a script: the
 * rows of source lists that almost name a person, one row with its candidates as the registry holds
 * them, and the officer's decision. The same rules as the back-office page and the CLI: reading
 * needs registry.read, deciding registry.import; every decision is audited as the caller's; `seen`
 * (the status the caller read) makes two callers deciding one row end with exactly one decision,
 * the other answered 409 `identity_review_decided` with who decided.
 */

const tags = ['identity-review'];
const API_BODY_BYTES = 8 * 1024;

const Status = z.enum(['pending', 'unsure', 'accepted', 'rejected']).meta({
  description:
    '`pending` waits for an officer; `unsure` an officer was not sure (another officer decides); `accepted` linked; `rejected` nobody linked.',
});

const Candidate = z
  .object({
    personId: Digits,
    weight: z.number().meta({ description: 'log2 of the Bayes factor of the row against the person.' }),
    vector: z.record(z.string(), z.string().nullable()).meta({
      description: 'Each comparison’s level, e.g. {"ci_number": "transposition"}; null when not compared.',
    }),
  })
  .meta({ id: 'IdentityReviewCandidate' });

const Review = z
  .object({
    id: Digits,
    list: z.string(),
    importId: Digits,
    lineNumber: Digits,
    ciNumber: z.string(),
    complemento: z.string(),
    dateOfBirth: IsoDate,
    status: Status,
    decidedBy: z.string().nullable(),
    decidedAt: Instant.nullable(),
    candidates: z.array(Candidate),
  })
  .meta({ id: 'IdentityReview' });

const Person = z
  .object({
    id: Digits,
    ciNumber: z.string(),
    complemento: z.string(),
    dateOfBirth: IsoDate,
    givenNames: z.string(),
    firstSurname: z.string(),
    secondSurname: z.string(),
    sex: z.string(),
    municipalityCode: z.string(),
    dateOfDeath: IsoDate.nullable(),
  })
  .meta({ id: 'IdentityReviewPerson' });

const reviewJson = (r: IdentityReview) => ({
  id: String(r.id),
  list: r.list,
  importId: String(r.importId),
  lineNumber: String(r.lineNumber),
  ciNumber: r.ciNumber,
  complemento: r.complemento,
  dateOfBirth: r.dateOfBirth,
  status: r.status,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt === null ? null : r.decidedAt.toISOString(),
  candidates: r.candidates.map((c) => ({ personId: String(c.personId), weight: c.weight, vector: c.vector })),
});

const IdParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/**
 * The identity review API routes, to mount at /api/identity-reviews.
 *
 * @example mountRoutes(router, '/api/identity-reviews', identityReviewApiRoutes(app, access));
 */
export function identityReviewApiRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);

  defineRoute(router, {
    method: 'get',
    path: '/',
    operationId: 'identityReviews',
    tags,
    access: { permission: 'registry.read' },
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
    responses: {
      200: {
        description: 'The rows waiting (pending or not sure), by list and line, and how many wait in all.',
        schema: z.object({ total: z.number().int(), reviews: z.array(Review) }),
      },
    },
    handler: async (c, { query }) => {
      c.header('Cache-Control', 'no-store');
      const [rows, total] = await Promise.all([
        listWaitingReviews(app.db, query.limit),
        countWaitingReviews(app.db),
      ]);
      return sendJson(c, { total, reviews: rows.map(reviewJson) });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/:id{[0-9]+}',
    operationId: 'identityReview',
    tags,
    access: { permission: 'registry.read' },
    request: { params: IdParam },
    responses: {
      200: {
        description: 'The row and its candidates as the registry holds them (best first).',
        schema: z.object({ review: Review, persons: z.array(Person) }),
      },
      404: errorAnswer('`identity_review_not_found`.'),
    },
    handler: async (c, { params }) => {
      c.header('Cache-Control', 'no-store');
      const d = await identityReviewDetail(app.db, BigInt(params.id));
      if (!d) return respondToFailure(c, { code: 'identity_review_not_found', reviewId: String(params.id) });
      return sendJson(c, {
        review: reviewJson(d.review),
        persons: d.persons.map((p) => ({ ...p, id: String(p.id) })),
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:id{[0-9]+}/decision',
    operationId: 'decideIdentityReview',
    tags,
    access: { permission: 'registry.import' },
    request: {
      params: IdParam,
      body: z.object({
        decision: z.enum(['accept', 'reject', 'unsure']),
        personId: Digits.optional(),
        reason: z.string().max(2000).optional(),
        seen: z
          .enum(['pending', 'unsure'])
          .optional()
          .meta({ description: 'The row’s status as the caller read it.' }),
      }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: {
        description: 'Decided (or, with repeated, already so).',
        schema: z.object({
          reviewId: Digits,
          status: z.enum(['accepted', 'rejected', 'unsure']),
          personId: Digits.nullable(),
          repeated: z.boolean(),
        }),
      },
      404: errorAnswer('`identity_review_not_found`.'),
      409: errorAnswer(
        '`identity_review_decided` (who decided first), `identity_review_escalated_by_you`, `identity_review_already_member`.',
      ),
      422: errorAnswer(
        '`identity_review_person_required`, `identity_review_not_candidate`, `identity_review_reason_required`.',
      ),
    },
    handler: async (c, { params, body }) => {
      c.header('Cache-Control', 'no-store');
      const principal = c.get('principal');
      if (!principal) throw new Error('a guarded route ran without a principal');
      const r = await decideIdentityReview(app.db, {
        reviewId: BigInt(params.id),
        decision: body.decision,
        ...(body.personId === undefined ? {} : { personId: BigInt(body.personId) }),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
        ...(body.seen === undefined ? {} : { seen: body.seen }),
        officer: principal.actor,
        at: access.now(),
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, {
        reviewId: String(r.value.reviewId),
        status: r.value.status,
        personId: r.value.personId === null ? null : String(r.value.personId),
        repeated: r.value.repeated,
      });
    },
  });

  return router.hono;
}
