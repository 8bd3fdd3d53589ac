import { assert } from '../../shared/assert.ts';
import { SOURCE_LIST_BY_NAME } from '../source-lists.ts';
import type { ImportSpec } from './import.types.ts';
import { personImportSpec } from './person.import.ts';
import { sourceListImportSpec } from './source.import.ts';

/**
 * The import spec for a kind of file. The load worker rebuilds the spec from (kind, asOf) because
 * functions cannot cross thread boundaries; the kind is that of a spec already made, so an unknown
 * one is a bug.
 *
 * @example importSpecFor('persons', '2021-03-01').header[0] // 'ci_number'
 */
export function importSpecFor(kind: string, asOf: string): ImportSpec {
  if (kind === 'persons') return personImportSpec(asOf);
  const list = SOURCE_LIST_BY_NAME.get(kind);
  assert(list !== undefined, `no import spec for the kind ${kind}`);
  return sourceListImportSpec(list, asOf);
}
