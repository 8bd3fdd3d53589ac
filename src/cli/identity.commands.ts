import type { Command } from 'commander';
import { type App, clockOf } from '../app.ts';
import { identityMergeGuard } from '../identity-merge-guard.ts';
import {
  type CandidatePerson,
  decideMergeProposal,
  findDuplicates,
  type IdentityMerge,
  identityMergeDetail,
  listIdentityMerges,
  type MergeStatus,
  proposeMerge,
  unmerge,
} from '../registry/index.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { CommandFailed, orStop } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printResult } from './output.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

interface ReasonFlags extends OfficerFlags {
  reason: string;
}

/** A merge or person id as the command line gave it; anything but digits names nothing. */
const idOf = (text: string): bigint | undefined =>
  /^\d{1,18}$/.test(text.trim()) ? BigInt(text.trim()) : undefined;

const vectorWords = (vector: Record<string, string | null>) =>
  Object.entries(vector)
    .filter(([, level]) => level !== null)
    .map(([comparison, level]) => `${comparison.replaceAll('_', ' ')} ${String(level).replaceAll('_', ' ')}`)
    .join(', ');

const personLine = (p: CandidatePerson | undefined, id: bigint) =>
  p
    ? `person ${p.id}: ${p.givenNames} ${p.firstSurname} ${p.secondSurname}, CI ${p.ciNumber}${p.complemento ? `-${p.complemento}` : ''}, born ${p.dateOfBirth}`
    : `person ${id} (not in the registry)`;

const mergeLine = (m: IdentityMerge) =>
  `#${m.id}  ${m.status}  keep person ${m.survivingPersonId}, retire person ${m.retiredPersonId}  proposed by ${m.proposedBy}${m.decidedBy ? `, decided by ${m.decidedBy}` : ''}${m.unmergedBy ? `, undone by ${m.unmergedBy}` : ''}`;

const STATUSES: readonly MergeStatus[] = ['proposed', 'approved', 'rejected', 'unmerged'];

/**
 * `ayni identity duplicates|merges|show|propose|approve|reject|unmerge` (issue #23): registry
 * duplicates and their maker-checker merges, for a signed-in officer with the web's permissions —
 * reading registry.read, proposing registry.merge_propose, deciding and undoing
 * registry.merge_approve (never the proposer) — every step audited as theirs.
 *
 * @example registerIdentityCommands(program, withApp)
 */
