/**
 * Las palabras que comparten todas las páginas: el marco (enlace para saltar, cabecera, cambio de
 * idioma, aviso de demostración, pie), los campos de formulario y la página de error. Este
 * catálogo en castellano define la forma que los demás idiomas deben tener (../../pages.ts).
 */
export const COMMON_ES = {
  /** The name of this language, in itself: the language switch of a page in another language shows it. */
  languageName: 'Español',
  frame: {
    skip: 'Saltar al contenido',
    nav: 'Principal',
    tagline: 'Programas de emergencia',
    /** The window title: the page's heading, then the site. */
    windowTitle: (title: string) => `${title} · ayni`,
    switchLabel: 'Ver esta página en otro idioma',
    footer: 'ayni — registro único para los programas de emergencia. Datos sintéticos de demostración.',
    /** The demo banner, when the clock is simulated: the day and time as a person reads them. */
    simulatedClock: (when: string) =>
      `Demostración con reloj simulado: ayni responde como si fuera el ${when} (hora de Bolivia).`,
  },
  form: {
    checkThese: 'Revise estos datos',
    day: 'Día',
    month: 'Mes',
    year: 'Año',
  },
  table: {
    /** Announced with a table that scrolls sideways inside its box on a narrow screen. */
    scrolls: 'La tabla se desplaza hacia los lados',
  },
  none: '—',
  errorPage: {
    titles: {
      400: 'Solicitud no válida',
      401: 'Debe ingresar',
      403: 'Acceso no permitido',
      404: 'Página no encontrada',
      409: 'No se pudo completar',
      413: 'Demasiado grande',
      422: 'No se pudo completar',
      429: 'Demasiados intentos',
      500: 'Error interno',
      503: 'Servicio ocupado',
    },
    code: 'Código',
    back: 'Volver al inicio',
  },
};
