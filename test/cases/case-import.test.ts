import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { listAuditEntries } from '../../src/audit/index.ts';
import {
  type CaseReader,
  importCaseFile,
  openInvestigation,
  readCaseFile,
  setTeamMember,
} from '../../src/cases/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * Bulk import of a case file's events and persons (issue #21 §7), on both back ends: rows read =
 * accepted + rejected; one bad row and nothing is written, the row quarantined with its line and
 * reason; the same file twice adds nothing; a person is linked to the population registry; only
 * the team's investigators import (an analyst and a victims' representative are refused).
 */

let t: TestDatabase;
const at = new Date('2021-03-02T12:00:00Z');
const reader = (username: string): CaseReader => ({ username, actor: `account:${username}` });
const lead = reader('ana.investigadora');
const analyst = reader('bruno.analista');
const family = reader('dora.familia');
const CODE = 'SINT-IMPORT-1';
const enc = (s: string) => new TextEncoder().encode(s);

const EVENTS_CSV = [
  'title,event_type,place_name,latitude,longitude,starts_at,ends_at,description',
  'Puente sintético A,protest_repression,Sacaba,-17.400000,-66.040000,2019-11-15T15:00:00-04:00,2019-11-15T19:00:00-04:00,"Marcha, dispersada"',
  'Planta sintética B,armed_operation,Senkata,-16.560000,-68.200000,2019-11-19T09:00:00-04:00,2019-11-19T14:00:00-04:00,',
  'Velatorio sintético,other,El Alto,,,2019-11-20T10:00:00-04:00,,',
].join('\n');

async function counts(): Promise<{ events: number; persons: number; imports: number; rejects: number }> {
  const [r] = await t.db.query<{ events: number; persons: number; imports: number; rejects: number }>(
    `SELECT (SELECT count(*)::int FROM case_event) AS events, (SELECT count(*)::int FROM case_person) AS persons,
            (SELECT count(*)::int FROM case_import) AS imports, (SELECT count(*)::int FROM case_import_reject) AS rejects`,
  );
  return r!;
}

