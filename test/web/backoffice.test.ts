import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { fileGrievance } from '../../src/bono/index.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { uploadImport } from '../helpers/back-office.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type Session as Officer, signIn } from '../helpers/sign-in.ts';
import { fixturesDir, schemasDir } from '../interchange/testdata.ts';

/**
 * The back office over HTTP, through the server's own app (buildHttpApp) on a real database: sign-in
 * and lock-out, roles (each screen only for the roles that need it), an upload import followed to
 * its counts on a self-refreshing progress page, a round created in the background (one at a time)
 * by one officer and approved by another (never by its creator), deposit files generated in the
 * background, a grievance reviewed with its rule trace, Spanish and English.
 */

const PASSWORD = 'correct horse battery staple';
let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;

const PERSONS_CSV = [
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death',
  '4567890,,LP,Juana,Mamani,Quispe,1980-05-01,F,020101,BO,',
  '4567890,1A,LP,Juan Carlos,Mamani,,1975-01-31,M,020101,BO,',
  '5123456,,CB,Rosa,Flores,Choque,1990-02-30,F,030101,BO,',
  '6234567,,SC,Pedro,Rojas,Vaca,1962-11-20,M,070101,BO,',
  '7345678,,LP,Ana,Quispe,Limachi,1995-07-14,F,020101,BO,',
].join('\n');

const get = (url: string, o?: Officer, headers: Record<string, string> = {}) =>
  http.request(url, { headers: { ...(o ? { cookie: o.cookie } : {}), ...headers } });

/** Posts a form the way a browser does: urlencoded, with the session's CSRF token. */
function post(url: string, o: Officer | undefined, fields: Record<string, string>, withCsrf = true) {
  const body = new URLSearchParams({ ...fields, ...(o && withCsrf ? { _csrf: o.csrf } : {}) });
  return http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(o ? { cookie: o.cookie } : {}) },
    body: body.toString(),
  });
}

const BONO_UNIVERSAL_CSV = [
  'ci_number,complemento,date_of_birth',
  '4567890,,1980-05-01',
  '4567890,1A,1975-01-31',
  '7345678,,1995-07-14',
].join('\n');

/** Uploads a file on the imports page; returns where the browser is sent (the progress page). */
const upload = (o: Officer, kind: string, name: string, content: string) =>
  uploadImport(http, o, { kind, name, content });

/** Follows a progress page until it stops refreshing itself; returns its last HTML. */
async function followProgress(o: Officer, location: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const res = await get(location, o);
    assert.equal(res.status, 200);
    const html = await res.text();
    if (!html.includes('http-equiv="refresh"')) return html;
    assert.match(html, /<meta http-equiv="refresh" content="2"\/?>/);
    await sleep(100);
  }
  assert.fail('the import did not finish');
}

/**
 * Follows a background job's progress page the way a browser does (it reloads itself): until it
 * sends the reader on (done: the redirect's location) or stops refreshing (failed: its HTML).
 * `said` collects what the running pages showed (the step or phase).
 */
async function followJob(
  o: Officer,
  location: string,
): Promise<{ next: string | null; html: string; said: string[] }> {
  const said: string[] = [];
  for (let i = 0; i < 600; i++) {
    const res = await get(location, o);
    if (res.status === 303) return { next: res.headers.get('location'), html: '', said };
    assert.equal(res.status, 200);
    const html = await res.text();
    if (!html.includes('http-equiv="refresh"')) return { next: null, html, said };
    assert.match(html, /<meta http-equiv="refresh" content="2"\/?>/);
    const step = /data-testid="(?:round-step|export-phase)"[^>]*>([^<]+)</.exec(html)?.[1];
    assert.ok(step, 'a running job’s page says what it is doing');
    said.push(step);
    await sleep(50);
  }
  assert.fail('the job did not finish');
}

before(async () => {
  t = await createTestDatabase();
  const config = {
    ...loadConfig({}),
    dataDir: t.dir,
    secureCookies: false as const,
    iso20022Schemas: schemasDir,
  };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  const now = new Date();
  for (const [username, roles] of [
    ['oficial', ['bono_officer']],
    ['aprobador', ['bono_approver']],
    ['auditora', ['auditor']],
    ['ambos', ['bono_officer', 'bono_approver']],
  ] as const) {
    const r = await createAccount(t.db, {
      username,
      displayName: username,
      roles,
      password: PASSWORD,
      actor: 'system',
      now,
    });
    assert.ok(r.ok, `account ${username}`);
  }
});
after(async () => {
  await t.dispose();
});

