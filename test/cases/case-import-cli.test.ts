import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';

/**
 * `ayni cases import events|persons CODE FILE` run by signed-in officers: an investigator imports
 * a CSV of events and a JSON of persons (the counts printed), the same file again adds nothing, a
 * file with a bad row exits 1 naming the line and reason and writes nothing; an analyst is refused.
 */

const PASSWORD = 'cuatro palabras bastante largas';
let cli: CliDatabase;
let tokens: Record<string, string>;

before(async () => {
  cli = await cliDatabase('cases-import');
  delete process.env.AYNI_CREDENTIAL;
  tokens = await cliOfficers(PASSWORD, {
    admin: ['administrator'],
    ana: ['case_investigator'],
    bruno: ['case_analyst'],
  });
});
after(() => cli.dispose());

test('ayni cases import: counts, the same file again, a bad row by its line, an analyst refused', async () => {
  const ana = (args: string[]) => ayni(['cases', ...args], asOfficer(tokens.ana!));
  const created = await ana([
    'create',
    'CLI-IMP-2019',
    '--title',
    'Importación',
    '--opened-on',
    '2021-01-04',
  ]);
  assert.equal(created.code, 0, created.err);
  const team = await ana(['team', 'add', 'CLI-IMP-2019', 'bruno', '--role', 'analyst']);
  assert.equal(team.code, 0, team.err);
  const events = path.join(cli.dataDir, 'hechos.csv');
  await writeFile(
    events,
    'title,event_type,place_name,latitude,longitude,starts_at,ends_at,description\n' +
      'Puente sintético,protest_repression,Sacaba,,,2019-11-15T15:00:00-04:00,2019-11-15T19:00:00-04:00,\n',
  );
  let r = await ana(['import', 'events', 'CLI-IMP-2019', events]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /events imported \(import \d+\): rows read 1 = accepted 1 \+ rejected 0; added 1/);
  r = await ana(['import', 'events', 'CLI-IMP-2019', events]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /imported before .*nothing added/);

  const persons = path.join(cli.dataDir, 'personas.json');
  await writeFile(
    persons,
    JSON.stringify([
      { full_name: 'Testigo Sintético', roles: ['witness'], protected: true },
      { full_name: 'Víctima Sintética', roles: ['victim'], sex: 'nadie' },
    ]),
  );
  r = await ana(['import', 'persons', 'CLI-IMP-2019', persons]);
  assert.equal(r.code, 1);
  assert.match(r.err + r.out, /line 1: case_input_invalid \[sex\]/);
  assert.match(r.out, /rejected, nothing written .*rows read 2 = accepted 1 \+ rejected 1/);

  const bruno = await ayni(['cases', 'import', 'events', 'CLI-IMP-2019', events], asOfficer(tokens.bruno!));
  assert.notEqual(bruno.code, 0);
});
