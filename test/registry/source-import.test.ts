import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describeFailure } from '../../src/messages/index.ts';
import { personImportSpec, runImport, SOURCE_LISTS, sourceImportSpec } from '../../src/registry/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

const ASOF = '2021-03-01';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  const file = path.join(t.dir, 'persons.csv');
  await writeFile(
    file,
    `${HEADER}
1000001,,LP,Ana,Quispe,Mamani,1980-01-01,F,020101,BO,
1000002,,LP,Luis,Choque,,1970-06-15,M,020101,BO,
1000002,2B,SC,Luisa,Rojas,Vargas,1990-02-02,F,070101,BO,
1000003,,CB,Rosa,Flores,Apaza,1965-03-03,F,030101,BO,
`,
  );
  okValue(
    await runImport(t.db, personImportSpec(ASOF), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
});
after(async () => {
  await t.dispose();
});

async function importList(list: string, name: string, text: string) {
  const file = path.join(t.dir, name);
  await writeFile(file, text);
  return okValue(
    await runImport(t.db, okValue(sourceImportSpec(list, ASOF)), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
    `the import of ${name}`,
  );
}

describe('source list import', () => {
  test('rows are matched to persons by the full triple; unknown persons and repeats are rejected', async () => {
    const s = await importList(
      'disability',
      'disability-1.csv',
      `ci_number,complemento,date_of_birth,degree,disability_type
1000001,,1980-01-01,grave,visual
1000002,2b,1990-02-02,Muy Grave,fisica_motora
1000002,,1990-02-02,grave,visual
1000003,,1965-03-03,severa,visual
1000001,,1980-01-01,leve,auditiva
`,
    );
    // Line 4 names nobody by the exact key, but two persons share its CI number: the one born on
    // its date has a complemento the row left out. Identity resolution (issue #23) sends it to
    // the review queue instead of rejecting it: read = accepted + queued + rejected.
    assert.equal(s.rowsRead, 5);
    assert.equal(s.rowsAccepted, 2);
    assert.equal(s.rowsQueued, 1);
    assert.equal(s.rowsRejected, 2);
    assert.equal(s.rowsInserted, 2);
    const rejects = (await readFile(s.rejectsPath!, 'utf8')).trim().split('\n').slice(1);
    assert.equal(rejects.length, 2);
    const [queued] = await t.db.query<{ line_number: bigint; status: string; person: string }>(
      `SELECT r.line_number, r.status, p.complemento AS person FROM identity_review r
       JOIN person p ON p.id = (r.candidates -> 0 ->> 'personId')::bigint WHERE r.import_id = $1`,
      [s.importId],
    );
    assert.deepEqual(queued, { line_number: 4n, status: 'pending', person: '2B' });
    assert.match(rejects.find((l) => l.startsWith('5,'))!, /degree ""severa"" must be one of/);
    assert.match(rejects.find((l) => l.startsWith('6,'))!, /same person as line 2/);
    const rows = await t.db.query<{ ci_number: string; complemento: string; degree: string }>(
      `SELECT p.ci_number, p.complemento, d.degree FROM source_disability d JOIN person p ON p.id = d.person_id
       JOIN source_list_current c ON c.list = 'disability' AND c.import_id = d.import_id ORDER BY p.ci_number, p.complemento`,
    );
    assert.deepEqual(rows, [
      { ci_number: '1000001', complemento: '', degree: 'grave' },
      { ci_number: '1000002', complemento: '2B', degree: 'muy_grave' },
    ]);
  });

  test('a new snapshot replaces the list in force and is compared with the previous one', async () => {
    const s = await importList(
      'disability',
      'disability-2.csv',
      `ci_number,complemento,date_of_birth,degree,disability_type
1000001,,1980-01-01,moderada,visual
1000003,,1965-03-03,grave,auditiva
`,
    );
    assert.equal(s.rowsInserted, 1, 'Rosa is new on the list');
    assert.equal(s.rowsUpdated, 1, "Ana's degree changed");
    assert.equal(s.rowsUnchanged, 0);
    assert.equal(s.rowsRemoved, 1, 'Luisa is no longer on the list');
    const [current] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM source_disability d JOIN source_list_current c
       ON c.list = 'disability' AND c.import_id = d.import_id`,
    );
    assert.equal(current!.n, 2);
    const [all] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM source_disability');
    assert.equal(all!.n, 4, 'the earlier snapshot is kept');
  });

  test('bank accounts: BIC and account number are checked and normalised', async () => {
    const s = await importList(
      'bank-accounts',
      'banks.csv',
      `ci_number,complemento,date_of_birth,bank_bic,account_number
1000001,,1980-01-01,bunibolx,1000-2345-6789
1000003,,1965-03-03,XXXXUS33,123456789
`,
    );
    assert.equal(s.rowsAccepted, 1);
    assert.equal(s.rowsRejected, 1);
    const [acct] = await t.db.query<{ bank_bic: string; account_number: string }>(
      'SELECT bank_bic, account_number FROM source_bank_account',
    );
    assert.deepEqual(acct, { bank_bic: 'BUNIBOLX', account_number: '100023456789' });
  });

  test('an unknown list name is refused with the list of names', async () => {
    const r = sourceImportSpec('bono-nuevo', ASOF);
    assert.ok(!r.ok);
    assert.deepEqual(r, {
      ok: false,
      error: { code: 'unknown_source_list', listName: 'bono-nuevo', lists: SOURCE_LISTS.map((l) => l.name) },
    });
    assert.match(
      describeFailure(r.error, 'en').detail,
      /Unknown source list "bono-nuevo"\. Lists: bono-universal/,
    );
  });
});
