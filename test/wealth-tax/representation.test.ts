import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createAccount, createPersonalCredential } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor, listAuditEntries } from '../../src/audit/index.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { signIn } from '../helpers/sign-in.ts';
import { must, USD_ASSETS, type WealthTaxFixture, wealthTaxFixture } from './fixture.ts';

/**
 * A taxpayer's representative's own account on the back-office pages (issue #20): an officer
 * records a mandate at /oficina/impuesto-fortunas/mandatos; the representative's list at
 * /oficina/representacion shows only that taxpayer; they file on the web form and see the year
 * (assessment, balance, notices); another taxpayer's year, form and notice are refused with a 403
 * page saying why in Spanish; after the officer revokes the mandate the same pages are refused and
 * the list is empty. The officers' register stays closed to the representative.
 */

const BASE = 'http://ayni.test';
const PASSWORD = 'wealth tax representation password';
const MANDATED = '5200001';
const OTHER = '5200002';
let f: WealthTaxFixture;
let http: ReturnType<typeof buildHttpApp>;
const sessions: Record<string, { cookie: string; csrf: string }> = {};

function get(who: string, address: string) {
  return http.request(`${BASE}${address}`, { headers: { cookie: sessions[who]!.cookie } });
}

function post(who: string, address: string, fields: Record<string, string>) {
  const s = sessions[who]!;
  return http.request(`${BASE}${address}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: s.csrf, ...fields }).toString(),
  });
}

const declarationForm = (key: string) => ({
  clave: key,
  fecha: '2021-03-20',
  a0_descripcion: 'Inmueble en La Paz',
  a0_tipo: 'real_estate',
  a0_ubicacion: 'bolivia',
  a0_moneda: 'BOB',
  a0_monto: '25000000',
  a1_descripcion: 'Cuenta en Miami',
  a1_tipo: 'deposits_and_credits',
  a1_ubicacion: 'abroad',
  a1_moneda: 'USD',
  a1_monto: '2000000',
});

async function refused(res: Response, nit: string): Promise<void> {
  assert.equal(res.status, 403);
  const html = await res.text();
  assert.match(html, /data-refusal="not_mandated"/);
  assert.match(html, new RegExp(`no tiene hoy un mandato vigente del contribuyente con NIT ${nit}`));
  assert.doesNotMatch(html, /not_mandated<|mandate\b|Contribuyente 52/);
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
    ['rep.carla', 'tax_representative'],
  ] as const) {
    must(
      await createAccount(f.db, {
        username,
        displayName: username,
        roles: [role],
        password: PASSWORD,
        actor: cliActor('root'),
        now: new Date(),
      }),
    );
    sessions[role] = await signIn(http, username, PASSWORD, { through: 'api', base: BASE });
  }
  await f.filer(MANDATED);
  await f.filer(OTHER);
  must(
    await f.file({
      nit: OTHER,
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      declaration: USD_ASSETS,
      filingKey: 'sin:other',
    }),
  );
});
after(async () => {
  await closeHttpApp(http);
  await f.dispose();
});

test('without a mandate the representative’s list is empty and every page of a taxpayer is refused', async () => {
  const list = await get('tax_representative', '/oficina/representacion');
  assert.equal(list.status, 200);
  assert.match(await list.text(), /Ningún contribuyente le dio un mandato vigente hoy/);
  await refused(await get('tax_representative', `/oficina/representacion/${OTHER}/2020`), OTHER);
  await refused(
    await get('tax_representative', `/oficina/representacion/${MANDATED}/2020/declaracion`),
    MANDATED,
  );
  await refused(
    await post(
      'tax_representative',
      `/oficina/representacion/${MANDATED}/2020/declaracion`,
      declarationForm('web:rep-1'),
    ),
    MANDATED,
  );
  await refused(
    await get('tax_representative', `/oficina/representacion/${OTHER}/2020/avisos/assessment`),
    OTHER,
  );
  // A NIT nobody registered answers the same: the account learns nothing of the register.
  await refused(await get('tax_representative', '/oficina/representacion/5299999/2020'), '5299999');
  // The officers' pages stay closed to the role.
  assert.equal((await get('tax_representative', `/oficina/impuesto-fortunas/${OTHER}/2020`)).status, 403);
  assert.equal((await get('tax_representative', '/oficina/impuesto-fortunas/mandatos')).status, 403);
  // Nothing was filed for the mandated taxpayer.
  assert.equal((await get('tax_officer', `/oficina/impuesto-fortunas/${MANDATED}/2020`)).status, 404);
});

test('an officer records a mandate; the representative files, sees the year and only that taxpayer', async () => {
  const bad = await post('tax_officer', '/oficina/impuesto-fortunas/mandatos', {
    nit: MANDATED,
    representante: 'rep.carla',
    desde: '2021-05-01',
    hasta: '2021-01-01',
  });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /el fin del mandato \(igual o posterior al inicio\)/);
  const granted = await post('tax_officer', '/oficina/impuesto-fortunas/mandatos', {
    nit: MANDATED,
    representante: 'rep.carla',
    desde: '2021-01-01',
    hasta: '2021-12-31',
  });
  assert.equal(granted.status, 303);
  const page = await (await get('tax_officer', '/oficina/impuesto-fortunas/mandatos?nota=registrado')).text();
  assert.match(page, /Mandato registrado/);
  assert.match(page, /rep\.carla/);
  assert.match(page, /Vigente/);
  // The list: the mandated taxpayer, not the other.
  const list = await (await get('tax_representative', '/oficina/representacion?gestion=2020')).text();
  assert.match(list, new RegExp(`/oficina/representacion/${MANDATED}/2020`));
  assert.doesNotMatch(list, new RegExp(OTHER));
  // The form, then the filing (post/redirect/get), then the year with the assessment and balance.
  const form = await get('tax_representative', `/oficina/representacion/${MANDATED}/2020/declaracion`);
  assert.equal(form.status, 200);
  assert.match(await form.text(), new RegExp(`action="/oficina/representacion/${MANDATED}/2020/declaracion`));
  const filed = await post(
    'tax_representative',
    `/oficina/representacion/${MANDATED}/2020/declaracion`,
    declarationForm('web:rep-2'),
  );
  assert.equal(filed.status, 303);
  assert.equal(
    filed.headers.get('location'),
    `/oficina/representacion/${MANDATED}/2020?declaracion=presentada&lang=es`,
  );
  const year = await get(
    'tax_representative',
    `/oficina/representacion/${MANDATED}/2020?declaracion=presentada`,
  );
  assert.equal(year.status, 200);
  const html = await year.text();
  assert.match(html, /data-testid="balance"/);
  assert.match(html, /Ley 1357/);
  assert.match(html, new RegExp(`/oficina/representacion/${MANDATED}/2020/avisos/assessment`));
  assert.doesNotMatch(html, /name="referencia"/, 'no payment form for a representative');
  const pdf = await get('tax_representative', `/oficina/representacion/${MANDATED}/2020/avisos/assessment`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  // The other taxpayer is still out of reach.
  await refused(await get('tax_representative', `/oficina/representacion/${OTHER}/2020`), OTHER);
  const entries = await listAuditEntries(f.db, { last: 100 });
  assert.ok(
    entries.some((e) => e.action === 'wealth_tax_declaration.filed' && e.actor === 'account:rep.carla'),
  );
  assert.ok(
    entries.some((e) => e.action === 'wealth_tax_mandate.granted' && e.actor === 'account:sin.fiscal'),
  );
});

test('after the officer revokes the mandate, the same pages are refused and the list is empty', async () => {
  const page = await (await get('tax_officer', '/oficina/impuesto-fortunas/mandatos')).text();
  const id = /data-testid="mandate-(\d+)"/.exec(page)?.[1];
  assert.ok(id, 'the mandate in force is listed');
  const noReason = await post('tax_officer', '/oficina/impuesto-fortunas/mandatos/revocar', {
    numero: id,
    motivo: '',
  });
  assert.equal(noReason.status, 400);
  const revoked = await post('tax_officer', '/oficina/impuesto-fortunas/mandatos/revocar', {
    numero: id,
    motivo: 'El contribuyente revocó el poder',
  });
  assert.equal(revoked.status, 303);
  const again = await post('tax_officer', '/oficina/impuesto-fortunas/mandatos/revocar', {
    numero: id,
    motivo: 'otra vez',
  });
  assert.equal(again.status, 409);
  assert.match(await again.text(), /ya estaba revocado/);
  await refused(await get('tax_representative', `/oficina/representacion/${MANDATED}/2020`), MANDATED);
  await refused(
    await post('tax_representative', `/oficina/representacion/${MANDATED}/2020/declaracion`, {
      ...declarationForm('web:rep-3'),
      rectificar: '1',
      motivo: 'Corrección',
    }),
    MANDATED,
  );
  await refused(
    await get('tax_representative', `/oficina/representacion/${MANDATED}/2020/avisos/assessment`),
    MANDATED,
  );
  assert.match(
    await (await get('tax_representative', '/oficina/representacion')).text(),
    /Ningún contribuyente le dio un mandato vigente hoy/,
  );
  // The officer still reads the year the representative filed.
  assert.equal((await get('tax_officer', `/oficina/impuesto-fortunas/${MANDATED}/2020`)).status, 200);
});

test('the API: officers grant and revoke, the representative reaches only the mandated taxpayer', async () => {
  const api = (who: string, method: string, address: string, body?: unknown) => {
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
  };
  const NIT = '5200003';
  await f.filer(NIT);
  const filing = (key: string) => ({
    nit: NIT,
    fortuneYear: 2020,
    filedOn: '2021-03-20',
    filingKey: key,
    declaration: USD_ASSETS,
  });
  const refusedApi = async (res: Response) => {
    assert.equal(res.status, 403);
    const body = (await res.json()) as { code: string; detail?: string; message?: string };
    assert.equal(body.code, 'not_mandated');
  };
  await refusedApi(await api('tax_representative', 'POST', '/represented/declarations', filing('api:rep:1')));
  await refusedApi(await api('tax_representative', 'GET', `/represented/${NIT}/years/2020`));
  // The representative may not grant themselves a mandate.
  assert.equal(
    (
      await api('tax_representative', 'POST', '/mandates', {
        nit: NIT,
        representative: 'rep.carla',
        validFrom: '2021-01-01',
      })
    ).status,
    403,
  );
  const granted = await api('tax_officer', 'POST', '/mandates', {
    nit: NIT,
    representative: 'rep.carla',
    validFrom: '2021-01-01',
  });
  assert.equal(granted.status, 201);
  const mandate = (await granted.json()) as { id: string; inForceToday: boolean; validTo: string | null };
  assert.equal(mandate.inForceToday, true);
  assert.equal(mandate.validTo, null);
  const list = (await (await api('tax_representative', 'GET', '/represented')).json()) as {
    taxpayers: { nit: string }[];
  };
  assert.deepEqual(
    list.taxpayers.map((t) => t.nit),
    [NIT],
  );
  // The representative's personal credential (a script of theirs) acts as the same account: its
  // principal id is the credential's, the mandate names the username.
  const personal = await createPersonalCredential(f.db, {
    username: 'rep.carla',
    actor: 'account:rep.carla',
    now: new Date(),
  });
  assert.ok(personal.ok);
  const viaToken = await http.request(`${BASE}/api/wealth-tax/represented`, {
    headers: { authorization: `Bearer ${personal.value.token}` },
  });
  assert.equal(viaToken.status, 200);
  assert.deepEqual(
    ((await viaToken.json()) as { taxpayers: { nit: string }[] }).taxpayers.map((t) => t.nit),
    [NIT],
  );
  const filed = await api('tax_representative', 'POST', '/represented/declarations', filing('api:rep:2'));
  assert.equal(filed.status, 201);
  const year = await api('tax_representative', 'GET', `/represented/${NIT}/years/2020`);
  assert.equal(year.status, 200);
  assert.equal(((await year.json()) as { versions: unknown[] }).versions.length, 1);
  const notice = await api(
    'tax_representative',
    'GET',
    `/represented/${NIT}/years/2020/notices/assessment?format=html`,
  );
  assert.equal(notice.status, 200);
  await refusedApi(await api('tax_representative', 'GET', `/represented/${OTHER}/years/2020`));
  const revoked = await api('tax_officer', 'POST', `/mandates/${mandate.id}/revoke`, { reason: 'Revocado' });
  assert.equal(revoked.status, 200);
  assert.equal(((await revoked.json()) as { revoked: boolean }).revoked, true);
  assert.equal(
    (await api('tax_officer', 'POST', `/mandates/${mandate.id}/revoke`, { reason: 'x' })).status,
    409,
  );
  await refusedApi(await api('tax_representative', 'GET', `/represented/${NIT}/years/2020`));
  await refusedApi(await api('tax_representative', 'POST', '/represented/declarations', filing('api:rep:2')));
  await refusedApi(
    await api('tax_representative', 'GET', `/represented/${NIT}/years/2020/notices/assessment`),
  );
  assert.deepEqual(
    ((await (await api('tax_representative', 'GET', '/represented')).json()) as { taxpayers: unknown[] })
      .taxpayers,
    [],
  );
});
