import type { ImportSpec } from './import.types.ts';
import { personImportSpec } from './person.import.ts';
import { sourceImportSpec } from './source.import.ts';

/**
 * The import spec for a kind of file. The load worker rebuilds the spec from (kind, asOf) because
 * functions cannot cross thread boundaries.
 *
 * @example importSpecFor('persons', '2021-03-01').header[0] // 'ci_number'
 */
export function importSpecFor(kind: string, asOf: string): ImportSpec {
  return kind === 'persons' ? personImportSpec(asOf) : sourceImportSpec(kind, asOf);
}
