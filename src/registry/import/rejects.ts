import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { csvLine } from '../../shared/csv.ts';

/**
 * The rejects file: one CSV line per refused row with its line number in the source file, the
 * reason, and the row as it was read, so the sender can fix and resend exactly those rows.
 */
export class RejectsFile {
  private stream: WriteStream | undefined;
  count = 0;

  constructor(readonly filePath: string) {}

  async open(): Promise<void> {
    await mkdir(path.dirname(this.filePath), { recursive: true });
    this.stream = createWriteStream(this.filePath, { encoding: 'utf8' });
    this.stream.write('line,reason,content\n');
  }

  /** Appends rejects; waits when the disk is slower than the reader. */
  async add(rows: ReadonlyArray<{ line: number | bigint; reason: string; content: string }>): Promise<void> {
    if (rows.length === 0) return;
    const s = this.stream;
    if (!s) throw new Error('rejects file not open');
    let text = '';
    for (const r of rows) text += csvLine([String(r.line), r.reason, r.content]) + '\n';
    this.count += rows.length;
    if (!s.write(text)) await once(s, 'drain');
  }

  async close(): Promise<void> {
    const s = this.stream;
    if (!s) return;
    this.stream = undefined;
    s.end();
    await once(s, 'finish');
  }
}
