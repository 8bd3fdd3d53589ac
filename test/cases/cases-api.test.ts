import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cliActor, listAuditEntries } from '../../src/audit/index.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { type CasesHttp, casesHttp, openCaseOverApi } from './api-fixture.ts';

/**
 * The case files' API end to end over HTTP: an investigator opens an investigation, adds a
 * protected witness, a victim of one family and evidence of two families; a victims'
 * representative reads only their family's file (the other family's item is not found) and gets
 * the bytes with their name in the watermark header; an analyst on the team sees the witness by
 * code only; an officer with a case role but off the team finds nothing.
 */

const PASSWORD = 'casos password 2021 largo';
const CODE = 'API-2019';
let t: TestDatabase;
let call: CasesHttp['call'];

before(async () => {
  ({ t, call } = await casesHttp(
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

test('an investigation over HTTP: team, protected witness, family-scoped reads, watermarked bytes', async () => {
  await openCaseOverApi(call, 'ana', CODE, 'Prueba API', [
    ['bruno', 'analyst'],
    ['dora', 'victims_representative', 'FAM-01'],
  ]);
  let res = await call('ana', 'POST', `/api/cases/${CODE}/persons`, {
    fullName: 'Testigo Reservado Sintético',
    roles: ['witness'],
    protected: true,
  });
  assert.equal(res.status, 201);
  const witness = (await res.json()) as { code: string };
  const items: string[] = [];
  for (const family of ['FAM-01', 'FAM-02']) {
    res = await call('ana', 'POST', `/api/cases/${CODE}/evidence`, {
      title: `Autopsia ${family}`,
      kind: 'autopsy_report',
      mediaType: 'text/plain',
      contentBase64: Buffer.from(`AUTOPSIA SINTETICA ${family}\n`).toString('base64'),
      familyCode: family,
      collection: {
        by: 'Forense',
        place: 'Morgue',
        collectedAt: '2019-11-17T10:00:00Z',
        method: 'copia certificada',
      },
    });
    assert.equal(res.status, 201, await res.clone().text());
    items.push(((await res.json()) as { id: string }).id);
  }

  res = await call('dora', 'GET', `/api/cases/${CODE}`);
  assert.equal(res.status, 200);
  const file = (await res.json()) as {
    items: { id: string }[];
    persons: unknown[];
    watermark: { reader: string };
  };
  assert.deepEqual(
    file.items.map((i) => i.id),
    [items[0]],
  );
  assert.deepEqual(file.persons, [], 'the witness is of no family: not shown to a family');
  assert.equal(file.watermark.reader, 'account:dora');
  res = await call('dora', 'GET', `/api/cases/${CODE}/evidence/${items[1]}/content`);
  assert.equal(res.status, 404);
  res = await call('dora', 'GET', `/api/cases/${CODE}/evidence/${items[0]}/content?purpose=familia`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-ayni-reader'), 'account:dora');
  assert.equal(await res.text(), 'AUTOPSIA SINTETICA FAM-01\n');
  const reads = (await listAuditEntries(t.db, { last: 3 })).filter((e) => e.action === 'case_evidence.read');
  assert.equal(reads.at(-1)?.actor, 'account:dora');

  res = await call('bruno', 'GET', `/api/cases/${CODE}`);
  const text = await res.text();
  assert.equal(res.status, 200);
  assert.ok(text.includes(witness.code));
  assert.ok(!text.includes('Testigo Reservado'), 'the analyst sees the protected witness by code only');
  res = await call('bruno', 'POST', `/api/cases/${CODE}/persons`, { fullName: 'X', roles: ['witness'] });
  assert.equal(res.status, 403);
  assert.equal(((await res.json()) as { code: string }).code, 'case_role_refused');

  res = await call('eva', 'GET', `/api/cases/${CODE}`);
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as { code: string }).code, 'case_not_found');

  res = await call('ana', 'POST', `/api/cases/${CODE}/relationships`, {
    from: { kind: 'item', id: items[0] },
    to: { kind: 'item', id: items[1] },
    relation: 'same_morgue',
  });
  assert.equal(res.status, 201, await res.clone().text());
  res = await call('ana', 'POST', `/api/cases/${CODE}/involvements`, {
    actId: '999',
    perpetratorPersonId: '1',
    degree: 'direct',
    source: { kind: 'item', id: items[0] },
  });
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as { code: string }).code, 'case_entity_not_found');

  res = await call('ana', 'GET', `/api/cases/${CODE}/evidence/${items[0]}/custody`);
  const custody = (await res.json()) as { entries: unknown[]; verification: { ok: boolean } };
  assert.equal(custody.verification.ok, true);
  assert.equal(custody.entries.length, 2, 'collected, then dora’s access');
});
