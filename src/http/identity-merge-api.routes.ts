import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../access/index.ts';
import type { App } from '../app.ts';
import { identityMergeGuard } from '../identity-merge-guard.ts';
import {
  type CandidatePerson,
  decideMergeProposal,
  findDuplicates,
  type IdentityMerge,
  identityMergeDetail,
  listIdentityMerges,
  proposeMerge,
  unmerge,
} from '../registry/index.ts';
import { createRouter, defineRoute, sendJson } from '../routing/route.ts';
import { Instant, IsoDate } from '../routing/schemas.ts';
import { Digits, errorAnswer } from './api-schemas.ts';
import { respondToFailure } from './error-handler.ts';

/**
 * Registry duplicates and their maker-checker merges as an API (issue #23): the probable duplicate
 * pairs the matcher finds, the merges, a proposal (registry.merge_propose), the second officer's
 * approval or rejection and the undo (registry.merge_approve; never the proposer). The same rules
 * as the back-office pages and `ayni identity`: every step audited as the caller's; of two
 * approvals at once exactly one merges, the other answered 409 `identity_merge_decided`.
 */

const tags = ['identity-merge'];
const API_BODY_BYTES = 8 * 1024;

const MergeStatus = z.enum(['proposed', 'approved', 'rejected', 'unmerged']).meta({
  description:
    '`proposed` waits for a second officer; `approved` in force (the retired person left the read model); `rejected`; `unmerged` undone.',
});

const Vector = z.record(z.string(), z.string().nullable()).meta({
  description: 'Each comparison’s level, e.g. {"ci_number": "transposition"}; null when not compared.',
});

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
  .meta({ id: 'IdentityMergePerson' });

const Merge = z
  .object({
    id: Digits,
    survivingPersonId: Digits,
    retiredPersonId: Digits,
    matchWeight: z.number().nullable(),
    vector: Vector,
    status: MergeStatus,
    proposedBy: z.string(),
    proposedAt: Instant,
    proposalReason: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: Instant.nullable(),
    decisionReason: z.string().nullable(),
    unmergedBy: z.string().nullable(),
    unmergedAt: Instant.nullable(),
    unmergeReason: z.string().nullable(),
  })
  .meta({ id: 'IdentityMerge' });

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

const mergeJson = (m: IdentityMerge) => ({
  id: String(m.id),
  survivingPersonId: String(m.survivingPersonId),
  retiredPersonId: String(m.retiredPersonId),
  matchWeight: m.matchWeight,
  vector: m.vector,
  status: m.status,
  proposedBy: m.proposedBy,
  proposedAt: m.proposedAt.toISOString(),
  proposalReason: m.proposalReason,
  decidedBy: m.decidedBy,
  decidedAt: iso(m.decidedAt),
  decisionReason: m.decisionReason,
  unmergedBy: m.unmergedBy,
  unmergedAt: iso(m.unmergedAt),
  unmergeReason: m.unmergeReason,
});

const personJson = (p: CandidatePerson) => ({ ...p, id: String(p.id) });

/** The signed-in caller, the audit entry's actor (every route here is guarded). */
function actor(c: Context<AccessEnv>) {
  const principal = c.get('principal');
  if (!principal) throw new Error('a guarded route ran without a principal');
  return principal.actor;
}

const IdParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const Outcome = z.object({ merge: Merge, moved: z.number().int(), repeated: z.boolean() });

/**
 * The registry merge API routes, to mount at /api/identity-merges.
 *
 * @example mountRoutes(router, '/api/identity-merges', identityMergeApiRoutes(app, access));
 */
