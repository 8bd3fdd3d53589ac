import assert from 'node:assert/strict';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { accountActor, listAuditEntries } from '../../src/audit/index.ts';
import { type CaseFileView, readCaseFile, SEED_CASE_CODE } from '../../src/cases/index.ts';
import { boliviaDateTime, MAX_EVIDENCE_MB, mediaTypeOf } from '../../src/web/cases/cases.routes.tsx';
import { BASE, type CasesHttp, casesHttp, seedCaseTeam } from '../cases/api-fixture.ts';
import type { TestDatabase } from '../helpers/database.ts';

/**
 * The case files' pages over HTTP, without a browser (issue #21): an upload over the limit is
 * refused from its declared length before a byte is read; a team member whose role may not record
 * evidence is refused (403) and nothing reaches the evidence store; an officer without a case role
 * gets 403 and one off the team "not found"; the restricted viewer writes a custody entry and an
 * audit row per view; the pages speak English with ?lang=en. And the public version over HTTP:
 * nothing at /casos/:code until an investigator publishes (an analyst is refused), then the latest
 * version from the database — no protected name, no restricted item — and no file under the data
 * folder (the redaction itself is tested in the domain: test/cases/publication.test.ts).
 */

const PASSWORD = 'expedientes sin navegador 2021';
const CASE = `/oficina/casos/${SEED_CASE_CODE}`;
const diana = { username: 'diana.investigadora', actor: accountActor('diana.investigadora') };
let t: TestDatabase;
let http: CasesHttp['http'];
let sessions: CasesHttp['sessions'];

before(async () => {
  ({ t, http, sessions } = await casesHttp(
    {
      'diana.investigadora': 'case_investigator',
      'bruno.analista': 'case_analyst',
      'eva.fuera': 'case_investigator',
      'ana.oficial': 'bono_officer',
      'lia.enlace': 'case_prosecutor_liaison',
    },
    PASSWORD,
    'system',
    (t) =>
      seedCaseTeam(t, diana, [
        ['bruno.analista', 'analyst'],
        ['lia.enlace', 'prosecutor_liaison'],
      ]),
  ));
});
after(() => t.dispose());

function get(who: string, url: string) {
  return http.request(`${BASE}${url}`, { headers: { cookie: sessions[who]!.cookie } });
}

/** A multipart upload as the page's form sends it, the CSRF token first. */
function upload(who: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  form.set('_csrf', sessions[who]!.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('archivo', new Blob([file.bytes]), file.name);
  return http.request(`${BASE}${CASE}/evidencia`, {
    method: 'POST',
    headers: { cookie: sessions[who]!.cookie },
    body: form,
  });
}

const FIELDS = {
  titulo: 'Acta sintética',
  tipo: 'document',
  reservada: 'si',
  por: 'Diana Condori',
  donde: 'El Alto',
  cuando: '2019-11-20 10:30',
  metodo: 'entregada por un testigo',
};

async function blobCount(): Promise<number> {
  const root = path.join(t.dir, 'evidence');
  const walk = async (dir: string): Promise<number> => {
    let n = 0;
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.name === 'incoming') continue;
      n += e.isDirectory() ? await walk(path.join(dir, e.name)) : 1;
    }
    return n;
  };
  return walk(root);
}

