import { UserError } from '../shared/errors.ts';

/**
 * Expected failures of accounts, sessions and credentials, as values with a stable code. The HTTP
 * layer turns them into a status and a message in the reader's language; the CLI into a one-line
 * UserError.
 *
 * @example const failure: AccessFailure = { code: 'account_locked', retryAfterMs: 900_000 };
 */
export interface AccessFailure {
  code: AccessFailureCode;
  /** A name the message mentions: the unknown role, the username taken … never a secret. */
  detail?: string;
  /** For lock-outs: how long until another attempt is accepted. */
  retryAfterMs?: number;
}

type Lang = 'es' | 'en';

interface FailureText {
  status: 400 | 401 | 403 | 404 | 409 | 429;
  es: (f: AccessFailure) => string;
  en: (f: AccessFailure) => string;
}

function minutes(f: AccessFailure): number {
  return Math.max(1, Math.ceil((f.retryAfterMs ?? 0) / 60_000));
}

/** Codes, HTTP statuses and messages in Spanish and English. */
export const ACCESS_FAILURES = {
  invalid_credentials: {
    status: 401,
    es: () => 'Usuario o contraseña incorrectos.',
    en: () => 'Wrong username or password.',
  },
  account_locked: {
    status: 429,
    es: (f) =>
      `Demasiados intentos fallidos para este usuario. Vuelva a intentar en ${minutes(f)} minutos o pida a un administrador que desbloquee la cuenta.`,
    en: (f) =>
      `Too many failed attempts for this username. Try again in ${minutes(f)} minutes, or ask an administrator to unlock the account.`,
  },
  too_many_attempts: {
    status: 429,
    es: (f) =>
      `Demasiados intentos fallidos desde esta dirección. Vuelva a intentar en ${minutes(f)} minutos.`,
    en: (f) => `Too many failed attempts from this address. Try again in ${minutes(f)} minutes.`,
  },
  session_expired: {
    status: 401,
    es: () => 'Su sesión terminó. Ingrese de nuevo.',
    en: () => 'Your session has ended. Please sign in again.',
  },
  authentication_required: {
    status: 401,
    es: () => 'Debe ingresar para usar esta función.',
    en: () => 'You must sign in to use this.',
  },
  csrf_mismatch: {
    status: 403,
    es: () =>
      'La solicitud no trae el código de seguridad de su sesión. Recargue la página e intente de nuevo.',
    en: () => 'The request lacks your session’s security token. Reload the page and try again.',
  },
  forbidden: {
    status: 403,
    es: (f) => `Su rol no permite esta acción${f.detail ? ` (${f.detail})` : ''}.`,
    en: (f) => `Your role does not allow this${f.detail ? ` (${f.detail})` : ''}.`,
  },
  username_invalid: {
    status: 400,
    es: () =>
      'El nombre de usuario debe tener de 3 a 64 caracteres: letras minúsculas, cifras, punto, guion o guion bajo, y empezar con una letra.',
    en: () =>
      'A username has 3 to 64 characters — lower-case letters, digits, dot, dash or underscore — and starts with a letter.',
  },
  username_taken: {
    status: 409,
    es: (f) => `Ya existe una cuenta con el usuario ${f.detail}.`,
    en: (f) => `An account named ${f.detail} already exists.`,
  },
  display_name_invalid: {
    status: 400,
    es: () => 'El nombre para mostrar no puede estar vacío ni pasar de 200 caracteres.',
    en: () => 'The display name must not be empty or longer than 200 characters.',
  },
  password_too_short: {
    status: 400,
    es: (f) => `La contraseña debe tener al menos ${f.detail} caracteres.`,
    en: (f) => `The password must have at least ${f.detail} characters.`,
  },
  password_too_long: {
    status: 400,
    es: (f) => `La contraseña no puede pasar de ${f.detail} caracteres.`,
    en: (f) => `The password must not be longer than ${f.detail} characters.`,
  },
  password_equals_username: {
    status: 400,
    es: () => 'La contraseña no puede ser igual al nombre de usuario.',
    en: () => 'The password must not be the username.',
  },
  password_blank: {
    status: 400,
    es: () =>
      'La contraseña no puede ser solo espacios. Elija tres o cuatro palabras que recuerde, separadas por espacios.',
    en: () =>
      'The password must not be only spaces. Choose three or four words you will remember, separated by spaces.',
  },
  password_one_character: {
    status: 400,
    es: () =>
      'La contraseña no puede ser un solo carácter repetido (como «aaaaaaaaaaaa»). Elija tres o cuatro palabras que recuerde, separadas por espacios.',
    en: () =>
      'The password must not be one character repeated (like "aaaaaaaaaaaa"). Choose three or four words you will remember, separated by spaces.',
  },
  password_common: {
    status: 400,
    es: () =>
      'Esta contraseña está en la lista de contraseñas más usadas y filtradas, que un atacante prueba primero. Elija otra: tres o cuatro palabras que recuerde, separadas por espacios.',
    en: () =>
      'This password is on the list of the most used and leaked passwords, which an attacker tries first. Choose another: three or four words you will remember, separated by spaces.',
  },
  no_roles: {
    status: 400,
    es: () => 'Indique al menos un rol.',
    en: () => 'Give at least one role.',
  },
  unknown_role: {
    status: 400,
    es: (f) => `No existe el rol ${f.detail}.`,
    en: (f) => `There is no role ${f.detail}.`,
  },
  role_not_for_accounts: {
    status: 400,
    es: (f) => `El rol ${f.detail} es para credenciales de sistemas, no para cuentas de personas.`,
    en: (f) => `The role ${f.detail} is for system credentials, not for officer accounts.`,
  },
  role_not_for_credentials: {
    status: 400,
    es: (f) => `El rol ${f.detail} es para cuentas de personas, no para credenciales de sistemas.`,
    en: (f) => `The role ${f.detail} is for officer accounts, not for system credentials.`,
  },
  account_not_found: {
    status: 404,
    es: (f) => `No existe la cuenta ${f.detail}.`,
    en: (f) => `There is no account ${f.detail}.`,
  },
  organisation_invalid: {
    status: 400,
    es: (f) =>
      `La organización ${f.detail} no es válida: un banco se identifica por su BIC (p. ej. BUNIBOLX); otra institución, por un código en mayúsculas.`,
    en: (f) =>
      `The organisation ${f.detail} is not valid: a bank is named by its BIC (e.g. BUNIBOLX), another institution by an upper-case code.`,
  },
  credential_not_found: {
    status: 404,
    es: (f) => `No existe la credencial ${f.detail}.`,
    en: (f) => `There is no credential ${f.detail}.`,
  },
  credential_already_revoked: {
    status: 409,
    es: (f) => `La credencial ${f.detail} ya fue revocada.`,
    en: (f) => `The credential ${f.detail} is already revoked.`,
  },
} as const satisfies Record<string, FailureText>;

export type AccessFailureCode = keyof typeof ACCESS_FAILURES;

/**
 * The message of a failure in one language.
 *
 * @example accessFailureMessage({ code: 'forbidden', detail: 'rounds.approve' }, 'es')
 *   // 'Su rol no permite esta acción (rounds.approve).'
 */
export function accessFailureMessage(failure: AccessFailure, lang: Lang): string {
  const text: FailureText = ACCESS_FAILURES[failure.code];
  return text[lang](failure);
}

/** The HTTP status for a failure. @example accessFailureStatus({ code: 'csrf_mismatch' }) // 403 */
export function accessFailureStatus(failure: AccessFailure): number {
  return ACCESS_FAILURES[failure.code].status;
}

/**
 * The failure as a UserError (English message), for the CLI.
 *
 * @example if (!result.ok) throw accessUserError(result.error);
 */
export function accessUserError(failure: AccessFailure): UserError {
  return new UserError(failure.code, accessFailureMessage(failure, 'en'), { ...failure });
}
