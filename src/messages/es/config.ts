import type { ConfigFailure } from '../../shared/config.ts';
import type { Catalogue } from '../catalogue.ts';

/** Los fallos de configuración al arrancar, en castellano (estados: ../status/config.ts). */
export const CONFIG_ES: Catalogue<ConfigFailure> = {
  config_invalid: {
    title: 'Una variable de entorno no es válida.',
    detail: (f) => `La variable de entorno ${f.variable} no es válida: ${f.problem}. Corríjala o quítela.`,
  },
  clock_backwards: {
    title:
      'AYNI_CLOCK es anterior al último cambio que registra esta base de datos: su reloj nunca retrocede más allá de lo registrado.',
    detail: (f) =>
      `AYNI_CLOCK=${f.requested} es anterior al último cambio que registra esta base de datos (${f.latestChangeAt}): su reloj nunca retrocede más allá de lo registrado. Quite AYNI_CLOCK para seguir desde donde está el reloj, o indique un instante posterior a ese cambio.`,
  },
};
