import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { csvExportLine } from '../shared/csv.ts';
import { openPrivateFile } from '../shared/private-files.ts';

/** Unmatched EndToEndIds kept in memory for the result, the page and the audit trail. */
export const UNMATCHED_LISTED = 100;

/** Lines are written in pieces of about this many characters. */
const WRITE_CHARS = 64 * 1024;

/**
 * The file listing every unmatched status of a bank reply import.
 *
 * @example unmatchedListPath('data/status-imports', 42) // 'data/status-imports/status-import-42-unmatched.csv'
 */
export function unmatchedListPath(dir: string, importId: number): string {
  return path.join(dir, `status-import-${importId}-unmatched.csv`);
}

/** The unmatched list of an earlier import, if it was written and is still there. */
export async function existingUnmatchedList(
  dir: string | undefined,
  importId: number,
): Promise<string | null> {
  if (dir === undefined) return null;
  const file = unmatchedListPath(dir, importId);
  return (await stat(file).catch(() => null))?.isFile() ? file : null;
}

/**
 * The statuses of a bank reply that match no deposit ayni sent. A reply about another file, or a
 * hostile one, can name millions of ids (a 200 MB reply held in memory took 799 MB): they are
 * counted, the first 100 EndToEndIds kept in memory, and — given a file — every one written as it
 * is read, in the rejects file's layout (`line,reason,content`: the line in the reply, why, the
 * EndToEndId as the bank wrote it). The ids come from outside, so the file goes through the CSV
 * writer that neutralises formulas, and it is private (0600, folders 0700). No file is written
 * when nothing is unmatched.
 *
 * @example
 *   const list = new UnmatchedList(unmatchedListPath(dir, importId));
 *   await list.add(120, 'B9F9P0000000009', 'no deposit ayni sent has this EndToEndId');
 *   const file = await list.close(); // the path, or null when nothing was unmatched
 */
export class UnmatchedList {
  count = 0;
  /** The first UNMATCHED_LISTED EndToEndIds (statuses that name none are counted, not listed). */
  readonly first: string[] = [];
  private text = '';
  private stream: Promise<WriteStream> | undefined;

  constructor(readonly filePath: string | undefined) {}

  async add(line: number | undefined, endToEndId: string, reason: string): Promise<void> {
    this.count++;
    if (endToEndId !== '' && this.first.length < UNMATCHED_LISTED) this.first.push(endToEndId);
    if (this.filePath === undefined) return;
    this.text += `${csvExportLine([line === undefined ? '' : String(line), reason, endToEndId])}\n`;
    if (this.text.length >= WRITE_CHARS) await this.write();
  }

  /** Writes what is left and closes the file; its path, or null when there is none. */
  async close(): Promise<string | null> {
    if (this.filePath === undefined || this.count === 0) return null;
    if (this.text !== '') await this.write();
    const stream = await this.stream!;
    stream.end();
    await once(stream, 'finish');
    return this.filePath;
  }

  /** Closes and removes the file: the import it belongs to was not recorded. */
  async discard(): Promise<void> {
    if (this.filePath === undefined) return;
    const stream = await this.stream?.catch(() => undefined);
    if (stream && !stream.destroyed) {
      stream.end();
      await once(stream, 'close').catch(() => undefined);
    }
    await rm(this.filePath, { force: true });
  }

  private async write(): Promise<void> {
    this.stream ??= this.open(this.filePath!);
    const stream = await this.stream;
    const text = this.text;
    this.text = '';
    // Waits when the disk is slower than the reader, so the text never piles up.
    if (!stream.write(text)) await once(stream, 'drain');
  }

  private async open(filePath: string): Promise<WriteStream> {
    const handle = await openPrivateFile(filePath, 'w');
    const stream = handle.createWriteStream({ encoding: 'utf8' });
    stream.write('line,reason,content\n');
    return stream;
  }
}
