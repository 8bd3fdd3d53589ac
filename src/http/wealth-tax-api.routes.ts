import type { Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../access/index.ts';
import type { App } from '../app.ts';
import { decisiveInWords } from '../messages/index.ts';
import { createRouter, defineRoute, sendJson } from '../routing/route.ts';
import { Centavos, IsoDate } from '../routing/schemas.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import {
  balanceOf,
  fileDeclaration,
  fitTails,
  importDeclarations,
  recordPayment,
  reformScenarios,
  simulate,
  taxpayers,
  wealthTaxPublicFigures,
} from '../wealth-tax/index.ts';
import { errorAnswer } from './api-schemas.ts';
import { respondToFailure } from './error-handler.ts';
import {
  API_BODY_BYTES,
  answerNotice,
  ChargeJson,
  chargeJson,
  declarationBody,
  filingInput,
  Nit,
  noticeRequest,
  readYear,
  standingChargesJson,
  tags,
  Year,
  yearRequest,
} from './wealth-tax-api.schemas.ts';

/**
 * The wealth tax's API at /api/wealth-tax (issue #20 §8) for the tax administration's systems:
 * the register, a taxpayer's year (every version of the declaration, the assessment with its
 * explanation, the balance — a read of a declaration, audited), filing and amending declarations,
 * importing a file of them, recording payments, notices as PDF or HTML, the revenue simulation,
 * and the public figures with small cells suppressed. Permissions: wealth_tax.read to read,
 * wealth_tax.assess to file, import and issue notices, wealth_tax.collect to record payments,
 * wealth_tax.simulate for the simulation; the public figures are public.
 */

const IMPORT_BODY_BYTES = 8 * 1024 * 1024;

const Key = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9:._/@-]{0,99}$/)
  .meta({ description: 'Chosen by the caller and reused on retry.', examples: ['sin:4567890019:2020:1'] });

const AssessmentJson = z
  .object({
    declarationId: z.string(),
    version: z.number().int(),
    filedOn: IsoDate,
    resident: z.boolean(),
    netFortuneCentavos: Centavos,
    taxCentavos: Centavos,
    rateBasisPoints: z.number().int().nullable(),
    deadline: IsoDate,
  })
  .meta({ id: 'WealthTaxAssessment' });

/**
 * The wealth-tax API routes, to mount at /api/wealth-tax.
 *
 * @example mountRoutes(router, '/api/wealth-tax', wealthTaxApiRoutes(app, access));
 */
