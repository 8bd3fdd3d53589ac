import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createAccount, createCredential } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor } from '../../src/audit/index.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { ok } from '../../src/shared/failure.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { type BonoFixture, createBonoFixture, type FixturePerson } from '../bono/fixtures.ts';

/**
 * GET /metrics on the real app: refused to anyone without `metrics.read`, and its counters move by
 * exactly what the requests before a scrape did — requests by route, payouts and refusals by code,
 * the group commit's batches, throttle refusals (a sign-in lock-out, the citizen look-up's limit,
 * a bank credential's limit, per credential) — and carry no personal data.
 */

const BASE = 'http://ayni.test';
const PASSWORD = 'metrics password 2021';
// Inside the rezagados period: every entitled person may collect.
const clock = new Date('2021-02-01T15:00:00Z');
// A bank credential's look-ups that find nobody entitled, a minute: small, so a test reaches it.
const BANK_MISSES = 3;

let f: BonoFixture;
let runner: JobRunner;
let http: ReturnType<typeof buildHttpApp>;
let monitoring: Record<string, string>;
let monitoringToken: string;
let bank: Record<string, string>;
let bankCredentialId: string;
let counterPersons: FixturePerson[];

before(async () => {
  f = await createBonoFixture({ persons: 40 });
  const app: App = {
    config: {
      ...loadConfig({}),
      dataDir: f.dir,
      secureCookies: false,
      bankMissesPerMinute: BANK_MISSES,
    },
    db: f.db,
    rejectsDir: path.join(f.dir, 'rejects'),
    now: () => clock,
    close: async () => {},
  };
  runner = new JobRunner(f.db, { now: () => clock, log: silentLogger() });
  http = buildHttpApp(app, { jobs: runner });
  const scraper = await issue('MONITOREO', 'monitoring');
  monitoringToken = scraper.token;
  monitoring = { authorization: `Bearer ${monitoringToken}` };
  const teller = await issue('BUNIBOLX', 'bank');
  bank = { authorization: `Bearer ${teller.token}` };
  bankCredentialId = teller.credential.id;
  const officer = await createAccount(f.db, {
    username: 'lucia.mamani',
    displayName: 'Lucía Mamani',
    roles: ['bono_officer'],
    password: PASSWORD,
    actor: cliActor('root'),
    now: clock,
  });
  assert.ok(officer.ok);
  counterPersons = f.persons.filter((p) => p.channel === 'counter');
  assert.ok(counterPersons.length >= 2, 'the fixture has persons paid at a counter');
});
after(async () => {
  await closeHttpApp(http);
  await f.dispose();
});

