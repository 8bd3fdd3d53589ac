import type { Failure } from '../shared/failure.ts';

/**
 * The shapes of ayni's failure catalogues (docs/adr/0009-one-failure-model.md): for every code of a
 * domain's failure union, its HTTP status (src/messages/status/<domain>.ts) and its words in each
 * language (src/messages/<lang>/<domain>.ts). The types make a catalogue complete: a code without
 * a status or without words in a language fails the typecheck, and each message reads the fields
 * of its own failure, typed.
 */

/** The statuses a failure may be answered with. */
export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * The member of failure union F whose code is C (for a union discriminated by `code`, that member;
 * for an interface whose `code` is itself a union, the interface with that code).
 */
export type FailureOf<F extends Failure, C extends string> = F extends unknown
  ? C extends F['code']
    ? F & { readonly code: C }
    : never
  : never;

/** The HTTP status of each code of failure union F. */
export type Statuses<F extends Failure> = { readonly [C in F['code']]: HttpStatus };

/**
 * The words of one failure in one language: a `title` that names the kind of problem and never
 * changes from one occurrence to the next (RFC 9457), and a `detail` for this occurrence, made
 * from the failure's fields (the title when absent).
 */
export interface Words<F> {
  readonly title: string;
  readonly detail?: (failure: F) => string;
}

/** The words of every code of failure union F in one language. */
export type Catalogue<F extends Failure> = { readonly [C in F['code']]: Words<FailureOf<F, C>> };
