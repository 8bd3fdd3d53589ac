// Registry duplicates and their maker-checker merges over HTTP (issue #23): the back-office pages
// (duplicates, a pair side by side with the proposal form, the merges, one merge with approve /
// reject / undo) and the JSON API, through the server's own app on a real database. A bono officer
// proposes, a bono approver decides, never the proposer; two approvals at once merge once.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { App } from '../../../src/app.ts';
import { buildHttpApp } from '../../../src/http/server.ts';
import { seededRandom } from '../../../src/registry/identity/model.ts';
import { personImportSpec, runImport } from '../../../src/registry/index.ts';
import { loadConfig } from '../../../src/shared/config.ts';
import { createOfficer } from '../../helpers/back-office.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { okValue } from '../../helpers/result.ts';
import { type Session, signIn } from '../../helpers/sign-in.ts';

const PASSWORD = 'correct horse battery staple';
const ASOF = '2021-03-01';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';
const GIVEN = ['Ana', 'María', 'Juan', 'José', 'Luis', 'Rosa', 'Carmen', 'Pedro', 'Elena', 'Víctor'];
const SURNAMES = [
  'Quispe',
  'Mamani',
  'Choque',
  'Condori',
  'Flores',
  'Vargas',
  'Rojas',
  'Apaza',
  'Ticona',
  'Copa',
];

let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
let ana: Session;
let eva: Session;
let rui: Session;
/** Person ids of the duplicate pairs: [original, copy]. */
const pairs: Array<[bigint, bigint]> = [];

const get = (url: string, o?: Session) => http.request(url, { headers: o ? { cookie: o.cookie } : {} });
const postForm = (url: string, o: Session, fields: Record<string, string>) =>
  http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: o.cookie },
    body: new URLSearchParams({ ...fields, _csrf: o.csrf }).toString(),
  });
const postJson = (url: string, o: Session, body: unknown) =>
  http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: o.cookie, 'x-csrf-token': o.csrf },
    body: JSON.stringify(body),
  });

const inReadModel = async (id: bigint) =>
  (await t.db.query('SELECT 1 FROM registry_person WHERE id = $1', [String(id)])).length === 1;

