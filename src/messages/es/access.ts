import type { AccessFailure } from '../../access/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Accounts, sessions and credentials: their failures in Spanish (statuses: ../status/access.ts). */

function minutes(f: AccessFailure): number {
  return Math.max(1, Math.ceil((f.retryAfterMs ?? 0) / 60_000));
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
    detail: (f) => `Su rol no permite esta acción${f.detail ? ` (${f.detail})` : ''}.`,
  },
  username_invalid: {
    title:
      'El nombre de usuario debe tener de 3 a 64 caracteres: letras minúsculas, cifras, punto, guion o guion bajo, y empezar con una letra.',
  },
  username_taken: {
    title: 'Ya existe una cuenta con ese usuario.',
    detail: (f) => `Ya existe una cuenta con el usuario ${f.detail}.`,
  },
  display_name_invalid: { title: 'El nombre para mostrar no puede estar vacío ni pasar de 200 caracteres.' },
  password_too_short: {
    title: 'La contraseña es demasiado corta.',
    detail: (f) => `La contraseña debe tener al menos ${f.detail} caracteres.`,
  },
  password_too_long: {
    title: 'La contraseña es demasiado larga.',
    detail: (f) => `La contraseña no puede pasar de ${f.detail} caracteres.`,
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
    detail: (f) => `No existe el rol ${f.detail}.`,
  },
  role_not_for_accounts: {
    title: 'Ese rol es para credenciales de sistemas.',
    detail: (f) => `El rol ${f.detail} es para credenciales de sistemas, no para cuentas de personas.`,
  },
  role_not_for_credentials: {
    title: 'Ese rol es para cuentas de personas.',
    detail: (f) => `El rol ${f.detail} es para cuentas de personas, no para credenciales de sistemas.`,
  },
  account_not_found: {
    title: 'No existe esa cuenta.',
    detail: (f) => `No existe la cuenta ${f.detail}.`,
  },
  organisation_invalid: {
    title: 'La organización no es válida.',
    detail: (f) =>
      `La organización ${f.detail} no es válida: un banco se identifica por su BIC (p. ej. BUNIBOLX); otra institución, por un código en mayúsculas.`,
  },
  credential_not_found: {
    title: 'No existe esa credencial.',
    detail: (f) => `No existe la credencial ${f.detail}.`,
  },
  credential_already_revoked: {
    title: 'La credencial ya fue revocada.',
    detail: (f) => `La credencial ${f.detail} ya fue revocada.`,
  },
};
