import type { Command } from 'commander';
import { type App, clockOf } from '../app.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { type ReplayReport, replay2021 } from '../vaccination/index.ts';
import { CommandFailed, orStop } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printMessage, printResult } from './output.ts';

/**
 * `ayni vaccination replay`: the campaign of 2021 played on the registry's country (src/vaccination/
 * replay.ts), then its curve beside the published milestones, the departments' shares of first
 * doses, and the ledger's verification. It records doses and moves stock: the officer needs
 * `vaccination.administer`.
 */

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

function isoDate(text: string, option: string): IsoDate {
  if (parseIsoDate(text) !== text) throw new CommandFailed({ code: 'bad_date', option, value: text });
  return text;
}

const percent = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);
const count = (n: number | null) => (n === null ? '—' : n.toLocaleString('en'));

/** The report as the officer reads it: counts, the curve beside the milestones, shares, the ledger. */
function printReport(r: ReplayReport): void {
  const total = r.days.reduce(
    (s, d) => ({
      first: s.first + d.first,
      second: s.second + d.second,
      single: s.single + d.single,
      booster: s.booster + d.booster,
    }),
    { first: 0, second: 0, single: 0, booster: 0 },
  );
  printResult(
    `Replay ${r.from} → ${r.to}: ${r.playedNow} days played now, ${r.skipped} played before; ${(r.elapsedMs / 1000).toFixed(1)} s.`,
  );
  printResult(
    `Registry residents ${r.registryResidents.toLocaleString('en')} of ${r.nationalPopulation.toLocaleString('en')} (counts below are scaled to the country).`,
  );
  printResult(
    `Doses recorded: first ${total.first}, second ${total.second}, single ${total.single}, booster ${total.booster}.`,
  );
  printResult('');
  printResult('date        measure   published     replayed      difference');
  for (const m of r.curve)
    printResult(
      `${m.on}  ${m.measure.padEnd(8)}  ${`${m.approximate ? '~' : ''}${count(m.published)}`.padStart(12)}  ${count(m.replayed).padStart(12)}  ${percent(m.relativeDifference).padStart(10)}`,
    );
  printResult('');
  printResult(`First doses by department, share of the country (published on ${r.firstDosesOn} / replayed):`);
  for (const d of r.departments)
    printResult(
      `${String(d.department).padStart(2)} ${d.name.padEnd(12)} ${(d.publishedShare * 100).toFixed(1).padStart(5)}%  ${d.replayedShare === null ? '—' : `${(d.replayedShare * 100).toFixed(1)}%`.padStart(6)}`,
    );
  printResult('');
  printResult(
    r.ledgerOk
      ? 'Stock verified: the ledger balances, and every site gave on the ledger the doses it recorded.'
      : `Stock NOT verified:\n${r.ledgerProblems.join('\n')}`,
  );
}

/**
 * Adds `replay` to `ayni vaccination`.
 *
 * @example registerVaccinationReplayCommand(vaccinationCommand, withApp) // ayni vaccination replay --from 2021-01-29 --to 2021-12-31
 */
export function registerVaccinationReplayCommand(vaccination: Command, withApp: WithApp): void {
  signedInCommand(
    vaccination
      .command('replay')
      .description(
        'play the 2021 campaign on the registry with the real deliveries, and compare with the published milestones',
      )
      .option('--from <date>', 'first day (default 2021-01-29, the campaign’s first)', '2021-01-29')
      .option('--to <date>', 'last day (default 2021-12-31)', '2021-12-31')
      .option('--deliveries <file>', 'dated deliveries file (default the 2021 file shipped with ayni)'),
    'vaccination.administer',
  ).action(async (flags: OfficerFlags & { from: string; to: string; deliveries?: string }) => {
    const from = isoDate(flags.from, '--from');
    const to = isoDate(flags.to, '--to');
    await withApp((app) =>
      asOfficer(
        app,
        flags,
        'vaccination.administer',
        new PasswordInput(flags.passwordStdin === true),
        async (o) => {
          let month = '';
          const report = orStop(
            await replay2021(app.db, {
              from,
              to,
              actor: o.principal.actor,
              now: clockOf(app),
              ...(flags.deliveries === undefined ? {} : { deliveries: flags.deliveries }),
              progress: (d) => {
                if (d.day.slice(0, 7) === month) return;
                month = d.day.slice(0, 7);
                printMessage(`Playing ${month}…`);
              },
            }),
          );
          printReport(report);
          if (!report.ledgerOk) process.exitCode = 1;
        },
      ),
    );
  });
}
