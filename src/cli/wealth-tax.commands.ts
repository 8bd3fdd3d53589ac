import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { accountUsername } from '../access/index.ts';
import { type App, clockOf } from '../app.ts';
import type { Actor } from '../audit/index.ts';
import { decisiveInWords, legalSourceInWords, noticeWordsInSpanish } from '../messages/index.ts';
import { csvExportLine } from '../shared/csv.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { openPrivateFile } from '../shared/private-files.ts';
import {
  balanceOf,
  type DeclarationRecord,
  fileDeclaration,
  fitTails,
  grantMandate,
  importDeclarations,
  inForce,
  issueNotice,
  type Mandate,
  mandates,
  NOTICE_KINDS,
  type Notice,
  type NoticeKind,
  noticeHtml,
  noticePdf,
  type PaymentCurrency,
  readDeclaration,
  recordPayment,
  reformScenarios,
  resultsCsv,
  revokeMandate,
  simulate,
} from '../wealth-tax/index.ts';
import { CommandFailed, orStop } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printMessage, printResult } from './output.ts';
import { asSignedIn, isoDate, type WithApp } from './vaccination-cli.ts';

/**
 * `ayni wealth-tax import|assess|amend|pay|notice|simulate|mandate` for the tax administration
 * (issue #20): each command signs the officer in with the permission the same action needs on the
 * web — importing and amending declarations, issuing notices and granting, revoking and listing
 * mandates: wealth_tax.assess; reading an assessment: wealth_tax.read; recording a payment:
 * wealth_tax.collect; simulating a reform: wealth_tax.simulate — and every change and every read
 * of a declaration is audited by the domain as `account:<username>`. A declaration's content is
 * never printed to a log.
 *
 * A taxpayer's representative (wealth_tax.represent) signs in the same way with their own account:
 * `ayni wealth-tax represented` lists the taxpayers whose mandate to it is in force today;
 * `ayni wealth-tax represented assess|balance|notice` reads one of them's year (the assessment with
 * its explanation and the notices audited as the representative, as on their web pages), and
 * `ayni wealth-tax declare` files (with `--amend`, amends) a declaration for one of them. Each goes
 * through the same domain function as the representative's pages, which refuses a taxpayer without
 * a mandate in force with `not_mandated`.
 */

const Y = /^20[0-9]{2}$/;

function year(text: string): number {
  if (!Y.test(text))
    throw new CommandFailed({ code: 'wealth_tax_input_invalid', field: 'fortuneYear', problem: 'range' });
  return Number(text);
}

function today(app: App, on: string | undefined): string {
  return on === undefined ? toIsoDateInBolivia(clockOf(app)()) : isoDate(on, '--on');
}

