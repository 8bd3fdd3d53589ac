import type { Command } from 'commander';
import { parseIsoDate } from '../shared/dates.ts';
import { checkSynthOptions, formatCalibration, generateCountry } from '../synth/index.ts';
import { CommandFailed, orStop } from './failure.ts';
import { printResult } from './output.ts';
import { startProgress } from './progress.ts';

/** `ayni synth`: writes a synthetic country (persons and every source list) to a folder. */
export function registerSynthCommand(program: Command): void {
  program
    .command('synth')
    .description('generate a synthetic country, deterministic from the seed and calibrated to INE figures')
    .requiredOption('--people <n>', 'number of persons (11700000 for all of Bolivia)')
    .option('--seed <n>', 'random seed', '1')
    .requiredOption('--out <dir>', 'output folder')
    .option('--messy', 'inject realistic errors (typos, impossible dates, wrong encodings) for import tests')
    .option('--as-of <date>', 'reference date for ages', '2021-03-01')
    .action(async (flags: { people: string; seed: string; out: string; messy?: boolean; asOf: string }) => {
      const people = Number(flags.people);
      const seed = Number(flags.seed);
      if (!Number.isInteger(people) || people < 1) throw new CommandFailed({ code: 'bad_people' });
      if (!Number.isInteger(seed) || seed < 0) throw new CommandFailed({ code: 'bad_seed' });
      if (!parseIsoDate(flags.asOf))
        throw new CommandFailed({ code: 'bad_date', option: '--as-of', value: flags.asOf });
      orStop(checkSynthOptions({ people, seed, outDir: flags.out, asOf: flags.asOf }));
      const progress = startProgress('synth', people, 'rows');
      const report = await generateCountry({
        people,
        seed,
        outDir: flags.out,
        messy: Boolean(flags.messy),
        asOf: flags.asOf,
        onProgress: (done) => progress.update(done, { rows: done }),
      });
      progress.stop();
      for (const f of report.files) printResult(`${f.path}  ${f.rows} rows`);
      if (flags.messy) printResult(`messy rows injected: ${report.messyRowsInjected}`);
      printResult(formatCalibration(report));
    });
}
