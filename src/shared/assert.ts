/**
 * Assertions guard the invariants a bug would break (rows read = accepted + rejected, debits equal
 * credits). They throw `AssertionFailure`, which is never caught as an expected failure.
 *
 * @example
 *   assert(read === accepted + rejected, `import counts do not add up: ${read} != ${accepted} + ${rejected}`);
 */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(`invariant broken: ${message}`);
    this.name = 'AssertionFailure';
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(message);
}