describe('the case pages over HTTP', () => {
  it('refuses an upload over the limit from its declared length, before reading it', async () => {
    const s = sessions['diana.investigadora']!;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 3) controller.close();
        else controller.enqueue(new Uint8Array(1024));
      },
    });
    const res = await http.request(`${BASE}${CASE}/evidencia`, {
      method: 'POST',
      headers: {
        cookie: s.cookie,
        'content-type': 'multipart/form-data; boundary=xyz',
        'content-length': String(MAX_EVIDENCE_MB * 1024 * 1024 + 200_000),
      },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.match(await res.text(), new RegExp(`El archivo pasa de ${MAX_EVIDENCE_MB} MB`));
    assert.ok(pulled <= 1, `at most the first chunk was asked for (${pulled})`);
  });

  it('stores an investigator’s file and sends her to it; an analyst on the team is refused and nothing is stored', async () => {
    const before = await blobCount();
    const bytes = new TextEncoder().encode('ACTA SINTÉTICA PARA LA PRUEBA HTTP\n');
    let res = await upload('bruno.analista', FIELDS, { name: 'acta.txt', bytes });
    assert.equal(res.status, 403);
    assert.equal(await blobCount(), before, 'the analyst’s file never reached the store');
    res = await upload('eva.fuera', FIELDS, { name: 'acta.txt', bytes });
    assert.equal(res.status, 404, 'an investigator off the team finds no such case');
    res = await upload('diana.investigadora', FIELDS, { name: 'acta.txt', bytes });
    assert.equal(res.status, 303, await res.clone().text());
    const location = res.headers.get('location') ?? '';
    assert.match(location, /\/evidencia\/\d+\?nota=guardado/);
    assert.equal(await blobCount(), before + 1);
    const id = /\/evidencia\/(\d+)/.exec(location)![1]!;

    // Each view of the restricted viewer: one custody entry, one audit row.
    const auditBefore = (await listAuditEntries(t.db, { last: 1000 })).filter(
      (e) => e.action === 'case_evidence.read' && e.entityId === id,
    ).length;
    for (let i = 0; i < 2; i++) {
      res = await get('diana.investigadora', `${CASE}/evidencia/${id}/visor`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /ACTA SINTÉTICA PARA LA PRUEBA HTTP/);
    }
    const audits = (await listAuditEntries(t.db, { last: 1000 })).filter(
      (e) => e.action === 'case_evidence.read' && e.entityId === id,
    );
    assert.equal(audits.length - auditBefore, 2);
    const page = await (await get('diana.investigadora', `${CASE}/evidencia/${id}`)).text();
    assert.equal((page.match(/data-testid="custody-\d+">Acceso</g) ?? []).length, 2);

    // The bytes themselves, with the reader named.
    res = await get('diana.investigadora', `${CASE}/evidencia/${id}/contenido?descargar=1`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-ayni-reader'), 'account:diana.investigadora');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment/);
  });

  it('403 without a case role, "not found" off the team, English with ?lang=en', async () => {
    assert.equal((await get('ana.oficial', CASE)).status, 403);
    assert.equal((await get('ana.oficial', '/oficina/casos')).status, 403);
    assert.equal((await get('eva.fuera', CASE)).status, 404);
    const analyst = await (await get('bruno.analista', `${CASE}?lang=en`)).text();
    assert.match(analyst, /Timeline of the events/);
    assert.match(analyst, /Identity withheld/);
    assert.doesNotMatch(analyst, /Testigo Protegido Sintético|undefined|Cronología/);
    assert.doesNotMatch(analyst, /Upload the evidence/, 'an analyst has no upload form');
    assert.match(analyst, /Add an event/, 'an analyst records events');
  });

  it('an event added through the form is on the timeline; a bad time comes back to fix', async () => {
    const s = sessions['bruno.analista']!;
    const post = (fields: Record<string, string>) =>
      http.request(`${BASE}${CASE}/hechos`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: s.csrf, ...fields }).toString(),
      });
    const event = {
      titulo: 'Velatorio en Senkata (sintético)',
      tipo: 'other',
      lugar: 'Iglesia San Francisco de Asís, Senkata',
      latitud: '-16,5701',
      longitud: '-68.1990',
      desde: '2019-11-20 18:00',
      hasta: '2019-11-20 23:30',
    };
    let res = await post({ ...event, hasta: '2019-11-20 25:00' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Escriba la fecha y la hora como AAAA-MM-DD HH:MM/);
    res = await post(event);
    assert.equal(res.status, 303);
    const page = await (await get('bruno.analista', CASE)).text();
    assert.match(page, /Velatorio en Senkata \(sintético\)/);
    assert.match(page, /-16\.570100, -68\.199000/);
  });
});

