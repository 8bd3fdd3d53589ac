import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';

/**
 * `ayni registry import`, `ayni sources import` and `ayni registry status` end to end, in this
 * process, against a database of their own. The point of interest is the import's reference date:
 * without --as-of it is today in Bolivia on ayni's clock (AYNI_CLOCK here), not the host's UTC date
 * in real time — the back office's import form proposes the same day. Imports are run by an
 * officer holding registry.import, signed in with their personal credential.
 */

const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';
// 02:30 UTC on 1 December is 22:30 on 30 November in La Paz (UTC−4).
const CLOCK = '2020-12-01T02:30:00Z';

let cli: CliDatabase;
/** The input of a command run by a bono officer (registry.import), signed in with their credential. */
let officer: ReturnType<typeof asOfficer>;
const savedEnv: Record<string, string | undefined> = {};

before(async () => {
  for (const name of ['AYNI_DATA_DIR', 'DATABASE_URL', 'AYNI_CLOCK']) savedEnv[name] = process.env[name];
  cli = await cliDatabase('registry');
  process.env.AYNI_CLOCK = CLOCK;
  const tokens = await cliOfficers('correct horse battery staple', {
    admin: ['administrator'],
    'ana.oficial': ['bono_officer'],
  });
  officer = asOfficer(tokens['ana.oficial']!);
});
after(async () => {
  await cli.dispose();
  for (const [name, value] of Object.entries(savedEnv))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

async function csv(name: string, lines: string[]): Promise<string> {
  const file = path.join(cli.dataDir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** The rejects file's data lines as [line number, rest]. */
async function rejectsIn(out: string): Promise<Array<[string, string]>> {
  const m = /rejected rows, with line number and reason: (.+)$/m.exec(out);
  assert.ok(m, `no rejects file named in:\n${out}`);
  const lines = (await readFile(m[1]!, 'utf8')).trim().split('\n').slice(1);
  return lines.map((l) => {
    const comma = l.indexOf(',');
    return [l.slice(0, comma), l.slice(comma + 1)];
  });
}

describe('ayni registry and sources commands', () => {
  test('import without --as-of: births after today in Bolivia on the app clock are refused', async () => {
    const file = await csv('persons-1.csv', [
      HEADER,
      '2000001,,LP,Ana,Quispe,Mamani,2020-11-30,F,020101,BO,', // born on the day in La Paz: accepted
      '2000002,,LP,Luis,Choque,,2020-12-01,M,020101,BO,', // already the 1st in UTC, not in La Paz
      '2000003,,CB,Rosa,Flores,Apaza,1965-03-03,F,030101,BO,',
    ]);
    const anonymous = await ayni(['registry', 'import', file]);
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.err, /needs a signed-in officer holding registry\.import/);
    const r = await ayni(['registry', 'import', file], officer);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /read 3 = accepted 2 \+ rejected 1/);
    assert.deepEqual(await rejectsIn(r.out), [
      [
        '3',
        'date_of_birth 2020-12-01 is after the import date 2020-11-30,"2000002,,LP,Luis,Choque,,2020-12-01,M,020101,BO,"',
      ],
    ]);
  });

  test('an explicit --as-of is the reference date; a date that does not exist is refused before anything is read', async () => {
    const file = await csv('persons-2.csv', [HEADER, '2000002,,LP,Luis,Choque,,2020-12-01,M,020101,BO,']);
    const r = await ayni(['registry', 'import', file, '--as-of', '2020-12-01'], officer);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /read 1 = accepted 1 \+ rejected 0/);
    assert.match(r.out, /accepted: 1 new, 0 updated, 0 unchanged/);

    const bad = await ayni(['registry', 'import', file, '--as-of', '2021-02-30'], officer);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /--as-of "2021-02-30" is not a date YYYY-MM-DD\./);
  });

  test('sources import takes the same default date, and names the lists it knows when given another', async () => {
    const file = await csv('disability.csv', [
      'ci_number,complemento,date_of_birth,degree,disability_type',
      '2000001,,2020-11-30,grave,visual',
      '2000003,,1965-03-03,grave,auditiva',
      '2000009,,2020-12-01,grave,visual', // born "tomorrow": refused for its date before any match
    ]);
    const r = await ayni(['sources', 'import', 'disability', file], officer);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /read 3 = accepted 2 \+ rejected 1/);
    const rejects = await rejectsIn(r.out);
    assert.equal(rejects.length, 1);
    assert.equal(rejects[0]![0], '4');
    assert.match(rejects[0]![1], /date_of_birth 2020-12-01 is after the import date 2020-11-30/);

    const unknown = await ayni(['sources', 'import', 'no-such-list', file], officer);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /disability/);
  });

  test('status counts what the imports accepted', async () => {
    const r = await ayni(['registry', 'status']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^persons 3 \(living 3, abroad 0\)/);
    assert.match(r.out, /^ {2}disability\s+2$/m);
  });
});
