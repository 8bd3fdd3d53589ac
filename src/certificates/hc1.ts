import { inflateSync } from 'node:zlib';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { fail, ok, type Result } from '../shared/failure.ts';
import { decodeBase45 } from './base45.ts';
import type { VerifyFailure } from './certificates.failures.ts';
import { type CoseSign1, decodeCoseSign1, ES256, PS256, verifyCoseSign1 } from './cose.ts';
import { certificateTypeOf, type DccClaims, decodeDccClaims } from './cwt.ts';
import { schemaProblem } from './dcc-schema.ts';
import type { DccType, TrustedSigner } from './signer.ts';

/**
 * The strict HC1 decoder and verifier. Each step is its own function so that the test vectors can
 * check each one; `verifyHc1` runs them in order and stops at the first that fails, with a failure
 * that names the step (certificates.failures.ts, `verifyStepOf`):
 * prefix → Base45 → zlib → COSE_Sign1 and CWT → key id → signature → validity period → key usage →
 * schema → revocation.
 */

export const HC1_PREFIX = 'HC1:';
/** A QR code (version 40, alphanumeric) holds at most 4,296 characters; anything longer is not from one. */
export const HC1_MAX_CHARS = 4296;
/** A DCC is a few hundred bytes; the zlib stream may not inflate past this (a decompression bomb). */
const MAX_INFLATED_BYTES = 64 * 1024;

/**
 * The Base45 text after `HC1:`.
 *
 * @example unprefix('HC1:NCF…') // { ok: true, value: 'NCF…' }
 */
export function unprefix(text: string): Result<string, VerifyFailure> {
  if (text.length > HC1_MAX_CHARS + HC1_PREFIX.length) {
    return fail({ code: 'hc1_too_long', maxChars: HC1_MAX_CHARS });
  }
  if (!text.startsWith(HC1_PREFIX)) return fail({ code: 'hc1_prefix_invalid', found: text.slice(0, 4) });
  return ok(text.slice(HC1_PREFIX.length));
}

/** @example base45Bytes('BB8') // { ok: true, value: Uint8Array [65, 66] } */
export function base45Bytes(text: string): Result<Uint8Array, VerifyFailure> {
  const decoded = decodeBase45(text);
  if (!decoded.ok) return fail({ code: 'hc1_base45_invalid', ...decoded.problem });
  return ok(decoded.bytes);
}

/**
 * Inflates a zlib stream that must end exactly where the bytes end (nothing appended) and stay
 * under 64 KiB.
 *
 * @example inflateStrict(deflateSync(cose)) // { ok: true, value: cose }
 */