before(async () => {
  t = await createTestDatabase();
  okValue(
    await openInvestigation(t.db, { code: CODE, title: 'Importación', openedOn: '2020-07-01' }, lead, at),
  );
  okValue(await setTeamMember(t.db, CODE, { username: analyst.username, teamRole: 'analyst' }, lead, at));
  okValue(
    await setTeamMember(
      t.db,
      CODE,
      { username: family.username, teamRole: 'victims_representative', familyCode: 'FAM-01' },
      lead,
      at,
    ),
  );
  const [imp] = await t.db.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, actor, status)
     VALUES ('persons', 'fixture', $1, 'test', 'completed') RETURNING id`,
    [randomBytes(32).toString('hex')],
  );
  await t.db.query(
    `INSERT INTO person (ci_number, complemento, given_names, first_surname, date_of_birth, sex, municipality_code,
                         residence_country, created_import_id, updated_import_id)
     VALUES ('4567890', '', 'Persona', 'Sintética', '1980-05-01', 'F', '020101', 'BO', $1, $1)`,
    [imp!.id],
  );
});
after(() => t.dispose());

test('events from CSV: rows read = accepted + rejected, each added once, audited; the same file again adds nothing', async () => {
  const before = await counts();
  const file = { fileName: 'hechos.csv', bytes: enc(EVENTS_CSV), format: 'csv' as const };
  const r = okValue(await importCaseFile(t.db, CODE, 'events', file, lead, at));
  assert.equal(r.status, 'completed');
  assert.deepEqual([r.read, r.accepted, r.added, r.alreadyInCase, r.rejected], [3, 3, 3, 0, 0]);
  const view = okValue(await readCaseFile(t.db, CODE, lead, at));
  assert.deepEqual(view.events.map((e) => e.title).sort(), [
    'Planta sintética B',
    'Puente sintético A',
    'Velatorio sintético',
  ]);
  const sacaba = view.events.find((e) => e.placeName === 'Sacaba')!;
  assert.equal(sacaba.description, 'Marcha, dispersada');
  assert.equal(sacaba.startsAt.toISOString(), '2019-11-15T19:00:00.000Z');
  const wake = view.events.find((e) => e.placeName === 'El Alto')!;
  assert.equal(wake.endsAt.getTime(), wake.startsAt.getTime(), 'an empty end is the start');
  const audit = (await listAuditEntries(t.db, { last: 500 })).filter(
    (e) => e.action === 'case_import.completed',
  );
  assert.equal(audit.length, 1);
  assert.equal((audit[0]!.after as { read: number }).read, 3);

  const again = okValue(await importCaseFile(t.db, CODE, 'events', file, lead, at));
  assert.equal(again.status, 'already_imported');
  assert.equal(again.importId, r.importId);
  const after1 = await counts();
  assert.equal(after1.events, before.events + 3);
  assert.equal(after1.imports, before.imports + 1, 'the same bytes again record nothing');

  // The same rows in other bytes (CRLF, a blank line) are found in the case, not added twice.
  const crlf = `${EVENTS_CSV.replaceAll('\n', '\r\n')}\r\n\r\n`;
  const same = okValue(await importCaseFile(t.db, CODE, 'events', { ...file, bytes: enc(crlf) }, lead, at));
  assert.equal(same.status, 'completed');
  assert.deepEqual([same.read, same.added, same.alreadyInCase], [3, 0, 3]);
  assert.equal((await counts()).events, after1.events);
});

test('one bad row: nothing written, every rejected row quarantined with its line and reason', async () => {
  const before = await counts();
  const csv = [
    'title,event_type,place_name,latitude,longitude,starts_at,ends_at,description',
    'Bueno,protest_repression,Cochabamba,,,2019-11-16T10:00:00Z,2019-11-16T11:00:00Z,',
    'Tipo malo,massacre,Cochabamba,,,2019-11-16T10:00:00Z,2019-11-16T11:00:00Z,',
    'Fecha mala,other,Cochabamba,,,16/11/2019,,',
    'Pocas columnas,other',
    'Bueno,protest_repression,Cochabamba,,,2019-11-16T10:00:00Z,2019-11-16T11:00:00Z,',
    'Al revés,other,Cochabamba,,,2019-11-16T12:00:00Z,2019-11-16T11:00:00Z,',
  ].join('\n');
  const r = okValue(
    await importCaseFile(
      t.db,
      CODE,
      'events',
      { fileName: 'malo.csv', bytes: enc(csv), format: 'csv' },
      lead,
      at,
    ),
  );
  assert.equal(r.status, 'rejected');
  assert.deepEqual([r.read, r.accepted, r.rejected, r.added], [6, 1, 5, 0]);
  assert.deepEqual(r.rejections, [
    { line: 3, reason: 'case_input_invalid', field: 'eventType' },
    { line: 4, reason: 'instant_invalid', field: 'starts_at' },
    { line: 5, reason: 'column_count' },
    { line: 6, reason: 'duplicate_in_file' },
    { line: 7, reason: 'case_input_invalid', field: 'endsAt' },
  ]);
  const after1 = await counts();
  assert.equal(after1.events, before.events, 'not even the good row is written');
  assert.equal(after1.rejects, before.rejects + 5);
  const [q] = await t.db.query<{ content: string }>(
    'SELECT content FROM case_import_reject WHERE import_id = $1 AND line = 5',
    [r.importId],
  );
  assert.equal(q!.content, 'Pocas columnas,other');
  const audit = (await listAuditEntries(t.db, { last: 500 })).filter(
    (e) => e.action === 'case_import.rejected',
  );
  assert.equal(audit.length, 1);
  assert.equal((audit[0]!.after as { rejected: number }).rejected, 5);

  // A wrong header is no import at all.
  const header = await importCaseFile(
    t.db,
    CODE,
    'events',
    { fileName: 'x.csv', bytes: enc('titulo,tipo\nA,b'), format: 'csv' },
    lead,
    at,
  );
  assert.deepEqual(header.ok ? null : header.error, {
    code: 'case_input_invalid',
    field: 'header',
    problem: 'format',
  });
});

test('persons from JSON: linked to the registry, protected, codes generated; a bad element named by its line', async () => {
  const good = JSON.stringify(
    [
      { code: 'T-IMP-01', full_name: 'Testigo Sintético Uno', roles: ['witness'], protected: true },
      {
        full_name: 'Persona Sintética',
        roles: 'victim;witness',
        sex: 'female',
        date_of_birth: '1980-05-01',
        ci_number: '4567890',
        family_code: 'FAM-01',
      },
      { full_name: 'Perpetrador Sintético', roles: ['alleged_perpetrator'] },
    ],
    null,
    2,
  );
  const r = okValue(
    await importCaseFile(
      t.db,
      CODE,
      'persons',
      { fileName: 'p.json', bytes: enc(good), format: 'json' },
      lead,
      at,
    ),
  );
  assert.equal(r.status, 'completed');
  assert.deepEqual([r.read, r.added, r.rejected], [3, 3, 0]);
  const view = okValue(await readCaseFile(t.db, CODE, lead, at));
  const byName = new Map(view.persons.map((p) => [p.withheld ? p.code : p.fullName, p]));
  const victim = byName.get('Persona Sintética')!;
  assert.ok(!victim.withheld && victim.registryPersonId !== null, 'linked to the registry');
  assert.deepEqual(victim.roles, ['victim', 'witness']);
  assert.equal(victim.code, 'V-0002');
  const witness = byName.get('Testigo Sintético Uno')!;
  assert.ok(!witness.withheld && witness.protected);
  assert.equal(byName.get('Perpetrador Sintético')!.code, 'P-0003');

  const before = await counts();
  const bad = [
    '[',
    '  { "full_name": "Otra Persona", "roles": ["witness"] },',
    '  { "full_name": "No Registrada", "roles": ["victim"], "ci_number": "9999999", "date_of_birth": "1990-01-01" },',
    '  { "full_name": "Campo raro", "roles": ["victim"], "apodo": "x" },',
    '  {',
    '    "code": "T-IMP-01", "full_name": "Otro nombre", "roles": ["witness"]',
    '  },',
    '  "no es un objeto"',
    ']',
  ].join('\n');
  const rej = okValue(
    await importCaseFile(
      t.db,
      CODE,
      'persons',
      { fileName: 'b.json', bytes: enc(bad), format: 'json' },
      lead,
      at,
    ),
  );
  assert.equal(rej.status, 'rejected');
  assert.deepEqual(rej.rejections, [
    { line: 3, reason: 'case_person_not_in_registry', field: 'ci_number' },
    { line: 4, reason: 'field_unknown', field: 'apodo' },
    { line: 5, reason: 'code_taken', field: 'code' },
    { line: 8, reason: 'not_an_object' },
  ]);
  assert.deepEqual([rej.read, rej.accepted, rej.rejected], [5, 1, 4]);
  assert.equal((await counts()).persons, before.persons, 'nothing written');
});

test('only the team’s investigators import: an analyst, a victims’ representative and a stranger are refused, nothing recorded', async () => {
  const before = await counts();
  const file = {
    fileName: 'hechos2.csv',
    bytes: enc(EVENTS_CSV.replace('Sacaba', 'Quillacollo')),
    format: 'csv' as const,
  };
  for (const who of [analyst, family]) {
    const r = await importCaseFile(t.db, CODE, 'events', file, who, at);
    assert.equal(r.ok ? 'ok' : r.error.code, 'case_role_refused', who.username);
  }
  const r = await importCaseFile(t.db, CODE, 'events', file, reader('eva.ajena'), at);
  assert.equal(r.ok ? 'ok' : r.error.code, 'case_not_found');
  assert.deepEqual(await counts(), before);
});
