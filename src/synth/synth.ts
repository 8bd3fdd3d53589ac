import path from 'node:path';
import { PERSON_FILE_HEADER, SOURCE_LISTS, sourceListHeader } from '../registry/index.ts';
import { csvLine } from '../shared/csv.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { makePrivateFolder } from '../shared/private-files.ts';
import { CalibrationTally } from './calibration-report.ts';
import { MessyInjection } from './messy-injection.ts';
import { buildModel } from './model.ts';
import { OutputFile } from './output-file.ts';
import { PersonRows } from './person-rows.ts';
import { Rng } from './prng.ts';
import { SourceListRows } from './source-list-rows.ts';
import type { SynthFailure } from './synth.failures.ts';
import type { SynthOptions, SynthReport } from './synth.types.ts';

/**
 * The synthetic country: a persons file and every source list for a Bolivia-like population,
 * calibrated to INE's 2021 projection (see calibration.yaml), streamed to disk in constant memory
 * and byte-identical for the same (people, seed, asOf, messy).
 *
 * This file runs the whole: it checks the options, opens the files, generates the persons in
 * batches (./person-rows.ts, then ./source-list-rows.ts, then ./messy-injection.ts for each) with
 * backpressure and progress between batches, and reports (./calibration-report.ts). The clean
 * population and the injected errors draw from separate random streams, so the clean rows of a
 * messy country are exactly the rows of the clean country with the same seed.
 */

export { formatCalibration } from './calibration-report.ts';
export { writeLatin1Copy } from './latin1-copy.ts';
export type { SynthOptions, SynthReport } from './synth.types.ts';

export const DEFAULT_AS_OF = '2021-03-01';
/** People aged 100 on asOf must be born in 1900 or later (identity.yaml's earliest birth date). */
export const EARLIEST_AS_OF = '2001-01-01';
/**
 * A limit on the loop: four times Bolivia is far beyond any use, and keeps every registry CI number
 * at 5 to 8 digits, so the 9-digit numbers of messy "unknown person" rows can never match anyone.
 */
export const MAX_PEOPLE = 50_000_000;
/** Persons generated between two checks of the output buffers. */
const BATCH_PERSONS = 4096;

/** Random streams of one seed: each purpose has its own, so one never shifts another's draws. */
const STREAM = { population: 1, messy: 2, ciNumberKeys: 3 } as const;

/**
 * Whether options can make a country: a whole number of persons from 1 to MAX_PEOPLE, a whole seed
 * ≥ 0, a reference date from EARLIEST_AS_OF on. `ayni synth` asks before it writes anything.
 *
 * @example checkSynthOptions({ people: 0, seed: 1, outDir: 'x' }) // { ok: false, error: { code: 'synth_people_out_of_range', … } }
 */
export function checkSynthOptions(opts: SynthOptions): Result<void, SynthFailure> {
  if (!Number.isInteger(opts.people) || opts.people < 1 || opts.people > MAX_PEOPLE) {
    return fail({ code: 'synth_people_out_of_range', people: opts.people, maxPeople: MAX_PEOPLE });
  }
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) return fail({ code: 'bad_seed' });
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  if (parseIsoDate(asOf) === undefined || asOf < EARLIEST_AS_OF) {
    return fail({ code: 'synth_as_of_out_of_range', asOf, earliest: EARLIEST_AS_OF });
  }
  return ok(undefined);
}

/**
 * Generates persons.csv and one CSV per source list in `outDir`, and reports calibration.
 *
 * @example
 *   const report = await generateCountry({ people: 100_000, seed: 42, outDir: 'out/synth' });
 *   const table = formatCalibration(report);
 */
export async function generateCountry(opts: SynthOptions): Promise<SynthReport> {
  // The options come from code (the seed, benches, tests) or from `ayni synth`, which checks them
  // with checkSynthOptions first: one that fails here is a bug.
  const checked = checkSynthOptions(opts);
  if (!checked.ok) throw new Error(`generateCountry: ${JSON.stringify(checked.error)}`);
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  const model = buildModel(asOf);
  // Synthetic, but shaped like the real lists: written as privately as they would be (0700, 0600).
  await makePrivateFolder(opts.outDir);
  const persons = await OutputFile.open(path.join(opts.outDir, 'persons.csv'), csvLine(PERSON_FILE_HEADER));
  const lists: OutputFile[] = [];
  try {
    for (const list of SOURCE_LISTS) {
      lists.push(
        await OutputFile.open(path.join(opts.outDir, `${list.name}.csv`), csvLine(sourceListHeader(list))),
      );
    }
    const tally = new CalibrationTally(model);
    const rng = new Rng(opts.seed, STREAM.population);
    const personRows = new PersonRows(model, rng, new Rng(opts.seed, STREAM.ciNumberKeys), persons, tally);
    const messy =
      opts.messy === true
        ? new MessyInjection(model, new Rng(opts.seed, STREAM.messy), persons, opts.onInjected)
        : undefined;
    const listRows = new SourceListRows(model, rng, lists, tally, messy);
    for (let done = 0; done < opts.people; ) {
      const end = Math.min(opts.people, done + BATCH_PERSONS);
      for (; done < end; done++) {
        const person = personRows.next();
        listRows.write(person);
        messy?.afterPersonRow(person.fields);
      }
      await Promise.all([persons, ...lists].map((f) => f.flushIfFull()));
      opts.onProgress?.(done, opts.people);
    }
    await persons.close();
    for (const f of lists) await f.close();
    return {
      people: opts.people,
      files: [persons, ...lists].map((f) => ({
        name: path.basename(f.filePath),
        path: f.filePath,
        rows: f.rows,
      })),
      calibration: tally.calibration(opts.people),
      messyRowsInjected: messy?.injected ?? 0,
    };
  } finally {
    await persons.abandon();
    for (const f of lists) await f.abandon();
  }
}
