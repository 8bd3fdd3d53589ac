import { createHash, randomBytes, verify as verifySignature, X509Certificate } from 'node:crypto';
import { fail, ok, type Result } from '../../shared/failure.ts';
import {
  children,
  content,
  contextTag,
  DerError,
  type DerNode,
  derBoolean,
  derNull,
  expectTag,
  integer,
  octetString,
  oid,
  readGeneralizedTime,
  readInteger,
  readNode,
  readOid,
  sequence,
  TAG,
  whole,
} from './der.ts';

/**
 * Optional RFC 3161 timestamps for evidence (issue #21 §2): a timestamp authority (TSA) signs
 * "these bytes' SHA-256 existed at this time", which a court can check without trusting ayni's
 * clock. Only when an authority is configured (AYNI_TSA_URL, read into the configuration at start
 * up): without one `requestTimestamp` says so with `timestamp_authority_not_configured`, and no
 * function here ever makes up a time. The token (DER) is kept as it came, so it can be verified
 * again later, by anyone, with `verifyTimestampToken` or `openssl ts -verify`.
 */

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

const DIGEST_BY_OID: Record<string, string> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** What a verified timestamp token says, and how far it was checked. */
export interface Timestamp {
  /** The time the authority asserts (TSTInfo genTime). */
  genTime: Date;
  /** The SHA-256 (hex) the authority signed: equal to the evidence's hash, or the token is refused. */
  sha256: string;
  serialNumber: string;
  policy: string;
  nonce: string | undefined;
  /** Subject of the certificate whose key signed the token. */
  signer: string;
  /** True when the signer is, or is issued by, one of the certificates the caller trusts. */
  signerTrusted: boolean;
  /** The TimeStampToken (CMS ContentInfo), DER, as received: keep it with the evidence. */
  token: Uint8Array;
}

/** The expected failures of asking for and checking a timestamp (ADR 0009: values, not throws). */
export type TimestampFailure =
  | { code: 'timestamp_authority_not_configured' }
  | { code: 'timestamp_authority_unreachable'; reason: string }
  | { code: 'timestamp_authority_http_error'; httpStatus: number }
  | {
      code: 'timestamp_refused';
      pkiStatus: number;
      statusText: string | undefined;
      failInfo: number | undefined;
    }
  | { code: 'timestamp_malformed'; reason: string }
  | { code: 'timestamp_hash_mismatch'; expectedSha256: string; stampedSha256: string }
  | { code: 'timestamp_nonce_mismatch' }
  | { code: 'timestamp_signature_invalid'; reason: string }
  | { code: 'timestamp_signer_untrusted'; signer: string };

export interface TimestampRequestOptions {
  /** The authority's URL from the configuration; undefined when none is configured. */
  tsaUrl: string | undefined;
  /** Certificates (PEM or DER) of the authority or its CA; when given, the signer must chain to one. */
  trusted?: readonly (string | Uint8Array)[];
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Policy OID to ask for; the authority's default otherwise. */
  policy?: string;
}

/**
 * The DER TimeStampReq for a SHA-256 (RFC 3161 §2.4.1): version 1, the message imprint, an
 * optional policy, a nonce, and certReq true so the response carries the signer's certificate.
 *
 * @example const der = timestampRequest(blob.sha256, { nonce: 0x1234n });
 */
export function timestampRequest(
  sha256Hex: string,
  options: { nonce?: bigint; policy?: string } = {},
): Uint8Array {
  if (!SHA256_HEX.test(sha256Hex)) throw new Error(`not a SHA-256 in lower-case hex: ${sha256Hex}`);
  const parts = [integer(1n), messageImprint(Buffer.from(sha256Hex, 'hex'))];
  if (options.policy !== undefined) parts.push(oid(options.policy));
  if (options.nonce !== undefined) parts.push(integer(options.nonce));
  parts.push(derBoolean(true));
  return sequence(...parts);
}

