/**
 * Base45 (RFC 9285), the alphabet QR codes carry in alphanumeric mode. Written by hand because the
 * decoder must be strict: RFC 9285 §6 says a string whose length leaves a remainder of 1 when divided
 * by 3, a character outside the 45, or a triple worth more than 65535 (a pair more than 255) is not
 * Base45, and lenient decoders accept such strings (the DCC test vector `common/B1.json`, padded
 * with `=`). A verifier that accepts them would accept two spellings of one certificate.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** The value of each character code, or -1 for a character outside the alphabet. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** Why a string is not Base45; `position` is the 0-based index of the first offending character. */
export type Base45Problem =
  | { readonly problem: 'length'; readonly length: number }
  | { readonly problem: 'character'; readonly position: number }
  | { readonly problem: 'overflow'; readonly position: number };

/**
 * Encodes bytes as Base45: each pair of bytes as three characters, a last single byte as two.
 *
 * @example encodeBase45(new TextEncoder().encode('AB')) // 'BB8'
 */
export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    const n = bytes[i]! * 256 + bytes[i + 1]!;
    out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45) % 45]! + ALPHABET[Math.floor(n / 2025)]!;
  }
  if (i < bytes.length) {
    const n = bytes[i]!;
    out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

/**
 * Decodes Base45 strictly: the bytes, or the first problem found.
 *
 * @example decodeBase45('BB8') // { ok: true, bytes: Uint8Array [65, 66] }
 * @example decodeBase45('GGW=') // { ok: false, problem: { problem: 'length', length: 4 } }
 */
export function decodeBase45(
  text: string,
): { ok: true; bytes: Uint8Array } | { ok: false; problem: Base45Problem } {
  if (text.length % 3 === 1) return { ok: false, problem: { problem: 'length', length: text.length } };
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const width = Math.min(3, text.length - i);
    let n = 0;
    for (let k = width - 1; k >= 0; k--) {
      const code = text.charCodeAt(i + k);
      const value = code < 128 ? VALUE[code]! : -1;
      if (value < 0) return { ok: false, problem: { problem: 'character', position: firstBad(text, i) } };
      n = n * 45 + value;
    }
    if (width === 3) {
      if (n > 0xffff) return { ok: false, problem: { problem: 'overflow', position: i } };
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) return { ok: false, problem: { problem: 'overflow', position: i } };
      out[o++] = n;
    }
  }
  return { ok: true, bytes: out };
}

/** The first character from `from` on that is outside the alphabet (one is known to be there). */
function firstBad(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || VALUE[code]! < 0) return i;
  }
  return from;
}