export function wealthTaxApiRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const today = () => toIsoDateInBolivia(access.now());

  defineRoute(router, {
    method: 'get',
    path: '/taxpayers',
    operationId: 'wealthTaxTaxpayers',
    tags,
    access: { permission: 'wealth_tax.read' },
    responses: {
      200: {
        description: 'The register.',
        schema: z.object({
          taxpayers: z.array(
            z.object({
              nit: z.string(),
              fullName: z.string(),
              departmentCode: z.number().int(),
              maritalRegime: z.string(),
              registryPerson: z.boolean(),
            }),
          ),
        }),
      },
    },
    handler: async (c) => {
      c.header('Cache-Control', 'no-store');
      const list = await taxpayers(app.db, 5000);
      return sendJson(c, {
        taxpayers: list.map((t) => ({
          nit: t.nit,
          fullName: t.fullName,
          departmentCode: t.departmentCode,
          maritalRegime: t.maritalRegime,
          registryPerson: t.personId !== null,
        })),
      });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/taxpayers/:nit/years/:year',
    operationId: 'wealthTaxYear',
    tags,
    access: { permission: 'wealth_tax.read' },
    request: yearRequest(),
    responses: {
      200: {
        description: 'The year.',
        schema: z.object({
          nit: z.string(),
          fortuneYear: z.number().int(),
          versions: z.array(AssessmentJson),
          explanation: z
            .object({
              decisive: z.string(),
              lines: z.array(z.object({ step: z.string(), text: z.string(), basis: z.array(z.string()) })),
            })
            .nullable(),
          balance: z.object({
            taxCentavos: Centavos,
            chargesCentavos: Centavos,
            paidCentavos: Centavos,
            balanceCentavos: Centavos,
            charges: z.array(ChargeJson),
          }),
        }),
      },
      404: errorAnswer('`taxpayer_not_found`, `declaration_not_found`.'),
    },
    handler: async (c, { params, query }) => {
      c.header('Cache-Control', 'no-store');
      const fortuneYear = Number(params.year);
      const y = await readYear(
        app.db,
        { nit: params.nit, fortuneYear, on: today(), lang: query.lang },
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
                  declarationId: String(v.declaration.id),
                  version: v.declaration.version,
                  filedOn: v.declaration.filedOn,
                  resident: v.assessment.resident,
                  netFortuneCentavos: v.assessment.netFortuneCentavos,
                  taxCentavos: v.assessment.taxCentavos,
                  rateBasisPoints: v.assessment.rateBasisPoints,
                  deadline: v.assessment.deadline,
                },
              ]
            : [],
        ),
        explanation: record.explanation && {
          ...record.explanation,
          decisive: decisiveInWords(record.explanation.decisive, query.lang),
        },
        balance: {
          taxCentavos: balance.taxCentavos,
          chargesCentavos: balance.chargesCentavos,
          paidCentavos: balance.paidCentavos,
          balanceCentavos: balance.balanceCentavos,
          charges: standingChargesJson(balance.charges),
        },
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/declarations',
    operationId: 'wealthTaxFileDeclaration',
    tags,
    access: { permission: 'wealth_tax.assess' },
    request: {
      body: declarationBody(Key),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: {
        description: 'Filed and assessed.',
        schema: z.object({ assessment: AssessmentJson, lateCharges: z.array(ChargeJson) }),
      },
      200: {
        description: 'Filed before with this key.',
        schema: z.object({ assessment: AssessmentJson, lateCharges: z.array(ChargeJson) }),
      },
      400: errorAnswer('`wealth_tax_input_invalid`, `input_invalid` (the field named).'),
      404: errorAnswer('`taxpayer_not_found`.'),
      409: errorAnswer('`filing_key_conflict`.'),
      422: errorAnswer('`residence_missing`, `nothing_to_amend`, `wealth_tax_not_in_force`.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await fileDeclaration(app.db, filingInput(body), c.get('principal')!.actor, access.now());
      if (!r.ok) return respondToFailure(c, r.error);
      const a = r.value.assessment;
      return sendJson(
        c,
        {
          assessment: {
            declarationId: String(a.declarationId),
            version: r.value.declaration.version,
            filedOn: r.value.declaration.filedOn,
            resident: a.resident,
            netFortuneCentavos: a.netFortuneCentavos,
            taxCentavos: a.taxCentavos,
            rateBasisPoints: a.rateBasisPoints,
            deadline: a.deadline,
          },
          lateCharges: (r.value.lateCharges?.booked ?? []).map(chargeJson),
        },
        r.value.created ? 201 : 200,
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/imports',
    operationId: 'wealthTaxImport',
    tags,
    access: { permission: 'wealth_tax.assess' },
    request: {
      body: z.object({
        fileName: z.string().min(1).max(255),
        format: z.enum(['csv', 'json']).optional(),
        content: z.string().max(IMPORT_BODY_BYTES),
      }),
    },
    maxBodyBytes: IMPORT_BODY_BYTES + 1024,
    responses: {
      201: {
        description: 'Imported.',
        schema: z.object({
          importId: z.string(),
          replayed: z.boolean(),
          rowsRead: z.number().int(),
          rowsAccepted: z.number().int(),
          rowsRejected: z.number().int(),
          declarationsFiled: z.number().int(),
          rejects: z.array(
            z.object({ line: z.number().int(), nit: z.string().nullable(), reason: z.string() }),
          ),
        }),
      },
      200: {
        description: 'Imported before: that import’s counts.',
        schema: z.object({
          importId: z.string(),
          replayed: z.boolean(),
          rowsRead: z.number().int(),
          rowsAccepted: z.number().int(),
          rowsRejected: z.number().int(),
          declarationsFiled: z.number().int(),
          rejects: z.array(
            z.object({ line: z.number().int(), nit: z.string().nullable(), reason: z.string() }),
          ),
        }),
      },
      400: errorAnswer('`import_header_invalid`, `import_json_invalid`, `import_format_unknown`.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await importDeclarations(
        app.db,
        { fileName: body.fileName, content: body.content, ...(body.format ? { format: body.format } : {}) },
        c.get('principal')!.actor,
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { ...r.value, importId: String(r.value.importId) }, r.value.replayed ? 200 : 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/payments',
    operationId: 'wealthTaxPayment',
    tags,
    access: { permission: 'wealth_tax.collect' },
    request: {
      body: z.object({
        nit: Nit,
        fortuneYear: z.number().int().min(2020).max(2100),
        paymentId: Key,
        paidOn: IsoDate,
        currency: z.enum(['BOB', 'USD']),
        amount: z
          .string()
          .regex(/^\d{1,13}(\.\d{1,2})?$/)
          .meta({ examples: ['410000.00'] }),
      }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: {
        description: 'Recorded.',
        schema: z.object({
          paymentId: z.string(),
          amountCentavos: Centavos,
          charges: z.array(ChargeJson),
          balanceCentavos: Centavos,
        }),
      },
      200: {
        description: 'Recorded before with this id.',
        schema: z.object({
          paymentId: z.string(),
          amountCentavos: Centavos,
          charges: z.array(ChargeJson),
          balanceCentavos: Centavos,
        }),
      },
      404: errorAnswer('`taxpayer_not_found`, `declaration_not_found`.'),
      409: errorAnswer('`payment_conflict`.'),
      422: errorAnswer('`payment_currency_refused`.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await recordPayment(app.db, body, c.get('principal')!.actor, access.now());
      if (!r.ok) return respondToFailure(c, r.error);
      const b = await balanceOf(app.db, body.nit, body.fortuneYear);
      if (!b.ok) return respondToFailure(c, b.error);
      return sendJson(
        c,
        {
          paymentId: r.value.payment.id,
          amountCentavos: r.value.payment.amountCentavos,
          charges: r.value.charges.map(chargeJson),
          balanceCentavos: b.value.balanceCentavos,
        },
        r.value.created ? 201 : 200,
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/taxpayers/:nit/years/:year/notices/:kind',
    operationId: 'wealthTaxNotice',
    tags,
    access: { permission: 'wealth_tax.assess' },
    request: noticeRequest(),
    responses: {
      200: { description: 'The notice (application/pdf or text/html).', schema: z.string() },
      400: errorAnswer('`wealth_tax_input_invalid` (a reminder after the deadline, a fine before it).'),
      404: errorAnswer('`taxpayer_not_found`, `declaration_not_found`.'),
    },
    handler: async (c, request) => {
      c.header('Cache-Control', 'no-store');
      return answerNotice(c, app.db, request, today(), c.get('principal')!.actor, access.now());
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/simulation',
    operationId: 'wealthTaxSimulation',
    tags,
    access: { permission: 'wealth_tax.simulate' },
    request: {
      query: z.object({
        households: z.coerce.number().int().min(1000).max(5_000_000).default(1_000_000),
      }),
    },
    responses: {
      200: {
        description: 'One result per scenario.',
        schema: z.object({
          results: z.array(
            z.object({ scenario: z.string(), payers: z.number().int(), revenueCentavos: Centavos }),
          ),
        }),
      },
    },
    handler: async (c, { query }) => {
      const results = simulate(fitTails(query.households), reformScenarios());
      return sendJson(c, {
        results: results.map((r) => ({
          scenario: r.scenario,
          payers: r.payers,
          revenueCentavos: BigInt(Math.round(r.revenueCentavos)),
        })),
      });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/public/:year',
    operationId: 'wealthTaxPublicFigures',
    tags,
    access: { public: true },
    request: { params: z.object({ year: Year }) },
    responses: {
      200: {
        description: 'The figures.',
        schema: z.object({
          fortuneYear: z.number().int(),
          departments: z.array(
            z.object({
              departmentCode: z.number().int(),
              department: z.string(),
              payers: z.union([z.string().regex(/^[0-9]+$/), z.enum(['<5', 'withheld'])]),
              taxCentavos: Centavos.nullable(),
              paidCentavos: Centavos.nullable(),
            }),
          ),
        }),
      },
    },
    handler: async (c, { params }) => {
      c.header('Cache-Control', 'public, max-age=300');
      const f = await wealthTaxPublicFigures(app.db, Number(params.year));
      const count = (p: (typeof f.departments)[number]['payers']) =>
        p.state === 'shown' ? p.count : p.state === 'small' ? '<5' : 'withheld';
      return sendJson(c, {
        fortuneYear: f.fortuneYear,
        departments: [
          ...f.departments.map((d) => ({ ...d, payers: count(d.payers) })),
          {
            departmentCode: 0,
            department: 'total',
            payers: count(f.total.payers),
            taxCentavos: f.total.taxCentavos,
            paidCentavos: f.total.paidCentavos,
          },
        ],
      });
    },
  });

  return router.hono;
}
