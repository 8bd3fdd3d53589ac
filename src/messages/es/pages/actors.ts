/**
 * Quién hizo algo, en palabras (src/audit/actor.ts): un funcionario por su nombre, y si la oficina
 * no lo conoce, su cuenta; una credencial, la consola del servidor o ayni mismo, dichos así.
 */
export const ACTORS_ES = {
  system: 'ayni (proceso automático)',
  account: (username: string) => `la cuenta ${username}`,
  credential: (id: string) => `el sistema con la credencial ${id}`,
  /** A credential of an organisation the office knows: a bank by its name, else by its code. */
  organisation: (name: string) => `el sistema de ${name}`,
  cli: (user: string) => `la consola del servidor (usuario ${user})`,
  unknown: 'desconocido',
  /** A credential the office no longer lists. */
  unknownCredential: 'una credencial que ya no existe',
  none: '—',
};
