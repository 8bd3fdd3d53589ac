import { createHash, constants as cryptoConstants, type KeyObject, sign, verify } from 'node:crypto';
import { Decoder, Encoder, Tag } from 'cbor-x';

/**
 * COSE_Sign1 (RFC 9052) as the EU DCC uses it: a CBOR array of the protected header (a byte string
 * holding a CBOR map), the unprotected header map, the payload (the CWT) and the signature, tagged
 * 18 (and sometimes also 61, the CWT tag). CBOR is cbor-x's; the signature is node:crypto's: ES256
 * (ECDSA P-256 with SHA-256, the signature as the 64 bytes r‖s of IEEE P1363, which COSE requires,
 * not DER) and PS256 (RSASSA-PSS, SHA-256, salt of 32 bytes) for verifying other countries' RSA keys.
 */

/** COSE header labels and algorithm ids (RFC 9053). */
export const COSE_ALG = 1;
export const COSE_KID = 4;
export const ES256 = -7;
export const PS256 = -37;
const TAG_COSE_SIGN1 = 18;
const TAG_CWT = 61;

/** Maps stay Maps (keys are integers), byte strings are Buffers, no cbor-x record extension. */
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
/** Byte strings as plain CBOR byte strings (not typed-array tags), no records, maps as maps. */
const encoder = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false });

/**
 * Encodes a value as CBOR (Maps keep integer keys; Uint8Arrays are byte strings).
 *
 * @example encodeCbor(new Map([[1, -7]])) // <Buffer a1 01 26>
 */
export function encodeCbor(value: unknown): Buffer {
  return encoder.encode(value);
}

/**
 * Decodes exactly one CBOR item: bytes left over after it are not CBOR of one item, and refused
 * (a lenient decoder would verify a certificate with anything appended).
 *
 * @example decodeCbor(Buffer.from('a10126', 'hex')) // { ok: true, value: Map { 1 => -7 } }
 */
export function decodeCbor(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    const items: unknown[] = [];
    decoder.decodeMultiple(bytes, (item: unknown) => {
      items.push(item);
      return items.length < 2;
    });
    return items.length === 1 ? { ok: true, value: items[0] } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/** A decoded COSE_Sign1. `kid` is from the protected header, else the unprotected one. */
export interface CoseSign1 {
  readonly protectedBytes: Uint8Array;
  readonly protectedHeader: Map<unknown, unknown>;
  readonly unprotectedHeader: Map<unknown, unknown>;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
  readonly alg: number | undefined;
  readonly kid: Uint8Array | undefined;
}

/** What makes bytes not a COSE_Sign1. */
export type CoseProblem =
  | 'not_cbor'
  | 'wrong_tag'
  | 'not_an_array_of_four'
  | 'protected_header'
  | 'unprotected_header'
  | 'payload'
  | 'signature';

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

/**
 * Reads a COSE_Sign1: tagged 18, tagged 61 then 18, or untagged (the DCC specification lets
 * verifiers meet all three).
 *
 * @example const r = decodeCoseSign1(coseBytes); if (r.ok) r.value.kid
 */
export function decodeCoseSign1(
  bytes: Uint8Array,
): { ok: true; value: CoseSign1 } | { ok: false; problem: CoseProblem } {
  const read = decodeCbor(bytes);
  if (!read.ok) return { ok: false, problem: 'not_cbor' };
  let item = read.value;
  if (item instanceof Tag && item.tag === TAG_CWT) item = item.value;
  if (item instanceof Tag) {
    if (item.tag !== TAG_COSE_SIGN1) return { ok: false, problem: 'wrong_tag' };
    item = item.value;
  }
  if (!Array.isArray(item) || item.length !== 4) return { ok: false, problem: 'not_an_array_of_four' };
  const [protectedBytes, unprotectedHeader, payload, signature] = item as unknown[];
  if (!isBytes(protectedBytes)) return { ok: false, problem: 'protected_header' };
  let protectedHeader = new Map<unknown, unknown>();
  if (protectedBytes.length > 0) {
    const header = decodeCbor(protectedBytes);
    if (!header.ok || !(header.value instanceof Map)) return { ok: false, problem: 'protected_header' };
    protectedHeader = header.value;
  }
  if (!(unprotectedHeader instanceof Map)) return { ok: false, problem: 'unprotected_header' };
  if (!isBytes(payload)) return { ok: false, problem: 'payload' };
  if (!isBytes(signature)) return { ok: false, problem: 'signature' };
  const alg = protectedHeader.get(COSE_ALG) ?? unprotectedHeader.get(COSE_ALG);
  const kid = protectedHeader.has(COSE_KID) ? protectedHeader.get(COSE_KID) : unprotectedHeader.get(COSE_KID);
  return {
    ok: true,
    value: {
      protectedBytes,
      protectedHeader,
      unprotectedHeader,
      payload,
      signature,
      alg: typeof alg === 'number' ? alg : undefined,
      kid: isBytes(kid) ? kid : undefined,
    },
  };
}

/** The bytes a COSE_Sign1 signs: Sig_structure ["Signature1", protected, external_aad = h'', payload]. */
function toBeSigned(protectedBytes: Uint8Array, payload: Uint8Array): Buffer {
  return encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

/**
 * Whether the signature is the key's over the message, for the message's algorithm (ES256 or
 * PS256; any other is not verified).
 *
 * @example verifyCoseSign1(cose, signer.publicKey) // true
 */
export function verifyCoseSign1(cose: CoseSign1, publicKey: KeyObject): boolean {
  const data = toBeSigned(cose.protectedBytes, cose.payload);
  try {
    if (cose.alg === ES256 && publicKey.asymmetricKeyType === 'ec') {
      return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, cose.signature);
    }
    if (cose.alg === PS256 && publicKey.asymmetricKeyType === 'rsa') {
      return verify(
        'sha256',
        data,
        { key: publicKey, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        cose.signature,
      );
    }
    return false;
  } catch {
    return false;
  }
}

/**
 * Signs a payload as a tagged COSE_Sign1 with ES256, the kid in the protected header (so that it is
 * signed too).
 *
 * @example signCoseSign1(cwtBytes, privateKey, kid) // Buffer d2 84 43 a1 01 26 …
 */
export function signCoseSign1(payload: Uint8Array, privateKey: KeyObject, kid: Uint8Array): Buffer {
  const protectedBytes = encodeCbor(
    new Map<number, unknown>([
      [COSE_ALG, ES256],
      [COSE_KID, kid],
    ]),
  );
  const signature = sign('sha256', toBeSigned(protectedBytes, payload), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return encodeCbor(new Tag([protectedBytes, new Map(), payload, signature], TAG_COSE_SIGN1));
}

/**
 * The DCC key id of a signer certificate: the first 8 bytes of the SHA-256 of its DER encoding.
 *
 * @example kidOf(certificateDer).toString('base64') // 'dy8HnMQYOrE='
 */
export function kidOf(certificateDer: Uint8Array): Buffer {
  return createHash('sha256').update(certificateDer).digest().subarray(0, 8);
}
