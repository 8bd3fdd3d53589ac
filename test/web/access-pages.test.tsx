import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PERMISSION_NAMES, ROLES } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { type AuditEntry, listAuditEntries } from '../../src/audit/index.ts';
import { enabledBanks } from '../../src/bono/index.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { describeFailure, pageMessages } from '../../src/messages/index.ts';
import { loadConfig } from '../../src/shared/config.ts';
import type { IsoDate } from '../../src/shared/dates.ts';
import { LANGS } from '../../src/shared/lang.ts';
import { createOfficer } from '../helpers/back-office.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { parseHtml, textOf } from '../helpers/html.ts';
import { assertPageLanguage, pageShows } from '../helpers/page-language.ts';
import { type Session, signIn } from '../helpers/sign-in.ts';

/**
 * The administrator's pages for accounts, roles and API credentials, and the auditor's audit trail,
 * over HTTP through the server's own app on a real database (issue 16): every change made through
 * the services the CLI uses, so it is audited as the CLI's is; a reader without the permission is
 * refused; the auditor's home offers only what the auditor's roles allow; every page in Spanish
 * and in English, roles in words, never as codes.
 */

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'otra clave larga de cuatro palabras';
let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
let admin: Session;
let auditor: Session;
let officer: Session;

const get = (url: string, o?: Session, headers: Record<string, string> = {}) =>
  http.request(url, { headers: { ...(o ? { cookie: o.cookie } : {}), ...headers } });

/** Posts a form as a browser does: urlencoded, with the session's CSRF token. */
function post(url: string, o: Session | undefined, fields: Record<string, string>, withCsrf = true) {
  const body = new URLSearchParams({ ...fields, ...(o && withCsrf ? { _csrf: o.csrf } : {}) });
  return http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(o ? { cookie: o.cookie } : {}) },
    body: body.toString(),
  });
}

/** Whether a username and password open a session through the sign-in form. */
async function canSignIn(username: string, password: string): Promise<boolean> {
  const res = await post('/oficina/ingresar', undefined, { username, password, next: '/oficina' });
  return res.status === 303;
}

/** The audit entries for one thing (an account's username, a credential's id), oldest first. */
async function auditOf(entityId: string): Promise<AuditEntry[]> {
  return (await listAuditEntries(t.db, { last: 1000 })).filter((e) => e.entityId === entityId);
}

const page = async (res: Response) => {
  assert.equal(res.status, 200, `the page answers: ${res.status}`);
  return res.text();
};

/** The text of an HTML page's main content. */
const mainText = (html: string) => textOf(parseHtml(html).querySelector('main') ?? parseHtml(html));

/** A page less the banks' names: a bank's credential is named by its bank, a proper noun in every language. */
function withoutBankNames(html: string): string {
  let rest = html;
  for (const bank of enabledBanks('2020-12-01' as IsoDate)) rest = rest.replaceAll(bank.name, '');
  return rest;
}

/** Role and permission codes a Spanish page must not show. */
const CODES = [...Object.keys(ROLES), ...PERMISSION_NAMES, 'account:', 'credential:'];

function noCodes(text: string) {
  for (const code of CODES) assert.ok(!pageShows(text, code), `the code «${code}» is shown`);
}

before(async () => {
  t = await createTestDatabase();
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  await createOfficer(t.db, 'admin', ['administrator'], PASSWORD);
  await createOfficer(t.db, 'auditora', ['auditor'], PASSWORD);
  await createOfficer(t.db, 'oficial', ['bono_officer'], PASSWORD);
  admin = await signIn(http, 'admin', PASSWORD);
  auditor = await signIn(http, 'auditora', PASSWORD);
  officer = await signIn(http, 'oficial', PASSWORD);
});
after(async () => {
  await t.dispose();
});

