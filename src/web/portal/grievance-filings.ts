import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { GrievanceKind, PersonTriple } from '../../bono/index.ts';

/**
 * What the portal remembers of the grievances it just filed, so that sending the same grievance
 * again — a second tap on "Enviar", the back button and a resend — gives the reference already
 * given rather than a second claim, and so that the page that shows a reference (reached by a
 * redirect after the post) shows only one ayni gave.
 *
 * Held in the process, for a day, at most MAX_REMEMBERED filings: a resend comes within minutes of
 * the first post. A restart forgets them; the follow-up page, which asks for the CI number, still
 * finds every grievance.
 */

const REMEMBER_MS = 24 * 60 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

/** The grievance as the citizen sent it: the same words for the same claim, whatever the spacing. */
export interface FiledGrievance {
  kind: GrievanceKind;
  person: PersonTriple;
  description: string;
  contact: string;
}

/**
 * A portal's memory of recent filings, and the signature of the confirmation address.
 *
 * @example const filings = new RecentFilings(); filings.remember(g, 'AB12CD34EF56', now); filings.referenceOf(g, now)
 */
export class RecentFilings {
  readonly #byContent = new Map<string, { reference: string; at: number }>();
  // A key of this process: a confirmation address is good for the process that gave it.
  readonly #key = randomBytes(32);

  /** The reference given to this same grievance within the last day, if any. */
  referenceOf(g: FiledGrievance, at: Date): string | null {
    const seen = this.#byContent.get(contentKey(g));
    return seen && at.getTime() - seen.at < REMEMBER_MS ? seen.reference : null;
  }

  /** Records the reference a grievance was given. */
  remember(g: FiledGrievance, reference: string, at: Date): void {
    if (this.#byContent.size >= MAX_REMEMBERED) {
      const oldest = this.#byContent.keys().next().value;
      if (oldest !== undefined) this.#byContent.delete(oldest);
    }
    this.#byContent.set(contentKey(g), { reference, at: at.getTime() });
  }

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

function contentKey(g: FiledGrievance): string {
  const words = (s: string) => s.trim().replace(/\s+/g, ' ');
  return createHash('sha256')
    .update(
      JSON.stringify([
        g.kind,
        g.person.ciNumber,
        g.person.complemento,
        g.person.dateOfBirth,
        words(g.description),
        words(g.contact),
      ]),
    )
    .digest('base64url');
}
