/**
 * Benchmark: certificates on one process — issue (DCC payload → CWT → COSE_Sign1 ES256 → zlib →
 * Base45 → HC1), verify (the strict verifier, every step but revocation with a list of 1,000
 * hashes), and the PDF card (A4, with its QR image) — each for a fixed time, printing operations per
 * second of wall clock and of this process's CPU (on a shared machine the CPU figure says more).
 *
 *   node --import tsx bench/certificates.bench.ts [--seconds 5] [--threads N] [--only thread|pool]
 *
 * Then the same verification and card through the certificate pool (worker threads, one a core
 * unless --threads says; what the verifier page and the API use), with 256 jobs in flight: the
 * CPU figure is the whole process's (every thread), so it counts the messages between threads too.
 *
 * No database: issuing's database part (a per-person lock, an insert, an audit entry) is the same
 * as any audited write and is measured by the registry and bono benchmarks; this measures what
 * certificates add. Targets (issue #19): issue ≥ 1,000/s, verify ≥ 5,000/s, PDF ≥ 100/s.
 */
import { KeyObject, webcrypto } from 'node:crypto';
import { cpuUsage } from 'node:process';
import '../src/certificates/reflect-metadata.ts';
import * as x509 from '@peculiar/x509';
import { kidOf } from '../src/certificates/cose.ts';
import { newUvci, vaccinationPayload } from '../src/certificates/dcc-payload.ts';
import { verifyHc1 } from '../src/certificates/hc1.ts';
import { encodeHc1 } from '../src/certificates/hc1-encode.ts';
import { revocationCheck } from '../src/certificates/revocation.ts';
import { DCC_KEY_USAGES, signerFromCertificate } from '../src/certificates/signer.ts';
import { renderCard } from '../src/web/certificates/card.pdf.ts';
import { CertificatePool } from '../src/web/certificates/certificate-pool.ts';

const option = (name: string): number | undefined => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : Number(process.argv[i + 1]) || undefined;
};
const seconds = option('--seconds') ?? 5;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
// A signer with a certificate of its own (self-signed, vaccination usage), as a trust list carries it.
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const pair = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
const certificate = await x509.X509CertificateGenerator.createSelfSigned({
  serialNumber: '01',
  name: 'C=BO, CN=DSC bench',
  notBefore: new Date('2021-01-01T00:00:00Z'),
  notAfter: new Date('2024-01-01T00:00:00Z'),
  signingAlgorithm: EC,
  keys: pair as never,
  extensions: [new x509.ExtendedKeyUsageExtension([DCC_KEY_USAGES.v[0]], false)],
});
const der = new Uint8Array(certificate.rawData);
const privateKey = KeyObject.from(pair.privateKey);
const kid = kidOf(der);
const signer = signerFromCertificate(der);
const at = new Date('2022-01-10T00:00:00Z');

function issueOne(i: number): string {
  const hcert = vaccinationPayload({
    surnames: `Quispe Mamani ${i % 97}`,
    givenNames: 'Juana',
    dateOfBirth: '1951-03-04',
    product: i % 2 === 0 ? 'sinopharm' : 'astrazeneca',
    doseNumber: 2,
    seriesDoses: 2,
    givenOn: '2021-06-22',
    uvci: newUvci(),
  });
  return encodeHc1(
    { issuer: 'BO', issuedAtSeconds: 1640700000, expiresAtSeconds: 1672236000, hcert },
    privateKey,
    kid,
  ).hc1;
}

async function measure(name: string, op: (i: number) => unknown | Promise<unknown>): Promise<void> {
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) await op(n++);
  report(name, n, t0, cpu0);
}

/** The same, with `inFlight` operations started before the first is awaited (for the pool). */
async function measureConcurrent(
  name: string,
  op: (i: number) => Promise<unknown>,
  inFlight: number,
): Promise<void> {
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  let n = 0;
  const lane = async () => {
    while (performance.now() - t0 < seconds * 1000) await op(n++);
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  report(name, n, t0, cpu0);
}

function report(name: string, n: number, t0: number, cpu0: NodeJS.CpuUsage): void {
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${name}: ${n} in ${wall.toFixed(2)} s = ${Math.round(n / wall)}/s wall, ${Math.round(n / cpuSeconds)}/s of CPU (${cpuSeconds.toFixed(2)} s CPU)`,
  );
}

const samples = Array.from({ length: 1000 }, (_, i) => issueOne(i));
const revocations = Array.from({ length: 1000 }, (_, i) => ({
  hash: Buffer.alloc(16, i % 256).toString('base64'),
  type: 'UCI' as const,
  kid: signer.kid,
  revokedOn: '2022-01-01',
}));
const context = {
  signerOf: (k: string) => (k === signer.kid ? signer : undefined),
  at,
  revokedOn: revocationCheck(revocations),
};
const card = {
  givenNames: 'Juana',
  surnames: 'Quispe Mamani',
  ciNumber: '4567890',
  complemento: '',
  dateOfBirth: '1951-03-04',
  doses: [
    {
      doseNumber: 1,
      productName: 'Sinopharm BBIBP-CorV',
      lotNumber: 'SP-1',
      givenOn: '2021-06-01',
      siteName: 'Coliseo',
    },
    {
      doseNumber: 2,
      productName: 'Sinopharm BBIBP-CorV',
      lotNumber: 'SP-2',
      givenOn: '2021-06-22',
      siteName: 'Coliseo',
    },
  ],
  uvci: 'URN:UVCI:01:BO:0123456789ABCDEF0123#4',
  issuedAt: new Date(1640700000000),
  expiresAt: new Date(1672236000000),
};

console.log(`certificates bench, ${seconds} s each, node ${process.version}`);
if (only !== 'pool') {
  await measure('issue (payload, CWT, ES256 COSE, zlib, Base45)', issueOne);
  await measure('verify (every step, 1,000 revocation hashes)', (i) => {
    const r = verifyHc1(samples[i % samples.length]!, context);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  });
  await measure('PDF card, A4, with its QR image', (i) =>
    renderCard({ ...card, hc1: samples[i % samples.length]! }, 'a4'),
  );
}

if (only !== 'thread') await onThePool();

async function onThePool(): Promise<void> {
  const pool = new CertificatePool(option('--threads'));
  const snapshot = { version: 'bench', signers: [{ certificate: der, revoked: false }], revocations };
  // The threads start (and load tsx, pdfkit and the schema) before the clock does, and run each
  // operation a while first, as the single-thread figures above had (optimised code, warm caches).
  await pool.started();
  await Promise.all(samples.map((s) => pool.verify(s, at, snapshot)));
  await Promise.all(samples.slice(0, 40).map((hc1) => pool.renderCard({ ...card, hc1 }, 'a4')));
  await measureConcurrent(
    `verify on the pool (${pool.size} threads)`,
    async (i) => {
      const outcome = await pool.verify(samples[i % samples.length]!, at, snapshot);
      if (outcome.failure !== null) throw new Error(JSON.stringify(outcome.failure));
    },
    256,
  );
  await measureConcurrent(
    `PDF card, A4, on the pool (${pool.size} threads)`,
    (i) => pool.renderCard({ ...card, hc1: samples[i % samples.length]! }, 'a4'),
    64,
  );
  await pool.close();
}
