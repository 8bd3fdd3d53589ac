import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accountActor, listAuditEntries } from '../../src/audit/index.ts';
import {
  addEvidence,
  type CaseFileView,
  evidenceStoreFor,
  openInvestigation,
  readCaseFile,
  SEED_CASE_CODE,
} from '../../src/cases/index.ts';
import { BASE, type CasesHttp, casesHttp, seedCaseTeam } from '../cases/api-fixture.ts';
import type { TestDatabase } from '../helpers/database.ts';

/**
 * The analysis page and the restricted viewer's masking over HTTP (issue #21 §5, §3): on the
 * seeded Sacaba/Senkata file, the analysis draws both events on the SVG map, counts 10 victims per
 * event each cell linking to its autopsy reports, flags the witness's two-hour disagreement with
 * both sources, and places the protected witness at the event — by name for the investigator, by
 * code only for the prosecutor liaison and the analyst; the read is audited; off the team "not
 * found", without a case role 403. A text document naming a protected witness (in other letter
 * case and spacing too) shows the witness's code instead, in the viewer, to a reader without the
 * role; the investigator reads the name.
 */

const PASSWORD = 'analisis de expedientes 2021';
const CASE = `/oficina/casos/${SEED_CASE_CODE}`;
const ANALYSIS = `${CASE}/analisis`;
const WITNESS = 'Testigo Protegido Sintético SAC';
const diana = { username: 'diana.investigadora', actor: accountActor('diana.investigadora') };
let t: TestDatabase;
let http: CasesHttp['http'];
let file: CaseFileView;
let sessions: CasesHttp['sessions'];

before(async () => {
  ({ t, http, sessions } = await casesHttp(
    {
      'diana.investigadora': 'case_investigator',
      'bruno.analista': 'case_analyst',
      'lia.enlace': 'case_prosecutor_liaison',
      'rosa.familia': 'victims_representative',
      'eva.fuera': 'case_investigator',
      'ana.oficial': 'bono_officer',
    },
    PASSWORD,
    'system',
    async (t) => {
      await seedCaseTeam(t, diana, [
        ['bruno.analista', 'analyst'],
        ['lia.enlace', 'prosecutor_liaison'],
        ['rosa.familia', 'victims_representative', 'FAM-SAC-01'],
      ]);
      const r = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
      assert.ok(r.ok);
      file = r.value;
    },
  ));
});
after(() => t.dispose());

function get(who: string, url: string) {
  return http.request(`${BASE}${url}`, { headers: { cookie: sessions[who]!.cookie } });
}

function post(who: string, url: string, fields: Record<string, string> = {}) {
  return http.request(`${BASE}${url}`, {
    method: 'POST',
    headers: { cookie: sessions[who]!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: sessions[who]!.csrf, ...fields }).toString(),
  });
}

async function reads() {
  return (await listAuditEntries(t.db, { last: 10_000 })).filter((e) => e.action === 'case_file.read');
}

async function page(who: string, url: string): Promise<string> {
  const res = await get(who, url);
  assert.equal(res.status, 200, `${who} ${url}`);
  return res.text();
}

describe('the analysis page', () => {
  it('is linked from the case page', async () => {
    const body = await page('lia.enlace', CASE);
    assert.match(body, new RegExp(`href="${ANALYSIS}\\?lang=es"`));
  });

  it('draws the places, counts victims with their sources, flags contradictions with both sources', async () => {
    const body = await page('diana.investigadora', ANALYSIS);
    const events = [...file.events].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    assert.equal(events.length, 2);
    assert.match(body, /<svg[^>]*data-testid="map"/);
    for (const e of events) {
      assert.match(body, new RegExp(`data-testid="map-event-${e.id}"`), `event ${e.id} on the map`);
      assert.ok(body.includes(e.placeName), `${e.placeName} labelled`);
      const all = new RegExp(`data-testid="victims-${e.id}-all">10<`);
      assert.match(body, all, `10 victims at event ${e.id}`);
      // Each autopsy report of the event is a source of its cell, as a link to the item.
      for (const item of file.items.filter((i) => i.eventId === e.id && i.kind === 'autopsy_report'))
        assert.ok(body.includes(`href="${CASE}/evidencia/${item.id}?lang=es"`), `autopsy ${item.id} linked`);
    }
    // The seeded disagreement: one per event, about the time, naming an item and a statement.
    assert.equal(body.match(/data-testid="contradiction-kind">La hora</g)?.length, 2);
    for (const s of file.statements)
      assert.ok(body.includes(`href="${CASE}?lang=es#testimonio-${s.id}"`), `statement ${s.id} linked`);
    assert.match(body, /Contradicciones entre fuentes/);
    // The investigator sees the protected witness by name in who-was-where.
    assert.ok(body.includes(WITNESS));
    assert.match(body, /data-testid="where-person-T-SAC-01"/);
  });

  it('shows protected witnesses as codes to the liaison and the analyst, and audits the read', async () => {
    const before = (await reads()).length;
    for (const who of ['lia.enlace', 'bruno.analista']) {
      const body = await page(who, ANALYSIS);
      assert.ok(!body.includes('Testigo Protegido Sintético'), `${who} sees no protected name`);
      assert.match(body, /data-testid="where-person-T-SAC-01">T-SAC-01 \(identidad reservada\)/);
      assert.match(body, /data-testid="contradiction-kind"/);
    }
    const entries = await reads();
    assert.equal(entries.length, before + 2, 'each read of the analysis is audited');
    assert.deepEqual(
      entries.slice(-2).map((e) => e.actor),
      [accountActor('lia.enlace'), accountActor('bruno.analista')],
    );
  });

  it('a victims’ representative sees only her family’s victim', async () => {
    const body = await page('rosa.familia', ANALYSIS);
    assert.match(body, /V-SAC-01/);
    assert.doesNotMatch(body, /V-SAC-02|V-SEN-01|T-SAC-01/);
  });

  it('"not found" off the team, 403 without a case role, English with ?lang=en', async () => {
    assert.equal((await get('eva.fuera', ANALYSIS)).status, 404);
    assert.equal((await get('ana.oficial', ANALYSIS)).status, 403);
    const en = await page('lia.enlace', `${ANALYSIS}?lang=en`);
    assert.match(en, /Who was where/);
    assert.match(en, /Contradictions between sources/);
    assert.match(en, /The time/);
    assert.doesNotMatch(en, /Quién estuvo|Contradicciones|undefined|identidad reservada/);
  });
});

