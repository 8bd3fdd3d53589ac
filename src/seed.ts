import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { App } from './app.ts';
import { personImportSpec, runImport, SOURCE_LISTS, sourceImportSpec } from './registry/index.ts';
import { generateCountry } from './synth/synth.ts';

/** The date the seeded country is as of: the day the bono's payment window closed. */
export const SEED_AS_OF = '2021-03-01';

/**
 * Seeds a synthetic country into an empty registry so every screen has data on first start.
 * Does nothing when persons already exist.
 *
 * @example await seedIfEmpty(app, 118_420, 2020, console.error)
 */
export async function seedIfEmpty(
  app: App,
  people: number,
  seed: number,
  log: (line: string) => void,
): Promise<boolean> {
  const [row] = await app.db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM person) AS any');
  if (row?.any || people === 0) return false;
  const outDir = path.join(app.config.dataDir, 'seed');
  log(
    `Empty registry: generating a synthetic country of ${people.toLocaleString('en')} persons (seed ${seed})…`,
  );
  const report = await generateCountry({ people, seed, outDir, asOf: SEED_AS_OF });
  const options = { actor: 'seed', asOf: SEED_AS_OF, rejectsDir: app.rejectsDir };
  const persons = report.files.find((f) => f.name === 'persons.csv');
  if (!persons) throw new Error('synthetic country has no persons.csv');
  const p = await runImport(app.db, personImportSpec(SEED_AS_OF), { ...options, filePath: persons.path });
  log(`Imported ${p.rowsAccepted.toLocaleString('en')} persons in ${(p.elapsedMs / 1000).toFixed(1)} s.`);
  for (const list of SOURCE_LISTS) {
    const file = report.files.find((f) => f.name === `${list.name}.csv`);
    if (!file) continue;
    const s = await runImport(app.db, sourceImportSpec(list.name, SEED_AS_OF), {
      ...options,
      filePath: file.path,
    });
    log(`Imported ${list.name}: ${s.rowsAccepted.toLocaleString('en')} rows.`);
  }
  await rm(outDir, { recursive: true, force: true });
  return true;
}
