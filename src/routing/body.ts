import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';
import { MalformedMultipart, MultipartParser, type PartHeaders } from './multipart.ts';

/**
 * Reading a request's body, always bounded: a body is read only by the route helper
 * (./route.ts), after the route's guard has decided who is calling and that they may, and
 * never past the route's limit. Small bodies (forms, JSON) are read into memory up to a small
 * limit; files of a multipart form are streamed to disk as they arrive, their size counted on the
 * way, so an upload of any size costs a few chunks of memory.
 */

/** The body is larger than the route takes; nothing more of it is read. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/** A form's file arrived before the form proved it may be sent (its CSRF token): not written. */
export class FormRefused extends Error {
  constructor() {
    super('the form was refused before its file was read');
    this.name = 'FormRefused';
  }
}

/**
 * The length a request declares, when Node's parser holds it to exactly that many bytes
 * (Content-Length without Transfer-Encoding, behind @hono/node-server); undefined otherwise, and
 * always outside Node's server (`app.request` in tests), where nothing enforces the header.
 */
function declaredLength(c: Context): number | undefined {
  if ((c.env as { incoming?: unknown } | undefined)?.incoming === undefined) return undefined;
  const header = c.req.header('content-length');
  if (header === undefined || c.req.header('transfer-encoding') !== undefined) return undefined;
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * A declared length over the limit, refused before a byte is read (also where the header is not
 * enforced: it is the client's own word).
 */
function refuseDeclaredOver(c: Context, maxBytes: number): void {
  const header = c.req.header('content-length');
  if (header !== undefined && Number(header) > maxBytes) throw new BodyTooLarge(maxBytes);
}

/**
 * The body's bytes, at most `maxBytes`, else `BodyTooLarge`. A declared length over the limit is
 * refused unread; within it, the body is read straight from the socket (@hono/node-server's
 * direct path, the cheapest). A body of unknown length (chunked) is counted as it streams and
 * refused as soon as the count passes the limit, without reading further.
 *
 * @example const bytes = await readBoundedBody(c, 64 * 1024);
 */
export async function readBoundedBody(c: Context, maxBytes: number): Promise<Uint8Array> {
  refuseDeclaredOver(c, maxBytes);
  if (declaredLength(c) !== undefined) return new Uint8Array(await c.req.arrayBuffer());
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new BodyTooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  return Buffer.concat(chunks, size);
}

/**
 * Keeps only characters safe in a file name: the name a browser sends is the officer's own, and
 * it is kept (the importers record it), but never as a path.
 *
 * @example safeFileName('../../etc/passwd') // 'passwd'; safeFileName('Lista año 2021.csv') // 'Lista año 2021.csv'
 */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).normalize('NFC');
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(-120);
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'archivo' : cleaned;
}

/**
 * A file of a form, written to disk as it arrived: in a folder of its own under the route's upload
 * folder, so the officer's file name is kept as it is without two uploads ever sharing a path. The
 * route helper removes it once the handler has answered, unless the handler `keep`s it for a
 * background job, which then removes it itself.
 */
export class UploadedFile {
  private kept = false;

  constructor(
    /** The form field it came in. */
    readonly field: string,
    /** Its name as the officer's browser sent it, made safe (`safeFileName`). */
    readonly name: string,
    /** Bytes written. */
    readonly size: number,
    readonly filePath: string,
    private readonly folder: string,
  ) {}

  /** The handler takes the file over: it outlives the request and its new owner removes it. */
  keep(): void {
    this.kept = true;
  }

  get isKept(): boolean {
    return this.kept;
  }

  /** Deletes the file and its folder; never throws (a leftover file must not fail the request). */
  remove(): Promise<void> {
    return rm(this.folder, { recursive: true, force: true }).catch(() => {});
  }
}

export interface StreamedFormLimits {
  /** The whole body, files included. */
  maxBodyBytes: number;
  /** Each file. */
  maxFileBytes: number;
  /** The form's other fields together, held in memory. */
  maxFieldBytes: number;
  /** Where files are written (a folder per file is made in it). */
  directory: string;
  /**
   * Asked once, before the first byte of the first file is written, with the fields read so far
   * (a browser sends fields in the form's order, the CSRF token first); false refuses the form.
   */
  beforeFile?: (fields: Readonly<Record<string, string>>) => boolean;
}

