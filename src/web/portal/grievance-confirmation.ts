import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The signature of the confirmation page's address (reached by a redirect after the post), so
 * that the page that shows a reference shows only one ayni gave: an address with a made-up
 * reference would claim a grievance that was never filed. Whether a grievance was sent before is
 * the bono module's to say (fileGrievance), not the portal's.
 *
 * @example const confirmations = new FiledConfirmations(); confirmations.verify(ref, confirmations.sign(ref)) // true
 */
export class FiledConfirmations {
  // A key of this process: a confirmation address is good for the process that gave it.
  readonly #key = randomBytes(32);

  /** The signature that lets the confirmation page show this reference (and no made-up one). */
  sign(reference: string): string {
    return createHmac('sha256', this.#key).update(reference).digest('base64url').slice(0, 22);
  }

  /** Whether `signature` is this process's for `reference`. */
  verify(reference: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(reference));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
