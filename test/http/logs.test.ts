import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createAccount, createCredential } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor } from '../../src/audit/index.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { loadConfig, readConfig } from '../../src/shared/config.ts';
import { createLogger } from '../../src/shared/log.ts';
import { type BonoFixture, createBonoFixture, type FixturePerson } from '../bono/fixtures.ts';

/**
 * The server's log (src/shared/log.ts, src/http/request-log.ts), captured line by line while real
 * requests carrying personal data go through the whole server: citizens' look-ups on the API and the
 * portal (with a CI number also in an address and a query), a bank's verification and payout, a
 * sign-in with a wrong password, a grievance, and a bank credential pushed over its limit (a domain's
 * warning). Every line is JSON with the request's id, each request has one access line with the
 * route's pattern, and none of the personal values appears anywhere in the log.
 */

const BASE = 'http://ayni.test';
const PASSWORD = 'correct horse battery staple';
const WRONG_PASSWORD = 'Tr0ub4dor&3-wrong';

let f: BonoFixture;
let http: ReturnType<typeof buildHttpApp>;
const lines: string[] = [];
let bankToken: string;
let citizen: FixturePerson;
let paid: FixturePerson;
/** Every value of personal data or secret the requests carried: none may be logged. */
const secrets: string[] = [];
/** The X-Request-Id of every answer. */
const answeredIds: string[] = [];

async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await http.request(`${BASE}${url}`, init);
  const id = res.headers.get('x-request-id');
  assert.ok(id, `${url} answers X-Request-Id`);
  answeredIds.push(id);
  await res.arrayBuffer();
  return res;
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

const triple = (p: FixturePerson) => ({
  ciNumber: p.ciNumber,
  complemento: p.complemento,
  dateOfBirth: p.dateOfBirth,
});

function tripleForm(p: FixturePerson): Record<string, string> {
  const [year, month, day] = p.dateOfBirth.split('-');
  return {
    ci: p.ciNumber,
    complemento: p.complemento,
    'dob-day': String(Number(day)),
    'dob-month': String(Number(month)),
    'dob-year': year!,
  };
}

async function remember(p: FixturePerson): Promise<void> {
  const [row] = await f.db.query<{ given_names: string; first_surname: string; second_surname: string }>(
    'SELECT given_names, first_surname, second_surname FROM person WHERE id = $1',
    [p.id],
  );
  assert.ok(row);
  const [year, month, day] = p.dateOfBirth.split('-');
  secrets.push(
    p.ciNumber,
    p.dateOfBirth,
    `${day}/${month}/${year}`,
    row.given_names,
    row.first_surname,
    row.second_surname,
  );
  if (p.accountNumber) secrets.push(p.accountNumber);
}

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const accessLines = () => parsed().filter((l) => l['msg'] === 'request');

before(async () => {
  f = await createBonoFixture({ persons: 12 });
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
  const app: App = {
    // A limit of two look-ups a minute that find nobody, so that one test reaches it.
    config: { ...loadConfig({}), dataDir: f.dir, secureCookies: false, bankMissesPerMinute: 2 },
    db: f.db,
    rejectsDir: path.join(f.dir, 'rejects'),
    now: () => f.at,
    log,
    close: async () => {},
  };
  http = buildHttpApp(app);
  const credential = await createCredential(f.db, {
    organisation: 'BUNIBOLX',
    roles: ['bank'],
    actor: cliActor('root'),
    now: f.at,
  });
  assert.ok(credential.ok);
  bankToken = credential.value.token;
  const officer = await createAccount(f.db, {
    username: 'rosa.oficial',
    displayName: 'Rosa Oficial',
    roles: ['bono_officer'],
    password: PASSWORD,
    actor: 'system',
    now: f.at,
  });
  assert.ok(officer.ok);
  const counter = f.persons.filter((p) => p.channel === 'counter');
  citizen = counter[0]!;
  paid = counter[1]!;
  await remember(citizen);
  await remember(paid);
  await remember(f.persons.find((p) => p.channel === 'deposit')!);
  secrets.push(bankToken, bankToken.split('.')[1]!, PASSWORD, WRONG_PASSWORD);
});
after(async () => {
  await closeHttpApp(http);
  await f.dispose();
});

