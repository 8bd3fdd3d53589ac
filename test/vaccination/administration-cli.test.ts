import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDatabase } from '../../src/db/open.ts';
import { syncGeography } from '../../src/registry/geography/geography.ts';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';
import { seedCountry } from '../helpers/country.ts';
import { persons, site, stockedLot, stockLocations, type TestPerson } from './fixture.ts';

/**
 * `ayni vaccination eligibility|queue|serve|record-dose|book|cancel|doses|close-day` end to end, in
 * this process: a vaccinator checks a walk-in's eligibility, queues and serves them, books and
 * cancels an appointment, reads a person's doses; a refusal prints one English line and exits 1; a
 * vaccinator may not close the day (it writes off doses), a site manager does.
 */

const PASSWORD = 'correct horse battery';
const DAY = '2021-07-06';
let cli: CliDatabase;
let tokens: Record<string, string>;
let people: TestPerson[];
const savedEnv: Record<string, string | undefined> = {};
const vaccinator = () => asOfficer(tokens['vico.vacunador']!);
const manager = () => asOfficer(tokens['jefa.punto']!);
const who = (p: TestPerson) => ['--ci', p.ciNumber, '--complemento', p.complemento, '--dob', p.dateOfBirth];

before(async () => {
  for (const name of ['AYNI_DATA_DIR', 'DATABASE_URL', 'AYNI_CLOCK', 'AYNI_CREDENTIAL'])
    savedEnv[name] = process.env[name];
  cli = await cliDatabase('vaccination-administration');
  process.env.AYNI_CLOCK = `${DAY}T14:00:00Z`;
  delete process.env.AYNI_CREDENTIAL;
  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  const db = opened.value;
  try {
    await syncGeography(db);
    await seedCountry(db, cli.dataDir, 300);
    await stockLocations(db);
    await site(db, { code: 'lp-cli', capacity: { sinopharm: 10 } });
    await stockedLot(db, {
      product: 'sinopharm',
      lotNumber: 'SP-CLI',
      expiresOn: '2021-12-31',
      doses: 50n,
      siteCode: 'lp-cli',
    });
    people = await persons(db, { bornBefore: '1990-01-01', limit: 3 });
  } finally {
    await db.close();
  }
  tokens = await cliOfficers(PASSWORD, {
    admin: ['administrator'],
    'vico.vacunador': ['vaccinator'],
    'jefa.punto': ['site_manager'],
  });
});

after(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await cli.dispose();
});

test('a vaccinator checks eligibility, queues and serves a walk-in, and reads their doses', async () => {
  const [a] = people;
  const e = await ayni(['vaccination', 'eligibility', ...who(a!)], vaccinator());
  assert.equal(e.code, 0, e.err);
  assert.match(e.out, /next dose: 1 \(first\), products sputnik_v_1, sinopharm/);
  assert.match(e.out, new RegExp(`eligible on ${DAY}: yes`));
  const q = await ayni(['vaccination', 'queue', 'add', ...who(a!), '--site', 'lp-cli'], vaccinator());
  assert.equal(q.code, 0, q.err);
  assert.match(q.out, /ticket {4}1 {2}dose 1 sinopharm {4}waiting/);
  const served = await ayni(['vaccination', 'serve', '--site', 'lp-cli'], vaccinator());
  assert.equal(served.code, 0, served.err);
  assert.match(served.out, /^ticket 1 served: dose 1 \(first\) {2}sinopharm/);
  const doses = await ayni(['vaccination', 'doses', ...who(a!)], vaccinator());
  assert.match(
    doses.out,
    new RegExp(
      `dose 1 \\(first\\) {2}sinopharm {4}lot \\d+ {2}at lp-cli on ${DAY} {2}key queue:lp-cli:${DAY}:1`,
    ),
  );
  const early = await ayni(
    [
      'vaccination',
      'record-dose',
      ...who(a!),
      '--product',
      'sinopharm',
      '--lot',
      '1',
      '--site',
      'lp-cli',
      '--dose',
      '2',
      '--key',
      'k2',
    ],
    vaccinator(),
  );
  assert.equal(early.code, 1);
  assert.equal(early.err, `ayni: Dose 2 cannot be given before 2021-07-27 (asked for ${DAY}).`);
});

test('a vaccinator books and cancels an appointment with its second dose', async () => {
  const [, b] = people;
  const booked = await ayni(
    ['vaccination', 'book', ...who(b!), '--site', 'lp-cli', '--on', '2021-07-08', '--key', 'b-1'],
    vaccinator(),
  );
  assert.equal(booked.code, 0, booked.err);
  const id = /booked: appointment (\d+)/.exec(booked.out)?.[1];
  assert.ok(id, booked.out);
  assert.match(
    booked.out,
    /second dose: appointment \d+ {2}dose 2 sinopharm {4}at lp-cli on 2021-07-29 {2}booked/,
  );
  const cancelled = await ayni(['vaccination', 'cancel', ...who(b!), '--appointment', id], vaccinator());
  assert.equal(cancelled.code, 0, cancelled.err);
  assert.equal(cancelled.out.split('\n').filter((l) => l.startsWith('cancelled:')).length, 2);
});

test('closing the day takes vaccination.stock: a vaccinator is refused, a site manager closes it', async () => {
  const refused = await ayni(['vaccination', 'close-day', '--site', 'lp-cli'], vaccinator());
  assert.equal(refused.code, 1);
  assert.match(refused.err, /vaccination\.stock/);
  const closed = await ayni(['vaccination', 'close-day', '--site', 'lp-cli'], manager());
  assert.equal(closed.code, 0, closed.err);
  assert.match(closed.out, /sinopharm {4}capacity 10, booked 0, walk-ins 1, given 1/);
  assert.match(closed.out, /1 given from 1 vials, 9 wasted/);
});
