import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { z } from 'zod';
import { createAccess, createCredential } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor, listAuditEntries } from '../../src/audit/index.ts';
import { PayoutDesk } from '../../src/bono/index.ts';
import { bonoApiRoutes } from '../../src/http/bono-api.routes.ts';
import { notFound, onError, respondToFailure } from '../../src/http/error-handler.ts';
import { createRouter, mountRoutes, type RouteMeta, routesOf } from '../../src/routing/route.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { type BonoFixture, createBonoFixture, type FixturePerson } from '../bono/fixtures.ts';

/**
 * The bono's bank and citizen API over HTTP, on a small approved round: verify, pay exactly once
 * (retries recognised, other banks told when and where), same-day reversal by the paying bank only,
 * the citizen's status with its look-up limit. The clock is fixed inside the rezagados period, when
 * every entitled person may collect.
 */

const BASE = 'http://ayni.test';
let clock = new Date('2021-02-01T15:00:00Z');
let f: BonoFixture;
let desk: PayoutDesk;
let http: ReturnType<typeof createRouter>['hono'];
const banks: Record<string, Record<string, string>> = {};
let counterPersons: FixturePerson[];

before(async () => {
  f = await createBonoFixture({ persons: 60 });
  const app: App = {
    // A small limit for the look-ups that find nobody entitled, so a test can reach it.
    config: { ...loadConfig({}), dataDir: f.dir, secureCookies: false, bankMissesPerMinute: 20 },
    db: f.db,
    rejectsDir: path.join(f.dir, 'rejects'),
    close: async () => {},
  };
  const access = createAccess(f.db, {
    now: () => clock,
    secureCookies: false,
    respond: respondToFailure,
  });
  const router = createRouter(access);
  router.hono.use('*', access.authenticate, access.csrf);
  router.hono.onError(onError);
  router.hono.notFound(notFound);
  desk = new PayoutDesk(f.db);
  mountRoutes(router, '/api/bono', bonoApiRoutes(app, access, desk));
  http = router.hono;
  for (const bic of ['BUNIBOLX', 'BNBOBOLX']) {
    const c = await createCredential(f.db, {
      organisation: bic,
      roles: ['bank'],
      actor: cliActor('root'),
      now: clock,
    });
    assert.ok(c.ok);
    banks[bic] = { authorization: `Bearer ${c.value.token}` };
  }
  counterPersons = f.persons.filter((p) => p.channel === 'counter');
});
after(async () => {
  await desk.close();
  await f.dispose();
});

