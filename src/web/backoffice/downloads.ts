import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';

/**
 * A file of the server's own (a deposit file, a rejects file, a list of unmatched statuses)
 * answered as a download: streamed, never read into memory, never cached, never sniffed into
 * something a browser would run. The caller has already checked that the path is one it may serve
 * and taken its size (`stat`).
 *
 * @example return sendDownload(c, file, size.size, 'text/csv; charset=utf-8', `import-${id}-rejects.csv`);
 */
export function sendDownload(
  c: Context,
  filePath: string,
  sizeBytes: number,
  contentType: string,
  downloadName: string,
): Response {
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Type', contentType);
  c.header('Content-Length', String(sizeBytes));
  c.header('Content-Disposition', `attachment; filename="${downloadName}"`);
  return c.body(Readable.toWeb(createReadStream(filePath)) as ReadableStream);
}
