// The source lists in force on the person's row (issue #17, migration 0065, ADR 0017): each list's
// import sets and clears its own bits (and the AFP list's date) in its transaction, a re-import
// writes the differences, another list's bits are left alone, and an import that fails after
// writing them leaves every person's row as it was.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listFlagsDrift, personImportSpec, runImport, sourceImportSpec } from '../../src/registry/index.ts';
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
  return runImport(t.db, okValue(sourceImportSpec(list, ASOF)), {
    filePath: file,
    actor: 'test',
    asOf: ASOF,
    rejectsDir: t.dir,
  });
}

/** Every person's CI, bits and AFP period, in CI order. */
async function rows(): Promise<string[]> {
  const r = await t.db.query<{ ci_number: string; f: number; afp: string | null }>(
    `SELECT ci_number, source_list_flags AS f, afp_last_contribution_period::text AS afp FROM person ORDER BY ci_number`,
  );
  return r.map((x) => `${x.ci_number} ${x.f} ${x.afp ?? '-'}`);
}

const DISABILITY = 'ci_number,complemento,date_of_birth,degree,disability_type';
const AFP = 'ci_number,complemento,date_of_birth,contributor_type,sector,last_contribution_period';

test('a list import sets its bits, a re-import sets and clears them, another list keeps its own', async () => {
  assert.deepEqual(await rows(), ['1000001 0 -', '1000002 0 -', '1000003 0 -']);
  okValue(
    await importList(
      'disability',
      'd1.csv',
      `${DISABILITY}\n1000001,,1980-01-01,grave,visual\n1000002,,1970-06-15,leve,auditiva\n`,
    ),
  );
  // degree grave is bit 4 (16), leve bit 2 (4)
  assert.deepEqual(await rows(), ['1000001 16 -', '1000002 4 -', '1000003 0 -']);
  okValue(
    await importList(
      'afp-dependent',
      'a1.csv',
      `${AFP}\n1000001,,1980-01-01,dependiente,publico,2020-08\n1000003,,1965-03-03,consultor,privado,2019-12\n`,
    ),
  );
  // dependiente is bit 8 (256), consultor bit 9 (512); the period is kept beside
  assert.deepEqual(await rows(), ['1000001 272 2020-08-01', '1000002 4 -', '1000003 512 2019-12-01']);
  // The next snapshot: Ana's degree changed, Luis left, Rosa joined.
  okValue(
    await importList(
      'disability',
      'd2.csv',
      `${DISABILITY}\n1000001,,1980-01-01,moderada,visual\n1000003,,1965-03-03,muy_grave,multiple\n`,
    ),
  );
  assert.deepEqual(await rows(), ['1000001 264 2020-08-01', '1000002 0 -', '1000003 544 2019-12-01']);
  // The AFP list without Ana: her bit and her period go, the disability bits stay.
  okValue(
    await importList('afp-dependent', 'a2.csv', `${AFP}\n1000003,,1965-03-03,consultor,privado,2020-11\n`),
  );
  assert.deepEqual(await rows(), ['1000001 8 -', '1000002 0 -', '1000003 544 2020-11-01']);
  assert.equal(await listFlagsDrift(t.db), 0);
});

test('an import that fails after writing the bits leaves every person as it was (one transaction)', async () => {
  const before = await rows();
  // Fail the import at its last write, after the persons' bits were written: making the snapshot
  // the one in force.
  await t.db.exec(`CREATE FUNCTION test_refuse_list() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
    CREATE TRIGGER test_refuse_list BEFORE INSERT OR UPDATE ON source_list_current
      FOR EACH ROW EXECUTE FUNCTION test_refuse_list();`);
  try {
    const failed = await importList(
      'disability',
      'd3.csv',
      `${DISABILITY}\n1000002,,1970-06-15,grave,visual\n`,
    ).catch((e: unknown) => e);
    assert.ok(
      failed instanceof Error ||
        (typeof failed === 'object' && failed !== null && 'ok' in failed && !failed.ok),
      'the import failed',
    );
  } finally {
    await t.db.exec('DROP TRIGGER test_refuse_list ON source_list_current; DROP FUNCTION test_refuse_list()');
  }
  assert.deepEqual(await rows(), before);
  assert.equal(await listFlagsDrift(t.db), 0);
  // And the same file imported now writes them.
  okValue(await importList('disability', 'd3.csv', `${DISABILITY}\n1000002,,1970-06-15,grave,visual\n`));
  assert.deepEqual(await rows(), ['1000001 0 -', '1000002 16 -', '1000003 512 2020-11-01']);
  assert.equal(await listFlagsDrift(t.db), 0);
});
