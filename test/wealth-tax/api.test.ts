import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor } from '../../src/audit/index.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { routesOf } from '../../src/routing/route.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { DECLARATION_CSV_HEADER } from '../../src/wealth-tax/index.ts';
import { signIn } from '../helpers/sign-in.ts';
import { must, USD_ASSETS, type WealthTaxFixture, wealthTaxFixture } from './fixture.ts';

/**
 * The wealth-tax API over HTTP, as the tax administration's systems use it: an officer
 * (tax_officer) files and imports declarations and reads a taxpayer's year with the explanation;
 * a collector (tax_collector) records a late payment in US dollars once (201, then 200) and may not
 * file; the officer may not collect; the analyst simulates but reads no declaration; the public
 * figures suppress a department of fewer than 5 payers; a notice comes as a PDF.
 */

const BASE = 'http://ayni.test';
const PASSWORD = 'wealth tax api password';
let f: WealthTaxFixture;
let http: ReturnType<typeof buildHttpApp>;
const sessions: Record<string, { cookie: string; csrf: string }> = {};

function call(who: string, method: string, address: string, body?: unknown) {
  const s = sessions[who]!;
  return http.request(`${BASE}/api/wealth-tax${address}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

before(async () => {
  f = await wealthTaxFixture();
  const config = { ...loadConfig({}), dataDir: f.t.dir, secureCookies: false as const };
  const app: App = {
    config,
    db: f.db,
    rejectsDir: path.join(f.t.dir, 'rejects'),
    now: () => new Date('2021-04-12T14:00:00Z'),
    close: async () => {},
  };
  http = buildHttpApp(app);
  for (const [username, role] of [
    ['sin.fiscal', 'tax_officer'],
    ['sin.caja', 'tax_collector'],
    ['upf.analista', 'tax_analyst'],
  ] as const) {
    const r = await createAccount(f.db, {
      username,
      displayName: username,
      roles: [role],
      password: PASSWORD,
      actor: cliActor('root'),
      now: new Date(),
    });
    assert.ok(r.ok);
    sessions[role] = await signIn(http, username, PASSWORD, { through: 'api', base: BASE });
  }
  for (const nit of ['3100001', '3100002', '3100003', '3100004', '3100005', '3100006']) await f.filer(nit);
});
after(async () => {
  await closeHttpApp(http);
  await f.dispose();
});

test('the routes are in the route table with their permissions (the route × role matrix tests them)', () => {
  const mine = routesOf(http).filter((r) => r.path.startsWith('/api/wealth-tax'));
  const access = Object.fromEntries(mine.map((r) => [r.operationId, JSON.stringify(r.access)]));
  assert.equal(access['wealthTaxYear'], JSON.stringify({ permission: 'wealth_tax.read' }));
  assert.equal(access['wealthTaxFileDeclaration'], JSON.stringify({ permission: 'wealth_tax.assess' }));
  assert.equal(access['wealthTaxPayment'], JSON.stringify({ permission: 'wealth_tax.collect' }));
  assert.equal(access['wealthTaxSimulation'], JSON.stringify({ permission: 'wealth_tax.simulate' }));
  assert.equal(access['wealthTaxPublicFigures'], JSON.stringify({ public: true }));
});

test('an officer files and reads the year with its explanation; the collector may not file', async () => {
  const filing = {
    nit: '3100001',
    fortuneYear: 2020,
    filedOn: '2021-03-20',
    filingKey: 'api:3100001:1',
    declaration: USD_ASSETS,
  };
  const created = await call('tax_officer', 'POST', '/declarations', filing);
  assert.equal(created.status, 201, await created.clone().text());
  const body = (await created.json()) as { assessment: { taxCentavos: string; deadline: string } };
  assert.equal(body.assessment.taxCentavos, String((3_892_000_000n * 140n) / 10_000n - 15_000_000n));
  assert.equal((await call('tax_officer', 'POST', '/declarations', filing)).status, 200);
  const refused = await call('tax_collector', 'POST', '/declarations', { ...filing, filingKey: 'api:x' });
  assert.equal(refused.status, 403);
  const year = await call('tax_officer', 'GET', '/taxpayers/3100001/years/2020');
  assert.equal(year.status, 200);
  const y = (await year.json()) as { explanation: { decisive: string }; versions: unknown[] };
  assert.match(y.explanation.decisive, /^Debe pagar Bs .*Ley 1357, Art\. 5/);
  assert.equal(y.versions.length, 1);
  assert.equal((await call('tax_analyst', 'GET', '/taxpayers/3100001/years/2020')).status, 403);
});

test('a collector records a late payment in dollars once: 201, then 200; the officer may not', async () => {
  const pay = {
    nit: '3100001',
    fortuneYear: 2020,
    paymentId: 'api:bank:1',
    paidOn: '2021-04-12',
    currency: 'USD',
    amount: '56735.63',
  };
  const first = await call('tax_collector', 'POST', '/payments', pay);
  assert.equal(first.status, 201, await first.clone().text());
  const b = (await first.json()) as { charges: { kind: string }[]; balanceCentavos: string };
  // The UFV of 12 April is still the value in force at the deadline: no updating, a fine and interest.
  assert.deepEqual(b.charges.map((c) => c.kind).sort(), ['fine', 'interest']);
  assert.equal((await call('tax_collector', 'POST', '/payments', pay)).status, 200);
  assert.equal(
    (await call('tax_officer', 'POST', '/payments', { ...pay, paymentId: 'api:bank:2' })).status,
    403,
  );
});

test('an import over the API counts read = accepted + rejected', async () => {
  const content = [
    DECLARATION_CSV_HEADER.join(','),
    '3100002,2020,2021-03-20,api:imp:2,,asset,Casa,real_estate,bolivia,,,35000000,,,',
    '3100003,2020,2021-03-20,api:imp:3,,asset,Casa,real_estate,bolivia,,,36000000,,,',
    '3100004,2020,2021-03-20,api:imp:4,,asset,Casa,real_estate,bolivia,,,37000000,,,',
    '3100005,2020,2021-03-20,api:imp:5,,asset,Casa,real_estate,bolivia,,,38000000,,,',
    '3100099,2020,2021-03-20,api:imp:99,,asset,Casa,real_estate,bolivia,,,38000000,,,',
  ].join('\n');
  const r = await call('tax_officer', 'POST', '/imports', { fileName: 'api.csv', content });
  assert.equal(r.status, 201, await r.clone().text());
  const x = (await r.json()) as { rowsRead: number; rowsAccepted: number; rowsRejected: number };
  assert.deepEqual([x.rowsRead, x.rowsAccepted, x.rowsRejected], [5, 4, 1]);
  assert.equal((await call('tax_officer', 'POST', '/imports', { fileName: 'api.csv', content })).status, 200);
});

test('public figures: 5 payers in Santa Cruz are shown, a total alone is never a cell under 5', async () => {
  // Five payers, all registered in department 7 (the fixture's filers): shown with their amounts.
  const open = await http.request(`${BASE}/api/wealth-tax/public/2020`);
  assert.equal(open.status, 200);
  const fig = (await open.json()) as {
    departments: { departmentCode: number; payers: string; taxCentavos: string | null }[];
  };
  const sc = fig.departments.find((d) => d.departmentCode === 7)!;
  assert.equal(sc.payers, '5');
  assert.ok(sc.taxCentavos !== null);
  // A sixth payer in La Paz (department 2) alone: "<5", no amount, and Santa Cruz withheld so that
  // the total does not give La Paz away.
  must(
    await f.register({
      nit: '3200001',
      fullName: 'Otra',
      passport: { number: 'P3200001', country: 'PE' },
      departmentCode: 2,
    }),
  );
  must(await f.residence({ nit: '3200001', fortuneYear: 2020, daysInBolivia: 365 }));
  must(
    await f.file({
      nit: '3200001',
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      filingKey: 'api:3200001',
      declaration: USD_ASSETS,
    }),
  );
  const after = (await (await http.request(`${BASE}/api/wealth-tax/public/2020`)).json()) as typeof fig;
  const lp = after.departments.find((d) => d.departmentCode === 2)!;
  assert.equal(lp.payers, '<5');
  assert.equal(lp.taxCentavos, null);
  assert.equal(after.departments.find((d) => d.departmentCode === 7)!.payers, 'withheld');
  assert.equal(after.departments.find((d) => d.departmentCode === 0)!.payers, '6');
});

test('a notice as PDF; the analyst simulates and gets the law and its reforms', async () => {
  const pdf = await call('tax_officer', 'GET', '/taxpayers/3100001/years/2020/notices/fine?on=2021-04-12');
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString(),
    '%PDF-',
  );
  const early = await call('tax_officer', 'GET', '/taxpayers/3100001/years/2020/notices/fine?on=2021-03-01');
  assert.equal(early.status, 400);
  const sim = await call('tax_analyst', 'GET', '/simulation?households=100000');
  assert.equal(sim.status, 200);
  const s = (await sim.json()) as { results: { scenario: string; payers: number }[] };
  assert.ok(s.results.length >= 2 && s.results[0]!.payers > 0);
});
