/**
 * The synthetic country the Bono benchmarks run on: generated once with src/synth (seed 11) and
 * imported through the registry importer, on a PostgreSQL server into a database named after its
 * size (`ayni_bench_country_<people>`), or into an embedded data folder (`--data-dir`, for issue
 * #17's previews on the embedded default; bench/registry-import.bench.ts --keep-embedded leaves
 * one holding the persons already). Either is kept between runs so each benchmark does not pay for
 * the import again; what is missing of it (the persons, a source list) is imported the same way
 * on both. `--fresh` in a benchmark drops the server's database first.
 *
 *   node --import tsx bench/country.ts [--people 11700000] [--work DIR]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres [--database NAME] [--fresh] | --data-dir DIR]
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/db/database.ts';
import {
  type ImportSummary,
  personImportSpec,
  runImport,
  SOURCE_LISTS,
  sourceListImportSpec,
  syncGeography,
} from '../src/registry/index.ts';
import { ensureServerDatabase, openBenchDatabase } from './lib/bench-database.ts';

export const AS_OF = '2021-03-01';

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
export const flag = (name: string) => process.argv.includes(`--${name}`);
export const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

/**
 * The summary of a benchmark's import: its files are generated, so a refused one ends the run.
 *
 * @example const s = imported(await runImport(db, personImportSpec(AS_OF), options));
 */
export function imported(result: Awaited<ReturnType<typeof runImport>>): ImportSummary {
  if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

export interface BenchCountry {
  db: Database;
  url: string;
  people: number;
}

/** The folder of the generated countries' files (`<work>/country-<people>/`) and refused rows. */
export const DEFAULT_WORK = path.join(os.tmpdir(), 'ayni-bench');

/**
 * The options of a bench country's imports, the persons' included wherever they are imported.
 * Stamped on the day before the bono's first round, as the seed does: the database's clock never
 * moves back past a recorded change, so imports stamped at today's real time would make every
 * later AYNI_CLOCK of 2020–21 (the payouts and deposits benches) refused.
 *
 * @example await runImport(db, personImportSpec(AS_OF), { ...countryImportOptions(work), filePath });
 */
export function countryImportOptions(work: string) {
  const importedAt = new Date('2020-11-30T13:00:00Z');
  return { actor: 'bench', now: () => importedAt, asOf: AS_OF, rejectsDir: path.join(work, 'rejects') };
}

/**
 * Imports into `db` what it lacks of the country of `people` persons: the persons when it holds
 * none, and each source list not imported yet (generating the files first when needed), then
 * ANALYZE. `where` names the database in the lines printed.
 */
async function fillCountry(db: Database, people: number, where: string, work: string): Promise<void> {
  await syncGeography(db);
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person');
  const persons = r!.n;
  if (persons !== 0 && persons !== people)
    throw new Error(`${where} holds ${persons} persons, not ${people}: start from an empty one (--fresh)`);
  const current = new Set(
    (await db.query<{ list: string }>('SELECT list FROM source_list_current')).map((c) => c.list),
  );
  const lists = SOURCE_LISTS.filter((l) => !current.has(l.name));
  if (persons === people && lists.length === 0) {
    console.log(`country: reusing ${people.toLocaleString('en')} persons in ${where}`);
    return;
  }
  const countryDir = path.join(work, `country-${people}`);
  if (!existsSync(path.join(countryDir, 'bono-familia.csv'))) {
    const { generateCountry } = await import('../src/synth/synth.ts');
    const t0 = performance.now();
    await generateCountry({ people, seed: 11, outDir: countryDir, asOf: AS_OF });
    console.log(`country: generated ${people.toLocaleString('en')} persons in ${seconds(t0)} s`);
  }
  const options = countryImportOptions(work);
  const t0 = performance.now();
  if (persons === 0)
    imported(
      await runImport(db, personImportSpec(AS_OF), {
        ...options,
        filePath: path.join(countryDir, 'persons.csv'),
      }),
    );
  for (const list of lists)
    imported(
      await runImport(db, sourceListImportSpec(list, AS_OF), {
        ...options,
        filePath: path.join(countryDir, `${list.name}.csv`),
      }),
    );
  await db.exec('ANALYZE');
  console.log(
    `country: imported ${persons === 0 ? 'persons and ' : ''}${lists.length} source lists into ${where} in ${seconds(t0)} s`,
  );
}

/**
 * Opens (creating and filling when needed) the bench country of `people` persons on `server`.
 *
 * @example const { db, url } = await openBenchCountry(11_700_000, 'postgres://postgres@127.0.0.1:5432/postgres');
 */
export async function openBenchCountry(
  people: number,
  server: string,
  fresh = false,
  work = DEFAULT_WORK,
): Promise<BenchCountry> {
  // --database names another database for a benchmark that needs the country without what another
  // benchmark left in it: opened as it is when it holds the country (a copy made beforehand with
  // CREATE DATABASE … TEMPLATE ayni_bench_country_<people>, which is much faster at 11.7 M),
  // otherwise created empty here and filled by importing the country again.
  const name = arg('database', `ayni_bench_country_${people}`);
  const url = await ensureServerDatabase(server, name, fresh);
  const db = await openBenchDatabase({ databaseUrl: url, dataDir: work });
  await fillCountry(db, people, name, work);
  return { db, url, people };
}

/**
 * Opens the embedded database of `dataDir` (its server started by this process when none runs) and
 * fills it as the server's country is filled.
 *
 * @example const db = await openEmbeddedCountry(11_700_000, '/srv/bench/embedded-country');
 */
export async function openEmbeddedCountry(
  people: number,
  dataDir: string,
  work = DEFAULT_WORK,
): Promise<Database> {
  const db = await openBenchDatabase({ databaseUrl: undefined, dataDir });
  await fillCountry(db, people, dataDir, work);
  return db;
}

// Run directly, it only builds the country: `node --import tsx bench/country.ts --people 11700000`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const people = Number(arg('people', '11700000'));
  const work = path.resolve(arg('work', DEFAULT_WORK));
  const dataDir = arg('data-dir', '');
  const db = dataDir
    ? await openEmbeddedCountry(people, path.resolve(dataDir), work)
    : (
        await openBenchCountry(
          people,
          arg('server', 'postgres://postgres@127.0.0.1:5432/postgres'),
          flag('fresh'),
          work,
        )
      ).db;
  await db.close();
}
