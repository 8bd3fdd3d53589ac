import { parseIsoDate } from '../shared/dates.ts';
import { checkIdentity, type IdentityFormat } from './identity.ts';

/**
 * The source lists other institutions send, each a full snapshot identifying persons by
 * (ci_number, complemento, date_of_birth) plus list-specific columns (docs/formats.md).
 */
export interface ExtraColumn {
  name: string;
  sqlType: string;
  /** Normalised value or an error message. */
  check(raw: string): { value: string } | { error: string };
}

export interface SourceListDefinition {
  /** Name used on the command line and in `import_run.kind`. */
  name: string;
  /** The registry's own table, which only the registry reads and writes. */
  table: string;
  /**
   * The view other domains read the list through (the registry's published read model, migration
   * 0040): import_id, person_id and the list's own columns, every snapshot.
   */
  view: string;
  institution: string;
  titleEs: string;
  titleEn: string;
  extra: readonly ExtraColumn[];
  /**
   * Where the snapshot in force is kept on the person's row (migration 0065, ADR 0017): its bits
   * of `person.source_list_flags`, read by a preview instead of joining the list.
   */
  flags: ListFlags;
}

/**
 * A list's bits of `person.source_list_flags`: one bit for a member, or one per value of the coded
 * column a formula filters on (every member has exactly one of them); and, if a formula compares a
 * date column of the list, the person's column that keeps the member's value of it. The bit
 * numbers are fixed: migration 0065 backfilled them, and the column means them.
 */
export type ListFlags =
  | { readonly bit: number; readonly date?: ListFlagDate }
  | {
      readonly column: string;
      readonly bits: Readonly<Record<string, number>>;
      readonly date?: ListFlagDate;
    };

/** A list's date column kept on the person's row. */
export interface ListFlagDate {
  readonly column: string;
  readonly personColumn: string;
}

function oneOf(name: string, allowed: readonly string[], aliases: Record<string, string> = {}): ExtraColumn {
  return {
    name,
    sqlType: 'text',
    check(raw) {
      const v = raw
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_');
      const value = aliases[v] ?? v;
      return allowed.includes(value)
        ? { value }
        : { error: `${name} "${raw}" must be one of ${allowed.join(', ')}` };
    },
  };
}

function pattern(name: string, re: RegExp, what: string, transform = (s: string) => s): ExtraColumn {
  return {
    name,
    sqlType: 'text',
    check(raw) {
      const value = transform(raw.trim());
      return re.test(value) ? { value } : { error: `${name} "${raw}" must be ${what}` };
    },
  };
}

const period: ExtraColumn = {
  name: 'last_contribution_period',
  sqlType: 'date',
  check(raw) {
    const v = raw.trim();
    const d = /^\d{4}-\d{2}$/.test(v) ? parseIsoDate(`${v}-01`) : undefined;
    return d ? { value: d } : { error: `last_contribution_period "${raw}" must be a month YYYY-MM` };
  },
};

