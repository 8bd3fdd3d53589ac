import { Tag } from 'cbor-x';
import type { CoseStructureProblem } from './certificates.failures.ts';
import { decodeCbor, encodeCbor } from './cose.ts';

/**
 * The CWT (RFC 8392) a DCC signs: claims 1 (issuer country), 6 (issued at), 4 (expires), and −260
 * (hcert) holding {1: the DCC payload}. The payload is JSON-shaped; CBOR maps come back as objects
 * with string keys and CBOR dates (tags 0 and 1, which some issuers used) as ISO strings.
 */

const CLAIM_ISS = 1;
const CLAIM_EXP = 4;
const CLAIM_IAT = 6;
const CLAIM_HCERT = -260;
const HCERT_EU_DCC = 1;

/** The DCC payload: JSON with `ver`, `nam`, `dob` and one of `v`, `t`, `r`. */
export type Hcert = Record<string, unknown>;

/** The claims of a DCC CWT. Instants are seconds since 1970, as the CWT holds them. */
export interface DccClaims {
  readonly issuer: string | undefined;
  readonly issuedAtSeconds: number;
  readonly expiresAtSeconds: number;
  readonly hcert: Hcert;
}

/**
 * The claims of a CWT payload, or what is missing: `claims` (not a map, or no issued-at and expiry)
 * or `hcert` (no −260 map holding exactly one DCC under key 1).
 *
 * @example decodeDccClaims(cose.payload) // { ok: true, value: { issuer: 'BO', … } }
 */
export function decodeDccClaims(
  payload: Uint8Array,
): { ok: true; value: DccClaims } | { ok: false; problem: CoseStructureProblem } {
  const read = decodeCbor(payload);
  if (!read.ok || !(read.value instanceof Map)) return { ok: false, problem: 'claims' };
  const claims = read.value;
  const iat = claims.get(CLAIM_IAT);
  const exp = claims.get(CLAIM_EXP);
  const iss = claims.get(CLAIM_ISS);
  if (typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, problem: 'claims' };
  const hcert = claims.get(CLAIM_HCERT);
  if (!(hcert instanceof Map) || hcert.size !== 1 || !(hcert.get(HCERT_EU_DCC) instanceof Map)) {
    return { ok: false, problem: 'hcert' };
  }
  return {
    ok: true,
    value: {
      issuer: typeof iss === 'string' ? iss : undefined,
      issuedAtSeconds: iat,
      expiresAtSeconds: exp,
      hcert: cborToJson(hcert.get(HCERT_EU_DCC)) as Hcert,
    },
  };
}

/**
 * The JSON value of decoded CBOR: maps become objects (keys as strings), dates ISO strings
 * (seconds, `Z`), byte strings base64.
 *
 * @example cborToJson(new Map([['ver', '1.3.0']])) // { ver: '1.3.0' }
 */
export function cborToJson(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = cborToJson(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(cborToJson);
  if (value instanceof Date) return `${value.toISOString().slice(0, 19)}Z`;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Tag) return cborToJson(value.value);
  return value;
}

/** A JSON value as CBOR-ready data: objects become Maps with their keys in order. */
function jsonToCbor(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonToCbor);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, jsonToCbor(v)]));
  }
  return value;
}

/**
 * The CWT bytes of a DCC: issuer, issued at and expiry in whole seconds, the payload under −260/1.
 *
 * @example encodeDccClaims({ issuer: 'BO', issuedAtSeconds: 1640995200, expiresAtSeconds: 1672531200, hcert })
 */
export function encodeDccClaims(claims: DccClaims): Buffer {
  return encodeCbor(
    new Map<number, unknown>([
      [CLAIM_ISS, claims.issuer],
      [CLAIM_IAT, Math.floor(claims.issuedAtSeconds)],
      [CLAIM_EXP, Math.floor(claims.expiresAtSeconds)],
      [CLAIM_HCERT, new Map([[HCERT_EU_DCC, jsonToCbor(claims.hcert)]])],
    ]),
  );
}

/** The kind of certificate a payload holds: the one of `v`, `t`, `r` present, or undefined when not exactly one. */
export function certificateTypeOf(hcert: Hcert): 'v' | 't' | 'r' | undefined {
  const kinds = (['v', 't', 'r'] as const).filter((k) => k in hcert);
  return kinds.length === 1 ? kinds[0] : undefined;
}
