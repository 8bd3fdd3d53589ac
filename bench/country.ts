/**
 * The synthetic country the Bono benchmarks run on, on a PostgreSQL server: generated once with
 * src/synth (seed 11) and imported through the registry importer into a database named after its
 * size (`ayni_bench_country_<people>`), which is kept between runs so each benchmark does not pay
 * for the import again. `--fresh` in a benchmark drops it first.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import {
  type ImportSummary,
  personImportSpec,
  runImport,
  SOURCE_LISTS,
  sourceListImportSpec,
  syncGeography,
} from '../src/registry/index.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

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

/**
 * Opens (creating and filling when needed) the bench country of `people` persons on `server`.
 *
 * @example const { db, url } = await openBenchCountry(11_700_000, 'postgres://postgres@127.0.0.1:5432/postgres');
 */
export async function openBenchCountry(people: number, server: string, fresh = false): Promise<BenchCountry> {
  const work = path.join(os.tmpdir(), 'ayni-bench');
  // --database names another database for a benchmark that needs the country without what another
  // benchmark left in it: opened as it is when it holds the country (a copy made beforehand with
  // CREATE DATABASE … TEMPLATE ayni_bench_country_<people>, which is much faster at 11.7 M),
  // otherwise created empty here and filled by importing the country again.
  const name = arg('database', `ayni_bench_country_${people}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir: work });
  await syncGeography(db);
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person');
  if (r!.n === people) {
    console.log(`country: reusing ${people.toLocaleString('en')} persons in ${name}`);
    return { db, url: url.toString(), people };
  }
  if (r!.n !== 0) throw new Error(`${name} holds ${r!.n} persons, not ${people}: run with --fresh`);
  const countryDir = path.join(work, `country-${people}`);
  if (!existsSync(path.join(countryDir, 'bono-familia.csv'))) {
    const { generateCountry } = await import('../src/synth/synth.ts');
    const t0 = performance.now();
    await generateCountry({ people, seed: 11, outDir: countryDir, asOf: AS_OF });
    console.log(`country: generated ${people.toLocaleString('en')} persons in ${seconds(t0)} s`);
  }
  // Stamped on the day before the bono's first round, as the seed does: the database's clock never
  // moves back past a recorded change, so imports stamped at today's real time would make every
  // later AYNI_CLOCK of 2020–21 (the payouts and deposits benches) refused.
  const importedAt = new Date('2020-11-30T13:00:00Z');
  const options = {
    actor: 'bench',
    now: () => importedAt,
    asOf: AS_OF,
    rejectsDir: path.join(work, 'rejects'),
  };
  const t0 = performance.now();
  imported(
    await runImport(db, personImportSpec(AS_OF), {
      ...options,
      filePath: path.join(countryDir, 'persons.csv'),
    }),
  );
  for (const list of SOURCE_LISTS)
    imported(
      await runImport(db, sourceListImportSpec(list, AS_OF), {
        ...options,
        filePath: path.join(countryDir, `${list.name}.csv`),
      }),
    );
  await db.exec('ANALYZE');
  console.log(`country: imported persons and ${SOURCE_LISTS.length} source lists in ${seconds(t0)} s`);
  return { db, url: url.toString(), people };
}

// Run directly, it only builds the country: `node --import tsx bench/country.ts --people 11700000`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { db } = await openBenchCountry(
    Number(arg('people', '11700000')),
    arg('server', 'postgres://postgres@127.0.0.1:5432/postgres'),
    flag('fresh'),
  );
  await db.close();
}
