/**
 * La página de avance de un trabajo en segundo plano (importaciones, creación de rondas,
 * exportación de depósitos): una sola página, con las palabras de cada clase de trabajo. Un
 * trabajo que aún no informó su avance muestra su primer paso real: empezó en cuanto fue admitido.
 */
export const JOBS_PAGE_ES = {
  refresh: 'Esta página se actualiza sola cada 2 segundos.',
  imports: {
    title: 'Avance de la importación',
    head: (file: string, kind: string, who: string, when: string) => `${file} — ${kind} (${who}, ${when})`,
    phases: {
      survey: 'Revisando el archivo',
      load: 'Leyendo y validando filas',
      merge: 'Incorporando al registro',
    },
    bytes: 'Leído',
    rowsRead: 'Filas leídas',
    failed: 'La importación falló y el registro quedó como estaba.',
    internal: 'Ocurrió un error interno. Si se repite, avise a la mesa de ayuda.',
    interrupted:
      'La importación se interrumpió: el servidor se detuvo antes de que terminara. Una importación es una sola transacción: no quedó nada de ella. Vuelva a importar el archivo.',
    gone: 'No hay ningún avance en esta dirección: las importaciones terminadas se olvidan al cabo de un tiempo. Vea la lista de importaciones.',
    back: 'Volver a las importaciones',
    /** A file whose first line is not the header expected: what it must be, and what it holds. */
    header: {
      expected:
        'La primera línea del archivo debe ser su encabezado: los nombres de las columnas, separados por comas, exactamente así:',
      missing: 'Faltan estas columnas:',
      order: 'Están todas las columnas, pero en otro orden.',
      found: (file: string, names: string, firstShown: string) =>
        `La primera línea de ${file} tiene ${names}${firstShown ? `; los primeros ${firstShown}` : ''}:`,
      names: { one: 'nombre', other: 'nombres' },
      more: (count: string) => `y ${count} más.`,
    },
  },
  rounds: {
    title: 'Creando la ronda',
    failedTitle: 'Crear una ronda',
    head: (asOf: string, who: string, when: string) => `Ronda del ${asOf} — iniciada por ${who}, ${when}`,
    steps: {
      'reading the registry state': 'Leyendo el estado del registro',
      'applying the rules to the registry': 'Aplicando las reglas del bono a cada persona del registro',
      'computing control totals and the content hash':
        'Calculando los totales de control y la huella del contenido',
    },
    refresh:
      'Esta página se actualiza sola cada 2 segundos; al terminar lleva a la ronda. En todo el país tarda uno o dos minutos.',
    failed: 'No se pudo crear la ronda',
    internal: 'Ocurrió un error interno y la ronda no se creó. Si se repite, avise a la mesa de ayuda.',
    interrupted:
      'La creación se interrumpió: el servidor se detuvo antes de que terminara. Una ronda se crea en una sola transacción, así que no se creó. Créela de nuevo.',
    gone: 'No hay ningún avance en esta dirección: las creaciones terminadas se olvidan al cabo de un tiempo. Vea la lista de rondas: una ronda creada figura en ella.',
    backToForm: 'Volver al formulario',
    back: 'Volver a las rondas',
  },
  exports: {
    title: 'Generando los archivos de depósito',
    titleOfRound: (round: string) => `Generando los archivos de depósito — Ronda ${round}`,
    head: (who: string, when: string) => `Iniciado por ${who}, ${when}`,
    /** Before its first report an export may be completing an interrupted one or counting: neither is named yet. */
    starting: 'Preparando la exportación…',
    phases: {
      recovering: 'Completando los archivos de una exportación interrumpida',
      counting: 'Contando los derechos por depósito de la ronda',
      reserving: 'Reservando los depósitos en el libro mayor y escribiendo los archivos',
      validating: 'Registrando cada archivo',
      done: 'Terminando',
    },
    phaseAtBank: (phase: string, bic: string) => `${phase} (${bic})`,
    done: 'Examinados',
    of: 'de',
    xsd: 'Validación contra el esquema XSD',
    yes: 'sí',
    no: 'no',
    refresh: 'Esta página se actualiza sola cada 2 segundos; al terminar lleva a los archivos de la ronda.',
    failed: 'No se pudieron generar los archivos',
    failedBody:
      'Los depósitos que ya hubieran quedado reservados figuran en un archivo incompleto, que la próxima exportación completa.',
    internal: 'Ocurrió un error interno. Si se repite, avise a la mesa de ayuda.',
    interrupted:
      'La generación se interrumpió: el servidor se detuvo antes de que terminara. Genere los archivos de nuevo.',
    gone: 'No hay ningún avance en esta dirección: las exportaciones terminadas se olvidan al cabo de un tiempo. Los archivos generados figuran en los depósitos de la ronda.',
    back: 'Volver a los depósitos de la ronda',
  },
};
