/**
 * A streaming reader of `multipart/form-data` (RFC 7578), so that a form with a file can be read
 * as it arrives: each part's headers, then its content in pieces, never the whole body in memory.
 * The body is fed in chunks of any size (`write`), and the handlers are awaited, so a file part is
 * written to disk at the pace of the disk. Web standards offer only `Request.formData()`, which
 * holds the whole body in memory; that is what this replaces for uploads.
 */

/** One part's headers, as far as a form needs them. */
export interface PartHeaders {
  /** The form field's name (Content-Disposition `name`). */
  name: string;
  /** The file's name as the browser sent it, for a file field; undefined for a plain field. */
  fileName: string | undefined;
  contentType: string | undefined;
}

export interface PartHandlers {
  partStart(headers: PartHeaders): void | Promise<void>;
  partData(bytes: Uint8Array): void | Promise<void>;
  partEnd(): void | Promise<void>;
}

/** The body is not well-formed multipart: a client's mistake (400), never a server failure. */
export class MalformedMultipart extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMultipart';
  }
}

/** A part's header block larger than this is refused: browsers send a few hundred bytes. */
const MAX_HEADER_BLOCK_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * The boundary of a `multipart/form-data` content type, or undefined when there is none (RFC 2046:
 * 1 to 70 characters, quoted or not).
 *
 * @example multipartBoundary('multipart/form-data; boundary=----x1') // '----x1'
 */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType.trim())) return undefined;
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

type State = 'preamble' | 'delimiter' | 'headers' | 'content' | 'epilogue';

/**
 * @example
 *   const parser = new MultipartParser(boundary, { partStart, partData, partEnd });
 *   for await (const chunk of body) await parser.write(chunk);
 *   parser.end(); // throws MalformedMultipart when the closing delimiter never came
 */
export class MultipartParser {
  /** `\r\n--boundary`: every delimiter, the first one included (a CRLF is put before the body). */
  private readonly delimiter: Buffer;
  private buffer: Buffer = CRLF;
  private state: State = 'preamble';

  constructor(
    boundary: string,
    private readonly handlers: PartHandlers,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  /** Whether the closing delimiter has been read (what follows it is ignored). */
  get finished(): boolean {
    return this.state === 'epilogue';
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.state === 'epilogue') return;
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    while (await this.step()) {}
  }

  /** The body has ended: it must have ended with the closing delimiter. */
  end(): void {
    if (this.state !== 'epilogue')
      throw new MalformedMultipart('the body ended before the closing delimiter');
  }

  /** Advances through the buffer; false when more input is needed. */
  private async step(): Promise<boolean> {
    switch (this.state) {
      case 'preamble':
      case 'content': {
        const at = this.buffer.indexOf(this.delimiter);
        // Without a delimiter, all but a possible beginning of one is content (or preamble).
        const safe = at === -1 ? this.buffer.length - (this.delimiter.length - 1) : at;
        if (this.state === 'content' && safe > 0) await this.handlers.partData(this.buffer.subarray(0, safe));
        if (at === -1) {
          if (safe > 0) this.buffer = this.buffer.subarray(safe);
          return false;
        }
        if (this.state === 'content') await this.handlers.partEnd();
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        this.state = 'delimiter';
        return true;
      }
      case 'delimiter': {
        // After a delimiter: `--` closes the body; else optional padding and the CRLF before the
        // part's headers (kept, so an empty header block is found like any other).
        if (this.buffer.length < 2) return false;
        if (this.buffer[0] === 0x2d && this.buffer[1] === 0x2d) {
          this.state = 'epilogue';
          this.buffer = Buffer.alloc(0);
          return false;
        }
        let i = 0;
        while (i < this.buffer.length && (this.buffer[i] === 0x20 || this.buffer[i] === 0x09)) i++;
        if (this.buffer.length - i < 2) {
          if (i > 256) throw new MalformedMultipart('padding after a delimiter is too long');
          return false;
        }
        if (this.buffer[i] !== 0x0d || this.buffer[i + 1] !== 0x0a)
          throw new MalformedMultipart('a delimiter is not followed by a line break');
        this.buffer = this.buffer.subarray(i);
        this.state = 'headers';
        return true;
      }
      case 'headers': {
        const end = this.buffer.indexOf(HEADER_END);
        if (end === -1) {
          if (this.buffer.length > MAX_HEADER_BLOCK_BYTES)
            throw new MalformedMultipart('a part’s headers are too long');
          return false;
        }
        if (end > MAX_HEADER_BLOCK_BYTES) throw new MalformedMultipart('a part’s headers are too long');
        const block = end === 0 ? '' : this.buffer.subarray(2, end).toString('utf8');
        this.buffer = this.buffer.subarray(end + HEADER_END.length);
        await this.handlers.partStart(parsePartHeaders(block));
        this.state = 'content';
        return true;
      }
      case 'epilogue':
        return false;
    }
  }
}

/**
 * A part's headers: the form field's `name` and the `filename` of Content-Disposition (RFC 7578
 * §4.2; `filename*` in RFC 5987 form is understood too), and Content-Type.
 */
export function parsePartHeaders(block: string): PartHeaders {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition))
    throw new MalformedMultipart('a part has no Content-Disposition: form-data');
  const params = dispositionParams(disposition);
  const name = params.get('name');
  if (name === undefined) throw new MalformedMultipart('a part has no field name');
  const extended = params.get('filename*');
  const fileName = extended !== undefined ? decodeExtended(extended) : params.get('filename');
  return { name, fileName, contentType };
}

/** The parameters of a Content-Disposition value, lower-cased names; quoted strings unquoted. */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const m of value.matchAll(re)) {
    const key = m[1]!.toLowerCase();
    const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!.trim();
    if (!params.has(key)) params.set(key, raw);
  }
  return params;
}

/** `utf-8''na%C3%AFve.csv` → `naïve.csv` (RFC 5987); undecodable values are kept as they came. */
function decodeExtended(value: string): string {
  const m = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!m) return value;
  try {
    return decodeURIComponent(m[2]!);
  } catch {
    return m[2]!;
  }
}
