import type { AccessFailure } from '../access/index.ts';
import type { AuditFailure } from '../audit/index.ts';
import type { BonoFailure } from '../bono/index.ts';
import type { CasesFailure } from '../cases/index.ts';
import type { CertificatesFailure } from '../certificates/index.ts';
import type { DatabaseFailure } from '../db/database.failures.ts';
import type { Iso20022Failure } from '../interchange/iso20022/index.ts';
import type { JobsFailure } from '../jobs/index.ts';
import type { LedgerFailure } from '../ledger/index.ts';
import type { ParameterFailure } from '../parameters/index.ts';
import type { RegistryFailure } from '../registry/index.ts';
import type { RouteFailure } from '../routing/errors.ts';
import type { RulesFailure } from '../rules/index.ts';
import type { ConfigFailure } from '../shared/config.ts';
import type { Lang } from '../shared/lang.ts';
import type { SynthFailure } from '../synth/index.ts';
import type { VaccinationFailure } from '../vaccination/index.ts';
import type { WealthTaxFailure } from '../wealth-tax/index.ts';
import type { Catalogue, HttpStatus, Statuses, Words } from './catalogue.ts';
import type { CliFailure } from './cli.failures.ts';
import { ACCESS_EN } from './en/access.ts';
import { AUDIT_EN } from './en/audit.ts';
import { BONO_EN } from './en/bono.ts';
import { BONO_DEPOSITS_EN } from './en/bono-deposits.ts';
import { BONO_GRIEVANCES_EN } from './en/bono-grievances.ts';
import { BONO_ROUNDS_EN } from './en/bono-rounds.ts';
import { CASES_EN } from './en/cases.ts';
import { CERTIFICATES_EN } from './en/certificates.ts';
import { CLI_EN } from './en/cli.ts';
import { CONFIG_EN } from './en/config.ts';
import { DATABASE_EN } from './en/database.ts';
import { ISO20022_EN } from './en/iso20022.ts';
import { JOBS_EN } from './en/jobs.ts';
import { LEDGER_EN } from './en/ledger.ts';
import { PARAMETERS_EN } from './en/parameters.ts';
import { REGISTRY_EN } from './en/registry.ts';
import { ROUTE_EN } from './en/route.ts';
import { RULES_EN } from './en/rules.ts';
import { SYNTH_EN } from './en/synth.ts';
import { VACCINATION_EN } from './en/vaccination.ts';
import { WEALTH_TAX_EN } from './en/wealth-tax.ts';
import { ACCESS_ES } from './es/access.ts';
import { AUDIT_ES } from './es/audit.ts';
import { BONO_ES } from './es/bono.ts';
import { BONO_DEPOSITS_ES } from './es/bono-deposits.ts';
import { BONO_GRIEVANCES_ES } from './es/bono-grievances.ts';
import { BONO_ROUNDS_ES } from './es/bono-rounds.ts';
import { CASES_ES } from './es/cases.ts';
import { CERTIFICATES_ES } from './es/certificates.ts';
import { CLI_ES } from './es/cli.ts';
import { CONFIG_ES } from './es/config.ts';
import { DATABASE_ES } from './es/database.ts';
import { ISO20022_ES } from './es/iso20022.ts';
import { JOBS_ES } from './es/jobs.ts';
import { LEDGER_ES } from './es/ledger.ts';
import { PARAMETERS_ES } from './es/parameters.ts';
import { REGISTRY_ES } from './es/registry.ts';
import { ROUTE_ES } from './es/route.ts';
import { RULES_ES } from './es/rules.ts';
import { SYNTH_ES } from './es/synth.ts';
import { VACCINATION_ES } from './es/vaccination.ts';
import { WEALTH_TAX_ES } from './es/wealth-tax.ts';
import { ACCESS_STATUS } from './status/access.ts';
import { AUDIT_STATUS } from './status/audit.ts';
import { BONO_STATUS } from './status/bono.ts';
import { BONO_DEPOSITS_STATUS } from './status/bono-deposits.ts';
import { BONO_GRIEVANCES_STATUS } from './status/bono-grievances.ts';
import { BONO_ROUNDS_STATUS } from './status/bono-rounds.ts';
import { CASES_STATUS } from './status/cases.ts';
import { CERTIFICATES_STATUS } from './status/certificates.ts';
import { CLI_STATUS } from './status/cli.ts';
import { CONFIG_STATUS } from './status/config.ts';
import { DATABASE_STATUS } from './status/database.ts';
import { ISO20022_STATUS } from './status/iso20022.ts';
import { JOBS_STATUS } from './status/jobs.ts';
import { LEDGER_STATUS } from './status/ledger.ts';
import { PARAMETERS_STATUS } from './status/parameters.ts';
import { REGISTRY_STATUS } from './status/registry.ts';
import { ROUTE_STATUS } from './status/route.ts';
import { RULES_STATUS } from './status/rules.ts';
import { SYNTH_STATUS } from './status/synth.ts';
import { VACCINATION_STATUS } from './status/vaccination.ts';
import { WEALTH_TAX_STATUS } from './status/wealth-tax.ts';

