import path from 'node:path';
import type { Database } from '../../src/db/database.ts';
import { personImportSpec, runImport, SOURCE_LISTS, sourceImportSpec } from '../../src/registry/index.ts';
import { generateCountry } from '../../src/synth/synth.ts';

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
  await runImport(db, personImportSpec(COUNTRY_AS_OF), { ...options, filePath: persons.path });
  for (const list of SOURCE_LISTS) {
    const file = report.files.find((f) => f.name === `${list.name}.csv`);
    if (file)
      await runImport(db, sourceImportSpec(list.name, COUNTRY_AS_OF), { ...options, filePath: file.path });
  }
}
