import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A fresh random token of 256 bits, base64url (43 characters, no padding): session cookies, CSRF
 * tokens and API secrets. 256 bits cannot be guessed, which is what lets the server keep a plain
 * SHA-256 of it rather than a slow password hash.
 *
 * @example randomToken() // 'pQ3…' (43 characters)
 */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** @example sha256Hex('abc') // 'ba7816bf…' */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Compares two strings in time independent of where they differ. Both sides are hashed first so
 * that the comparison also hides their lengths (`timingSafeEqual` needs equal lengths).
 *
 * @example constantTimeEqual(sent, expected)
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}
