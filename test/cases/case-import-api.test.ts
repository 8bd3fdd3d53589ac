import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cliActor } from '../../src/audit/index.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { BASE, type CasesHttp, casesHttp, openCaseOverApi } from './api-fixture.ts';

/**
 * POST /api/cases/:code/imports/:kind over HTTP: the body is the file (CSV or JSON); 201 with the
 * counts, 200 for the same file again (nothing added), 422 with each rejected row's line and reason
 * (nothing written); an analyst and a victims' representative are refused before their body is
 * read (a body over the limit answers 403 to them, 413 to the investigator).
 */

const PASSWORD = 'casos password 2021 largo';
const CODE = 'API-IMPORT-2019';
let t: TestDatabase;
let http: CasesHttp['http'];
let sessions: CasesHttp['sessions'];
let call: CasesHttp['call'];

before(async () => {
  ({ t, http, sessions, call } = await casesHttp(
    {
      ana: 'case_investigator',
      bruno: 'case_analyst',
      dora: 'victims_representative',
      eva: 'case_analyst',
    },
    PASSWORD,
    cliActor('root'),
  ));
});
after(() => t.dispose());

async function send(who: string, url: string, body: string | Uint8Array, type: string) {
  const s = sessions[who]!;
  return http.request(`${BASE}${url}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': type },
    body,
  });
}

interface Outcome {
  status: string;
  read: number;
  accepted: number;
  added: number;
  alreadyInCase: number;
  rejected: number;
  rejections: { line: number; reason: string; field?: string }[];
}

const EVENTS = [
  'title,event_type,place_name,latitude,longitude,starts_at,ends_at,description',
  'Puente sintético,protest_repression,Sacaba,-17.400000,-66.040000,2019-11-15T15:00:00-04:00,2019-11-15T19:00:00-04:00,',
  'Planta sintética,armed_operation,Senkata,,,2019-11-19T09:00:00-04:00,2019-11-19T14:00:00-04:00,',
].join('\n');

test('an investigator imports events (CSV) and persons (JSON); the same file again adds nothing; a bad row writes nothing', async () => {
  await openCaseOverApi(call, 'ana', CODE, 'Importación API', [
    ['bruno', 'analyst'],
    ['dora', 'victims_representative', 'FAM-01'],
  ]);
  const url = `/api/cases/${CODE}/imports/events?fileName=hechos.csv`;
  let res = await send('ana', url, EVENTS, 'text/csv');
  assert.equal(res.status, 201, await res.clone().text());
  let o = (await res.json()) as Outcome;
  assert.deepEqual([o.status, o.read, o.accepted, o.added, o.rejected], ['completed', 2, 2, 2, 0]);
  res = await send('ana', url, EVENTS, 'text/csv');
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as Outcome).status, 'already_imported');

  res = await send(
    'ana',
    `/api/cases/${CODE}/imports/persons`,
    JSON.stringify([
      { full_name: 'Testigo Sintético', roles: ['witness'], protected: true },
      { full_name: 'Víctima Sintética', roles: 'victim', family_code: 'FAM-01' },
    ]),
    'application/json',
  );
  assert.equal(res.status, 201, await res.clone().text());
  o = (await res.json()) as Outcome;
  assert.deepEqual([o.read, o.added], [2, 2]);

  res = await send(
    'ana',
    `/api/cases/${CODE}/imports/events`,
    `${EVENTS}\nMalo,massacre,X,,,2019-11-20T10:00:00Z,,`,
    'text/csv',
  );
  assert.equal(res.status, 422);
  o = (await res.json()) as Outcome;
  assert.deepEqual([o.status, o.read, o.accepted, o.rejected, o.added], ['rejected', 3, 2, 1, 0]);
  assert.deepEqual(o.rejections, [{ line: 4, reason: 'case_input_invalid', field: 'eventType' }]);

  res = await call('ana', 'GET', `/api/cases/${CODE}`);
  const file = (await res.json()) as { events: unknown[]; persons: unknown[] };
  assert.equal(file.events.length, 2, 'the rejected file wrote nothing');
  assert.equal(file.persons.length, 2);
});

test('an analyst and a victims’ representative are refused before their body is read; too large a file is 413', async () => {
  const big = new Uint8Array(17 * 1024 * 1024).fill(0x41);
  for (const who of ['bruno', 'dora']) {
    const small = await send(
      who,
      `/api/cases/${CODE}/imports/events`,
      EVENTS.replace('Sacaba', 'Quillacollo'),
      'text/csv',
    );
    assert.equal(small.status, 403, who);
    const large = await send(who, `/api/cases/${CODE}/imports/events`, big, 'text/csv');
    assert.equal(large.status, 403, `${who}: refused, not measured`);
  }
  const off = await send('eva', `/api/cases/${CODE}/imports/events`, EVENTS, 'text/csv');
  assert.equal(off.status, 404, 'off the team: not found');
  const large = await send('ana', `/api/cases/${CODE}/imports/events`, big, 'text/csv');
  assert.equal(large.status, 413);
  const file = (await (await call('ana', 'GET', `/api/cases/${CODE}`)).json()) as { events: unknown[] };
  assert.equal(file.events.length, 2);
});
