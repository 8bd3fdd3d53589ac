import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import { type AccessEnv, createAccess, createAccount, login } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { PayoutDesk } from '../../src/bono/index.ts';
import { onError, respondToFailure } from '../../src/http/error-handler.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { portalRoutes } from '../../src/web/portal/index.ts';
import { seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { parseHtml, textOf } from '../helpers/html.ts';

/** The «Por qué» heading is followed by the decision's reasons in words (components/rule-trace.tsx). */
function assertGivesReasons(html: string): void {
  const heading = parseHtml(html)
    .querySelectorAll('h2')
    .find((h) => textOf(h) === 'Por qué');
  assert.ok(heading, 'a «Por qué» heading');
  assert.ok(textOf(heading.nextElementSibling).length > 10, 'the reasons follow the heading');
}

/**
 * The citizen portal over HTTP at chosen dates (the browser journeys run on the real clock): what
 * each answer says before, during and after the collection window, that nothing leaks the registry,
 * the look-up limit, validation messages, grievances, and the headers every page carries.
 */

interface Person {
  ci: string;
  complemento: string;
  dob: string;
  opensOn: string;
  closesOn: string;
  account: string | null;
}

let t: TestDatabase;
let http: Hono<AccessEnv>;
let clock = new Date('2020-12-15T15:00:00Z');
const people: { counter: Person; paid: Person; deposit: Person; notEligible: Person } = {} as never;

function formOf(p: Pick<Person, 'ci' | 'complemento' | 'dob'>, extra: Record<string, string> = {}): string {
  const [year, month, day] = p.dob.split('-');
  return new URLSearchParams({
    ci: p.ci,
    complemento: p.complemento,
    'dob-day': String(Number(day)),
    'dob-month': String(Number(month)),
    'dob-year': year!,
    ...extra,
  }).toString();
}

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

async function pick(where: string): Promise<Person> {
  const [row] = await t.db.query<Person>(
    `SELECT p.ci_number AS ci, p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob,
            to_char(e.opens_on, 'YYYY-MM-DD') AS "opensOn", to_char(e.closes_on, 'YYYY-MM-DD') AS "closesOn",
            e.account_number AS account
     FROM bono_entitlement e JOIN person p ON p.id = e.person_id
     WHERE ${where}
       AND (SELECT count(*) FROM person q WHERE q.ci_number = p.ci_number) = 1
     ORDER BY p.id LIMIT 1`,
  );
  assert.ok(row, `a person with ${where}`);
  return row;
}

before(async () => {
  t = await createTestDatabase();
  await seedCountryWithRound(t.db, t.dir, 1_000, 11);
  people.counter = await pick(`e.channel = 'counter'`);
  people.paid = await pick(`e.channel = 'counter' AND p.ci_number <> '${people.counter.ci}'`);
  people.deposit = await pick(`e.channel = 'deposit'`);
  const [ne] = await t.db.query<Person>(
    `SELECT p.ci_number AS ci, p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
     FROM person p
     WHERE NOT EXISTS (SELECT 1 FROM bono_entitlement e WHERE e.person_id = p.id) AND p.date_of_death IS NULL
       AND (SELECT count(*) FROM person q WHERE q.ci_number = p.ci_number) = 1
     ORDER BY p.id LIMIT 1`,
  );
  people.notEligible = ne!;
  const desk = new PayoutDesk(t.db);
  const paid = await desk.pay({
    bankBic: 'BUNIBOLX',
    idempotencyKey: 'portal-test-0001',
    person: { ciNumber: people.paid.ci, complemento: people.paid.complemento, dateOfBirth: people.paid.dob },
    paymentPoint: 'Agencia El Prado',
    at: new Date(`${people.paid.closesOn}T14:15:00Z`),
    actor: 'credential:ak_test',
  });
  await desk.close();
  assert.equal(paid.ok && paid.value.result, 'paid');

  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = {
    config,
    db: t.db,
    rejectsDir: path.join(t.dir, 'rejects'),
    now: () => clock,
    simulatedClock: true,
    close: async () => {},
  };
  // The server's own middleware, with a clock the test sets.
  const access = createAccess(t.db, {
    secureCookies: false,
    now: () => clock,
    respond: respondToFailure,
  });
  http = new Hono<AccessEnv>();
  http.use('*', access.authenticate, access.csrf);
  http.onError(onError);
  http.route('/', portalRoutes(app, access));
});
after(() => t.dispose());

describe('¿Soy beneficiario?', () => {
  it('serves the form in Spanish by default and English on request, light, without script, not cached', async () => {
    const es = await http.request('/bono');
    assert.equal(es.status, 200);
    const html = await es.text();
    assert.match(html, /<html lang="es">/);
    assert.match(html, /<form action="\/bono\/estado\?lang=es" method="post" novalidate(="")?>/);
    assert.match(html, /<label for="f-ci">Número de carnet de identidad<\/label>/);
    assert.match(html, /aria-describedby="f-complemento-hint"/);
    assert.match(html, /por ejemplo 1A, si su carnet lo tiene/i);
    assert.match(html, /<a href="\/bono\?lang=en" hreflang="en" lang="en">English<\/a>/);
    assert.doesNotMatch(html, /<script/i);
    assert.ok(Buffer.byteLength(html) < 100_000);
    assert.equal(es.headers.get('cache-control'), 'no-store');
    assert.equal(es.headers.get('content-language'), 'es');
    assert.match(es.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.doesNotMatch(es.headers.get('content-security-policy') ?? '', /script-src/);
    const en = await (await http.request('/bono?lang=en')).text();
    assert.match(en, /<html lang="en">/);
    assert.match(en, /Am I a beneficiary/);
    assert.match(en, /<a href="\/bono\?lang=es" hreflang="es" lang="es">Español<\/a>/);
  });

  it('tells an eligible person, in the window, the amount, dates and that they can collect today', async () => {
    const p = people.counter;
    clock = new Date(`${p.closesOn}T15:00:00Z`);
    const res = await post('/bono/estado?lang=es', formOf(p));
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Usted es beneficiario del Bono Contra el Hambre/);
    assert.match(html, /Bs 1\.000,00/);
    assert.match(html, /Hoy puede cobrar/);
    assert.match(html, /Dónde cobrar/);
    assert.match(html, /Aún no cobrado/);
    const [y, m, d] = p.closesOn.split('-');
    const months = [
      'enero',
      'febrero',
      'marzo',
      'abril',
      'mayo',
      'junio',
      'julio',
      'agosto',
      'septiembre',
      'octubre',
      'noviembre',
      'diciembre',
    ];
    assert.ok(
      html.includes(`${Number(d)} de ${months[Number(m) - 1]} de ${y}`),
      'the window closing day in words',
    );
    assertGivesReasons(html);
    assert.match(html, /<p class="banner">Demostración con reloj simulado: ayni responde como si fuera el /);
    // The identity never comes back in an address, and the answer holds no name.
    assert.doesNotMatch(html, new RegExp(`[?&][^"]*${p.ci}`));
  });

  it('says an eligible person cannot collect before their window, and that the period is over after it', async () => {
    const p = people.counter;
    clock = new Date('2020-11-20T15:00:00Z');
    const before = await (await post('/bono/estado', formOf(p))).text();
    assert.match(before, /Hoy todavía no puede cobrar/);
    clock = new Date('2021-06-01T15:00:00Z');
    const afterDeadline = await (await post('/bono/estado', formOf(p))).text();
    assert.match(afterDeadline, /El plazo para cobrar terminó/);
    assert.doesNotMatch(afterDeadline, /Hoy puede cobrar/);
  });

  it('answers in English with English money', async () => {
    clock = new Date(`${people.counter.closesOn}T15:00:00Z`);
    const html = await (await post('/bono/estado?lang=en', formOf(people.counter))).text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /You are a beneficiary of the Bono Contra el Hambre/);
    assert.match(html, /Bs 1,000\.00/);
    assert.match(html, /You can collect today/);
  });

  it('shows when, where and how a paid person was paid', async () => {
    clock = new Date('2021-01-10T15:00:00Z');
    const html = await (await post('/bono/estado', formOf(people.paid))).text();
    assert.match(html, /Usted ya cobró el bono/);
    assert.match(html, /Banco Unión \(Agencia El Prado\)/);
    assert.match(html, /a las 10:15, en ventanilla/);
    assert.match(html, /Figura como pagado pero usted no cobró|Si figura como pagado pero usted no cobró/);
  });

  it('names the bank and only the last digits of the account of a deposit', async () => {
    clock = new Date(`${people.deposit.closesOn}T15:00:00Z`);
    const html = await (await post('/bono/estado', formOf(people.deposit))).text();
    assert.match(html, /Cómo lo recibe/);
    assert.match(html, /No necesita ir al banco/);
    assert.doesNotMatch(
      html,
      /Hoy puede cobrar/,
      'not told to collect today beside "no need to go to the bank"',
    );
    assert.ok(html.includes(`terminada en ••••${people.deposit.account!.slice(-4)}`));
    assert.ok(!html.includes(people.deposit.account!), 'the whole account number is never shown');
  });

  it('tells a person who is not eligible why', async () => {
    const html = await (await post('/bono/estado', formOf(people.notEligible))).text();
    assert.match(html, /No le corresponde el Bono Contra el Hambre/);
    assertGivesReasons(html);
    assert.match(html, /Presente un reclamo/);
  });

  it('tells a person a list excludes which list it is and which institution to go to', async () => {
    clock = new Date('2021-01-10T15:00:00Z');
    const candidates = await t.db.query<Person>(
      `SELECT p.ci_number AS ci, p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
       FROM person p
       WHERE NOT EXISTS (SELECT 1 FROM bono_entitlement e WHERE e.person_id = p.id) AND p.date_of_death IS NULL
         AND (SELECT count(*) FROM person q WHERE q.ci_number = p.ci_number) = 1
       ORDER BY p.id LIMIT 200`,
    );
    let excluded: string | undefined;
    for (const p of candidates) {
      const html = await (await post('/bono/estado', formOf(p))).text();
      if (html.includes('Figura en al menos una lista de exclusión')) {
        excluded = html;
        break;
      }
    }
    assert.ok(excluded, 'a person on an exclusion list');
    const section = /<section data-testid="exclusions">(.*?)<\/section>/s.exec(excluded)?.[1] ?? '';
    assert.match(section, /Qué lista le excluye y dónde acudir/);
    assert.match(section, /<li><strong>[^<]+<\/strong>\. Acuda (a|al) /, 'the list, then where to go');
  });

  it('gives the same answer for a wrong date of birth as for a CI number nobody has', async () => {
    clock = new Date('2021-01-11T15:00:00Z');
    const p = people.counter;
    const wrongDob = await post('/bono/estado', formOf({ ...p, dob: '1901-01-01' }));
    const nobody = await post(
      '/bono/estado',
      formOf({ ci: '987654321', complemento: '', dob: '1901-01-01' }),
    );
    assert.equal(wrongDob.status, nobody.status);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, 'value=""');
    const a = strip(await wrongDob.text());
    assert.equal(a, strip(await nobody.text()));
    assert.match(a, /No encontramos esos datos/);
    assert.match(a, /Revise que:/);
  });

  it('explains each mistake next to its field and keeps what was typed', async () => {
    const empty = await post('/bono/estado', '');
    assert.equal(empty.status, 400);
    const html = await empty.text();
    assert.match(html, /<div class="nt err" role="alert"><h2>Revise estos datos<\/h2>/);
    assert.match(html, /<a href="#f-ci">Escriba el número de su carnet de identidad\.<\/a>/);
    assert.match(html, /<a href="#f-dob-day">Escriba su fecha de nacimiento\.<\/a>/);
    assert.match(html, /aria-describedby="f-ci-hint f-ci-error" aria-invalid="true"/);
    const bad = await (
      await post('/bono/estado', formOf({ ci: '12A', complemento: '1a', dob: '1985-02-30' }))
    ).text();
    assert.match(bad, /solo cifras/);
    assert.match(bad, /debe ser una fecha real/);
    assert.match(bad, /value="12A"/);
    assert.match(bad, /value="30"/);
  });

  it('limits repeated failed look-ups for one CI number and says when to try again', async () => {
    clock = new Date('2021-02-01T15:00:00Z');
    const ci = '7654321';
    let last: Response | undefined;
    for (let i = 0; i < 6; i++)
      last = await post('/bono/estado', formOf({ ci, complemento: '', dob: `1970-01-0${i + 1}` }));
    assert.equal(last!.status, 429);
    assert.equal(last!.headers.get('retry-after'), String(15 * 60));
    const html = await last!.text();
    assert.match(html, /Demasiados intentos/);
    assert.match(html, /Intente de nuevo en 15 minutos, después de las 11:15 \(hora de Bolivia\)/);
  });

  it('sends the answer address, opened again, back to the form; refuses a post from another site', async () => {
    const again = await http.request('/bono/estado?lang=en');
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), '/bono?lang=en');
    const foreign = await post('/bono/estado', formOf(people.counter), { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
  });
});

