import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { type App, clockOf } from '../app.ts';
import { decisiveInWords, legalSourceInWords, noticeWordsInSpanish } from '../messages/index.ts';
import { csvExportLine } from '../shared/csv.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { openPrivateFile } from '../shared/private-files.ts';
import {
  balanceOf,
  fileDeclaration,
  fitTails,
  importDeclarations,
  issueNotice,
  NOTICE_KINDS,
  type NoticeKind,
  noticeHtml,
  noticePdf,
  type PaymentCurrency,
  readDeclaration,
  recordPayment,
  reformScenarios,
  resultsCsv,
  simulate,
} from '../wealth-tax/index.ts';
import { CommandFailed, orStop } from './failure.ts';
import { type OfficerFlags, signedInCommand } from './officer.ts';
import { printMessage, printResult } from './output.ts';
import { asSignedIn, isoDate, type WithApp } from './vaccination-cli.ts';

/**
 * `ayni wealth-tax import|assess|amend|pay|notice|simulate` for the tax administration (issue
 * #20): each command signs the officer in with the permission the same action needs on the web —
 * importing and amending declarations and issuing notices: wealth_tax.assess; reading an
 * assessment: wealth_tax.read; recording a payment: wealth_tax.collect; simulating a reform:
 * wealth_tax.simulate — and every change and every read of a declaration is audited by the domain
 * as `account:<username>`. A declaration's content is never printed to a log.
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
        printResult(`${r.taxpayer.fullName} — NIT ${r.taxpayer.nit}, ${flags.year}`);
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
          let declaration: Record<string, unknown>;
          try {
            declaration = JSON.parse(await readFile(flags.declaration, 'utf8')) as Record<string, unknown>;
          } catch {
            throw new CommandFailed({ code: 'import_json_invalid', line: 1 });
          }
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
        const pdf = /\.pdf$/i.test(flags.out);
        await writeFile(flags.out, pdf ? await noticePdf(n) : noticeHtml(n), { mode: 0o600 });
        printResult(`${n.title}: ${flags.out}`);
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
}
