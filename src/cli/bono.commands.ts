import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import type { Permission } from '../access/index.ts';
import { type App, clockOf } from '../app.ts';
import type { Actor } from '../audit/index.ts';
import {
  approveRound,
  createRound,
  decideGrievance,
  expireRound,
  exportDeposits,
  fileGrievance,
  type GrievanceKind,
  getRound,
  grievanceDetail,
  importStatus,
  listGrievances,
  listRounds,
  PayoutDesk,
  type PersonTriple,
  type Round,
  rejectRound,
  replayRound,
  roundProgress,
  startReview,
  UNMATCHED_REASONS,
  unclaimedReport,
  verifyForBank,
} from '../bono/index.ts';
import {
  type AnyFailure,
  bankReplyWords,
  describeConflict,
  describeFailure,
  describeStatusNote,
  describeUnmatchedReason,
  isFailureCode,
  pageMessages,
} from '../messages/index.ts';
import { renderTrace } from '../rules/index.ts';
import { csvExportLine } from '../shared/csv.ts';
import { parseIsoDate } from '../shared/dates.ts';
import type { Lang } from '../shared/lang.ts';
import { decimalBolivianos, formatBolivianos } from '../shared/money.ts';
import { CommandFailed, orStop } from './failure.ts';
import {
  asOfficer,
  type OfficerFlags,
  PasswordInput,
  type SignedInOfficer,
  signedInCommand,
} from './officer.ts';
import { printMessage, printResult } from './output.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

const json = (value: unknown) =>
  JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);

/**
 * Runs `action` as the signed-in officer (or system) holding `permission`, the permission the back
 * office's page or the API's route for the same action asks for (src/cli/officer.ts): what it
 * changes is recorded as `account:<username>`, so the rounds service's maker-checker compares the
 * same officers whether each used the CLI, the web or the API.
 */
function asSignedIn<T>(
  app: App,
  flags: OfficerFlags,
  permission: Permission,
  action: (actor: Actor, officer: SignedInOfficer) => Promise<T>,
): Promise<T> {
  return asOfficer(app, flags, permission, new PasswordInput(flags.passwordStdin === true), (o) =>
    action(o.principal.actor, o),
  );
}

function roundId(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new CommandFailed({ code: 'round_id_invalid', value: text });
  return n;
}

function grievanceId(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new CommandFailed({ code: 'grievance_id_invalid', value: text });
  return n;
}

function isoDate(text: string, what: string): string {
  if (parseIsoDate(text) !== text) throw new CommandFailed({ code: 'bad_date', option: what, value: text });
  return text;
}

function triple(flags: { ci: string; complemento?: string; dob: string }): PersonTriple {
  return {
    ciNumber: flags.ci.trim(),
    complemento: (flags.complemento ?? '').trim().toUpperCase(),
    dateOfBirth: isoDate(flags.dob, '--dob'),
  };
}

const bs = (c: bigint) => formatBolivianos(c, 'es');

/**
 * The refusal a grievance step recorded (a supplementary round refused keeps createRound's
 * failure, not words), in words; '' when the step recorded none.
 *
 * @example refusalWords({ code: 'round_empty', refusal: { code: 'round_empty' } }, 'en')
 */
function refusalWords(data: Record<string, unknown> | null, lang: Lang): string {
  const refusal = data?.['refusal'] as { code?: unknown } | undefined;
  if (typeof refusal?.code !== 'string' || !isFailureCode(refusal.code)) return '';
  return describeFailure(refusal as AnyFailure, lang).detail;
}

function printRound(r: Round): void {
  printResult(`round ${r.id} (${r.kind}) as of ${r.asOf}: ${r.status}`);
  printResult(`  entitlements ${r.entitlementCount.toLocaleString('en')}, total ${bs(r.totalCentavos)}`);
  printResult(`  content hash ${r.contentHash}`);
  printResult(`  rules version ${r.rulesVersion}`);
  printResult(`  created by ${r.createdBy} at ${r.createdAt.toISOString()}`);
  if (r.decidedBy)
    printResult(
      `  ${r.status === 'rejected' ? 'rejected' : 'approved'} by ${r.decidedBy} at ${r.decidedAt?.toISOString()}`,
    );
}

