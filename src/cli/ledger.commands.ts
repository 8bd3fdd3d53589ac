import type { Command } from 'commander';
import { type App, clockOf } from '../app.ts';
import { checkLedger, type LedgerCheck } from '../ledger/index.ts';
import { CommandFailed } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printResult } from './output.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

function reportLine(c: LedgerCheck): string {
  const how =
    c.mode === 'incremental' && c.from
      ? `incremental from checkpoint ${c.from.id} (seq ${c.from.throughSeq})`
      : 'full, from the transfers alone';
  return `ledger OK (${how}): ${c.transferCount} transfers, ${c.accountCount} accounts`;
}

/**
 * `ayni ledger verify`, for an officer or system holding audit.read (an auditor, an audit office's
 * credential): the ledger's check (src/ledger/ledger.checkpoint.ts). By default incremental from
 * the latest verified checkpoint (the transfers recorded since it; with `--history` also a
 * fingerprint of those before it); `--full` recomputes everything from the transfers alone,
 * trusting no checkpoint.
 * A clean run records a checkpoint, and its digest in the audit trail; one with problems prints
 * them, one JSON object a line, and exits 1.
 *
 * @example registerLedgerCommands(program, withApp);
 */
export function registerLedgerCommands(program: Command, withApp: WithApp): void {
  const ledger = program.command('ledger').description('the double-entry ledger');

  signedInCommand(
    ledger
      .command('verify')
      .description(
        'check the ledger from its latest verified checkpoint (--full: from the transfers alone); records a checkpoint when clean, prints each problem and exits 1 otherwise',
      )
      .option('--full', 'recompute every balance and unique key from every transfer, trusting no checkpoint')
      .option(
        '--history',
        'incremental: also fingerprint every transfer before the checkpoint (one pass over the table), to see an old one changed',
      )
      .option('--timings', 'print how long each question took'),
    'audit.read',
  ).action(async (flags: OfficerFlags & { full?: boolean; history?: boolean; timings?: boolean }) => {
    await withApp((app) =>
      asOfficer(
        app,
        flags,
        'audit.read',
        new PasswordInput(flags.passwordStdin === true),
        async (officer) => {
          const check = await checkLedger(app.db, {
            full: flags.full === true,
            history: flags.history === true,
            actor: officer.principal.actor,
            at: clockOf(app)(),
            timings: flags.timings === true,
          });
          if (flags.timings)
            for (const [q, ms] of Object.entries(check.timings ?? {}))
              printResult(`  ${q}: ${(ms / 1000).toFixed(2)} s`);
          if (!check.ok) {
            for (const p of check.problems) printResult(json(p));
            throw new CommandFailed({
              code: 'ledger_verification_failed',
              mode: check.mode,
              problems: check.problems.length,
              first: check.problems[0]?.problem ?? 'unknown',
            });
          }
          printResult(reportLine(check));
          if (check.checkpoint)
            printResult(
              `checkpoint ${check.checkpoint.id} through seq ${check.checkpoint.throughSeq}, digest ${check.checkpoint.digest}`,
            );
          else
            printResult(
              'no checkpoint written: transfers were being recorded the whole time the check waited for them; run it again',
            );
        },
      ),
    );
  });
}
