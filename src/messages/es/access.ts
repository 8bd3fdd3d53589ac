import type { AccessFailure } from '../../access/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Accounts, sessions, credentials and signing in at the command line: their failures in Spanish (statuses: ../status/access.ts). */

/** Whole minutes until a lock-out ends, at least one. */
function minutes(f: { readonly retryAfterMs: number }): number {
  return Math.max(1, Math.ceil(f.retryAfterMs / 60_000));
}

export const ACCESS_ES: Catalogue<AccessFailure> = {
  invalid_credentials: { title: 'Usuario o contraseña incorrectos.' },
  account_locked: {
    title: 'Usuario bloqueado por intentos fallidos.',
    detail: (f) =>
      `Demasiados intentos fallidos para este usuario. Vuelva a intentar en ${minutes(f)} minutos o pida a un administrador que desbloquee la cuenta.`,
  },
  too_many_attempts: {
    title: 'Demasiados intentos fallidos desde esta dirección.',
    detail: (f) =>
      `Demasiados intentos fallidos desde esta dirección. Vuelva a intentar en ${minutes(f)} minutos.`,
  },
  session_expired: { title: 'Su sesión terminó. Ingrese de nuevo.' },
  authentication_required: { title: 'Debe ingresar para usar esta función.' },
  csrf_mismatch: {
    title: 'La solicitud no trae el código de seguridad de su sesión. Recargue la página e intente de nuevo.',
  },
  forbidden: {
    title: 'Su rol no permite esta acción.',
    detail: (f) => {
      if ('ownCredentialsOnly' in f)
        return `${f.who} solo puede revocar sus propias credenciales personales (${f.permission} revoca cualquiera).`;
      if ('who' in f)
        return `${f.who} (roles ${f.roles.join(', ') || 'ninguno'}) no tiene el permiso ${f.permission}.`;
      return `Su rol no permite esta acción (${f.permission}).`;
    },
  },
  username_invalid: {
    title:
      'El nombre de usuario debe tener de 3 a 64 caracteres: letras minúsculas, cifras, punto, guion o guion bajo, y empezar con una letra.',
  },
  username_taken: {
    title: 'Ya existe una cuenta con ese usuario.',
    detail: (f) => `Ya existe una cuenta con el usuario ${f.username}.`,
  },
  username_reserved: {
    title: 'Ese nombre de usuario está reservado.',
    detail: (f) =>
      `«${f.username}» es una palabra de las direcciones de la oficina y no puede ser un nombre de usuario; elija otro.`,
  },
  last_administrator: {
    title: 'Es la última cuenta de administración habilitada.',
    detail: (f) =>
      `La cuenta ${f.username} es la única habilitada que puede administrar cuentas: sin ella nadie podría crear cuentas ni dar roles. Dé primero el rol de administrador de cuentas a otra persona.`,
  },
  display_name_invalid: { title: 'El nombre para mostrar no puede estar vacío ni pasar de 200 caracteres.' },
  password_too_short: {
    title: 'La contraseña es demasiado corta.',
    detail: (f) => `La contraseña debe tener al menos ${f.minLength} caracteres.`,
  },
  password_too_long: {
    title: 'La contraseña es demasiado larga.',
    detail: (f) => `La contraseña no puede pasar de ${f.maxLength} caracteres.`,
  },
  password_equals_username: { title: 'La contraseña no puede ser igual al nombre de usuario.' },
  password_blank: {
    title:
      'La contraseña no puede ser solo espacios. Elija tres o cuatro palabras que recuerde, separadas por espacios.',
  },
  password_one_character: {
    title:
      'La contraseña no puede ser un solo carácter repetido (como «aaaaaaaaaaaa»). Elija tres o cuatro palabras que recuerde, separadas por espacios.',
  },
  password_common: {
    title:
      'Esta contraseña está en la lista de contraseñas más usadas y filtradas, que un atacante prueba primero. Elija otra: tres o cuatro palabras que recuerde, separadas por espacios.',
  },
  no_roles: { title: 'Indique al menos un rol.' },
  unknown_role: {
    title: 'No existe ese rol.',
    detail: (f) => `No existe el rol ${f.role}.`,
  },
  role_not_for_accounts: {
    title: 'Ese rol es para credenciales de sistemas.',
    detail: (f) => `El rol ${f.role} es para credenciales de sistemas, no para cuentas de personas.`,
  },
  role_not_for_credentials: {
    title: 'Ese rol es para cuentas de personas.',
    detail: (f) => `El rol ${f.role} es para cuentas de personas, no para credenciales de sistemas.`,
  },
  account_not_found: {
    title: 'No existe esa cuenta.',
    detail: (f) => `No existe la cuenta ${f.username}.`,
  },
  organisation_invalid: {
    title: 'La organización no es válida.',
    detail: (f) =>
      `La organización ${f.organisation} no es válida: un banco se identifica por su BIC (p. ej. BUNIBOLX); otra institución, por un código en mayúsculas.`,
  },
  credential_not_found: {
    title: 'No existe esa credencial.',
    detail: (f) => `No existe la credencial ${f.credentialId}.`,
  },
  credential_already_revoked: {
    title: 'La credencial ya fue revocada.',
    detail: (f) => `La credencial ${f.credentialId} ya fue revocada.`,
  },
  password_input: {
    title: 'No se pudo leer la contraseña.',
    detail: (f) => {
      switch (f.problem) {
        case 'too_long':
          return 'La entrada estándar es demasiado larga para contener contraseñas.';
        case 'missing':
          return `Falta ${f.username === undefined ? 'la contraseña nueva' : `la contraseña de ${f.username}`} en la entrada estándar.`;
        case 'not_a_terminal':
          return 'La entrada estándar no es una terminal: envíe la contraseña por la entrada estándar y agregue --password-stdin.';
        case 'differ':
          return 'Las dos contraseñas no coinciden; no se cambió nada.';
      }
    },
  },
  sign_in_required: {
    title: 'Esta orden necesita que un funcionario ingrese.',
    detail: (f) =>
      'username' in f
        ? `Ingrese para ejecutar esta orden: escriba la contraseña de ${f.username} en una terminal, envíela con --password-stdin o defina AYNI_CREDENTIAL con una credencial personal.`
        : `Esta orden necesita que ingrese un funcionario${f.permission ? ` con el permiso ${f.permission}` : ''}: defina AYNI_CREDENTIAL con su credencial personal, o indique --officer USUARIO y escriba su contraseña en una terminal (o envíela con --password-stdin).`,
  },
  credential_invalid: {
    title:
      'AYNI_CREDENTIAL no es una credencial válida (desconocida, revocada o de una cuenta deshabilitada). Quítela para ingresar con su contraseña.',
  },
  credential_not_officer: {
    title: 'AYNI_CREDENTIAL no ingresa como el funcionario que indica --officer.',
    detail: (f) =>
      `AYNI_CREDENTIAL ingresa como ${f.signsInAs}, no como ${f.officer}: quite --officer o AYNI_CREDENTIAL.`,
  },
  credential_needs_password: {
    title:
      'Una credencial personal se emite solo a un funcionario que ingresó con su contraseña: quite AYNI_CREDENTIAL.',
  },
  credential_kind: {
    title: 'Indique --org CÓDIGO --roles ROLES (credencial de una organización) o --personal (la suya).',
  },
  credential_roles: { title: '--org necesita --roles (p. ej. --roles bank).' },
  no_administrator: {
    title:
      'Todavía no existe un administrador: cree el primero con --roles administrator y luego ingrese con esa cuenta para crear las demás.',
  },
};
