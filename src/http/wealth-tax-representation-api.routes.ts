import type { Hono } from 'hono';
import { z } from 'zod';
import { type Access, type AccessEnv, accountUsername, type Principal } from '../access/index.ts';
import type { App } from '../app.ts';
import { decisiveInWords } from '../messages/index.ts';
import { createRouter, defineRoute, sendJson } from '../routing/route.ts';
import { Centavos, IsoDate } from '../routing/schemas.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import {
  fileDeclaration,
  grantMandate,
  inForce,
  type Mandate,
  mandates,
  revokeMandate,
} from '../wealth-tax/index.ts';
import { errorAnswer } from './api-schemas.ts';
import { respondToFailure } from './error-handler.ts';
import {
  API_BODY_BYTES,
  answerNotice,
  ChargeJson,
  declarationBody,
  filingInput,
  Nit,
  noticeRequest,
  readYear,
  standingChargesJson,
  tags,
  yearRequest,
} from './wealth-tax-api.schemas.ts';

/**
 * The representative a request acts as: the officer's username, whether signed in by session or by
 * a personal credential (whose principal id is the credential's, not the username). An
 * organisation's credential is no one's account: it gets a name no mandate can hold (usernames
 * have no colon), so the domain refuses it with `not_mandated` like any account without a mandate.
 */
const representativeOf = (principal: Principal) => accountUsername(principal) ?? `credential:${principal.id}`;

/**
 * The wealth tax's representation API at /api/wealth-tax (issue #20): tax officers
 * (wealth_tax.assess) record and revoke a taxpayer's mandate to a representative's account; the
 * representative's own account (wealth_tax.represent) lists the taxpayers whose mandate to it is
 * in force today, and for each files or amends the declaration, reads the year (assessment with
 * its explanation, balance) and gets a notice — every call passing the account to the domain,
 * which answers 403 `not_mandated` without a mandate in force (also for a NIT nobody registered).
 */

const NOT_MANDATED = errorAnswer(
  '`not_mandated`: no mandate of this taxpayer to the account is in force today.',
);

const MandateJson = z
  .object({
    id: z.string(),
    nit: z.string(),
    representative: z.string(),
    validFrom: IsoDate,
    validTo: IsoDate.nullable(),
    grantedBy: z.string(),
    revoked: z.boolean(),
    inForceToday: z.boolean(),
  })
  .meta({ id: 'WealthTaxMandate' });

/**
 * The representation routes, to mount at /api/wealth-tax beside wealthTaxApiRoutes.
 *
 * @example mountRoutes(router, '/api/wealth-tax', wealthTaxRepresentationApiRoutes(app, access));
 */
export function wealthTaxRepresentationApiRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const today = () => toIsoDateInBolivia(access.now());
  const mandateJson = (m: Mandate) => ({
    id: String(m.id),
    nit: m.nit,
    representative: m.representative,
    validFrom: m.validFrom,
    validTo: m.validTo,
    grantedBy: m.grantedBy,
    revoked: m.revokedAt !== null,
    inForceToday: inForce(m, today()),
  });

  defineRoute(router, {
    method: 'get',
    path: '/mandates',
    operationId: 'wealthTaxMandates',
    tags,
    access: { permission: 'wealth_tax.assess' },
    request: { query: z.object({ nit: Nit.optional() }) },
    responses: {
      200: { description: 'Newest first.', schema: z.object({ mandates: z.array(MandateJson) }) },
    },
    handler: async (c, { query }) => {
      c.header('Cache-Control', 'no-store');
      const list = await mandates(app.db, query.nit ? { nit: query.nit } : {}, 5000);
      return sendJson(c, { mandates: list.map(mandateJson) });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/mandates',
    operationId: 'wealthTaxGrantMandate',
    tags,
    access: { permission: 'wealth_tax.assess' },
    request: {
      body: z.object({
        nit: Nit,
        representative: z
          .string()
          .max(64)
          .meta({ examples: ['rep.carla'] }),
        validFrom: IsoDate,
        validTo: IsoDate.nullable().optional(),
      }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: { description: 'Recorded (audited).', schema: MandateJson },
      400: errorAnswer('`wealth_tax_input_invalid` (representative, validFrom, validTo).'),
      404: errorAnswer('`taxpayer_not_found`.'),
    },
    handler: async (c, { body }) => {
      const r = await grantMandate(
        app.db,
        {
          nit: body.nit,
          representative: body.representative,
          validFrom: body.validFrom,
          validTo: body.validTo ?? null,
        },
        c.get('principal')!.actor,
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, mandateJson(r.value), 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/mandates/:id/revoke',
    operationId: 'wealthTaxRevokeMandate',
    tags,
    access: { permission: 'wealth_tax.assess' },
    request: {
      params: z.object({
        id: z
          .string()
          .regex(/^[1-9][0-9]{0,17}$/)
          .meta({ examples: ['1'] }),
      }),
      body: z.object({ reason: z.string().max(500) }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'Revoked from now on (audited).', schema: MandateJson },
      400: errorAnswer('`wealth_tax_input_invalid` (reason).'),
      404: errorAnswer('`mandate_not_found`.'),
      409: errorAnswer('`mandate_revoked`: revoked before.'),
    },
    handler: async (c, { params, body }) => {
      const r = await revokeMandate(
        app.db,
        { mandateId: BigInt(params.id), reason: body.reason },
        c.get('principal')!.actor,
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, mandateJson(r.value));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/represented',
    operationId: 'wealthTaxRepresented',
    tags,
    access: { permission: 'wealth_tax.represent' },
    responses: {
      200: {
        description: 'Only the taxpayers whose mandate to this account is in force today.',
        schema: z.object({
          taxpayers: z.array(
            z.object({ nit: z.string(), fullName: z.string(), validTo: IsoDate.nullable() }),
          ),
        }),
      },
    },
    handler: async (c) => {
      c.header('Cache-Control', 'no-store');
      const on = today();
      const byNit = new Map<string, { nit: string; fullName: string; validTo: string | null }>();
      for (const m of await mandates(app.db, { representative: representativeOf(c.get('principal')!) }, 5000))
        if (inForce(m, on) && !byNit.has(m.nit))
          byNit.set(m.nit, { nit: m.nit, fullName: m.taxpayerName, validTo: m.validTo });
      return sendJson(c, { taxpayers: [...byNit.values()].sort((a, b) => a.nit.localeCompare(b.nit)) });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/represented/:nit/years/:year',
    operationId: 'wealthTaxRepresentedYear',
    tags,
    access: { permission: 'wealth_tax.represent' },
    request: yearRequest(),
    responses: {
      200: {
        description: 'The versions with their tax, the explanation of the latest and the balance (audited).',
        schema: z.object({
          nit: z.string(),
          fortuneYear: z.number().int(),
          versions: z.array(
            z.object({
              version: z.number().int(),
              filedOn: IsoDate,
              taxCentavos: Centavos,
              deadline: IsoDate,
            }),
          ),
          decisive: z.string().nullable(),
          balance: z.object({
            taxCentavos: Centavos,
            balanceCentavos: Centavos,
            charges: z.array(ChargeJson),
          }),
        }),
      },
      403: NOT_MANDATED,
      404: errorAnswer('`declaration_not_found`.'),
    },
    handler: async (c, { params, query }) => {
      c.header('Cache-Control', 'no-store');
      const representative = representativeOf(c.get('principal')!);
      const fortuneYear = Number(params.year);
      const y = await readYear(
        app.db,
        { nit: params.nit, fortuneYear, on: today(), lang: query.lang, representative },
        c.get('principal')!.actor,
        () => access.now(),
      );
      if (!y.ok) return respondToFailure(c, y.error);
      const { record, balance } = y.value;
      return sendJson(c, {
        nit: params.nit,
        fortuneYear,
        versions: record.versions.flatMap((v) =>
          v.assessment
            ? [
                {
                  version: v.declaration.version,
                  filedOn: v.declaration.filedOn,
                  taxCentavos: v.assessment.taxCentavos,
                  deadline: v.assessment.deadline,
                },
              ]
            : [],
        ),
        decisive: record.explanation ? decisiveInWords(record.explanation.decisive, query.lang) : null,
        balance: {
          taxCentavos: balance.taxCentavos,
          balanceCentavos: balance.balanceCentavos,
          charges: standingChargesJson(balance.charges),
        },
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/represented/declarations',
    operationId: 'wealthTaxRepresentedDeclaration',
    tags,
    access: { permission: 'wealth_tax.represent' },
    request: {
      body: declarationBody(
        z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9:._/@-]{0,99}$/)
          .meta({ examples: ['rep:4567890019:2020:1'] }),
      ),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: {
        description: 'Filed and assessed.',
        schema: z.object({ version: z.number().int(), taxCentavos: Centavos, deadline: IsoDate }),
      },
      200: {
        description: 'Filed before with this key.',
        schema: z.object({ version: z.number().int(), taxCentavos: Centavos, deadline: IsoDate }),
      },
      400: errorAnswer('`wealth_tax_input_invalid`, `input_invalid`.'),
      403: NOT_MANDATED,
      409: errorAnswer('`filing_key_conflict`.'),
      422: errorAnswer('`residence_missing`, `nothing_to_amend`, `wealth_tax_not_in_force`.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await fileDeclaration(
        app.db,
        filingInput(body, representativeOf(c.get('principal')!)),
        c.get('principal')!.actor,
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(
        c,
        {
          version: r.value.declaration.version,
          taxCentavos: r.value.assessment.taxCentavos,
          deadline: r.value.assessment.deadline,
        },
        r.value.created ? 201 : 200,
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/represented/:nit/years/:year/notices/:kind',
    operationId: 'wealthTaxRepresentedNotice',
    tags,
    access: { permission: 'wealth_tax.represent' },
    request: noticeRequest(),
    responses: {
      200: { description: 'The notice (application/pdf or text/html).', schema: z.string() },
      400: errorAnswer('`wealth_tax_input_invalid`.'),
      403: NOT_MANDATED,
      404: errorAnswer('`declaration_not_found`.'),
    },
    handler: async (c, request) => {
      c.header('Cache-Control', 'no-store');
      const principal = c.get('principal')!;
      return answerNotice(
        c,
        app.db,
        request,
        today(),
        principal.actor,
        access.now(),
        representativeOf(principal),
      );
    },
  });

  return router.hono;
}