describe('accounts', () => {
  for (const lang of LANGS) {
    const words = pageMessages(lang).access;
    const username = `ana.${lang}`;

    test(`(${lang}) the administrator creates an account that can sign in; the account.created entry names the administrator`, async () => {
      const form = await page(await get(`/oficina/cuentas/nueva?lang=${lang}`, admin));
      const formText = assertPageLanguage(form, lang);
      if (lang === 'es') noCodes(formText);
      const doc = parseHtml(form);
      // Only roles for accounts are offered, in words.
      const offered = doc.querySelectorAll('input[type=checkbox]').map((i) => i.getAttribute('name'));
      assert.deepEqual(
        offered,
        Object.entries(ROLES)
          .filter(([, r]) => (r.holders as readonly string[]).includes('account'))
          .map(([name]) => `rol-${name}`),
      );
      assert.ok(formText.includes(words.roles.bono_officer));

      const res = await post(`/oficina/cuentas?lang=${lang}`, admin, {
        usuario: username,
        nombre: 'Ana Quispe',
        'rol-bono_officer': '1',
        contrasena: PASSWORD,
        repetida: PASSWORD,
      });
      assert.equal(res.status, 303);
      const location = res.headers.get('location')!;
      assert.equal(location, `/oficina/cuentas/${username}?hecho=created&lang=${lang}`);
      const shown = await page(await get(location, admin));
      const text = assertPageLanguage(shown, lang);
      if (lang === 'es') noCodes(text);
      const d = parseHtml(shown);
      assert.equal(d.querySelector('[data-testid=account-roles]')?.text, words.roles.bono_officer);
      assert.equal(d.querySelector('[data-testid=account-state]')?.getAttribute('data-state'), 'active');
      assert.ok(text.includes(words.account.done.created));

      assert.ok(await canSignIn(username, PASSWORD), 'the new account signs in');
      const [created] = await auditOf(username);
      assert.ok(created);
      assert.equal(created.action, 'account.created');
      assert.equal(created.actor, 'account:admin');
      assert.deepEqual((created.after as { roles: string[] }).roles, ['bono_officer']);

      // The list shows it by name, roles in words, its last sign-in.
      const list = await page(await get(`/oficina/cuentas?lang=${lang}`, admin));
      const listText = assertPageLanguage(list, lang);
      if (lang === 'es') noCodes(listText);
      const row = parseHtml(list)
        .querySelectorAll('tbody tr')
        .find((r) => r.querySelectorAll('td')[1]?.text === username);
      assert.ok(row, 'the account is listed');
      const cells = row.querySelectorAll('td, th').map((c) => textOf(c));
      assert.ok(cells.includes('Ana Quispe'));
      assert.ok(cells.includes(words.roles.bono_officer));
      assert.ok(!cells.includes(words.state.never), 'its sign-in is recorded');
    });

    test(`(${lang}) a refused account comes back on the form, its fields kept, the reason on the field`, async () => {
      const weak = await post(`/oficina/cuentas?lang=${lang}`, admin, {
        usuario: 'beto.mamani',
        nombre: 'Beto',
        'rol-auditor': '1',
        contrasena: 'corta',
        repetida: 'corta',
      });
      assert.equal(weak.status, 400);
      const html = await weak.text();
      const text = assertPageLanguage(html, lang);
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('#f-usuario')?.getAttribute('value'), 'beto.mamani');
      assert.equal(doc.querySelector('#f-rol-auditor')?.getAttribute('checked') !== undefined, true);
      assert.equal(doc.querySelector('#f-contrasena')?.getAttribute('aria-invalid'), 'true');
      assert.ok(text.includes(lang === 'es' ? 'al menos 12 caracteres' : 'at least 12 characters'));

      const differ = await post(`/oficina/cuentas?lang=${lang}`, admin, {
        usuario: 'beto.mamani',
        'rol-auditor': '1',
        contrasena: PASSWORD,
        repetida: `${PASSWORD}x`,
      });
      assert.equal(differ.status, 400);
      assert.ok((await differ.text()).includes(words.passwords.differ));

      const taken = await post(`/oficina/cuentas?lang=${lang}`, admin, {
        usuario: username,
        'rol-auditor': '1',
        contrasena: PASSWORD,
        repetida: PASSWORD,
      });
      assert.equal(taken.status, 409);
      assert.equal(
        parseHtml(await taken.text())
          .querySelector('#f-usuario')
          ?.getAttribute('aria-invalid'),
        'true',
      );

      const noRoles = await post(`/oficina/cuentas?lang=${lang}`, admin, {
        usuario: 'beto.mamani',
        contrasena: PASSWORD,
        repetida: PASSWORD,
      });
      assert.equal(noRoles.status, 400);
      assert.equal(
        parseHtml(await noRoles.text())
          .querySelector('#f-roles')
          ?.getAttribute('aria-describedby')
          ?.includes('error'),
        true,
      );

      // A role for systems, forged into the form, is refused without showing its code.
      const forged = await post(`/oficina/cuentas?lang=es`, admin, {
        usuario: 'beto.mamani',
        'rol-bank': '1',
        contrasena: PASSWORD,
        repetida: PASSWORD,
      });
      assert.equal(forged.status, 400);
      noCodes(mainText(await forged.text()));
      assert.deepEqual(await auditOf('beto.mamani'), [], 'nothing refused is recorded');
    });

    test(`(${lang}) the administrator changes the roles, disables (no sign-in), enables and sets a password, each audited`, async () => {
      const roles = await post(`/oficina/cuentas/${username}/roles?lang=${lang}`, admin, {
        'rol-bono_approver': '1',
        'rol-auditor': '1',
      });
      assert.equal(roles.status, 303);
      const shown = await page(await get(roles.headers.get('location')!, admin));
      assert.equal(
        parseHtml(shown).querySelector('[data-testid=account-roles]')?.text,
        `${words.roles.bono_approver}, ${words.roles.auditor}`,
      );
      const none = await post(`/oficina/cuentas/${username}/roles?lang=${lang}`, admin, {});
      assert.equal(none.status, 400, 'an account keeps at least one role');
      assertPageLanguage(await none.text(), lang);

      const disabled = await post(`/oficina/cuentas/${username}/deshabilitar?lang=${lang}`, admin, {});
      assert.equal(disabled.status, 303);
      const disabledPage = await page(await get(disabled.headers.get('location')!, admin));
      assert.equal(
        parseHtml(disabledPage).querySelector('[data-testid=account-state]')?.getAttribute('data-state'),
        'disabled',
      );
      assert.equal(await canSignIn(username, PASSWORD), false, 'a disabled account cannot sign in');

      const enabled = await post(`/oficina/cuentas/${username}/habilitar?lang=${lang}`, admin, {});
      assert.equal(enabled.status, 303);
      assert.ok(await canSignIn(username, PASSWORD));

      const weak = await post(`/oficina/cuentas/${username}/contrasena?lang=${lang}`, admin, {
        contrasena: username,
        repetida: username,
      });
      assert.equal(weak.status, 400);
      assertPageLanguage(await weak.text(), lang);
      const reset = await post(`/oficina/cuentas/${username}/contrasena?lang=${lang}`, admin, {
        contrasena: NEW_PASSWORD,
        repetida: NEW_PASSWORD,
      });
      assert.equal(reset.status, 303);
      assert.equal(await canSignIn(username, PASSWORD), false, 'the old password no longer works');
      assert.ok(await canSignIn(username, NEW_PASSWORD));

      // Locked by failed sign-ins, then unlocked by the administrator.
      for (let i = 0; i < 5; i++) assert.equal(await canSignIn(username, `wrong password ${i}`), false);
      assert.equal(await canSignIn(username, NEW_PASSWORD), false, 'locked out');
      const unlocked = await post(`/oficina/cuentas/${username}/desbloquear?lang=${lang}`, admin, {});
      assert.equal(
        unlocked.headers.get('location'),
        `/oficina/cuentas/${username}?hecho=unlocked&lang=${lang}`,
      );
      assert.ok(
        mainText(await page(await get(unlocked.headers.get('location')!, admin))).includes(
          words.account.done.unlocked,
        ),
      );
      assert.ok(await canSignIn(username, NEW_PASSWORD), 'unlocked');
      const again = await post(`/oficina/cuentas/${username}/desbloquear?lang=${lang}`, admin, {});
      assert.equal(
        again.headers.get('location'),
        `/oficina/cuentas/${username}?hecho=notLocked&lang=${lang}`,
      );

      const actions = (await auditOf(username)).map((e) => [e.action, e.actor]);
      assert.deepEqual(
        actions.filter(([a]) => a?.startsWith('account.')),
        [
          ['account.created', 'account:admin'],
          ['account.roles_changed', 'account:admin'],
          ['account.disabled', 'account:admin'],
          ['account.enabled', 'account:admin'],
          ['account.password_set', 'account:admin'],
          ['account.locked', 'system'],
          ['account.unlocked', 'account:admin'],
          ['account.unlocked', 'account:admin'],
        ],
      );
    });
  }

  test('an unknown account is a 404 page; a change without the CSRF token is refused', async () => {
    const missing = await get('/oficina/cuentas/nadie.aqui', admin);
    assert.equal(missing.status, 404);
    assert.ok((await missing.text()).includes(pageMessages('es').access.account.notFound));
    const forged = await post('/oficina/cuentas/oficial/deshabilitar', admin, {}, false);
    assert.equal(forged.status, 403);
    assert.ok(await canSignIn('oficial', PASSWORD), 'nothing was disabled');
  });

  for (const lang of LANGS) {
    test(`(${lang}) the last enabled administrator can neither be disabled nor lose the role: the page says why in words`, async () => {
      const refusal = describeFailure({ code: 'last_administrator', username: 'admin' }, lang).detail;
      const disabled = await post(`/oficina/cuentas/admin/deshabilitar?lang=${lang}`, admin, {});
      assert.equal(disabled.status, 409);
      const html = await disabled.text();
      assertPageLanguage(html, lang);
      assert.equal(textOf(parseHtml(html).querySelector('.nt.err p')), refusal);
      assert.ok(await canSignIn('admin', PASSWORD), 'the administrator still signs in');

      const demoted = await post(`/oficina/cuentas/admin/roles?lang=${lang}`, admin, { 'rol-auditor': '1' });
      assert.equal(demoted.status, 409);
      const d = parseHtml(await demoted.text());
      assert.equal(textOf(d.querySelector('.nt.err p')), refusal);
      assert.equal(
        d.querySelector('[data-testid=account-roles]')?.text,
        pageMessages(lang).access.roles.administrator,
      );
      assert.ok(
        (await auditOf('admin')).every(
          (e) => e.action !== 'account.disabled' && e.action !== 'account.roles_changed',
        ),
        'a refused change is not audited',
      );
    });

    test(`(${lang}) «nueva», the new-account form's address, is refused as a username on its field`, async () => {
      const res = await post(`/oficina/cuentas?lang=${lang}`, admin, {
        usuario: 'nueva',
        nombre: 'Nueva',
        'rol-auditor': '1',
        contrasena: PASSWORD,
        repetida: PASSWORD,
      });
      assert.equal(res.status, 400);
      const d = parseHtml(await res.text());
      assert.equal(
        textOf(d.querySelector('#f-usuario-error')),
        describeFailure({ code: 'username_reserved', username: 'nueva' }, lang).detail,
      );
      assert.equal((await get('/oficina/cuentas/nueva', admin)).status, 200, 'the address is still the form');
    });
  }
});

