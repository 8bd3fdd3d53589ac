import type { Command } from 'commander';
import { type App, clockOf } from '../app.ts';
import type { Actor } from '../audit/index.ts';
import {
  decideIdentityReview,
  type IdentityReview,
  type ImportSpec,
  type ImportSummary,
  listWaitingReviews,
  personImportSpec,
  type RegistryFailure,
  registryCounts,
  runImport,
  SOURCE_LISTS,
  sourceImportSpec,
  sourceListHeader,
} from '../registry/index.ts';
import { parseIsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { ok, type Result } from '../shared/failure.ts';
import { CommandFailed, orStop } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printResult } from './output.ts';
import { startProgress } from './progress.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

interface ImportFlags extends OfficerFlags {
  asOf?: string;
  encoding: string;
  rejects?: string;
}

/** An import's options; it is run by a signed-in officer holding registry.import, as on the web. */
function importFlags(cmd: Command): Command {
  return signedInCommand(cmd, 'registry.import')
    .option(
      '--as-of <date>',
      "reference date YYYY-MM-DD: births and deaths after it are refused (default: today in Bolivia on ayni's clock, AYNI_CLOCK if set)",
    )
    .option('--encoding <encoding>', 'auto, utf-8 or latin1', 'auto')
    .option(
      '--rejects <file>',
      'where to write refused rows (default: data/rejects/<kind>-<hash>.rejects.csv)',
    );
}

/** Runs an import as the signed-in officer, recorded as its actor (`account:<username>`). */
function asImporter<T>(app: App, flags: ImportFlags, action: (actor: Actor) => Promise<T>): Promise<T> {
  return asOfficer(app, flags, 'registry.import', new PasswordInput(flags.passwordStdin === true), (o) =>
    action(o.principal.actor),
  );
}

/**
 * The import's reference date and encoding. Without --as-of the date is today in Bolivia on the
 * app's clock, as the back office's import form proposes: the UTC date of the host would be
 * tomorrow from 20:00 in La Paz, and real time ignores AYNI_CLOCK (a demo or a replay of 2020).
 */
function resolveImportOptions(flags: ImportFlags, app: App) {
  const asOf = flags.asOf ?? toIsoDateInBolivia(clockOf(app)());
  if (!parseIsoDate(asOf)) throw new CommandFailed({ code: 'bad_date', option: '--as-of', value: asOf });
  const encodings: Record<string, 'auto' | 'utf-8' | 'windows-1252'> = {
    auto: 'auto',
    'utf-8': 'utf-8',
    utf8: 'utf-8',
    latin1: 'windows-1252',
    'windows-1252': 'windows-1252',
  };
  const encoding = encodings[flags.encoding.toLowerCase()];
  if (!encoding) throw new CommandFailed({ code: 'bad_encoding', value: flags.encoding });
  return { asOf, encoding };
}

async function runWithProgress(
  app: App,
  label: string,
  run: (onProgress: Parameters<typeof runImport>[2]['onProgress']) => ReturnType<typeof runImport>,
) {
  let progress: ReturnType<typeof startProgress> | undefined;
  const imported = await run((p) => {
    if (p.phase === 'survey') return;
    progress ??= startProgress(label, p.totalBytes, 'bytes');
    progress.update(p.bytesRead, { rows: p.rowsRead, phase: p.phase === 'merge' ? '(merging)' : '' });
  });
  progress?.stop();
  printSummary(orStop(imported));
  void app;
}

/**
 * Imports `file` as the signed-in officer, with the reference date and encoding the flags give and
 * a progress bar: the persons file and every source list alike.
 */
function importFile(
  app: App,
  flags: ImportFlags,
  label: string,
  specFor: (asOf: string) => Result<ImportSpec, RegistryFailure>,
  file: string,
): Promise<void> {
  const { asOf, encoding } = resolveImportOptions(flags, app);
  const spec = orStop(specFor(asOf));
  return asImporter(app, flags, (actor) =>
    runWithProgress(app, label, (onProgress) =>
      runImport(app.db, spec, {
        filePath: file,
        actor,
        now: clockOf(app),
        asOf,
        encoding,
        rejectsPath: flags.rejects,
        rejectsDir: app.rejectsDir,
        onProgress,
      }),
    ),
  );
}

