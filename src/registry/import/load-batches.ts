import { csvLine, splitCsvLine } from '../../shared/csv.ts';
import { UserError } from '../../shared/errors.ts';
import { importSpecFor } from './import-specs.ts';
import { readLineBatches, type TextEncoding } from './text-file.ts';

/** What the load worker needs to know: plain data only, it crosses a thread boundary. */
export interface LoadJob {
  kind: string;
  asOf: string;
  filePath: string;
  encoding: TextEncoding;
  mode: 'direct' | 'staged';
  /** Appended to each row in direct mode (the import id columns). */
  suffix: string;
  credits: number;
}

export interface RefusedRow {
  line: number;
  reason: string;
  content: string;
}

/** One batch of the file, validated: accepted rows as COPY-ready CSV bytes, refused rows with reasons. */
export interface LoadBatch {
  data: Uint8Array | undefined;
  refused: RefusedRow[];
  bytesRead: number;
  rowsRead: number;
  rowsCopied: number;
  blankLines: number;
}

export type WorkerMessage =
  | { type: 'batch'; batch: LoadBatch }
  | { type: 'done' }
  | { type: 'error'; message: string; code: string | undefined; stack: string | undefined };

/**
 * Validates the file batch by batch. Counts in each batch are deltas; the header (line 1) is
 * checked against the spec and never counted as a row.
 *
 * @example for await (const b of processBatches(job)) copy(b.data);
 */
export async function* processBatches(job: LoadJob): AsyncGenerator<LoadBatch> {
  const spec = importSpecFor(job.kind, job.asOf);
  const width = spec.header.length;
  let headerSeen = false;
  for await (const batch of readLineBatches(job.filePath, job.encoding)) {
    const out: string[] = [];
    const refused: RefusedRow[] = [];
    let rowsRead = 0;
    let blankLines = 0;
    for (let i = 0; i < batch.lines.length; i++) {
      const text = batch.lines[i] as string;
      const line = batch.firstLineNumber + i;
      if (!headerSeen) {
        headerSeen = true;
        checkHeader(spec.kind, spec.header, text, job.filePath);
        continue;
      }
      if (text.trim() === '') {
        blankLines++;
        continue;
      }
      rowsRead++;
      if (batch.invalid?.has(i)) {
        refused.push({
          line,
          reason: 'line is not valid UTF-8 (Latin-1 bytes in a UTF-8 file?)',
          content: text,
        });
        continue;
      }
      const fields = splitCsvLine(text);
      if (!fields) {
        refused.push({ line, reason: 'malformed quotes', content: text });
        continue;
      }
      if (fields.length !== width) {
        refused.push({ line, reason: `has ${fields.length} fields, expected ${width}`, content: text });
        continue;
      }
      const checked = spec.validate(fields);
      if (typeof checked === 'string') {
        refused.push({ line, reason: checked, content: text });
        continue;
      }
      // A clean row is already in normal form: reuse its text instead of writing it again.
      const body = sameFields(fields, checked) ? text : csvLine(checked);
      out.push(job.mode === 'staged' ? `${line},${body}\n` : `${body}${job.suffix}\n`);
    }
    yield {
      data: out.length > 0 ? Buffer.from(out.join(''), 'utf8') : undefined,
      refused,
      bytesRead: batch.bytesRead,
      rowsRead,
      rowsCopied: out.length,
      blankLines,
    };
  }
  if (!headerSeen)
    throw new UserError('import_empty_file', `${job.filePath} is empty: it has no header line.`);
}

function sameFields(raw: readonly string[], normal: readonly string[]): boolean {
  if (raw.length !== normal.length) return false;
  for (let i = 0; i < raw.length; i++) if (raw[i] !== normal[i]) return false;
  return true;
}

function checkHeader(kind: string, expected: readonly string[], text: string, filePath: string): void {
  const found = (splitCsvLine(text) ?? text.split(',')).map((h) => h.trim().toLowerCase());
  if (found.length === expected.length && found.every((h, i) => h === expected[i])) return;
  const missing = expected.filter((h) => !found.includes(h));
  const extra = found.filter((h) => !expected.includes(h));
  const detail = [
    missing.length ? `missing: ${missing.join(', ')}` : '',
    extra.length ? `unexpected: ${extra.join(', ')}` : '',
    !missing.length && !extra.length ? 'columns are in the wrong order' : '',
  ]
    .filter(Boolean)
    .join('; ');
  const name = filePath.split('/').pop();
  throw new UserError(
    'import_header_mismatch',
    `${name}: header does not match a ${kind} file (${detail}). Expected: ${expected.join(',')}`,
  );
}
