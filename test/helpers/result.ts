import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { Result } from '../../src/shared/failure.ts';

/**
 * The value of a Result a test expects to succeed; its failure, if any, fails the test with the
 * failure in the message (a step of a fixture that fails must not go unnoticed).
 *
 * @example const summary = okValue(await runImport(t.db, personImportSpec(AS_OF), options));
 */
export function okValue<T, E>(result: Result<T, E>, what = 'the operation'): T {
  if (!result.ok) assert.fail(`${what} failed: ${inspect(result.error, { depth: 4 })}`);
  return result.value;
}
