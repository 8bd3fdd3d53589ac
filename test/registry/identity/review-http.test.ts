// The identity review queue over HTTP (issue #23): the back-office pages (the queue, a row beside its
// candidates with the comparisons in words, accept / reject / "not sure") and the JSON API, through
// the server's own app on a real database. Officers only; every decision audited; the form's token
// makes a double submit decide once; two officers deciding one row in parallel end with exactly one
// decision, the other told who decided first.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../../src/app.ts';
import { buildHttpApp } from '../../../src/http/server.ts';
import { loadConfig } from '../../../src/shared/config.ts';
import { createOfficer } from '../../helpers/back-office.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { type Session, signIn } from '../../helpers/sign-in.ts';
import { type FixturePerson, queueRows, reviewRegistry } from './review-fixture.ts';

const PASSWORD = 'correct horse battery staple';
let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
let persons: FixturePerson[];
let ana: Session;
let beto: Session;
let auditora: Session;

const get = (url: string, o?: Session) => http.request(url, { headers: o ? { cookie: o.cookie } : {} });

/** Posts the decision form as a browser does (urlencoded, with the session's CSRF token). */
const postDecision = (id: bigint, o: Session, fields: Record<string, string>) =>
  http.request(`/oficina/identidades/${id}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: o.cookie },
    body: new URLSearchParams({ ...fields, _csrf: o.csrf }).toString(),
  });

/** Calls the decision API with a JSON body, signed in by the API. */
const apiDecision = (id: bigint, o: Session, body: Record<string, string>) =>
  http.request(`/api/identity-reviews/${id}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: o.cookie, 'x-csrf-token': o.csrf },
    body: JSON.stringify(body),
  });

const reviewOf = async (id: bigint) => {
  const [r] = await t.db.query<{
    status: string;
    decided_by: string | null;
    decided_person_id: bigint | null;
  }>('SELECT status, decided_by, decided_person_id FROM identity_review WHERE id = $1', [String(id)]);
  return r;
};

