import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse } from 'yaml';
import type { App } from '../app.ts';
import type { Sql } from '../db/database.ts';
import { pageMessages } from '../messages/index.ts';
import { countPersonsWithCi, DEPARTMENTS, SOURCE_LISTS } from '../registry/index.ts';
import {
  type BindOptions,
  type BoundProgramme,
  declarationFacts,
  describeReference,
  evaluate,
  findPersonFacts,
  findProgramme,
  formatter,
  fromFile,
  PREVIEWS,
  PROGRAMMES,
  type Programme,
  renderTrace,
  runPreview,
  traceJson,
  traceView,
  tryBind,
  tryCompilePreview,
  tryCompileSelect,
  VACCINATION_PRODUCTS,
} from '../rules/index.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { formatCount } from '../shared/format.ts';
import type { Lang } from '../shared/lang.ts';
import { CommandFailed, orStop } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printResult } from './output.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

/**
 * `ayni rules …`: explain one decision (the trace a citizen or a grievance officer reads), preview
 * a programme over the whole registry, and list the dated parameters with their references.
 * Thin: every command calls the rules engine; the functions below return text so tests can call
 * them without a terminal, and stop with `CommandFailed` on a refused option or a failure the
 * engine returns (src/cli/cli.failures.ts, src/rules/rules.failures.ts, src/parameters).
 */

/** The programme a name on the command line names, or the command stops with `unknown_programme`. */
function programmeOption(name: string): Programme {
  return orStop(findProgramme(name));
}

/** The programme bound on a date from the command line, or the command stops with the parameter failure. */
function bindOption(programme: Programme, opts: BindOptions): BoundProgramme {
  return orStop(tryBind(programme, opts));
}

function isoDateOption(value: string | undefined, flag: string): IsoDate {
  if (value === undefined)
    throw new CommandFailed({ code: 'missing_option', expected: 'date', option: flag });
  const d = parseIsoDate(value.trim());
  if (!d) throw new CommandFailed({ code: 'bad_date', option: flag, value });
  return d;
}

function langOption(value: string | undefined): Lang {
  if (value === undefined || value === 'es' || value === 'en') return value ?? 'es';
  throw new CommandFailed({ code: 'bad_lang', value });
}

/** `--set name=value` parameter overrides; the value is YAML (`false`, `[moderada, grave]`). */
function overridesOption(sets: readonly string[] | undefined): Record<string, unknown> | undefined {
  if (!sets?.length) return undefined;
  const out: Record<string, unknown> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq < 1) throw new CommandFailed({ code: 'bad_override', value: s });
    out[s.slice(0, eq)] = parse(s.slice(eq + 1));
  }
  return out;
}

export interface ExplainOptions {
  ci?: string;
  complemento?: string;
  dob?: string;
  date?: string;
  lang?: string;
  json?: boolean;
  /** Every condition after the decisive one, each with its sources (`--full`). */
  full?: boolean;
  declaration?: string;
  healthWorker?: boolean;
  comorbidity?: boolean;
  firstDose?: string;
  secondDose?: string;
  set?: string[];
}

/** Facts the registry does not hold, from the vaccination options. */
function vaccinationInputs(o: ExplainOptions): Record<string, string | boolean | null> {
  let product: string | null = null;
  let firstDate: string | null = null;
  if (o.firstDose) {
    const [p, d] = o.firstDose.split('@');
    if (!p || !VACCINATION_PRODUCTS.includes(p as (typeof VACCINATION_PRODUCTS)[number]) || !d) {
      throw new CommandFailed({ code: 'bad_first_dose', products: VACCINATION_PRODUCTS });
    }
    product = p;
    firstDate = isoDateOption(d, '--first-dose date');
  }
  return {
    is_health_worker: o.healthWorker === true,
    has_comorbidity: o.comorbidity === true,
    first_dose_product: product,
    first_dose_date: firstDate,
    second_dose_date: o.secondDose ? isoDateOption(o.secondDose, '--second-dose') : null,
  };
}

/**
 * The explanation of one decision, as text (or JSON).
 *
 * @example await explainText(db, 'bono', { ci: '4567890', dob: '1980-05-01', date: '2021-01-05' })
 */
