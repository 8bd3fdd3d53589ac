import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { bolivianos, centavosOf, isoDate, loadParameterFile, percent } from '../../parameters/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import { fail, ok, type Result } from '../../shared/failure.ts';
import {
  add,
  addDays,
  and,
  attr,
  cmp,
  coalesce,
  type Expr,
  eq,
  iff,
  inSet,
  isNull,
  isoWeekday,
  lastWeekdayOfMonth,
  lit,
  makeDate,
  max,
  mulRate,
  not,
  or,
  param,
  parentVar,
  sub,
  sum,
  today,
  v,
} from '../expr.ts';
import type { Facts } from '../facts.ts';
import { makeIsoDate } from '../ops.ts';
import type { InputInvalid } from '../rules.failures.ts';
import { defineProgramme, defineVariable, type ExplainContext, type VariableDef } from '../variables.ts';

/**
 * Impuesto a las Grandes Fortunas (Ley 1357, DS 4436): the assessment of one sworn declaration —
 * valuation of each asset, deductions, net fortune, tax by the rate table, deadline and fine.
 * Evaluated in memory per declaration (declarations are not in the registry); the formulas are
 * the same language as the bono's. Domain facts: shared/domain/bolivia-programmes.md §2.
 */

export const ASSET_CATEGORIES = [
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
  'unipersonal_enterprise_equity',
] as const;
const LENDERS = ['asfi_regulated', 'foreign_regulated', 'other'] as const;
const LOCATIONS = ['bolivia', 'abroad'] as const;
const REAL_ESTATE_VALUATIONS = [
  'market_value',
  'ufv_updated_cost',
  'property_tax_value',
  'greatest',
] as const;
type RealEstateValuation = (typeof REAL_ESTATE_VALUATIONS)[number];
const FOREIGN_VALUATIONS = ['greater_of_locally_admitted_and_market', 'market_value'] as const;

/** Decimal places of an exchange rate: rates are held in hundred-thousandths of a boliviano. */
const RATE_DECIMALS = 5;
/** One boliviano per unit, in hundred-thousandths (the rate of the boliviano itself). */
const RATE_ONE = BigInt(`1${'0'.repeat(RATE_DECIMALS)}`);

/** Bolivianos per unit of a foreign currency, up to five decimals ("6.96"), as hundred-thousandths. */
const exchangeRate = z
  .string()
  .regex(/^\d+(\.\d{1,5})?$/, 'must be bolivianos per unit such as "6.96"')
  .transform((s) => {
    const [whole, fraction = ''] = s.split('.');
    return BigInt(whole!) * RATE_ONE + BigInt(fraction.padEnd(RATE_DECIMALS, '0'));
  });

const bracket = z.strictObject({ over: bolivianos, rate: percent, descuento: bolivianos });
type Bracket = z.output<typeof bracket>;
const monthDay = z.strictObject({
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
});
type ResidentDeadline = { years_after_fortune_year: number; month: number; day: number };
type NonResidentDeadline = { years_after_fortune_year: number; last_business_day_of_month: number };

export const IGF_PARAMETERS = {
  igf_taxable_event_day: monthDay,
  igf_threshold: bolivianos,
  igf_residence_days_more_than: z.number().int().min(0).max(366),
  igf_brackets: z
    .array(bracket)
    .min(1)
    .refine((rows) => rows.every((r, i) => i === 0 || rows[i - 1]!.over < r.over), {
      message: 'brackets must be in increasing order of `over`',
    }),
  igf_marital_share: percent,
  igf_assets_not_counted: z.array(z.enum(ASSET_CATEGORIES)),
  igf_deducted_asset_categories: z.array(z.enum(ASSET_CATEGORIES)),
  igf_deductible_debts: z.array(z.strictObject({ lender: z.enum(LENDERS), location: z.enum(LOCATIONS) })),
  igf_foreign_asset_valuation: z.enum(FOREIGN_VALUATIONS),
  igf_bolivian_real_estate_valuation: z.enum(REAL_ESTATE_VALUATIONS),
  igf_resident_deadline: z.strictObject({
    years_after_fortune_year: z.number().int().min(0),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
  }),
  igf_non_resident_deadline: z.strictObject({
    years_after_fortune_year: z.number().int().min(0),
    last_business_day_of_month: z.number().int().min(1).max(12),
  }),
  igf_fine_rate: percent,
  igf_exchange_rates: z.record(z.string().regex(/^[A-Z]{3}$/), exchangeRate),
  igf_deadline_moves_to_next_working_day: z.boolean(),
  igf_public_holidays: z.array(isoDate),
  igf_ufv: z.string().regex(/^\d+\.\d{5}$/, 'must be a UFV value with five decimals such as "2.35998"'),
  igf_late_interest: z
    .array(z.strictObject({ from_year_of_delay: z.number().int().min(1), rate: percent }))
    .min(1),
  igf_fine_reduction_voluntary: percent,
};

const here = path.dirname(fileURLToPath(import.meta.url));
/** The wealth tax's dated parameters (Ley 1357, DS 4436, Código Tributario): also read by src/wealth-tax. */
export const IGF_PARAMETER_SET = loadParameterFile(
  path.join(here, '..', 'parameters', 'wealth-tax.yaml'),
  IGF_PARAMETERS,
);
const parameters = IGF_PARAMETER_SET;

// --- The declaration as the taxpayer files it ----------------------------------------------------

/**
 * An amount in bolivianos as a person writes it in a declaration: `"Bs 30000000.01"`,
 * `"30_000_000"` or a whole number; turned into centavos without a float.
 */
