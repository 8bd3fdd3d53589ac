/**
 * ayni's one failure model (docs/adr/0009-one-failure-model.md): an expected failure is a value —
 * a `code` that never changes once published, and typed fields a reader may see — returned in a
 * `Result`, never thrown. Each domain declares the union of its failures
 * (`src/<domain>/<domain>.failures.ts`); src/messages maps every code to an HTTP status and to its
 * words in each language, in one place. Bugs throw plain `Error`s (or `AssertionFailure`).
 *
 * A failure's fields are public by construction: they go to the client as RFC 9457 extension
 * members and into the words of the message, so a failure never carries a secret, a token or
 * another person's data, and never a field named `type`, `title`, `status`, `detail` or
 * `instance` (the members RFC 9457 defines).
 */

/** An expected failure: a stable code, plus the typed fields its message needs. */
export interface Failure<Code extends string = string> {
  readonly code: Code;
}

/** The value of an operation that may fail as expected: the value, or the failure. */
export type Result<T, E = Failure> = { ok: true; value: T } | { ok: false; error: E };

/** @example return ok(round); */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** @example return fail({ code: 'round_not_found', roundId }); */
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });

/**
 * The failure of a Result whose failure types differ, widened: for passing a called domain's
 * failure on unchanged.
 *
 * @example const r = await freezeRound(db, input); if (!r.ok) return passOn(r);
 */
export function passOn<E>(result: { ok: false; error: E }): Result<never, E> {
  return result;
}
