/**
 * Expected failures are values with a precise code, kept apart from bugs (which throw plain Errors).
 * A `UserError` carries a one-line message that tells the reader what to do next; the CLI prints it
 * without a stack trace and exits non-zero.
 *
 * @example
 *   throw new UserError('import_header_mismatch', 'Columns missing: sex. Expected header: …');
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A result that is either a value or an expected failure, for hot paths where throwing is too dear. */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