describe('sign-in', () => {
  test('anonymous readers are sent to the sign-in form, which brings them back', async () => {
    const res = await get('/oficina/rondas');
    assert.equal(res.status, 303);
    const location = res.headers.get('location')!;
    assert.match(location, /^\/oficina\/ingresar\?/);
    assert.equal(new URL(location, 'http://x').searchParams.get('next'), '/oficina/rondas');
    const form = await get(location);
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.match(html, /<html lang="es">/);
    assert.match(html, /Ingresar a la oficina/);
    assert.match(html, /<label for="f-username">Usuario<\/label>/);
    assert.match(html, /name="next" value="\/oficina\/rondas"/);
    // The same form in English.
    const en = await (await get('/oficina/ingresar?lang=en')).text();
    assert.match(en, /<html lang="en">/);
    assert.match(en, /Sign in to the back office/);
    // After signing in, the officer lands where they were going, in their language.
    const signed = await post('/oficina/ingresar?lang=en', undefined, {
      username: 'auditora',
      password: PASSWORD,
      next: '/oficina/rondas',
    });
    assert.equal(signed.status, 303);
    assert.equal(signed.headers.get('location'), '/oficina/rondas?lang=en');
    // A return address outside the back office is not followed.
    const elsewhere = await post('/oficina/ingresar', undefined, {
      username: 'auditora',
      password: PASSWORD,
      next: '//evil.example/x',
    });
    assert.equal(elsewhere.headers.get('location'), '/oficina?lang=es');
  });

  test('a wrong password is refused on the form; repeated failures lock the username with a message', async () => {
    const wrong = await post('/oficina/ingresar', undefined, {
      username: 'ambos',
      password: 'not the password at all',
    });
    assert.equal(wrong.status, 401);
    const html = await wrong.text();
    assert.match(html, /Usuario o contraseña incorrectos/);
    assert.match(html, /value="ambos"/, 'the username is kept');
    assert.equal(wrong.headers.get('set-cookie'), null);
    const empty = await post('/oficina/ingresar', undefined, { username: '', password: '' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Escriba su usuario/);

    for (let i = 0; i < 4; i++)
      await post('/oficina/ingresar', undefined, { username: 'nadie.aqui', password: `wrong password ${i}` });
    const locked = await post('/oficina/ingresar?lang=en', undefined, {
      username: 'nadie.aqui',
      password: 'x',
    });
    assert.equal(locked.status, 429);
    assert.ok(locked.headers.get('retry-after'));
    assert.match(await locked.text(), /Too many failed attempts for this username/);
  });

  test('signing out ends the session', async () => {
    const o = await signIn(http, 'auditora', PASSWORD);
    const out = await post('/oficina/salir', o, {});
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/oficina/salida?lang=es');
    assert.match(await (await get(out.headers.get('location')!)).text(), /Salió de la oficina/);
    const after = await get('/oficina', o);
    assert.equal(after.status, 303, 'the old cookie no longer opens the back office');
  });

  test('a form post without the session’s CSRF token is refused', async () => {
    const o = await signIn(http, 'oficial', PASSWORD);
    const res = await post('/oficina/rondas', o, { nota: 'x' }, false);
    assert.equal(res.status, 403);
  });
});

describe('the back office at work', () => {
  let oficial: Officer;
  let aprobador: Officer;
  let auditora: Officer;
  let ambos: Officer;

  before(async () => {
    oficial = await signIn(http, 'oficial', PASSWORD);
    aprobador = await signIn(http, 'aprobador', PASSWORD);
    auditora = await signIn(http, 'auditora', PASSWORD);
    ambos = await signIn(http, 'ambos', PASSWORD);
  });

  test('the home page lists only the screens each role may use', async () => {
    const forOfficer = await (await get('/oficina', oficial)).text();
    for (const s of ['Registro', 'Importaciones', 'Listas', 'Rondas', 'Depósitos', 'Reclamos'])
      assert.match(forOfficer, new RegExp(`>${s}</a>`));
    assert.ok(Buffer.byteLength(forOfficer) < 100_000);
    // An administrator manages accounts, and does no programme work: only the access screens.
    const admin = await createAccount(t.db, {
      username: 'admin1',
      displayName: 'admin1',
      roles: ['administrator'],
      password: PASSWORD,
      actor: 'system',
      now: new Date(),
    });
    assert.ok(admin.ok);
    const a = await signIn(http, 'admin1', PASSWORD);
    const forAdmin = await (await get('/oficina', a)).text();
    for (const s of ['Cuentas', 'Credenciales', 'Bitácora']) assert.match(forAdmin, new RegExp(`>${s}</a>`));
    assert.doesNotMatch(forAdmin, />Rondas<\/a>/);
    assert.equal((await get('/oficina/registro', a)).status, 403);
  });

  test('an upload import runs in the background; its progress page ends with the counts', async () => {
    const form = await get('/oficina/importaciones', oficial);
    assert.equal(form.status, 200);
    const formHtml = await form.text();
    assert.match(formHtml, /enctype="multipart\/form-data"/);
    assert.match(formHtml, /<label for="f-archivo">/);
    // The auditor sees past imports, not the upload form.
    assert.doesNotMatch(await (await get('/oficina/importaciones', auditora)).text(), /name="archivo"/);

    const started = await upload(oficial, 'persons', 'padron.csv', PERSONS_CSV);
    assert.equal(started.status, 303);
    const progress = started.headers.get('location')!;
    assert.match(progress, /^\/oficina\/importaciones\/trabajos\/[A-Za-z0-9_-]{22}/);
    let html = await followProgress(oficial, progress);
    const n = (id: string) => new RegExp(`data-testid="${id}">([0-9.]+)<`).exec(html)?.[1];
    assert.equal(n('rows-read'), '5');
    assert.equal(n('rows-accepted'), '4');
    assert.equal(n('rows-rejected'), '1');
    assert.equal(n('rows-inserted'), '4');
    // The rejects file names the line and why.
    const link = /href="(\/oficina\/importaciones\/[0-9]+\/rechazos[^"]*)"/.exec(html)?.[1];
    assert.ok(link, 'a link to the rejects file');
    const rejects = await get(link.replace(/&amp;/g, '&'), auditora);
    assert.equal(rejects.status, 200);
    assert.match(rejects.headers.get('content-type')!, /text\/csv/);
    // A download of the server's own file: never cached, never sniffed, named by the import.
    assert.equal(rejects.headers.get('cache-control'), 'no-store');
    assert.equal(rejects.headers.get('x-content-type-options'), 'nosniff');
    assert.match(
      rejects.headers.get('content-disposition')!,
      /^attachment; filename="import-\d+-rejects\.csv"$/,
    );
    assert.match(await rejects.text(), /^line,reason,content\n4,.*1990-02-30/);
    // The uploaded file itself (personal data) is not kept.
    assert.deepEqual(await readdir(path.join(t.dir, 'uploads')), []);
    // The import is among past imports.
    assert.match(await (await get('/oficina/importaciones', auditora)).text(), /padron\.csv/);
    // The same file again changes nothing, and says so.
    const again = await upload(oficial, 'persons', 'copia.csv', PERSONS_CSV);
    assert.match(await followProgress(oficial, again.headers.get('location')!), /ya fue importado/);
    // A source list: it becomes the list in force.
    const list = await upload(oficial, 'bono-universal', 'bono-universal.csv', BONO_UNIVERSAL_CSV);
    html = await followProgress(oficial, list.headers.get('location')!);
    assert.equal(n('rows-accepted'), '3');
    // A file with the wrong header fails whole, with the reason, and leaves the list as it was.
    const wrong = await upload(oficial, 'disability', 'discapacidad.csv', BONO_UNIVERSAL_CSV);
    const failed = await followProgress(oficial, wrong.headers.get('location')!);
    assert.match(failed, /La importación falló y el registro quedó como estaba/);
    assert.match(failed, /degree/, 'the reason names the missing column');
    const lists = await (await get('/oficina/listas', auditora)).text();
    assert.match(lists, /bono-universal\.csv/);
    // A form without a file comes back with the message next to the field.
    const noFile = new FormData();
    noFile.set('_csrf', oficial.csrf);
    noFile.set('tipo', 'persons');
    const refused = await http.request('/oficina/importaciones', {
      method: 'POST',
      headers: { cookie: oficial.cookie },
      body: noFile,
    });
    assert.equal(refused.status, 400);
    const refusedHtml = await refused.text();
    assert.match(refusedHtml, /Elija un archivo CSV/);
    assert.match(refusedHtml, /role="alert"/);
  });

  test('a failed import shows a short, printable reason: the header found (capped) and the one expected', async () => {
    const huge = `${'y'.repeat(1024 * 1024)},${Array.from({ length: 50 }, (_, i) => `c${i}`).join(',')}\n1,2\n`;
    const started = await upload(oficial, 'persons', 'enorme.csv', huge);
    assert.equal(started.status, 303);
    const progress = started.headers.get('location')!;
    const page = await followProgress(oficial, progress);
    assert.ok(Buffer.byteLength(page) < 20_000, `a page of ${Buffer.byteLength(page)} bytes`);
    assert.match(page, /La importación falló y el registro quedó como estaba/);
    assert.match(page, /La primera línea del archivo debe ser su encabezado/, 'a plain explanation');
    assert.match(page, /ci_number,complemento,expedition,given_names/, 'the header expected');
    assert.match(page, /y{59}…/, 'a long name is cut, and says so');
    assert.doesNotMatch(page, /y{60}/);
    assert.match(page, /y 41 más/, 'how many names were not listed');
    assert.ok(!page.includes(t.dir), 'no server path on the page');
    const inEnglish = new URL(progress, 'http://x');
    inEnglish.searchParams.set('lang', 'en');
    const english = await (await get(`${inEnglish.pathname}${inEnglish.search}`, oficial)).text();
    assert.match(english, /The first line of the file must be its header/);
    // The import's own page shows the failure as short.
    const [run] = await t.db.query<{ id: bigint }>(
      `SELECT id FROM import_run WHERE file_name = 'enorme.csv'`,
    );
    const runPage = await (await get(`/oficina/importaciones/${run!.id}`, auditora)).text();
    assert.ok(Buffer.byteLength(runPage) < 20_000, `a page of ${Buffer.byteLength(runPage)} bytes`);
    assert.doesNotMatch(runPage, /y{60}/);

    // Garbage bytes: at most 10 "names", printable, none longer than 60 characters.
    const garbage = Buffer.alloc(32 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    for (let i = 300; i < garbage.length; i += 300) garbage[i] = 0x2c;
    for (let i = 0; i < garbage.length; i++) if (garbage[i] === 0x0a) garbage[i] = 0x20;
    const bad = await upload(oficial, 'persons', 'basura.csv', `${garbage.toString('latin1')}\n`);
    const garbled = await followProgress(oficial, bad.headers.get('location')!);
    assert.ok(Buffer.byteLength(garbled) < 20_000, `a page of ${Buffer.byteLength(garbled)} bytes`);
    assert.doesNotMatch(
      garbled,
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/,
      'no control characters',
    );
    const listed = /<ul data-testid="header-found">(.*?)<\/ul>/s.exec(garbled)?.[1] ?? '';
    const names = [...listed.matchAll(/<li>/g)].length;
    assert.ok(names > 0 && names <= 10, `${names} names listed`);
  });

  test('registry search by CI shows the person; the complemento tells two persons apart', async () => {
    const both = await (await get('/oficina/registro?ci=4567890', auditora)).text();
    assert.match(both, /2 personas tienen este número de CI/);
    const one = await (await get('/oficina/registro?ci=4567890&complemento=1a', oficial)).text();
    assert.match(one, /Juan Carlos Mamani/);
    assert.doesNotMatch(one, /Juana/);
    assert.match(one, /Beneficiarios del Bono Universal/);
    const pedro = await (await get('/oficina/registro?ci=6234567', oficial)).text();
    assert.match(pedro, /No figura en ninguna lista vigente/);
    const bad = await get('/oficina/registro?ci=45x', oficial);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /solo cifras/);
    assert.match(await (await get('/oficina/registro?ci=9999999', oficial)).text(), /No hay ninguna persona/);
  });

  test('one officer creates a round, nobody approves their own, a second officer approves it', async () => {
    // The auditor reads rounds but cannot create one.
    assert.equal((await get('/oficina/rondas', auditora)).status, 200);
    assert.equal((await get('/oficina/rondas/nueva', auditora)).status, 403);
    assert.equal((await post('/oficina/rondas', auditora, { 'fecha-day': '1' })).status, 403);
    assert.doesNotMatch(await (await get('/oficina/rondas', auditora)).text(), /Crear una ronda/);

    const date = { 'fecha-day': '1', 'fecha-month': '12', 'fecha-year': '2020' };
    const badDate = await post('/oficina/rondas', ambos, {
      'fecha-day': '31',
      'fecha-month': '2',
      'fecha-year': '2020',
    });
    assert.equal(badDate.status, 400);
    assert.match(await badDate.text(), /Escriba una fecha válida/);

    // An officer holding both roles creates round 1 (and cannot approve it). The round is made in
    // the background; a double click starts one creation, and the second post is refused with a
    // link to the first one's progress.
    const form = await get('/oficina/rondas/nueva', ambos);
    assert.equal(form.status, 200);
    const posts = await Promise.all([
      post('/oficina/rondas', ambos, { ...date, nota: 'Primera ronda' }),
      post('/oficina/rondas', ambos, { ...date, nota: 'Primera ronda' }),
    ]);
    const created = posts.find((r) => r.status === 303);
    const busy = posts.find((r) => r.status === 409);
    assert.ok(created && busy, `one creation starts, the other is refused: ${posts.map((r) => r.status)}`);
    const creation = created.headers.get('location')!;
    assert.match(creation, /^\/oficina\/rondas\/trabajos\/[A-Za-z0-9_-]{22}\?lang=es$/);
    const busyHtml = await busy.text();
    assert.match(busyHtml, /Ya se está creando una ronda desde esta oficina/);
    assert.ok(busyHtml.includes(`href="${creation}"`), 'the refusal links to the running creation');
    const first = await followJob(ambos, creation);
    for (const step of first.said) assert.match(step, /^(Preparando|Leyendo|Aplicando|Calculando)/);
    assert.match(first.next ?? '', /^\/oficina\/rondas\/1\?hecho=creada/);
    assert.match(await (await get(first.next!, ambos)).text(), /Ronda creada y congelada/);
    // Only those who may create a round follow its creation; a job not (or no longer) recorded.
    assert.equal((await get(creation, auditora)).status, 403);
    const gone = await get('/oficina/rondas/trabajos/AAAAAAAAAAAAAAAAAAAAAA', ambos);
    assert.equal(gone.status, 404);
    assert.match(await gone.text(), /No hay ningún avance en esta dirección/);
    const own = await post('/oficina/rondas/1/aprobar', ambos, { nota: '' });
    assert.equal(own.status, 409);
    const ownHtml = await own.text();
    assert.match(ownHtml, /Usted creó la ronda 1 y no puede aprobarla/);
    assert.match(ownHtml, /data-status="frozen"/);
    // The approver rejects it: a reason is required.
    const noReason = await post('/oficina/rondas/1/rechazar', aprobador, { nota: '' });
    assert.equal(noReason.status, 400, 'reason_required is bad input (src/messages/status/bono.ts)');
    assert.match(await noReason.text(), /Escriba por qué rechaza la ronda/);
    assert.equal(
      (await post('/oficina/rondas/1/rechazar', aprobador, { nota: 'Fecha equivocada' })).status,
      303,
    );

    // The bono officer creates round 2; they hold no approval permission at all.
    const second = await post('/oficina/rondas', oficial, { ...date, nota: 'Ronda regular' });
    assert.equal(second.status, 303);
    assert.match(
      (await followJob(oficial, second.headers.get('location')!)).next ?? '',
      /^\/oficina\/rondas\/2\?/,
    );
    const detail = await (await get('/oficina/rondas/2', oficial)).text();
    assert.match(detail, /data-status="frozen"/);
    assert.match(detail, /Totales de control por departamento/);
    assert.match(detail, /<code>[0-9a-f]{64}<\/code>/, 'the content hash');
    assert.doesNotMatch(detail, /Aprobar la ronda/, 'no approval form for a role that cannot approve');
    assert.equal((await post('/oficina/rondas/2/aprobar', oficial, {})).status, 403);

    const toApprove = await (await get('/oficina/rondas/2', aprobador)).text();
    assert.match(toApprove, /Aprobar la ronda/);
    assert.match(toApprove, /formaction="\/oficina\/rondas\/2\/rechazar/);
    const approved = await post('/oficina/rondas/2/aprobar', aprobador, { nota: 'Totales revisados' });
    assert.equal(approved.status, 303);
    const done = await (await get(approved.headers.get('location')!, aprobador)).text();
    assert.match(done, /Ronda aprobada/);
    assert.match(done, /data-status="approved"/);
    assert.match(done, /aprobador/);

    // A third regular round: createRound refuses in the background, and the progress page says why
    // (here in English), with no internals and no more refreshing.
    const third = await post('/oficina/rondas?lang=en', oficial, date);
    assert.equal(third.status, 303);
    const refused = await followJob(oficial, third.headers.get('location')!);
    assert.equal(refused.next, null);
    assert.match(refused.html, /<html lang="en">/);
    assert.match(refused.html, /role="alert"/);
    assert.match(refused.html, /The round could not be created/);
    assert.match(refused.html, /Regular round 2 is approved; a person is paid once/);

    // The list, in English too; an auditor sees the approved round and its payment progress.
    const en = await (await get('/oficina/rondas?lang=en', auditora)).text();
    assert.match(en, /<html lang="en">/);
    assert.match(en, /Payment rounds/);
    assert.match(en, /data-status="approved"/);
    assert.match(en, /data-status="rejected"/);
    const progress = await get('/oficina/rondas/2/pagos', auditora);
    assert.equal(progress.status, 200);
    const p = await progress.text();
    const entitled = /data-testid="entitled">([0-9.]+)</.exec(p)?.[1];
    const unpaid = /data-testid="unpaid">([0-9.]+)</.exec(p)?.[1];
    assert.ok(entitled !== undefined && Number(entitled) > 0, 'the round entitles somebody');
    assert.equal(unpaid, entitled, 'nobody is paid yet');
    assert.equal((await get('/oficina/rondas/99', auditora)).status, 404);
  });

  test('deposits: export and bank replies only with deposits.manage; a reply imported twice changes nothing', async () => {
    assert.equal((await get('/oficina/depositos', auditora)).status, 200);
    assert.doesNotMatch(await (await get('/oficina/depositos', auditora)).text(), /name="archivo"/);
    assert.equal((await post('/oficina/rondas/2/depositos', aprobador, {})).status, 403);
    // Generating the files runs in the background; the progress page leads to the round's files
    // with what was sent (nothing here: nobody in this registry has a bank account).
    const exported = await post('/oficina/rondas/2/depositos', oficial, {});
    assert.equal(exported.status, 303);
    const progress = exported.headers.get('location')!;
    assert.match(progress, /^\/oficina\/depositos\/trabajos\/[A-Za-z0-9_-]{22}\?lang=es$/);
    assert.equal((await get(progress, aprobador)).status, 403);
    const done = await followJob(oficial, progress);
    assert.match(done.next ?? '', /^\/oficina\/rondas\/2\/depositos\?/);
    const page = await (await get(done.next!, oficial)).text();
    assert.match(page, /Archivos generados/);
    assert.match(page, /data-testid="deposits-sent">0</);
    assert.match(page, /data-validated="no">—</, 'no file, so nothing was validated');
    assert.match(page, /data-validating="yes">Cada archivo se valida contra/);
    // Only an approved round has deposits (round 1 was rejected).
    const rejected = await post('/oficina/rondas/1/depositos', oficial, {});
    assert.equal(rejected.status, 409);
    assert.match(await rejected.text(), /Solo una ronda aprobada tiene depósitos/);
    // A reply that is not ISO 20022 is refused with the reason, nothing applied.
    const reply = new FormData();
    reply.set('_csrf', oficial.csrf);
    reply.set('archivo', new File(['<hello/>'], 'respuesta.xml', { type: 'application/xml' }));
    const refused = await http.request('/oficina/depositos/respuestas', {
      method: 'POST',
      headers: { cookie: oficial.cookie },
      body: reply,
    });
    assert.equal(refused.status, 422);
    const refusedHtml = await refused.text();
    assert.match(refusedHtml, /role="alert"/);
    // The reason names the file by its own name, never by where the server kept it.
    assert.match(refusedHtml, /respuesta\.xml/);
    assert.ok(!refusedHtml.includes(t.dir), 'no server path on the page');
    assert.doesNotMatch(refusedHtml, /uploads\//);
    // A bank's camt.054: reconciled and counted; the same file again changes nothing and says so.
    const camt = await readFile(path.join(fixturesDir, 'camt054-bono-notification.xml'));
    const send = async () => {
      const form = new FormData();
      form.set('_csrf', oficial.csrf);
      form.set('archivo', new File([camt], 'UNI-NTF-0001.xml', { type: 'application/xml' }));
      const res = await http.request('/oficina/depositos/respuestas', {
        method: 'POST',
        headers: { cookie: oficial.cookie },
        body: form,
      });
      assert.equal(res.status, 303);
      return res.headers.get('location')!;
    };
    const first = await send();
    const applied = await (await get(first, auditora)).text();
    assert.match(applied, /Respuesta conciliada/);
    assert.match(applied, /camt\.054/);
    assert.match(applied, /data-testid="reply-accepted">0</, 'it names no deposit ayni sent');
    assert.doesNotMatch(applied, /data-testid="reply-unmatched">0</);
    const second = await send();
    assert.equal(
      new URL(second, 'http://x').pathname,
      new URL(first, 'http://x').pathname,
      'the same import',
    );
    assert.match(await (await get(second, oficial)).text(), /ya había sido importado: no cambió nada/);
    assert.match(await (await get('/oficina/depositos', auditora)).text(), /UNI-NTF-0001\.xml/);
  });

  test('a grievance: queue with its age, detail with the rule trace, review and decision', async () => {
    const filed = await fileGrievance(t.db, {
      kind: 'not_listed',
      person: { ciNumber: '7345678', complemento: '', dateOfBirth: '1995-07-14' },
      description: 'No figuro en la lista',
      filedVia: 'citizen',
      actor: 'system',
      at: new Date(Date.now() - 3 * 86_400_000),
    });
    assert.ok(filed.ok, 'the grievance is filed');
    const { id, reference } = filed.value;
    const queue = await (await get('/oficina/reclamos?estado=open', auditora)).text();
    assert.match(queue, new RegExp(reference));
    assert.match(queue, /3 días/);
    const detail = await (await get(`/oficina/reclamos/${id}`, auditora)).text();
    assert.match(detail, /Traza de la regla/);
    assert.match(detail, /data-testid="trace-eligible"/);
    assert.doesNotMatch(detail, /Iniciar la revisión/, 'an auditor only reads');
    assert.equal((await post(`/oficina/reclamos/${id}/revision`, auditora, {})).status, 403);

    // Deciding before the review started is refused with the service's reason.
    const early = await post(`/oficina/reclamos/${id}/decision`, oficial, { decision: 'reject', nota: 'x' });
    assert.equal(early.status, 409);
    assert.match(await early.text(), /todavía no está en revisión/);
    assert.equal((await post(`/oficina/reclamos/${id}/revision`, oficial, {})).status, 303);
    const noReason = await post(`/oficina/reclamos/${id}/decision`, oficial, { decision: 'reject' });
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /Escriba el motivo de la decisión/);
    const decided = await post(`/oficina/reclamos/${id}/decision`, oficial, {
      decision: 'reject',
      nota: 'La persona figura en la ronda regular',
    });
    assert.equal(decided.status, 303);
    const after = await (await get(decided.headers.get('location')!, oficial)).text();
    assert.match(after, /Reclamo rechazado/);
    assert.match(after, /data-status="rejected"/);
    const stats = await (await get('/oficina/reclamos/estadisticas?lang=en', auditora)).text();
    assert.match(stats, /Grievance statistics/);
  });
});
