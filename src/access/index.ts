/** Accounts, roles, sessions and API credentials: other domains and interfaces import only from here. */

export type {
  AccessFailure,
  AccessFailureCode,
  AccountFailure,
  CliSignInFailure,
  CredentialFailure,
  ForbiddenFailure,
  PasswordInputProblem,
  PasswordPolicyFailure,
  SignInFailure,
} from './access.failures.ts';
export type { Access, AccessEnv, AccessOptions, AccessVariables } from './access.middleware.ts';
export { CSRF_FIELD, CSRF_HEADER, createAccess, requestLang } from './access.middleware.ts';
export { accessRoutes } from './access.routes.ts';
export type { AccessSettings, Argon2Parameters } from './access.settings.ts';
export { DEFAULT_ACCESS_SETTINGS } from './access.settings.ts';
export type { Account } from './account.service.ts';
export {
  createAccount,
  disableAccount,
  enableAccount,
  findAccount,
  listAccounts,
  normaliseUsername,
  setAccountPassword,
  setAccountRoles,
  unlockAccount,
} from './account.service.ts';
export type { Credential } from './credential.service.ts';
export {
  authenticateCredential,
  createCredential,
  createPersonalCredential,
  createPersonalCredentialWithPassword,
  listCredentials,
  revokeCredential,
} from './credential.service.ts';
export type { SignedIn } from './login.service.ts';
export { login } from './login.service.ts';
export { checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';
export type { Holder, Permission, Role } from './permissions.ts';
export {
  isPermission,
  isRole,
  PERMISSION_NAMES,
  permissionsOf,
  ROLE_NAMES,
  ROLES,
  roleGrants,
} from './permissions.ts';
export type { Principal } from './principal.ts';
export { accountUsername, can } from './principal.ts';
export type { ActiveSession } from './session.service.ts';
export { authenticateSession, csrfTokenMatches, logout } from './session.service.ts';
