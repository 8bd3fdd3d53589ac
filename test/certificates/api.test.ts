import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor } from '../../src/audit/index.ts';
import { acceptTrustList, type SignedTrustList } from '../../src/certificates/index.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { recordDose } from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { signIn } from '../helpers/sign-in.ts';
import {
  ACTOR,
  keyOf,
  persons,
  site,
  stockedLot,
  stockLocations,
  type TestPerson,
} from '../vaccination/fixture.ts';

/**
 * The certificates API over HTTP: an officer with certificates.issue issues (201, then 200 with the
 * same certificate); anyone verifies it (200) and gets the step of a changed one (422); the trust
 * list is public and verifies; the citizen's card needs the full triple (404 without it) and is a
 * PDF; a revoked certificate verifies no more.
 */

const BASE = 'http://ayni.test';
const PASSWORD = 'certificates api password';
const SITE = 'lp-cert-api';
let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
let session: { cookie: string; csrf: string };
let people: TestPerson[];

function post(address: string, body: unknown, signedIn = true) {
  return http.request(`${BASE}/api/certificates${address}`, {
    method: 'POST',
    headers: {
      ...(signedIn ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 300);
  await stockLocations(t.db);
  await site(t.db, { code: SITE });
  const lot = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-CERT',
    expiresOn: '2021-12-31',
    doses: 20n,
    siteCode: SITE,
  });
  people = await persons(t.db, { bornBefore: '1955-01-01', limit: 2 });
  for (const [i, p] of people.entries()) {
    okValue(
      await recordDose(t.db, {
        person: keyOf(p),
        product: 'sinopharm',
        lotId: lot.id,
        site: SITE,
        givenOn: '2021-06-01',
        doseNumber: 1,
        idempotencyKey: `cert-api-${i}`,
        actor: ACTOR,
        recordedAt: new Date('2021-06-01T15:00:00Z'),
      }),
    );
  }
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  okValue(
    await createAccount(t.db, {
      username: 'sara.sedes',
      displayName: 'Sara',
      roles: ['sedes_officer'],
      password: PASSWORD,
      actor: cliActor('root'),
      now: new Date(),
    }),
  );
  session = await signIn(http, 'sara.sedes', PASSWORD, { through: 'api', base: BASE });
});

after(async () => {
  await closeHttpApp(http);
  await t?.dispose();
});

test('issue, verify, a changed byte refused at its step, the public trust list, revocation', async () => {
  const first = await post('/issue', { person: keyOf(people[0]!) });
  assert.equal(first.status, 201, await first.clone().text());
  const { certificate } = (await first.json()) as { certificate: { id: string; hc1: string; uvci: string } };
  const again = await post('/issue', { person: keyOf(people[0]!) });
  assert.equal(again.status, 200);
  assert.equal(((await again.json()) as { certificate: { id: string } }).certificate.id, certificate.id);

  const ok = await post('/verify', { hc1: certificate.hc1 }, false);
  assert.equal(ok.status, 200, await ok.clone().text());
  const verified = (await ok.json()) as { valid: boolean; payload: { v: { ci: string }[] } };
  assert.equal(verified.payload.v[0]!.ci, certificate.uvci);

  const i = 40;
  const changed =
    certificate.hc1.slice(0, i) + (certificate.hc1[i] === 'A' ? 'B' : 'A') + certificate.hc1.slice(i + 1);
  const bad = await post('/verify', { hc1: changed }, false);
  assert.equal(bad.status, 422);
  assert.equal(bad.headers.get('content-type'), 'application/problem+json');
  assert.match(((await bad.json()) as { code: string }).code, /^hc1_(base45_invalid|decompression_failed)$/);

  const list = await http.request(`${BASE}/api/certificates/trust-list`);
  assert.equal(list.status, 200);
  assert.ok(acceptTrustList((await list.json()) as SignedTrustList));

  const revoked = await post(`/${certificate.id}/revoke`, { reason: 'issued_in_error' });
  assert.equal(revoked.status, 200, await revoked.clone().text());
  const after = await post('/verify', { hc1: certificate.hc1 }, false);
  assert.equal(after.status, 422);
  assert.equal(((await after.json()) as { code: string }).code, 'hc1_revoked');
});

test('the citizen card needs the full triple and is a PDF', async () => {
  const person = keyOf(people[1]!);
  const wrong = await post('/card', { person: { ...person, dateOfBirth: '1900-01-01' } }, false);
  assert.equal(wrong.status, 404);
  const card = await post('/card', { person, size: 'wallet' }, false);
  assert.equal(card.status, 200, await card.clone().text());
  assert.equal(card.headers.get('content-type'), 'application/pdf');
  assert.equal(
    Buffer.from(await card.arrayBuffer())
      .subarray(0, 5)
      .toString(),
    '%PDF-',
  );
});

test('issuing needs certificates.issue', async () => {
  const anonymous = await post('/issue', { person: keyOf(people[1]!) }, false);
  assert.equal(anonymous.status, 401);
});

test('the FHIR R4 / DDCC:VS export is behind certificates.issue', async () => {
  const res = await post('/fhir', { person: keyOf(people[0]!) });
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+json/);
  const bundle = (await res.json()) as { resourceType: string; type: string; entry: unknown[] };
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'document');
  const anonymous = await post('/fhir', { person: keyOf(people[0]!) }, false);
  assert.ok([401, 403].includes(anonymous.status), String(anonymous.status));
});
