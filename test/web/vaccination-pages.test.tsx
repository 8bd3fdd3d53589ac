import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { LANGS } from '../../src/shared/lang.ts';
import { dosesOf, stockAt } from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { parseHtml, textOf } from '../helpers/html.ts';
import { assertPageLanguage } from '../helpers/page-language.ts';
import { okValue } from '../helpers/result.ts';
import { type Session, signIn } from '../helpers/sign-in.ts';
import { keyOf } from '../vaccination/fixture.ts';
import {
  APPOINTMENT_SITE,
  type Campaign,
  CLOCK,
  DAY,
  setUpCampaign,
  tripleFields,
  WALK_IN_SITE,
} from './vaccination-fixture.ts';

/**
 * The vaccination pages over HTTP against the whole application (issue #18 §11): every page in
 * both languages shows only its language's words, no code (`sputnik_v_1`, `site-lp-walk`,
 * `not_their_weekday`) and no missing key; a vaccinator queues walk-ins, serves them in ticket
 * order, is refused a second dose before its interval with the reason in words, and closes the
 * day with its counts; a SEDES officer transfers doses and sees stock, alerts and coverage; a
 * citizen learns when their turn is, books (the second dose proposed with the first) and cancels.
 */

const PASSWORD = 'cuatro palabras largas bastan';
const CODES = [
  'sputnik_v',
  'sinopharm ',
  'walk_in',
  'not_their_weekday',
  'dose_too_early',
  'site-lp',
  'lp-walk',
  'national-warehouse',
  'sedes-2',
];

let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
let campaign: Campaign;
let vaccinator: Session;
let sedes: Session;

const get = (url: string, s?: Session) =>
  Promise.resolve(http.request(url, { headers: s ? { cookie: s.cookie } : {} }));

/** Posts a form as a browser does: urlencoded, with the session's CSRF token when signed in. */
function post(url: string, s: Session | undefined, fields: Record<string, string>) {
  const body = new URLSearchParams({ ...fields, ...(s ? { _csrf: s.csrf } : {}) });
  return Promise.resolve(
    http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        ...(s ? { cookie: s.cookie } : {}),
      },
      body: body.toString(),
    }),
  );
}

/** A page's visible text, after the language checks; no internal code shown. */
async function pageText(res: Response, lang: 'es' | 'en', status = 200): Promise<string> {
  const html = await res.text();
  assert.equal(res.status, status, html.slice(0, 2000));
  const text = assertPageLanguage(html, lang);
  for (const code of CODES) assert.ok(!text.includes(code), `the ${lang} page shows «${code}»`);
  return text;
}

/** Follows a 303 and returns the page it leads to. */
async function follow(res: Response, s?: Session): Promise<Response> {
  const html = res.status === 303 ? '' : await res.clone().text();
  assert.equal(res.status, 303, html.slice(0, 3000));
  return get(res.headers.get('location')!, s);
}

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 1_000);
  campaign = await setUpCampaign(t.db);
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = {
    config,
    db: t.db,
    rejectsDir: path.join(t.dir, 'rejects'),
    close: async () => {},
    now: () => new Date(CLOCK),
    simulatedClock: true,
  };
  http = buildHttpApp(app);
  for (const [username, roles] of [
    ['vacunadora', ['vaccinator']],
    ['sedes', ['sedes_officer']],
  ] as const) {
    const r = await createAccount(t.db, {
      username,
      displayName: username,
      roles,
      password: PASSWORD,
      actor: 'system',
      now: CLOCK,
    });
    assert.ok(r.ok, username);
  }
  vaccinator = await signIn(http, 'vacunadora', PASSWORD);
  sedes = await signIn(http, 'sedes', PASSWORD);
});

after(async () => {
  await t?.dispose();
});

const site = (page = '') => `/oficina/vacunacion/puntos/${WALK_IN_SITE}${page}`;

