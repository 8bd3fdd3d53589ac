import { z } from 'zod';

/**
 * Pieces every API route file describes its answers with, so that the OpenAPI document says the
 * same thing the same way everywhere.
 */

/** A documented error answer: its description, answered as a problem document (RFC 9457). */
export const errorAnswer = (description: string) => ({ description, problem: true }) as const;

/** An id or count as a string of digits: a bigint travels without losing precision. */
export const Digits = z
  .string()
  .regex(/^[0-9]+$/)
  .meta({ description: 'A number as a string of digits (no precision is lost).', examples: ['12'] });
