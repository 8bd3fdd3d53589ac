import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  parseTimestampResponse,
  requestTimestamp,
  timestampRequest,
  verifyTimestampToken,
} from '../../../src/cases/evidence/timestamp.ts';
import { readConfig } from '../../../src/shared/config.ts';

/**
 * The timestamp client against OpenSSL's own RFC 3161 authority (`openssl ts -reply`), an
 * implementation independent of ours: there is no internet here, so the authority runs locally,
 * with a throw-away certificate made for the test.
 */

const run = promisify(execFile);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const POLICY = '1.3.6.1.4.1.99999.1';

let dir: string;
let tsaPem: string;
let otherPem: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-tsa-'));
  const certificate = async (name: string, extra: string[]) =>
    run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.crt`,
        '-days',
        '30',
        '-subj',
        `/CN=${name}`,
        ...extra,
      ],
      { cwd: dir },
    );
  await certificate('tsa', [
    '-addext',
    'extendedKeyUsage=critical,timeStamping',
    '-addext',
    'keyUsage=critical,digitalSignature',
  ]);
  await certificate('other', []);
  const config = (name: string) =>
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${path.join(dir, 'serial')}`,
      'crypto_device = builtin',
      `signer_cert = ${path.join(dir, `${name}.crt`)}`,
      `signer_key = ${path.join(dir, `${name}.key`)}`,
      'signer_digest = sha256',
      `default_policy = ${POLICY}`,
      'digests = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n');
  await writeFile(path.join(dir, 'tsa.cnf'), config('tsa'));
  await writeFile(path.join(dir, 'serial'), '01\n');
  tsaPem = await readFile(path.join(dir, 'tsa.crt'), 'utf8');
  otherPem = await readFile(path.join(dir, 'other.crt'), 'utf8');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let replies = 0;
/** OpenSSL answers a DER TimeStampReq as an authority would. */
async function opensslReply(request: Uint8Array, configName = 'tsa'): Promise<Uint8Array> {
  const n = replies++;
  const queryFile = path.join(dir, `q${n}.der`);
  const replyFile = path.join(dir, `r${n}.der`);
  await writeFile(queryFile, request);
  await run('openssl', [
    'ts',
    '-reply',
    '-config',
    path.join(dir, `${configName}.cnf`),
    '-queryfile',
    queryFile,
    '-out',
    replyFile,
  ]);
  return new Uint8Array(await readFile(replyFile));
}

