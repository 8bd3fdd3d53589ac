import path from 'node:path';
import { csvLine, splitCsvLine } from '../../shared/csv.ts';
import type { ImportHeaderMismatch, RegistryFailure } from '../registry.failures.ts';
import { ImportRefusal } from './import-refusal.ts';
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
  /** The file is refused: the failure value itself (plain data, it crosses the thread boundary). */
  | { type: 'refused'; failure: RegistryFailure }
  /** A bug in the worker. */
  | { type: 'error'; message: string; stack: string | undefined };

/**
 * Validates the file batch by batch. Counts in each batch are deltas; the header (line 1) is
 * checked against the spec and never counted as a row. A file without a header, or with the wrong
 * one, ends the generator with an ImportRefusal (./import-refusal.ts): the worker passes its failure
 * on as a `refused` message.
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
        const mismatch = headerMismatch(spec.kind, spec.header, text, job.filePath);
        if (mismatch) throw new ImportRefusal(mismatch);
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
    throw new ImportRefusal({ code: 'import_empty_file', fileName: path.basename(job.filePath) });
}

function sameFields(raw: readonly string[], normal: readonly string[]): boolean {
  if (raw.length !== normal.length) return false;
  for (let i = 0; i < raw.length; i++) if (raw[i] !== normal[i]) return false;
  return true;
}

/** How much of a wrong header an error shows: the first names, each cut short. */
const SHOWN_NAMES = 10;
const SHOWN_NAME_CHARS = 60;

/**
 * A name read from a file, fit to show in a message: control, format and unassigned characters
 * (what garbage bytes decode to) become U+FFFD, and a name over 60 characters is cut to 59 and "…".
 *
 * @example shownName('ci\u0000number') // 'ci\uFFFDnumber'
 */
export function shownName(name: string): string {
  const printable = name.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/gu, '\uFFFD');
  const chars = [...printable];
  return chars.length <= SHOWN_NAME_CHARS ? printable : `${chars.slice(0, SHOWN_NAME_CHARS - 1).join('')}…`;
}

/**
 * What is wrong with a first line that is not the expected header, or undefined when it is right.
 * The failure, which the back office shows and the import run records, stays short whatever the
 * line holds (a 1 MB "header", a binary file read as text): the first 10 names, each at most 60
 * printable characters, how many there were, and the header expected.
 */
function headerMismatch(
  kind: string,
  expected: readonly string[],
  text: string,
  filePath: string,
): ImportHeaderMismatch | undefined {
  const names = (splitCsvLine(text) ?? text.split(',')).map((h) => h.trim());
  const found = names.map((h) => h.toLowerCase());
  if (found.length === expected.length && found.every((h, i) => h === expected[i])) return undefined;
  const foundSet = new Set(found);
  const expectedSet = new Set(expected);
  const missing = expected.filter((h) => !foundSet.has(h));
  const unexpected = found.filter((h) => !expectedSet.has(h)).length;
  const wrongOrder = missing.length === 0 && unexpected === 0 && found.length === expected.length;
  return {
    code: 'import_header_mismatch',
    fileName: path.basename(filePath),
    kind,
    expected: [...expected],
    missing,
    unexpectedCount: unexpected,
    found: names.slice(0, SHOWN_NAMES).map(shownName),
    foundCount: names.length,
    wrongOrder,
  };
}
