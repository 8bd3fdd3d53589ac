import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { loadConfig, readConfig } from '../../src/shared/config.ts';
import { type BonoFixture, createBonoFixture } from '../bono/fixtures.ts';
import { type Session as Officer, signIn } from '../helpers/sign-in.ts';
import { PAIN001_XSD, projectRoot, schemasDir } from '../interchange/testdata.ts';

/**
 * Deposit files generated from the back office over HTTP, on a small Bono country with bank
 * accounts (test/bono/fixtures.ts): the export runs in the background, two officers pressing
 * "Generar" at once follow one and the same export, its progress page leads to the round's files
 * with what was sent, and every file is validated against the pain.001.001.03 XSD vendored with
 * ayni (the default of AYNI_ISO20022_SCHEMAS) and the page says so.
 */

const PASSWORD = 'depósitos en segundo plano';
const PERSONS = 90;
let f: BonoFixture;
let http: ReturnType<typeof buildHttpApp>;

const get = (url: string, o: Officer) => http.request(url, { headers: { cookie: o.cookie } });

function post(url: string, o: Officer, fields: Record<string, string> = {}) {
  return http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: o.cookie },
    body: new URLSearchParams({ ...fields, _csrf: o.csrf }).toString(),
  });
}

/** Follows the progress page as a browser does, to where it leads; collects the phases it showed. */
async function followJob(o: Officer, location: string): Promise<{ next: string; phases: string[] }> {
  const phases: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const res = await get(location, o);
    if (res.status === 303) return { next: res.headers.get('location')!, phases };
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<meta http-equiv="refresh" content="2"\/?>/, 'a running export refreshes itself');
    const phase = /data-testid="export-phase" data-phase="([a-z]+)"/.exec(html)?.[1];
    assert.ok(phase, 'a running export’s page names its phase');
    phases.push(phase);
    await sleep(50);
  }
  assert.fail('the export did not finish');
}

let beto: Officer;
let rosa: Officer;

before(async () => {
  f = await createBonoFixture({ persons: PERSONS });
  const config = {
    ...loadConfig({}),
    dataDir: f.dir,
    secureCookies: false as const,
    iso20022Schemas: schemasDir,
  };
  const app: App = {
    config,
    db: f.db,
    rejectsDir: `${f.dir}/rejects`,
    // Inside every collection period of the fixture's round.
    now: () => new Date(f.at),
    simulatedClock: true,
    close: async () => {},
  };
  http = buildHttpApp(app);
  for (const username of ['beto', 'rosa']) {
    const r = await createAccount(f.db, {
      username,
      displayName: username,
      roles: ['bono_officer'],
      password: PASSWORD,
      actor: 'system',
      now: f.at,
    });
    assert.ok(r.ok);
  }
  beto = await signIn(http, 'beto', PASSWORD);
  rosa = await signIn(http, 'rosa', PASSWORD);
});
after(async () => {
  await f?.dispose();
});

test('two officers generate at once: one export runs, both follow it to the files, validated', async (t) => {
  const round = f.round.id;
  const deposits = f.persons.filter((p) => p.channel === 'deposit').length;
  assert.ok(deposits > 0);
  const before = await (await get(`/oficina/rondas/${round}/depositos`, beto)).text();
  assert.match(before, /data-validating="yes">Cada archivo se valida contra el esquema XSD/);

  const [first, second] = await Promise.all([
    post(`/oficina/rondas/${round}/depositos`, beto),
    post(`/oficina/rondas/${round}/depositos`, rosa),
  ]);
  assert.equal(first.status, 303);
  assert.equal(second.status, 303);
  const progress = first.headers.get('location')!;
  assert.match(progress, /^\/oficina\/depositos\/trabajos\/[A-Za-z0-9_-]{22}\?lang=es$/);
  assert.equal(second.headers.get('location'), progress, 'the second officer is sent to the running export');

  const [a, b] = await Promise.all([followJob(beto, progress), followJob(rosa, progress)]);
  assert.equal(a.next, b.next);
  for (const phase of [...a.phases, ...b.phases])
    assert.match(phase, /^(starting|recovering|counting|reserving|validating|done)$/);
  t.diagnostic(`phases seen: ${[...new Set(a.phases)].join(', ') || '(finished before the first look)'}`);
  assert.match(
    a.next,
    new RegExp(`^/oficina/rondas/${round}/depositos\\?resultado=[A-Za-z0-9_-]{22}&lang=es$`),
  );

  const html = await (await get(a.next, beto)).text();
  assert.match(html, /Archivos generados/);
  assert.match(html, new RegExp(`data-testid="deposits-sent">${deposits}<`));
  const downloads = [...html.matchAll(/href="(\/oficina\/depositos\/archivos\/[0-9]+)[^"]*"/g)].map(
    (m) => m[1]!,
  );
  assert.equal(downloads.length, 3, 'one file per bank');
  assert.match(html, /data-validated="yes">sí</);
  const file = await get(downloads[0]!, beto);
  assert.equal(file.status, 200);
  assert.match(await file.text(), /<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.03"/);
  // The result is only shown on its own round's page.
  const key = new URL(a.next, 'http://x').searchParams.get('resultado')!;
  const elsewhere = await (await get(`/oficina/rondas/99/depositos?resultado=${key}`, beto)).text();
  assert.doesNotMatch(elsewhere, /Archivos generados/);
});

test('generating again sends only what is new: nothing', async () => {
  const started = await post(`/oficina/rondas/${f.round.id}/depositos?lang=en`, beto);
  assert.equal(started.status, 303);
  const { next } = await followJob(beto, started.headers.get('location')!);
  const html = await (await get(next, beto)).text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /Files generated/);
  assert.match(html, /data-testid="deposits-sent">0</);
  assert.match(html, /data-validated="no">—</, 'no new file, nothing validated');
});

test('AYNI_ISO20022_SCHEMAS is read once at start-up: the XSDs vendored with ayni unless set, resolved, or refused when it names nothing', () => {
  // Unset, a fresh clone validates: the default is the project's schemas/iso20022.
  assert.equal(loadConfig({}).iso20022Schemas, path.join(projectRoot, 'schemas', 'iso20022'));
  assert.equal(PAIN001_XSD, path.join(projectRoot, 'schemas', 'iso20022', 'pain', 'pain.001.001.03.xsd'));
  assert.ok(existsSync(PAIN001_XSD));
  assert.equal(loadConfig({ AYNI_ISO20022_SCHEMAS: PAIN001_XSD }).iso20022Schemas, PAIN001_XSD);
  assert.deepEqual(readConfig({ AYNI_ISO20022_SCHEMAS: '/no/such/schemas' }), {
    ok: false,
    error: { code: 'config_invalid', variable: 'AYNI_ISO20022_SCHEMAS', problem: 'no such file or folder' },
  });
});
