import type { PAGES_ES } from '../../es/pages/index.ts';
import type { Messages } from '../../page-catalogue.ts';
import { ACCESS_PAGES_EN } from './access.ts';
import { ACTORS_EN } from './actors.ts';
import { BACKOFFICE_EN } from './backoffice.ts';
import { CASES_PAGES_EN } from './cases.ts';
import { CERTIFICATES_PAGES_EN } from './certificates.ts';
import { COMMON_EN } from './common.ts';
import { DEPOSITS_PAGE_EN } from './deposits.ts';
import { GRIEVANCES_EN } from './grievances.ts';
import { IDENTITY_PAGES_EN } from './identity.ts';
import { JOBS_PAGE_EN } from './jobs.ts';
import { PORTAL_EN } from './portal.ts';
import { REGISTRY_PAGES_EN } from './registry.ts';
import { REGISTRY_STATUS_EN } from './registry-status.ts';
import { ROUNDS_PAGE_EN } from './rounds.ts';
import { RULE_TRACE_EN } from './rule-trace.ts';
import { TRANSPARENCY_EN } from './transparency.ts';
import { VACCINATION_PAGES_EN } from './vaccination.ts';
import { WEALTH_TAX_PAGES_EN } from './wealth-tax.ts';

/** The pages' words in English, area by area. */
export const PAGES_EN: Messages<typeof PAGES_ES> = {
  common: COMMON_EN,
  certificates: CERTIFICATES_PAGES_EN,
  registryStatus: REGISTRY_STATUS_EN,
  backoffice: BACKOFFICE_EN,
  actors: ACTORS_EN,
  access: ACCESS_PAGES_EN,
  jobs: JOBS_PAGE_EN,
  portal: PORTAL_EN,
  rounds: ROUNDS_PAGE_EN,
  deposits: DEPOSITS_PAGE_EN,
  grievances: GRIEVANCES_EN,
  identity: IDENTITY_PAGES_EN,
  registry: REGISTRY_PAGES_EN,
  transparency: TRANSPARENCY_EN,
  vaccination: VACCINATION_PAGES_EN,
  wealthTax: WEALTH_TAX_PAGES_EN,
  ruleTrace: RULE_TRACE_EN,
  cases: CASES_PAGES_EN,
};