/**
 * Asks the configured authority to timestamp a SHA-256, and checks what it returns before
 * returning it (`parseTimestampResponse`). Without an authority configured, the failure says so.
 *
 * @example
 *   const r = await requestTimestamp(blob.sha256, { tsaUrl: config.tsaUrl });
 *   if (r.ok) custody.append({ action: 'timestamped', genTime: r.value.genTime, … });
 */
export async function requestTimestamp(
  sha256Hex: string,
  options: TimestampRequestOptions,
): Promise<Result<Timestamp, TimestampFailure>> {
  if (options.tsaUrl === undefined || options.tsaUrl === '') {
    return fail({ code: 'timestamp_authority_not_configured' });
  }
  const nonce = BigInt(`0x${randomBytes(8).toString('hex')}`);
  const body = timestampRequest(sha256Hex, { nonce, ...(options.policy ? { policy: options.policy } : {}) });
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(options.tsaUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    return fail({
      code: 'timestamp_authority_unreachable',
      reason: error instanceof Error ? error.message : String(error),
    });
  }
  if (response.status !== 200)
    return fail({ code: 'timestamp_authority_http_error', httpStatus: response.status });
  const reply = new Uint8Array(await response.arrayBuffer());
  return parseTimestampResponse(reply, sha256Hex, {
    nonce,
    ...(options.trusted ? { trusted: options.trusted } : {}),
  });
}

/**
 * Parses a DER TimeStampResp (RFC 3161 §2.4.2): the status must be granted, and its token must
 * pass `verifyTimestampToken` for this hash (and this nonce, when one was sent).
 *
 * @example const r = parseTimestampResponse(replyDer, blob.sha256, { nonce });
 */
export function parseTimestampResponse(
  der: Uint8Array,
  sha256Hex: string,
  options: { nonce?: bigint; trusted?: readonly (string | Uint8Array)[] } = {},
): Result<Timestamp, TimestampFailure> {
  try {
    const root = expectTag(readNode(der, 0), TAG.SEQUENCE, 'TimeStampResp');
    if (root.end !== der.byteLength) throw new DerError('bytes after the TimeStampResp');
    const [statusInfo, token] = children(root);
    const statusParts = children(expectTag(statusInfo, TAG.SEQUENCE, 'PKIStatusInfo'));
    const pkiStatus = Number(readInteger(expectTag(statusParts[0], TAG.INTEGER, 'PKIStatus')));
    let statusText: string | undefined;
    let failInfo: number | undefined;
    for (const part of statusParts.slice(1)) {
      if (part.tag === TAG.SEQUENCE) {
        statusText = children(part)
          .map((s) => new TextDecoder().decode(content(s)))
          .join(' ');
      } else if (part.tag === TAG.BIT_STRING) failInfo = bitStringValue(part);
    }
    // 0 granted, 1 granted with modifications; 2 rejection, 3 waiting, 4–5 revocation notices.
    if (pkiStatus !== 0 && pkiStatus !== 1)
      return fail({ code: 'timestamp_refused', pkiStatus, statusText, failInfo });
    if (token === undefined) throw new DerError('a granted TimeStampResp without its token');
    return verifyTimestampToken(whole(token), sha256Hex, options);
  } catch (error) {
    if (error instanceof DerError) return fail({ code: 'timestamp_malformed', reason: error.message });
    throw error;
  }
}

/**
 * Checks a TimeStampToken (CMS SignedData over a TSTInfo) for a SHA-256: the message imprint is
 * that hash, the signed attributes' message digest is the TSTInfo's, the signature verifies with
 * the certificate the token carries (which must be for time stamping), and, when `trusted` is
 * given, that certificate is one of them or issued by one. Used on receipt and by anyone later.
 *
 * @example const r = verifyTimestampToken(item.timestampToken, item.sha256, { trusted: [tsaPem] });
 */
