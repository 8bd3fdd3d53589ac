import { z } from 'zod';
import { pageMessages } from '../../messages/index.ts';
import { parseIsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import type { DeclarationVersion, FilingInput, Taxpayer, WealthTaxFailure } from '../../wealth-tax/index.ts';
import { href, type PageContext } from '../backoffice/backoffice.page.ts';
import { optionalText } from '../backoffice/office.context.ts';
import { OfficeLayout } from '../backoffice/office-layout.tsx';
import {
  ErrorSummary,
  type FieldError,
  Form,
  HiddenField,
  Notice,
  Select,
  SubmitButton,
  TextInput,
} from '../components/index.ts';
import { declarationPath, WEALTH_TAX_OFFICE, yearPath } from './office.pages.tsx';

export { declarationPath } from './office.pages.tsx';

/**
 * The form of a taxpayer's representative (issue #20 §2, §8): a sworn declaration filed, or
 * amended (rectificatoria), on the web without script. Rows of assets and debts, each in its
 * currency; empty rows are not counted. Every field is checked here first, so all the mistakes
 * come back at once beside their fields; what only the rules can say (a currency without an
 * official rate, an amount they refuse) comes back beside the field they name. The filing key is
 * chosen when the form is opened and sent back hidden, so a second press of the button, or a
 * resend, finds the first filing instead of filing twice. The filing itself — checks, assessment,
 * ledger, audit — is the domain's `fileDeclaration`.
 */

/** The rows the form offers (a declaration with more items is imported as a file). */
export const ASSET_ROWS = 8;
export const DEBT_ROWS = 4;

/** A version with more items than the form's rows is amended by an import, not here (nothing is dropped). */
export const fitsTheForm = (d: DeclarationVersion) =>
  (Array.isArray(d.content['assets']) ? d.content['assets'].length : 0) <= ASSET_ROWS &&
  (Array.isArray(d.content['debts']) ? d.content['debts'].length : 0) <= DEBT_ROWS;

/** The codes the rules know (src/rules/programmes/igf.ts); their words are in the catalogue. */
const CATEGORIES = [
  'real_estate',
  'vehicles',
  'professional_assets',
  'shareholdings',
  'deposits_and_credits',
  'cash',
  'insurance',
  'jewellery_art_collectibles',
  'intellectual_property',
  'other_assets',
  'household_goods',
  'sip_pension_account',
] as const;
const LENDERS = ['asfi_regulated', 'foreign_regulated', 'other'] as const;
const LOCATIONS = ['bolivia', 'abroad'] as const;
const OWNERSHIPS = ['own', 'marital'] as const;
const CURRENCIES = ['BOB', 'USD', 'EUR', 'GBP'] as const;
const AMOUNT = /^[0-9]{1,15}(\.[0-9]{1,2})?$/;
/** The filing key the form chooses when it is opened. */
export const WEB_FILING_KEY = /^web:[a-z0-9-]{8,64}$/;

/** One row of the form as typed. */
export interface RowValues {
  description: string;
  /** An asset's category, or a debt's lender. */
  kind: string;
  location: string;
  ownership: string;
  currency: string;
  amount: string;
}

/** The form as typed (written back on a page with errors). */
export interface DeclarationFormValues {
  filingKey: string;
  filedOn: string;
  reason: string;
  /** The form was opened to amend the latest version. */
  amend: boolean;
  assets: RowValues[];
  debts: RowValues[];
}

const emptyRow = (): RowValues => ({
  description: '',
  kind: '',
  location: 'bolivia',
  ownership: 'own',
  currency: 'BOB',
  amount: '',
});

const rowField = (list: 'a' | 'd', i: number, part: string) => `${list}${i}_${part}`;
const ROW_PARTS = ['descripcion', 'tipo', 'ubicacion', 'titularidad', 'moneda', 'monto'] as const;

/** The form's fields for the route's schema (every one optional: the page says what is missing). */
export function declarationFormSchema() {
  const fields: Record<string, z.ZodOptional<z.ZodString>> = {
    clave: optionalText(80),
    fecha: optionalText(10),
    motivo: optionalText(600),
    rectificar: optionalText(1),
  };
  for (const [list, n] of [
    ['a', ASSET_ROWS],
    ['d', DEBT_ROWS],
  ] as const)
    for (let i = 0; i < n; i++)
      for (const part of ROW_PARTS)
        fields[rowField(list, i, part)] = optionalText(part === 'descripcion' ? 200 : 30);
  return z.object(fields);
}

/** The form opened to file, or to amend the latest version (its rows filled in from it). */
export function newDeclarationForm(
  filingKey: string,
  filedOn: string,
  latest: DeclarationVersion | null,
): DeclarationFormValues {
  const fromItems = (items: unknown, kindKey: string, amountKey: string, n: number): RowValues[] => {
    const rows: RowValues[] = [];
    for (const item of Array.isArray(items) ? (items as Record<string, unknown>[]) : []) {
      const raw = String(item[amountKey] ?? '');
      const prefixed = /^(USD|EUR|GBP|BOB)\s+(.*)$/.exec(raw);
      rows.push({
        description: String(item['description'] ?? ''),
        kind: String(item[kindKey] ?? ''),
        location: String(item['location'] ?? 'bolivia'),
        ownership: String(item['ownership'] ?? 'own'),
        currency: prefixed ? prefixed[1]! : String(item['currency'] ?? 'BOB'),
        amount: prefixed ? prefixed[2]! : raw,
      });
    }
    while (rows.length < n) rows.push(emptyRow());
    return rows;
  };
  return {
    filingKey,
    filedOn,
    reason: '',
    amend: latest !== null,
    assets: fromItems(latest?.content['assets'], 'category', 'market_value', ASSET_ROWS),
    debts: fromItems(latest?.content['debts'], 'lender', 'outstanding_principal', DEBT_ROWS),
  };
}

/** The form as sent. @example readDeclarationForm(body) */
export function readDeclarationForm(body: Record<string, string | undefined>): DeclarationFormValues {
  const text = (name: string) => (body[name] ?? '').trim();
  const rows = (list: 'a' | 'd', n: number): RowValues[] =>
    Array.from({ length: n }, (_, i) => ({
      description: text(rowField(list, i, 'descripcion')),
      kind: text(rowField(list, i, 'tipo')),
      location: text(rowField(list, i, 'ubicacion')),
      ownership: text(rowField(list, i, 'titularidad')) || 'own',
      currency: text(rowField(list, i, 'moneda')) || 'BOB',
      amount: text(rowField(list, i, 'monto')).replace(/[\s_]/g, ''),
    }));
  return {
    filingKey: text('clave'),
    filedOn: text('fecha'),
    reason: text('motivo'),
    amend: text('rectificar') === '1',
    assets: rows('a', ASSET_ROWS),
    debts: rows('d', DEBT_ROWS),
  };
}

const filled = (r: RowValues) => r.description !== '' || r.amount !== '' || r.kind !== '';

/** Which form field a filing's item index (empty rows left out) stands in. */
interface Placed {
  list: 'a' | 'd';
  row: number;
}

/**
 * The filing the form asks for, or the form's mistakes (field name → words), all at once.
 *
 * @example const r = checkDeclarationForm(values, '4567890019', 2020, 'es'); r.ok && fileDeclaration(db, r.filing, …)
 */
export function checkDeclarationForm(
  v: DeclarationFormValues,
  nit: string,
  fortuneYear: number,
  lang: Lang,
): { ok: true; filing: FilingInput; placed: Placed[][] } | { ok: false; errors: FieldError[] } {
  const e = pageMessages(lang).wealthTax.declare.errors;
  const errors: FieldError[] = [];
  if (parseIsoDate(v.filedOn) !== v.filedOn || v.filedOn <= `${fortuneYear}-12-31`)
    errors.push({ name: 'fecha', message: e.date });
  if (v.amend && (v.reason === '' || v.reason.length > 500))
    errors.push({ name: 'motivo', message: e.reason });
  const items = (list: 'a' | 'd', rows: RowValues[], kinds: readonly string[]) => {
    const out: Record<string, unknown>[] = [];
    const placed: Placed[] = [];
    rows.forEach((r, i) => {
      if (!filled(r)) return;
      const at = (part: string) => rowField(list, i, part);
      if (r.description === '') errors.push({ name: at('descripcion'), message: e.description });
      if (!kinds.includes(r.kind)) errors.push({ name: at('tipo'), message: e.choice });
      if (!(LOCATIONS as readonly string[]).includes(r.location))
        errors.push({ name: at('ubicacion'), message: e.choice });
      if (!(OWNERSHIPS as readonly string[]).includes(r.ownership))
        errors.push({ name: at('titularidad'), message: e.choice });
      if (!(CURRENCIES as readonly string[]).includes(r.currency))
        errors.push({ name: at('moneda'), message: e.choice });
      if (!AMOUNT.test(r.amount)) errors.push({ name: at('monto'), message: e.amount });
      const amount = r.currency === 'BOB' ? r.amount : `${r.currency} ${r.amount}`;
      out.push({
        description: r.description,
        ...(list === 'a' ? { category: r.kind, market_value: amount } : { lender: r.kind }),
        location: r.location,
        ownership: r.ownership,
        ...(list === 'd' ? { outstanding_principal: amount } : {}),
      });
      placed.push({ list, row: i });
    });
    return { out, placed };
  };
  const assets = items('a', v.assets, CATEGORIES);
  const debts = items('d', v.debts, LENDERS);
  if (assets.out.length === 0 && errors.length === 0)
    errors.push({ name: rowField('a', 0, 'descripcion'), message: e.nothing });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    filing: {
      nit,
      fortuneYear,
      filedOn: v.filedOn,
      filingKey: v.filingKey,
      declaration: { assets: assets.out, debts: debts.out },
      ...(v.amend ? { reason: v.reason, amendment: true } : {}),
    },
    placed: [assets.placed, debts.placed],
  };
}

