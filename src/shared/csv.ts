/**
 * Minimal, fast CSV (RFC 4180) for the bulk files ayni reads and writes: comma-separated, fields
 * quoted with `"` when they contain a comma or a quote, `""` for a quote inside a quoted field.
 * Quoted fields may not span lines: no field in ayni's formats can contain a line break, and
 * refusing them lets the reader count physical lines, which is what a rejects file reports.
 */

/**
 * Splits one CSV line into fields; returns `undefined` when quotes are malformed.
 *
 * @example splitCsvLine('a,"b, c",d') // ['a', 'b, c', 'd']
 */
export function splitCsvLine(line: string): string[] | undefined {
  if (line.indexOf('"') === -1) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) return undefined;
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (line.charCodeAt(i) !== 44 /* , */) return undefined;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? n : comma;
      const value = line.slice(i, end);
      if (value.indexOf('"') !== -1) return undefined;
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** Quotes a field when needed. @example csvField('a"b') // '"a""b"' */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Joins fields into one CSV line (without the line break). */
export function csvLine(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += ',';
    out += csvField(fields[i] as string);
  }
  return out;
}