describe('the server log', () => {
  test('requests carrying personal data: none of it is logged, and every line has its request id', async () => {
    const bank = { authorization: `Bearer ${bankToken}` };
    // The citizen's look-up on the API and on the portal; a CI number in an address and in a query.
    assert.equal((await request('/api/bono/status', json(triple(citizen)))).status, 200);
    assert.equal((await request('/bono/estado', form(tripleForm(citizen)))).status, 200);
    await request(`/bono/reclamo/seguimiento?ref=AB12CD34EF56&ci=${citizen.ciNumber}`);
    assert.equal((await request(`/api/bono/persons/${citizen.ciNumber}`)).status, 404);
    // A bank verifies and pays at its counter.
    assert.equal((await request('/api/bono/verify', json(triple(paid), bank))).status, 200);
    const payout = await request(
      '/api/bono/payouts',
      json(
        { ...triple(paid), paymentPoint: 'Agencia Calacoto' },
        { ...bank, 'idempotency-key': 'logs-test-payout-0001' },
      ),
    );
    assert.equal(payout.status, 201);
    // A sign-in with a wrong password (typed, by mistake, where the username goes too).
    const wrong = await request(
      '/api/session/login',
      json({ username: 'rosa.oficial', password: WRONG_PASSWORD }),
    );
    assert.equal(wrong.status, 401);
    await request('/api/session/login', json({ username: WRONG_PASSWORD, password: WRONG_PASSWORD }));
    // A grievance, with its description and the citizen's contact.
    const description = `Mi nombre es ${secrets[3]} ${secrets[4]} y no figuro en la lista.`;
    const contact = 'rosa.mamani.1985@correo.bo, 71234567';
    secrets.push(description, 'rosa.mamani.1985@correo.bo', '71234567');
    const grievance = await request(
      '/bono/reclamo',
      form({ kind: 'not_listed', ...tripleForm(citizen), description, contact }),
    );
    assert.equal(grievance.status, 303, 'filed, then sent to its confirmation page (post-redirect-get)');

    const log = lines.join('');
    for (const value of secrets) assert.ok(!log.includes(value), `the log holds ${JSON.stringify(value)}`);
    for (const line of parsed()) {
      assert.equal(
        typeof line['requestId'],
        'string',
        `a line without its request id: ${JSON.stringify(line)}`,
      );
      assert.ok(answeredIds.includes(line['requestId'] as string), 'the id the request was answered with');
    }
  });

  test('one access line a request: actor, route pattern (never the address), method, status, duration', async () => {
    const byId = new Map(accessLines().map((l) => [l['requestId'], l]));
    assert.equal(accessLines().length, answeredIds.length, 'one access line per request');
    assert.equal(byId.size, answeredIds.length, 'each request its own id');
    const status = byId.get(answeredIds[0])!;
    assert.deepEqual(
      { actor: status['actor'], method: status['method'], route: status['route'], status: status['status'] },
      { actor: 'anonymous', method: 'POST', route: '/api/bono/status', status: 200 },
    );
    assert.equal(typeof status['durationMs'], 'number');
    assert.equal(byId.get(answeredIds[2])!['route'], '/bono/reclamo/seguimiento', 'the query is not logged');
    assert.equal(byId.get(answeredIds[3])!['route'], null, 'a 404: no route, and not the address');
    const verify = byId.get(answeredIds[4])!;
    assert.equal(verify['route'], '/api/bono/verify');
    assert.match(String(verify['actor']), /^credential:ak_[0-9a-f]{16}$/);
    assert.equal(byId.get(answeredIds[6])!['status'], 401);
  });

  test("an officer's requests name the account; a caller's well-formed X-Request-Id is kept", async () => {
    const signIn = await http.request(
      `${BASE}/api/session/login`,
      json({ username: 'rosa.oficial', password: PASSWORD }, { 'x-request-id': 'bank-corr-0001' }),
    );
    assert.equal(signIn.status, 200);
    assert.equal(signIn.headers.get('x-request-id'), 'bank-corr-0001');
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const me = await http.request(`${BASE}/api/session`, { headers: { cookie } });
    assert.equal(me.status, 200);
    const line = accessLines().find((l) => l['requestId'] === me.headers.get('x-request-id'))!;
    assert.equal(line['actor'], 'account:rosa.oficial');
    assert.equal(line['route'], '/api/session');
    assert.ok(accessLines().some((l) => l['requestId'] === 'bank-corr-0001'));
    // Not an id: characters outside letters, digits, '-', '_' and '='; a new one is given.
    const odd = await http.request(`${BASE}/health`, { headers: { 'x-request-id': 'a b<c>' } });
    assert.match(odd.headers.get('x-request-id')!, /^[0-9a-f-]{36}$/);
  });

  test("a domain's warning carries the request id: a bank credential over its limit", async () => {
    const bank = { authorization: `Bearer ${bankToken}` };
    let limited: Response | undefined;
    for (let i = 0; i < 5 && !limited; i++) {
      const nobody = { ciNumber: `9${String(i).padStart(7, '0')}`, dateOfBirth: '1970-01-01' };
      secrets.push(nobody.ciNumber);
      const res = await request('/api/bono/verify', json(nobody, bank));
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, 'the limit was reached');
    const warning = parsed().find((l) => l['level'] === 40);
    assert.ok(warning, 'a warning was logged');
    assert.equal(warning['requestId'], limited.headers.get('x-request-id'));
    assert.match(String(warning['msg']), /went over 2 look-ups a minute/);
    const log = lines.join('');
    for (const value of secrets) assert.ok(!log.includes(value), `the log holds ${JSON.stringify(value)}`);
  });
});

describe('the logger', () => {
  test("a bug's error: type, code, message and stack, digits and dates masked, no other field", () => {
    const captured: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (l: string) => captured.push(l) } });
    const err = Object.assign(new Error('duplicate person 4567890 born 1985-03-07'), {
      code: '23505',
      detail: 'Key (ci_number)=(4567890) already exists.',
    });
    log.error({ err, ciNumber: '4567890', person: { dateOfBirth: '1985-03-07' } }, 'failed');
    const line = JSON.parse(captured[0]!) as { err: Record<string, unknown>; ciNumber: string };
    assert.deepEqual(Object.keys(line.err).sort(), ['code', 'message', 'stack', 'type']);
    assert.equal(line.err['message'], 'duplicate person ####### born ####-##-##');
    assert.equal(line.ciNumber, '[redacted]');
    assert.ok(!captured[0]!.includes('4567890') && !captured[0]!.includes('1985-03-07'));
  });

  test('AYNI_LOG_LEVEL: info by default, one of the levels, silent writes nothing', () => {
    assert.equal(loadConfig({}).logLevel, 'info');
    assert.equal(loadConfig({ AYNI_LOG_LEVEL: 'warn' }).logLevel, 'warn');
    const loud = readConfig({ AYNI_LOG_LEVEL: 'loud' });
    assert.ok(!loud.ok && loud.error.code === 'config_invalid' && loud.error.variable === 'AYNI_LOG_LEVEL');
    const captured: string[] = [];
    const log = createLogger({ level: 'silent', destination: { write: (l: string) => captured.push(l) } });
    log.error('nothing');
    assert.deepEqual(captured, []);
  });
});