describe('a vaccinator at a walk-in site', () => {
  it('queues arrivals whose day it is, refuses another weekday with the weekday in words', async () => {
    for (const p of campaign.today.slice(0, 2)) {
      const page = await follow(
        await post(site('/llegadas'), vaccinator, { dia: DAY, ...tripleFields(p) }),
        vaccinator,
      );
      const text = await pageText(page, 'es');
      assert.match(text, /Ficha [12]: Sinopharm\./);
    }
    const refused = await post(site('/llegadas'), vaccinator, {
      dia: DAY,
      ...tripleFields(campaign.otherWeekday),
    });
    const text = await pageText(refused, 'es', 422);
    assert.ok(text.includes('no le corresponde por el último dígito de su carnet'), text);
    assert.match(
      text,
      /Por el último dígito de su carnet le corresponde el (lunes|miércoles|jueves|viernes)\./,
    );
    const queue = parseHtml(await (await get(`${site()}?dia=${DAY}`, vaccinator)).text());
    assert.equal(textOf(queue.querySelector('[data-testid="waiting"]')), '2 personas en espera');
  });

  it('serves the queue in ticket order with the lot that expires first', async () => {
    const first = await follow(await post(site('/atencion'), vaccinator, { dia: DAY }), vaccinator);
    const text = await pageText(first, 'es');
    assert.ok(text.includes('Ficha 1 vacunada: Dosis 1, Sinopharm, lote SP-2021-0417.'), text);
    const doses = okValue(await dosesOf(t.db, keyOf(campaign.today[0]!)));
    assert.deepEqual(
      doses.map((d) => [d.doseNumber, d.product, d.lotId, d.site, d.givenOn]),
      [[1, 'sinopharm', campaign.lot.id, WALK_IN_SITE, DAY]],
    );
    await follow(await post(site('/atencion'), vaccinator, { dia: DAY, ficha: '2' }), vaccinator);
    const empty = await post(site('/atencion'), vaccinator, { dia: DAY });
    assert.ok((await pageText(empty, 'es', 404)).includes('No hay nadie en espera.'));
  });

  it('records a dose through the form, and refuses a second dose before its interval in Spanish and English', async () => {
    const p = campaign.today[2]!;
    const recorded = await follow(
      await post(site('/dosis'), vaccinator, {
        dia: DAY,
        clave: '',
        vacuna: 'sinopharm',
        lote: '',
        numero: '',
        ...tripleFields(p),
      }),
      vaccinator,
    );
    assert.ok(
      (await pageText(recorded, 'es')).includes('Dosis registrada: Dosis 1, Sinopharm, lote SP-2021-0417.'),
    );
    const early = await post(site('/dosis'), vaccinator, {
      dia: DAY,
      vacuna: 'sinopharm',
      ...tripleFields(p),
    });
    const es = await pageText(early, 'es', 422);
    assert.ok(es.includes('La dosis 2 no puede aplicarse antes del 25 de mayo de 2021'), es);
    const en = await pageText(
      await post(`${site('/dosis')}?lang=en`, vaccinator, {
        dia: DAY,
        vacuna: 'sinopharm',
        ...tripleFields(p),
      }),
      'en',
      422,
    );
    assert.ok(en.includes('cannot be given before 25 May 2021'), en);
    assert.equal(okValue(await dosesOf(t.db, keyOf(p))).length, 1, 'nothing more recorded');
  });

  it('asks for the vaccine and the identity before anything is recorded', async () => {
    const res = await post(site('/dosis'), vaccinator, { dia: DAY, ci: '', vacuna: '' });
    const text = await pageText(res, 'es', 400);
    assert.ok(text.includes('Elija la vacuna aplicada.'));
    assert.ok(text.includes('Escriba el número de su carnet de identidad.'));
  });

  it('closes the day with its counts, once', async () => {
    const closed = await follow(await post(site('/cierre'), vaccinator, { dia: DAY }), vaccinator);
    const text = await pageText(closed, 'es');
    assert.ok(text.includes('Aplicadas: 3. Se retiraron de la fila: 0. Citas no atendidas: 0.'), text);
    // Two-dose vials: three doses opened two vials, one dose left over in the second.
    assert.ok(text.includes('Dosis de frascos abiertos dadas de baja: 1.'), text);
    // The lot's line: two vials, four doses opened, three given, one wasted (opened − given).
    assert.ok(text.includes('Dosis por lote al cierre'), text);
    assert.match(text, /Frascos abiertosDosis abiertasAplicadasDesperdiciadas\d+Sinopharm2431/);
    const again = await post(site('/cierre'), vaccinator, { dia: DAY });
    assert.ok(
      (await pageText(again, 'es', 409)).includes('La jornada del 4 de mayo de 2021 ya está cerrada.'),
    );
    const stock = okValue(await stockAt(t.db, { location: `site-${WALK_IN_SITE}` }));
    assert.equal(stock[0]!.availableDoses, 196n);
  });

  it('is refused the SEDES transfer form (another role’s permission)', async () => {
    assert.equal((await get('/oficina/vacunacion/traslados', vaccinator)).status, 403);
  });
});