/**
 * The one place where an expected failure becomes words and an HTTP status
 * (docs/adr/0009-one-failure-model.md). Domains return failures as values with a stable code and
 * typed fields; the interfaces — the HTTP API (RFC 9457 problem details), the pages, the CLI — ask
 * here for the failure's status and its words in the reader's language. The catalogues are typed
 * against the domains' failure unions, so a new code without its status or its words in every
 * language fails the typecheck.
 *
 * Adding a language is one folder (`src/messages/<lang>/`, a file per domain) and one entry in
 * `WORDS`; adding a domain is its status file, one words file per language, and its union here.
 */

export { type ApiWords, type OperationWords, operationWords } from './api.ts';
export {
  bankReplyWords,
  describeConflict,
  describeUnmatchedReason,
  reasonInWords,
  reasonLine,
  statusInWords,
} from './bank-replies.ts';
export { caseReportWords } from './case-report.ts';
export type { Catalogue, HttpStatus, Statuses, Words } from './catalogue.ts';
export type { CliFailure, RulesCommandFailure } from './cli.failures.ts';
// The pages' words and formatting (docs/adr/0011-pages-as-components.md): components read them here.
export {
  formatDate,
  formatInstant,
  formatMoney,
  formatNumber,
  formatPercent,
  LOCALES,
  type PluralForms,
  plural,
} from './format.ts';
export { legalSourceInSpanish, legalSourceInWords } from './legal-source.ts';
export { type Messages, type PageMessages, pageMessages } from './pages.ts';
export { requestIssuesInWords } from './request-issues.ts';
export { describeStatusNote } from './status-notes.ts';
export {
  claimCheckInWords,
  decisiveInSpanish,
  decisiveInWords,
  noticeWordsInSpanish,
} from './wealth-tax-words.ts';

/** Every expected failure ayni answers with. */
export type AnyFailure =
  | RouteFailure
  | AccessFailure
  | BonoFailure
  | JobsFailure
  | SynthFailure
  | AuditFailure
  | LedgerFailure
  | ConfigFailure
  | DatabaseFailure
  | RegistryFailure
  | ParameterFailure
  | RulesFailure
  | Iso20022Failure
  | VaccinationFailure
  | WealthTaxFailure
  | CertificatesFailure
  | CasesFailure
  | CliFailure;

/** Every code, with its HTTP status. */
const STATUS: Statuses<AnyFailure> = {
  ...ROUTE_STATUS,
  ...ACCESS_STATUS,
  ...BONO_STATUS,
  ...BONO_GRIEVANCES_STATUS,
  ...BONO_ROUNDS_STATUS,
  ...BONO_DEPOSITS_STATUS,
  ...JOBS_STATUS,
  ...SYNTH_STATUS,
  ...AUDIT_STATUS,
  ...LEDGER_STATUS,
  ...CONFIG_STATUS,
  ...DATABASE_STATUS,
  ...REGISTRY_STATUS,
  ...PARAMETERS_STATUS,
  ...RULES_STATUS,
  ...ISO20022_STATUS,
  ...VACCINATION_STATUS,
  ...WEALTH_TAX_STATUS,
  ...CERTIFICATES_STATUS,
  ...CASES_STATUS,
  ...CLI_STATUS,
};