export function inflateStrict(bytes: Uint8Array): Result<Buffer, VerifyFailure> {
  try {
    const { buffer, engine } = inflateSync(bytes, {
      info: true,
      maxOutputLength: MAX_INFLATED_BYTES,
    }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (engine.bytesWritten !== bytes.length) return fail({ code: 'hc1_decompression_failed' });
    return ok(buffer);
  } catch {
    return fail({ code: 'hc1_decompression_failed' });
  }
}

/** A COSE_Sign1 with its CWT claims read. */
export interface DecodedDcc {
  readonly cose: CoseSign1;
  readonly claims: DccClaims;
}

/**
 * The COSE_Sign1 and its DCC claims, or the structural problem (an algorithm other than ES256 and
 * PS256 is one).
 *
 * @example readCose(coseBytes) // { ok: true, value: { cose, claims } }
 */
export function readCose(bytes: Uint8Array): Result<DecodedDcc, VerifyFailure> {
  const cose = decodeCoseSign1(bytes);
  if (!cose.ok) return fail({ code: 'hc1_cose_invalid', problem: cose.problem });
  if (cose.value.alg !== ES256 && cose.value.alg !== PS256) {
    return fail({ code: 'hc1_cose_invalid', problem: 'algorithm' });
  }
  const claims = decodeDccClaims(cose.value.payload);
  if (!claims.ok) return fail({ code: 'hc1_cose_invalid', problem: claims.problem });
  return ok({ cose: cose.value, claims: claims.value });
}

/** The signer of the COSE_Sign1 among the trusted ones, checked: known, not revoked, signature valid. */
export function checkSignature(
  cose: CoseSign1,
  signerOf: (kid: string) => TrustedSigner | undefined,
): Result<TrustedSigner, VerifyFailure> {
  const kid = cose.kid === undefined ? '' : Buffer.from(cose.kid).toString('base64');
  const signer = kid === '' ? undefined : signerOf(kid);
  if (signer === undefined) return fail({ code: 'hc1_kid_unknown', kid });
  if (signer.revoked) return fail({ code: 'hc1_key_revoked', kid });
  if (!verifyCoseSign1(cose, signer.publicKey)) return fail({ code: 'hc1_signature_invalid', kid });
  return ok(signer);
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/**
 * Whether `at` is within the certificate's period (issued at ≤ at ≤ expiry) and that period within
 * its signer certificate's (a signer signs nothing outliving it).
 */
export function checkValidity(
  claims: DccClaims,
  signer: Pick<TrustedSigner, 'notBefore' | 'notAfter'>,
  at: Date,
): Result<true, VerifyFailure> {
  const atSeconds = at.getTime() / 1000;
  const period = {
    at: at.toISOString(),
    issuedAt: iso(claims.issuedAtSeconds),
    expiresAt: iso(claims.expiresAtSeconds),
  };
  if (atSeconds < claims.issuedAtSeconds) {
    return fail({ code: 'hc1_outside_validity', problem: 'not_yet_valid', ...period });
  }
  if (atSeconds > claims.expiresAtSeconds) {
    return fail({ code: 'hc1_outside_validity', problem: 'expired', ...period });
  }
  if (
    claims.issuedAtSeconds * 1000 < signer.notBefore.getTime() ||
    claims.expiresAtSeconds * 1000 > signer.notAfter.getTime()
  ) {
    return fail({ code: 'hc1_outside_validity', problem: 'signer_not_valid', ...period });
  }
  return ok(true);
}

/** Whether the signer may sign this kind of certificate (its extended key usages). */
export function checkKeyUsage(
  claims: DccClaims,
  signer: Pick<TrustedSigner, 'types'>,
): Result<DccType, VerifyFailure> {
  const type = certificateTypeOf(claims.hcert);
  if (type === undefined) return fail({ code: 'hc1_cose_invalid', problem: 'hcert' });
  if (!signer.types.has(type)) return fail({ code: 'hc1_key_usage', certificateType: type });
  return ok(type);
}

/** The payload against the DCC schema (the vendored one unless another validator is given). */
export function checkSchema(claims: DccClaims, validate?: ValidateFunction): Result<true, VerifyFailure> {
  const problem = schemaProblem(claims.hcert, validate);
  if (problem !== undefined) return fail({ code: 'hc1_schema_invalid', ...problem });
  return ok(true);
}

/** What a verifier needs: the trusted signers, the moment, and optionally the revocation list. */
export interface VerifyContext {
  readonly signerOf: (kid: string) => TrustedSigner | undefined;
  readonly at: Date;
  /** The day a certificate was revoked, if it was (revocation.ts reads the published list). */
  readonly revokedOn?: (decoded: DecodedDcc) => string | undefined;
  readonly validate?: ValidateFunction;
}

/** A certificate that passed every step. */
export interface VerifiedDcc extends DecodedDcc {
  readonly signer: TrustedSigner;
  readonly type: DccType;
}

/**
 * Verifies an HC1 text through every step, stopping at the first that fails.
 *
 * @example verifyHc1(qrText, { signerOf: trust.signerOf, at: new Date() }) // { ok: false, error: { code: 'hc1_signature_invalid', kid } }
 */
export function verifyHc1(text: string, context: VerifyContext): Result<VerifiedDcc, VerifyFailure> {
  const base45 = unprefix(text.trim());
  if (!base45.ok) return base45;
  const compressed = base45Bytes(base45.value);
  if (!compressed.ok) return compressed;
  const coseBytes = inflateStrict(compressed.value);
  if (!coseBytes.ok) return coseBytes;
  const decoded = readCose(coseBytes.value);
  if (!decoded.ok) return decoded;
  const signer = checkSignature(decoded.value.cose, context.signerOf);
  if (!signer.ok) return signer;
  const validity = checkValidity(decoded.value.claims, signer.value, context.at);
  if (!validity.ok) return validity;
  const type = checkKeyUsage(decoded.value.claims, signer.value);
  if (!type.ok) return type;
  const schema = checkSchema(decoded.value.claims, context.validate);
  if (!schema.ok) return schema;
  const revokedOn = context.revokedOn?.(decoded.value);
  if (revokedOn !== undefined) return fail({ code: 'hc1_revoked', revokedOn });
  return ok({ ...decoded.value, signer: signer.value, type: type.value });
}
