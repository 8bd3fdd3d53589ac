import { createHash } from 'node:crypto';
import { CERTIFICATE_PARAMETERS } from './certificates.parameters.ts';
import { ES256 } from './cose.ts';
import type { DecodedDcc } from './hc1.ts';

/**
 * Revocation as the EU DCC does it (eHealth Network, "DCC revocation", hashed identifiers): a
 * revoked certificate is published as hashes only — SHA-256 of its UCI, of its issuing country
 * code followed by its UCI, and of its signature (for ES256 only the r half, which a re-encoding of
 * the signature cannot change), each cut to its first 16 bytes and written in base64. The list names
 * nobody; a verifier hashes the certificate it scanned the same three ways and looks them up.
 */

export type RevocationHashType = 'UCI' | 'COUNTRYCODEUCI' | 'SIGNATURE';

const hash16 = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest().subarray(0, 16).toString('base64');

/**
 * The three revocation hashes of a certificate.
 *
 * @example revocationHashes({ uci, country: 'BO', alg: -7, signature }) // { UCI: '…', COUNTRYCODEUCI: '…', SIGNATURE: '…' }
 */
export function revocationHashes(
  c: {
    uci: string;
    country: string;
    alg: number | undefined;
    signature: Uint8Array;
  },
  types: readonly RevocationHashType[] = ['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'],
): Record<RevocationHashType, string> {
  const signed = c.alg === ES256 ? c.signature.subarray(0, c.signature.length / 2) : c.signature;
  const of = (type: RevocationHashType, data: () => Uint8Array | string) =>
    types.includes(type) ? hash16(data()) : '';
  return {
    UCI: of('UCI', () => c.uci),
    COUNTRYCODEUCI: of('COUNTRYCODEUCI', () => c.country + c.uci),
    SIGNATURE: of('SIGNATURE', () => signed),
  };
}

/** The hashes of a decoded certificate (its UCI is the payload's `ci`); those not asked for are ''. */
export function hashesOfDecoded(
  decoded: DecodedDcc,
  types?: readonly RevocationHashType[],
): Record<RevocationHashType, string> {
  const entry = (['v', 't', 'r'] as const)
    .map((k) => (decoded.claims.hcert[k] as { ci?: unknown; co?: unknown }[] | undefined)?.[0])
    .find((e) => e !== undefined);
  return revocationHashes(
    {
      uci: typeof entry?.ci === 'string' ? entry.ci : '',
      country: decoded.claims.issuer ?? CERTIFICATE_PARAMETERS.issuerCountry,
      alg: decoded.cose.alg,
      signature: decoded.cose.signature,
    },
    types,
  );
}

/** One entry of the published revocation list. */
export interface RevocationEntry {
  hash: string;
  type: RevocationHashType;
  kid: string;
  revokedOn: string;
}

/**
 * The verifier's revocation check over a published list: the day the certificate was revoked, or
 * undefined.
 *
 * @example verifyHc1(text, { …, revokedOn: revocationCheck(list.entries) })
 */
export function revocationCheck(
  entries: readonly RevocationEntry[],
): (decoded: DecodedDcc) => string | undefined {
  const byHash = new Map(entries.map((e) => [`${e.type}:${e.hash}`, e.revokedOn]));
  // Only the kinds of hash the list holds are worth computing (three SHA-256 are a tenth of a
  // verification's time; a list of UCI hashes needs one, an empty list none).
  const types = (['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'] as const).filter((t) =>
    entries.some((e) => e.type === t),
  );
  if (types.length === 0) return () => undefined;
  return (decoded) => {
    const hashes = hashesOfDecoded(decoded, types);
    for (const type of types) {
      const on = byHash.get(`${type}:${hashes[type]}`);
      if (on !== undefined) return on;
    }
    return undefined;
  };
}