describe('a SEDES officer', () => {
  it('transfers doses and sees them at the place reached, once however often the form is sent', async () => {
    const form = parseHtml(await (await get('/oficina/vacunacion/traslados', sedes)).text());
    const key = form.querySelector('input[name="clave"]')?.getAttribute('value');
    assert.ok(key);
    const fields = {
      clave: key,
      lote: String(campaign.lot.id),
      desde: `site-${WALK_IN_SITE}`,
      hacia: `site-${APPOINTMENT_SITE}`,
      dosis: '10',
      'dia-day': '4',
      'dia-month': '5',
      'dia-year': '2021',
    };
    const moved = await follow(await post('/oficina/vacunacion/traslados', sedes, fields), sedes);
    const text = await pageText(moved, 'es');
    assert.ok(text.includes('Se trasladaron 10 dosis a Hospital del Norte.'), text);
    await follow(await post('/oficina/vacunacion/traslados', sedes, fields), sedes);
    const stock = okValue(await stockAt(t.db, { location: `site-${APPOINTMENT_SITE}` }));
    assert.equal(stock.find((l) => l.lot.id === campaign.lot.id)?.availableDoses, 10n);
  });

  it('is told what to fix in a transfer', async () => {
    const res = await post('/oficina/vacunacion/traslados', sedes, {
      lote: '',
      desde: 'x',
      hacia: '',
      dosis: '0',
    });
    const text = await pageText(res, 'es', 400);
    for (const m of [
      'Elija el lote.',
      'Elija el lugar.',
      'Escriba un número entero de dosis mayor que cero.',
    ])
      assert.ok(text.includes(m), m);
  });
});

