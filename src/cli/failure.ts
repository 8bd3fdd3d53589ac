import { type AnyFailure, describeFailure } from '../messages/index.ts';
import type { Result } from '../shared/failure.ts';

/**
 * How an `ayni` command ends on an expected failure (docs/adr/0009-one-failure-model.md): domains
 * return failures as values; a command that meets one stops with `CommandFailed`, which the CLI's
 * entry point (./main.ts) prints as one line — the failure's words from src/messages, in English
 * like every other CLI message — and exits 1. It is the CLI's own way out of a command, not a
 * domain's: no domain throws it.
 */
export class CommandFailed extends Error {
  constructor(readonly failure: AnyFailure) {
    super(describeFailure(failure, 'en').detail);
    this.name = 'CommandFailed';
  }
}

/**
 * The value of a Result, or the command stops with its failure.
 *
 * @example const account = orStop(await createAccount(db, input));
 */
export function orStop<T>(result: Result<T, AnyFailure>): T {
  if (!result.ok) throw new CommandFailed(result.error);
  return result.value;
}
