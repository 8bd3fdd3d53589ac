import assert from 'node:assert/strict';
import { KeyObject, webcrypto } from 'node:crypto';
import { after, test } from 'node:test';
import '../../src/certificates/reflect-metadata.ts';
import * as x509 from '@peculiar/x509';
import { kidOf } from '../../src/certificates/cose.ts';
import { newUvci, vaccinationPayload } from '../../src/certificates/dcc-payload.ts';
import { encodeHc1 } from '../../src/certificates/hc1-encode.ts';
import {
  type CardData,
  outcomeOf,
  qrPng,
  type RevocationEntry,
  type TrustSnapshot,
  trustOf,
  verifyHc1,
} from '../../src/certificates/index.ts';
import { revocationHashes } from '../../src/certificates/revocation.ts';
import { renderCard } from '../../src/web/certificates/card.pdf.ts';
import { CertificatePool } from '../../src/web/certificates/certificate-pool.ts';

/**
 * The certificate pool (worker threads): before its threads have loaded a job runs on the calling
 * thread; once they have, jobs spread over every thread; either way a verification says what the
 * verifier on the main thread says (valid; a changed byte failing at its step; a revocation, seen
 * as soon as the trust's version changes), a card is the same PDF as one rendered on the main
 * thread, and an image's QR code reads back.
 */

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const pair = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
const certificate = await x509.X509CertificateGenerator.createSelfSigned({
  serialNumber: '02',
  name: 'C=BO, CN=DSC pool test',
  notBefore: new Date('2021-01-01T00:00:00Z'),
  notAfter: new Date('2024-01-01T00:00:00Z'),
  signingAlgorithm: EC,
  keys: pair as never,
  extensions: [new x509.ExtendedKeyUsageExtension(['1.3.6.1.4.1.1847.2021.1.2'], false)],
});
const der = new Uint8Array(certificate.rawData);
const at = new Date('2022-01-10T00:00:00Z');
const uvci = newUvci();
const hc1 = encodeHc1(
  {
    issuer: 'BO',
    issuedAtSeconds: 1640700000,
    expiresAtSeconds: 1672236000,
    hcert: vaccinationPayload({
      surnames: 'Quispe Mamani',
      givenNames: 'Juana',
      dateOfBirth: '1951-03-04',
      product: 'sinopharm',
      doseNumber: 2,
      seriesDoses: 2,
      givenOn: '2021-06-22',
      uvci,
    }),
  },
  KeyObject.from(pair.privateKey),
  kidOf(der),
).hc1;
const trust: TrustSnapshot = {
  version: 'v1',
  signers: [{ certificate: der, revoked: false }],
  revocations: [],
};
const changed = `${hc1.slice(0, 60)}${hc1[60] === 'A' ? 'B' : 'A'}${hc1.slice(61)}`;
const card: CardData = {
  givenNames: 'Juana',
  surnames: 'Quispe Mamani',
  ciNumber: '4567890',
  complemento: '',
  dateOfBirth: '1951-03-04',
  doses: [
    { doseNumber: 2, productName: 'Sinopharm', lotNumber: 'SP-2', givenOn: '2021-06-22', siteName: null },
  ],
  hc1,
  uvci,
  issuedAt: new Date(1640700000000),
  expiresAt: new Date(1672236000000),
};
const pool = new CertificatePool(2);

after(() => pool.close());

const onMain = (text: string, snapshot: TrustSnapshot) => {
  const { steps, summary, failure } = outcomeOf(verifyHc1(text, { ...trustOf(snapshot), at }));
  return { steps, summary, failure };
};
const onPool = async (text: string, snapshot: TrustSnapshot) => {
  const { steps, summary, failure } = await pool.verify(text, at, snapshot);
  return { steps, summary, failure };
};

test('before the threads have loaded, a job runs on the calling thread', async () => {
  assert.equal(pool.ready, false);
  const outcome = await pool.verify(hc1, at, trust);
  assert.equal(outcome.failure, null);
  assert.equal(outcome.summary?.uvci, uvci);
});

test('on the threads: the same outcomes as on the main thread, a revocation seen at its new version', async () => {
  await pool.started();
  assert.equal(pool.ready, true);
  assert.deepEqual(await onPool(hc1, trust), onMain(hc1, trust));
  const tampered = await onPool(changed, trust);
  assert.deepEqual(tampered, onMain(changed, trust));
  assert.notEqual(tampered.failure, null, 'a changed byte fails');
  assert.equal(tampered.steps.filter((s) => s.state === 'failed').length, 1);

  const payload = await pool.verify(hc1, at, trust, { payload: true });
  assert.equal((payload.payload?.['v'] as { ci: string }[] | undefined)?.[0]?.ci, uvci);

  const revocations: RevocationEntry[] = [
    {
      hash: revocationHashes({ uci: uvci, country: 'BO', alg: -7, signature: new Uint8Array(64) }).UCI,
      type: 'UCI',
      kid: '',
      revokedOn: '2022-01-05',
    },
  ];
  const revoked: TrustSnapshot = { ...trust, version: 'v2', revocations };
  const after = await onPool(hc1, revoked);
  assert.deepEqual(after.failure, { code: 'hc1_revoked', revokedOn: '2022-01-05' });
  assert.deepEqual((await onPool(hc1, trust)).failure, null, 'the older version is still known');
});

test('many jobs at once spread over the threads; cards and QR images come back whole', async () => {
  await pool.started();
  const outcomes = await Promise.all(
    Array.from({ length: 300 }, (_, i) => onPool(i % 3 === 0 ? changed : hc1, trust)),
  );
  assert.equal(outcomes.filter((o) => o.failure === null).length, 200);
  const [pdf, expected] = await Promise.all([pool.renderCard(card, 'wallet'), renderCard(card, 'wallet')]);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.deepEqual(pdf, expected, 'the same bytes as on the main thread');
  assert.deepEqual(await pool.readQr(await qrPng(hc1, 4)), { ok: true, text: hc1 });
  assert.deepEqual(await pool.readQr(Buffer.from('no image')), { ok: false, problem: 'not_an_image' });
});

test('a thread that stops fails only its own jobs; the pool goes on answering', async () => {
  await pool.started();
  const threads = (
    pool as unknown as { threads: ({ worker: { terminate(): Promise<number> } } | undefined)[] }
  ).threads;
  await threads[0]!.worker.terminate();
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => onPool(hc1, trust)));
  assert.ok(outcomes.every((o) => o.failure === null));
  assert.notEqual(threads[0], undefined, 'a new thread is starting in its place');
  await pool.started();
  assert.equal(pool.ready, true);
  assert.deepEqual(await pool.readQr(await qrPng(hc1, 4)), { ok: true, text: hc1 });
});
