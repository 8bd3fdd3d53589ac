/**
 * The addresses of the case files' pages (issue #21): the investigator's under /oficina/casos, the
 * public version under /casos. An investigation's code is upper-case letters, digits and hyphens
 * (src/cases), so it goes into a path as it is.
 */

export const CASES_OFFICE = '/oficina/casos';
export const CASES_PUBLIC = '/casos';

/** @example casePath('SINT-2019-SACABA-SENKATA') // '/oficina/casos/SINT-2019-SACABA-SENKATA' */
export const casePath = (code: string) => `${CASES_OFFICE}/${code}`;

/** @example itemPath('GIEI-2019', 7n) // '/oficina/casos/GIEI-2019/evidencia/7' */
export const itemPath = (code: string, id: bigint) => `${casePath(code)}/evidencia/${id}`;

/** The restricted viewer of an item. */
export const viewerPath = (code: string, id: bigint) => `${itemPath(code, id)}/visor`;

/** The bytes of an item (each request is an access in its custody log). */
export const contentPath = (code: string, id: bigint) => `${itemPath(code, id)}/contenido`;

/** @example publicCasePath('GIEI-2019') // '/casos/GIEI-2019' */
export const publicCasePath = (code: string) => `${CASES_PUBLIC}/${code}`;

/** @example analysisPath('GIEI-2019') // '/oficina/casos/GIEI-2019/analisis' */
export const analysisPath = (code: string) => `${casePath(code)}/analisis`;

/** The transparency portal's list of published case files. */
export const PUBLISHED_CASES = '/transparencia/casos';