/** `ayni bono …`: every officer action on the Bono Contra el Hambre. */
export function registerBonoCommands(program: Command, withApp: WithApp): void {
  const bono = program
    .command('bono')
    .description('Bono Contra el Hambre: rounds, payouts, deposits, expiry, grievances');
  const rounds = bono.command('round').description('payment rounds (freeze, approve, replay)');

  signedInCommand(
    rounds
      .command('create')
      .description(
        'freeze a round: apply the rules on DATE to the registry, with control totals and a content hash',
      )
      .requiredOption('--date <date>', 'the date the rules are applied on (YYYY-MM-DD)')
      .option('--note <text>', 'why this round', ''),
    'rounds.create',
  ).action(async (flags: OfficerFlags & { date: string; note: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'rounds.create', async (actor) => {
        const r = orStop(
          await createRound(app.db, {
            asOf: isoDate(flags.date, '--date'),
            kind: 'regular',
            note: flags.note,
            actor,
            at: clockOf(app)(),
            onProgress: (step) => printMessage(`… ${step}`),
          }),
        );
        printRound(r);
        printResult('A second officer approves it: ayni bono round approve', r.id, '--officer <approver>');
      }),
    );
  });

  for (const verb of ['approve', 'reject'] as const) {
    signedInCommand(
      rounds
        .command(`${verb} <round>`)
        .description(
          verb === 'approve'
            ? 'approve a frozen round (not by its creator): funds it and opens payment'
            : 'reject a frozen round, with a reason',
        )
        .option('--note <text>', verb === 'approve' ? 'a note' : 'the reason (required)'),
      'rounds.approve',
    ).action(async (id: string, flags: OfficerFlags & { note?: string }) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'rounds.approve', async (actor) => {
          const input = {
            roundId: roundId(id),
            actor,
            at: clockOf(app)(),
            ...(flags.note ? { note: flags.note } : {}),
          };
          printRound(
            orStop(verb === 'approve' ? await approveRound(app.db, input) : await rejectRound(app.db, input)),
          );
        }),
      );
    });
  }

  signedInCommand(rounds.command('list').description('every round, newest first'), 'rounds.read').action(
    async (flags: OfficerFlags) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'rounds.read', async () => {
          const all = await listRounds(app.db);
          if (all.length === 0) printResult('no rounds yet: ayni bono round create --date YYYY-MM-DD');
          for (const r of all)
            printResult(
              `${String(r.id).padStart(4)}  ${r.kind.padEnd(13)} ${r.asOf}  ${r.status.padEnd(8)} ${r.entitlementCount.toLocaleString('en').padStart(12)}  ${bs(r.totalCentavos)}`,
            );
        }),
      );
    },
  );

  signedInCommand(
    rounds
      .command('show <round>')
      .description('a round with its control totals and payment progress')
      .option('--json', 'as JSON'),
    'rounds.read',
  ).action(async (id: string, flags: OfficerFlags & { json?: boolean }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'rounds.read', async () => {
        const n = roundId(id);
        const r = await getRound(app.db, n);
        if (!r) throw new CommandFailed({ code: 'round_not_found', roundId: n });
        const progress = await roundProgress(app.db, r.id);
        if (flags.json) return printResult(json({ round: r, progress }));
        printRound(r);
        printResult('  control totals (department, band, channel: count, amount):');
        for (const c of r.controlTotals)
          printResult(
            `    ${c.departmentCode} ${c.band.padEnd(9)} ${c.channel.padEnd(7)} ${String(c.count).padStart(10)}  ${bs(c.amountCentavos)}`,
          );
        printResult(
          `  paid at counters ${progress.paidCounter.count}, by deposit ${progress.paidDeposit.count}, deposits in flight ${progress.depositsInFlight.count}, unpaid ${progress.unpaid.count}`,
        );
      }),
    );
  });

  signedInCommand(
    rounds
      .command('replay <round>')
      .description('recompute a round from its snapshot and compare the content hash (exit 1 if it differs)'),
    'rounds.read',
  ).action(async (id: string, flags: OfficerFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'rounds.read', async () => {
        const r = orStop(await replayRound(app.db, roundId(id)));
        printResult(`stored   ${r.storedHash}\nreplayed ${r.contentHash}\nrows     ${r.rowsHash}`);
        if (!r.matches)
          throw new CommandFailed({
            code: 'round_replay_differs',
            roundId: roundId(id),
            firstDifferences: json(r.differences.slice(0, 5)),
          });
        printResult(`round ${id} replays to its content hash: OK`);
      }),
    );
  });

  signedInCommand(
    bono
      .command('verify')
      .description('what a bank counter sees for a person: entitled, amount, window, already paid')
      .requiredOption('--ci <number>', 'CI number')
      .option('--complemento <code>', 'complemento, e.g. 1A')
      .requiredOption('--dob <date>', 'date of birth YYYY-MM-DD')
      .option('--at <instant>', 'when (ISO 8601; default now)'),
    'entitlements.read',
  ).action(async (flags: OfficerFlags & { ci: string; complemento?: string; dob: string; at?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'entitlements.read', async () => {
        printResult(
          json(await verifyForBank(app.db, triple(flags), flags.at ? new Date(flags.at) : clockOf(app)())),
        );
      }),
    );
  });

  signedInCommand(
    bono
      .command('pay')
      .description(
        'record a counter payout by hand (what the bank API does), with an idempotency key; signed in with the paying bank’s credential (AYNI_CREDENTIAL)',
      )
      .requiredOption('--bank <bic>', 'the paying bank’s BIC: the credential’s own organisation')
      .requiredOption('--ci <number>', 'CI number')
      .option('--complemento <code>', 'complemento')
      .requiredOption('--dob <date>', 'date of birth YYYY-MM-DD')
      .option('--key <key>', 'idempotency key (reuse it to retry)', randomUUID())
      .option('--point <text>', 'payment point', ''),
    'payments.pay',
  ).action(
    async (
      flags: OfficerFlags & {
        bank: string;
        ci: string;
        complemento?: string;
        dob: string;
        key: string;
        point: string;
      },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'payments.pay', async (actor, officer) => {
          // As the payout API: a bank records payouts for itself only.
          if (officer.principal.organisation !== flags.bank.trim().toUpperCase())
            throw new CommandFailed({
              code: 'bank_mismatch',
              actor,
              organisation: officer.principal.organisation ?? null,
              bank: flags.bank,
            });
          const desk = new PayoutDesk(app.db);
          try {
            const r = await desk.pay({
              bankBic: flags.bank,
              idempotencyKey: flags.key,
              person: triple(flags),
              paymentPoint: flags.point,
              at: clockOf(app)(),
              actor,
            });
            // A refusal stops the command with its words, after its fields (when and where an
            // already paid person was paid) as JSON, as a recorded payout is printed.
            if (!r.ok && r.error.code === 'already_paid') printResult(json(r.error));
            printResult(json(orStop(r)));
          } finally {
            await desk.close();
          }
        }),
      );
    },
  );

  signedInCommand(
    bono
      .command('export-deposits <round>')
      .description('write one ISO 20022 pain.001.001.03 file per bank for the round’s account deposits')
      .option('--out <dir>', 'folder for the files', 'out/deposits')
      .option(
        '--schemas <dir>',
        'ISO 20022 XSD folder (holding pain/pain.001.001.03.xsd) to validate each file against; default AYNI_ISO20022_SCHEMAS, else the XSDs that come with ayni (schemas/iso20022)',
      ),
    'deposits.manage',
  ).action(async (id: string, flags: OfficerFlags & { out: string; schemas?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'deposits.manage', async (actor) => {
        const schemaPath = flags.schemas ? path.resolve(flags.schemas) : app.config.iso20022Schemas;
        const r = orStop(
          await exportDeposits(app.db, {
            roundId: roundId(id),
            outDir: path.resolve(flags.out),
            at: clockOf(app)(),
            actor,
            ...(schemaPath ? { schemaPath } : {}),
            onProgress: (p) =>
              printMessage(`… ${p.phase}${p.bankBic ? ` ${p.bankBic}` : ''} ${p.done}/${p.total}`),
          }),
        );
        for (const f of r.files)
          printResult(
            `${f.bankBic}  ${f.nbOfTxs.toLocaleString('en').padStart(10)} transfers  ${bs(f.ctrlSumCentavos)}  ${f.path}${f.validated ? '  (valid against the XSD)' : ''}`,
          );
        printResult(
          `sent ${r.sent.toLocaleString('en')} deposits, ${bs(r.sentCentavos)}; skipped ${json(r.skipped)}`,
        );
      }),
    );
  });

  signedInCommand(
    bono
      .command('import-status <file>')
      .description(
        'reconcile a bank’s pain.002 or camt.054: accepted → paid, rejected → may collect at a counter',
      ),
    'deposits.manage',
  ).action(async (file: string, flags: OfficerFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'deposits.manage', async (actor) => {
        const r = orStop(
          await importStatus(app.db, {
            filePath: path.resolve(file),
            at: clockOf(app)(),
            actor,
            // Every unmatched status is listed there as the reply is read; memory keeps the first 100.
            unmatchedDir: path.join(app.config.dataDir, 'status-imports'),
            onProgress: (p) => printMessage(`… ${p.phase} ${p.done}/${p.total}`),
          }),
        );
        if (r.alreadyImported) printResult(`${r.fileName} was imported before (${r.kind}); nothing changed.`);
        printResult(
          `${r.kind}: accepted ${r.accepted}, rejected ${r.rejected}, unchanged ${r.unchanged}, unmatched ${r.unmatched}, conflicts ${r.conflictCount}`,
        );
        for (const [code, n] of Object.entries(r.rejectedByReason)) printResult(`  rejected ${code}: ${n}`);
        if (r.unmatchedFile)
          printResult(`  unmatched statuses (line, reason, EndToEndId): ${r.unmatchedFile}`);
        // The bank's contradictions and the list's reason codes, in Spanish (the officers' language).
        const replyWords = bankReplyWords('es');
        const states = pageMessages('es').deposits.depositState;
        for (const c of r.conflicts)
          printResult(
            replyWords.cliConflict(
              c.endToEndId,
              states[c.recorded],
              states[c.reported],
              describeConflict(c, 'es'),
            ),
          );
        if (r.unmatchedFile) {
          printResult(`  ${replyWords.cliUnmatchedReasons}`);
          for (const code of UNMATCHED_REASONS)
            printResult(`    ${code}: ${describeUnmatchedReason(code, 'es')}`);
        }
        for (const note of r.notes) printResult(`  ${describeStatusNote(note, 'en')}`);
      }),
    );
  });

  signedInCommand(
    bono
      .command('expire <round>')
      .description(
        'after the collection period: return unclaimed amounts to the funding lines and close the round',
      ),
    'rounds.approve',
  ).action(async (id: string, flags: OfficerFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'rounds.approve', async (actor) => {
        const r = orStop(await expireRound(app.db, { roundId: roundId(id), actor, at: clockOf(app)() }));
        printResult(
          `round ${id} expired: ${r.unclaimed.toLocaleString('en')} unclaimed, ${bs(r.returnedCentavos)} returned to the funding lines`,
        );
      }),
    );
  });

  signedInCommand(
    bono
      .command('unclaimed <round>')
      .description('entitled, paid and unclaimed by department and age band (CSV)'),
    'payments.read',
  ).action(async (id: string, flags: OfficerFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'payments.read', async () => {
        printResult('department_code,band,entitled,entitled_bs,paid,paid_bs,unclaimed,unclaimed_bs');
        // Through the CSV writer of every file people open (formula cells neutralised), though
        // these cells are ayni's own codes and numbers today.
        for (const r of await unclaimedReport(app.db, roundId(id)))
          printResult(
            csvExportLine(
              [
                r.departmentCode,
                r.band,
                r.entitled,
                decimalBolivianos(r.entitledCentavos),
                r.paid,
                decimalBolivianos(r.paidCentavos),
                r.unclaimed,
                decimalBolivianos(r.unclaimedCentavos),
              ].map(String),
            ),
          );
      }),
    );
  });

  const grievance = bono.command('grievance').description('grievances: file, review, decide');
  signedInCommand(
    grievance
      .command('file')
      .description('file a grievance for a citizen')
      .requiredOption('--kind <kind>', 'not_listed | wrong_data | paid_not_received')
      .requiredOption('--ci <number>', 'CI number')
      .option('--complemento <code>', 'complemento')
      .requiredOption('--dob <date>', 'date of birth YYYY-MM-DD')
      .requiredOption('--description <text>', 'what the citizen says')
      .option('--contact <text>', 'phone or e-mail', ''),
    'grievances.resolve',
  ).action(
    async (
      flags: OfficerFlags & {
        kind: string;
        ci: string;
        complemento?: string;
        dob: string;
        description: string;
        contact: string;
      },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'grievances.resolve', async (actor) => {
          const r = orStop(
            await fileGrievance(app.db, {
              kind: flags.kind as GrievanceKind,
              person: triple(flags),
              description: flags.description,
              contact: flags.contact,
              filedVia: 'officer',
              actor,
              at: clockOf(app)(),
            }),
          );
          printResult(
            r.repeat
              ? `grievance ${r.id} was already filed in the last 24 hours with the same kind and description; the citizen follows it with reference ${r.reference}`
              : `grievance ${r.id} filed; the citizen follows it with reference ${r.reference}`,
          );
        }),
      );
    },
  );
  signedInCommand(
    grievance
      .command('list')
      .description('the queue, oldest first')
      .option('--status <status>', 'open | in_review | approved | rejected | resolved'),
    'grievances.read',
  ).action(async (flags: OfficerFlags & { status?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'grievances.read', async () => {
        const q = orStop(
          await listGrievances(app.db, {
            ...(flags.status ? { status: flags.status as never } : {}),
            limit: 200,
            offset: 0,
            at: clockOf(app)(),
          }),
        );
        printResult(`${q.total} grievance(s)`);
        for (const g of q.rows)
          printResult(
            `${String(g.id).padStart(5)}  ${g.reference}  ${g.kind.padEnd(17)} ${g.status.padEnd(9)} ${g.ageHours.toFixed(0)} h`,
          );
      }),
    );
  });
  signedInCommand(
    grievance
      .command('show <id>')
      .description('a grievance with its history and the rule trace')
      .option('--lang <lang>', 'es | en', 'es'),
    'grievances.read',
  ).action(async (id: string, flags: OfficerFlags & { lang: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'grievances.read', async () => {
        const lang = flags.lang === 'en' ? 'en' : 'es';
        const d = orStop(await grievanceDetail(app.db, grievanceId(id), { at: clockOf(app)(), lang }));
        printResult(`${d.grievance.reference}  ${d.grievance.kind}  ${d.grievance.status}`);
        for (const e of d.events)
          printResult(`  ${e.at.toISOString()}  ${e.action}  ${e.note || refusalWords(e.data, lang)}`);
        if (d.trace)
          printResult(
            `\n${renderTrace(d.trace.view, lang, pageMessages(lang).ruleTrace, d.trace.subject, { full: true })}`,
          );
      }),
    );
  });
  signedInCommand(
    grievance.command('review <id>').description('start reviewing a grievance'),
    'grievances.resolve',
  ).action(async (id: string, flags: OfficerFlags) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'grievances.resolve', async (actor) => {
        const g = orStop(await startReview(app.db, { id: grievanceId(id), actor, at: clockOf(app)() }));
        printResult(`grievance ${g.reference} is ${g.status}`);
      }),
    );
  });
  signedInCommand(
    grievance
      .command('decide <id>')
      .description('approve (optionally correcting the person’s data) or reject a grievance')
      .requiredOption('--decision <d>', 'approve | reject')
      .requiredOption('--note <text>', 'internal note')
      .option('--citizen-note <text>', 'message the citizen sees')
      .option('--dob <date>', 'corrected date of birth')
      .option('--municipality <code>', 'corrected municipality code'),
    'grievances.resolve',
  ).action(
    async (
      id: string,
      flags: OfficerFlags & {
        decision: string;
        note: string;
        citizenNote?: string;
        dob?: string;
        municipality?: string;
      },
    ) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'grievances.resolve', async (actor) => {
          const correction = {
            ...(flags.dob ? { dateOfBirth: isoDate(flags.dob, '--dob') } : {}),
            ...(flags.municipality ? { municipalityCode: flags.municipality } : {}),
          };
          const r = orStop(
            await decideGrievance(app.db, {
              id: grievanceId(id),
              decision: flags.decision as 'approve' | 'reject',
              note: flags.note,
              ...(flags.citizenNote ? { citizenNote: flags.citizenNote } : {}),
              ...(Object.keys(correction).length > 0 ? { correction } : {}),
              actor,
              at: clockOf(app)(),
            }),
          );
          // A refused supplementary round is an outcome of the decision, not its failure.
          printResult(r.refusal ? `${r.outcome}: ${describeFailure(r.refusal, 'en').detail}` : r.outcome);
        }),
      );
    },
  );
}