export function identityMergeApiRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);

  defineRoute(router, {
    method: 'get',
    path: '/duplicates',
    operationId: 'identityDuplicates',
    tags,
    access: { permission: 'registry.read' },
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
    responses: {
      200: {
        description: 'The pairs, with the thresholds they were kept by.',
        schema: z.object({
          candidates: z.number().int(),
          acceptWeight: z.number(),
          reviewWeight: z.number(),
          pairs: z.array(
            z.object({
              left: Person,
              right: Person,
              weight: z.number(),
              vector: Vector,
              strength: z.enum(['likely', 'possible']),
            }),
          ),
        }),
      },
    },
    handler: async (c, { query }) => {
      c.header('Cache-Control', 'no-store');
      const found = await findDuplicates(app.db, access.now().toISOString().slice(0, 10), query.limit);
      return sendJson(c, {
        candidates: found.candidates,
        acceptWeight: found.acceptWeight,
        reviewWeight: found.reviewWeight,
        pairs: found.pairs.map((p) => ({
          left: personJson(p.left),
          right: personJson(p.right),
          weight: p.weight,
          vector: p.vector,
          strength: p.strength,
        })),
      });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/',
    operationId: 'identityMerges',
    tags,
    access: { permission: 'registry.read' },
    request: {
      query: z.object({
        status: MergeStatus.optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
    },
    responses: {
      200: { description: 'The merges, newest first.', schema: z.object({ merges: z.array(Merge) }) },
    },
    handler: async (c, { query }) => {
      c.header('Cache-Control', 'no-store');
      const merges = await listIdentityMerges(app.db, query.status, query.limit);
      return sendJson(c, { merges: merges.map(mergeJson) });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/',
    operationId: 'proposeIdentityMerge',
    tags,
    access: { permission: 'registry.merge_propose' },
    request: {
      body: z.object({
        survivingPersonId: Digits,
        retiredPersonId: Digits,
        reason: z.string().max(2000),
        weight: z.number().optional(),
        vector: Vector.optional(),
      }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: { description: 'Proposed.', schema: z.object({ merge: Merge }) },
      404: errorAnswer('`identity_merge_person_not_found`.'),
      409: errorAnswer(
        '`identity_merge_pending`, `identity_merge_person_retired`, `identity_merge_retired_is_survivor`, `identity_merge_records_conflict`.',
      ),
      422: errorAnswer('`identity_merge_reason_required`, `identity_merge_same_person`.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await proposeMerge(app.db, identityMergeGuard, {
        survivingPersonId: BigInt(body.survivingPersonId),
        retiredPersonId: BigInt(body.retiredPersonId),
        reason: body.reason,
        officer: actor(c),
        at: access.now(),
        ...(body.weight === undefined ? {} : { weight: body.weight }),
        ...(body.vector === undefined ? {} : { vector: body.vector }),
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { merge: mergeJson(r.value) }, 201);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/:id{[0-9]+}',
    operationId: 'identityMerge',
    tags,
    access: { permission: 'registry.read' },
    request: { params: IdParam },
    responses: {
      200: {
        description: 'The merge, both persons as the registry holds them and the references it moved.',
        schema: z.object({
          merge: Merge,
          surviving: Person.nullable(),
          retired: Person.nullable(),
          moved: z.number().int(),
        }),
      },
      404: errorAnswer('`identity_merge_not_found`.'),
    },
    handler: async (c, { params }) => {
      c.header('Cache-Control', 'no-store');
      const d = await identityMergeDetail(app.db, BigInt(params.id));
      if (!d) return respondToFailure(c, { code: 'identity_merge_not_found', mergeId: String(params.id) });
      return sendJson(c, {
        merge: mergeJson(d.merge),
        surviving: d.surviving ? personJson(d.surviving) : null,
        retired: d.retired ? personJson(d.retired) : null,
        moved: d.moved,
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:id{[0-9]+}/decision',
    operationId: 'decideIdentityMerge',
    tags,
    access: { permission: 'registry.merge_approve' },
    request: {
      params: IdParam,
      body: z.object({ decision: z.enum(['approve', 'reject']), reason: z.string().max(2000) }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'Decided (or, with repeated, already so).', schema: Outcome },
      403: errorAnswer('`identity_merge_own_proposal`.'),
      404: errorAnswer('`identity_merge_not_found`.'),
      409: errorAnswer(
        '`identity_merge_decided`, `identity_merge_records_conflict`, `identity_merge_person_retired`.',
      ),
      422: errorAnswer('`identity_merge_reason_required`.'),
    },
    handler: async (c, { params, body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await decideMergeProposal(app.db, identityMergeGuard, {
        mergeId: BigInt(params.id),
        decision: body.decision,
        reason: body.reason,
        officer: actor(c),
        at: access.now(),
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, {
        merge: mergeJson(r.value.merge),
        moved: r.value.moved,
        repeated: r.value.repeated,
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:id{[0-9]+}/unmerge',
    operationId: 'unmergeIdentityMerge',
    tags,
    access: { permission: 'registry.merge_approve' },
    request: { params: IdParam, body: z.object({ reason: z.string().max(2000) }) },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'Undone (or, with repeated, already so).', schema: Outcome },
      403: errorAnswer('`identity_merge_own_proposal`.'),
      404: errorAnswer('`identity_merge_not_found`.'),
      409: errorAnswer('`identity_merge_not_approved`.'),
      422: errorAnswer('`identity_merge_reason_required`.'),
    },
    handler: async (c, { params, body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await unmerge(app.db, {
        mergeId: BigInt(params.id),
        reason: body.reason,
        officer: actor(c),
        at: access.now(),
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, {
        merge: mergeJson(r.value.merge),
        moved: r.value.moved,
        repeated: r.value.repeated,
      });
    },
  });

  return router.hono;
}