describe('credentials', () => {
  for (const lang of LANGS) {
    const words = pageMessages(lang).access;

    test(`(${lang}) any officer issues their own personal credential on the web after typing the password again, as in the CLI`, async () => {
      const home = parseHtml(await page(await get(`/oficina?lang=${lang}`, officer)));
      assert.ok(
        home
          .querySelectorAll('main a')
          .some((a) => a.getAttribute('href') === `/oficina/mi-credencial?lang=${lang}`),
        'the home page leads to it',
      );
      const form = await page(await get(`/oficina/mi-credencial?lang=${lang}`, officer));
      assertPageLanguage(form, lang);
      assert.equal(parseHtml(form).querySelector('#f-contrasena')?.getAttribute('type'), 'password');

      const wrong = await post(`/oficina/mi-credencial?lang=${lang}`, officer, {
        descripcion: 'mi computadora',
        contrasena: 'not the password at all',
      });
      assert.equal(wrong.status, 400);
      const wrongDoc = parseHtml(await wrong.text());
      assert.equal(wrongDoc.querySelector('#f-contrasena')?.getAttribute('aria-invalid'), 'true');
      assert.equal(wrongDoc.querySelector('#f-descripcion')?.getAttribute('value'), 'mi computadora');
      const before = (await listAuditEntries(t.db, { last: 1 }))[0]!.seq;

      const issued = await post(`/oficina/mi-credencial?lang=${lang}`, officer, {
        descripcion: 'mi computadora',
        contrasena: PASSWORD,
      });
      assert.equal(issued.status, 303);
      const location = issued.headers.get('location')!;
      assert.equal(location, `/oficina/mi-credencial/emitida?lang=${lang}`);
      const carried = issued.headers.get('set-cookie')!.split(';')[0]!;
      const id = /=(ak_[0-9a-f]{16})\./.exec(decodeURIComponent(carried))?.[1];
      assert.ok(id, carried);
      const [created] = await listAuditEntries(t.db, { last: 1 });
      assert.ok(created!.seq > before);
      assert.deepEqual(
        [created!.action, created!.actor, created!.entityId],
        ['credential.created', 'account:oficial', id],
      );

      // Nobody else sees it, not even an administrator.
      const other = await page(await get(location, admin, { cookie: `${admin.cookie}; ${carried}` }));
      assert.equal(parseHtml(other).querySelector('[data-testid=credential-token]'), null);
      assert.ok(mainText(other).includes(words.issued.gone));
      const once = await page(await get(location, officer, { cookie: `${officer.cookie}; ${carried}` }));
      const onceText = assertPageLanguage(once, lang);
      if (lang === 'es') noCodes(onceText);
      assert.ok(onceText.includes(words.personal.usage));
      const token = parseHtml(once).querySelector('[data-testid=credential-token]')?.text;
      if (!token?.startsWith(`${id}.`)) assert.fail('the code is shown');
      const me = await get('/api/session', undefined, { authorization: `Bearer ${token}` });
      assert.equal(me.status, 200, 'the code works');
      assert.deepEqual(
        ((await me.json()) as { roles: string[] }).roles,
        ['bono_officer'],
        'it acts as the officer',
      );
      const again = await page(await get(location, officer));
      assert.equal(parseHtml(again).querySelector('[data-testid=credential-token]'), null, 'shown once');
    });

    test(`(${lang}) a credential issued on the form works, its code shown once and never again; revoked, it stops working`, async () => {
      const form = await page(await get(`/oficina/credenciales/nueva?lang=${lang}`, admin));
      assertPageLanguage(form, lang);
      const offered = parseHtml(form)
        .querySelectorAll('input[type=checkbox]')
        .map((i) => i.getAttribute('name'));
      assert.deepEqual(offered, ['rol-auditor', 'rol-bank', 'rol-monitoring']);

      const bad = await post(`/oficina/credenciales?lang=${lang}`, admin, {
        organizacion: 'banco union',
        'rol-bank': '1',
      });
      assert.equal(bad.status, 400);
      const badDoc = parseHtml(await bad.text());
      assert.equal(badDoc.querySelector('#f-organizacion')?.getAttribute('aria-invalid'), 'true');
      assert.equal(badDoc.querySelector('#f-organizacion')?.getAttribute('value'), 'banco union');

      const issued = await post(`/oficina/credenciales?lang=${lang}`, admin, {
        organizacion: 'BUNIBOLX',
        descripcion: 'API de pagos',
        'rol-bank': '1',
      });
      assert.equal(issued.status, 303);
      const location = issued.headers.get('location')!;
      const id = /\/oficina\/credenciales\/(ak_[0-9a-f]{16})\/emitida/.exec(location)?.[1];
      assert.ok(id, location);
      const carried = issued.headers.get('set-cookie')!.split(';')[0]!;
      assert.match(issued.headers.get('set-cookie')!, /HttpOnly/i);
      assert.match(issued.headers.get('set-cookie')!, new RegExp(`Path=/oficina/credenciales/${id}/emitida`));

      const once = await get(location, admin, { cookie: `${admin.cookie}; ${carried}` });
      const onceHtml = await page(once);
      const onceText = assertPageLanguage(onceHtml, lang);
      if (lang === 'es') noCodes(onceText);
      const token = parseHtml(onceHtml).querySelector('[data-testid=credential-token]')?.text;
      if (!token?.startsWith(`${id}.`)) assert.fail('the code is shown');
      assert.ok(onceText.includes(words.issued.warning));
      assert.match(once.headers.get('set-cookie') ?? '', /Max-Age=0/, 'the page deletes the carrying cookie');
      assert.equal(once.headers.get('cache-control'), 'no-store');

      const me = await get('/api/session', undefined, { authorization: `Bearer ${token}` });
      assert.equal(me.status, 200, 'the code works');

      const again = await page(await get(location, admin));
      assert.equal(parseHtml(again).querySelector('[data-testid=credential-token]'), null);
      assert.ok(!again.includes(token), 'the code is not shown again');
      assert.ok(mainText(again).includes(words.issued.gone));

      const list = await page(await get(`/oficina/credenciales?lang=${lang}`, admin));
      const listText = assertPageLanguage(list, lang);
      if (lang === 'es') noCodes(listText);
      assert.ok(!list.includes(token.split('.')[1]!), 'the list never shows a code');
      assert.ok(listText.includes(words.roles.bank));

      const revoked = await post(`/oficina/credenciales/${id}/revocar?lang=${lang}`, admin, {});
      assert.equal(revoked.status, 303);
      const after = await page(await get(revoked.headers.get('location')!, admin));
      assert.ok(mainText(after).includes(words.credentials.revoked(id)));
      const state = parseHtml(after)
        .querySelectorAll('[data-testid=credential-state]')
        .find((s) => s.closest('tr')?.querySelector('code')?.text === id);
      assert.equal(state?.getAttribute('data-state'), 'revoked');
      const refused = await get('/api/session', undefined, { authorization: `Bearer ${token}` });
      assert.equal(refused.status, 401, 'a revoked code is refused');

      const twice = await post(`/oficina/credenciales/${id}/revocar?lang=${lang}`, admin, {});
      assert.equal(twice.status, 409);
      assertPageLanguage(await twice.text(), lang);

      assert.deepEqual(
        (await auditOf(id)).map((e) => [e.action, e.actor]),
        [
          ['credential.created', 'account:admin'],
          ['credential.revoked', 'account:admin'],
        ],
      );
    });
  }
});

