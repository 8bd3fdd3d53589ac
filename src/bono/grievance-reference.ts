import { randomBytes } from 'node:crypto';

/** 32 symbols without 0/O and 1/I, which are misread when a citizen copies a reference by hand. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A new reference such as `K7QM-3HXA-PW9C` (60 random bits): unguessable, so the reference and the CI
 * number together are enough to follow a claim. 256 is a multiple of 32, so `byte & 31` is uniform.
 *
 * @example newReference() // 'K7QM-3HXA-PW9C'
 */
export function newReference(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (let i = 0; i < 12; i++) {
    if (i === 4 || i === 8) s += '-';
    s += ALPHABET[bytes[i]! & 31];
  }
  return s;
}

/**
 * A reference as a citizen may type it (lower case, spaces, with or without dashes), or null when
 * it cannot be one.
 *
 * @example normaliseReference(' k7qm 3hxa pw9c ') // 'K7QM-3HXA-PW9C'
 */
export function normaliseReference(text: string): string | null {
  const raw = text.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== 12) return null;
  for (const c of raw) if (!ALPHABET.includes(c)) return null;
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}
