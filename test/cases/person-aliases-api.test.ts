import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cliActor } from '../../src/audit/index.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { type CasesHttp, casesHttp, openCaseOverApi } from './api-fixture.ts';

/**
 * A protected witness's aliases over HTTP (POST /api/cases/:code/persons/:id/aliases): the
 * investigator adds and removes them, an analyst is refused; the file as the analyst reads it
 * holds neither the name nor any alias, the investigator's holds both.
 */

const PASSWORD = 'casos password 2021 largo';
const CODE = 'API-ALIAS-1';
let t: TestDatabase;
let call: CasesHttp['call'];

before(async () => {
  ({ t, call } = await casesHttp(
    { ana: 'case_investigator', bruno: 'case_analyst' },
    PASSWORD,
    cliActor('root'),
  ));
});
after(() => t.dispose());

test('aliases over HTTP: added and removed by the investigator, never shown to the analyst', async () => {
  await openCaseOverApi(call, 'ana', CODE, 'Alias API', [['bruno', 'analyst']]);
  let res = await call('ana', 'POST', `/api/cases/${CODE}/persons`, {
    fullName: 'Testigo Reservado Sintético',
    roles: ['witness'],
    protected: true,
  });
  assert.equal(res.status, 201);
  const witness = (await res.json()) as { id: string; code: string };
  const path = `/api/cases/${CODE}/persons/${witness.id}/aliases`;
  res = await call('ana', 'POST', path, { alias: 'el Reservado' });
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { personId: witness.id, alias: 'el Reservado', changed: true });
  res = await call('bruno', 'POST', path, { alias: 'Otro Nombre' });
  assert.equal(res.status, 403);
  res = await call('ana', 'POST', path, { alias: '' });
  assert.equal(res.status, 400);
  res = await call('bruno', 'GET', `/api/cases/${CODE}`);
  const seen = await res.text();
  assert.ok(!/reservado/i.test(seen), 'neither the name nor the alias reaches the analyst');
  assert.ok(seen.includes(witness.code));
  res = await call('ana', 'GET', `/api/cases/${CODE}`);
  const file = (await res.json()) as { aliases: { personId: string; alias: string }[] };
  assert.deepEqual(file.aliases, [{ personId: witness.id, alias: 'el Reservado' }]);
  res = await call('ana', 'POST', path, { alias: 'EL RESERVADO', remove: true });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { changed: boolean }).changed, true);
});