describe('RFC 3161 timestamps', () => {
  test('the request is a TimeStampReq OpenSSL reads: SHA-256 imprint, nonce, certReq', async () => {
    const hash = sha('acta sintética');
    const request = timestampRequest(hash, { nonce: 0x1234_5678_9abc_def0n });
    const file = path.join(dir, 'request.der');
    await writeFile(file, request);
    const { stdout } = await run('openssl', ['ts', '-query', '-in', file, '-text']);
    assert.match(stdout, /Version: 1/);
    assert.match(stdout, /Hash Algorithm: sha256/);
    assert.match(stdout, /Nonce: 0x123456789ABCDEF0/);
    assert.match(stdout, /Certificate required: yes/);
    const printedHash = [...stdout.matchAll(/^\s+[0-9a-f]{4} - ([0-9a-f -]+?)\s{2,}/gm)]
      .map((m) => m[1]!.replace(/[ -]/g, ''))
      .join('');
    assert.equal(printedHash, hash);
    assert.throws(() => timestampRequest('not a hash'), /not a SHA-256/);
  });

  test("a granted response is parsed and checked: the authority's time, the hash, the signature", async () => {
    const hash = sha('fotografía del puente, 15 nov (sintética)');
    const nonce = 42n;
    const reply = await opensslReply(timestampRequest(hash, { nonce }));
    const r = parseTimestampResponse(reply, hash, { nonce, trusted: [tsaPem] });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.equal(r.value.sha256, hash);
    assert.equal(r.value.nonce, '42');
    assert.equal(r.value.policy, POLICY);
    assert.equal(r.value.signer, 'CN=tsa');
    assert.equal(r.value.signerTrusted, true);
    assert.ok(
      Math.abs(r.value.genTime.getTime() - Date.now()) < 120_000,
      `genTime ${r.value.genTime.toISOString()}`,
    );
    // The kept token verifies again later on its own, and OpenSSL agrees it is for this hash.
    assert.equal(verifyTimestampToken(r.value.token, hash).ok, true);
    const tokenFile = path.join(dir, 'token.der');
    await writeFile(tokenFile, r.value.token);
    const tsaFile = path.join(dir, 'tsa.crt');
    const { stdout } = await run('openssl', [
      'ts',
      '-verify',
      '-digest',
      hash,
      '-in',
      tokenFile,
      '-token_in',
      '-CAfile',
      tsaFile,
      '-untrusted',
      tsaFile,
    ]);
    assert.match(stdout, /Verification: OK/);
  });

  test('a token for other bytes, another nonce, or an untrusted signer is refused', async () => {
    const hash = sha('informe pericial');
    const reply = await opensslReply(timestampRequest(hash, { nonce: 7n }));
    const other = sha('otro archivo');
    const wrongHash = parseTimestampResponse(reply, other);
    assert.deepEqual(wrongHash.ok ? undefined : wrongHash.error, {
      code: 'timestamp_hash_mismatch',
      expectedSha256: other,
      stampedSha256: hash,
    });
    const wrongNonce = parseTimestampResponse(reply, hash, { nonce: 8n });
    assert.equal(wrongNonce.ok ? 'ok' : wrongNonce.error.code, 'timestamp_nonce_mismatch');
    const untrusted = parseTimestampResponse(reply, hash, { trusted: [otherPem] });
    assert.deepEqual(untrusted.ok ? undefined : untrusted.error, {
      code: 'timestamp_signer_untrusted',
      signer: 'CN=tsa',
    });
    const unpinned = parseTimestampResponse(reply, hash);
    assert.equal(unpinned.ok && unpinned.value.signerTrusted, false);
  });

  test('a changed byte in the signed time is caught by the signature', async () => {
    const hash = sha('grabación de audio');
    const reply = await opensslReply(timestampRequest(hash));
    // The genTime's year "20" → "21": still a valid GeneralizedTime, no longer what was signed.
    const text = Buffer.from(reply).toString('latin1');
    const at = text.search(/\x18\x0f20\d{12}Z/);
    assert.ok(at > 0, 'genTime found');
    const forged = new Uint8Array(reply);
    forged[at + 3] = '1'.charCodeAt(0);
    const r = parseTimestampResponse(forged, hash);
    assert.deepEqual(r.ok ? 'ok' : r.error, {
      code: 'timestamp_signature_invalid',
      reason: "the signed digest is not the TSTInfo's",
    });
    // The signature itself (the last bytes of the reply: ECDSA's s) changed: no key verifies it.
    const badSignature = new Uint8Array(reply);
    badSignature[badSignature.length - 1] = badSignature[badSignature.length - 1]! ^ 0x01;
    const s = parseTimestampResponse(badSignature, hash);
    assert.deepEqual(s.ok ? 'ok' : s.error, {
      code: 'timestamp_signature_invalid',
      reason: "no certificate in the token verifies the authority's signature",
    });
  });

  test('a refusal by the authority is a failure with its status, and garbage is malformed', async () => {
    const hash = sha('video');
    const refused = parseTimestampResponse(
      await opensslReply(timestampRequest(hash, { policy: '1.3.6.1.4.1.99999.77' })),
      hash,
    );
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'timestamp_refused');
    assert.equal(!refused.ok && refused.error.code === 'timestamp_refused' && refused.error.pkiStatus, 2);
    const malformed = parseTimestampResponse(new Uint8Array([0x30, 0x82, 0x10, 0x00, 1, 2]), hash);
    assert.equal(malformed.ok ? 'ok' : malformed.error.code, 'timestamp_malformed');
  });

  describe('requestTimestamp over HTTP', () => {
    let server: Server;
    let url: string;
    before(async () => {
      server = createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        if (req.url === '/down') {
          res.writeHead(503).end();
          return;
        }
        assert.equal(req.headers['content-type'], 'application/timestamp-query');
        const reply = await opensslReply(new Uint8Array(Buffer.concat(chunks)));
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(reply);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('AYNI_TSA_URL is read into the configuration: an http(s) URL, or nothing', () => {
      const set = readConfig({ AYNI_TSA_URL: 'https://tsa.example.bo/tsr' });
      assert.equal(set.ok && set.value.tsaUrl, 'https://tsa.example.bo/tsr');
      const unset = readConfig({});
      assert.equal(unset.ok && unset.value.tsaUrl, undefined);
      const bad = readConfig({ AYNI_TSA_URL: 'ftp://tsa.example.bo' });
      assert.equal(!bad.ok && bad.error.code === 'config_invalid' && bad.error.variable, 'AYNI_TSA_URL');
    });

    test('without an authority configured it says so and makes up nothing', async () => {
      const r = await requestTimestamp(sha('x'), { tsaUrl: undefined });
      assert.deepEqual(r, { ok: false, error: { code: 'timestamp_authority_not_configured' } });
      const empty = await requestTimestamp(sha('x'), { tsaUrl: '' });
      assert.equal(empty.ok, false);
    });

    test('with an authority, the hash comes back timestamped and verified', async () => {
      const hash = sha('acta de entrega a fiscalía');
      const r = await requestTimestamp(hash, { tsaUrl: `${url}/tsa`, trusted: [tsaPem] });
      assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
      assert.equal(r.value.sha256, hash);
      assert.equal(r.value.signerTrusted, true);
      assert.ok(r.value.nonce !== undefined, 'a nonce was sent and echoed');
    });

    test('an authority that answers with an error or not at all is a failure, not a timestamp', async () => {
      const down = await requestTimestamp(sha('y'), { tsaUrl: `${url}/down` });
      assert.deepEqual(down, {
        ok: false,
        error: { code: 'timestamp_authority_http_error', httpStatus: 503 },
      });
      const closed = await requestTimestamp(sha('y'), { tsaUrl: 'http://127.0.0.1:1/tsa', timeoutMs: 2000 });
      assert.equal(closed.ok ? 'ok' : closed.error.code, 'timestamp_authority_unreachable');
    });
  });
});
