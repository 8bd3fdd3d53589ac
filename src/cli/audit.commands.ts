import type { Command } from 'commander';
import type { App } from '../app.ts';
import { type AuditAnchor, type AuditEntry, listAuditEntries, verifyAuditChain } from '../audit/index.ts';
import { CommandFailed } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printResult } from './output.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

function parseAnchor(text: string, previous: AuditAnchor[] = []): AuditAnchor[] {
  const m = /^(\d+):([0-9a-fA-F]{64})$/.exec(text.trim());
  // Thrown from commander's option parser, it ends the command as any failure does (./main.ts).
  if (!m) throw new CommandFailed({ code: 'bad_anchor', value: text });
  return [...previous, { seq: BigInt(m[1]!), hash: m[2]!.toLowerCase() }];
}

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

function summary(e: AuditEntry): string {
  const change = [
    e.before === null ? '' : `before ${json(e.before)}`,
    e.after === null ? '' : `after ${json(e.after)}`,
  ]
    .filter((s) => s !== '')
    .join(' ');
  const shown = change.length > 200 ? `${change.slice(0, 199)}…` : change;
  const entity = e.entityId === null ? e.entityType : `${e.entityType} ${e.entityId}`;
  return `#${e.seq}  ${e.at.toISOString()}  ${e.actor}  ${e.action}  ${entity}  ${shown}`;
}

/**
 * `ayni audit verify` and `ayni audit show`, for an officer or system holding audit.read (an
 * auditor, an administrator, an audit office's credential): the trail names officers and what they
 * changed, and a verification is a statement an auditor signs.
 *
 * @example registerAuditCommands(program, withApp);
 */
export function registerAuditCommands(program: Command, withApp: WithApp): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');

  signedInCommand(
    audit
      .command('verify')
      .description(
        'recompute the hash chain; prints OK with the count and head hash, or the first problem (exit 1)',
      )
      .option(
        '--anchor <seq:hash>',
        'an entry’s hash recorded earlier outside the database; repeatable',
        parseAnchor,
        [] as AuditAnchor[],
      ),
    'audit.read',
  ).action(async (flags: OfficerFlags & { anchor: AuditAnchor[] }) => {
    await withApp((app) =>
      asOfficer(app, flags, 'audit.read', new PasswordInput(flags.passwordStdin === true), async () => {
        const v = await verifyAuditChain(app.db, { anchors: flags.anchor });
        if (!v.ok) {
          throw new CommandFailed({
            code: 'audit_chain_broken',
            kind: v.problem.kind,
            seq: v.problem.seq.toString(),
            description: v.problem.message,
            entriesChecked: v.entriesChecked.toString(),
          });
        }
        printResult(`audit trail OK: ${v.entries} entries, head ${v.headSeq}:${v.headHash}`);
        if (v.entries > 0n)
          printResult(
            'Keep the head line somewhere else: `--anchor` checks later that nothing before it changed.',
          );
      }),
    );
  });

  signedInCommand(
    audit
      .command('show')
      .description('print the most recent entries, oldest first')
      .option('--last <n>', 'how many entries', '20')
      .option('--json', 'one JSON object per line, with before, after and hashes'),
    'audit.read',
  ).action(async (flags: OfficerFlags & { last: string; json?: boolean }) => {
    const last = Number(flags.last);
    if (!Number.isInteger(last) || last < 1 || last > 100_000) throw new CommandFailed({ code: 'bad_count' });
    await withApp((app) =>
      asOfficer(app, flags, 'audit.read', new PasswordInput(flags.passwordStdin === true), async () => {
        // A password sign-in is recorded first, so it is the last entry shown (its session's end
        // comes after the command).
        const entries = await listAuditEntries(app.db, { last });
        if (entries.length === 0) printResult('the audit trail is empty');
        for (const e of entries) printResult(flags.json ? json(e) : summary(e));
      }),
    );
  });
}