export const moneyInput = z
  .union([
    z.number().int().nonnegative(),
    z
      .string()
      .regex(/^(Bs\.?\s*)?\d[\d_ ]*(\.\d{1,2})?$/, 'must be an amount in bolivianos such as "Bs 1500000.50"'),
  ])
  .transform((v) =>
    centavosOf(
      String(v)
        .replace(/^Bs\.?\s*/, '')
        .replace(/[_ ]/g, ''),
    ),
  );

/** A currency written before an amount, and the ISO 4217 code it stands for. */
const CURRENCY_PREFIXES: Readonly<Record<string, string>> = {
  Bs: 'BOB',
  'Bs.': 'BOB',
  BOB: 'BOB',
  USD: 'USD',
  US$: 'USD',
  $us: 'USD',
  EUR: 'EUR',
  GBP: 'GBP',
};

/**
 * An amount as a declaration writes it, in any currency: `"USD 1500000.50"`, `"Bs 30000000"`,
 * `"30_000_000"` or a whole number (the item's currency). Two decimals at most; no float.
 */
const amountInput = z
  .union([
    z.number().int().nonnegative(),
    z
      .string()
      .regex(
        /^((Bs\.?|BOB|USD|US\$|\$us|EUR|GBP)\s*)?\d[\d_ ]*(\.\d{1,2})?$/,
        'must be an amount such as "1500000.50", optionally after its currency ("USD 1500000.50", "Bs 1500000.50")',
      ),
  ])
  .transform((v) => {
    const text = String(v);
    const prefix = /^(Bs\.?|BOB|USD|US\$|\$us|EUR|GBP)\s*/.exec(text);
    const digits = text.slice(prefix?.[0].length ?? 0).replace(/[_ ]/g, '');
    return { currency: prefix ? CURRENCY_PREFIXES[prefix[1]!] : undefined, minor: centavosOf(digits) };
  });
type AmountInput = z.output<typeof amountInput>;

/** ISO 4217 code of the currency an item is declared in (BOB when absent). */
const currencyInput = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"');

const AssetInput = z.strictObject({
  description: z.string().min(1),
  category: z.enum(ASSET_CATEGORIES),
  location: z.enum(LOCATIONS),
  ownership: z.enum(['own', 'marital']).default('own'),
  /** The currency of the amounts below; BOB when absent (or the currency written before them). */
  currency: currencyInput.optional(),
  /** Market value, or the recorded balance for deposits and credits. */
  market_value: amountInput,
  /** Assets abroad: the value admitted in the country where the asset is. */
  locally_admitted_value: amountInput.optional(),
  /** Bolivian real estate: acquisition value updated by the UFV. */
  ufv_updated_cost: amountInput.optional(),
  /** Bolivian real estate: the value set for the property tax. */
  property_tax_value: amountInput.optional(),
});

const DebtInput = z.strictObject({
  description: z.string().min(1),
  lender: z.enum(LENDERS),
  location: z.enum(LOCATIONS),
  ownership: z.enum(['own', 'marital']).default('own'),
  currency: currencyInput.optional(),
  outstanding_principal: amountInput,
});

export const DeclarationInput = z.strictObject({
  taxpayer: z.string().min(1).optional(),
  fortune_year: z.number().int().min(1900).max(9999),
  days_in_bolivia_last_12_months: z.number().int().min(0).max(366),
  assets: z.array(AssetInput).default([]),
  debts: z.array(DebtInput).default([]),
  tax_paid: moneyInput.default(0n),
  paid_on: isoDate.optional(),
});
export type Declaration = z.output<typeof DeclarationInput>;

/** The day the fortune of a year is measured (31 December): its law and its exchange rates. @example taxableEventDay(2020) // '2020-12-31' */
export function taxableEventDay(fortuneYear: number): IsoDate {
  const yearEnd = `${fortuneYear}-12-31` as IsoDate;
  // Before the law (a 2019 fortune) the day is the year's end; binding the rules then refuses it.
  const day = parameters.at('igf_taxable_event_day', yearEnd);
  return day.ok ? makeIsoDate(fortuneYear, day.value.value.month, day.value.value.day)! : yearEnd;
}

/**
 * Bolivianos per unit of `currency` on `on` (hundred-thousandths: 6.96 → 696000n), from the dated
 * official rates (igf_exchange_rates), or undefined when none is in force for that currency.
 *
 * @example exchangeRateOn('USD', '2020-12-31') // 696000n
 */
export function exchangeRateOn(currency: string, on: IsoDate): bigint | undefined {
  if (currency === 'BOB') return RATE_ONE;
  const rates = parameters.at('igf_exchange_rates', on);
  return rates.ok ? rates.value.value[currency] : undefined;
}

/**
 * An amount in a currency's minor units (cents) as centavos at a rate in hundred-thousandths of a
 * boliviano, rounded half up to the centavo.
 *
 * @example toCentavos(100n, 696000n) // 696n (US$ 1.00 → Bs 6.96)
 */
export function toCentavos(minor: bigint, rate: bigint): bigint {
  return (minor * rate + RATE_ONE / 2n) / RATE_ONE;
}