describe('every vaccination page in both languages', () => {
  const officePages = [
    '/oficina/vacunacion',
    `${site()}?dia=${DAY}`,
    `${site('/dosis')}?dia=${DAY}`,
    `${site('/cierre')}?dia=${DAY}`,
    site('/existencias'),
    '/oficina/vacunacion/existencias',
    '/oficina/vacunacion/alertas',
    '/oficina/vacunacion/cobertura',
    '/oficina/vacunacion/cobertura?por=age_band',
    '/oficina/vacunacion/cobertura?por=municipality',
  ];
  for (const lang of LANGS)
    it(`shows the office pages in ${lang}`, async () => {
      for (const page of officePages) {
        const sep = page.includes('?') ? '&' : '?';
        await pageText(await get(`${page}${sep}lang=${lang}`, vaccinator), lang);
      }
      await pageText(await get(`/oficina/vacunacion/traslados?lang=${lang}`, sedes), lang);
    });

  for (const lang of LANGS)
    it(`answers "¿Cuándo me toca?" in ${lang}: the doses, the next one, sites, booking and cancelling`, async () => {
      const p = campaign.today[lang === 'es' ? 0 : 3]!;
      await pageText(await get(`/vacunas?lang=${lang}`), lang);
      const answer = await pageText(
        await post(`/vacunas/consulta?lang=${lang}`, undefined, tripleFields(p)),
        lang,
      );
      const words =
        lang === 'es' ? ['Coliseo Julio Borelli', 'Hospital del Norte'] : ['Coliseo Julio Borelli'];
      for (const w of words) assert.ok(answer.includes(w), w);
      if (lang === 'es') {
        assert.ok(answer.includes('Dosis 1 (primera dosis)'), answer);
        assert.ok(answer.includes('Su próxima dosis: Dosis 2 (segunda dosis).'), answer);
        assert.ok(answer.includes('Hoy no puede vacunarse.'), answer);
      } else {
        assert.ok(answer.includes('You can be vaccinated today.'), answer);
        const booked = await follow(
          await post(`/vacunas/cita?lang=en`, undefined, {
            ...tripleFields(p),
            sitio: APPOINTMENT_SITE,
            'cita-day': '5',
            'cita-month': '5',
            'cita-year': '2021',
          }),
        );
        const text = await pageText(booked, 'en');
        assert.ok(text.includes('Dose 1: Sinopharm, at Hospital del Norte, on 5 May 2021.'), text);
        assert.ok(
          text.includes('We also booked your second dose: Sinopharm, at Hospital del Norte, on 26 May 2021.'),
          text,
        );
        const again = await pageText(
          await post(`/vacunas/consulta?lang=en`, undefined, tripleFields(p)),
          'en',
        );
        assert.ok(again.includes('Cancel this appointment'), again);
        const page = parseHtml(
          await (await post(`/vacunas/consulta?lang=en`, undefined, tripleFields(p))).text(),
        );
        const id = page.querySelector('input[name="cita"][type="hidden"]')?.getAttribute('value');
        assert.ok(id);
        const cancelled = await pageText(
          await follow(
            await post('/vacunas/cita/cancelacion?lang=en', undefined, { ...tripleFields(p), cita: id }),
          ),
          'en',
        );
        assert.ok(cancelled.includes('2 appointments cancelled'), cancelled);
      }
    });

  it('tells a citizen not found the same whatever the CI, and a made-up booking address is not shown', async () => {
    const text = await pageText(
      await post('/vacunas/consulta', undefined, {
        ci: '9999999',
        complemento: '',
        'dob-day': '1',
        'dob-month': '1',
        'dob-year': '1950',
      }),
      'es',
    );
    assert.ok(text.includes('No encontramos a nadie con ese número de carnet'));
    const fake = await pageText(
      await get('/vacunas/cita/reservada?n=eyJkb3NlIjoxfQ&s=AAAAAAAAAAAAAAAAAAAAAA'),
      'es',
    );
    assert.ok(fake.includes('Esta página ya no puede mostrarse.'));
  });
});

describe('the replay of 2021 on the transparency portal', () => {
  it('says when none was played, then draws the stored curve beside the milestones, with its CSV', async () => {
    for (const lang of LANGS) {
      const text = await pageText(await get(`/transparencia/vacunacion-2021?lang=${lang}`), lang);
      assert.ok(text.includes(lang === 'es' ? 'Todavía no se reprodujo' : 'has not been replayed'), text);
    }
    await t.db.query(
      `INSERT INTO vaccination_replay_day (day, first_doses, second_doses, single_doses, booster_doses, played_at)
       VALUES ('2021-01-29', 10, 0, 0, 0, now()), ('2021-06-13', 40, 5, 1, 0, now())`,
    );
    for (const lang of LANGS) {
      const res = await get(`/transparencia/vacunacion-2021?lang=${lang}`);
      const html = await res.clone().text();
      await pageText(res, lang);
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('svg#replay-2021')?.getAttribute('role'), 'img');
      assert.ok(doc.querySelectorAll('svg#replay-2021 circle').length >= 2, 'the published totals as dots');
      assert.ok(doc.querySelectorAll('table tbody tr').length >= 3, 'every milestone in the table');
    }
    const csv = await (await get('/transparencia/vacunacion-2021.csv')).text();
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'fecha,primeras,segundas,unicas,refuerzos,acumuladas_pais');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',').slice(0, 5).join(',')),
      ['2021-01-29,10,0,0,0', '2021-06-13,40,5,1,0'],
    );
    const [first, second] = lines.slice(1).map((l) => Number(l.split(',')[5]));
    assert.ok(first! > 0 && second! > first!, 'the cumulative national count grows');
    assert.equal(Math.round((second! / first!) * 10), 56, 'scaled by one factor: 56 doses against 10');
  });
});