export function registerIdentityCommands(program: Command, withApp: WithApp): void {
  const identity = program
    .command('identity')
    .description('registry duplicates and their maker-checker merges (identity resolution)');

  signedInCommand(
    identity
      .command('duplicates')
      .description('probable duplicate persons of the registry, strongest first')
      .option('--limit <n>', 'pairs to show', '50'),
    'registry.read',
  ).action(async (flags: OfficerFlags & { limit: string }) => {
    await withApp((app) =>
      asOfficer(app, flags, 'registry.read', new PasswordInput(flags.passwordStdin === true), async () => {
        const on = toIsoDateInBolivia(clockOf(app)());
        const found = await findDuplicates(
          app.db,
          on,
          Math.max(1, Math.min(1000, Number(flags.limit) || 50)),
        );
        printResult(
          `${found.candidates} candidate pairs by blocking; ${found.pairs.length} at or above the review weight ${found.reviewWeight.toFixed(1)} (likely from ${found.acceptWeight.toFixed(1)}):`,
        );
        for (const p of found.pairs)
          printResult(
            [
              `  ${p.strength}  weight ${p.weight.toFixed(1)}  ${vectorWords(p.vector)}`,
              `    ${personLine(p.left, p.left.id)}`,
              `    ${personLine(p.right, p.right.id)}`,
            ].join('\n'),
          );
      }),
    );
  });

  signedInCommand(
    identity
      .command('merges')
      .description('the merges, newest first')
      .option('--status <status>', `only these: ${STATUSES.join(', ')}`),
    'registry.read',
  ).action(async (flags: OfficerFlags & { status?: string }) => {
    const status = STATUSES.find((s) => s === flags.status);
    await withApp((app) =>
      asOfficer(app, flags, 'registry.read', new PasswordInput(flags.passwordStdin === true), async () => {
        const merges = await listIdentityMerges(app.db, status);
        printResult(merges.length === 0 ? 'No merges.' : merges.map(mergeLine).join('\n'));
      }),
    );
  });

  signedInCommand(
    identity.command('show').description('one merge and both persons').argument('<id>', 'the merge'),
    'registry.read',
  ).action(async (id: string, flags: OfficerFlags) => {
    const mergeId = idOf(id);
    if (mergeId === undefined) throw new CommandFailed({ code: 'identity_merge_not_found', mergeId: id });
    await withApp((app) =>
      asOfficer(app, flags, 'registry.read', new PasswordInput(flags.passwordStdin === true), async () => {
        const d = await identityMergeDetail(app.db, mergeId);
        if (!d) throw new CommandFailed({ code: 'identity_merge_not_found', mergeId: id });
        printResult(
          [
            mergeLine(d.merge),
            `  keep:   ${personLine(d.surviving, d.merge.survivingPersonId)}`,
            `  retire: ${personLine(d.retired, d.merge.retiredPersonId)}`,
            `  proposed: ${d.merge.proposalReason}`,
            ...(d.merge.decisionReason ? [`  decided: ${d.merge.decisionReason}`] : []),
            ...(d.merge.unmergeReason ? [`  undone: ${d.merge.unmergeReason}`] : []),
            `  registry references moved: ${d.moved}`,
          ].join('\n'),
        );
      }),
    );
  });

  signedInCommand(
    identity
      .command('propose')
      .description('propose that two persons are one: keep one, retire the other (a second officer approves)')
      .requiredOption('--keep <person>', 'the person kept (keeps their id)')
      .requiredOption('--retire <person>', 'the person retired (leaves the registry in force)')
      .requiredOption('--reason <text>', 'why (kept in the audit trail)'),
    'registry.merge_propose',
  ).action(async (flags: ReasonFlags & { keep: string; retire: string }) => {
    const keep = idOf(flags.keep);
    const retire = idOf(flags.retire);
    if (keep === undefined)
      throw new CommandFailed({ code: 'identity_merge_person_not_found', personId: flags.keep });
    if (retire === undefined)
      throw new CommandFailed({ code: 'identity_merge_person_not_found', personId: flags.retire });
    await withApp(async (app) => {
      const merge = await asOfficer(
        app,
        flags,
        'registry.merge_propose',
        new PasswordInput(flags.passwordStdin === true),
        async (officer) =>
          orStop(
            await proposeMerge(app.db, identityMergeGuard, {
              survivingPersonId: keep,
              retiredPersonId: retire,
              reason: flags.reason,
              officer: officer.principal.actor,
              at: clockOf(app)(),
            }),
          ),
      );
      printResult(
        `Merge #${merge.id} proposed: keep person ${keep}, retire person ${retire}. Another officer approves it.`,
      );
    });
  });

  const decide = (name: 'approve' | 'reject', description: string) =>
    signedInCommand(
      identity
        .command(name)
        .description(description)
        .argument('<id>', 'the merge')
        .requiredOption('--reason <text>', 'why (kept in the audit trail)'),
      'registry.merge_approve',
    ).action(async (id: string, flags: ReasonFlags) => {
      const mergeId = idOf(id);
      if (mergeId === undefined) throw new CommandFailed({ code: 'identity_merge_not_found', mergeId: id });
      await withApp(async (app) => {
        const outcome = await asOfficer(
          app,
          flags,
          'registry.merge_approve',
          new PasswordInput(flags.passwordStdin === true),
          async (officer) =>
            orStop(
              await decideMergeProposal(app.db, identityMergeGuard, {
                mergeId,
                decision: name,
                reason: flags.reason,
                officer: officer.principal.actor,
                at: clockOf(app)(),
              }),
            ),
        );
        printResult(
          `Merge #${outcome.merge.id} ${outcome.merge.status}${outcome.merge.status === 'approved' ? `: ${outcome.moved} registry references moved to person ${outcome.merge.survivingPersonId}` : ''}${outcome.repeated ? ' (already so; nothing changed)' : ''}.`,
        );
      });
    });
  decide(
    'approve',
    'approve a proposed merge (not your own): the retired person leaves the registry in force',
  );
  decide('reject', 'reject a proposed merge (not your own)');

  signedInCommand(
    identity
      .command('unmerge')
      .description('undo an approved merge: the retired person and every reference moved come back')
      .argument('<id>', 'the merge')
      .requiredOption('--reason <text>', 'why (kept in the audit trail)'),
    'registry.merge_approve',
  ).action(async (id: string, flags: ReasonFlags) => {
    const mergeId = idOf(id);
    if (mergeId === undefined) throw new CommandFailed({ code: 'identity_merge_not_found', mergeId: id });
    await withApp(async (app) => {
      const outcome = await asOfficer(
        app,
        flags,
        'registry.merge_approve',
        new PasswordInput(flags.passwordStdin === true),
        async (officer) =>
          orStop(
            await unmerge(app.db, {
              mergeId,
              reason: flags.reason,
              officer: officer.principal.actor,
              at: clockOf(app)(),
            }),
          ),
      );
      printResult(
        `Merge #${outcome.merge.id} undone: ${outcome.moved} registry references moved back to person ${outcome.merge.retiredPersonId}${outcome.repeated ? ' (already so; nothing changed)' : ''}.`,
      );
    });
  });
}
