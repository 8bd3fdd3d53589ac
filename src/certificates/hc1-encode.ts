import type { KeyObject } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { encodeBase45 } from './base45.ts';
import { signCoseSign1 } from './cose.ts';
import { type DccClaims, encodeDccClaims } from './cwt.ts';
import { HC1_PREFIX } from './hc1.ts';

/**
 * The HC1 text of a DCC: CWT claims → COSE_Sign1 (ES256, kid in the protected header) → zlib
 * (level 9: the QR code is smaller) → Base45 → `HC1:`.
 *
 * @example encodeHc1(claims, signerKey, Buffer.from(kid, 'base64')) // 'HC1:NCF…'
 */
export function encodeHc1(
  claims: DccClaims,
  privateKey: KeyObject,
  kid: Uint8Array,
): { hc1: string; cose: Buffer } {
  const cose = signCoseSign1(encodeDccClaims(claims), privateKey, kid);
  return { hc1: HC1_PREFIX + encodeBase45(deflateSync(cose, { level: 9 })), cose };
}