describe('the restricted viewer masks protected names inside a text', () => {
  it('a reader without the role reads the code where the text names the witness; the investigator the name', async () => {
    const text = `ACTA SINTÉTICA\nDeclaró ${WITNESS} ante el equipo.\nLuego TESTIGO  PROTEGIDO\nSINTÉTICO SAC firmó.\nTestigo Protegido Sintético SEN no estuvo.\n`;
    const added = await addEvidence(
      t.db,
      evidenceStoreFor(t.dir),
      SEED_CASE_CODE,
      {
        title: 'Acta que nombra a un testigo protegido (sintética)',
        kind: 'document',
        mediaType: 'text/plain',
        bytes: new TextEncoder().encode(text),
        collection: {
          by: 'Diana',
          place: 'Sacaba',
          collectedAt: new Date('2021-02-10T15:00:00Z'),
          method: 'entrega',
        },
      },
      diana,
      new Date(),
    );
    assert.ok(added.ok);
    const viewer = `${CASE}/evidencia/${added.value.item.id}/visor`;
    for (const who of ['lia.enlace', 'bruno.analista']) {
      const body = await page(who, viewer);
      const shown = /<pre data-testid="document"[^>]*>([\s\S]*?)<\/pre>/.exec(body)?.[1] ?? '';
      assert.match(shown, /Declaró T-SAC-01 ante el equipo/, `${who}: the name replaced by the code`);
      assert.match(shown, /Luego T-SAC-01 firmó/, `${who}: in any letter case and spacing`);
      assert.match(shown, /T-SEN-01 no estuvo/);
      assert.doesNotMatch(body, /Protegido\s+Sintético/i, `${who} reads no protected name`);
    }
    const investigator = await page('diana.investigadora', viewer);
    assert.ok(investigator.includes(WITNESS), 'the investigator reads the name');
    // The file itself is unchanged: its bytes as stored, through the content address.
    const bytes = await get('lia.enlace', `${CASE}/evidencia/${added.value.item.id}/contenido?descargar=1`);
    assert.equal(await bytes.text(), text);
  });
});

describe('the transparency portal links the published case files', () => {
  it('lists only published ones, each linked to its public version', async () => {
    const other = await openInvestigation(
      t.db,
      { code: 'SINT-NO-PUBLICADA', title: 'Investigación sintética sin publicar', openedOn: '2021-01-04' },
      diana,
      new Date(),
    );
    assert.ok(other.ok);
    const overview = await http.request(`${BASE}/transparencia`);
    assert.equal(overview.status, 200);
    assert.match(await overview.text(), /href="\/transparencia\/casos\?lang=es"/);
    const empty = await (await http.request(`${BASE}/transparencia/casos`)).text();
    assert.match(empty, /Todavía no se publicó ningún expediente/);
    assert.doesNotMatch(empty, /SINT-/);

    assert.equal((await post('diana.investigadora', `${CASE}/publicar`)).status, 303);
    const res = await http.request(`${BASE}/transparencia/casos`);
    assert.equal(res.status, 200);
    const list = await res.text();
    assert.match(list, new RegExp(`href="/casos/${SEED_CASE_CODE}\\?lang=es"`));
    assert.doesNotMatch(list, /SINT-NO-PUBLICADA|sin publicar/, 'an unpublished case is not listed');
    assert.ok(!list.includes('Testigo Protegido'), 'no protected name');
    const en = await (await http.request(`${BASE}/transparencia/casos?lang=en`)).text();
    assert.match(en, /Public case files/);
    assert.doesNotMatch(en, /Expedientes públicos|Investigación<|undefined/);
    const publicPage = await http.request(`${BASE}/casos/${SEED_CASE_CODE}`);
    assert.equal(publicPage.status, 200, 'the link leads to the public version');
    assert.equal((await http.request(`${BASE}/casos/SINT-NO-PUBLICADA`)).status, 404);
  });
});
