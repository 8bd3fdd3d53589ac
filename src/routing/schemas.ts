import { z } from 'zod';

/**
 * zod schemas shared by the API's routes, so that a money field, a date or an error looks the same
 * in every answer and in the OpenAPI document.
 */

/**
 * An amount of money in centavos (hundredths of a boliviano) as a string of digits: ayni keeps money
 * as `bigint`, and a JSON number loses precision above 2^53. `sendJson` writes bigints this way.
 *
 * @example z.object({ amountCentavos: Centavos }) // "amountCentavos": "100000" is Bs 1,000.00
 */
export const Centavos = z
  .string()
  .regex(/^-?[0-9]+$/)
  .meta({
    description:
      'An amount in centavos (hundredths of a boliviano), as a string of digits so that no precision is lost: "100000" is Bs 1,000.00.',
    examples: ['100000'],
  });

/** A calendar date `YYYY-MM-DD` (Bolivia's calendar). @example IsoDate.parse('2020-12-01') */
export const IsoDate = z.iso
  .date()
  .meta({ description: 'A calendar date, YYYY-MM-DD.', examples: ['2020-12-01'] });

/** An instant, ISO 8601 with a time zone (what `sendJson` writes for a `Date`). */
export const Instant = z.iso
  .datetime({ offset: true })
  .meta({ description: 'An instant, ISO 8601 with time zone.', examples: ['2020-12-01T14:30:00.000Z'] });

/** One problem with one field of a request. */
export const RequestIssueSchema = z
  .object({
    path: z.string().meta({ description: 'Where: body.username, query.page, headers.idempotency-key …' }),
    code: z.string().meta({ description: 'What kind of problem (invalid_type, too_small, invalid_json …).' }),
    message: z.string().meta({ description: 'In the language of the request.' }),
  })
  .meta({ id: 'RequestIssue' });

/**
 * The body of every failure the API answers: RFC 9457 problem details (`application/problem+json`)
 * with ayni's extension members — `code`, and the failure's own typed fields.
 */
export const ProblemSchema = z
  .looseObject({
    type: z.string().meta({
      description: 'The kind of problem, a tag URI ending in its code: tag:ayni.bo,2026:problem/<code>.',
      examples: ['tag:ayni.bo,2026:problem/already_paid'],
    }),
    title: z.string().meta({
      description: 'The kind of problem in words, in Spanish or English (?lang= or Accept-Language).',
    }),
    status: z.number().int().meta({ description: 'The HTTP status of this answer.' }),
    detail: z.string().meta({ description: 'This occurrence of the problem, in the same language.' }),
    code: z.string().meta({
      description:
        'Stable code: branch on it. Every code is listed under x-error-codes at the root of this document.',
    }),
    issues: z
      .array(RequestIssueSchema)
      .optional()
      .meta({ description: 'For `request_invalid`: each field at fault.' }),
  })
  .meta({
    id: 'Problem',
    description:
      'RFC 9457 problem details. Other members are the failure’s own fields (e.g. `paidElsewhere` of `already_paid`, `retryAfterMs` of a lock-out).',
  });
