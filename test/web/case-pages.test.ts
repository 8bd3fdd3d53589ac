import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { accountActor, listAuditEntries } from '../../src/audit/index.ts';
import {
  type CaseFileView,
  evidenceStoreFor,
  readCaseFile,
  SEED_CASE_CODE,
  seedCaseFile,
  setTeamMember,
} from '../../src/cases/index.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { boliviaDateTime, MAX_EVIDENCE_MB, mediaTypeOf } from '../../src/web/cases/cases.routes.tsx';
import { publicVersion } from '../../src/web/cases/public-case.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type Session, signIn } from '../helpers/sign-in.ts';

/**
 * The case files' pages over HTTP, without a browser (issue #21): an upload over the limit is
 * refused from its declared length before a byte is read; a team member whose role may not record
 * evidence is refused (403) and nothing reaches the evidence store; an officer without a case role
 * gets 403 and one off the team "not found"; the restricted viewer writes a custody entry and an
 * audit row per view; the pages speak English with ?lang=en. And the public version, pure: a
 * protected name is replaced by its code even inside a published text, restricted items and
 * non-victims' names are left out.
 */

const BASE = 'http://ayni.test';
const PASSWORD = 'expedientes sin navegador 2021';
const CASE = `/oficina/casos/${SEED_CASE_CODE}`;
const diana = { username: 'diana.investigadora', actor: accountActor('diana.investigadora') };
let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
const sessions: Record<string, Session> = {};

before(async () => {
  t = await createTestDatabase();
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  const people: Record<string, string> = {
    'diana.investigadora': 'case_investigator',
    'bruno.analista': 'case_analyst',
    'eva.fuera': 'case_investigator',
    'ana.oficial': 'bono_officer',
  };
  for (const [username, role] of Object.entries(people)) {
    const created = await createAccount(t.db, {
      username,
      displayName: username,
      roles: [role],
      password: PASSWORD,
      actor: 'system',
      now: new Date(),
    });
    assert.ok(created.ok);
  }
  assert.ok((await seedCaseFile(t.db, evidenceStoreFor(t.dir), diana)).ok);
  const joined = await setTeamMember(
    t.db,
    SEED_CASE_CODE,
    { username: 'bruno.analista', teamRole: 'analyst' },
    diana,
    new Date(),
  );
  assert.ok(joined.ok);
  for (const username of Object.keys(people))
    sessions[username] = await signIn(http, username, PASSWORD, { through: 'api', base: BASE });
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

describe('the public version', () => {
  it('replaces protected names by their code, drops restricted items and non-victims’ names', async () => {
    const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
    assert.ok(r.ok);
    const file: CaseFileView = r.value;
    const witness = file.persons.find((p) => p.protected && !p.withheld)!;
    assert.ok(witness && !witness.withheld);
    const named = {
      ...file,
      events: file.events.map((e, i) =>
        i === 0 ? { ...e, description: `Según ${witness.fullName}, la marcha llegó al puente.` } : e,
      ),
      items: [
        ...file.items.map((i) => ({ ...i, restricted: true })),
        { ...file.items[0]!, id: 999_999n, title: 'Comunicado público', restricted: false },
      ],
    };
    const v = publicVersion(named, new Date('2021-04-12T14:00:00Z'));
    const text = JSON.stringify(v);
    assert.ok(!text.includes(witness.fullName), 'the protected name appears nowhere');
    assert.match(v.events[0]!.description, new RegExp(`Según ${witness.code},`));
    assert.deepEqual(
      v.items.map((i) => i.title),
      ['Comunicado público'],
    );
    for (const p of v.persons)
      if (p.name !== null) assert.ok(p.roles.includes('victim'), `${p.code} named only as a victim`);
    assert.ok(v.persons.some((p) => p.code === witness.code && p.name === null));
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
