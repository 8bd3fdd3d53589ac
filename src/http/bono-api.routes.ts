import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../access/index.ts';
import type { App } from '../app.ts';
import {
  BankLookupLimit,
  citizenStatus,
  type LookupPlace,
  type Payment,
  type PayoutDesk,
  type PayoutRefusal,
  recordCredentialLimited,
  reversePayout,
  verifyForBank,
} from '../bono/index.ts';
import { langOf } from '../routing/errors.ts';
import { createRouter, defineRoute, sendJson } from '../routing/route.ts';
import { Centavos, Instant, IsoDate } from '../routing/schemas.ts';
import { readerFor, readOnlyRequest } from '../scale/index.ts';
import { requestLog } from '../shared/log.ts';
import { errorAnswer } from './api-schemas.ts';
import { respondToFailure } from './error-handler.ts';

/**
 * The bono's API for banks and citizens: a bank's system verifies a person at the counter, records
 * the payout (exactly once, keyed by its Idempotency-Key) and reverses it the same day; a citizen's
 * app asks for their status. Each bank calls with its own credential, whose organisation is the
 * bank's BIC: that, not anything in the request, names the bank.
 */

const REFUSALS = [
  'not_entitled',
  'round_not_approved',
  'window_not_open',
  'collection_period_over',
  'already_paid',
  'deposit_in_progress',
  'idempotency_key_reused',
  'bank_unknown',
  'busy',
] as const satisfies readonly PayoutRefusal[];

/**
 * A bank's or a citizen's request is a few fields of JSON (an identity, a payment point, a reason
 * of at most 500 characters): anything larger than this is refused before it is read.
 */
const API_BODY_BYTES = 16 * 1024;

/** A person as their identity card names them; the vaccination API takes the same. */
export const PersonTriple = z
  .object({
    ciNumber: z
      .string()
      .trim()
      .regex(/^[1-9][0-9]*$/)
      .max(20)
      .meta({
        description: 'Identity card (CI) number: digits only, without the place of issue.',
        examples: ['4567890'],
      }),
    complemento: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z]*$/)
      .max(10)
      .default('')
      .meta({ description: 'The CI’s complemento, empty when the card has none.', examples: ['1A'] }),
    dateOfBirth: IsoDate,
  })
  .meta({ id: 'PersonTriple', description: 'A person as their identity card names them.' });

const PaidWhere = z
  .object({
    paidAt: Instant,
    bankBic: z.string(),
    paymentPoint: z.string(),
    channel: z.enum(['counter', 'deposit']),
  })
  .meta({ id: 'PaidWhere', description: 'When and where a person was paid.' });

const VerifyJson = z
  .object({
    eligible: z.boolean().meta({ description: 'Entitled to the bono in an approved round.' }),
    refusal: z
      .enum(REFUSALS)
      .nullable()
      .meta({ description: 'Why a counter may not pay now; null when it may (see x-error-codes).' }),
    amountCentavos: Centavos.nullable(),
    roundId: z.number().int().nullable(),
    band: z.string().nullable().meta({ description: 'The age band whose window applies.' }),
    windowOpensOn: IsoDate.nullable(),
    windowClosesOn: IsoDate.nullable(),
    deadline: IsoDate.nullable().meta({ description: 'The last day anyone may collect.' }),
    payableNow: z.boolean(),
    alreadyPaid: PaidWhere.nullable(),
  })
  .meta({ id: 'Verification' });

const PaymentJson = z
  .object({
    id: z.number().int().meta({ description: 'The payment number, for a reversal.' }),
    roundId: z.number().int(),
    amountCentavos: Centavos,
    channel: z.enum(['counter', 'deposit']),
    bankBic: z.string(),
    paymentPoint: z.string(),
    idempotencyKey: z.string(),
    paidAt: Instant,
    reversedAt: Instant.nullable(),
    reversalReason: z.string().nullable(),
  })
  .meta({ id: 'Payment' });

const PayoutJson = z
  .object({
    result: z.enum(['paid', 'already_recorded']).meta({
      description:
        '`paid`: recorded now; `already_recorded`: a retry of a payout recorded before, unchanged.',
    }),
    payment: PaymentJson,
  })
  .meta({ id: 'Payout' });