describe('who may', () => {
  test('an officer without the permission gets 403 on every page and form; nobody signed in is sent to sign in', async () => {
    for (const url of [
      '/oficina/cuentas',
      '/oficina/cuentas/nueva',
      '/oficina/credenciales',
      '/oficina/bitacora',
    ])
      assert.equal((await get(url, officer)).status, 403, url);
    for (const url of ['/oficina/cuentas', '/oficina/cuentas/oficial/deshabilitar', '/oficina/credenciales'])
      assert.equal((await post(url, officer, {})).status, 403, url);
    const anonymous = await get('/oficina/cuentas');
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location')!, /^\/oficina\/ingresar\?/);
  });

  test('the auditor reads accounts and credentials without a single form, and may change nothing', async () => {
    for (const url of ['/oficina/cuentas', '/oficina/cuentas/oficial', '/oficina/credenciales']) {
      const html = await page(await get(url, auditor));
      const forms = parseHtml(html)
        .querySelectorAll('form')
        .map((f) => f.getAttribute('action'));
      assert.deepEqual(forms, ['/oficina/salir?lang=es'], `${url}: only the sign-out form`);
    }
    for (const url of ['/oficina/cuentas/nueva', '/oficina/credenciales/nueva'])
      assert.equal((await get(url, auditor)).status, 403, url);
    assert.equal((await post('/oficina/cuentas/oficial/deshabilitar', auditor, {})).status, 403);
    assert.equal((await post('/oficina/cuentas/oficial/roles', auditor, { 'rol-auditor': '1' })).status, 403);
    assert.equal(
      (await post('/oficina/credenciales', auditor, { organizacion: 'X', 'rol-auditor': '1' })).status,
      403,
    );
  });

  for (const lang of LANGS) {
    test(`(${lang}) the auditor's home offers only what the auditor's roles allow`, async () => {
      const html = await page(await get(`/oficina?lang=${lang}`, auditor));
      const text = assertPageLanguage(html, lang);
      if (lang === 'es') noCodes(text);
      const doc = parseHtml(html);
      const offered = doc
        .querySelectorAll('[data-permission]')
        .map((li) => li.getAttribute('data-permission'));
      const held = new Set<string>(ROLES.auditor.permissions);
      assert.ok(offered.length > 0);
      for (const p of offered) assert.ok(held.has(p!), `the home offers ${p}, which the auditor lacks`);
      for (const p of PERMISSION_NAMES.filter((p) => !held.has(p)))
        assert.ok(
          !pageShows(text, pageMessages(lang).access.permissions[p]),
          `the home describes «${pageMessages(lang).access.permissions[p]}»`,
        );
      const words = pageMessages(lang);
      for (const old of ['rounds', 'imports', 'deposits', 'grievances'] as const)
        assert.ok(
          !text.includes(words.backoffice.screens[old].description),
          `the ${old} description promises actions`,
        );
      const screens = doc.querySelectorAll('[data-screen]').map((li) => li.getAttribute('data-screen'));
      assert.ok(screens.includes('audit') && screens.includes('accounts'));
      const nav = doc.querySelectorAll('nav a').map((a) => a.text);
      assert.ok(nav.includes(words.access.screens.audit.title), 'the audit trail is in the navigation');
    });
  }

  test("the administrator's home offers managing accounts and credentials; an officer's none of it", async () => {
    const adminHome = parseHtml(await page(await get('/oficina', admin)));
    const offered = adminHome
      .querySelectorAll('[data-permission]')
      .map((li) => li.getAttribute('data-permission'));
    assert.ok(offered.includes('accounts.manage') && offered.includes('credentials.manage'));
    const officerHome = parseHtml(await page(await get('/oficina', officer)));
    assert.deepEqual(
      officerHome.querySelectorAll('[data-screen]').map((li) => li.getAttribute('data-screen')),
      ['registry', 'imports', 'lists', 'identities', 'rounds', 'deposits', 'grievances'],
    );
  });
});

