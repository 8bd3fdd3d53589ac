import type { Context } from 'hono';
import { z } from 'zod';
import type { Actor } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { noticeWordsInSpanish } from '../messages/index.ts';
import { Centavos, IsoDate } from '../routing/schemas.ts';
import { ok, type Result } from '../shared/failure.ts';
import type { Lang } from '../shared/lang.ts';
import {
  type Balance,
  balanceOf,
  type DeclarationRecord,
  type fileDeclaration,
  issueNotice,
  NOTICE_KINDS,
  type NoticeKind,
  noticeHtml,
  noticePdf,
  readDeclaration,
  type WealthTaxFailure,
} from '../wealth-tax/index.ts';
import { respondToFailure } from './error-handler.ts';

/**
 * What the wealth tax's two APIs at /api/wealth-tax share (the tax administration's in
 * wealth-tax-api.routes.ts, the representative's in wealth-tax-representation-api.routes.ts):
 * the path parameters, a declaration's request body, a charge as JSON, a year's read, and a
 * notice's answer.
 */

/** A JSON body's limit, and the operations' tag in the OpenAPI description. */
export const API_BODY_BYTES = 64 * 1024;
export const tags = ['wealth-tax'];

export const Nit = z
  .string()
  .regex(/^[0-9]{5,15}$/)
  .meta({ description: 'A NIT (tax id).', examples: ['4567890019'] });
export const Year = z
  .string()
  .regex(/^20[0-9]{2}$/)
  .meta({ description: 'A fortune year.', examples: ['2020'] });

export const ChargeJson = z.object({ kind: z.string(), onDay: IsoDate, amountCentavos: Centavos });

type Charge = { kind: string; onDay: string; amountCentavos: bigint };

/** A charge as the APIs answer it. */
export const chargeJson = (x: Charge) => ({ kind: x.kind, onDay: x.onDay, amountCentavos: x.amountCentavos });

/** The charges still standing (not reversed), as the APIs answer them. */
export const standingChargesJson = (charges: readonly (Charge & { reversedBy?: unknown })[]) =>
  charges.filter((x) => !x.reversedBy).map(chargeJson);

/**
 * The body of filing or amending a declaration; each API gives its own filing-key schema (its own
 * example).
 *
 * @example request: { body: declarationBody(Key) }
 */
export function declarationBody<K extends z.ZodString>(filingKey: K) {
  return z.object({
    nit: Nit,
    fortuneYear: z.number().int().min(2020).max(2100),
    filedOn: IsoDate,
    filingKey,
    reason: z.string().max(500).optional(),
    amendment: z.boolean().optional(),
    declaration: z.record(z.string(), z.unknown()),
  });
}

type DeclarationBody = z.infer<ReturnType<typeof declarationBody>>;

/**
 * The domain's filing input from a declaration body; `representative` is the representative's
 * account when one files under a mandate.
 */
export function filingInput(
  body: DeclarationBody,
  representative?: string,
): Parameters<typeof fileDeclaration>[1] {
  return {
    nit: body.nit,
    fortuneYear: body.fortuneYear,
    filedOn: body.filedOn,
    filingKey: body.filingKey,
    declaration: body.declaration,
    ...(representative !== undefined ? { representative } : {}),
    ...(body.reason !== undefined ? { reason: body.reason } : {}),
    ...(body.amendment !== undefined ? { amendment: body.amendment } : {}),
  };
}

/** The path parameters and query of a notice. */
export const noticeRequest = () => ({
  params: z.object({
    nit: Nit,
    year: Year,
    kind: z.enum(NOTICE_KINDS as ['assessment', 'reminder', 'fine']).meta({ examples: ['assessment'] }),
  }),
  query: z.object({ format: z.enum(['pdf', 'html']).default('pdf'), on: IsoDate.optional() }),
});

/** A notice's answer: HTML, or a PDF to download named after the kind, NIT and year. */
export async function sendNotice(
  c: Context,
  notice: Parameters<typeof noticeHtml>[0],
  format: 'pdf' | 'html',
  params: { nit: string; year: string; kind: string },
): Promise<Response> {
  if (format === 'html')
    return c.body(noticeHtml(notice), 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    });
  return c.body(new Uint8Array(await noticePdf(notice)), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="aviso-${params.kind}-${params.nit}-${params.year}.pdf"`,
    'X-Content-Type-Options': 'nosniff',
  });
}

/** The path parameters and query of a taxpayer's year. */
export const yearRequest = () => ({
  params: z.object({ nit: Nit, year: Year }),
  query: z.object({ lang: z.enum(['es', 'en']).default('es') }),
});

/**
 * A taxpayer's year as both year routes read it: the declaration's versions with the explanation
 * (a read of a declaration, audited as `actor`), then the balance; for a `representative`, each
 * only under a mandate in force (else `not_mandated`).
 */
export async function readYear(
  db: Database,
  input: { nit: string; fortuneYear: number; on: string; lang: Lang; representative?: string },
  actor: Actor,
  now: () => Date,
): Promise<Result<{ record: DeclarationRecord; balance: Balance }, WealthTaxFailure>> {
  const { representative } = input;
  const record = await readDeclaration(db, input, actor, now());
  if (!record.ok) return record;
  const balance = await balanceOf(
    db,
    input.nit,
    input.fortuneYear,
    representative === undefined ? undefined : { representative, at: now() },
  );
  if (!balance.ok) return balance;
  return ok({ record: record.value, balance: balance.value });
}

/**
 * A notice route's answer: issues the notice in Spanish (audited as `actor`; for a
 * `representative`, only under a mandate in force) and sends it, or the failure.
 */
export async function answerNotice(
  c: Context,
  db: Database,
  request: {
    params: { nit: string; year: string; kind: NoticeKind };
    query: { format: 'pdf' | 'html'; on?: string | undefined };
  },
  today: string,
  actor: Actor,
  now: Date,
  representative?: string,
): Promise<Response> {
  const { params, query } = request;
  const n = await issueNotice(
    db,
    {
      nit: params.nit,
      fortuneYear: Number(params.year),
      kind: params.kind,
      on: query.on ?? today,
      words: noticeWordsInSpanish,
      ...(representative === undefined ? {} : { representative }),
    },
    actor,
    now,
  );
  if (!n.ok) return respondToFailure(c, n.error);
  return sendNotice(c, n.value, query.format, params);
}