const PARTS: Record<string, string> = {
  description: 'descripcion',
  category: 'tipo',
  lender: 'tipo',
  location: 'ubicacion',
  ownership: 'titularidad',
  currency: 'moneda',
  market_value: 'monto',
  outstanding_principal: 'monto',
};

/**
 * A refusal of the domain as the form field it names (a date, the reason, an item's field), or
 * null when it names none (the page then says it at the top).
 */
export function failureField(f: WealthTaxFailure, placed: Placed[][], lang: Lang): FieldError | null {
  const e = pageMessages(lang).wealthTax.declare.errors;
  const path =
    f.code === 'wealth_tax_input_invalid'
      ? f.field
      : f.code === 'input_invalid' && 'declarationField' in f
        ? f.declarationField
        : null;
  if (path === null) return null;
  if (path === 'filedOn') return { name: 'fecha', message: e.date };
  if (path === 'reason') return { name: 'motivo', message: e.reason };
  const m = /^(assets|debts)\.([0-9]+)\.([a-z_]+)/.exec(path);
  if (!m) return null;
  const p = placed[m[1] === 'assets' ? 0 : 1]?.[Number(m[2])];
  if (!p) return null;
  const part = PARTS[m[3]!] ?? 'monto';
  const message =
    m[3] === 'ownership'
      ? e.marital
      : m[3] === 'currency'
        ? e.currency
        : part === 'monto'
          ? e.amount
          : e.field;
  return { name: rowField(p.list, p.row, part), message };
}