describe('the audit trail', () => {
  for (const lang of LANGS) {
    test(`(${lang}) recent entries by name and in words, and the chain verified`, async () => {
      const html = await page(await get(`/oficina/bitacora?lang=${lang}`, auditor));
      const text = assertPageLanguage(withoutBankNames(html), lang);
      if (lang === 'es') noCodes(text);
      const rows = parseHtml(html).querySelectorAll('tbody tr');
      assert.ok(rows.length > 0 && rows.length <= 50);
      const created = rows.find((r) => r.querySelector('[data-action="account.created"]'));
      assert.ok(created, 'an account.created entry is listed');
      const cells = created.querySelectorAll('td, th').map((c) => textOf(c));
      assert.ok(cells.includes(pageMessages(lang).access.actions['account.created']));
      const byAdmin = rows.find((r) => r.querySelector('[data-action="credential.revoked"]') !== null);
      assert.ok(
        byAdmin?.querySelectorAll('td').some((c) => c.text === 'admin'),
        'the actor by display name',
      );
      const seqs = rows.map((r) => Number(textOf(r.querySelector('td, th')).replace(/[.,]/g, '')));
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => b - a),
        'newest first',
      );

      const verified = await page(await get(`/oficina/bitacora/verificacion?lang=${lang}`, auditor));
      assertPageLanguage(withoutBankNames(verified), lang);
      const v = parseHtml(verified).querySelector('[data-testid=audit-verification]');
      assert.equal(v?.getAttribute('data-ok'), 'true');
      assert.match(
        parseHtml(verified).querySelector('[data-testid=audit-head]')?.text ?? '',
        /^\d+:[0-9a-f]{64}$/,
      );
    });
  }

  test('older entries page back without gaps; the verification of a tampered trail says where it breaks', async () => {
    const all = await listAuditEntries(t.db, { last: 100_000 });
    const last = all.at(-1)!.seq;
    const older = await page(await get(`/oficina/bitacora?antes=${last - 2n}`, admin));
    const seqs = parseHtml(older)
      .querySelectorAll('tbody tr')
      .map((r) => BigInt(textOf(r.querySelector('td, th')).replace(/\./g, '')));
    assert.equal(seqs[0], last - 3n);
    assert.equal(seqs.at(-1), last - 2n - BigInt(Math.min(50, Number(last - 3n))));

    const [changed] = all.filter((e) => e.action === 'account.roles_changed');
    await t.db.exec(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only;
      UPDATE audit_entry SET after = jsonb_set(after, '{roles}', '["administrator"]') WHERE seq = ${changed!.seq};
      ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only;`);
    const html = await page(await get('/oficina/bitacora/verificacion', auditor));
    const v = parseHtml(html).querySelector('[data-testid=audit-verification]');
    assert.equal(v?.getAttribute('data-ok'), 'false');
    const text = assertPageLanguage(html, 'es');
    assert.ok(text.includes(pageMessages('es').access.audit.problem.altered));
    assert.ok(text.includes(`número ${changed!.seq}`));
  });
});
