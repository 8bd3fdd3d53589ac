import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../shared/failure.ts';
import type { RegistryFailure } from '../registry.failures.ts';

/**
 * Reading the bulk text files institutions send: one pass to fingerprint the file and detect its
 * encoding, then a streaming pass that yields decoded lines in batches with their line numbers.
 * Memory stays constant whatever the file size.
 */

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface FileSurvey {
  sizeBytes: number;
  sha256: string;
  encoding: TextEncoding;
  /** Human-readable account of how the encoding was decided, for the import summary. */
  encodingNote: string;
  hasBom: boolean;
}

const READ_CHUNK_BYTES = 1 << 20;
const LF = 0x0a;

/**
 * Hashes the file and decides its encoding. Blocks of non-ASCII text are checked for UTF-8: a file
 * with invalid UTF-8 and no valid non-ASCII UTF-8 at all is Latin-1 (read as Windows-1252, its
 * superset), and is converted; a file with both is UTF-8 with some bad lines, which the import
 * rejects one by one. UTF-16 is refused (`file_utf16`, whose words say how to fix it), a file that
 * is not there is `file_not_found`.
 *
 * @example const survey = await surveyFile('persons.csv', 'auto'); if (survey.ok) survey.value.sha256;
 */
export async function surveyFile(
  filePath: string,
  forced: 'auto' | TextEncoding,
): Promise<Result<FileSurvey, RegistryFailure>> {
  const size = await stat(filePath).then(
    (s) => s.size,
    () => undefined,
  );
  if (size === undefined) return fail({ code: 'file_not_found', filePath });
  const hash = createHash('sha256');
  let first = true;
  let hasBom = false;
  /** Blocks or lines with non-ASCII text that is valid UTF-8, and lines that are not. */
  let validNonAsciiBlocks = 0;
  let invalidBlocks = 0;
  let carry: Buffer | undefined;
  // A block of valid UTF-8 counts as valid; a block with a bad line is looked at line by line, so
  // one Latin-1 line among UTF-8 ones does not make the whole file Latin-1.
  const classify = (block: Buffer) => {
    if (block.length === 0 || isAscii(block)) return;
    if (isUtf8(block)) {
      validNonAsciiBlocks++;
      return;
    }
    let start = 0;
    while (start < block.length) {
      let end = block.indexOf(LF, start);
      if (end === -1) end = block.length;
      const line = block.subarray(start, end);
      if (!isAscii(line)) {
        if (isUtf8(line)) validNonAsciiBlocks++;
        else invalidBlocks++;
      }
      start = end + 1;
    }
  };
  for await (const raw of createReadStream(filePath, {
    highWaterMark: READ_CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    hash.update(raw);
    if (first) {
      first = false;
      // Returning ends the loop, which closes the stream.
      if ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff))
        return fail({ code: 'file_utf16', fileName: path.basename(filePath) });
      hasBom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
    }
    // Classify whole lines only, so a multi-byte character is never cut in two.
    const chunk = carry ? Buffer.concat([carry, raw]) : raw;
    const lastLf = chunk.lastIndexOf(LF);
    const body = lastLf === -1 ? chunk.subarray(0, 0) : chunk.subarray(0, lastLf + 1);
    carry = lastLf === -1 ? chunk : chunk.subarray(lastLf + 1);
    classify(body);
  }
  if (carry) classify(carry);
  const sha256 = hash.digest('hex');
  if (forced !== 'auto') {
    return ok({
      sizeBytes: size,
      sha256,
      encoding: forced,
      encodingNote: `${forced} (as requested)`,
      hasBom,
    });
  }
  if (invalidBlocks > 0 && validNonAsciiBlocks === 0 && !hasBom) {
    return ok({
      sizeBytes: size,
      sha256,
      encoding: 'windows-1252',
      encodingNote: 'Latin-1 (Windows-1252) detected: no valid UTF-8 accents found; converted to UTF-8',
      hasBom,
    });
  }
  return ok({
    sizeBytes: size,
    sha256,
    encoding: 'utf-8',
    encodingNote:
      invalidBlocks > 0
        ? 'UTF-8, with some lines not valid UTF-8 (those lines are rejected)'
        : hasBom
          ? 'UTF-8 with byte-order mark'
          : 'UTF-8',
    hasBom,
  });
}

/** One physical line of the file. `text` is undefined when the bytes are not valid in the encoding. */
export interface LineBatch {
  /** Line number (1-based) of `lines[0]`. */
  firstLineNumber: number;
  lines: string[];
  /** Indexes into `lines` whose bytes were not valid UTF-8; their text is shown decoded as Latin-1. */
  invalid: Set<number> | undefined;
  bytesRead: number;
}

const windows1252 = new TextDecoder('windows-1252');

function decodeLines(
  body: Buffer,
  encoding: TextEncoding,
): { lines: string[]; invalid: Set<number> | undefined } {
  if (encoding === 'windows-1252') return { lines: splitLines(windows1252.decode(body)), invalid: undefined };
  if (isUtf8(body)) return { lines: splitLines(body.toString('utf8')), invalid: undefined };
  // Slow path, only for blocks that hold a bad line: decode line by line to find the culprits.
  const lines: string[] = [];
  const invalid = new Set<number>();
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(LF, start);
    if (end === -1) end = body.length;
    const bytes = body.subarray(start, end);
    if (isUtf8(bytes)) lines.push(stripCr(bytes.toString('utf8')));
    else {
      invalid.add(lines.length);
      lines.push(stripCr(windows1252.decode(bytes)));
    }
    start = end + 1;
  }
  return { lines, invalid };
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/**
 * Streams the file as batches of decoded lines (about 1 MiB each), with a byte-order mark removed.
 *
 * @example for await (const batch of readLineBatches('persons.csv', 'utf-8')) { … }
 */
export async function* readLineBatches(filePath: string, encoding: TextEncoding): AsyncGenerator<LineBatch> {
  let carry: Buffer | undefined;
  let lineNumber = 1;
  let bytesRead = 0;
  let first = true;
  for await (const raw of createReadStream(filePath, {
    highWaterMark: READ_CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    bytesRead += raw.length;
    let chunk = carry ? Buffer.concat([carry, raw]) : raw;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf === -1) {
      carry = chunk;
      continue;
    }
    carry = chunk.subarray(lastLf + 1);
    const { lines, invalid } = decodeLines(chunk.subarray(0, lastLf + 1), encoding);
    yield { firstLineNumber: lineNumber, lines, invalid, bytesRead };
    lineNumber += lines.length;
  }
  if (carry && carry.length > 0) {
    const { lines, invalid } = decodeLines(carry, encoding);
    yield { firstLineNumber: lineNumber, lines, invalid, bytesRead };
  }
}
