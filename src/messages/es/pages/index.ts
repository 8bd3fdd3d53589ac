import { ACCESS_PAGES_ES } from './access.ts';
import { ACTORS_ES } from './actors.ts';
import { BACKOFFICE_ES } from './backoffice.ts';
import { CASES_PAGES_ES } from './cases.ts';
import { CERTIFICATES_PAGES_ES } from './certificates.ts';
import { COMMON_ES } from './common.ts';
import { DEPOSITS_PAGE_ES } from './deposits.ts';
import { GRIEVANCES_ES } from './grievances.ts';
import { IDENTITY_PAGES_ES } from './identity.ts';
import { JOBS_PAGE_ES } from './jobs.ts';
import { PORTAL_ES } from './portal.ts';
import { REGISTRY_PAGES_ES } from './registry.ts';
import { REGISTRY_STATUS_ES } from './registry-status.ts';
import { ROUNDS_PAGE_ES } from './rounds.ts';
import { RULE_TRACE_ES } from './rule-trace.ts';
import { TRANSPARENCY_ES } from './transparency.ts';
import { VACCINATION_PAGES_ES } from './vaccination.ts';
import { WEALTH_TAX_PAGES_ES } from './wealth-tax.ts';

/** Las palabras de las páginas en castellano, por área: la forma que los otros idiomas siguen. */
export const PAGES_ES = {
  common: COMMON_ES,
  certificates: CERTIFICATES_PAGES_ES,
  registryStatus: REGISTRY_STATUS_ES,
  backoffice: BACKOFFICE_ES,
  actors: ACTORS_ES,
  access: ACCESS_PAGES_ES,
  jobs: JOBS_PAGE_ES,
  portal: PORTAL_ES,
  rounds: ROUNDS_PAGE_ES,
  deposits: DEPOSITS_PAGE_ES,
  grievances: GRIEVANCES_ES,
  identity: IDENTITY_PAGES_ES,
  registry: REGISTRY_PAGES_ES,
  transparency: TRANSPARENCY_ES,
  vaccination: VACCINATION_PAGES_ES,
  wealthTax: WEALTH_TAX_PAGES_ES,
  ruleTrace: RULE_TRACE_ES,
  cases: CASES_PAGES_ES,
};