const auditActions = async (id: bigint) =>
  (
    await t.db.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_entry WHERE entity_type = 'identity_review' AND entity_id = $1 ORDER BY seq`,
      [String(id)],
    )
  ).map((r) => `${r.action} ${r.actor}`);

const links = async (id: bigint) =>
  (
    await t.db.query<{ person_id: bigint; decided_by: string }>(
      'SELECT person_id, decided_by FROM identity_link WHERE review_id = $1',
      [String(id)],
    )
  ).map((r) => `${r.person_id} ${r.decided_by}`);

before(async () => {
  t = await createTestDatabase();
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  persons = await reviewRegistry(t.db, t.dir);
  await createOfficer(t.db, 'ana', ['bono_officer'], PASSWORD);
  await createOfficer(t.db, 'beto', ['bono_officer'], PASSWORD);
  await createOfficer(t.db, 'auditora', ['auditor'], PASSWORD);
  ana = await signIn(http, 'ana', PASSWORD);
  beto = await signIn(http, 'beto', PASSWORD);
  auditora = await signIn(http, 'auditora', PASSWORD);
});

after(async () => {
  await t.dispose();
});

describe('the back-office pages', () => {
  let reviews: bigint[];
  before(async () => {
    reviews = await queueRows(
      t.db,
      t.dir,
      [persons[1]!, persons[2]!, persons[3]!, persons[4]!],
      [persons[5]!],
    );
  });

  test('the queue and a row need a signed-in officer; the row shows the list’s data beside the candidate in words, no internal names', async () => {
    const anonymous = await get('/oficina/identidades');
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location') ?? '', /^\/oficina\/ingresar/);

    const queue = await (await get('/oficina/identidades', ana)).text();
    assert.match(queue, /4 filas por revisar/);
    assert.match(queue, /Asegurados dependientes y consultores con aportes/);
    for (const id of reviews) assert.match(queue, new RegExp(`href="/oficina/identidades/${id}\\?lang=es"`));

    const res = await get(`/oficina/identidades/${reviews[0]}`, ana);
    assert.equal(res.status, 200);
    const html = await res.text();
    const p = persons[1]!;
    assert.match(html, new RegExp(`<td>${p.ci}</td>`), 'the CI as sent and as registered');
    assert.match(html, /Número de CI: igual/);
    assert.match(html, /Fecha de nacimiento: difiere solo en el día, el mes o el año/);
    assert.match(html, /Rosa María/);
    assert.match(html, new RegExp(`Es el candidato 1 \\(persona n\\.º ${p.id}\\)`));
    assert.match(html, /No estoy seguro: que lo decida otro funcionario/);
    assert.match(html, /name="visto" value="pending"/);
    for (const internal of [
      'one_field_off',
      'ci_number',
      'date_of_birth',
      'afp-dependent',
      'pending<',
      'account:',
    ])
      assert.ok(!html.includes(internal), `the Spanish page shows no internal name (${internal})`);
    const en = await (await get(`/oficina/identidades/${reviews[0]}?lang=en`, ana)).text();
    assert.match(en, /Date of birth: only the day, the month or the year differs/);
    assert.ok(!en.includes('Fecha de nacimiento'));

    // an auditor reads the row but has no form, and a decision posted anyway is refused
    const forAuditor = await (await get(`/oficina/identidades/${reviews[0]}`, auditora)).text();
    assert.ok(!forAuditor.includes('name="decision"'));
    const refused = await postDecision(reviews[0]!, auditora, {
      decision: 'rechazar',
      motivo: 'x',
      visto: 'pending',
    });
    assert.equal(refused.status, 403);
    assert.equal((await reviewOf(reviews[0]!))?.status, 'pending');
  });

  test('the citizen whose list row matched exactly reads no word of a review', async () => {
    const p = persons[5]!;
    const [y, m, d] = p.dob.split('-') as [string, string, string];
    const answer = await http.request('/bono/estado', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ci: p.ci,
        complemento: '',
        'dob-day': d,
        'dob-month': m,
        'dob-year': y,
      }).toString(),
    });
    assert.equal(answer.status, 200);
    assert.ok(!(await answer.text()).includes('data-testid="reviewed-links"'));
  });

  test('a decision without a choice or a rejection without its reason comes back with what to fix, nothing recorded', async () => {
    const none = await postDecision(reviews[0]!, ana, { visto: 'pending' });
    assert.equal(none.status, 400);
    assert.match(await none.text(), /Elija una decisión/);
    const noReason = await postDecision(reviews[0]!, ana, { decision: 'rechazar', visto: 'pending' });
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /Escriba el motivo del rechazo/);
    assert.deepEqual(await auditActions(reviews[0]!), []);
  });

  test('a double submit of the form decides once: the second answer says it was already recorded', async () => {
    const id = reviews[0]!;
    const fields = {
      decision: 'rechazar',
      motivo: 'otra persona: el año no es un error de tipeo',
      visto: 'pending',
    };
    const [a, b] = await Promise.all([postDecision(id, ana, fields), postDecision(id, ana, fields)]);
    assert.deepEqual([a.status, b.status], [303, 303]);
    const where = [a.headers.get('location'), b.headers.get('location')].sort();
    assert.deepEqual(where, [
      `/oficina/identidades/${id}?hecho=rejected&lang=es`,
      `/oficina/identidades/${id}?hecho=repeated&lang=es`,
    ]);
    assert.deepEqual(await auditActions(id), ['identity_review.rejected account:ana']);
    const page = await (await get(`/oficina/identidades/${id}?hecho=repeated`, ana)).text();
    assert.match(page, /Esa decisión ya estaba registrada: no se registró dos veces/);
    assert.ok(!page.includes('name="decision"'), 'a decided row has no form');
  });

  test('two officers decide one row in parallel: exactly one decision wins, the other is told who decided first', async () => {
    const id = reviews[1]!;
    const p = persons[2]!;
    const [a, b] = await Promise.all([
      postDecision(id, ana, {
        decision: `aceptar-${p.id}`,
        motivo: 'mismo CI, año mal escrito',
        visto: 'pending',
      }),
      postDecision(id, beto, { decision: 'rechazar', motivo: 'no es la misma persona', visto: 'pending' }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [303, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 409 ? 'beto' : 'ana';
    const text = await loser.text();
    assert.match(text, /Esa fila ya fue decidida/);
    assert.match(
      text,
      new RegExp(`ya fue (aceptada|rechazada) por ${winner}\\. Una fila se decide una sola vez`),
    );
    const row = await reviewOf(id);
    assert.equal(row?.decided_by, `account:${winner}`);
    assert.equal((await auditActions(id)).length, 1);
    assert.deepEqual(await links(id), winner === 'ana' ? [`${p.id} account:ana`] : []);
  });

  test('"not sure" keeps the row in the queue flagged for another officer, who decides it; the one unsure cannot', async () => {
    const id = reviews[2]!;
    const p = persons[3]!;
    const unsure = await postDecision(id, ana, { decision: 'dudar', visto: 'pending' });
    assert.equal(unsure.status, 303);
    assert.equal((await reviewOf(id))?.status, 'unsure');
    const queue = await (await get('/oficina/identidades', beto)).text();
    assert.match(queue, new RegExp(`identidades/${id}\\?lang=es"`));
    assert.match(queue, /No estoy seguro: para otro funcionario/);
    const page = await (await get(`/oficina/identidades/${id}`, beto)).text();
    assert.match(page, /ana no estuvo seguro: otro funcionario decide esta fila/);
    assert.match(page, /name="visto" value="unsure"/);
    assert.ok(!page.includes('value="dudar"'), 'no second "not sure"');
    const self = await postDecision(id, ana, { decision: `aceptar-${p.id}`, visto: 'unsure' });
    assert.equal(self.status, 409);
    assert.match(await self.text(), /Otro funcionario debe decidir esta fila/);
    const senior = await postDecision(id, beto, {
      decision: `aceptar-${p.id}`,
      motivo: 'revisado',
      visto: 'unsure',
    });
    assert.equal(senior.status, 303);
    assert.deepEqual(await auditActions(id), [
      'identity_review.escalated account:ana',
      'identity_review.accepted account:beto',
    ]);
    assert.deepEqual(await links(id), [`${p.id} account:beto`]);
    // the citizen's answer says the list named them after an officer's review, in words
    const [y, m, d] = p.dob.split('-') as [string, string, string];
    const answer = await http.request('/bono/estado', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ci: p.ci,
        complemento: '',
        'dob-day': d,
        'dob-month': m,
        'dob-year': y,
      }).toString(),
    });
    assert.equal(answer.status, 200);
    const why = await answer.text();
    assert.match(why, /Un funcionario comparó esa fila con su registro y confirmó que se trata de usted/);
    assert.match(why, /Asegurados dependientes y consultores con aportes/);
    assert.ok(!why.includes('afp-dependent') && !why.includes('identity_'), 'no internal names');
    // an officer whose page still showed the row "pending" is told it moved on
    const stale = await postDecision(id, ana, { decision: 'rechazar', motivo: 'x', visto: 'pending' });
    assert.equal(stale.status, 409);
  });
});

