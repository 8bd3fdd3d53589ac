import type { Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../access/index.ts';
import type { App } from '../app.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { citizenStatus } from '../bono/index.ts';
import {
  ddccExport,
  HC1_MAX_CHARS,
  type IssuedRow,
  issueCertificate,
  keyFolder,
  revokeCertificate,
  rotateSigner,
  signedTrustList,
  trustSnapshot,
  vaccinationCard,
} from '../certificates/index.ts';
import { createRouter, defineRoute, sendJson } from '../routing/route.ts';
import { Instant, IsoDate } from '../routing/schemas.ts';
import { readerFor, readOnlyRequest } from '../scale/index.ts';
import { certificatePool } from '../web/certificates/certificate-pool.ts';
import { errorAnswer } from './api-schemas.ts';
import { PersonTriple } from './bono-api.routes.ts';
import { respondToFailure } from './error-handler.ts';

/**
 * The certificates' API at /api/certificates: the signed trust list and verification (public: any
 * verifier may use them), the citizen's PDF card (public, by CI + date of birth + complemento,
 * counted by the bono's citizen look-up limits first: one bound on guessing whichever page or API
 * is used), issuing (certificates.issue) and revoking certificates and rotating keys
 * (certificates.manage), each audited by the domain.
 */

const API_BODY_BYTES = 16 * 1024;
const tags = ['certificates'];
const Digits = z
  .string()
  .regex(/^[0-9]+$/)
  .max(19);

const CertificateJson = z
  .object({
    id: Digits,
    doseNumber: z.number().int(),
    uvci: z.string(),
    kid: z.string(),
    hc1: z.string().meta({ description: 'The QR code’s text (HC1:…).' }),
    issuedAt: Instant,
    expiresAt: Instant,
    revokedAt: Instant.nullable(),
  })
  .meta({ id: 'VaccinationCertificate' });

function certificateJson(c: IssuedRow) {
  return {
    id: c.id,
    doseNumber: c.doseNumber,
    uvci: c.uvci,
    kid: c.kid,
    hc1: c.hc1,
    issuedAt: c.issuedAt,
    expiresAt: c.expiresAt,
    revokedAt: c.revokedAt,
  };
}

/**
 * The certificates API routes, to mount at /api/certificates.
 *
 * @example mountRoutes(router, '/api/certificates', certificatesApiRoutes(app, access));
 */
export function certificatesApiRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const folder = keyFolder(app.config.dataDir);

  defineRoute(router, {
    method: 'get',
    path: '/trust-list',
    operationId: 'certificateTrustList',
    tags,
    access: { public: true },
    responses: {
      200: {
        description: 'The list.',
        schema: z.object({ payload: z.string(), signature: z.string() }).meta({ id: 'SignedTrustList' }),
      },
      404: errorAnswer('`trust_list_not_published`: the issuer has no keys yet.'),
    },
    handler: async (c) => {
      const list = await signedTrustList(readerFor(app, c), { folder, at: access.now() });
      if (list === undefined) return respondToFailure(c, { code: 'trust_list_not_published' });
      c.header('Cache-Control', 'public, max-age=300');
      return sendJson(c, list);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/verify',
    operationId: 'verifyCertificate',
    tags,
    access: { public: true },
    request: { body: z.object({ hc1: z.string().max(HC1_MAX_CHARS + 8) }) },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: {
        description: 'Valid: who it names, the dose, the period and the key.',
        schema: z.object({
          valid: z.literal(true),
          kid: z.string(),
          issuedAt: Instant,
          expiresAt: Instant,
          payload: z.record(z.string(), z.unknown()),
        }),
      },
      422: errorAnswer(
        '`hc1_*`: the step that failed (prefix, Base45, decompression, COSE, key, signature, validity, key usage, schema, revocation).',
      ),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const at = access.now();
      // On a thread of the certificate pool: a signature check is CPU, and the pool has one a core.
      readOnlyRequest(c);
      const outcome = await certificatePool().verify(
        body.hc1,
        at,
        await trustSnapshot(readerFor(app, c), at),
        {
          payload: true,
        },
      );
      if (outcome.failure !== null) return respondToFailure(c, outcome.failure);
      if (outcome.summary === null || outcome.payload === null)
        throw new Error('a valid outcome without its payload');
      return sendJson(c, {
        valid: true,
        kid: outcome.summary.kid,
        issuedAt: outcome.summary.issuedAt,
        expiresAt: outcome.summary.expiresAt,
        payload: outcome.payload,
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/card',
    operationId: 'vaccinationCard',
    tags,
    access: { public: true },
    request: {
      body: z.object({ person: PersonTriple, size: z.enum(['a4', 'wallet']).default('a4') }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'The card (application/pdf).', schema: z.string().meta({ format: 'binary' }) },
      404: errorAnswer('`person_not_found` (nobody with all three details), `certificate_no_doses`.'),
      429: errorAnswer('`too_many_attempts`: too many look-ups; Retry-After says when to try again.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const at = access.now();
      const gate = await citizenStatus(app.db, body.person, {
        at,
        clientKey: access.clientIp(c) ?? 'unknown',
        lang: 'es',
        read: readerFor(app, c),
      });
      if (gate.outcome === 'rate_limited') {
        c.header('Retry-After', String(gate.retryAfterSeconds));
        return respondToFailure(c, {
          code: 'too_many_attempts',
          retryAfterMs: gate.retryAfterSeconds * 1000,
        });
      }
      if (gate.outcome === 'not_found') return respondToFailure(c, { code: 'person_not_found' });
      const card = await vaccinationCard(app.db, {
        person: body.person,
        folder,
        at,
        actor: SYSTEM_ACTOR,
      });
      if (!card.ok) return respondToFailure(c, card.error);
      const pdf = await certificatePool().renderCard(card.value.card, body.size, 'es');
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="carnet-vacunacion-${body.size}.pdf"`,
        'X-Content-Type-Options': 'nosniff',
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/issue',
    operationId: 'issueCertificate',
    tags,
    access: { permission: 'certificates.issue' },
    request: { body: z.object({ person: PersonTriple }) },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: { description: 'Issued.', schema: z.object({ certificate: CertificateJson }) },
      200: {
        description: 'Issued before: the same certificate.',
        schema: z.object({ certificate: CertificateJson }),
      },
      404: errorAnswer('`person_not_found`, `certificate_no_doses`.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await issueCertificate(app.db, {
        person: body.person,
        folder,
        at: access.now(),
        actor: c.get('principal')!.actor,
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { certificate: certificateJson(r.value.certificate) }, r.value.replayed ? 200 : 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/fhir',
    operationId: 'certificateFhirBundle',
    tags,
    access: { permission: 'certificates.issue' },
    request: { body: z.object({ person: PersonTriple }) },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: {
        description: 'The Bundle (application/fhir+json).',
        schema: z.record(z.string(), z.unknown()).meta({ id: 'FhirBundle' }),
      },
      404: errorAnswer('`person_not_found`, `certificate_no_doses`.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await ddccExport(app.db, {
        person: body.person,
        folder,
        at: access.now(),
        actor: c.get('principal')!.actor,
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return c.body(JSON.stringify(r.value), 200, { 'Content-Type': 'application/fhir+json' });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:id/revoke',
    operationId: 'revokeCertificate',
    tags,
    access: { permission: 'certificates.manage' },
    request: {
      params: z.object({ id: Digits }),
      body: z.object({ reason: z.enum(['issued_in_error', 'dose_entered_in_error']) }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'Revoked.', schema: z.object({ certificate: CertificateJson }) },
      404: errorAnswer('`certificate_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await revokeCertificate(app.db, {
        certificateId: BigInt(params.id),
        reason: body.reason,
        at: access.now(),
        actor: c.get('principal')!.actor,
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { certificate: certificateJson(r.value.certificate) });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/keys/rotate',
    operationId: 'rotateCertificateSigner',
    tags,
    access: { permission: 'certificates.manage' },
    responses: {
      201: {
        description: 'The new key and the one retired.',
        schema: z.object({ kid: z.string(), retired: z.string().nullable(), on: IsoDate }),
      },
    },
    handler: async (c) => {
      const at = access.now();
      const r = await rotateSigner(app.db, { folder, at, actor: c.get('principal')!.actor });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(
        c,
        { kid: r.value.kid, retired: r.value.retired ?? null, on: at.toISOString().slice(0, 10) },
        201,
      );
    },
  });

  return router.hono;
}