const triple = (p: FixturePerson) => ({
  ciNumber: p.ciNumber,
  complemento: p.complemento,
  dateOfBirth: p.dateOfBirth,
});

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return http.request(`${BASE}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** The answer, checked against the schema the route documents for its status. */
async function documented(res: Response, operationId: string): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  const route = routesOf(http).find((r: RouteMeta) => r.operationId === operationId)!;
  const spec = route.responses[res.status];
  assert.ok(spec && 'schema' in spec, `${operationId} documents ${res.status}`);
  const parsed = (spec.schema as z.ZodType).safeParse(body);
  assert.ok(parsed.success, `${operationId} ${res.status}: ${parsed.success ? '' : parsed.error.message}`);
  return body;
}

const pay = (p: FixturePerson, bic: string, key: string, point = 'Agencia Calacoto') =>
  post('/api/bono/payouts', { ...triple(p), paymentPoint: point }, { ...banks[bic], 'idempotency-key': key });

describe('bank API', () => {
  test('verify: entitled, the amount as a string of centavos, payable now; nobody with the triple is not entitled', async () => {
    const res = await post('/api/bono/verify', triple(counterPersons[0]!), banks['BUNIBOLX']);
    assert.equal(res.status, 200);
    const v = await documented(res, 'verifyEntitlement');
    assert.equal(v['eligible'], true);
    assert.equal(v['amountCentavos'], '100000');
    assert.equal(v['payableNow'], true);
    assert.equal(v['refusal'], null);
    const nobody = await post(
      '/api/bono/verify',
      { ciNumber: '99999999', dateOfBirth: '1970-01-01' },
      banks['BUNIBOLX'],
    );
    assert.equal(
      ((await documented(nobody, 'verifyEntitlement')) as { refusal: string }).refusal,
      'not_entitled',
    );
  });

  test('a person not entitled and nobody at all get the same answer: verify and payout reveal no date of birth', async () => {
    // A person registered after the round: in the registry, not entitled.
    await f.db.query(
      `INSERT INTO person (ci_number, complemento, given_names, first_surname, date_of_birth, sex,
         municipality_code, created_import_id, updated_import_id)
       SELECT '4999001', '', 'Nora', 'Quispe', '1975-06-15', 'F', '020101', min(id), min(id) FROM import_run`,
    );
    const person = { ciNumber: '4999001', dateOfBirth: '1975-06-15' };
    // The same CI with the next day: nobody. Telling the two apart revealed her date of birth.
    const guess = { ciNumber: '4999001', dateOfBirth: '1975-06-16' };
    const verified = [
      await post('/api/bono/verify', person, banks['BUNIBOLX']),
      await post('/api/bono/verify', guess, banks['BUNIBOLX']),
    ];
    assert.deepEqual(
      verified.map((r) => r.status),
      [200, 200],
    );
    const [a, b] = [
      await documented(verified[0]!, 'verifyEntitlement'),
      await documented(verified[1]!, 'verifyEntitlement'),
    ];
    assert.deepEqual(a, b);
    assert.equal(a['refusal'], 'not_entitled');
    const paid = [
      await pay({ ...person, complemento: '' } as FixturePerson, 'BUNIBOLX', 'oracle-000000001'),
      await pay({ ...guess, complemento: '' } as FixturePerson, 'BUNIBOLX', 'oracle-000000002'),
    ];
    assert.deepEqual(
      paid.map((r) => r.status),
      [422, 422],
    );
    const [pa, pb] = [await paid[0]!.json(), await paid[1]!.json()];
    assert.deepEqual(pa, pb);
    assert.equal((pa as { code: string }).code, 'not_entitled');
  });

  test('200 look-ups from one credential at once that find nobody: no more than its limit are checked; reported once', async () => {
    const created = await createCredential(f.db, {
      organisation: 'BUNIBOLX',
      roles: ['bank'],
      description: 'second system',
      actor: cliActor('root'),
      now: clock,
    });
    assert.ok(created.ok);
    const second = { authorization: `Bearer ${created.value.token}` };
    // Entitled persons give their place back: 30 verifications do not use up a limit of 20.
    for (const p of f.persons.slice(30, 60))
      assert.equal((await post('/api/bono/verify', triple(p), second)).status, 200);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const nobody = { ciNumber: String(8_000_000 + i), dateOfBirth: '1980-01-01' };
        return i % 2 === 0
          ? post('/api/bono/verify', nobody, second)
          : post(
              '/api/bono/payouts',
              { ...nobody, paymentPoint: 'Agencia Calacoto' },
              { ...second, 'idempotency-key': `guess-${String(i).padStart(8, '0')}` },
            );
      }),
    );
    const statuses = answers.map((r) => r.status);
    const checked = statuses.filter((s) => s !== 429).length;
    assert.ok(checked <= 20, `${checked} look-ups checked; the limit is 20`);
    assert.equal(checked, 20, statuses.join(' '));
    const limited = answers.find((r) => r.status === 429)!;
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal(((await limited.json()) as { code: string }).code, 'credential_limited');
    // Now even an entitled person waits at this credential; the bank's other credential goes on.
    assert.equal((await post('/api/bono/verify', triple(f.persons[0]!), second)).status, 429);
    assert.equal((await post('/api/bono/verify', triple(f.persons[0]!), banks['BUNIBOLX'])).status, 200);
    // Reported once in the audit trail (and the server's log), not once per refusal.
    const alerts = (await listAuditEntries(f.db, { last: 500 })).filter(
      (e) => e.action === 'credential.limited',
    );
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.entityId, created.value.credential.id);
    assert.equal((alerts[0]!.after as { organisation: string }).organisation, 'BUNIBOLX');
    // A minute later the limit has filled up again.
    clock = new Date(clock.getTime() + 60_000);
    try {
      assert.equal((await post('/api/bono/verify', triple(f.persons[0]!), second)).status, 200);
    } finally {
      clock = new Date(clock.getTime() - 60_000);
    }
  });

  test('pay: the Idempotency-Key is required; a payout is recorded once, a retry gets the same payment', async () => {
    const p = counterPersons[1]!;
    const noKey = await post(
      '/api/bono/payouts',
      { ...triple(p), paymentPoint: 'Agencia Calacoto' },
      banks['BUNIBOLX'],
    );
    assert.equal(noKey.status, 400);
    const issues = ((await noKey.json()) as { issues: { path: string }[] }).issues;
    assert.deepEqual(
      issues.map((i) => i.path),
      ['headers.idempotency-key'],
    );
    const first = await pay(p, 'BUNIBOLX', 'union-000000000001');
    assert.equal(first.status, 201);
    const paid = (await documented(first, 'recordPayout')) as {
      result: string;
      payment: Record<string, unknown>;
    };
    assert.equal(paid.result, 'paid');
    assert.equal(paid.payment['bankBic'], 'BUNIBOLX', 'the bank is the credential’s organisation');
    assert.equal(paid.payment['amountCentavos'], '100000');
    const retry = await pay(p, 'BUNIBOLX', 'union-000000000001');
    assert.equal(retry.status, 200);
    const again = (await documented(retry, 'recordPayout')) as { result: string; payment: { id: number } };
    assert.equal(again.result, 'already_recorded');
    assert.equal(again.payment.id, paid.payment['id']);
  });

  test('another bank paying the same person is refused: 409 already_paid, naming when and where', async () => {
    const p = counterPersons[1]!;
    const res = await pay(p, 'BNBOBOLX', 'bnb-0000000000001', 'Agencia Sopocachi');
    assert.equal(res.status, 409);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const problem = (await res.json()) as {
      type: string;
      title: string;
      status: number;
      detail: string;
      code: string;
      paidElsewhere: Record<string, string>;
    };
    assert.equal(problem.type, 'tag:ayni.bo,2026:problem/already_paid');
    assert.equal(problem.status, 409);
    assert.equal(problem.code, 'already_paid');
    assert.equal(problem.title, 'La persona ya cobró el bono.');
    assert.equal(problem.detail, 'La persona ya cobró el bono.');
    assert.equal(problem.paidElsewhere['bankBic'], 'BUNIBOLX');
    assert.equal(problem.paidElsewhere['paymentPoint'], 'Agencia Calacoto');
    assert.equal(problem.paidElsewhere['paidAt'], clock.toISOString());
  });

  test('many payouts at once from two banks for the same persons: each person paid exactly once', async () => {
    const persons = counterPersons.slice(2, 14);
    const answers = await Promise.all(
      persons.flatMap((p, i) => [
        pay(p, 'BUNIBOLX', `union-race-${String(i).padStart(6, '0')}`),
        pay(p, 'BNBOBOLX', `bnb-race-${String(i).padStart(6, '0')}`),
      ]),
    );
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, persons.length, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 409).length, persons.length, statuses.join(' '));
    const [row] = await f.db.query<{ n: number; people: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT person_id)::int AS people FROM bono_payment WHERE reversed_at IS NULL',
    );
    assert.equal(row!.n, row!.people, 'no person has two live payments');
  });

  test('reversal: only the paying bank, the same day, with a reason; the person may then be paid again', async () => {
    const p = counterPersons[20]!;
    const paid = (await (await pay(p, 'BUNIBOLX', 'union-000000000020')).json()) as {
      payment: { id: number };
    };
    const id = paid.payment.id;
    const byOther = await post(
      `/api/bono/payouts/${id}/reversal`,
      { reason: 'error de cajero' },
      banks['BNBOBOLX'],
    );
    assert.equal(byOther.status, 404);
    assert.equal(((await byOther.json()) as { code: string }).code, 'payment_not_found');
    const noReason = await post(`/api/bono/payouts/${id}/reversal`, { reason: '  ' }, banks['BUNIBOLX']);
    assert.equal(noReason.status, 400);
    const reversed = await post(
      `/api/bono/payouts/${id}/reversal`,
      { reason: 'error de cajero' },
      banks['BUNIBOLX'],
    );
    assert.equal(reversed.status, 200);
    const body = (await documented(reversed, 'reversePayout')) as { payment: { reversalReason: string } };
    assert.equal(body.payment.reversalReason, 'error de cajero');
    assert.equal(
      (await pay(p, 'BNBOBOLX', 'bnb-0000000000020')).status,
      201,
      'paid again after the reversal',
    );

    const q = counterPersons[21]!;
    const other = (await (await pay(q, 'BUNIBOLX', 'union-000000000021')).json()) as {
      payment: { id: number };
    };
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    try {
      const late = await post(
        `/api/bono/payouts/${other.payment.id}/reversal?lang=en`,
        { reason: 'too late' },
        banks['BUNIBOLX'],
      );
      assert.equal(late.status, 409);
      assert.deepEqual(await late.json(), {
        type: 'tag:ayni.bo,2026:problem/reversal_window_closed',
        title: 'A counter payout can only be reversed on the day it was made. File a grievance instead.',
        status: 409,
        detail: 'A counter payout can only be reversed on the day it was made. File a grievance instead.',
        code: 'reversal_window_closed',
      });
    } finally {
      clock = new Date(clock.getTime() - 24 * 3_600_000);
    }
  });

  test('only a bank pays: no credential → 401, an officer’s role → 403', async () => {
    const p = counterPersons[22]!;
    const anonymous = await post(
      '/api/bono/payouts',
      { ...triple(p), paymentPoint: 'x' },
      { 'idempotency-key': 'anon-00000001' },
    );
    assert.equal(anonymous.status, 401);
    const auditor = await createCredential(f.db, {
      organisation: 'CONTRALORIA',
      roles: ['auditor'],
      actor: cliActor('root'),
      now: clock,
    });
    assert.ok(auditor.ok);
    const refused = await pay(p, 'BUNIBOLX', 'x');
    assert.equal(refused.status, 400, 'a bank with a malformed key is told so');
    const asAuditor = await post(
      '/api/bono/payouts',
      { ...triple(p), paymentPoint: 'x' },
      { authorization: `Bearer ${auditor.value.token}`, 'idempotency-key': 'audit-00000001' },
    );
    assert.equal(asAuditor.status, 403);
  });
});

describe('citizen API', () => {
  test('status: entitled, with reasons in Spanish, or English on request; nothing for a wrong detail', async () => {
    const p = counterPersons[23]!;
    const res = await post('/api/bono/status', triple(p));
    assert.equal(res.status, 200);
    const es = (await documented(res, 'citizenStatus')) as { eligible: boolean; reasons: string[] };
    assert.equal(es.eligible, true);
    assert.ok(es.reasons.length > 0);
    const en = await post('/api/bono/status?lang=en', triple(p));
    const enReasons = ((await en.json()) as { reasons: string[] }).reasons;
    assert.notDeepEqual(enReasons, es.reasons, 'the reasons follow the language');
    const wrong = await post('/api/bono/status', { ...triple(p), dateOfBirth: '1900-01-01' });
    assert.equal(wrong.status, 404);
    assert.equal(((await wrong.json()) as { code: string }).code, 'person_not_found');
  });

  test('repeated failed look-ups of one CI are limited: 429 lookups_limited with Retry-After', async () => {
    const p = counterPersons[24]!;
    let last: Response | undefined;
    for (let i = 0; i < 6; i++)
      last = await post('/api/bono/status', { ...triple(p), dateOfBirth: `1901-01-0${i + 1}` });
    assert.equal(last!.status, 429);
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
    assert.equal(((await last!.json()) as { code: string }).code, 'lookups_limited');
    const right = await post('/api/bono/status', triple(p));
    assert.equal(right.status, 429, 'even the right answer waits: guessing must not pay off');
  });

  test('300 dates of birth for one CI sent at once: five are checked, the right one (the 30th) gets 429', async () => {
    const p = counterPersons[25]!;
    const dates = Array.from({ length: 301 }, (_, i) =>
      new Date(Date.UTC(1940, 0, 1 + i)).toISOString().slice(0, 10),
    ).filter((d) => d !== p.dateOfBirth);
    const answers = await Promise.all(
      dates
        .slice(0, 300)
        .map((d, i) => post('/api/bono/status', { ...triple(p), dateOfBirth: i === 29 ? p.dateOfBirth : d })),
    );
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses[29], 429, 'the right date of birth, sent after the limit, is not answered');
    assert.equal(statuses.filter((s) => s === 200).length, 0);
    const checked = statuses.filter((s) => s !== 429).length;
    assert.ok(checked <= 5, `${checked} dates checked; the limit is 5`);
    assert.deepEqual([...new Set(statuses)].sort(), [404, 429]);
  });
});