export async function explainText(
  db: Sql | undefined,
  programmeName: string,
  o: ExplainOptions,
): Promise<string> {
  const programme = programmeOption(programmeName);
  const lang = langOption(o.lang);
  const date = isoDateOption(o.date, '--date');
  const overrides = overridesOption(o.set);
  const f = formatter(lang);
  if (programme.root === 'declaration') {
    if (!o.declaration)
      throw new CommandFailed({ code: 'missing_option', expected: 'declaration', programme: programme.name });
    let raw: unknown;
    try {
      raw = parse(await readFile(o.declaration, 'utf8'));
    } catch (error) {
      throw new CommandFailed({
        code: 'declaration_unreadable',
        file: o.declaration,
        reason: (error as Error).message,
      });
    }
    const facts = orStop(declarationFacts(raw));
    const parameterDate = programme.parameterDate?.(facts.attributes, date);
    const bound = bindOption(programme, {
      date,
      ...(parameterDate ? { parameterDate } : {}),
      ...(overrides ? { overrides } : {}),
    });
    const nodes = evaluate(bound, facts).trace();
    if (o.json) return traceJson(nodes);
    const subject = `${lang === 'es' ? 'Declaración' : 'Declaration'}: ${facts.label} — ${lang === 'es' ? 'gestión' : 'fortune year'} ${facts.attributes['fortune_year']}`;
    return renderTrace(traceView(bound, nodes), lang, pageMessages(lang).ruleTrace, subject, {
      full: o.full === true,
    });
  }
  if (!o.ci || !o.dob)
    throw new CommandFailed({ code: 'missing_option', expected: 'person', programme: programme.name });
  const key = {
    ciNumber: o.ci.trim(),
    complemento: (o.complemento ?? '').trim().toUpperCase(),
    dateOfBirth: isoDateOption(o.dob, '--dob'),
  };
  const extra = programme.name === 'vaccination' ? vaccinationInputs(o) : {};
  if (!db) throw new Error(`explaining ${programme.name} needs the registry`);
  const found = await findPersonFacts(db, key, extra);
  if (!found.ok) {
    // The look-up's failure says nothing of who else has the CI number; an officer is told.
    throw new CommandFailed({
      code: 'person_not_in_registry',
      ...key,
      othersWithCi: await countPersonsWithCi(db, key.ciNumber),
    });
  }
  const { facts } = found.value;
  const bound = bindOption(programme, { date, ...(overrides ? { overrides } : {}) });
  const nodes = evaluate(bound, facts).trace();
  if (o.json) return traceJson(nodes);
  const who =
    lang === 'es'
      ? `Persona: CI ${key.ciNumber}${key.complemento ? `-${key.complemento}` : ''}, fecha de nacimiento ${f.date(key.dateOfBirth)}`
      : `Person: CI ${key.ciNumber}${key.complemento ? `-${key.complemento}` : ''}, born ${f.date(key.dateOfBirth)}`;
  return renderTrace(traceView(bound, nodes), lang, pageMessages(lang).ruleTrace, who, {
    full: o.full === true,
  });
}

export interface PreviewCommandOptions {
  date?: string;
  lang?: string;
  json?: boolean;
  set?: string[];
}

function previewable(programme: Programme) {
  const p = PREVIEWS[programme.name];
  if (!p) throw new CommandFailed({ code: 'no_preview', programme: programme.name });
  return p;
}

/**
 * Counts by department and band, computed in one SQL query over the registry.
 *
 * @example await previewText(db, 'bono', { date: '2021-01-05' })
 */
