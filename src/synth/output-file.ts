import type { FileHandle } from 'node:fs/promises';
import { assert } from '../shared/assert.ts';
import { openPrivateFile } from '../shared/private-files.ts';

/** Bytes buffered per file before they are handed to the operating system. */
export const CHUNK_BYTES = 1 << 20;
const LF = 0x0a;
/** Characters of text gathered before they are encoded into the output buffer. */
const PENDING_CHARS = 16_384;

/**
 * Writes all of `bytes` to `handle`, however many writes the operating system takes.
 *
 * @example await writeAll(handle, Buffer.from('ci_number,complemento\n'));
 */
export async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  for (let guard = 0; offset < bytes.length; guard++) {
    assert(guard < 1_000_000, 'write made no progress');
    const { bytesWritten } = await handle.write(bytes, offset);
    offset += bytesWritten;
  }
}

/**
 * One output file. Lines are gathered into short strings that are encoded into a 1 MiB buffer as
 * soon as they reach 16 K characters, so no long-lived strings pile up for the garbage collector.
 * A full buffer is queued and written by `flushIfFull`, with at most one write per file in flight
 * (backpressure). Memory stays at a few MiB per file whatever the population.
 *
 * @example
 *   const f = await OutputFile.open('out/persons.csv', 'ci_number,complemento');
 *   f.line('4000001,,LP');
 *   await f.flushIfFull();
 *   await f.close();
 */
export class OutputFile {
  rows = 0;
  /** Lines not yet encoded: short, so they die young and cost the garbage collector little. */
  private pending = '';
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private flushedBytes = 0;
  private full: Buffer[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown;
  private closed = false;

  private constructor(
    readonly filePath: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(filePath: string, header: string): Promise<OutputFile> {
    const f = new OutputFile(filePath, await openPrivateFile(filePath, 'w'));
    f.append(header);
    return f;
  }

  /** A lower bound of the file's size so far (pending characters count one byte each). */
  sizeBytesAtLeast(): number {
    return this.flushedBytes + this.used + this.pending.length;
  }

  line(text: string): void {
    this.pending += text;
    this.pending += '\n';
    this.rows++;
    if (this.pending.length >= PENDING_CHARS) this.settle();
  }

  /** A line given as raw bytes (the Latin-1 lines of messy mode). */
  rawLine(bytes: Buffer): void {
    this.settle();
    if (this.used + bytes.length + 1 > this.buffer.length) this.rotate();
    this.used += bytes.copy(this.buffer, this.used);
    this.buffer[this.used++] = LF;
    this.rows++;
  }

  private append(text: string): void {
    this.pending += text;
    this.pending += '\n';
    this.settle();
  }

  /** Encodes the pending text into the buffer. */
  private settle(): void {
    const text = this.pending;
    if (text === '') return;
    this.pending = '';
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
    assert(text.length * 3 <= CHUNK_BYTES, 'pending text larger than the output buffer');
    if (this.used + text.length * 3 > this.buffer.length) this.rotate();
    this.used += this.buffer.write(text, this.used);
  }

  private rotate(): void {
    if (this.used === 0) return;
    this.full.push(this.buffer.subarray(0, this.used));
    this.flushedBytes += this.used;
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  async flushIfFull(): Promise<void> {
    if (this.full.length > 0) await this.flush();
  }

  private async flush(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
    const chunks = this.full;
    this.full = [];
    this.inFlight = (async () => {
      for (const chunk of chunks) await writeAll(this.handle, chunk);
    })().catch((error: unknown) => {
      this.failure = error;
    });
  }

  async close(): Promise<void> {
    this.settle();
    this.rotate();
    await this.flush();
    await this.inFlight;
    if (this.failure) throw this.failure;
    this.closed = true;
    await this.handle.close();
  }

  /** Closes the handle after a failure elsewhere; a no-op once closed. */
  async abandon(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.inFlight;
    await this.handle.close().catch(() => {});
  }
}
