import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { describeUnmatchedReason } from '../../messages/index.ts';
import { csvExportLine } from '../../shared/csv.ts';
import type { Lang } from '../../shared/lang.ts';

/** Lines are sent in pieces of about this many characters. */
const SEND_CHARS = 64 * 1024;

/** A line of the list: the line in the reply (or nothing), the reason code, then the EndToEndId. */
const ROW = /^(\d*),([a-z_]+),/;

/**
 * The lines of an unmatched list with each reason code worded in the reader's language; the
 * header and the EndToEndIds (already neutralised when written) pass as they are.
 *
 * @example for await (const text of wordedUnmatchedList(file, 'es')) out.write(text);
 */
export async function* wordedUnmatchedList(filePath: string, lang: Lang): AsyncGenerator<string> {
  const lines = createInterface({
    input: createReadStream(filePath, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let text = '';
  for await (const line of lines) {
    const row = ROW.exec(line);
    text += row
      ? `${row[1]},${csvExportLine([describeUnmatchedReason(row[2]!, lang)])},${line.slice(row[0].length)}\n`
      : `${line}\n`;
    if (text.length >= SEND_CHARS) {
      yield text;
      text = '';
    }
  }
  if (text !== '') yield text;
}

/**
 * Sends a bank reply's unmatched list (the file holds reason codes) as an attachment, its reasons
 * in the reader's language; streamed, so a list of millions of lines is never held in memory.
 */
export function sendUnmatchedList(c: Context, filePath: string, lang: Lang, downloadName: string): Response {
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${downloadName}"`);
  return c.body(Readable.toWeb(Readable.from(wordedUnmatchedList(filePath, lang))) as ReadableStream);
}