export function verifyTimestampToken(
  tokenDer: Uint8Array,
  sha256Hex: string,
  options: { nonce?: bigint; trusted?: readonly (string | Uint8Array)[] } = {},
): Result<Timestamp, TimestampFailure> {
  try {
    const contentInfo = children(expectTag(readNode(tokenDer, 0), TAG.SEQUENCE, 'TimeStampToken'));
    if (readOid(expectTag(contentInfo[0], TAG.OID, 'contentType')) !== OID.signedData) {
      throw new DerError('the token is not CMS SignedData');
    }
    const explicit = children(expectTag(contentInfo[1], contextTag(0, true), 'SignedData wrapper'));
    const signedData = children(expectTag(explicit[0], TAG.SEQUENCE, 'SignedData'));
    const encap = children(expectTag(signedData[2], TAG.SEQUENCE, 'encapContentInfo'));
    if (readOid(expectTag(encap[0], TAG.OID, 'eContentType')) !== OID.tstInfo) {
      throw new DerError('the token does not hold a TSTInfo');
    }
    const eContentWrapper = children(expectTag(encap[1], contextTag(0, true), 'eContent wrapper'));
    const eContent = content(expectTag(eContentWrapper[0], TAG.OCTET_STRING, 'eContent'));
    const tst = readTstInfo(eContent);

    if (tst.hashOid !== OID.sha256) {
      throw new DerError(`the token's message imprint uses ${tst.hashOid}, not SHA-256`);
    }
    if (tst.hashedMessage !== sha256Hex) {
      return fail({
        code: 'timestamp_hash_mismatch',
        expectedSha256: sha256Hex,
        stampedSha256: tst.hashedMessage,
      });
    }
    if (options.nonce !== undefined && tst.nonce !== options.nonce)
      return fail({ code: 'timestamp_nonce_mismatch' });

    const rest = signedData.slice(3);
    const certificates = rest
      .filter((n) => n.tag === contextTag(0, true))
      .flatMap((n) => children(n))
      .filter((n) => n.tag === TAG.SEQUENCE)
      .map((n) => new X509Certificate(Buffer.from(whole(n))));
    const signerInfos = rest.find((n) => n.tag === TAG.SET);
    const signerInfo = children(expectTag(signerInfos, TAG.SET, 'signerInfos'))[0];
    const signed = checkSignature(expectTag(signerInfo, TAG.SEQUENCE, 'SignerInfo'), eContent, certificates);
    if (!signed.ok) return signed;
    const signer = signed.value;
    if (!signer.keyUsage?.includes(OID.timeStamping)) {
      return fail({
        code: 'timestamp_signature_invalid',
        reason: 'the signing certificate is not for time stamping (extended key usage)',
      });
    }
    let signerTrusted = false;
    if (options.trusted !== undefined) {
      const anchors = options.trusted.map(
        (c) => new X509Certificate(typeof c === 'string' ? c : Buffer.from(c)),
      );
      signerTrusted = anchors.some(
        (anchor) =>
          anchor.raw.equals(signer.raw) || (signer.checkIssued(anchor) && signer.verify(anchor.publicKey)),
      );
      if (!signerTrusted) return fail({ code: 'timestamp_signer_untrusted', signer: signer.subject });
    }
    return ok({
      genTime: tst.genTime,
      sha256: tst.hashedMessage,
      serialNumber: tst.serialNumber.toString(),
      policy: tst.policy,
      nonce: tst.nonce?.toString(),
      signer: signer.subject,
      signerTrusted,
      token: new Uint8Array(tokenDer),
    });
  } catch (error) {
    if (error instanceof DerError) return fail({ code: 'timestamp_malformed', reason: error.message });
    throw error;
  }
}

function messageImprint(hash: Uint8Array): Uint8Array {
  return sequence(sequence(oid(OID.sha256), derNull()), octetString(hash));
}

interface TstInfo {
  policy: string;
  hashOid: string;
  hashedMessage: string;
  serialNumber: bigint;
  genTime: Date;
  nonce: bigint | undefined;
}