export interface StreamedForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

/** A form of a few fields and a file or two: more parts than this is not a form from our pages. */
const MAX_PARTS = 100;

/**
 * Reads a `multipart/form-data` body: plain fields into memory (at most `maxFieldBytes`), files to
 * disk (at most `maxFileBytes` each), the whole at most `maxBodyBytes`; the count is kept as the
 * bytes arrive and the body is refused (`BodyTooLarge`) the moment it passes a limit, with the
 * files written so far removed. A file field left empty in the browser (no file chosen) gives no
 * file. Throws `MalformedMultipart` for a body that is not well-formed, `FormRefused` when
 * `beforeFile` says no.
 *
 * @example const form = await readStreamedForm(c, boundary, { maxBodyBytes, maxFileBytes, maxFieldBytes, directory });
 */
export async function readStreamedForm(
  c: Context,
  boundary: string,
  limits: StreamedFormLimits,
): Promise<StreamedForm> {
  refuseDeclaredOver(c, limits.maxBodyBytes);
  const fields: Record<string, string> = Object.create(null);
  const files: Record<string, UploadedFile> = Object.create(null);
  const written: UploadedFile[] = [];
  let fieldBytes = 0;
  let parts = 0;
  let checked = false;
  /** The part being read: a field's bytes, or a file's open handle. */
  let field: { name: string; chunks: Uint8Array[] } | undefined;
  let file:
    | {
        headers: PartHeaders;
        name: string;
        folder: string;
        filePath: string;
        handle: FileHandle;
        size: number;
      }
    | undefined;

  const parser = new MultipartParser(boundary, {
    partStart: async (headers) => {
      if (++parts > MAX_PARTS) throw new MalformedMultipart(`more than ${MAX_PARTS} parts`);
      fieldBytes += headers.name.length;
      if (fieldBytes > limits.maxFieldBytes) throw new BodyTooLarge(limits.maxBodyBytes);
      if (headers.fileName === undefined) {
        field = { name: headers.name, chunks: [] };
        return;
      }
      // A file input left empty: the browser sends the part with no name and no content, whose
      // bytes are only counted, with the whole body.
      if (headers.fileName === '') return;
      if (!checked) {
        checked = true;
        if (limits.beforeFile && !limits.beforeFile(fields)) throw new FormRefused();
      }
      const folder = path.join(limits.directory, randomBytes(12).toString('hex'));
      // Uploads are personal data: readable by the account that runs ayni only.
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const name = safeFileName(headers.fileName);
      const filePath = path.join(folder, name);
      // Registered before the file is opened, so a failure from here on removes its folder.
      written.push(new UploadedFile(headers.name, name, 0, filePath, folder));
      file = { headers, name, folder, filePath, handle: await open(filePath, 'wx', 0o600), size: 0 };
    },
    partData: async (bytes) => {
      if (file) {
        file.size += bytes.byteLength;
        if (file.size > limits.maxFileBytes) throw new BodyTooLarge(limits.maxBodyBytes);
        await file.handle.write(bytes);
      } else if (field) {
        fieldBytes += bytes.byteLength;
        if (fieldBytes > limits.maxFieldBytes) throw new BodyTooLarge(limits.maxBodyBytes);
        field.chunks.push(Buffer.from(bytes));
      }
    },
    partEnd: async () => {
      if (file) {
        const f = file;
        file = undefined;
        await f.handle.close();
        const upload = new UploadedFile(f.headers.name, f.name, f.size, f.filePath, f.folder);
        written[written.length - 1] = upload;
        // The same field twice: the last file counts, as the last value of a field does.
        await files[f.headers.name]?.remove();
        files[f.headers.name] = upload;
      } else if (field) {
        fields[field.name] = Buffer.concat(field.chunks).toString('utf8');
        field = undefined;
      }
    },
  });

  const body = c.req.raw.body;
  const reader = body?.getReader();
  let total = 0;
  try {
    if (!reader) throw new MalformedMultipart('the body is empty');
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBodyBytes) throw new BodyTooLarge(limits.maxBodyBytes);
      await parser.write(value);
    }
    parser.end();
    return { fields, files };
  } catch (error) {
    reader?.cancel().catch(() => {});
    await file?.handle.close().catch(() => {});
    for (const w of written) await w.remove();
    throw error;
  }
}
