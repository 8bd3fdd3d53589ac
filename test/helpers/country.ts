import path from 'node:path';
import { approveRound, createRound, type Round } from '../../src/bono/index.ts';
import type { Database } from '../../src/db/database.ts';
import { personImportSpec, runImport, SOURCE_LISTS, sourceListImportSpec } from '../../src/registry/index.ts';
import { generateCountry } from '../../src/synth/synth.ts';
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
 * seeds one, so tests run the real import path. Deterministic for a given seed.
 *
 * @example await seedCountry(t.db, t.dir, 2_000)
 */
export async function seedCountry(db: Database, dir: string, people = 2_000, seed = 7): Promise<void> {
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
  await seedCountry(db, dir, people, seed);
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