function readTstInfo(der: Uint8Array): TstInfo {
  const parts = children(expectTag(readNode(der, 0), TAG.SEQUENCE, 'TSTInfo'));
  const policy = readOid(expectTag(parts[1], TAG.OID, 'TSTInfo policy'));
  const imprint = children(expectTag(parts[2], TAG.SEQUENCE, 'messageImprint'));
  const algorithm = children(expectTag(imprint[0], TAG.SEQUENCE, 'hashAlgorithm'));
  const hashOid = readOid(expectTag(algorithm[0], TAG.OID, 'hashAlgorithm OID'));
  const hashedMessage = Buffer.from(
    content(expectTag(imprint[1], TAG.OCTET_STRING, 'hashedMessage')),
  ).toString('hex');
  const serialNumber = readInteger(expectTag(parts[3], TAG.INTEGER, 'serialNumber'));
  const genTime = readGeneralizedTime(expectTag(parts[4], TAG.GENERALIZED_TIME, 'genTime'));
  // After genTime: accuracy (SEQUENCE), ordering (BOOLEAN), nonce (INTEGER), tsa [0], extensions [1].
  const nonceNode = parts.slice(5).find((n) => n.tag === TAG.INTEGER);
  return {
    policy,
    hashOid,
    hashedMessage,
    serialNumber,
    genTime,
    nonce: nonceNode === undefined ? undefined : readInteger(nonceNode),
  };
}

/**
 * Verifies the SignerInfo: its signed attributes hold the TSTInfo's digest, and the signature over
 * them (re-tagged as a SET, RFC 5652 §5.4) verifies with one of the token's certificates.
 */
function checkSignature(
  signerInfo: DerNode,
  eContent: Uint8Array,
  certificates: X509Certificate[],
): Result<X509Certificate, TimestampFailure> {
  const parts = children(signerInfo);
  const digestAlgorithm = readOid(
    expectTag(children(expectTag(parts[2], TAG.SEQUENCE, 'digestAlgorithm'))[0], TAG.OID, 'digest OID'),
  );
  const digest = DIGEST_BY_OID[digestAlgorithm];
  if (digest === undefined) throw new DerError(`unsupported digest algorithm ${digestAlgorithm}`);
  const signedAttrs = expectTag(parts[3], contextTag(0, true), 'signedAttrs');
  const signature = content(expectTag(parts[5], TAG.OCTET_STRING, 'signature'));
  let messageDigest: string | undefined;
  for (const attribute of children(signedAttrs)) {
    const [type, values] = children(expectTag(attribute, TAG.SEQUENCE, 'signed attribute'));
    if (readOid(expectTag(type, TAG.OID, 'attribute type')) === OID.messageDigest) {
      const value = children(expectTag(values, TAG.SET, 'attribute values'))[0];
      messageDigest = Buffer.from(content(expectTag(value, TAG.OCTET_STRING, 'messageDigest'))).toString(
        'hex',
      );
    }
  }
  if (messageDigest === undefined) throw new DerError('signed attributes without a message digest');
  if (messageDigest !== createHash(digest).update(eContent).digest('hex')) {
    return fail({ code: 'timestamp_signature_invalid', reason: "the signed digest is not the TSTInfo's" });
  }
  const signedBytes = Buffer.from(whole(signedAttrs));
  signedBytes[0] = TAG.SET;
  for (const certificate of certificates) {
    try {
      if (verifySignature(digest, signedBytes, certificate.publicKey, Buffer.from(signature)))
        return ok(certificate);
    } catch {
      // A key of another type (or an unsupported scheme such as RSA-PSS): try the next certificate.
    }
  }
  return fail({
    code: 'timestamp_signature_invalid',
    reason:
      certificates.length === 0
        ? 'the token carries no certificate to verify it with'
        : "no certificate in the token verifies the authority's signature",
  });
}

function bitStringValue(node: DerNode): number {
  const c = content(node);
  let value = 0;
  // First content byte: unused bits; RFC 3161 failure bits are numbered from the most significant.
  for (let i = 1; i < c.byteLength; i++) {
    for (let bit = 0; bit < 8; bit++) if (c[i]! & (0x80 >> bit)) value |= 1 << ((i - 1) * 8 + bit);
  }
  return value;
}
