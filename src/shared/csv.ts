/**
 * Minimal, fast CSV (RFC 4180) for the bulk files ayni reads and writes: comma-separated, fields
 * quoted with `"` when they contain a comma or a quote, `""` for a quote inside a quoted field.
 * Quoted fields may not span lines: no field in ayni's formats can contain a line break, and
 * refusing them lets the reader count physical lines, which is what a rejects file reports.
 *
 * Two writers: `csvLine` writes fields exactly, for files ayni itself reads back (COPY input, the
 * synthetic country); `csvExportLine` is for every file people open — rejects files, the
 * transparency CSVs, reports — and neutralises cells a spreadsheet would run as a formula.
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

/**
 * A cell's first character that makes a spreadsheet read it as a formula (OWASP CSV injection,
 * ASVS 1.2.10): = + - @, tab, carriage return, line feed, NUL, and their full-width forms, which
 * spreadsheets with East Asian input convert to the ASCII ones.
 */
const FORMULA_START = /^[=+\-@\t\r\n\0\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A number as ayni writes one (`-12.50`, `7`): a spreadsheet reads it as a number, and nothing
 * after the sign can make it a formula, so a negative amount stays a number.
 */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A field of a CSV file people open: a cell that a spreadsheet would evaluate (`=HYPERLINK(…)`,
 * `+1+1`, `@SUM(A1)`) gets a single quote in front, which spreadsheets take as "this is text", and
 * is quoted (OWASP's rule); a plain number is left as it is. Every cell is treated the same
 * whoever wrote it: a rule per column would be forgotten the day a column starts carrying input.
 *
 * @example csvExportField('=1+1') // `"'=1+1"`; csvExportField('-12.50') // '-12.50'
 */
export function csvExportField(value: string): string {
  if (!FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return csvField(value);
  return `"'${value.replace(/"/g, '""')}"`;
}

/** Joins fields into one line of a CSV file people open (without the line break); see csvExportField. */
export function csvExportLine(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += ',';
    out += csvExportField(fields[i] as string);
  }
  return out;
}