const CitizenStatusJson = z
  .object({
    eligible: z.boolean(),
    reasons: z.array(z.string()).meta({ description: 'Why, in plain words, in the request’s language.' }),
    amountCentavos: Centavos.nullable(),
    band: z.string().nullable(),
    windowOpensOn: IsoDate.nullable(),
    windowClosesOn: IsoDate.nullable(),
    deadline: IsoDate.nullable(),
    rezagados: z.object({ opensOn: IsoDate, closesOn: IsoDate }).nullable(),
    collectableToday: z.boolean(),
    channel: z.enum(['counter', 'deposit']).nullable(),
    depositAccountMasked: z.string().nullable(),
    bankName: z.string().nullable(),
    depositInFlight: z.boolean(),
    payment: z
      .object({
        paidAt: Instant,
        bankName: z.string(),
        paymentPoint: z.string(),
        channel: z.enum(['counter', 'deposit']),
      })
      .nullable(),
    expired: z.boolean(),
  })
  .meta({ id: 'CitizenStatus' });

function paymentJson(p: Payment) {
  return {
    id: p.id,
    roundId: p.roundId,
    amountCentavos: p.amountCentavos,
    channel: p.channel,
    bankBic: p.bankBic,
    paymentPoint: p.paymentPoint,
    idempotencyKey: p.idempotencyKey,
    paidAt: p.paidAt,
    reversedAt: p.reversedAt,
    reversalReason: p.reversalReason,
  };
}

const tags = ['bono'];

/**
 * The bono API routes, to mount at /api/bono. `desk` records payouts in group commits; whoever builds
 * the app closes it when the server stops. The clock is the access middleware's (`access.now`).
 * `lookupLimit` counts each credential's verifications and payouts that find nobody entitled
 * (src/bono/bank-lookup-limit.ts); by default AYNI_BANK_MISSES_PER_MINUTE a minute.
 *
 * @example mountRoutes(router, '/api/bono', bonoApiRoutes(app, access, desk));
 */
