import { assert } from '../shared/assert.ts';

/**
 * JSON values as they survive a round trip through a `jsonb` column on both back ends. The audit
 * hash is computed over these, so an entry read back from the database hashes to the same value
 * it was written with.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Limits that keep one audit entry small and its serialisation bounded. */
const MAX_DEPTH = 32;
const MAX_SERIALISED_BYTES = 1024 * 1024;

/**
 * Turns what a caller wants to record into a plain JSON value: `bigint` becomes its decimal string
 * (jsonb numbers are not exact integers once read back into JavaScript), `Date` its ISO string,
 * `undefined` properties are dropped. Refuses what jsonb would store differently from what was
 * hashed: non-finite numbers, strings with NUL or unpaired surrogates, class instances.
 *
 * @example toAuditJson({ amountCentavos: 100_000n, at: new Date(0) })
 *   // { amountCentavos: '100000', at: '1970-01-01T00:00:00.000Z' }
 */
export function toAuditJson(value: unknown, depth = 0): JsonValue {
  assert(depth <= MAX_DEPTH, `audit value nested deeper than ${MAX_DEPTH} levels`);
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      assert(Number.isFinite(value), `audit value holds a non-finite number (${value})`);
      return value;
    case 'bigint':
      return value.toString();
    case 'string':
      return checkedString(value);
    case 'object':
      break;
    default:
      assert(false, `audit value holds a ${typeof value}, which JSON cannot carry`);
  }
  if (value instanceof Date) {
    assert(!Number.isNaN(value.getTime()), 'audit value holds an invalid Date');
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map((item) => {
      assert(item !== undefined, 'audit value holds undefined inside an array');
      return toAuditJson(item, depth + 1);
    });
  }
  const proto = Object.getPrototypeOf(value);
  assert(
    proto === Object.prototype || proto === null,
    'audit value holds an object that is not plain data (Map, Set, class instance)',
  );
  const entries: [string, JsonValue][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    entries.push([checkedString(key), toAuditJson(item, depth + 1)]);
  }
  return Object.fromEntries(entries);
}

/** With the `u` flag a surrogate range matches only surrogates that are not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function checkedString(text: string): string {
  // jsonb refuses U+0000, and an unpaired surrogate would not come back as it went in.
  assert(!text.includes('\u0000'), 'audit value holds a NUL character');
  assert(!LONE_SURROGATE.test(text), 'audit value holds an unpaired UTF-16 surrogate');
  return text;
}

/**
 * Serialises a JSON value canonically (the rules of RFC 8785, JSON Canonicalization Scheme):
 * object keys sorted by UTF-16 code units, no white space, numbers and strings as ECMAScript's
 * `JSON.stringify` writes them. Equal values always give equal text, whatever the key order in
 * which they were built or in which `jsonb` returns them.
 *
 * @example canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: JsonValue): string {
  const out = serialise(value);
  assert(out.length <= MAX_SERIALISED_BYTES, `audit value is larger than ${MAX_SERIALISED_BYTES} characters`);
  return out;
}

function serialise(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`;
  // Default sort compares UTF-16 code units, which is what RFC 8785 prescribes.
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${serialise(value[k] as JsonValue)}`).join(',')}}`;
}
