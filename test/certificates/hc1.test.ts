import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { decodeBase45, encodeBase45 } from '../../src/certificates/base45.ts';
import { verifyStepOf } from '../../src/certificates/certificates.failures.ts';
import { signCoseSign1 } from '../../src/certificates/cose.ts';
import { encodeDccClaims, type Hcert } from '../../src/certificates/cwt.ts';
import { verifyHc1 } from '../../src/certificates/hc1.ts';
import type { TrustedSigner } from '../../src/certificates/signer.ts';

/**
 * The HC1 chain on its own: strict Base45 (RFC 9285's examples and what it forbids), and a
 * certificate signed with a fresh ES256 key that verifies, then fails at the step each change
 * belongs to.
 */

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test("Base45 encodes and decodes RFC 9285's examples", () => {
  for (const [text, b45] of [
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
  ] as const) {
    assert.equal(encodeBase45(enc(text)), b45);
    const back = decodeBase45(b45);
    assert.ok(back.ok);
    assert.equal(new TextDecoder().decode(back.bytes), text);
  }
});

test('Base45 refuses a bad length, a character outside the alphabet and a group over its range', () => {
  assert.deepEqual(decodeBase45('GGW='), { ok: false, problem: { problem: 'length', length: 4 } });
  assert.deepEqual(decodeBase45('GGW'), { ok: false, problem: { problem: 'overflow', position: 0 } });
  assert.deepEqual(decodeBase45('BB8a'.slice(0, 3) + 'Ba'), {
    ok: false,
    problem: { problem: 'character', position: 4 },
  });
  assert.deepEqual(decodeBase45(':Z'), { ok: false, problem: { problem: 'overflow', position: 0 } });
  // The largest pair and triple are accepted: 255 = 'U5', 65535 = 'FGW'.
  assert.deepEqual(decodeBase45('U5'), { ok: true, bytes: Uint8Array.of(255) });
  assert.deepEqual(decodeBase45('FGW'), { ok: true, bytes: Uint8Array.of(255, 255) });
  assert.deepEqual(decodeBase45(''), { ok: true, bytes: new Uint8Array(0) });
});

const HCERT: Hcert = {
  ver: '1.3.0',
  nam: { fn: 'Quispe Mamani', fnt: 'QUISPE<MAMANI', gn: 'Juana', gnt: 'JUANA' },
  dob: '1961-03-04',
  v: [
    {
      tg: '840539006',
      vp: 'J07BX03',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2021-06-01',
      co: 'BO',
      is: 'Ministerio de Salud y Deportes',
      ci: 'URN:UVCI:01:BO:ABC123#K',
    },
  ],
};

function fixture() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = Buffer.from('0123456789abcdef', 'hex');
  const signer: TrustedSigner = {
    kid: kid.toString('base64'),
    publicKey,
    notBefore: new Date('2021-01-01T00:00:00Z'),
    notAfter: new Date('2023-01-01T00:00:00Z'),
    types: new Set(['v']),
    revoked: false,
  };
  const claims = encodeDccClaims({
    issuer: 'BO',
    issuedAtSeconds: Date.parse('2021-06-02T00:00:00Z') / 1000,
    expiresAtSeconds: Date.parse('2022-06-02T00:00:00Z') / 1000,
    hcert: HCERT,
  });
  const cose = signCoseSign1(claims, privateKey, kid);
  const hc1 = (coseBytes: Uint8Array): string => `HC1:${encodeBase45(deflateSync(coseBytes, { level: 9 }))}`;
  const context = {
    signerOf: (k: string) => (k === signer.kid ? signer : undefined),
    at: new Date('2021-07-01T00:00:00Z'),
  };
  return { signer, cose, hc1, context };
}

test('a signed certificate verifies and gives back its payload and claims', () => {
  const { cose, hc1, context } = fixture();
  const result = verifyHc1(hc1(cose), context);
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.value.claims.hcert, HCERT);
  assert.equal(result.value.claims.issuer, 'BO');
  assert.equal(result.value.type, 'v');
});

test('each changed character of the HC1 text fails at the Base45 or decompression step', () => {
  const { cose, hc1, context } = fixture();
  const text = hc1(cose);
  const steps = new Set<string>();
  for (let i = 4; i < text.length; i++) {
    const swapped = text[i] === 'A' ? 'B' : 'A';
    const result = verifyHc1(text.slice(0, i) + swapped + text.slice(i + 1), context);
    assert.equal(result.ok, false, `character ${i}`);
    if (!result.ok) steps.add(verifyStepOf(result.error));
  }
  for (const step of steps) assert.ok(['base45', 'decompression'].includes(step), step);
  assert.ok(steps.has('decompression'));
});

test('each changed byte of the signed COSE fails at the COSE, key id or signature step', () => {
  const { cose, hc1, context } = fixture();
  const byStep = new Map<string, number>();
  for (let i = 0; i < cose.length; i++) {
    const changed = Buffer.from(cose);
    changed[i] = changed[i]! ^ 0x01;
    const result = verifyHc1(hc1(changed), context);
    assert.equal(result.ok, false, `byte ${i}`);
    if (!result.ok) {
      const step = verifyStepOf(result.error);
      byStep.set(step, (byStep.get(step) ?? 0) + 1);
    }
  }
  assert.deepEqual(
    [...byStep.keys()].filter((s) => !['cose', 'kid', 'signature'].includes(s)),
    [],
  );
  // The payload and the signature are most of the bytes: their changes are caught by the signature.
  assert.ok((byStep.get('signature') ?? 0) > cose.length / 2, JSON.stringify([...byStep]));
  assert.ok((byStep.get('kid') ?? 0) >= 8, 'a changed kid names no trusted key');
});

test('the verifier says which step failed for a wrong prefix, an unknown or revoked key, expiry and key usage', () => {
  const { signer, cose, hc1, context } = fixture();
  const text = hc1(cose);
  const code = (r: ReturnType<typeof verifyHc1>) => (r.ok ? 'ok' : r.error.code);
  assert.equal(code(verifyHc1(text.replace('HC1:', 'HC2:'), context)), 'hc1_prefix_invalid');
  assert.equal(code(verifyHc1(`${text}=`, context)), 'hc1_base45_invalid');
  assert.equal(code(verifyHc1(text, { ...context, signerOf: () => undefined })), 'hc1_kid_unknown');
  assert.equal(
    code(verifyHc1(text, { ...context, signerOf: () => ({ ...signer, revoked: true }) })),
    'hc1_key_revoked',
  );
  assert.equal(
    code(verifyHc1(text, { ...context, at: new Date('2022-06-03T00:00:00Z') })),
    'hc1_outside_validity',
  );
  assert.equal(
    code(verifyHc1(text, { ...context, at: new Date('2021-06-01T00:00:00Z') })),
    'hc1_outside_validity',
  );
  assert.equal(
    code(verifyHc1(text, { ...context, signerOf: () => ({ ...signer, types: new Set(['t']) }) })),
    'hc1_key_usage',
  );
  assert.equal(code(verifyHc1(text, { ...context, revokedOn: () => '2021-06-20' })), 'hc1_revoked');
  assert.equal(code(verifyHc1('HC1:'.padEnd(5000, 'A'), context)), 'hc1_too_long');
});
