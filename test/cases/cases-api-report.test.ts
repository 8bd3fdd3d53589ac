import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cliActor, listAuditEntries } from '../../src/audit/index.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { type CasesHttp, casesHttp, openCaseOverApi } from './api-fixture.ts';

/**
 * The report over HTTP: an investigator adds evidence and records a finding resting on it (an
 * analyst may, a prosecutor liaison may not); the liaison downloads the PDF, named as its reader
 * in a header, with the bundle's SHA-256 in another; reading an item's custody log is audited;
 * an officer off the team finds neither.
 */

const PASSWORD = 'casos password 2021 largo';
const CODE = 'REP-API-2019';
let t: TestDatabase;
let call: CasesHttp['call'];

before(async () => {
  ({ t, call } = await casesHttp(
    {
      ana: 'case_investigator',
      carla: 'case_prosecutor_liaison',
      eva: 'case_analyst',
    },
    PASSWORD,
    cliActor('root'),
  ));
});
after(() => t.dispose());

test('a finding over HTTP, the report as PDF for the liaison, custody reads audited', async () => {
  await openCaseOverApi(call, 'ana', CODE, 'Informe API', [['carla', 'prosecutor_liaison']]);
  let res = await call('ana', 'POST', `/api/cases/${CODE}/evidence`, {
    title: 'Acta sintética',
    kind: 'document',
    mediaType: 'text/plain',
    contentBase64: Buffer.from('ACTA SINTETICA\n').toString('base64'),
    collection: { by: 'Ana', place: 'Sacaba', collectedAt: '2021-01-05T10:00:00Z', method: 'entregada' },
  });
  assert.equal(res.status, 201, await res.clone().text());
  const item = ((await res.json()) as { id: string }).id;
  const finding = {
    title: 'Hallazgo de prueba',
    text: 'El acta lo consigna.',
    sources: [{ kind: 'item', id: item }],
  };
  res = await call('carla', 'POST', `/api/cases/${CODE}/findings`, finding);
  assert.equal(res.status, 403, 'a liaison reads, records no finding');
  res = await call('ana', 'POST', `/api/cases/${CODE}/findings`, {
    ...finding,
    sources: [{ kind: 'item', id: '999999' }],
  });
  assert.equal(res.status, 404);
  res = await call('ana', 'POST', `/api/cases/${CODE}/findings`, finding);
  assert.equal(res.status, 201, await res.clone().text());
  assert.equal(((await res.json()) as { number: number }).number, 1);

  res = await call('carla', 'GET', `/api/cases/${CODE}/report.pdf?lang=en`);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('x-ayni-reader'), 'account:carla');
  assert.match(res.headers.get('x-ayni-bundle-sha256') ?? '', /^[0-9a-f]{64}$/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const pdf = Buffer.from(await res.arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');

  res = await call('carla', 'GET', `/api/cases/${CODE}/evidence/${item}/custody`);
  assert.equal(res.status, 200, await res.clone().text());
  const audit = await listAuditEntries(t.db, { last: 1000 });
  assert.ok(audit.some((e) => e.action === 'case_custody.read' && e.actor === 'account:carla'));
  assert.ok(audit.some((e) => e.action === 'case_report.generated' && e.actor === 'account:carla'));
  assert.ok(audit.some((e) => e.action === 'case_finding.recorded' && e.actor === 'account:ana'));

  for (const url of [`/api/cases/${CODE}/report.pdf`, `/api/cases/${CODE}/evidence/${item}/custody`]) {
    res = await call('eva', 'GET', url);
    assert.equal(res.status, 404, `${url}: off the team, not found`);
  }
});