export const SOURCE_LISTS: readonly SourceListDefinition[] = [
  {
    name: 'bono-universal',
    table: 'source_bono_universal',
    view: 'registry_list_bono_universal',
    institution: 'Ministerio de Economía y Finanzas Públicas',
    titleEs: 'Beneficiarios del Bono Universal (2020)',
    titleEn: 'Bono Universal (2020) beneficiaries',
    extra: [],
    flags: { bit: 0 },
  },
  {
    name: 'juana-azurduy',
    table: 'source_juana_azurduy',
    view: 'registry_list_juana_azurduy',
    institution: 'Ministerio de Salud y Deportes',
    titleEs: 'Madres beneficiarias del Bono Juana Azurduy',
    titleEn: 'Bono Juana Azurduy mothers',
    extra: [],
    flags: { bit: 1 },
  },
  {
    name: 'disability',
    table: 'source_disability',
    view: 'registry_list_disability',
    institution: 'SIPRUNPCD (Ministerio de Salud y Deportes)',
    titleEs: 'Registro de personas con discapacidad (SIPRUNPCD)',
    titleEn: 'Disability registry (SIPRUNPCD)',
    extra: [
      oneOf('degree', ['leve', 'moderada', 'grave', 'muy_grave']),
      oneOf('disability_type', [
        'fisica_motora',
        'visual',
        'auditiva',
        'intelectual',
        'mental_psiquica',
        'multiple',
      ]),
    ],
    flags: { column: 'degree', bits: { leve: 2, moderada: 3, grave: 4, muy_grave: 5 } },
  },
  {
    name: 'ibc-blind',
    table: 'source_ibc_blind',
    view: 'registry_list_ibc_blind',
    institution: 'Instituto Boliviano de la Ceguera',
    titleEs: 'Registro del Instituto Boliviano de la Ceguera (Bono de Indigencia)',
    titleEn: 'Bolivian Institute for the Blind registry (Bono de Indigencia)',
    extra: [
      pattern('ibc_number', /^[0-9A-Z-]{1,20}$/, 'up to 20 letters, digits or dashes', (s) =>
        s.toUpperCase(),
      ),
    ],
    flags: { bit: 6 },
  },
  {
    name: 'sip-independent',
    table: 'source_sip_independent',
    view: 'registry_list_sip_independent',
    institution: 'Gestora Pública de la Seguridad Social de Largo Plazo',
    titleEs: 'Asegurados independientes del SIP',
    titleEn: 'SIP independent insured persons',
    extra: [pattern('nua', /^[0-9]{4,12}$/, 'the NUA/CUA, 4 to 12 digits')],
    flags: { bit: 7 },
  },
  {
    name: 'afp-dependent',
    table: 'source_afp_dependent',
    view: 'registry_list_afp_dependent',
    institution: 'Gestora Pública / AFP',
    titleEs: 'Asegurados dependientes y consultores con aportes',
    titleEn: 'Dependent insured persons and consultants with contributions',
    extra: [
      oneOf('contributor_type', ['dependiente', 'consultor']),
      oneOf('sector', ['publico', 'privado'], { público: 'publico' }),
      period,
    ],
    flags: {
      column: 'contributor_type',
      bits: { dependiente: 8, consultor: 9 },
      date: { column: 'last_contribution_period', personColumn: 'afp_last_contribution_period' },
    },
  },
  {
    name: 'death-pension-survivors',
    table: 'source_death_pension_survivor',
    view: 'registry_list_death_pension_survivors',
    institution: 'Gestora Pública de la Seguridad Social de Largo Plazo',
    titleEs: 'Derechohabientes de primer y segundo grado (pensiones por muerte)',
    titleEn: 'First- and second-degree death-pension survivors',
    extra: [
      {
        name: 'survivor_degree',
        sqlType: 'smallint',
        check: (raw) =>
          raw.trim() === '1' || raw.trim() === '2'
            ? { value: raw.trim() }
            : { error: `survivor_degree "${raw}" must be 1 or 2` },
      },
    ],
    flags: { column: 'survivor_degree', bits: { 1: 10, 2: 11 } },
  },
  {
    name: 'pension-recipients',
    table: 'source_pension_recipient',
    view: 'registry_list_pension_recipients',
    institution: 'Gestora Pública de la Seguridad Social de Largo Plazo',
    titleEs: 'Perceptores de renta o pensión de la seguridad social de largo plazo',
    titleEn: 'Long-term social security pension (renta) recipients',
    extra: [
      oneOf('pension_type', [
        'vejez',
        'invalidez',
        'muerte',
        'riesgo_profesional',
        'renta_dignidad_contributiva',
      ]),
    ],
    flags: {
      column: 'pension_type',
      bits: { vejez: 12, invalidez: 13, muerte: 14, riesgo_profesional: 15, renta_dignidad_contributiva: 16 },
    },
  },
  {
    name: 'bono-familia',
    table: 'source_bono_familia',
    view: 'registry_list_bono_familia',
    institution: 'Ministerio de Educación',
    titleEs: 'Beneficiarios y cobradores del Bono Familia',
    titleEn: 'Bono Familia beneficiaries and collectors',
    extra: [oneOf('role', ['beneficiario', 'cobrador'])],
    flags: { column: 'role', bits: { beneficiario: 17, cobrador: 18 } },
  },
  {
    name: 'bank-accounts',
    table: 'source_bank_account',
    view: 'registry_list_bank_accounts',
    institution: 'Entidades de intermediación financiera (ASFI)',
    titleEs: 'Cuentas unipersonales registradas',
    titleEn: 'Registered single-holder bank accounts',
    extra: [
      pattern('bank_bic', /^[A-Z]{4}BO[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'a Bolivian BIC (e.g. BUNIBOLX)', (s) =>
        s.toUpperCase(),
      ),
      pattern('account_number', /^[0-9]{6,20}$/, '6 to 20 digits', (s) => s.replace(/[\s-]/g, '')),
    ],
    flags: { bit: 19 },
  },
];

export const SOURCE_LIST_BY_NAME: ReadonlyMap<string, SourceListDefinition> = new Map(
  SOURCE_LISTS.map((l) => [l.name, l]),
);

export function sourceListHeader(list: SourceListDefinition): string[] {
  return ['ci_number', 'complemento', 'date_of_birth', ...list.extra.map((c) => c.name)];
}

/**
 * Validates one row of a source list: identity triple then the list's own columns.
 *
 * @example validateSourceRow(list, format, '2026-01-01', ['4567890', '', '1980-05-01', 'grave', 'visual'])
 */
export function validateSourceRow(
  list: SourceListDefinition,
  format: IdentityFormat,
  asOf: string,
  f: readonly string[],
): string[] | string {
  const id = checkIdentity(format, f[0] ?? '', f[1] ?? '');
  if (typeof id === 'string') return id;
  const dobRaw = (f[2] ?? '').trim();
  const dob = parseIsoDate(dobRaw);
  if (!dob) return `date_of_birth "${dobRaw}" is not a valid date YYYY-MM-DD`;
  if (dob > asOf) return `date_of_birth ${dob} is after the import date ${asOf}`;
  const out = [id.ciNumber, id.complemento, dob];
  for (let i = 0; i < list.extra.length; i++) {
    const r = list.extra[i]!.check(f[3 + i] ?? '');
    if ('error' in r) return r.error;
    out.push(r.value);
  }
  return out;
}
