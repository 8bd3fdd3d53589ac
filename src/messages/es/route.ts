import type { RouteFailure } from '../../routing/errors.ts';
import type { Catalogue } from '../catalogue.ts';

/** The route kit's failures in Spanish (statuses: ../status/route.ts). */
export const ROUTE_ES: Catalogue<RouteFailure> = {
  request_invalid: { title: 'La solicitud no es válida: revise los campos indicados.' },
  request_too_large: {
    title: 'La solicitud es demasiado grande.',
    detail: (f) => `La solicitud es demasiado grande: el límite es de ${kib(f.limitBytes)} KiB.`,
  },
  not_found: { title: 'No existe lo que busca en esta dirección.' },
  internal_error: {
    title:
      'Ocurrió un error interno. Intente de nuevo en unos minutos; si persiste, avise a la mesa de ayuda.',
  },
  database_unavailable: {
    title: 'En este momento el servicio no puede acceder a sus datos. Intente de nuevo en un minuto.',
  },
};

function kib(bytes: number): string {
  return new Intl.NumberFormat('es-BO', { maximumFractionDigits: 0 }).format(bytes / 1024);
}