/** The rate as people write it: 696000n → "6.96". */
export function rateText(rate: bigint): string {
  const whole = rate / RATE_ONE;
  const fraction = (rate % RATE_ONE).toString().padStart(RATE_DECIMALS, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

type Issue = { path: (string | number)[]; problem: string };

/** The item's currency and its amounts in centavos at the rate of `on`, or the issue that stops it. */
function convertItem(
  item: { currency?: string | undefined },
  amounts: Record<string, AmountInput | undefined>,
  on: IsoDate,
  at: (string | number)[],
): { currency: string; rate: bigint; centavos: Record<string, bigint | null> } | Issue {
  const written = Object.entries(amounts).filter(([, a]) => a?.currency !== undefined);
  const currency = item.currency ?? written[0]?.[1]?.currency ?? 'BOB';
  const clash = written.find(([, a]) => a!.currency !== currency);
  if (clash)
    return {
      path: [...at, clash[0]],
      problem: `is written in ${clash[1]!.currency}, the item in ${currency}`,
    };
  const rate = exchangeRateOn(currency, on);
  if (rate === undefined)
    return { path: [...at, 'currency'], problem: `no official exchange rate for ${currency} on ${on}` };
  const centavos: Record<string, bigint | null> = {};
  for (const [name, a] of Object.entries(amounts)) centavos[name] = a ? toCentavos(a.minor, rate) : null;
  return { currency, rate, centavos };
}

const isIssue = (x: object): x is Issue => 'problem' in x;

/**
 * Validates a declaration (parsed YAML or JSON) and turns it into facts for the engine, or
 * `input_invalid` naming the field at fault. Amounts in another currency are converted to
 * bolivianos at the official rate of the taxable-event day (31 December of the fortune's year,
 * igf_exchange_rates), and each item keeps its currency and rate for the explanation.
 *
 * @example declarationFacts({ fortune_year: 2020, days_in_bolivia_last_12_months: 365, assets: [...] }) // { ok: true, value: facts }
 */
export function declarationFacts(input: unknown): Result<Facts, InputInvalid> {
  const parsed = DeclarationInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return invalid({ path: issue.path as (string | number)[], problem: issue.message });
  }
  const d = parsed.data;
  const on = taxableEventDay(d.fortune_year);
  const assets = [];
  for (const [i, a] of d.assets.entries()) {
    const c = convertItem(
      a,
      {
        market_value: a.market_value,
        locally_admitted_value: a.locally_admitted_value,
        ufv_updated_cost: a.ufv_updated_cost,
        property_tax_value: a.property_tax_value,
      },
      on,
      ['assets', i],
    );
    if (isIssue(c)) return invalid(c);
    assets.push({
      label: a.description,
      attributes: {
        description: a.description,
        category: a.category,
        location: a.location,
        ownership: a.ownership,
        currency: c.currency,
        exchange_rate: c.currency === 'BOB' ? null : rateText(c.rate),
        declared_amount: c.currency === 'BOB' ? null : declaredText(a.market_value.minor, c.currency),
        market_value_centavos: c.centavos['market_value']!,
        locally_admitted_value_centavos: c.centavos['locally_admitted_value'] ?? null,
        ufv_updated_cost_centavos: c.centavos['ufv_updated_cost'] ?? null,
        property_tax_value_centavos: c.centavos['property_tax_value'] ?? null,
      },
    });
  }
  const debts = [];
  for (const [i, x] of d.debts.entries()) {
    const c = convertItem(x, { outstanding_principal: x.outstanding_principal }, on, ['debts', i]);
    if (isIssue(c)) return invalid(c);
    debts.push({
      label: x.description,
      attributes: {
        description: x.description,
        lender: x.lender,
        location: x.location,
        ownership: x.ownership,
        currency: c.currency,
        exchange_rate: c.currency === 'BOB' ? null : rateText(c.rate),
        outstanding_principal_centavos: c.centavos['outstanding_principal']!,
      },
    });
  }
  return ok({
    label: d.taxpayer ?? 'declaración',
    attributes: {
      fortune_year: d.fortune_year,
      days_in_bolivia_last_12_months: d.days_in_bolivia_last_12_months,
      tax_paid_centavos: d.tax_paid,
      paid_on: d.paid_on ?? null,
    },
    collections: { assets, debts },
  });
}

function invalid(issue: Issue): Result<never, InputInvalid> {
  return fail({
    code: 'input_invalid',
    declarationField: issue.path.join('.') || '(top)',
    problem: issue.problem,
  });
}

/** "USD 1000000.00": the amount as declared, for the explanation. */
function declaredText(minor: bigint, currency: string): string {
  return `${currency} ${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;
}

// --- Variables -----------------------------------------------------------------------------------

const money = (name: string) => param(name, (c: bigint) => lit.money(c));
const ZERO = lit.money(0n);
const yes = (x: ExplainContext) => x.value === true;
const isMarital = eq(attr('ownership'), lit.text('marital'));
const isAbroad = eq(attr('location'), lit.text('abroad'));
const inBolivia = eq(attr('location'), lit.text('bolivia'));
/** Days in a row a deadline may meet that are not worked (Good Friday, Saturday, Sunday, and one more). */
const NON_WORKING_DAYS = 4;
/** The day `n` days after the regulation's deadline: a variable, so each is computed once. */
const candidateName = (n: number) => (n === 0 ? 'igf_legal_deadline' : `igf_legal_deadline_plus_${n}`);

/** Own share of an item: all of it, or the marital share of a community-property item. */
function share(valueVar: string): Expr {
  return iff(
    isMarital,
    mulRate(
      v(valueVar),
      param('igf_marital_share', (bp: number) => lit.int(bp)),
    ),
    v(valueVar),
  );
}

function shareVariable(name: string, entity: 'asset' | 'debt', valueVar: string): VariableDef {
  return defineVariable({
    name,
    entity,
    type: 'money',
    label: { es: 'Parte propia del declarante', en: 'The declarant’s own share' },
    reads: { attributes: ['ownership'], variables: [valueVar], parameters: ['igf_marital_share'] },
    formula: share(valueVar),
    explain: {
      es: (x) =>
        x.a('ownership') === 'marital'
          ? `Bien ganancial: se computa el ${x.f.percent(x.p('igf_marital_share'))} de ${x.f.money(x.v(valueVar))} = ${x.f.money(x.value)}.`
          : `Bien propio: se computa entero, ${x.f.money(x.value)}.`,
      en: (x) =>
        x.a('ownership') === 'marital'
          ? `Community property: ${x.f.percent(x.p('igf_marital_share'))} of ${x.f.money(x.v(valueVar))} = ${x.f.money(x.value)}.`
          : `Own property: counted in full, ${x.f.money(x.value)}.`,
    },
  });
}

/** The conversion of an item declared in another currency, as the first sentence of its explanation. */
function converted(x: ExplainContext, lang: 'es' | 'en'): string {
  const rate = x.a('exchange_rate');
  if (rate === null || rate === undefined) return '';
  const amount = String(x.a('declared_amount'));
  return lang === 'es'
    ? `Declarado en ${amount}, convertido al tipo de cambio oficial de Bs ${String(rate).replace('.', ',')} por unidad. `
    : `Declared as ${amount}, converted at the official rate of Bs ${rate} per unit. `;
}

const realEstateValue = (method: RealEstateValuation): Expr => {
  const market = attr('market_value_centavos');
  const ufv = coalesce(attr('ufv_updated_cost_centavos'), market);
  const tax = coalesce(attr('property_tax_value_centavos'), market);
  switch (method) {
    case 'market_value':
      return market;
    case 'ufv_updated_cost':
      return ufv;
    case 'property_tax_value':
      return tax;
    case 'greatest':
      return max(market, max(ufv, tax));
  }
};

const variables: VariableDef[] = [
  // Assets
  defineVariable({
    name: 'igf_asset_value_centavos',
    entity: 'asset',
    type: 'money',
    label: { es: 'Valor del bien', en: 'Value of the asset' },
    reads: {
      attributes: [
        'location',
        'category',
        'currency',
        'exchange_rate',
        'declared_amount',
        'market_value_centavos',
        'locally_admitted_value_centavos',
        'ufv_updated_cost_centavos',
        'property_tax_value_centavos',
      ],
      parameters: ['igf_foreign_asset_valuation', 'igf_bolivian_real_estate_valuation'],
    },
    formula: iff(
      isAbroad,
      param('igf_foreign_asset_valuation', (m: (typeof FOREIGN_VALUATIONS)[number]) =>
        m === 'greater_of_locally_admitted_and_market'
          ? max(
              attr('market_value_centavos'),
              coalesce(attr('locally_admitted_value_centavos'), attr('market_value_centavos')),
            )
          : attr('market_value_centavos'),
      ),
      iff(
        eq(attr('category'), lit.text('real_estate')),
        param('igf_bolivian_real_estate_valuation', realEstateValue),
        attr('market_value_centavos'),
      ),
    ),
    explain: {
      es: (x) =>
        converted(x, 'es') +
        (x.a('location') === 'abroad'
          ? `Bien en el exterior: el mayor entre el valor admitido en el país donde está (${x.f.money(x.a('locally_admitted_value_centavos'))}) y el de mercado (${x.f.money(x.a('market_value_centavos'))}): ${x.f.money(x.value)}.`
          : x.a('category') === 'real_estate'
            ? `Inmueble en Bolivia valuado por «${x.p('igf_bolivian_real_estate_valuation')}» (mercado ${x.f.money(x.a('market_value_centavos'))}, costo actualizado por UFV ${x.f.money(x.a('ufv_updated_cost_centavos'))}, valor catastral ${x.f.money(x.a('property_tax_value_centavos'))}): ${x.f.money(x.value)}.`
            : `Valor declarado: ${x.f.money(x.value)}.`),
      en: (x) =>
        converted(x, 'en') +
        (x.a('location') === 'abroad'
          ? `Asset abroad: the greater of the value admitted where it is (${x.f.money(x.a('locally_admitted_value_centavos'))}) and market value (${x.f.money(x.a('market_value_centavos'))}): ${x.f.money(x.value)}.`
          : x.a('category') === 'real_estate'
            ? `Real estate in Bolivia valued by "${x.p('igf_bolivian_real_estate_valuation')}" (market ${x.f.money(x.a('market_value_centavos'))}, UFV-updated cost ${x.f.money(x.a('ufv_updated_cost_centavos'))}, property-tax value ${x.f.money(x.a('property_tax_value_centavos'))}): ${x.f.money(x.value)}.`
            : `Declared value: ${x.f.money(x.value)}.`),
    },
  }),
  shareVariable('igf_asset_share_centavos', 'asset', 'igf_asset_value_centavos'),
  defineVariable({
    name: 'igf_asset_in_base',
    entity: 'asset',
    type: 'bool',
    label: { es: 'Forma parte de la fortuna', en: 'Part of the fortune' },
    reads: {
      attributes: ['category', 'location'],
      parentVariables: ['igf_resident'],
      parameters: ['igf_assets_not_counted'],
    },
    formula: and(
      param('igf_assets_not_counted', (cats: string[]) => not(inSet(attr('category'), cats))),
      or(parentVar('igf_resident'), inBolivia),
    ),
    explain: {
      es: (x) =>
        x.p<string[]>('igf_assets_not_counted').includes(x.a('category') as string)
          ? 'No se computa: es menaje doméstico.'
          : yes(x)
            ? 'Se computa.'
            : 'No se computa: está en el exterior y el declarante no es residente (solo tributa por su fortuna en Bolivia).',
      en: (x) =>
        x.p<string[]>('igf_assets_not_counted').includes(x.a('category') as string)
          ? 'Not counted: household goods (menaje doméstico).'
          : yes(x)
            ? 'Counted.'
            : 'Not counted: it is abroad and the declarant is not resident (taxed on Bolivian fortune only).',
    },
  }),
  defineVariable({
    name: 'igf_asset_counted_centavos',
    entity: 'asset',
    type: 'money',
    label: { es: 'Monto computado en la fortuna', en: 'Amount counted in the fortune' },
    reads: { variables: ['igf_asset_in_base', 'igf_asset_share_centavos'] },
    formula: iff(v('igf_asset_in_base'), v('igf_asset_share_centavos'), ZERO),
    explain: {
      es: (x) => `${x.f.money(x.value)}.`,
      en: (x) => `${x.f.money(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'igf_asset_deducted_centavos',
    entity: 'asset',
    type: 'money',
    label: {
      es: 'Monto deducido (SIP, empresa unipersonal)',
      en: 'Amount deducted (SIP, unipersonal enterprise)',
    },
    reads: {
      attributes: ['category'],
      variables: ['igf_asset_in_base', 'igf_asset_share_centavos'],
      parameters: ['igf_deducted_asset_categories'],
    },
    formula: iff(
      and(
        v('igf_asset_in_base'),
        param('igf_deducted_asset_categories', (cats: string[]) => inSet(attr('category'), cats)),
      ),
      v('igf_asset_share_centavos'),
      ZERO,
    ),
    explain: {
      es: (x) =>
        x.value === 0n
          ? 'Nada que deducir por este bien.'
          : `Se deduce ${x.f.money(x.value)} (${x.f.term('asset_category', x.a('category') as string)}).`,
      en: (x) =>
        x.value === 0n
          ? 'Nothing to deduct for this asset.'
          : `${x.f.money(x.value)} is deducted (${x.f.term('asset_category', x.a('category') as string)}).`,
    },
  }),
  // Debts
  defineVariable({
    name: 'igf_debt_value_centavos',
    entity: 'debt',
    type: 'money',
    label: { es: 'Saldo de capital adeudado', en: 'Outstanding principal' },
    reads: { attributes: ['outstanding_principal_centavos'] },
    formula: attr('outstanding_principal_centavos'),
    explain: {
      es: (x) => `${x.f.money(x.value)}.`,
      en: (x) => `${x.f.money(x.value)}.`,
    },
  }),
  shareVariable('igf_debt_share_centavos', 'debt', 'igf_debt_value_centavos'),
  defineVariable({
    name: 'igf_debt_deductible',
    entity: 'debt',
    type: 'bool',
    label: { es: 'Deuda deducible', en: 'Deductible debt' },
    reads: {
      attributes: ['lender', 'location'],
      parentVariables: ['igf_resident'],
      parameters: ['igf_deductible_debts'],
    },
    formula: and(
      param('igf_deductible_debts', (rows: { lender: string; location: string }[]) =>
        or(
          ...rows.map((r) =>
            and(eq(attr('lender'), lit.text(r.lender)), eq(attr('location'), lit.text(r.location))),
          ),
        ),
      ),
      or(parentVar('igf_resident'), inBolivia),
    ),
    explain: {
      es: (x) =>
        yes(x)
          ? 'Préstamo de una entidad regulada: se deduce su saldo de capital.'
          : 'No se deduce: solo los préstamos de entidades reguladas por ASFI (o similares en el exterior para préstamos en el exterior), y para no residentes solo los de Bolivia.',
      en: (x) =>
        yes(x)
          ? 'Loan from a regulated lender: its outstanding principal is deducted.'
          : 'Not deducted: only loans from ASFI-regulated lenders (or similar lenders abroad for loans abroad) are, and for non-residents only Bolivian ones.',
    },
  }),
  defineVariable({
    name: 'igf_debt_deducted_centavos',
    entity: 'debt',
    type: 'money',
    label: { es: 'Monto deducido', en: 'Amount deducted' },
    reads: { variables: ['igf_debt_deductible', 'igf_debt_share_centavos'] },
    formula: iff(v('igf_debt_deductible'), v('igf_debt_share_centavos'), ZERO),
    explain: {
      es: (x) => `${x.f.money(x.value)}.`,
      en: (x) => `${x.f.money(x.value)}.`,
    },
  }),
  // The declaration
  defineVariable({
    name: 'igf_resident',
    entity: 'declaration',
    type: 'bool',
    label: { es: 'Residente en Bolivia', en: 'Resident in Bolivia' },
    reads: { attributes: ['days_in_bolivia_last_12_months'], parameters: ['igf_residence_days_more_than'] },
    formula: cmp(
      attr('days_in_bolivia_last_12_months'),
      '>',
      param('igf_residence_days_more_than', (n: number) => lit.int(n)),
    ),
    explain: {
      es: (x) =>
        `Permaneció ${x.a('days_in_bolivia_last_12_months')} días en Bolivia en 12 meses; es residente quien permanece más de ${x.p('igf_residence_days_more_than')}: ${yes(x) ? 'residente, tributa por su fortuna en Bolivia y en el exterior' : 'no residente, tributa solo por su fortuna en Bolivia'}.`,
      en: (x) =>
        `Stayed ${x.a('days_in_bolivia_last_12_months')} days in Bolivia within 12 months; residents stay more than ${x.p('igf_residence_days_more_than')}: ${yes(x) ? 'resident, taxed on worldwide fortune' : 'not resident, taxed on Bolivian fortune only'}.`,
    },
  }),
  defineVariable({
    name: 'igf_gross_fortune_centavos',
    entity: 'declaration',
    type: 'money',
    label: { es: 'Fortuna computable', en: 'Fortune counted' },
    reads: { collections: ['assets'] },
    formula: sum('assets', 'igf_asset_counted_centavos'),
    explain: {
      es: (x) => `Suma de los bienes computados: ${x.f.money(x.value)}.`,
      en: (x) => `Sum of the assets counted: ${x.f.money(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'igf_deductions_centavos',
    entity: 'declaration',
    type: 'money',
    label: { es: 'Deducciones', en: 'Deductions' },
    reads: { collections: ['assets', 'debts'] },
    formula: add(sum('debts', 'igf_debt_deducted_centavos'), sum('assets', 'igf_asset_deducted_centavos')),
    explain: {
      es: (x) => `Deudas deducibles y aportes o patrimonio deducibles: ${x.f.money(x.value)}.`,
      en: (x) => `Deductible debts and deductible contributions or equity: ${x.f.money(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'igf_net_fortune_centavos',
    entity: 'declaration',
    type: 'money',
    label: { es: 'Fortuna neta (base imponible)', en: 'Net fortune (tax base)' },
    reads: { variables: ['igf_gross_fortune_centavos', 'igf_deductions_centavos'] },
    formula: sub(v('igf_gross_fortune_centavos'), v('igf_deductions_centavos')),
    explain: {
      es: (x) =>
        `${x.f.money(x.v('igf_gross_fortune_centavos'))} − ${x.f.money(x.v('igf_deductions_centavos'))} = ${x.f.money(x.value)}.`,
      en: (x) =>
        `${x.f.money(x.v('igf_gross_fortune_centavos'))} − ${x.f.money(x.v('igf_deductions_centavos'))} = ${x.f.money(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'igf_taxable',
    entity: 'declaration',
    type: 'bool',
    label: { es: 'Sujeto al impuesto', en: 'Liable to the tax' },
    reads: { variables: ['igf_net_fortune_centavos'], parameters: ['igf_threshold'] },
    formula: cmp(v('igf_net_fortune_centavos'), '>', money('igf_threshold')),
    explain: {
      es: (x) =>
        `La fortuna neta (${x.f.money(x.v('igf_net_fortune_centavos'))}) ${yes(x) ? 'es mayor' : 'no es mayor'} que ${x.f.money(x.p('igf_threshold'))}.`,
      en: (x) =>
        `The net fortune (${x.f.money(x.v('igf_net_fortune_centavos'))}) ${yes(x) ? 'is greater' : 'is not greater'} than ${x.f.money(x.p('igf_threshold'))}.`,
    },
  }),
  bracketVariable('igf_rate_basis_points', 'rate', 'int', {
    es: 'Alícuota del tramo',
    en: 'Rate of the bracket',
  }),
  bracketVariable('igf_descuento_centavos', 'descuento', 'money', {
    es: 'Descuento del tramo',
    en: 'Descuento (fixed deduction) of the bracket',
  }),
  defineVariable({
    name: 'igf_tax_centavos',
    entity: 'declaration',
    type: 'money',
    label: { es: 'Impuesto determinado', en: 'Tax assessed' },
    reads: {
      variables: [
        'igf_taxable',
        'igf_net_fortune_centavos',
        'igf_rate_basis_points',
        'igf_descuento_centavos',
      ],
    },
    formula: iff(
      v('igf_taxable'),
      sub(
        mulRate(v('igf_net_fortune_centavos'), coalesce(v('igf_rate_basis_points'), lit.int(0))),
        coalesce(v('igf_descuento_centavos'), ZERO),
      ),
      ZERO,
    ),
    explain: {
      es: (x) =>
        x.v('igf_taxable')
          ? `${x.f.money(x.v('igf_net_fortune_centavos'))} × ${x.f.percent(x.v('igf_rate_basis_points'))} − ${x.f.money(x.v('igf_descuento_centavos'))} = ${x.f.money(x.value)} (redondeado al centavo).`
          : 'Sin impuesto: la fortuna neta no supera el mínimo.',
      en: (x) =>
        x.v('igf_taxable')
          ? `${x.f.money(x.v('igf_net_fortune_centavos'))} × ${x.f.percent(x.v('igf_rate_basis_points'))} − ${x.f.money(x.v('igf_descuento_centavos'))} = ${x.f.money(x.value)} (rounded to the centavo).`
          : 'No tax: the net fortune does not exceed the threshold.',
    },
  }),
  defineVariable({
    name: 'igf_legal_deadline',
    entity: 'declaration',
    type: 'date',
    label: { es: 'Plazo que fija el reglamento', en: 'Deadline set by the regulation' },
    reads: {
      attributes: ['fortune_year'],
      variables: ['igf_resident'],
      parameters: ['igf_resident_deadline', 'igf_non_resident_deadline'],
    },
    formula: iff(
      v('igf_resident'),
      param('igf_resident_deadline', (d: ResidentDeadline) =>
        makeDate(
          add(attr('fortune_year'), lit.int(d.years_after_fortune_year)),
          lit.int(d.month),
          lit.int(d.day),
        ),
      ),
      param('igf_non_resident_deadline', (d: NonResidentDeadline) =>
        lastWeekdayOfMonth(
          add(attr('fortune_year'), lit.int(d.years_after_fortune_year)),
          lit.int(d.last_business_day_of_month),
        ),
      ),
    ),
    explain: {
      es: (x) =>
        `${x.v('igf_resident') ? 'Residentes' : 'No residentes: último día hábil del mes'}; para la gestión ${x.a('fortune_year')}: ${x.f.date(x.value)}.`,
      en: (x) =>
        `${x.v('igf_resident') ? 'Residents' : 'Non-residents: last business day of the month'}; for the year ${x.a('fortune_year')}: ${x.f.date(x.value)}.`,
    },
  }),
  ...candidateVariables(),
  defineVariable({
    name: 'igf_filing_deadline',
    entity: 'declaration',
    type: 'date',
    label: { es: 'Vencimiento para declarar y pagar', en: 'Deadline to file and pay' },
    reads: {
      variables: Array.from({ length: NON_WORKING_DAYS + 1 }, (_, n) => candidateName(n)),
      parameters: ['igf_deadline_moves_to_next_working_day', 'igf_public_holidays'],
    },
    formula: param('igf_deadline_moves_to_next_working_day', (moves: boolean) =>
      moves
        ? param('igf_public_holidays', (holidays: string[]) => firstWorkingDay(holidays))
        : v('igf_legal_deadline'),
    ),
    explain: {
      es: (x) =>
        x.value === x.v('igf_legal_deadline')
          ? `El ${x.f.date(x.value)} es día hábil: el plazo vence ese día.`
          : `El ${x.f.date(x.v('igf_legal_deadline'))} es sábado, domingo o feriado: el plazo se prorroga al primer día hábil siguiente, el ${x.f.date(x.value)}.`,
      en: (x) =>
        x.value === x.v('igf_legal_deadline')
          ? `${x.f.date(x.value)} is a working day: the deadline is that day.`
          : `${x.f.date(x.v('igf_legal_deadline'))} is a Saturday, Sunday or holiday: the deadline moves to the next working day, ${x.f.date(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'igf_paid_by_deadline_centavos',
    entity: 'declaration',
    type: 'money',
    label: { es: 'Pagado dentro del plazo', en: 'Paid by the deadline' },
    reads: { attributes: ['tax_paid_centavos', 'paid_on'], variables: ['igf_filing_deadline'] },
    formula: iff(
      and(not(isNull(attr('paid_on'))), cmp(attr('paid_on'), '<=', v('igf_filing_deadline'))),
      attr('tax_paid_centavos'),
      ZERO,
    ),
    explain: {
      es: (x) =>
        x.a('paid_on') === null
          ? 'No se registra pago.'
          : `Pagó ${x.f.money(x.a('tax_paid_centavos'))} el ${x.f.date(x.a('paid_on'))}${x.value === 0n ? ', después del vencimiento' : ''}.`,
      en: (x) =>
        x.a('paid_on') === null
          ? 'No payment is recorded.'
          : `Paid ${x.f.money(x.a('tax_paid_centavos'))} on ${x.f.date(x.a('paid_on'))}${x.value === 0n ? ', after the deadline' : ''}.`,
    },
  }),
  defineVariable({
    name: 'igf_omitted_tax_centavos',
    entity: 'declaration',
    type: 'money',
    label: { es: 'Tributo omitido', en: 'Omitted tax' },
    reads: { variables: ['igf_tax_centavos', 'igf_paid_by_deadline_centavos'] },
    formula: max(ZERO, sub(v('igf_tax_centavos'), v('igf_paid_by_deadline_centavos'))),
    explain: {
      es: (x) => `Impuesto no pagado dentro del plazo: ${x.f.money(x.value)}.`,
      en: (x) => `Tax not paid by the deadline: ${x.f.money(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'igf_fine_centavos',
    entity: 'declaration',
    type: 'money',
    label: { es: 'Multa por falta de pago', en: 'Fine for non-payment' },
    reads: { variables: ['igf_filing_deadline', 'igf_omitted_tax_centavos'], parameters: ['igf_fine_rate'] },
    formula: iff(
      cmp(today, '>', v('igf_filing_deadline')),
      mulRate(
        v('igf_omitted_tax_centavos'),
        param('igf_fine_rate', (bp: number) => lit.int(bp)),
      ),
      ZERO,
    ),
    explain: {
      es: (x) =>
        x.date > (x.v('igf_filing_deadline') as string)
          ? x.v('igf_omitted_tax_centavos') === 0n
            ? `Vencido el plazo (${x.f.date(x.v('igf_filing_deadline'))}), sin tributo omitido: sin multa.`
            : `Vencido el plazo (${x.f.date(x.v('igf_filing_deadline'))}): ${x.f.percent(x.p('igf_fine_rate'))} del tributo omitido = ${x.f.money(x.value)}.`
          : `El plazo (${x.f.date(x.v('igf_filing_deadline'))}) no ha vencido al ${x.f.date(x.date)}: sin multa.`,
      en: (x) =>
        x.date > (x.v('igf_filing_deadline') as string)
          ? x.v('igf_omitted_tax_centavos') === 0n
            ? `Deadline passed (${x.f.date(x.v('igf_filing_deadline'))}) with no omitted tax: no fine.`
            : `Deadline passed (${x.f.date(x.v('igf_filing_deadline'))}): ${x.f.percent(x.p('igf_fine_rate'))} of the omitted tax = ${x.f.money(x.value)}.`
          : `The deadline (${x.f.date(x.v('igf_filing_deadline'))}) has not passed on ${x.f.date(x.date)}: no fine.`,
    },
  }),
];

function candidateVariables(): VariableDef[] {
  return Array.from({ length: NON_WORKING_DAYS }, (_, k) =>
    defineVariable({
      name: candidateName(k + 1),
      entity: 'declaration',
      type: 'date',
      label: { es: `${k + 1} día(s) después del plazo`, en: `${k + 1} day(s) after the deadline` },
      reads: { variables: ['igf_legal_deadline'] },
      formula: addDays(v('igf_legal_deadline'), lit.int(k + 1)),
      explain: { es: (x) => `${x.f.date(x.value)}.`, en: (x) => `${x.f.date(x.value)}.` },
    }),
  );
}

/**
 * The first working day on or after the regulation's deadline: not a Saturday or Sunday and not a
 * listed holiday, looking at most NON_WORKING_DAYS days ahead, nearest first.
 */
function firstWorkingDay(holidays: readonly string[]): Expr {
  const works = (d: Expr) =>
    and(cmp(isoWeekday(d), '<', lit.int(6)), ...holidays.map((h) => not(eq(d, lit.date(h)))));
  let result = v(candidateName(NON_WORKING_DAYS));
  for (let n = NON_WORKING_DAYS - 1; n >= 0; n--)
    result = iff(works(v(candidateName(n))), v(candidateName(n)), result);
  return result;
}

/** The rate or descuento of the bracket the net fortune falls in (none when not taxable). */
function bracketVariable(
  name: string,
  field: 'rate' | 'descuento',
  type: 'int' | 'money',
  label: { es: string; en: string },
): VariableDef {
  return defineVariable({
    name,
    entity: 'declaration',
    type,
    nullable: true,
    label,
    reads: { variables: ['igf_taxable', 'igf_net_fortune_centavos'], parameters: ['igf_brackets'] },
    formula: iff(
      v('igf_taxable'),
      param('igf_brackets', (rows: Bracket[]) =>
        rows.reduce<Expr>(
          (otherwise, r) =>
            iff(
              cmp(v('igf_net_fortune_centavos'), '>', lit.money(r.over)),
              field === 'rate' ? lit.int(r.rate) : lit.money(r.descuento),
              otherwise,
            ),
          lit.null(type),
        ),
      ),
      lit.null(type),
    ),
    explain: {
      es: (x) => {
        const b = bracketOf(x);
        if (!b) return 'Sin tramo: no está sujeto al impuesto.';
        return `Fortuna neta mayor a ${x.f.money(b.over)}: alícuota ${x.f.percent(b.rate)}, descuento ${x.f.money(b.descuento)}.`;
      },
      en: (x) => {
        const b = bracketOf(x);
        if (!b) return 'No bracket: not liable to the tax.';
        return `Net fortune over ${x.f.money(b.over)}: rate ${x.f.percent(b.rate)}, descuento ${x.f.money(b.descuento)}.`;
      },
    },
  });
}

function bracketOf(x: ExplainContext): Bracket | undefined {
  if (!x.v('igf_taxable')) return undefined;
  const net = x.v('igf_net_fortune_centavos') as bigint;
  return x
    .p<Bracket[]>('igf_brackets')
    .filter((r) => net > r.over)
    .pop();
}

const MONEY = { t: 'money' } as const;
const OPTIONAL_MONEY = { t: 'money', nullable: true } as const;

/**
 * The wealth-tax programme. Its parameters are those in force on 31 December of the declared
 * fortune's year (Ley 1357 Art. 5), whatever the evaluation date.
 *
 * @example evaluate(bind(igf, igfBindOptions(facts, '2021-04-15')), facts).value('igf_tax_centavos')
 */
export const igf = defineProgramme({
  name: 'igf',
  title: { es: 'Impuesto a las Grandes Fortunas', en: 'Wealth tax (Impuesto a las Grandes Fortunas)' },
  root: 'declaration',
  entities: {
    declaration: {
      name: 'declaration',
      collections: { assets: 'asset', debts: 'debt' },
      attributes: {
        fortune_year: { t: 'int', label: { es: 'gestión', en: 'fortune year' } },
        days_in_bolivia_last_12_months: {
          t: 'int',
          label: { es: 'días en Bolivia en 12 meses', en: 'days in Bolivia within 12 months' },
        },
        tax_paid_centavos: { ...MONEY, label: { es: 'monto pagado', en: 'amount paid' } },
        paid_on: { t: 'date', nullable: true, label: { es: 'fecha de pago', en: 'date paid' } },
      },
    },
    asset: {
      name: 'asset',
      parent: 'declaration',
      attributes: {
        description: { t: 'text', label: { es: 'descripción', en: 'description' } },
        category: { t: 'text', label: { es: 'categoría', en: 'category' } },
        location: { t: 'text', label: { es: 'ubicación', en: 'location' } },
        ownership: { t: 'text', label: { es: 'titularidad', en: 'ownership' } },
        currency: { t: 'text', label: { es: 'moneda', en: 'currency' } },
        exchange_rate: {
          t: 'text',
          nullable: true,
          label: { es: 'tipo de cambio oficial', en: 'official exchange rate' },
        },
        declared_amount: {
          t: 'text',
          nullable: true,
          label: { es: 'monto declarado en su moneda', en: 'amount declared in its currency' },
        },
        market_value_centavos: { ...MONEY, label: { es: 'valor de mercado', en: 'market value' } },
        locally_admitted_value_centavos: {
          ...OPTIONAL_MONEY,
          label: { es: 'valor admitido en el país del bien', en: 'value admitted where the asset is' },
        },
        ufv_updated_cost_centavos: {
          ...OPTIONAL_MONEY,
          label: { es: 'costo actualizado por UFV', en: 'UFV-updated cost' },
        },
        property_tax_value_centavos: {
          ...OPTIONAL_MONEY,
          label: { es: 'valor para el impuesto a la propiedad', en: 'property-tax value' },
        },
      },
    },
    debt: {
      name: 'debt',
      parent: 'declaration',
      attributes: {
        description: { t: 'text', label: { es: 'descripción', en: 'description' } },
        lender: { t: 'text', label: { es: 'acreedor', en: 'lender' } },
        location: { t: 'text', label: { es: 'ubicación', en: 'location' } },
        ownership: { t: 'text', label: { es: 'titularidad', en: 'ownership' } },
        currency: { t: 'text', label: { es: 'moneda', en: 'currency' } },
        exchange_rate: {
          t: 'text',
          nullable: true,
          label: { es: 'tipo de cambio oficial', en: 'official exchange rate' },
        },
        outstanding_principal_centavos: {
          ...MONEY,
          label: { es: 'saldo de capital', en: 'outstanding principal' },
        },
      },
    },
  },
  parameters,
  variables,
  outputs: [
    'igf_resident',
    'igf_net_fortune_centavos',
    'igf_taxable',
    'igf_tax_centavos',
    'igf_filing_deadline',
    'igf_fine_centavos',
  ],
  parameterDate(attributes, evaluationDate: IsoDate): IsoDate {
    const day = parameters.value('igf_taxable_event_day', evaluationDate);
    return makeIsoDate(attributes['fortune_year']!, day.month, day.day)!;
  },
});