describe('portal forms and sessions', () => {
  it('refuses a form post far larger than any form, with a page that says so', async () => {
    const res = await post('/bono/reclamo', `description=${'a'.repeat(70 * 1024)}`);
    assert.equal(res.status, 413);
    assert.match(await res.text(), /Los datos enviados son demasiado largos/);
  });

  it('puts the CSRF token of an officer signed in into every form, and the post needs it', async () => {
    const created = await createAccount(t.db, {
      username: 'oficial.portal',
      displayName: 'Oficial',
      roles: ['bono_officer'],
      password: 'correct horse battery staple',
      actor: 'system',
      now: clock,
    });
    assert.ok(created.ok);
    const signed = await login(t.db, {
      username: 'oficial.portal',
      password: 'correct horse battery staple',
      clientIp: null,
      now: clock,
    });
    assert.ok(signed.ok);
    const cookie = `ayni_session=${signed.value.sessionToken}`;
    const page = await (await http.request('/bono', { headers: { cookie } })).text();
    assert.ok(page.includes(`<input type="hidden" name="_csrf" value="${signed.value.csrfToken}"`));
    const citizen = await (await http.request('/bono')).text();
    assert.doesNotMatch(citizen, /name="_csrf"/, 'a citizen has no session and no token');
    const without = await post('/bono/estado', formOf(people.counter), { cookie });
    assert.equal(without.status, 403);
    const withToken = await post('/bono/estado', formOf(people.counter, { _csrf: signed.value.csrfToken }), {
      cookie,
    });
    assert.equal(withToken.status, 200);
    assert.match(await withToken.text(), /Usted es beneficiario/);
  });
});