export async function previewText(db: Sql, programmeName: string, o: PreviewCommandOptions): Promise<string> {
  const programme = programmeOption(programmeName);
  const def = previewable(programme);
  const lang = langOption(o.lang);
  const date = isoDateOption(o.date, '--date');
  const overrides = overridesOption(o.set);
  const bound = bindOption(programme, { date, ...(overrides ? { overrides } : {}) });
  const started = performance.now();
  const rows = orStop(await runPreview(db, bound, def.options));
  const ms = performance.now() - started;
  if (o.json) return JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2);

  const f = formatter(lang);
  const count = (n: bigint | number) => formatCount(n, lang);
  const [main, ...others] = def.options.measures;
  const order = def.bandOrder(bound);
  const bands = [...order, ...new Set(rows.map((r) => r.band ?? '—').filter((b) => !order.includes(b)))];
  const cell = new Map(rows.map((r) => [`${r.departmentCode}|${r.band ?? '—'}`, r.counts]));
  const width = Math.max(9, ...bands.map((b) => b.length + 1));
  const pad = (s: string) => s.padStart(width + 2);
  const head = `${(lang === 'es' ? 'departamento' : 'department').padEnd(12)}${bands.map(pad).join('')}${pad('total')}`;
  const lines = [
    `${programme.title[lang]} — ${lang === 'es' ? 'vista previa al' : 'preview on'} ${f.date(date)}`,
    `${def.measureLabels[main!]![lang]}, ${lang === 'es' ? 'por departamento y' : 'by department and'} ${def.bandLabel[lang]}:`,
    '',
    head,
  ];
  const columnTotals = bands.map(() => 0n);
  const otherTotals = others.map(() => 0n);
  for (const d of DEPARTMENTS) {
    let rowTotal = 0n;
    const cells = bands.map((b, i) => {
      const c = cell.get(`${d.code}|${b}`);
      const n = c?.[main!] ?? 0n;
      rowTotal += n;
      columnTotals[i]! += n;
      others.forEach((m, j) => {
        otherTotals[j]! += c?.[m] ?? 0n;
      });
      return pad(count(n));
    });
    lines.push(`${d.name.padEnd(12)}${cells.join('')}${pad(count(rowTotal))}`);
  }
  const total = columnTotals.reduce((a, b) => a + b, 0n);
  lines.push(
    `${'total'.padEnd(12)}${columnTotals.map((n) => pad(count(n))).join('')}${pad(count(total))}`,
    '',
  );
  others.forEach((m, j) => {
    lines.push(
      `${def.measureLabels[m]![lang]}: ${count(otherTotals[j]!)} ${lang === 'es' ? 'de' : 'of'} ${count(total)}`,
    );
  });
  if (def.assumptions) lines.push(def.assumptions[lang]);
  lines.push(
    lang === 'es'
      ? `Una consulta SQL sobre el registro (${Math.round(ms)} ms). Parámetros vigentes al ${f.date(bound.parameterDate)}.`
      : `One SQL query over the registry (${Math.round(ms)} ms). Law in force on ${f.date(bound.parameterDate)}.`,
  );
  return lines.join('\n');
}

/**
 * The dated parameters of one programme (or all), with every value, its date, its references and
 * notes; with `date`, the value in force that day is marked.
 *
 * @example parametersText('bono', { date: '2021-01-05' })
 */