describe('the API', () => {
  let reviews: bigint[];
  let apiAna: Session;
  let apiBeto: Session;
  before(async () => {
    reviews = await queueRows(t.db, t.dir, [persons[10]!, persons[11]!], [], 'afp-2.csv');
    apiAna = await signIn(http, 'ana', PASSWORD, { through: 'api' });
    apiBeto = await signIn(http, 'beto', PASSWORD, { through: 'api' });
  });

  test('lists the waiting rows and one row with its candidates; without a session it answers 401', async () => {
    assert.equal((await get('/api/identity-reviews')).status, 401);
    const list = (await (await get('/api/identity-reviews', apiAna)).json()) as {
      total: number;
      reviews: Array<{ id: string; status: string; candidates: Array<{ personId: string }> }>;
    };
    for (const id of reviews) assert.ok(list.reviews.some((r) => r.id === String(id)));
    const one = (await (await get(`/api/identity-reviews/${reviews[0]}`, apiAna)).json()) as {
      review: { ciNumber: string; candidates: Array<{ personId: string; vector: Record<string, string> }> };
      persons: Array<{ id: string; givenNames: string }>;
    };
    assert.equal(one.review.ciNumber, persons[10]!.ci);
    assert.equal(one.review.candidates[0]?.personId, String(persons[10]!.id));
    assert.equal(one.review.candidates[0]?.vector['date_of_birth'], 'one_field_off');
    assert.equal(one.persons[0]?.givenNames, 'Rosa María');
    assert.equal((await get('/api/identity-reviews/999999', apiAna)).status, 404);
  });

  test('two officers decide one row in parallel through the API: one 200, one 409 naming the first', async () => {
    const id = reviews[1]!;
    const p = persons[11]!;
    const [a, b] = await Promise.all([
      apiDecision(id, apiAna, { decision: 'accept', personId: String(p.id), seen: 'pending' }),
      apiDecision(id, apiBeto, { decision: 'reject', reason: 'otra persona', seen: 'pending' }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = (await (a.status === 409 ? a : b).json()) as { code: string; decidedBy: string };
    assert.equal(loser.code, 'identity_review_decided');
    const winner = a.status === 200 ? 'ana' : 'beto';
    assert.equal(loser.decidedBy, `account:${winner}`);
    assert.equal((await auditActions(id)).length, 1);
    // the winner's retry is answered as a repeat and records nothing
    const retry = await apiDecision(
      id,
      winner === 'ana' ? apiAna : apiBeto,
      winner === 'ana'
        ? { decision: 'accept', personId: String(p.id), seen: 'pending' }
        : { decision: 'reject', reason: 'otra persona', seen: 'pending' },
    );
    assert.equal(retry.status, 200);
    assert.equal(((await retry.json()) as { repeated: boolean }).repeated, true);
    assert.equal((await auditActions(id)).length, 1);
  });
});
