import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import './reflect-metadata.ts';
import * as x509 from '@peculiar/x509';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { CertificatesFailure } from './certificates.failures.ts';
import { CERTIFICATE_PARAMETERS } from './certificates.parameters.ts';
import { kidOf } from './cose.ts';
import { loadPrivateKey, signerKeyName, storePrivateKey } from './key-store.ts';
import {
  insertAuthority,
  insertSigner,
  lockSigners,
  markSignerRevoked,
  retireSigner,
  type SignerRow,
  selectActiveSigner,
  selectAuthority,
  selectSigner,
  selectSigners,
} from './signer.repository.ts';
import { DCC_KEY_USAGES } from './signer.ts';

/**
 * The issuer's keys: a national CSCA (self-made here; a ministry brings its own) and document
 * signers under it, each an ES256 key with an X.509 certificate carrying the DCC extended key usage
 * for vaccination, and its DCC key id. One signer is active; rotation makes a new one active and
 * retires the old (it still verifies what it signed); revocation makes a signer's certificates fail
 * verification. Each change is audited. Private keys go to the key folder (key-store.ts), public
 * parts to the database.
 */

// @peculiar/x509's types name the DOM's Crypto and CryptoKey, which Node's lib has as webcrypto.*.
x509.cryptoProvider.set(webcrypto as never);
type CryptoKey = webcrypto.CryptoKey;

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ES256_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

/** A fresh P-256 key pair, as WebCrypto keys (for @peculiar/x509) and the private one as a Node key object. */
async function newKeyPair() {
  const pair = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return {
    privateKey: KeyObject.from(pair.privateKey),
    cryptoPrivate: pair.privateKey,
    cryptoPublic: pair.publicKey,
  };
}

/** A Node private key as a WebCrypto signing key. */
async function signingKeyOf(key: KeyObject): Promise<CryptoKey> {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, EC, false, ['sign']);
}

const serial = (): string => `01${randomBytes(15).toString('hex')}`;

async function createCsca(at: Date) {
  const keys = await newKeyPair();
  const notAfter = new Date(at);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERTIFICATE_PARAMETERS.cscaValidityYears);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `C=${CERTIFICATE_PARAMETERS.issuerCountry}, O=${CERTIFICATE_PARAMETERS.issuerName}, CN=CSCA ${CERTIFICATE_PARAMETERS.issuerCountry} DCC`,
    notBefore: at,
    notAfter,
    signingAlgorithm: ES256_ALG,
    keys: { privateKey: keys.cryptoPrivate, publicKey: keys.cryptoPublic } as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.cryptoPublic as never),
    ],
  });
  return { certificate, privateKey: keys.privateKey };
}

async function createSigner(at: Date, csca: x509.X509Certificate, cscaKey: KeyObject) {
  const keys = await newKeyPair();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `C=${CERTIFICATE_PARAMETERS.issuerCountry}, O=${CERTIFICATE_PARAMETERS.issuerName}, CN=DSC ${CERTIFICATE_PARAMETERS.issuerCountry} ${at.toISOString().slice(0, 10)}`,
    issuer: csca.subject,
    notBefore: at,
    notAfter: new Date(at.getTime() + CERTIFICATE_PARAMETERS.signerValidityDays * DAY_MS),
    signingAlgorithm: ES256_ALG,
    publicKey: keys.cryptoPublic as never,
    signingKey: (await signingKeyOf(cscaKey)) as never,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      // Vaccination only: ayni issues vaccination certificates, so its signers sign nothing else.
      new x509.ExtendedKeyUsageExtension([DCC_KEY_USAGES.v[0]], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.cryptoPublic as never),
      await x509.AuthorityKeyIdentifierExtension.create(csca.publicKey),
    ],
  });
  const der = new Uint8Array(certificate.rawData);
  return { certificate, der, kid: kidOf(der).toString('base64'), privateKey: keys.privateKey };
}

/** What the issuer holds: the CSCA certificate and the signers, for the trust list and the CLI. */
export interface IssuerKeys {
  csca: Buffer | undefined;
  signers: SignerRow[];
}

/** @example (await issuerKeys(db)).signers.filter((s) => s.status === 'active') */
export async function issuerKeys(sql: Sql): Promise<IssuerKeys> {
  return { csca: await selectAuthority(sql), signers: await selectSigners(sql) };
}

