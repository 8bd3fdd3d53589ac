import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { approveRound, createRound, getRound, type Round } from '../../src/bono/index.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { personImportSpec, runImport, SOURCE_LISTS, sourceListImportSpec } from '../../src/registry/index.ts';
import { generateCountry } from '../../src/synth/synth.ts';
import { ensureTemplate, replaceByCopy, templateName, testRunDir } from './database.ts';
import { okValue } from './result.ts';

/** The date the small test countries are as of (the bono's last collection day). */
export const COUNTRY_AS_OF = '2021-03-01';

/**
 * When the country's imports are recorded as made: the morning the tests' first round is frozen,
 * as `npm start` seeds it. Before the clock instants the tests then set (AYNI_CLOCK), which the
 * database refuses to move back past a recorded change.
 */
export const COUNTRY_IMPORTED_AT = new Date('2020-11-30T13:00:00Z');

/**
 * Imports a small synthetic country (persons and every source list) into `db`, as `npm start`
 * seeds one, so tests run the real import path. Deterministic for a given seed. In an `npm test`
 * run, the first file that asks for a country of `people` and `seed` imports it into a template
 * database of the run, and every file that asks for the same on a fresh database of
 * createTestDatabase gets a copy of it (the same rows, made by the same import, in seconds less);
 * the generated files are copied to `dir/country` and the import's rejects to `dir/rejects` as
 * the import writes them. A database a test has written to already is seeded by importing.
 *
 * @example await seedCountry(t.db, t.dir, 2_000)
 */
export async function seedCountry(db: Database, dir: string, people = 2_000, seed = 7): Promise<void> {
  const what = `c${people}_s${seed}`;
  if (await replaceByCopy(db, () => countryTemplate(people, seed))) await copyFiles(what, dir);
  else await importCountry(db, dir, people, seed);
}

/** The run's template of a seeded country: its name. */
async function countryTemplate(people: number, seed: number): Promise<string> {
  const what = `c${people}_s${seed}`;
  const name = templateName(what);
  await ensureTemplate(name, templateName('schema'), (url) =>
    inTemplate(url, what, (db, dir) => importCountry(db, dir, people, seed)),
  );
  return name;
}

/** Runs `fn` on a template database being built, with its folder in the run's folder. */
async function inTemplate(url: string, what: string, fn: (db: Database, dir: string) => Promise<void>) {
  const dir = path.join(testRunDir!, what);
  await mkdir(dir, { recursive: true });
  const opened = await openDatabase({ databaseUrl: url, dataDir: dir });
  if (!opened.ok)
    throw new Error(`the template database could not be opened: ${JSON.stringify(opened.error)}`);
  try {
    await fn(opened.value, dir);
  } finally {
    await opened.value.close();
  }
}

/** The country's files and the import's rejects, from the template's folder into a test's. */
async function copyFiles(what: string, dir: string): Promise<void> {
  const from = path.join(testRunDir!, what);
  for (const sub of ['country', 'rejects'])
    await cp(path.join(from, sub), path.join(dir, sub), { recursive: true, force: true }).catch((e) => {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    });
}

async function importCountry(db: Database, dir: string, people: number, seed: number): Promise<void> {
  const report = await generateCountry({
    people,
    seed,
    outDir: path.join(dir, 'country'),
    asOf: COUNTRY_AS_OF,
  });
  const options = {
    actor: 'test',
    now: () => COUNTRY_IMPORTED_AT,
    asOf: COUNTRY_AS_OF,
    rejectsDir: path.join(dir, 'rejects'),
  };
  const persons = report.files.find((f) => f.name === 'persons.csv');
  if (!persons) throw new Error('synthetic country has no persons.csv');
  okValue(await runImport(db, personImportSpec(COUNTRY_AS_OF), { ...options, filePath: persons.path }));
  for (const list of SOURCE_LISTS) {
    const file = report.files.find((f) => f.name === `${list.name}.csv`);
    if (file)
      okValue(
        await runImport(db, sourceListImportSpec(list, COUNTRY_AS_OF), { ...options, filePath: file.path }),
      );
  }
}

/** When the seeded country's round is frozen, and approved: the eve of the first payment day. */
export const ROUND_CREATED_AT = new Date('2020-11-30T14:00:00Z');
export const ROUND_APPROVED_AT = new Date('2020-11-30T16:00:00Z');

/**
 * A seeded country (seedCountry) with the bono's regular round as of 1 Dec 2020, frozen by one
 * officer (`account:ana`) and approved by another (`account:beto`), which funds it: the set-up of
 * the tests that pay, look up or publish on a realistic population. For a handful of persons that
 * are all entitled, with bank accounts chosen by the test, see test/bono/fixtures.ts.
 *
 * @example const round = await seedCountryWithRound(t.db, t.dir, 1_500);
 */
export async function seedCountryWithRound(
  db: Database,
  dir: string,
  people = 2_000,
  seed = 7,
): Promise<Round> {
  const what = `c${people}_s${seed}_round`;
  const template = async () => {
    const name = templateName(what);
    await ensureTemplate(name, await countryTemplate(people, seed), (url) =>
      inTemplate(url, what, async (tdb, tdir) => {
        const round = await roundOf(tdb);
        await writeFile(path.join(tdir, 'round.json'), JSON.stringify({ id: round.id }));
      }),
    );
    return name;
  };
  if (await replaceByCopy(db, template)) {
    await copyFiles(`c${people}_s${seed}`, dir);
    const { id } = JSON.parse(await readFile(path.join(testRunDir!, what, 'round.json'), 'utf8')) as {
      id: number;
    };
    const round = await getRound(db, id);
    if (!round) throw new Error(`the template's round ${id} is not in its copy`);
    return round;
  }
  await seedCountry(db, dir, people, seed);
  return roundOf(db);
}

/** Freezes and approves the bono's regular round as of 1 Dec 2020 on a seeded country. */
async function roundOf(db: Database): Promise<Round> {
  const frozen = okValue(
    await createRound(db, {
      asOf: '2020-12-01',
      kind: 'regular',
      actor: 'account:ana',
      at: ROUND_CREATED_AT,
    }),
    'freezing the round',
  );
  return okValue(
    await approveRound(db, { roundId: frozen.id, actor: 'account:beto', at: ROUND_APPROVED_AT }),
    'approving the round',
  );
}