describe('protecting a witness from the page', () => {
  it('an investigator protects a person: the analyst then sees only the code; the analyst may not lift it', async () => {
    const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(r.ok);
    const victim = r.value.persons.find((p) => !p.protected && p.roles.includes('victim'))!;
    assert.ok(victim && !victim.withheld);
    const post = (who: string, value: string) => {
      const s = sessions[who]!;
      return http.request(`${BASE}${CASE}/personas/${victim.id}/proteccion`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: s.csrf, proteger: value }).toString(),
      });
    };
    assert.ok((await (await get('bruno.analista', CASE)).text()).includes(victim.fullName));
    assert.equal((await post('diana.investigadora', 'si')).status, 303);
    const page = await (await get('bruno.analista', CASE)).text();
    assert.ok(!page.includes(victim.fullName), 'the name is withheld from the analyst');
    assert.match(page, new RegExp(`data-testid="person-${victim.code}">Identidad reservada<`));
    assert.equal((await post('bruno.analista', 'no')).status, 403);
    const audit = await listAuditEntries(t.db, { last: 200 });
    assert.ok(
      audit.some((e) => e.action === 'case_person.protection_set' && e.entityId === String(victim.id)),
    );
  });
});

describe('recording testimony from the page', () => {
  const TEXT =
    'Vi a los militares en el puente a las cinco de la tarde (testimonio sintético de la prueba HTTP).';
  const good = (witness: bigint) => ({
    testigo: String(witness),
    fecha_testimonio: '2019-12-02 09:15',
    lugar_testimonio: 'Parroquia de Sacaba',
    idioma: 'qu',
    interprete: 'Intérprete Sintético',
    entrevistador: 'Diana Condori',
    consentimiento: 'prosecution',
    transcripcion: TEXT,
  });
  const statementCount = async () => {
    const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(r.ok);
    return r.value.statements.length;
  };

  it('an investigator records a protected witness’s statement; the analyst and the liaison see the code, never the name', async () => {
    const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(r.ok);
    const witness = r.value.persons.find((p) => p.protected && p.roles.includes('witness'))!;
    assert.ok(witness && !witness.withheld, 'the investigator sees the protected witness');
    const form = await (await get('diana.investigadora', CASE)).text();
    assert.match(form, /Registrar testimonio/);
    assert.match(
      form,
      new RegExp(`<option value="${witness.id}"[^>]*>${witness.fullName} \\(${witness.code}\\)`),
    );
    const before = await statementCount();

    const res = await post('diana.investigadora', `${CASE}/testimonios`, good(witness.id));
    assert.equal(res.status, 303, await res.clone().text());
    assert.match(res.headers.get('location') ?? '', /\?nota=guardado[^#]*#testimonios$/);
    assert.equal(await statementCount(), before + 1);

    const mine = await (await get('diana.investigadora', CASE)).text();
    assert.ok(mine.includes(TEXT), 'the investigator sees the transcript');
    assert.match(mine, /Intérprete Sintético/);
    assert.match(mine, /Para la investigación y la Fiscalía/);
    for (const who of ['bruno.analista', 'lia.enlace']) {
      const page = await (await get(who, CASE)).text();
      assert.ok(page.includes(TEXT), `${who} sees the statement`);
      assert.ok(!page.includes(witness.fullName), `${who} never sees the witness’s name`);
      assert.match(page, new RegExp(`Testimonio \\d+: ${witness.code} \\(identidad reservada\\)`));
      assert.doesNotMatch(page, /Registrar el testimonio/, `${who} has no testimony form`);
    }
    const english = await (await get('lia.enlace', `${CASE}?lang=en`)).text();
    assert.match(english, new RegExp(`Statement \\d+: ${witness.code} \\(identity withheld\\)`));
    assert.match(english, /For the investigation and the prosecutor/);

    const audit = (await listAuditEntries(t.db, { last: 200 })).filter(
      (e) => e.action === 'case_statement.recorded' && e.actor === diana.actor,
    );
    const entry = audit.at(-1);
    assert.ok(entry, 'the statement is in the audit trail');
    const trail = JSON.stringify(entry, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    assert.ok(trail.includes(witness.code) && !trail.includes(witness.fullName), 'by code, never the name');
  });

  it('a bad form comes back (400) with the words beside the fields and what was typed kept', async () => {
    const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(r.ok);
    const witness = r.value.persons.find((p) => p.roles.includes('witness'))!;
    const victim = r.value.persons.find((p) => !p.roles.includes('witness'))!;
    const before = await statementCount();
    let res = await post('diana.investigadora', `${CASE}/testimonios`, {
      ...good(witness.id),
      fecha_testimonio: '02/12/2019',
      lugar_testimonio: ' ',
      transcripcion: 'Lo que se escribió y no se pierde',
    });
    assert.equal(res.status, 400);
    let html = await res.text();
    assert.match(html, /id="f-fecha_testimonio-error">Escriba la fecha y la hora como AAAA-MM-DD HH:MM/);
    assert.match(html, /id="f-lugar_testimonio-error">Complete este dato/);
    assert.match(html, /value="02\/12\/2019"/);
    assert.match(html, /Lo que se escribió y no se pierde/);
    assert.match(html, new RegExp(`<option value="${witness.id}" selected`));

    res = await post('diana.investigadora', `${CASE}/testimonios`, good(victim.id));
    assert.equal(res.status, 400, 'a person who is not a witness');
    html = await res.text();
    assert.match(html, /id="f-testigo-error">Esa persona no figura como testigo en el caso/);

    res = await post('diana.investigadora', `${CASE}/testimonios`, {
      ...good(witness.id),
      grabacion: String(r.value.items.find((i) => i.kind !== 'audio' && i.kind !== 'video')!.id),
    });
    assert.equal(res.status, 400, 'a recording that is not an audio or a video');
    assert.match(await res.text(), /id="f-grabacion-error">Esa evidencia no es del tipo que corresponde/);
    assert.equal(await statementCount(), before, 'nothing recorded');
  });

  it('a statement is about an event chosen on the form, shown beside it; a bad choice comes back', async () => {
    const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(r.ok);
    const witness = r.value.persons.find((p) => p.roles.includes('witness'))!;
    const event = r.value.events.at(-1)!;
    const title = event.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const form = await (await get('diana.investigadora', CASE)).text();
    assert.match(form, new RegExp(`<option value="${event.id}"[^>]*>${title}<`));
    let res = await post('diana.investigadora', `${CASE}/testimonios`, { ...good(witness.id), hecho: 'x' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /id="f-hecho-error">Elija una opción de la lista/);
    res = await post('diana.investigadora', `${CASE}/testimonios`, {
      ...good(witness.id),
      hecho: String(event.id),
    });
    assert.equal(res.status, 303, await res.clone().text());
    const after = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(after.ok);
    const recorded = after.value.statements.at(-1)!;
    assert.equal(recorded.eventId, event.id);
    const page = await (await get('bruno.analista', CASE)).text();
    const item = page.slice(page.indexOf(`data-testid="statement-${recorded.id}"`));
    assert.match(item.slice(0, item.indexOf('</dl>')), new RegExp(`Sobre el hecho.*${title}`, 's'));
  });

  it('an analyst and a prosecutor liaison on the team are refused (403); off the team it is "not found"', async () => {
    const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(r.ok);
    const witness = r.value.persons.find((p) => p.roles.includes('witness'))!;
    const before = await statementCount();
    assert.equal((await post('bruno.analista', `${CASE}/testimonios`, good(witness.id))).status, 403);
    assert.equal((await post('lia.enlace', `${CASE}/testimonios`, good(witness.id))).status, 403);
    assert.equal((await post('eva.fuera', `${CASE}/testimonios`, good(witness.id))).status, 404);
    const csrfless = await http.request(`${BASE}${CASE}/testimonios`, {
      method: 'POST',
      headers: {
        cookie: sessions['diana.investigadora']!.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(good(witness.id)).toString(),
    });
    assert.equal(csrfless.status, 403, 'no CSRF token, no statement');
    assert.equal(await statementCount(), before);
  });
});

describe('the weight of the case page', () => {
  it('the seeded Sacaba/Senkata case file, as its investigator sees it, is under 100 KB', async (c) => {
    const started = performance.now();
    const res = await get('diana.investigadora', CASE);
    const html = await res.text();
    const ms = performance.now() - started;
    const bytes = Buffer.byteLength(html);
    c.diagnostic(
      `case page: ${bytes} bytes in ${ms.toFixed(0)} ms (audited read, custody of every item verified)`,
    );
    assert.equal(res.status, 200);
    assert.ok(bytes < 100_000, `${bytes} bytes`);
  });
});

/** A form as the page sends it, the CSRF token first. */
function post(who: string, url: string, fields: Record<string, string> = {}) {
  return http.request(`${BASE}${url}`, {
    method: 'POST',
    headers: { cookie: sessions[who]!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: sessions[who]!.csrf, ...fields }).toString(),
  });
}

describe('the public version', () => {
  it('is published by an investigator into the database and shows no protected name', async () => {
    const publicPage = `/casos/${SEED_CASE_CODE}`;
    assert.equal((await http.request(`${BASE}${publicPage}`)).status, 404, 'nothing public yet');
    const refused = await post('bruno.analista', `${CASE}/publicar`);
    assert.equal(refused.status, 403, 'an analyst does not publish');
    assert.equal((await http.request(`${BASE}${publicPage}`)).status, 404);

    const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(r.ok);
    const file: CaseFileView = r.value;
    for (const round of [1, 2]) {
      const published = await post('diana.investigadora', `${CASE}/publicar`);
      assert.equal(published.status, 303, `publication ${round}`);
      assert.match(published.headers.get('location') ?? '', /nota=publicado/);
    }
    const res = await http.request(`${BASE}${publicPage}`);
    assert.equal(res.status, 200);
    const body = await res.text();
    for (const p of file.persons.flatMap((x) => (x.protected && !x.withheld ? [x] : []))) {
      assert.ok(!body.includes(p.fullName), `${p.code}'s name is not published`);
      assert.ok(body.includes(p.code), `${p.code} is shown by code`);
    }
    for (const i of file.items.filter((x) => x.restricted))
      assert.ok(!body.includes(i.sha256), `restricted item ${i.id} is not published`);
    const versions = await t.db.query<{ version: number }>(
      'SELECT version FROM case_public_version ORDER BY version',
    );
    assert.deepEqual(
      versions.map((v) => v.version),
      [1, 2],
      'each publication a version',
    );
    await assert.rejects(access(path.join(t.dir, 'cases-public')), 'no file under the data folder');
    const office = await get('diana.investigadora', CASE);
    assert.equal(office.status, 200);
  });
});

describe('reading what officers type', () => {
  it('a date and time on Bolivia’s clocks; a day or hour out of range is refused', () => {
    assert.equal(boliviaDateTime('2019-11-15 19:30')?.toISOString(), '2019-11-15T23:30:00.000Z');
    assert.equal(boliviaDateTime('2019-11-15T19:30')?.toISOString(), '2019-11-15T23:30:00.000Z');
    assert.equal(boliviaDateTime('2019-02-30 10:00'), null);
    assert.equal(boliviaDateTime('2019-11-15 24:10'), null);
    assert.equal(boliviaDateTime('15/11/2019 19:30'), null);
  });

  it('a media type by the file’s extension, octet-stream when unknown', () => {
    assert.equal(mediaTypeOf('Foto 1.JPG'), 'image/jpeg');
    assert.equal(mediaTypeOf('acta.txt'), 'text/plain');
    assert.equal(mediaTypeOf('sin-extension'), 'application/octet-stream');
  });
});