/** Every code's words, per language. */
const WORDS: Record<Lang, Catalogue<AnyFailure>> = {
  es: {
    ...ROUTE_ES,
    ...ACCESS_ES,
    ...BONO_ES,
    ...BONO_GRIEVANCES_ES,
    ...BONO_ROUNDS_ES,
    ...BONO_DEPOSITS_ES,
    ...JOBS_ES,
    ...SYNTH_ES,
    ...AUDIT_ES,
    ...LEDGER_ES,
    ...CONFIG_ES,
    ...DATABASE_ES,
    ...REGISTRY_ES,
    ...PARAMETERS_ES,
    ...RULES_ES,
    ...ISO20022_ES,
    ...VACCINATION_ES,
    ...WEALTH_TAX_ES,
    ...CERTIFICATES_ES,
    ...CASES_ES,
    ...CLI_ES,
  },
  en: {
    ...ROUTE_EN,
    ...ACCESS_EN,
    ...BONO_EN,
    ...BONO_GRIEVANCES_EN,
    ...BONO_ROUNDS_EN,
    ...BONO_DEPOSITS_EN,
    ...JOBS_EN,
    ...SYNTH_EN,
    ...AUDIT_EN,
    ...LEDGER_EN,
    ...CONFIG_EN,
    ...DATABASE_EN,
    ...REGISTRY_EN,
    ...PARAMETERS_EN,
    ...RULES_EN,
    ...ISO20022_EN,
    ...VACCINATION_EN,
    ...WEALTH_TAX_EN,
    ...CERTIFICATES_EN,
    ...CASES_EN,
    ...CLI_EN,
  },
};

/** The codes a client of ayni may meet, in a stable order (the OpenAPI document lists them). */
export const FAILURE_CODES: readonly AnyFailure['code'][] = (
  Object.keys(STATUS) as AnyFailure['code'][]
).sort();

/** @example isFailureCode('already_paid') // true */
export function isFailureCode(code: string): code is AnyFailure['code'] {
  return Object.hasOwn(STATUS, code);
}

/** @example failureStatus({ code: 'already_paid' }) // 409 */
export function failureStatus(failure: AnyFailure): HttpStatus {
  return STATUS[failure.code as AnyFailure['code']];
}

/** The title of a code in one language: the kind of problem, the same for every occurrence. @example failureTitle('already_paid', 'en') */
export function failureTitle(code: AnyFailure['code'], lang: Lang): string {
  return WORDS[lang][code].title;
}

/** A failure in words: what kind of problem (`title`) and this occurrence of it (`detail`). */
export interface FailureText {
  status: HttpStatus;
  title: string;
  detail: string;
}

/**
 * The failure's status and words in one language.
 *
 * @example describeFailure({ code: 'forbidden', permission: 'rounds.approve' }, 'es')
 *   // { status: 403, title: 'Su rol no permite esta acción.', detail: 'Su rol no permite esta acción (rounds.approve).' }
 */
export function describeFailure(failure: AnyFailure, lang: Lang): FailureText {
  // The catalogue's type pairs each code with its own failure; indexed by a code known only at
  // run time, TypeScript sees the intersection of every message's parameter: widen it here, once.
  const words = WORDS[lang][failure.code as AnyFailure['code']] as Words<AnyFailure>;
  return {
    status: failureStatus(failure),
    title: words.title,
    detail: words.detail ? words.detail(failure) : words.title,
  };
}

/**
 * The failure's fields other than its code: the typed details an API answer carries as RFC 9457
 * extension members (a failure holds only what its reader may see: src/shared/failure.ts).
 *
 * @example failureFields({ code: 'account_locked', retryAfterMs: 60000 }) // { retryAfterMs: 60000 }
 */
export function failureFields(failure: AnyFailure): Record<string, unknown> {
  const { code: _code, ...fields } = failure as AnyFailure & Record<string, unknown>;
  return fields;
}