async function cscaWithKey(
  tx: Sql,
  folder: string,
  at: Date,
  actor: Actor,
): Promise<Result<{ certificate: x509.X509Certificate; key: KeyObject }, CertificatesFailure>> {
  const stored = await selectAuthority(tx);
  if (stored !== undefined) {
    const key = await loadPrivateKey(folder, 'csca');
    if (key === undefined) return fail({ code: 'issuer_key_missing', kid: 'csca' });
    return ok({ certificate: new x509.X509Certificate(stored), key });
  }
  const made = await createCsca(at);
  await storePrivateKey(folder, 'csca', made.privateKey);
  await insertAuthority(tx, new Uint8Array(made.certificate.rawData), at, actor);
  await appendAudit(tx, {
    at,
    actor,
    action: 'certificate_authority.created',
    entityType: 'certificate_authority',
    entityId: 1,
    after: { subject: made.certificate.subject, notAfter: made.certificate.notAfter.toISOString() },
  });
  return ok({ certificate: made.certificate, key: made.privateKey });
}

/**
 * Makes a new document signer active, retiring the one active before (it keeps verifying what it
 * signed). Creates the CSCA first when there is none. Audited.
 *
 * @example const r = await rotateSigner(db, { folder, at: now, actor }); r.ok && r.value.kid
 */
export async function rotateSigner(
  db: Database,
  input: { folder: string; at: Date; actor: Actor },
): Promise<Result<{ kid: string; retired: string | undefined }, CertificatesFailure>> {
  return db.transaction(async (tx) => {
    await lockSigners(tx);
    const csca = await cscaWithKey(tx, input.folder, input.at, input.actor);
    if (!csca.ok) return csca;
    const made = await createSigner(input.at, csca.value.certificate, csca.value.key);
    await storePrivateKey(input.folder, signerKeyName(made.kid), made.privateKey);
    const previous = await selectActiveSigner(tx, true);
    if (previous !== undefined) await retireSigner(tx, previous.kid, input.at);
    await insertSigner(tx, {
      kid: made.kid,
      certificate: made.der,
      notBefore: made.certificate.notBefore,
      notAfter: made.certificate.notAfter,
      at: input.at,
      by: input.actor,
    });
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'certificate_signer.rotated',
      entityType: 'certificate_signer',
      entityId: made.kid,
      before: previous === undefined ? undefined : { active: previous.kid },
      after: { active: made.kid, notAfter: made.certificate.notAfter.toISOString() },
    });
    return ok({ kid: made.kid, retired: previous?.kid });
  });
}

/**
 * The active signer and its private key, making the first one when the issuer has none yet.
 *
 * @example const s = await activeSigner(db, { folder, at, actor }); if (s.ok) sign(…, s.value.key)
 */
export async function activeSigner(
  db: Database,
  input: { folder: string; at: Date; actor: Actor },
): Promise<Result<{ row: SignerRow; key: KeyObject }, CertificatesFailure>> {
  let row = await selectActiveSigner(db);
  if (row === undefined) {
    const made = await rotateSigner(db, input);
    if (!made.ok) return made;
    row = await selectActiveSigner(db);
    if (row === undefined) return fail({ code: 'issuer_key_missing', kid: made.value.kid });
  }
  const key = await loadPrivateKey(input.folder, signerKeyName(row.kid));
  if (key === undefined) return fail({ code: 'issuer_key_missing', kid: row.kid });
  return ok({ row, key });
}

/**
 * Revokes a document signer (a key lost or compromised): every certificate it signed fails
 * verification from the next trust list on. The active signer revoked, the issuer has none until
 * the next rotation (issuing makes one). Audited.
 *
 * @example await revokeSigner(db, { kid, reason: 'key compromised', at, actor })
 */
export async function revokeSigner(
  db: Database,
  input: { kid: string; reason: string; at: Date; actor: Actor },
): Promise<Result<{ kid: string }, CertificatesFailure>> {
  return db.transaction(async (tx) => {
    await lockSigners(tx);
    const signer = await selectSigner(tx, input.kid);
    if (signer === undefined) return fail({ code: 'signer_not_found', kid: input.kid });
    if (signer.status === 'revoked') return ok({ kid: input.kid });
    await markSignerRevoked(tx, input.kid, input.at, input.reason);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'certificate_signer.revoked',
      entityType: 'certificate_signer',
      entityId: input.kid,
      before: { status: signer.status },
      after: { status: 'revoked', reason: input.reason },
    });
    return ok({ kid: input.kid });
  });
}