before(async () => {
  t = await createTestDatabase();
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  const random = seededRandom(3);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const lines = [HEADER];
  const keys: Array<[string, string]> = [];
  for (let i = 0; i < 400; i++) {
    const ci = String(3_000_000 + Math.floor(random() * 6_000_000));
    const dob = `${1950 + Math.floor(random() * 50)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const line = `${ci},,LP,${pick(GIVEN)},${pick(SURNAMES)},${pick(SURNAMES)},${dob},F,020101,BO,`;
    lines.push(line);
    // the first three persons are registered a second time with two CI digits swapped
    if (i < 3 && ci[2] !== ci[3]) {
      const copy = `${ci.slice(0, 2)}${ci[3]}${ci[2]}${ci.slice(4)}`;
      lines.push(line.replace(`${ci},`, `${copy},`));
      keys.push([ci, copy]);
    }
  }
  const file = path.join(t.dir, 'persons.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  okValue(
    await runImport(t.db, personImportSpec(ASOF), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
  for (const [ci, copy] of keys) {
    const ids = await t.db.query<{ id: bigint; ci_number: string }>(
      'SELECT id, ci_number FROM person WHERE ci_number = ANY($1::text[])',
      [[ci, copy]],
    );
    const id = (c: string) => BigInt(ids.find((r) => r.ci_number === c)?.id ?? 0);
    pairs.push([id(ci), id(copy)]);
  }
  assert.ok(pairs.length >= 2, 'at least two duplicate pairs');
  await createOfficer(t.db, 'ana', ['bono_officer'], PASSWORD);
  await createOfficer(t.db, 'eva', ['bono_approver'], PASSWORD);
  await createOfficer(t.db, 'rui', ['bono_approver'], PASSWORD);
  ana = await signIn(http, 'ana', PASSWORD);
  eva = await signIn(http, 'eva', PASSWORD);
  rui = await signIn(http, 'rui', PASSWORD);
});

after(async () => {
  await t.dispose();
});

test('the pages: duplicates found, a pair side by side in words, proposed by one officer, approved by another, undone', async () => {
  const anonymous = await get('/oficina/identidades/duplicados');
  assert.equal(anonymous.status, 303);

  const list = await get('/oficina/identidades/duplicados', ana);
  assert.equal(list.status, 200);
  const listHtml = await list.text();
  const [original, copy] = pairs[0] as [bigint, bigint];
  const [low, high] = original < copy ? [original, copy] : [copy, original];
  assert.match(
    listHtml,
    new RegExp(`/oficina/identidades/fusiones/nueva\\?a=${low}&amp;b=${high}`),
    'the pair links to its comparison',
  );
  assert.match(listHtml, /Muy probable|Posible/);
  // the queue links to the duplicates and the merges
  const queue = await (await get('/oficina/identidades', ana)).text();
  assert.match(queue, /href="\/oficina\/identidades\/duplicados\?lang=es"/);

  const pairPage = await get(`/oficina/identidades/fusiones/nueva?a=${original}&b=${copy}&peso=30.0`, ana);
  assert.equal(pairPage.status, 200);
  const pairHtml = await pairPage.text();
  assert.match(pairHtml, /Número de CI: /);
  assert.match(pairHtml, new RegExp(`Conservar a la persona ${original}`));
  for (const internal of ['ci_number', 'transposition', 'date_of_birth', 'given_names'])
    assert.doesNotMatch(pairHtml, new RegExp(`>[^<]*${internal}`), `no internal name ${internal}`);

  // the form without a choice comes back with what to fix
  const missing = await postForm('/oficina/identidades/fusiones', ana, {
    a: String(original),
    b: String(copy),
    motivo: '',
  });
  assert.equal(missing.status, 400);
  assert.match(await missing.text(), /Elija qué registro se conserva/);

  const proposed = await postForm('/oficina/identidades/fusiones', ana, {
    a: String(original),
    b: String(copy),
    peso: '30.0',
    conservar: String(original),
    motivo: 'mismo nombre y fecha; el carnet tiene dos dígitos invertidos',
  });
  assert.equal(proposed.status, 303);
  const location = proposed.headers.get('location') ?? '';
  const id = /\/oficina\/identidades\/fusiones\/(\d+)\?/.exec(location)?.[1];
  assert.ok(id, location);

  const own = await (await get(location, ana)).text();
  assert.match(own, /La fusión quedó propuesta/);
  assert.doesNotMatch(own, /name="decision"/, 'no decision form for the proposer (nor the permission)');
  // the proposer holds no approval permission
  const refused = await postForm(`/oficina/identidades/fusiones/${id}/decision`, ana, {
    decision: 'aprobar',
    motivo: 'yo',
  });
  assert.equal(refused.status, 403);

  const evaPage = await (await get(`/oficina/identidades/fusiones/${id}`, eva)).text();
  assert.match(evaPage, /name="decision"/);
  assert.match(evaPage, /Aprobar: es la misma persona/);
  const approved = await postForm(`/oficina/identidades/fusiones/${id}/decision`, eva, {
    decision: 'aprobar',
    motivo: 'revisé los dos certificados de nacimiento',
  });
  assert.equal(approved.status, 303);
  assert.match(approved.headers.get('location') ?? '', /hecho=approved/);
  assert.equal(await inReadModel(copy), false);
  assert.ok(await inReadModel(original));
  const after = await (await get(`/oficina/identidades/fusiones/${id}?hecho=approved`, eva)).text();
  assert.match(after, /La fusión está vigente/);
  assert.match(after, /Deshacer la fusión/);
  // a second approval of the same merge: told who decided
  const second = await postForm(`/oficina/identidades/fusiones/${id}/decision`, rui, {
    decision: 'aprobar',
    motivo: 'también',
  });
  assert.equal(second.status, 409);
  assert.match(await second.text(), /ya está aprobada/);

  const merges = await (await get('/oficina/identidades/fusiones?lang=en', ana)).text();
  assert.match(merges, /Approved: in force/);

  const undone = await postForm(`/oficina/identidades/fusiones/${id}/deshacer`, eva, {
    motivo: 'eran hermanas',
  });
  assert.equal(undone.status, 303);
  assert.ok(await inReadModel(copy));
  const audit = await t.db.query<{ action: string; actor: string }>(
    `SELECT action, actor FROM audit_entry WHERE entity_type = 'identity_merge' AND entity_id = $1 ORDER BY seq`,
    [id],
  );
  assert.deepEqual(
    audit.map((r) => `${r.action} ${r.actor}`),
    [
      'identity_merge.proposed account:ana',
      'identity_merge.approved account:eva',
      'identity_merge.unmerged account:eva',
    ],
  );
});

test('the API: propose, two approvals at once merge once (the other 409 with who), unmerge', async () => {
  const [original, copy] = pairs[1] as [bigint, bigint];
  const dup = await get('/api/identity-merges/duplicates', ana);
  assert.equal(dup.status, 200);
  const found = (await dup.json()) as { pairs: Array<{ left: { id: string }; right: { id: string } }> };
  assert.ok(
    found.pairs.some(
      (p) => [p.left.id, p.right.id].sort().join() === [String(original), String(copy)].sort().join(),
    ),
  );
  const notAllowed = await postJson('/api/identity-merges', eva, {
    survivingPersonId: String(original),
    retiredPersonId: String(copy),
    reason: 'x',
  });
  assert.equal(notAllowed.status, 403, 'an approver does not propose');
  const proposed = await postJson('/api/identity-merges', ana, {
    survivingPersonId: String(original),
    retiredPersonId: String(copy),
    reason: 'duplicate: CI digits swapped',
  });
  assert.equal(proposed.status, 201);
  const { merge } = (await proposed.json()) as { merge: { id: string; status: string } };
  assert.equal(merge.status, 'proposed');
  const [a, b] = await Promise.all(
    [eva, rui].map((o) =>
      postJson(`/api/identity-merges/${merge.id}/decision`, o, {
        decision: 'approve',
        reason: 'same person',
      }),
    ),
  );
  const statuses = [a?.status, b?.status].sort();
  assert.deepEqual(statuses, [200, 409]);
  const lost = [a, b].find((r) => r?.status === 409);
  const problem = (await lost?.json()) as { code?: string; detail?: string };
  assert.equal(problem.code, 'identity_merge_decided');
  const shown = (await (await get(`/api/identity-merges/${merge.id}`, ana)).json()) as {
    merge: { status: string };
    retired: { id: string };
  };
  assert.equal(shown.merge.status, 'approved');
  assert.equal(shown.retired.id, String(copy));
  const undone = await postJson(`/api/identity-merges/${merge.id}/unmerge`, rui, { reason: 'two people' });
  assert.equal(undone.status, 200);
  assert.equal(((await undone.json()) as { merge: { status: string } }).merge.status, 'unmerged');
});
