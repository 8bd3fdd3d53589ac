import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { csvExportLine } from '../../shared/csv.ts';
import { openPrivateFile } from '../../shared/private-files.ts';

/**
 * The rejects file: one CSV line per refused row with its line number in the source file, the
 * reason, and the row as it was read, so the sender can fix and resend exactly those rows. Officers
 * open it in a spreadsheet, so a row that starts like a formula is written neutralised
 * (csvExportLine). It holds what the sender wrote (names, CI numbers): 0600, in folders made 0700.
 */
export class RejectsFile {
  private stream: WriteStream | undefined;
  count = 0;

  constructor(readonly filePath: string) {}

  async open(): Promise<void> {
    const handle = await openPrivateFile(this.filePath, 'w');
    this.stream = handle.createWriteStream({ encoding: 'utf8' });
    this.stream.write('line,reason,content\n');
  }

  /** Appends rejects; waits when the disk is slower than the reader. */
  async add(rows: ReadonlyArray<{ line: number | bigint; reason: string; content: string }>): Promise<void> {
    if (rows.length === 0) return;
    const s = this.stream;
    if (!s) throw new Error('rejects file not open');
    let text = '';
    for (const r of rows) text += csvExportLine([String(r.line), r.reason, r.content]) + '\n';
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
