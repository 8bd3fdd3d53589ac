import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor } from '../../src/audit/index.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn } from '../helpers/sign-in.ts';
import { persons, site, stockedLot, stockLocations, type TestPerson } from './fixture.ts';

/**
 * The vaccination API over HTTP: a vaccinator records a dose (201, then 200 for the same
 * Idempotency-Key: one record), a dose too early is a 422 problem naming the earliest date in the
 * request's language, eligibility and a booking with its second dose answer in their documented
 * shapes, and the site's day lists its counts.
 */

const BASE = 'http://ayni.test';
const PASSWORD = 'vaccination api password';
const SITE = 'lp-api';
const DAY = '2021-07-06';

let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
let session: { cookie: string; csrf: string };
let lotId: bigint;
let people: TestPerson[];

const person = (p: TestPerson) => ({
  ciNumber: p.ciNumber,
  complemento: p.complemento,
  dateOfBirth: p.dateOfBirth,
});

function post(address: string, body: unknown, headers: Record<string, string> = {}) {
  return http.request(`${BASE}/api/vaccination${address}`, {
    method: 'POST',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 300);
  await stockLocations(t.db);
  await site(t.db, { code: SITE, capacity: { sinopharm: 20 } });
  lotId = (
    await stockedLot(t.db, {
      product: 'sinopharm',
      lotNumber: 'SP-API',
      expiresOn: '2021-12-31',
      doses: 100n,
      siteCode: SITE,
    })
  ).id;
  people = await persons(t.db, { bornBefore: '1990-01-01', limit: 3 });
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  const created = await createAccount(t.db, {
    username: 'vico.vacunador',
    displayName: 'Vico',
    roles: ['vaccinator'],
    password: PASSWORD,
    actor: cliActor('root'),
    now: new Date(),
  });
  assert.ok(created.ok);
  session = await signIn(http, 'vico.vacunador', PASSWORD, { through: 'api', base: BASE });
});

after(async () => {
  await closeHttpApp(http);
  await t?.dispose();
});

test('a dose recorded over HTTP: 201, then 200 with the same record for the same key', async () => {
  const body = {
    person: person(people[0]!),
    product: 'sinopharm',
    lotId: String(lotId),
    site: SITE,
    givenOn: DAY,
    doseNumber: 1,
  };
  const first = await post('/doses', body, { 'idempotency-key': 'tablet-7-000001' });
  assert.equal(first.status, 201, await first.clone().text());
  const dose = (await first.json()) as { dose: { doseKind: string; lotId: string; idempotencyKey: string } };
  assert.deepEqual([dose.dose.doseKind, dose.dose.lotId], ['first', String(lotId)]);
  const again = await post('/doses', body, { 'idempotency-key': 'tablet-7-000001' });
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), dose);
  const other = await post('/doses', body, { 'idempotency-key': 'tablet-7-000002' });
  assert.equal(other.status, 409);
  assert.equal(((await other.json()) as { code: string }).code, 'dose_already_recorded');
});

test('a dose too early is a 422 problem with the earliest date, in Spanish when asked', async () => {
  const res = await post(
    '/doses',
    {
      person: person(people[0]!),
      product: 'sinopharm',
      lotId: String(lotId),
      site: SITE,
      givenOn: '2021-07-10',
      doseNumber: 2,
    },
    { 'idempotency-key': 'tablet-7-000003', 'accept-language': 'es' },
  );
  assert.equal(res.status, 422);
  const problem = (await res.json()) as { code: string; earliestOn: string; detail: string };
  assert.equal(problem.code, 'dose_too_early');
  assert.equal(problem.earliestOn, '2021-07-27');
  assert.equal(
    problem.detail,
    'La dosis 2 no puede aplicarse antes del 2021-07-27 (se pidió para el 2021-07-10).',
  );
});

test('eligibility, a booking with its second dose, and the site’s day', async () => {
  const e = await post('/eligibility', { person: person(people[1]!), on: DAY });
  assert.equal(e.status, 200);
  const eligibility = (await e.json()) as {
    eligible: boolean;
    next: { doseNumber: number; products: string[] };
  };
  assert.equal(eligibility.eligible, true);
  assert.equal(eligibility.next.doseNumber, 1);
  const booked = await post(
    '/appointments',
    { person: person(people[1]!), site: SITE, day: '2021-07-08' },
    { 'idempotency-key': 'web-booking-0001' },
  );
  assert.equal(booked.status, 201, await booked.clone().text());
  const b = (await booked.json()) as {
    appointment: { id: string };
    secondDose: { day: string; product: string };
  };
  assert.deepEqual([b.secondDose.day, b.secondDose.product], ['2021-07-29', 'sinopharm']);
  const cancelled = await post(`/appointments/${b.appointment.id}/cancellation`, {
    person: person(people[1]!),
  });
  assert.equal(cancelled.status, 200);
  assert.equal(((await cancelled.json()) as { cancelled: unknown[] }).cancelled.length, 2);
  const day = await http.request(`${BASE}/api/vaccination/sites/${SITE}/days/${DAY}`, {
    headers: { cookie: session.cookie },
  });
  assert.equal(day.status, 200);
  assert.deepEqual(await day.json(), {
    site: SITE,
    day: DAY,
    products: [{ product: 'sinopharm', capacity: 20, reserved: 0, walkIns: 0, administered: 1 }],
  });
});
