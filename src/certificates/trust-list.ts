import { createHash, sign, verify, X509Certificate } from 'node:crypto';
import type { Sql } from '../db/database.ts';
import { CERTIFICATE_PARAMETERS } from './certificates.parameters.ts';
import { selectRevocations } from './issued.repository.ts';
import { issuerKeys } from './issuer-keys.ts';
import { loadPrivateKey } from './key-store.ts';
import { type RevocationEntry, revocationCheck } from './revocation.ts';
import { signerFromCertificate, type TrustedSigner } from './signer.ts';

/**
 * The published trust list: the CSCA certificate, every document signer's certificate with its
 * status (active, retired, revoked) and the revocation list's hashes, as one JSON document signed
 * with the CSCA's key. A verifier fetches it once, checks the signature against the CSCA it pins
 * (its SHA-256 fingerprint is printed on the verifier page and by `ayni certificates keys`), checks
 * each signer certificate was issued by that CSCA, and verifies offline from then on.
 */

export interface TrustListPayload {
  version: 1;
  issuer: string;
  /** When the list was made (ISO instant). */
  issuedAt: string;
  /** The CSCA certificate, base64 DER. */
  csca: string;
  signers: { kid: string; certificate: string; status: 'active' | 'retired' | 'revoked' }[];
  revocations: RevocationEntry[];
}

/** The document served: the payload as text and the CSCA's ES256 signature (IEEE P1363, base64) over its UTF-8 bytes. */
export interface SignedTrustList {
  payload: string;
  signature: string;
}

/**
 * The signed trust list as of `at`, or undefined while the issuer has no CSCA yet (nothing issued).
 *
 * @example const list = await signedTrustList(db, { folder, at: now })
 */
export async function signedTrustList(
  sql: Sql,
  input: { folder: string; at: Date },
): Promise<SignedTrustList | undefined> {
  const keys = await issuerKeys(sql);
  if (keys.csca === undefined) return undefined;
  const cscaKey = await loadPrivateKey(input.folder, 'csca');
  if (cscaKey === undefined) return undefined;
  const payload: TrustListPayload = {
    version: 1,
    issuer: CERTIFICATE_PARAMETERS.issuerCountry,
    issuedAt: input.at.toISOString(),
    csca: keys.csca.toString('base64'),
    signers: keys.signers.map((s) => ({
      kid: s.kid,
      certificate: s.certificate.toString('base64'),
      status: s.status,
    })),
    revocations: await selectRevocations(sql, input.at),
  };
  const text = JSON.stringify(payload);
  const signature = sign('sha256', Buffer.from(text), { key: cscaKey, dsaEncoding: 'ieee-p1363' });
  return { payload: text, signature: signature.toString('base64') };
}

/**
 * The SHA-256 fingerprint of a certificate (hex, colon-separated), as people compare it by eye.
 *
 * @example fingerprint(cscaDer) // 'AB:12:…'
 */
export function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** A trust list a verifier accepted: who may sign, and what is revoked. */
export interface TrustStore {
  readonly cscaFingerprint: string;
  readonly signerOf: (kid: string) => TrustedSigner | undefined;
  readonly revocations: readonly RevocationEntry[];
  readonly issuedAt: string;
}

/**
 * Checks a signed trust list: the signature is the CSCA's (and that CSCA the pinned one, when a
 * fingerprint is given), every signer certificate was issued and signed by it. Undefined when any
 * check fails: a verifier never half-trusts a list.
 *
 * @example const trust = acceptTrustList(await (await fetch(url)).json(), pinnedFingerprint)
 */
export function acceptTrustList(list: SignedTrustList, pinnedFingerprint?: string): TrustStore | undefined {
  try {
    const payload = JSON.parse(list.payload) as TrustListPayload;
    const cscaDer = Buffer.from(payload.csca, 'base64');
    const csca = new X509Certificate(cscaDer);
    if (pinnedFingerprint !== undefined && fingerprint(cscaDer) !== pinnedFingerprint) return undefined;
    const ok = verify(
      'sha256',
      Buffer.from(list.payload),
      { key: csca.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(list.signature, 'base64'),
    );
    if (!ok) return undefined;
    const signers = new Map<string, TrustedSigner>();
    for (const s of payload.signers) {
      const der = Buffer.from(s.certificate, 'base64');
      const certificate = new X509Certificate(der);
      if (!certificate.checkIssued(csca) || !certificate.verify(csca.publicKey)) return undefined;
      const signer = signerFromCertificate(der, s.status === 'revoked');
      if (signer.kid !== s.kid) return undefined;
      signers.set(s.kid, signer);
    }
    return {
      cscaFingerprint: fingerprint(cscaDer),
      signerOf: (kid) => signers.get(kid),
      revocations: payload.revocations,
      issuedAt: payload.issuedAt,
    };
  } catch {
    return undefined;
  }
}

/**
 * The issuer's own trust as plain data (signer certificates with their revoked flag, the
 * revocation list as of `at`), named by a version that changes whenever any of it does: what a
 * worker thread is sent once and verifies against until the version changes (key objects and
 * closures do not cross threads; DER and strings do).
 */
export interface TrustSnapshot {
  readonly version: string;
  readonly signers: readonly { readonly certificate: Uint8Array; readonly revoked: boolean }[];
  readonly revocations: readonly RevocationEntry[];
}

/**
 * The issuer's trust as of `at`, as data with a version (a SHA-256 over the signers' key ids and
 * statuses and the revocation entries).
 *
 * @example const snapshot = await trustSnapshot(db, now); pool.verify(text, now, snapshot)
 */
export async function trustSnapshot(sql: Sql, at: Date): Promise<TrustSnapshot> {
  const keys = await issuerKeys(sql);
  const revocations = await selectRevocations(sql, at);
  const hash = createHash('sha256');
  for (const s of keys.signers) hash.update(`${s.kid}:${s.status}\n`);
  for (const r of revocations) hash.update(`${r.type}:${r.hash}:${r.kid}:${r.revokedOn}\n`);
  return {
    version: hash.digest('base64'),
    signers: keys.signers.map((s) => ({ certificate: s.certificate, revoked: s.status === 'revoked' })),
    revocations,
  };
}

/**
 * What a snapshot trusts, ready for `verifyHc1`: signers by key id (each certificate parsed once,
 * signer.ts keeps them) and the revocation check.
 *
 * @example verifyHc1(text, { ...trustOf(snapshot), at })
 */
export function trustOf(snapshot: Pick<TrustSnapshot, 'signers' | 'revocations'>): {
  signerOf: (kid: string) => TrustedSigner | undefined;
  revokedOn: ReturnType<typeof revocationCheck>;
} {
  const signers = new Map(
    snapshot.signers.map((s) => {
      const signer = signerFromCertificate(s.certificate, s.revoked);
      return [signer.kid, signer] as const;
    }),
  );
  return { signerOf: (kid) => signers.get(kid), revokedOn: revocationCheck(snapshot.revocations) };
}

/**
 * The issuer's own trust, read from its database (no signature to check: ayni verifying what ayni
 * holds): every signer, revoked ones marked, and the revocation list as of `at`.
 *
 * @example verifyHc1(text, { ...(await localTrust(db, now)), at: now })
 */
export async function localTrust(
  sql: Sql,
  at: Date,
): Promise<{
  signerOf: (kid: string) => TrustedSigner | undefined;
  revokedOn: ReturnType<typeof revocationCheck>;
}> {
  return trustOf(await trustSnapshot(sql, at));
}
