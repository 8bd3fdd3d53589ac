import type { Permission } from '../../access/index.ts';
import { OFFICE } from '../backoffice/backoffice.page.ts';

/**
 * The addresses of the vaccination pages of the back office (`/oficina/vacunacion`), for links and
 * redirects; the routes are defined relative to `/oficina`.
 */
export const VACCINATION_OFFICE = `${OFFICE}/vacunacion`;

/** A site's pages. @example sitePath('lp-umsa', 'dosis') // '/oficina/vacunacion/puntos/lp-umsa/dosis' */
export function sitePath(
  site: string,
  page?:
    | 'llegadas'
    | 'atencion'
    | 'retiros'
    | 'dosis'
    | 'cierre'
    | 'existencias'
    | 'citas'
    | 'segundas-dosis',
) {
  return `${VACCINATION_OFFICE}/puntos/${encodeURIComponent(site)}${page ? `/${page}` : ''}`;
}

export const SEDES_PAGES = {
  stock: `${VACCINATION_OFFICE}/existencias`,
  transfers: `${VACCINATION_OFFICE}/traslados`,
  alerts: `${VACCINATION_OFFICE}/alertas`,
  coverage: `${VACCINATION_OFFICE}/cobertura`,
} as const;

/** The SEDES pages of the vaccination home, each shown to readers holding its permission. */
export const SEDES_LINKS: readonly { page: keyof typeof SEDES_PAGES; permission: Permission }[] = [
  { page: 'stock', permission: 'vaccination.read' },
  { page: 'transfers', permission: 'vaccination.stock' },
  { page: 'alerts', permission: 'vaccination.read' },
  { page: 'coverage', permission: 'vaccination.read' },
];
