import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accountActor } from '../../src/audit/index.ts';
import { readCaseFile, SEED_CASE_CODE } from '../../src/cases/index.ts';
import { BASE, type CasesHttp, casesHttp, seedCaseTeam } from '../cases/api-fixture.ts';
import type { TestDatabase } from '../helpers/database.ts';

/**
 * A protected witness's other names from the case page (issue #21 §3): the investigator adds one
 * with the page's form and sees it beside the name; the analyst's page shows neither name nor
 * alias, and the analyst's post is refused; removing it takes it off the page.
 */

const PASSWORD = 'alias desde la pagina 2021';
const CASE = `/oficina/casos/${SEED_CASE_CODE}`;
const diana = { username: 'diana.investigadora', actor: accountActor('diana.investigadora') };
let t: TestDatabase;
let http: CasesHttp['http'];
let sessions: CasesHttp['sessions'];

before(async () => {
  ({ t, http, sessions } = await casesHttp(
    { 'diana.investigadora': 'case_investigator', 'bruno.analista': 'case_analyst' },
    PASSWORD,
    'system',
    (t) => seedCaseTeam(t, diana, [['bruno.analista', 'analyst']]),
  ));
});
after(() => t.dispose());

const get = (who: string) => http.request(`${BASE}${CASE}`, { headers: { cookie: sessions[who]!.cookie } });
const post = (who: string, fields: Record<string, string>) =>
  http.request(`${BASE}${CASE}/personas/alias`, {
    method: 'POST',
    headers: { cookie: sessions[who]!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: sessions[who]!.csrf, ...fields }).toString(),
  });

test('an alias from the page: shown to the investigator, never to the analyst', async () => {
  const file = await readCaseFile(t.db, SEED_CASE_CODE, diana, new Date());
  assert.ok(file.ok);
  const witness = file.value.persons.find((p) => p.protected && !p.withheld)!;
  assert.ok(witness && !witness.withheld);
  const form = await (await get('diana.investigadora')).text();
  assert.match(form, /name="alias"/, 'the investigator has the form');
  assert.ok(!(await (await get('bruno.analista')).text()).includes('name="alias"'), 'the analyst has not');
  let res = await post('diana.investigadora', {
    persona: String(witness.id),
    alias: 'el Mirador',
    accion: 'agregar',
  });
  assert.equal(res.status, 303);
  const page = await (await get('diana.investigadora')).text();
  assert.ok(page.includes(`${witness.fullName} (también conocida como el Mirador)`));
  const analyst = await (await get('bruno.analista')).text();
  assert.ok(!analyst.includes('Mirador') && !analyst.includes(witness.fullName), 'no name nor alias');
  res = await post('bruno.analista', { persona: String(witness.id), alias: 'Otro', accion: 'agregar' });
  assert.equal(res.status, 403);
  res = await post('diana.investigadora', { persona: String(witness.id), alias: '', accion: 'agregar' });
  assert.equal(res.status, 400);
  res = await post('diana.investigadora', {
    persona: String(witness.id),
    alias: 'EL MIRADOR',
    accion: 'quitar',
  });
  assert.equal(res.status, 303);
  assert.ok(!(await (await get('diana.investigadora')).text()).includes('Mirador'));
});
