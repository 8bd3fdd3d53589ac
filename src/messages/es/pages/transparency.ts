import { TRANSPARENCY_FIGURES_ES } from './transparency-figures.ts';

/**
 * Las páginas públicas de transparencia (`/transparencia`, `/transparencia/bono`,
 * `/transparencia/registro`): títulos, navegación, notas y las leyendas de los gráficos. Los
 * títulos de cada cifra, sus columnas y sus filas están en ./transparency-figures.ts, que la
 * página y el archivo CSV comparten; la cifra publicada (src/transparency) solo lleva códigos.
 */
export const TRANSPARENCY_ES = {
  overviewTitle: 'Transparencia',
  bonoTitle: 'Bono Contra el Hambre',
  registryTitle: 'Registro de población y proyección del INE',
  nav: {
    label: 'Páginas de transparencia',
    overview: 'Resumen',
    bono: 'Bono Contra el Hambre',
    registry: 'Registro e INE',
    cases: 'Expedientes públicos',
  },
  intro:
    'Cifras agregadas de los programas de emergencia, para la ciudadanía y la prensa. Ninguna página muestra datos de personas.',
  /** When the figures were read: the day and time already written out. */
  asOf: (when: string) => `Cifras al ${when} (hora de Bolivia).`,
  showData: 'Ver los datos del gráfico en una tabla',
  /**
   * The name of a table's scrolling region: the section around it is already a region named by
   * the figure's title, and two landmarks must not share a name (axe: landmark-unique).
   */
  tableRegion: (title: string) => `Tabla de datos: ${title}`,
  download: 'Descargar CSV',
  /** Read after «Descargar CSV» by a screen reader, so each link names its chart. */
  downloadOf: (title: string) => ` — ${title}`,
  howToRead: 'Cómo leer estas cifras',
  smallMark:
    'un número de personas entre 1 y 4: no se publica, porque un grupo tan pequeño puede señalar a alguien; su monto tampoco.',
  withheldMark: 'una cifra reservada para que un número pequeño no pueda deducirse restando de un total.',
  zeroNote:
    'El cero sí se publica. Los días con menos de 5 pagos se agrupan con los siguientes. Los archivos CSV usan las mismas marcas, punto decimal y montos en bolivianos.',
  bonoIntro:
    'Pago único de Bs 1.000 (Ley 1330, DS 4392) a las personas habilitadas en las rondas de pago aprobadas. Una persona habilitada en más de una ronda se cuenta una vez, en la última.',
  noRounds: 'Todavía no hay ninguna ronda de pago aprobada.',
  roundsOpen: 'Hay rondas en periodo de cobro: las cifras cambian a medida que los bancos pagan.',
  roundsClosed: 'El periodo de cobro de todas las rondas terminó.',
  noPayments: 'Todavía no hay pagos.',
  dayHidden:
    'El total pagado es todavía demasiado pequeño para publicarlo, así que la serie diaria tampoco se dibuja.',
  unclaimedTitle: 'Lo que no se cobró',
  unclaimedNone:
    'Ninguna ronda llegó aún al fin de su periodo de cobro; lo no cobrado se cuenta al cierre, cuando el dinero vuelve a las líneas de financiamiento.',
  /** The dashed line of the running total: the persons eligible, already formatted. */
  eligibleLine: (count: string) => `Habilitadas: ${count}`,
  bars: {
    eligible: 'Habilitadas',
    paid: 'Pagadas',
    planned: 'Asignadas',
    unclaimed: 'No cobradas',
    registry: '% del registro',
    ine: '% del INE',
  },
  /** The chart's short label for the persons who collect after their age band's dates. */
  lateBand: 'Rezagados',
  seeBono: 'Ver los gráficos del bono',
  seeRegistry: 'Comparar por departamento',
  registryHeading: 'Registro de población',
  registryPersons: 'Personas con vida y residentes en Bolivia en el registro',
  ineTotal: (year: string) => `Proyección de población del INE ${year}`,
  registryIntro:
    'Personas con vida y residentes en Bolivia según el registro, por departamento de residencia, frente a la proyección de población del INE. La columna «Registro / INE» mide la cobertura del registro; las participaciones comparan cómo se reparte la población entre departamentos, lo que sirve también cuando el registro contiene solo una muestra del país, como en esta demostración.',
  registryCountedOn: (day: string) => `Registro contado al ${day}.`,
  /** Before the link to INE's publication; after it, its year and INE's note. */
  source: 'Fuente de las cifras del INE: ',
  sourceYear: (year: string, note: string) => ` (${year}). ${note}`,
  /** The published figures: titles, columns and row labels (./transparency-figures.ts). */
  figures: TRANSPARENCY_FIGURES_ES,
};