export function bonoApiRoutes(
  app: App,
  access: Access,
  desk: PayoutDesk,
  lookupLimit = new BankLookupLimit(app.config.bankMissesPerMinute),
): Hono<AccessEnv> {
  const router = createRouter(access);

  /**
   * Takes the look-up's place in its credential's budget before anything is looked up; over the
   * limit, refuses it (429 `credential_limited`) and reports the first refusal of an episode.
   */
  const takePlace = async (c: Context<AccessEnv>, at: Date): Promise<LookupPlace | Response> => {
    const principal = c.get('principal')!;
    // Officers signed in are counted by username, apart from every credential id (`ak_…`).
    const key = principal.kind === 'credential' ? principal.id : `account:${principal.id}`;
    const place = lookupLimit.take(key, principal.organisation, at);
    if (place.admitted) return place;
    if (place.startsEpisode)
      await recordCredentialLimited(app.db, requestLog(c), {
        credentialId: principal.id,
        organisation: principal.organisation,
        missesPerMinute: lookupLimit.missesPerMinute,
        at,
      }).catch((err) => requestLog(c).error({ err }, 'bank API: the limit could not be recorded'));
    c.header('Retry-After', String(place.retryAfterSeconds));
    return respondToFailure(c, { code: 'credential_limited' });
  };

  defineRoute(router, {
    method: 'post',
    path: '/verify',
    operationId: 'verifyEntitlement',
    tags,
    access: { permission: 'entitlements.read' },
    request: { body: PersonTriple },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'The verification.', schema: VerifyJson },
      429: errorAnswer(
        '`credential_limited`: too many look-ups from this credential found nobody entitled in the last minute; wait Retry-After seconds.',
      ),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const at = access.now();
      const place = await takePlace(c, at);
      if (place instanceof Response) return place;
      let entitled = true;
      try {
        const verified = await verifyForBank(app.db, body, at);
        entitled = verified.eligible;
        return sendJson(c, verified);
      } finally {
        place.settle(entitled);
      }
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/payouts',
    operationId: 'recordPayout',
    tags,
    access: { permission: 'payments.pay' },
    request: {
      headers: z.object({
        'idempotency-key': z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/)
          .meta({
            description:
              'Chosen by the bank, 8–64 characters (a UUID will do); the same on every retry of one payout, new for the next.',
            examples: ['9f1c2a7e-3b4d-4c8e-9a0b-1d2e3f405162'],
          }),
      }),
      body: PersonTriple.extend({
        paymentPoint: z
          .string()
          .trim()
          .regex(/^[\p{L}\p{N} .,#/()-]{0,80}$/u)
          .meta({ description: 'The branch or agent that paid.', examples: ['Agencia Calacoto'] }),
      }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: { description: 'Paid and recorded.', schema: PayoutJson },
      200: { description: 'A retry of a payout already recorded: the same payment.', schema: PayoutJson },
      409: errorAnswer(
        '`already_paid` (details: when and where), `deposit_in_progress`, `idempotency_key_reused`, `window_not_open`, `collection_period_over`, `round_not_approved`.',
      ),
      422: errorAnswer(
        '`not_entitled` (also when nobody has that CI, complemento and date of birth), or `bank_unknown` (the credential is not a paying bank’s).',
      ),
      429: errorAnswer(
        '`credential_limited`: too many look-ups from this credential found nobody entitled in the last minute; wait Retry-After seconds.',
      ),
      503: errorAnswer('`busy`: repeat the same request with the same key after Retry-After seconds.'),
    },
    handler: async (c, { headers, body }) => {
      const principal = c.get('principal')!;
      c.header('Cache-Control', 'no-store');
      if (!principal.organisation) return respondToFailure(c, { code: 'bank_unknown' });
      const { paymentPoint, ...person } = body;
      const at = access.now();
      const place = await takePlace(c, at);
      if (place instanceof Response) return place;
      let entitled = true;
      let result: Awaited<ReturnType<PayoutDesk['pay']>>;
      try {
        result = await desk.pay({
          bankBic: principal.organisation,
          idempotencyKey: headers['idempotency-key'],
          person,
          paymentPoint,
          at,
          actor: principal.actor,
        });
        entitled = result.ok || result.error.code !== 'not_entitled';
      } finally {
        place.settle(entitled);
      }
      if (!result.ok) {
        if (result.error.code === 'busy') c.header('Retry-After', '1');
        return respondToFailure(c, result.error);
      }
      const recorded = result.value;
      return sendJson(
        c,
        { result: recorded.result, payment: paymentJson(recorded.payment) },
        recorded.result === 'paid' ? 201 : 200,
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/payouts/:id{[0-9]+}/reversal',
    operationId: 'reversePayout',
    tags,
    access: { permission: 'payments.pay' },
    request: {
      params: z.object({
        id: z.coerce.number().int().positive().meta({ description: 'The payment number.' }),
      }),
      body: z.object({ reason: z.string().trim().min(1).max(500) }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'The reversed payment.', schema: z.object({ payment: PaymentJson }) },
      404: errorAnswer('`payment_not_found`: no payment with that number by this bank.'),
      409: errorAnswer('`reversal_window_closed` or `not_reversible`.'),
    },
    handler: async (c, { params, body }) => {
      const principal = c.get('principal')!;
      c.header('Cache-Control', 'no-store');
      if (!principal.organisation) return respondToFailure(c, { code: 'payment_not_found' });
      const reversed = await reversePayout(app.db, {
        bankBic: principal.organisation,
        paymentId: params.id,
        reason: body.reason,
        at: access.now(),
        actor: principal.actor,
      });
      if (!reversed.ok) return respondToFailure(c, reversed.error);
      return sendJson(c, { payment: paymentJson(reversed.value) });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/status',
    operationId: 'citizenStatus',
    tags,
    access: { public: true },
    request: { body: PersonTriple },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'The person’s status.', schema: CitizenStatusJson },
      404: errorAnswer('`person_not_found`: no person with all three details.'),
      429: errorAnswer('`lookups_limited`, with Retry-After.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      // Admitted on the primary, read from a replica under the lag bound (docs/scaling.md).
      readOnlyRequest(c);
      const status = await citizenStatus(app.db, body, {
        at: access.now(),
        clientKey: access.clientIp(c) ?? 'unknown',
        lang: langOf(c),
        read: readerFor(app, c),
      });
      if (status.outcome === 'rate_limited') {
        c.header('Retry-After', String(status.retryAfterSeconds));
        return respondToFailure(c, { code: 'lookups_limited' });
      }
      if (status.outcome === 'not_found') return respondToFailure(c, { code: 'person_not_found' });
      // `why` is the page's structured form of `reasons`; the API answers with `reasons`.
      const { outcome: _found, why: _why, ...shown } = status;
      return sendJson(c, shown);
    },
  });

  return router.hono;
}