async function issue(organisation: string, role: 'bank' | 'monitoring') {
  const issued = await createCredential(f.db, {
    organisation,
    roles: [role],
    actor: cliActor('root'),
    now: clock,
  });
  assert.ok(issued.ok);
  return issued.value;
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return http.request(`${BASE}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const triple = (p: FixturePerson) => ({
  ciNumber: p.ciNumber,
  complemento: p.complemento,
  dateOfBirth: p.dateOfBirth,
});

const pay = (person: unknown, key: string) =>
  post(
    '/api/bono/payouts',
    { ...(person as object), paymentPoint: 'Agencia Calacoto' },
    {
      ...bank,
      'idempotency-key': key,
    },
  );

/** One scrape as `series → value`, a series being its name and labels as printed (`a{b="c"}`). */
async function scrape(): Promise<{ text: string; values: Map<string, number> }> {
  const res = await http.request(`${BASE}/metrics`, { headers: monitoring });
  assert.equal(res.status, 200, await res.clone().text());
  const text = await res.text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    values.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return { text, values };
}

/** How much each series moved between two scrapes (absent: 0). */
function moved(before: Map<string, number>, after: Map<string, number>, series: string): number {
  return (after.get(series) ?? 0) - (before.get(series) ?? 0);
}

test('/metrics: anonymous and a bank are refused; the monitoring credential reads Prometheus text', async () => {
  const anonymous = await http.request(`${BASE}/metrics`);
  assert.equal(anonymous.status, 401);
  assert.equal(((await anonymous.json()) as { code: string }).code, 'authentication_required');
  const asBank = await http.request(`${BASE}/metrics`, { headers: bank });
  assert.equal(asBank.status, 403);
  assert.equal(((await asBank.json()) as { code: string }).code, 'forbidden');
  const res = await http.request(`${BASE}/metrics`, { headers: monitoring });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  assert.match(text, /^# HELP ayni_http_request_duration_seconds /m);
  assert.match(text, /^# TYPE ayni_http_request_duration_seconds histogram$/m);
  // The pool, read at the scrape: the test database's pool of 10, at least one connection open.
  const { values } = await scrape();
  assert.equal(values.get('ayni_db_pool_max_connections'), 10);
  assert.ok((values.get('ayni_db_pool_connections') ?? 0) >= 1);
  assert.ok(values.has('ayni_db_pool_waiting_requests'));
  assert.ok(values.has('process_resident_memory_bytes'), 'the process figures are served');
});

test('requests, payouts and refusals move the counters by exactly what happened', async () => {
  const [first, second] = counterPersons as [FixturePerson, FixturePerson];
  const before = (await scrape()).values;

  for (let i = 0; i < 3; i++) assert.equal((await http.request(`${BASE}/health`)).status, 200);
  assert.equal((await http.request(`${BASE}/no/such/page`)).status, 404);
  assert.equal((await pay(triple(first), 'metrics-key-0001')).status, 201);
  assert.equal((await pay(triple(first), 'metrics-key-0001')).status, 200); // a retry
  assert.equal((await pay(triple(first), 'metrics-key-0002')).status, 409); // already_paid
  assert.equal((await pay(triple(second), 'metrics-key-0003')).status, 201);
  // Nobody with that triple: not_entitled, and one miss of the bank's budget.
  assert.equal(
    (await pay({ ciNumber: '99999999', dateOfBirth: '1970-01-01' }, 'metrics-key-0004')).status,
    422,
  );

  const after = (await scrape()).values;
  const requests = (route: string, method: string, status: string) =>
    moved(
      before,
      after,
      `ayni_http_request_duration_seconds_count{route="${route}",method="${method}",status="${status}"}`,
    );
  assert.equal(requests('/health', 'GET', '2xx'), 3);
  assert.equal(requests('unmatched', 'GET', '4xx'), 1);
  assert.equal(requests('/api/bono/payouts', 'POST', '2xx'), 3);
  assert.equal(requests('/api/bono/payouts', 'POST', '4xx'), 2);
  // Each scrape is a request too: the first one, seen by the second.
  assert.equal(requests('/metrics', 'GET', '2xx'), 1);

  assert.equal(moved(before, after, 'ayni_bono_payouts_total{result="paid"}'), 2);
  assert.equal(moved(before, after, 'ayni_bono_payouts_total{result="already_recorded"}'), 1);
  assert.equal(moved(before, after, 'ayni_bono_payout_refusals_total{code="already_paid"}'), 1);
  assert.equal(moved(before, after, 'ayni_bono_payout_refusals_total{code="not_entitled"}'), 1);
  // Only the two payouts recorded reached the group commit, one batch each (one at a time).
  assert.equal(moved(before, after, 'ayni_group_commit_batch_size_count{committer="bono_payouts"}'), 2);
  assert.equal(moved(before, after, 'ayni_group_commit_batch_size_sum{committer="bono_payouts"}'), 2);
  assert.equal(
    moved(before, after, 'ayni_group_commit_batch_size_bucket{le="1",committer="bono_payouts"}'),
    2,
  );
  // The bank's look-ups, per credential: five let through, one of them a miss.
  const credential = `credential="${bankCredentialId}",organisation="BUNIBOLX"`;
  assert.equal(moved(before, after, `ayni_bono_bank_lookups_total{${credential}}`), 5);
  assert.equal(moved(before, after, `ayni_bono_bank_lookup_misses_total{${credential}}`), 1);
});

test('throttle refusals: a sign-in burst, the citizen look-up limit and a bank credential’s limit', async () => {
  const before = (await scrape()).values;

  // Five wrong passwords lock the username: the fifth answer is the lock, and so are the two after.
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const res = await post('/api/session/login', { username: 'lucia.mamani', password: 'not her password' });
    statuses.push(res.status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429, 429]);

  // One CI guessed with wrong dates of birth from one address, until the look-ups are refused.
  const ci = counterPersons[0]!.ciNumber;
  let lookupsRefused = 0;
  for (let day = 1; day <= 8; day++) {
    const res = await post('/api/bono/status', { ciNumber: ci, dateOfBirth: `1950-01-0${day}` });
    assert.ok(res.status === 404 || res.status === 429, `status ${res.status}`);
    if (res.status === 429) lookupsRefused++;
  }
  assert.ok(lookupsRefused >= 1, 'the look-up limit was reached');

  // The bank's budget of misses (one was used by the test before): two more, then refusals.
  const nobody = { ciNumber: '99999998', dateOfBirth: '1970-01-01' };
  const verified: number[] = [];
  for (let i = 0; i < 4; i++) verified.push((await post('/api/bono/verify', nobody, bank)).status);
  assert.deepEqual(verified, [200, 200, 429, 429]);

  const { text, values: after } = await scrape();
  assert.equal(moved(before, after, 'ayni_throttle_refusals_total{limit="sign_in_username"}'), 3);
  assert.equal(moved(before, after, 'ayni_throttle_refusals_total{limit="sign_in_address"}'), 0);
  assert.equal(moved(before, after, 'ayni_throttle_refusals_total{limit="citizen_lookup"}'), lookupsRefused);
  assert.equal(moved(before, after, 'ayni_throttle_refusals_total{limit="bank_credential"}'), 2);
  const credential = `credential="${bankCredentialId}",organisation="BUNIBOLX"`;
  assert.equal(moved(before, after, `ayni_bono_bank_lookups_refused_total{${credential}}`), 2);
  assert.equal(moved(before, after, `ayni_bono_bank_lookup_misses_total{${credential}}`), 2);
  assert.equal(
    moved(
      before,
      after,
      'ayni_http_request_duration_seconds_count{route="/api/session/login",method="POST",status="4xx"}',
    ),
    7,
  );

  // No personal data, no secret: not the CI numbers asked about, not a credential's secret.
  for (const p of counterPersons) assert.ok(!text.includes(p.ciNumber), 'a CI number in /metrics');
  assert.ok(!text.includes('lucia.mamani'), 'a username in /metrics');
  assert.ok(!text.includes(monitoringToken.split('.')[1]!), 'a credential secret in /metrics');
});

test('back-office jobs running: up while one runs, down once it ends', async () => {
  const jobs = runner.queue<string, number>({
    name: 'metrics-test',
    running: 2,
    remembered: 5,
    busy: () => ({ code: 'busy' }),
    keyBusy: () => ({ code: 'key_busy' }),
    measure: () => ({}),
  });
  assert.equal((await scrape()).values.get('ayni_jobs_running'), 0);
  let finish!: (value: number) => void;
  const held = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const started = await jobs.start(
    { kind: 'test', label: 'held open', startedBy: 'account:lucia.mamani', startedAt: clock },
    () => held.then(ok),
  );
  assert.ok(started.ok);
  const job = started.value;
  assert.equal((await scrape()).values.get('ayni_jobs_running'), 1);
  finish(42);
  for (let i = 0; i < 200 && runner.runningHere > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal((await jobs.get(job.id))?.state, 'succeeded');
  assert.equal((await scrape()).values.get('ayni_jobs_running'), 0);
});