/** Prints the import summary; the counts always add up (the importer asserts it). */
export function printSummary(s: ImportSummary): void {
  if (s.status === 'already_imported') {
    printResult(
      `${s.fileName}: already imported as import #${s.importId} (same content, sha256 ${s.sha256.slice(0, 12)}…). Nothing changed.`,
    );
    return;
  }
  const lines = [
    `Import #${s.importId} of ${s.fileName} (${s.kind}) completed in ${(s.elapsedMs / 1000).toFixed(1)} s — encoding: ${s.encoding}`,
    s.rowsLinkedByScore > 0 || s.rowsQueued > 0
      ? `  read ${s.rowsRead} = linked exactly ${s.rowsAccepted - s.rowsLinkedByScore} + linked by score ${s.rowsLinkedByScore} + queued for review ${s.rowsQueued} + rejected ${s.rowsRejected}`
      : `  read ${s.rowsRead} = accepted ${s.rowsAccepted} + rejected ${s.rowsRejected}`,
    `  accepted: ${s.rowsInserted} new, ${s.rowsUpdated} updated, ${s.rowsUnchanged} unchanged${s.rowsRemoved ? `; ${s.rowsRemoved} no longer on the list` : ''}`,
  ];
  // Rows identity resolution could not decide wait for an officer (issue #23).
  if (s.rowsQueued > 0)
    lines.push(`  ${s.rowsQueued} rows wait in the identity review queue before they count as members`);
  if (s.blankLines) lines.push(`  ${s.blankLines} blank lines ignored`);
  if (s.rejectsPath) lines.push(`  rejected rows, with line number and reason: ${s.rejectsPath}`);
  printResult(lines.join('\n'));
}

/**
 * `ayni registry …` and `ayni sources …`. Imports are run by a signed-in officer (registry.import);
 * `registry status` prints counts only (no person), like the transparency pages, and needs none.
 */
export function registerRegistryCommands(program: Command, withApp: WithApp): void {
  const registry = program.command('registry').description('the population registry');
  importFlags(
    registry
      .command('import')
      .description(
        'import a persons file (CSV, header in docs/formats.md); new persons are added, changed ones updated with history',
      )
      .argument('<file>', 'persons CSV file'),
  ).action(async (file: string, flags: ImportFlags) => {
    await withApp((app) => importFile(app, flags, 'persons', (asOf) => ok(personImportSpec(asOf)), file));
  });
  registry
    .command('status')
    .description('print the registry counts')
    .action(async () => {
      await withApp(async (app) => {
        const c = await registryCounts(app.db);
        printResult(`persons ${c.persons} (living ${c.living}, abroad ${c.abroad}) on ${app.db.backend}`);
        for (const d of c.byDepartment)
          printResult(`  ${d.name.padEnd(12)} ${String(d.persons).padStart(10)}`);
        printResult('source lists:');
        for (const l of c.sourceLists)
          printResult(`  ${l.name.padEnd(24)} ${String(l.members).padStart(10)}`);
      });
    });

  registerReviewCommands(registry, withApp);

  const sources = program
    .command('sources')
    .description('lists from other institutions (bono groups and exclusions, bank accounts)');
  sources
    .command('list')
    .description('the source lists ayni knows and the header each file must have')
    .action(() => {
      for (const l of SOURCE_LISTS)
        printResult(
          `${l.name.padEnd(24)} ${l.titleEn}\n${''.padEnd(24)} header: ${sourceListHeader(l).join(',')}`,
        );
    });
  importFlags(
    sources
      .command('import')
      .description('import a full snapshot of a source list; it replaces the list in force')
      .argument('<list>', `one of: ${SOURCE_LISTS.map((l) => l.name).join(', ')}`)
      .argument('<file>', 'CSV file'),
  ).action(async (list: string, file: string, flags: ImportFlags) => {
    await withApp((app) => importFile(app, flags, list, (asOf) => sourceImportSpec(list, asOf), file));
  });
}

/** A comparison vector in words, e.g. "ci_number one_digit_off, date_of_birth exact" (missing values left out). */
function vectorWords(vector: Record<string, string | null>): string {
  return Object.entries(vector)
    .filter(([, level]) => level !== null)
    .map(([comparison, level]) => `${comparison.replaceAll('_', ' ')} ${String(level).replaceAll('_', ' ')}`)
    .join(', ');
}

