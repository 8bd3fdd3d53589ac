/** El marco de la oficina y sus páginas de sesión: ingreso, salida e inicio. */
export const BACKOFFICE_ES = {
  frame: {
    office: 'Oficina',
    home: 'Inicio',
    signedInAs: 'Sesión de',
    signOut: 'Salir',
    windowTitle: (title: string) => `${title} · Oficina`,
  },
  signIn: {
    title: 'Ingresar a la oficina',
    username: 'Usuario',
    password: 'Contraseña',
    submit: 'Ingresar',
    missingUser: 'Escriba su usuario.',
    missingPassword: 'Escriba su contraseña.',
    signedOut: 'Salió de la oficina',
    signedOutBody: 'Para volver, ingrese de nuevo.',
    expired: 'Su sesión terminó',
    expiredBody: 'Ingrese de nuevo para continuar.',
    refused: 'No pudo ingresar',
    already: 'Ya ingresó como',
    alreadyMore: 'Puede ir al inicio o ingresar con otra cuenta.',
    goHome: 'Ir al inicio',
  },
  home: {
    title: 'Oficina',
    intro: 'Las secciones que su rol le permite usar:',
    nothing:
      'Su rol no tiene secciones en la oficina. Si cree que es un error, pida a un administrador que revise sus roles.',
  },
};
