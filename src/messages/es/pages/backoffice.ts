/** El marco de la oficina y sus páginas de sesión: ingreso, salida e inicio. */
export const BACKOFFICE_ES = {
  frame: {
    office: 'Oficina',
    home: 'Inicio',
    signedInAs: 'Sesión de',
    signOut: 'Salir',
    windowTitle: (title: string) => `${title} · Oficina · ayni`,
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
  /** The screens of the home page and the navigation, by their key in SCREENS (backoffice.page.ts). */
  screens: {
    registry: {
      title: 'Registro',
      description: 'Buscar una persona por CI y ver en qué listas de otras instituciones figura.',
    },
    imports: {
      title: 'Importaciones',
      description: 'Importar archivos de personas o de listas y seguir su avance; importaciones anteriores.',
    },
    lists: {
      title: 'Listas',
      description:
        'La versión vigente de cada lista de otras instituciones: importación, fecha y cantidad de personas.',
    },
    identities: {
      title: 'Identidades',
      description:
        'Filas de listas que casi nombran a una persona y personas inscritas dos veces: comparar, decidir y fusionar con control dual.',
    },
    rounds: {
      title: 'Rondas',
      description: 'Crear, revisar y aprobar rondas de pago; seguir el avance de los pagos.',
    },
    deposits: {
      title: 'Depósitos',
      description:
        'Archivos de depósito para los bancos y conciliación de sus respuestas (pain.002, camt.054).',
    },
    grievances: {
      title: 'Reclamos',
      description: 'La cola de reclamos con su antigüedad, la traza de la regla y las decisiones.',
    },
    vaccination: {
      title: 'Vacunación',
      description:
        'Puntos de vacunación y su día (llegadas, fila, dosis, cierre), existencias, traslados, alertas y cobertura.',
    },
    wealthTax: {
      title: 'Impuesto a las Grandes Fortunas',
      description:
        'Contribuyentes, sus declaraciones y liquidaciones con su explicación, saldos, pagos y avisos.',
    },
    wealthTaxRepresentation: {
      title: 'Contribuyentes que represento',
      description:
        'Presentar y rectificar la declaración jurada y ver la liquidación, el saldo y los avisos de los contribuyentes que le dieron mandato.',
    },
    cases: {
      title: 'Expedientes',
      description:
        'Las investigaciones de Sacaba y Senkata en cuyo equipo está: hechos, personas, evidencia con su cadena de custodia.',
    },
  },
  home: {
    title: 'Oficina',
    intro: 'Las secciones que su rol le permite usar:',
    nothing:
      'Su rol no tiene secciones en la oficina. Si cree que es un error, pida a un administrador que revise sus roles.',
  },
};