export function parametersText(
  programmeName: string | undefined,
  o: { date?: string; lang?: string },
): string {
  const lang = langOption(o.lang);
  const date = o.date === undefined ? undefined : isoDateOption(o.date, '--date');
  const programmes = programmeName ? [programmeOption(programmeName)] : Object.values(PROGRAMMES);
  const lines: string[] = [];
  const words = pageMessages(lang).ruleTrace;
  for (const programme of programmes) {
    lines.push(`# ${programme.title[lang]} (${programme.parameters.source})`, '');
    for (const name of programme.parameters.names()) {
      const p = programme.parameters.definition(name);
      lines.push(`${name} — ${lang === 'es' ? (p.descriptionEs ?? p.description) : p.description}`);
      let inForce: string | undefined;
      for (const v of p.values) if (date && v.effectiveFrom <= date) inForce = v.effectiveFrom;
      for (const v of p.values) {
        const value = JSON.stringify(v.raw);
        const mark = v.effectiveFrom === inForce ? (lang === 'es' ? '  ← vigente' : '  ← in force') : '';
        lines.push(`  ${v.effectiveFrom}: ${value}${mark}`);
        for (const r of v.references) lines.push(`      ${describeReference(r, lang, words)}`);
        if (v.note) lines.push(`      ${words.note}: ${fromFile(v.note, lang, words)}`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}

/**
 * The SQL a preview (or, with `list`, the eligible list) compiles to on a date — for review.
 *
 * @example sqlText('bono', { date: '2021-01-05', list: true })
 */
export function sqlText(programmeName: string, o: { date?: string; list?: boolean; set?: string[] }): string {
  const programme = programmeOption(programmeName);
  const def = previewable(programme);
  const date = isoDateOption(o.date, '--date');
  const overrides = overridesOption(o.set);
  const bound = bindOption(programme, { date, ...(overrides ? { overrides } : {}) });
  if (!o.list) return `${orStop(tryCompilePreview(bound, def.options, SOURCE_LISTS))};`;
  const columns = programme.outputs.filter(
    (n) => n !== def.options.where && bound.variable(n).def.entity === programme.root,
  );
  const options = {
    where: def.options.where,
    columns,
    ...(def.options.assume ? { assume: def.options.assume } : {}),
  };
  return `${orStop(tryCompileSelect(bound, options, SOURCE_LISTS))};`;
}

/** Registers `ayni rules explain|preview|parameters|sql`. @example registerRulesCommands(program, withApp) */
export function registerRulesCommands(program: Command, withApp: WithApp): void {
  const rules = program
    .command('rules')
    .description('the laws as code: explain a decision, preview a programme, list the dated parameters');
  const programmes = Object.keys(PROGRAMMES).join(', ');
  const collect = (value: string, previous: string[] = []) => [...previous, value];

  // Explaining a person's decision reads them from the registry: a signed-in officer holding
  // entitlements.read, as the back office's check asks. A declaration is the caller's own file.
  signedInCommand(
    rules
      .command('explain')
      .description(
        'explain one decision with its conditions, values and legal references (Spanish by default); a person’s needs a signed-in officer (entitlements.read)',
      )
      .argument('<programme>', programmes)
      .option('--ci <number>', 'CI number (bono, vaccination)')
      .option('--complemento <code>', 'complemento, when the person has one', '')
      .option('--dob <date>', 'date of birth YYYY-MM-DD (bono, vaccination)')
      .option('--date <date>', 'the date to evaluate on, YYYY-MM-DD')
      .option('--declaration <file>', 'the sworn declaration, YAML or JSON (igf)')
      .option('--health-worker', 'vaccination: the person is a health worker')
      .option('--comorbidity', 'vaccination: the person has a comorbidity')
      .option(
        '--first-dose <product@date>',
        `vaccination: first dose, e.g. sputnik_v@2021-03-01 (${VACCINATION_PRODUCTS.join(', ')})`,
      )
      .option('--second-dose <date>', 'vaccination: date of the second dose')
      .option('--set <name=value>', 'override a parameter to simulate an alternative (repeatable)', collect)
      .option('--lang <lang>', 'es or en', 'es')
      .option('--full', 'after the outcome and what decided it, every condition with its sources')
      .option('--json', 'print the trace as JSON'),
    'entitlements.read',
  ).action(async (name: string, o: ExplainOptions & OfficerFlags) => {
    const programme = programmeOption(name);
    const text =
      programme.root === 'declaration'
        ? await explainText(undefined, name, o)
        : await withApp((app) =>
            asOfficer(app, o, 'entitlements.read', new PasswordInput(o.passwordStdin === true), () =>
              explainText(app.db, name, o),
            ),
          );
    printResult(text);
  });

  rules
    .command('preview')
    .description(
      'count, by department and age band, whom a programme covers on a date (one SQL query, nothing stored)',
    )
    .argument('<programme>', Object.keys(PREVIEWS).join(', '))
    .option('--date <date>', 'the date to evaluate on, YYYY-MM-DD')
    .option('--set <name=value>', 'override a parameter to simulate an alternative (repeatable)', collect)
    .option('--lang <lang>', 'es or en', 'es')
    .option('--json', 'print the counts as JSON')
    .action(async (name: string, o: PreviewCommandOptions) => {
      previewable(programmeOption(name));
      printResult(await withApp((app) => previewText(app.db, name, o)));
    });

  rules
    .command('parameters')
    .description('the dated parameters with their legal references and notes')
    .argument('[programme]', programmes)
    .option('--date <date>', 'mark the values in force on this date')
    .option('--lang <lang>', 'es or en', 'es')
    .action((name: string | undefined, o: { date?: string; lang?: string }) => {
      printResult(parametersText(name, o));
    });

  rules
    .command('sql')
    .description(
      'print the SQL a preview (or, with --list, the list of persons covered) compiles to on a date',
    )
    .argument('<programme>', Object.keys(PREVIEWS).join(', '))
    .option('--date <date>', 'the date to evaluate on, YYYY-MM-DD')
    .option('--list', 'the list of persons covered instead of the preview')
    .option('--set <name=value>', 'override a parameter (repeatable)', collect)
    .action((name: string, o: { date?: string; list?: boolean; set?: string[] }) => {
      printResult(sqlText(name, o));
    });
}