/** The form's page: the rows of assets and debts, the date and, for an amendment, the reason. */
export function DeclarationFormPage(p: {
  ctx: PageContext;
  taxpayer: Taxpayer;
  year: number;
  values: DeclarationFormValues;
  errors: readonly FieldError[];
  note?: { title: string; text: string } | undefined;
  /** Where the year's pages are: the officers' register, or the representative's own (REPRESENTATION). */
  base?: string;
}) {
  const { ctx, values: v } = p;
  const base = p.base ?? WEALTH_TAX_OFFICE;
  const lang = ctx.lang;
  const w = pageMessages(lang).wealthTax.declare;
  const title = (v.amend ? w.titleAmend : w.title)(p.taxpayer.fullName, p.year);
  const errorOf = (name: string) => p.errors.find((x) => x.name === name)?.message;
  const choices = (codes: readonly string[], words: Record<string, string>) =>
    codes.map((code) => ({ value: code, label: words[code] ?? code }));
  const row = (list: 'a' | 'd', i: number, r: RowValues) => {
    const at = (part: string) => rowField(list, i, part);
    const kinds =
      list === 'a'
        ? [{ value: '', label: w.empty }, ...choices(CATEGORIES, w.categories)]
        : [{ value: '', label: w.empty }, ...choices(LENDERS, w.lenders)];
    return (
      <fieldset>
        <legend>{list === 'a' ? w.asset(i + 1) : w.debt(i + 1)}</legend>
        <TextInput
          name={at('descripcion')}
          label={w.description}
          value={r.description}
          error={errorOf(at('descripcion'))}
        />
        <Select
          name={at('tipo')}
          label={list === 'a' ? w.category : w.lender}
          value={r.kind}
          choices={kinds}
          error={errorOf(at('tipo'))}
        />
        <Select
          name={at('ubicacion')}
          label={w.location}
          value={r.location}
          choices={choices(LOCATIONS, w.locations)}
          error={errorOf(at('ubicacion'))}
        />
        <Select
          name={at('titularidad')}
          label={w.ownership}
          value={r.ownership}
          choices={choices(OWNERSHIPS, w.ownerships)}
          error={errorOf(at('titularidad'))}
        />
        <Select
          name={at('moneda')}
          label={w.currency}
          value={r.currency}
          choices={choices(CURRENCIES, w.currencies)}
          error={errorOf(at('moneda'))}
        />
        <TextInput
          name={at('monto')}
          label={list === 'a' ? w.amount : w.principal}
          hint={w.amountHint}
          width={14}
          value={r.amount}
          error={errorOf(at('monto'))}
        />
      </fieldset>
    );
  };
  return (
    <OfficeLayout ctx={ctx} title={title} section={base}>
      <p>
        <a href={href(lang, yearPath(p.taxpayer.nit, p.year, base))}>
          {pageMessages(lang).wealthTax.year.back}
        </a>
      </p>
      <ErrorSummary errors={p.errors} lang={lang} />
      {p.note ? (
        <Notice kind="err" title={p.note.title}>
          {p.note.text}
        </Notice>
      ) : null}
      <p>{v.amend ? w.introAmend : w.intro}</p>
      <Form action={href(lang, declarationPath(p.taxpayer.nit, p.year, base))} csrfToken={ctx.csrfToken}>
        <HiddenField name="lang" value={lang} />
        <HiddenField name="clave" value={v.filingKey} />
        {v.amend ? <HiddenField name="rectificar" value="1" /> : null}
        <TextInput name="fecha" label={w.filedOn} width={10} value={v.filedOn} error={errorOf('fecha')} />
        {v.amend ? (
          <TextInput
            name="motivo"
            label={w.reason}
            hint={w.reasonHint}
            value={v.reason}
            error={errorOf('motivo')}
          />
        ) : null}
        <h2>{w.assets}</h2>
        {v.assets.map((r, i) => row('a', i, r))}
        <h2>{w.debts}</h2>
        {v.debts.map((r, i) => row('d', i, r))}
        <SubmitButton>{v.amend ? w.submitAmend : w.submit}</SubmitButton>
      </Form>
    </OfficeLayout>
  );
}
