import { type KeyObject, X509Certificate } from 'node:crypto';
import { kidOf } from './cose.ts';

/**
 * A document signer as a verifier trusts it: its key id, public key, the period its certificate is
 * valid, and which kinds of DCC it may sign. The kinds come from the certificate's extended key
 * usages (eHealth DCC specification, volume 1 §5.1.1): the OIDs 1.3.6.1.4.1.1847.2021.1.1 (test),
 * .2 (vaccination), .3 (recovery) — and the same under 1.3.6.1.4.1.0.1847…, the misspelling early
 * signers carry and verifiers honour. A certificate without the extension may sign every kind; one
 * with it only the kinds it lists (an extended key usage restricts a key to the purposes named, so a
 * signer listing only ICAO's document-signing OID signs no DCC: vector IS/3).
 */

export const DCC_KEY_USAGES = {
  t: ['1.3.6.1.4.1.1847.2021.1.1', '1.3.6.1.4.1.0.1847.2021.1.1'],
  v: ['1.3.6.1.4.1.1847.2021.1.2', '1.3.6.1.4.1.0.1847.2021.1.2'],
  r: ['1.3.6.1.4.1.1847.2021.1.3', '1.3.6.1.4.1.0.1847.2021.1.3'],
} as const;

export type DccType = keyof typeof DCC_KEY_USAGES;

export interface TrustedSigner {
  /** The DCC key id, base64. */
  readonly kid: string;
  readonly publicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The kinds of DCC the signer may sign. */
  readonly types: ReadonlySet<DccType>;
  /** Revoked in the trust list: nothing it signed verifies. */
  readonly revoked: boolean;
}

/**
 * A trusted signer from its X.509 certificate (DER, or base64 of DER as trust lists carry it).
 *
 * @example signerFromCertificate(Buffer.from(base64Der, 'base64')).kid // 'dy8HnMQYOrE='
 */
export function signerFromCertificate(der: Uint8Array, revoked = false): TrustedSigner {
  // Parsed once per certificate and status: the server verifies every request against its signers
  // (localTrust), and parsing X.509 and building the key object cost more than the verification.
  const key = `${revoked ? 'r' : 'a'}:${Buffer.from(der).toString('base64')}`;
  const known = parsedSigners.get(key);
  if (known !== undefined) return known;
  const signer = parseSigner(der, revoked);
  if (parsedSigners.size >= PARSED_SIGNERS) parsedSigners.delete(parsedSigners.keys().next().value!);
  parsedSigners.set(key, signer);
  return signer;
}

const PARSED_SIGNERS = 1024;
const parsedSigners = new Map<string, TrustedSigner>();

function parseSigner(der: Uint8Array, revoked: boolean): TrustedSigner {
  const certificate = new X509Certificate(der);
  const usages = certificate.keyUsage ?? [];
  const restricted = usages.length > 0;
  const types = new Set<DccType>();
  for (const type of ['v', 't', 'r'] as const) {
    if (DCC_KEY_USAGES[type].some((oid) => usages.includes(oid))) types.add(type);
  }
  return {
    kid: kidOf(certificate.raw).toString('base64'),
    publicKey: certificate.publicKey,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    types: restricted ? types : new Set(['v', 't', 'r']),
    revoked,
  };
}