describe('grievances', () => {
  it('files a grievance, gives a reference, and follows it with the CI number', async () => {
    clock = new Date('2021-02-10T15:00:00Z');
    const missing = await post('/bono/reclamo', formOf(people.notEligible));
    assert.equal(missing.status, 400);
    const m = await missing.text();
    assert.match(m, /Elija qué pasó/);
    assert.match(m, /Describa el problema\./);

    const filed = await post(
      '/bono/reclamo?lang=es',
      formOf(people.notEligible, {
        kind: 'not_listed',
        description: 'Tengo 40 años y no figuro.',
        contact: '70000000',
      }),
    );
    // Post, redirect, get: the page of the reference is an address, so a reload files nothing.
    assert.equal(filed.status, 303);
    const location = filed.headers.get('location') ?? '';
    assert.match(location, /^\/bono\/reclamo\/recibido\?ref=[A-Z0-9-]{14}&sig=[\w-]+&lang=es$/);
    const shown = await http.request(location);
    assert.equal(shown.status, 200);
    const html = await shown.text();
    const reference = /data-testid="reference">([A-Z0-9-]{14})</.exec(html)?.[1];
    assert.ok(reference, 'the reference is shown');
    assert.equal(await (await http.request(location)).text(), html, 'a reload shows the same reference');
    assert.ok(html.includes(`/bono/reclamo/seguimiento?ref=${reference}&amp;lang=es`));

    const form = await (await http.request(`/bono/reclamo/seguimiento?ref=${reference}`)).text();
    assert.ok(form.includes(`value="${reference}"`), 'the reference is filled in');

    const follow = await post(
      '/bono/reclamo/seguimiento',
      new URLSearchParams({ ref: reference.toLowerCase(), ci: people.notEligible.ci }).toString(),
    );
    assert.equal(follow.status, 200);
    const status = await follow.text();
    assert.match(status, new RegExp(`Reclamo ${reference}`));
    assert.match(status, /Recibido, en espera de revisión/);
    assert.match(status, /No figuro en la lista/);
    assert.match(status, /Reclamo recibido\./);
    assert.doesNotMatch(status, /Tengo 40 años/, 'the description is not echoed on the follow-up page');

    const wrongCi = await (
      await post(
        '/bono/reclamo/seguimiento',
        new URLSearchParams({ ref: reference, ci: '1234567' }).toString(),
      )
    ).text();
    assert.match(wrongCi, /No encontramos ese reclamo/);
    const en = await (
      await post(
        '/bono/reclamo/seguimiento?lang=en',
        new URLSearchParams({ ref: reference, ci: people.notEligible.ci }).toString(),
      )
    ).text();
    assert.match(en, /Received, waiting for review/);
    assert.match(en, /Claim received\./);
  });

  it('gives an identical grievance sent twice one reference, and shows no reference it did not give', async () => {
    clock = new Date('2021-02-11T15:00:00Z');
    const form = formOf(people.counter, { kind: 'wrong_data', description: 'Mi apellido está mal.' });
    const first = await post('/bono/reclamo', form);
    const again = await post('/bono/reclamo', form);
    assert.equal(first.status, 303);
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    const other = await post(
      '/bono/reclamo',
      formOf(people.counter, { kind: 'wrong_data', description: 'Otro error.' }),
    );
    assert.notEqual(other.headers.get('location'), first.headers.get('location'));
    const forged = await http.request('/bono/reclamo/recibido?ref=AAAA-BBBB-CCCC&sig=x&lang=es');
    assert.equal(forged.status, 303);
    assert.equal(forged.headers.get('location'), '/bono/reclamo/seguimiento?lang=es');
  });

  it('names an over-long field and keeps the rest of the form as typed', async () => {
    clock = new Date('2021-02-12T15:00:00Z');
    const res = await post(
      '/bono/reclamo',
      formOf(people.counter, {
        kind: 'paid_not_received',
        description: 'a'.repeat(9_000),
        contact: '70000000',
      }),
    );
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(
      html,
      /<a href="#f-description">La descripción tiene más de 4\.000 caracteres: acórtela\.<\/a>/,
    );
    assert.doesNotMatch(html, /href="#f-ci"/, 'the error is on the description, not the CI number');
    assert.ok(html.includes(`value="${people.counter.ci}"`), 'the CI number is kept');
    assert.match(html, /value="paid_not_received" checked/);
    assert.ok(html.includes('value="70000000"'), 'the contact is kept');
    assert.ok(html.includes('a'.repeat(9_000)), 'the description is kept, to be shortened');
  });
});