const bs = (c: bigint) => {
  const sign = c < 0n ? '-' : '';
  const a = c < 0n ? -c : c;
  return `Bs ${sign}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
};

interface YearFlags extends OfficerFlags {
  nit: string;
  year: string;
}

const yearOptions = (cmd: Command) =>
  cmd.requiredOption('--nit <nit>', 'the taxpayer’s NIT').requiredOption('--year <year>', 'the fortune year');

const mandateLine = (m: Mandate) =>
  `NIT ${m.nit} ${m.taxpayerName} → ${m.representative}, from ${m.validFrom} to ${m.validTo ?? '(open-ended)'}`;

/** A declaration file's JSON, or the command fails with `import_json_invalid`. */
async function declarationFile(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new CommandFailed({ code: 'import_json_invalid', line: 1 });
  }
}

/** An assessment as `ayni wealth-tax assess` prints it: every version, the tax, the explanation. */
function printAssessment(r: DeclarationRecord, fortuneYear: string, lang: 'es' | 'en'): void {
  printResult(`${r.taxpayer.fullName} — NIT ${r.taxpayer.nit}, ${fortuneYear}`);
  for (const v of r.versions)
    printResult(
      `  version ${v.declaration.version} filed ${v.declaration.filedOn}: net fortune ${bs(v.assessment?.netFortuneCentavos ?? 0n)}, tax ${bs(v.assessment?.taxCentavos ?? 0n)}, deadline ${v.assessment?.deadline ?? '—'}`,
    );
  if (r.explanation) {
    printResult(decisiveInWords(r.explanation.decisive, lang));
    for (const l of r.explanation.lines)
      printResult(
        `  ${l.step}: ${l.text}${l.basis.length ? ` [${l.basis.map((s) => legalSourceInWords(s, lang)).join('; ')}]` : ''}`,
      );
  }
}

/** Writes a notice as PDF or HTML (by the extension of `out`), readable by its owner only. */
async function writeNotice(n: Notice, out: string): Promise<void> {
  const pdf = /\.pdf$/i.test(out);
  await writeFile(out, pdf ? await noticePdf(n) : noticeHtml(n), { mode: 0o600 });
  printResult(`${n.title}: ${out}`);
}

/**
 * Signs a representative in with wealth_tax.represent and runs `action` with their account's
 * username (what the domain checks the mandate of) and their actor.
 */
function asRepresentative<T>(
  app: App,
  flags: OfficerFlags,
  action: (representative: string, actor: Actor) => Promise<T>,
): Promise<T> {
  return asOfficer(
    app,
    flags,
    'wealth_tax.represent',
    new PasswordInput(flags.passwordStdin === true),
    (o) => {
      // The account's username, whether it signed in by password or by its personal credential (whose
      // principal id is the credential's); an organisation's credential is no one's account and
      // holds no mandate.
      const username = accountUsername(o.principal);
      if (username === null)
        throw new CommandFailed({ code: 'not_mandated', nit: (flags as { nit?: string }).nit ?? '' });
      return action(username, o.principal.actor);
    },
  );
}

/**
 * Registers `ayni wealth-tax …`.
 *
 * @example registerWealthTaxCommands(program, withApp)
 */
export function registerWealthTaxCommands(program: Command, withApp: WithApp): void {
  const wt = program
    .command('wealth-tax')
    .description('the Impuesto a las Grandes Fortunas: declarations, assessments, payments, notices');

  signedInCommand(
    wt
      .command('import <file>')
      .description(
        'import sworn declarations from CSV or JSON; prints read = accepted + rejected and the rejects file',
      )
      .option(
        '--rejects <file>',
        'where to write refused lines (default: data/rejects/wealth-tax-<hash>.csv)',
      ),
    'wealth_tax.assess',
  ).action(async (file: string, flags: OfficerFlags & { rejects?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'wealth_tax.assess', async (actor) => {
        const content = await readFile(file);
        const r = orStop(
          await importDeclarations(app.db, { fileName: path.basename(file), content }, actor, clockOf(app)()),
        );
        printResult(
          `${r.replayed ? 'already imported (import ' : 'import '}${r.importId}${r.replayed ? ')' : ''}: read ${r.rowsRead} = accepted ${r.rowsAccepted} + rejected ${r.rowsRejected}; declarations filed ${r.declarationsFiled}`,
        );
        if (r.rejects.length > 0) {
          const target = flags.rejects ?? path.join(app.rejectsDir, `wealth-tax-${r.importId}.rejects.csv`);
          const handle = await openPrivateFile(target, 'w');
          try {
            await handle.writeFile(
              `line,nit,reason\n${r.rejects.map((x) => `${csvExportLine([String(x.line), x.nit ?? '', x.reason])}\n`).join('')}`,
            );
          } finally {
            await handle.close();
          }
          printResult(`  rejected lines, with line number and reason: ${target}`);
        }
      }),
    );
  });

  signedInCommand(
    yearOptions(
      wt
        .command('assess')
        .description('a taxpayer’s assessment for a year: every version, the tax, and the explanation'),
    )
      .option('--on <date>', 'the day of the explanation (default today)')
      .option('--lang <lang>', 'es or en', 'es'),
    'wealth_tax.read',
  ).action(async (flags: YearFlags & { on?: string; lang: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'wealth_tax.read', async (actor) => {
        const lang = flags.lang === 'en' ? 'en' : 'es';
        const r = orStop(
          await readDeclaration(
            app.db,
            { nit: flags.nit, fortuneYear: year(flags.year), on: today(app, flags.on), lang },
            actor,
            clockOf(app)(),
          ),
        );
        printAssessment(r, flags.year, lang);
      }),
    );
  });

  signedInCommand(
    yearOptions(
      wt
        .command('amend')
        .description(
          'file a rectificatoria: the declaration (JSON) replaces the latest version and is re-assessed',
        ),
    )
      .requiredOption('--declaration <file>', 'the declaration as JSON: { "assets": [...], "debts": [...] }')
      .requiredOption('--reason <text>', 'why it replaces the version before')
      .requiredOption('--key <key>', 'the filing key (reused on retry)')
      .option('--filed-on <date>', 'the filing day (default today)'),
    'wealth_tax.assess',
  ).action(
    async (flags: YearFlags & { declaration: string; reason: string; key: string; filedOn?: string }) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'wealth_tax.assess', async (actor) => {
          const declaration = await declarationFile(flags.declaration);
          const r = orStop(
            await fileDeclaration(
              app.db,
              {
                nit: flags.nit,
                fortuneYear: year(flags.year),
                filedOn:
                  flags.filedOn === undefined ? today(app, undefined) : isoDate(flags.filedOn, '--filed-on'),
                declaration,
                filingKey: flags.key,
                reason: flags.reason,
                amendment: true,
              },
              actor,
              clockOf(app)(),
            ),
          );
          printResult(
            `${r.created ? 'amended' : 'already filed'}: version ${r.declaration.version}, tax ${bs(r.assessment.taxCentavos)}, deadline ${r.assessment.deadline}`,
          );
          for (const c of r.lateCharges?.booked ?? [])
            printResult(`  late charge recomputed: ${c.kind} ${bs(c.amountCentavos)}`);
        }),
      );
    },
  );

  signedInCommand(
    yearOptions(wt.command('pay').description('record a payment (idempotent by its id); prints the balance'))
      .requiredOption('--id <paymentId>', 'the payment’s id (the bank’s reference; reused on retry)')
      .requiredOption('--amount <amount>', 'the amount, such as 410000.00')
      .option('--currency <code>', 'BOB or USD', 'BOB')
      .option('--paid-on <date>', 'the payment day (default today)'),
    'wealth_tax.collect',
  ).action(async (flags: YearFlags & { id: string; amount: string; currency: string; paidOn?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'wealth_tax.collect', async (actor) => {
        const fortuneYear = year(flags.year);
        const r = orStop(
          await recordPayment(
            app.db,
            {
              nit: flags.nit,
              fortuneYear,
              paymentId: flags.id,
              paidOn: flags.paidOn === undefined ? today(app, undefined) : isoDate(flags.paidOn, '--paid-on'),
              currency: flags.currency as PaymentCurrency,
              amount: flags.amount,
            },
            actor,
            clockOf(app)(),
          ),
        );
        printResult(
          `${r.created ? 'payment recorded' : 'payment recorded before'}: ${r.payment.id} ${bs(r.payment.amountCentavos)}`,
        );
        for (const c of r.charges) printResult(`  late charge: ${c.kind} ${bs(c.amountCentavos)}`);
        const b = orStop(await balanceOf(app.db, flags.nit, fortuneYear));
        printResult(`  balance: ${bs(b.balanceCentavos)}`);
      }),
    );
  });

  signedInCommand(
    yearOptions(
      wt.command('notice').description('a notice in Spanish as HTML or PDF (by the --out extension)'),
    )
      .requiredOption('--kind <kind>', `one of ${NOTICE_KINDS.join(', ')}`)
      .requiredOption('--out <file>', 'where to write it: .pdf or .html')
      .option('--on <date>', 'the notice’s day (default today)'),
    'wealth_tax.assess',
  ).action(async (flags: YearFlags & { kind: string; out: string; on?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'wealth_tax.assess', async (actor) => {
        const n = orStop(
          await issueNotice(
            app.db,
            {
              nit: flags.nit,
              fortuneYear: year(flags.year),
              kind: flags.kind as NoticeKind,
              on: today(app, flags.on),
              words: noticeWordsInSpanish,
            },
            actor,
            clockOf(app)(),
          ),
        );
        await writeNotice(n, flags.out);
      }),
    );
  });

  signedInCommand(
    wt
      .command('simulate')
      .description('revenue and payers of the law and of reform scenarios over a synthetic top tail')
      .option('--households <n>', 'households of the synthetic country', '1000000')
      .option('--out <file>', 'also write the results as CSV'),
    'wealth_tax.simulate',
  ).action(async (flags: OfficerFlags & { households: string; out?: string }) => {
    const households = Number(flags.households);
    if (!Number.isInteger(households) || households < 1000 || households > 50_000_000)
      throw new CommandFailed({ code: 'wealth_tax_input_invalid', field: 'households', problem: 'range' });
    await withApp((app) =>
      asSignedIn(app, flags, 'wealth_tax.simulate', async () => {
        const results = simulate(fitTails(households), reformScenarios());
        for (const r of results)
          printResult(
            `${r.scenario.padEnd(28)} payers ${String(r.payers).padStart(6)}  revenue ${bs(BigInt(Math.round(r.revenueCentavos)))}`,
          );
        if (flags.out) {
          await writeFile(flags.out, resultsCsv(results));
          printMessage(`ayni: results written to ${flags.out}`);
        }
      }),
    );
  });

  const mandate = wt
    .command('mandate')
    .description('a taxpayer’s mandates to a representative’s account: grant, revoke, list');

  signedInCommand(
    mandate
      .command('grant')
      .description('record a taxpayer’s mandate to a representative’s account; prints its number')
      .requiredOption('--nit <nit>', 'the taxpayer’s NIT')
      .requiredOption('--representative <username>', 'the representative’s account (tax_representative)')
      .requiredOption('--from <date>', 'the first day of the mandate')
      .option('--to <date>', 'the last day of the mandate (default: open-ended)'),
    'wealth_tax.assess',
  ).action(
    async (flags: OfficerFlags & { nit: string; representative: string; from: string; to?: string }) => {
      await withApp((app) =>
        asSignedIn(app, flags, 'wealth_tax.assess', async (actor) => {
          const m = orStop(
            await grantMandate(
              app.db,
              {
                nit: flags.nit,
                representative: flags.representative,
                validFrom: isoDate(flags.from, '--from'),
                validTo: flags.to === undefined ? null : isoDate(flags.to, '--to'),
              },
              actor,
              clockOf(app)(),
            ),
          );
          printResult(`mandate ${m.id} granted: ${mandateLine(m)}`);
        }),
      );
    },
  );

  signedInCommand(
    mandate
      .command('revoke <id>')
      .description('revoke a mandate: the representative reaches the taxpayer no more')
      .requiredOption('--reason <text>', 'why it is revoked'),
    'wealth_tax.assess',
  ).action(async (id: string, flags: OfficerFlags & { reason: string }) => {
    if (!/^[1-9][0-9]{0,17}$/.test(id)) throw new CommandFailed({ code: 'mandate_not_found', mandateId: id });
    await withApp((app) =>
      asSignedIn(app, flags, 'wealth_tax.assess', async (actor) => {
        const m = orStop(
          await revokeMandate(app.db, { mandateId: BigInt(id), reason: flags.reason }, actor, clockOf(app)()),
        );
        printResult(`mandate ${m.id} revoked: ${mandateLine(m)}`);
      }),
    );
  });

  signedInCommand(
    mandate
      .command('list')
      .description('mandates, newest first: all or a taxpayer’s')
      .option('--nit <nit>', 'only this taxpayer’s'),
    'wealth_tax.assess',
  ).action(async (flags: OfficerFlags & { nit?: string }) => {
    await withApp((app) =>
      asSignedIn(app, flags, 'wealth_tax.assess', async () => {
        const on = today(app, undefined);
        const list = await mandates(app.db, flags.nit === undefined ? {} : { nit: flags.nit });
        if (list.length === 0) printResult('no mandates');
        for (const m of list) {
          const state = m.revokedAt ? 'revoked' : inForce(m, on) ? 'in force' : 'not in force today';
          printResult(`${m.id}  ${mandateLine(m)}  ${state}`);
        }
      }),
    );
  });

  // `represented` alone lists (its default sub-command `list`); `represented assess|balance|notice`
  // read one of those taxpayers' year as the representative's pages do, under a mandate in force.
  const represented = wt
    .command('represented')
    .description(
      'for a representative: the taxpayers whose mandate to your account is in force today (list), and their assessment, balance and notices',
    );

  signedInCommand(
    represented
      .command('list', { isDefault: true })
      .description('the taxpayers whose mandate to your account is in force today (the default)'),
    'wealth_tax.represent',
  ).action(async (flags: OfficerFlags) => {
    await withApp((app) =>
      asRepresentative(app, flags, async (representative) => {
        const on = today(app, undefined);
        const byNit = new Map<string, Mandate>();
        for (const m of await mandates(app.db, { representative }, 5000))
          if (inForce(m, on) && !byNit.has(m.nit)) byNit.set(m.nit, m);
        if (byNit.size === 0) printResult('no taxpayer has a mandate to you in force today');
        for (const m of [...byNit.values()].sort((a, b) => a.nit.localeCompare(b.nit)))
          printResult(`NIT ${m.nit}  ${m.taxpayerName}  until ${m.validTo ?? '(open-ended)'}`);
      }),
    );
  });

  signedInCommand(
    yearOptions(
      represented
        .command('assess')
        .description(
          'a represented taxpayer’s assessment for a year: every version, the tax, the explanation (the read is audited)',
        ),
    )
      .option('--on <date>', 'the day of the explanation (default today)')
      .option('--lang <lang>', 'es or en', 'es'),
    'wealth_tax.represent',
  ).action(async (flags: YearFlags & { on?: string; lang: string }) => {
    await withApp((app) =>
      asRepresentative(app, flags, async (representative, actor) => {
        const lang = flags.lang === 'en' ? 'en' : 'es';
        const r = orStop(
          await readDeclaration(
            app.db,
            { nit: flags.nit, fortuneYear: year(flags.year), on: today(app, flags.on), lang, representative },
            actor,
            clockOf(app)(),
          ),
        );
        printAssessment(r, flags.year, lang);
      }),
    );
  });

  signedInCommand(
    yearOptions(
      represented
        .command('balance')
        .description('a represented taxpayer’s balance for a year: tax, charges, payments, what is owed'),
    ),
    'wealth_tax.represent',
  ).action(async (flags: YearFlags) => {
    await withApp((app) =>
      asRepresentative(app, flags, async (representative) => {
        const b = orStop(
          await balanceOf(app.db, flags.nit, year(flags.year), { representative, at: clockOf(app)() }),
        );
        printResult(
          `tax ${bs(b.taxCentavos)}, charges ${bs(b.chargesCentavos)}, paid ${bs(b.paidCentavos)}, settled ${bs(b.settledCentavos)}`,
        );
        for (const p of b.payments) printResult(`  payment ${p.id} on ${p.paidOn}: ${bs(p.amountCentavos)}`);
        for (const c of b.charges.filter((x) => !x.reversedBy))
          printResult(`  charge: ${c.kind} ${bs(c.amountCentavos)}`);
        printResult(`balance: ${bs(b.balanceCentavos)}`);
      }),
    );
  });

  signedInCommand(
    yearOptions(
      represented
        .command('notice')
        .description(
          'a represented taxpayer’s notice in Spanish as HTML or PDF (by the --out extension; audited)',
        ),
    )
      .requiredOption('--kind <kind>', `one of ${NOTICE_KINDS.join(', ')}`)
      .requiredOption('--out <file>', 'where to write it: .pdf or .html')
      .option('--on <date>', 'the notice’s day (default today)'),
    'wealth_tax.represent',
  ).action(async (flags: YearFlags & { kind: string; out: string; on?: string }) => {
    await withApp((app) =>
      asRepresentative(app, flags, async (representative, actor) => {
        const n = orStop(
          await issueNotice(
            app.db,
            {
              nit: flags.nit,
              fortuneYear: year(flags.year),
              kind: flags.kind as NoticeKind,
              on: today(app, flags.on),
              words: noticeWordsInSpanish,
              representative,
            },
            actor,
            clockOf(app)(),
          ),
        );
        await writeNotice(n, flags.out);
      }),
    );
  });

  signedInCommand(
    yearOptions(
      wt
        .command('declare')
        .description(
          'for a representative: file the declaration (JSON) of a taxpayer who gave you a mandate; with --amend, a rectificatoria',
        ),
    )
      .requiredOption('--declaration <file>', 'the declaration as JSON: { "assets": [...], "debts": [...] }')
      .requiredOption('--key <key>', 'the filing key (reused on retry)')
      .option('--amend', 'replace the latest version (a rectificatoria)')
      .option('--reason <text>', 'with --amend: why it replaces the version before')
      .option('--filed-on <date>', 'the filing day (default today)'),
    'wealth_tax.represent',
  ).action(
    async (
      flags: YearFlags & {
        declaration: string;
        key: string;
        amend?: boolean;
        reason?: string;
        filedOn?: string;
      },
    ) => {
      await withApp((app) =>
        asRepresentative(app, flags, async (representative, actor) => {
          const r = orStop(
            await fileDeclaration(
              app.db,
              {
                nit: flags.nit,
                fortuneYear: year(flags.year),
                filedOn:
                  flags.filedOn === undefined ? today(app, undefined) : isoDate(flags.filedOn, '--filed-on'),
                declaration: await declarationFile(flags.declaration),
                filingKey: flags.key,
                representative,
                ...(flags.reason !== undefined ? { reason: flags.reason } : {}),
                ...(flags.amend ? { amendment: true } : {}),
              },
              actor,
              clockOf(app)(),
            ),
          );
          printResult(
            `${r.created ? (flags.amend ? 'amended' : 'filed') : 'already filed'}: version ${r.declaration.version}, tax ${bs(r.assessment.taxCentavos)}, deadline ${r.assessment.deadline}`,
          );
        }),
      );
    },
  );
}