/** One queued row and its candidates, as `registry review list` prints it. */
function reviewLines(r: IdentityReview): string[] {
  return [
    `#${r.id}  ${r.list} import #${r.importId} line ${r.lineNumber}: CI ${r.ciNumber}${r.complemento ? `-${r.complemento}` : ''}, born ${r.dateOfBirth}${r.status === 'unsure' ? '  (marked not sure)' : ''}`,
    ...r.candidates.map(
      (c) => `    person ${c.personId}  weight ${c.weight.toFixed(1)}  ${vectorWords(c.vector)}`,
    ),
  ];
}

/** A row or person id as the command line gave it; anything but digits names no row (or person). */
const idOf = (text: string): bigint | undefined =>
  /^\d{1,18}$/.test(text.trim()) ? BigInt(text.trim()) : undefined;

interface ReviewFlags extends OfficerFlags {
  person?: string;
  reason?: string;
}

/**
 * `ayni registry review list|accept|reject`: the identity review queue (issue #23). Listing shows
 * persons' keys, so it needs registry.read; deciding changes a list's members, so registry.import,
 * as importing the list does. Both by a signed-in officer, the decision audited as theirs.
 */
function registerReviewCommands(registry: Command, withApp: WithApp): void {
  const review = registry
    .command('review')
    .description('rows of source lists that almost name a person, waiting for an officer (identity review)');
  signedInCommand(
    review.command('list').description('the rows waiting, with their candidates, weights and comparisons'),
    'registry.read',
  ).action(async (flags: OfficerFlags) => {
    await withApp((app) =>
      asOfficer(app, flags, 'registry.read', new PasswordInput(flags.passwordStdin === true), async () => {
        const waiting = await listWaitingReviews(app.db);
        if (waiting.length === 0) {
          printResult('No rows wait for review.');
          return;
        }
        printResult(`${waiting.length} rows wait for review (candidates best first):`);
        printResult(waiting.flatMap(reviewLines).join('\n'));
      }),
    );
  });
  const decide = async (app: App, id: string, flags: ReviewFlags, decision: 'accept' | 'reject') => {
    const reviewId = idOf(id);
    if (reviewId === undefined) throw new CommandFailed({ code: 'identity_review_not_found', reviewId: id });
    let personId: bigint | undefined;
    if (decision === 'accept') {
      personId = idOf(flags.person ?? '');
      if (personId === undefined)
        throw new CommandFailed({
          code: 'identity_review_not_candidate',
          reviewId: id,
          personId: flags.person ?? '',
          candidates: [],
        });
    }
    const outcome = await asOfficer(
      app,
      flags,
      'registry.import',
      new PasswordInput(flags.passwordStdin === true),
      async (officer) =>
        orStop(
          await decideIdentityReview(app.db, {
            reviewId,
            decision,
            ...(personId === undefined ? {} : { personId }),
            officer: officer.principal.actor,
            ...(flags.reason === undefined ? {} : { reason: flags.reason }),
            at: clockOf(app)(),
          }),
        ),
    );
    printResult(
      `Row #${outcome.reviewId} (${outcome.list} line ${outcome.lineNumber}) ${outcome.status}${outcome.personId === null ? '' : `: linked to person ${outcome.personId}`}${outcome.repeated ? ' (already so; nothing changed)' : ''}.`,
    );
  };
  signedInCommand(
    review
      .command('accept')
      .description('the row names this candidate: it becomes their membership of the list')
      .argument('<id>', 'the row, as `registry review list` numbers it')
      .requiredOption('--person <id>', 'the candidate person the row names')
      .option('--reason <text>', 'why (kept in the audit trail)'),
    'registry.import',
  ).action(async (id: string, flags: ReviewFlags) => {
    await withApp((app) => decide(app, id, flags, 'accept'));
  });
  signedInCommand(
    review
      .command('reject')
      .description('the row names none of its candidates: nobody is linked')
      .argument('<id>', 'the row, as `registry review list` numbers it')
      .requiredOption('--reason <text>', 'why (kept in the audit trail)'),
    'registry.import',
  ).action(async (id: string, flags: ReviewFlags) => {
    await withApp((app) => decide(app, id, flags, 'reject'));
  });
}
