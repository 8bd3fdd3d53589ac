import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { openPrivateFile } from '../shared/private-files.ts';
import { CHUNK_BYTES, writeAll } from './output-file.ts';

/**
 * Rewrites a UTF-8 text file as Latin-1 (ISO-8859-1), streaming, for encoding-detection tests.
 * Throws when the text has a character Latin-1 cannot hold (ayni's names never do).
 *
 * @example await writeLatin1Copy('out/persons.csv', 'out/persons-latin1.csv')
 */
export async function writeLatin1Copy(src: string, dest: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out = await openPrivateFile(dest, 'w');
  try {
    for await (const chunk of createReadStream(src, {
      highWaterMark: CHUNK_BYTES,
    }) as AsyncIterable<Buffer>) {
      await writeLatin1(out, decoder.decode(chunk, { stream: true }), src);
    }
    await writeLatin1(out, decoder.decode(), src);
  } finally {
    await out.close();
  }
}

async function writeLatin1(out: FileHandle, text: string, src: string): Promise<void> {
  const bad = /[^\x00-\xff]/.exec(text);
  // The generator writes names and places from its own Latin-1 tables: another character is a bug.
  if (bad) throw new Error(`${src} holds "${bad[0]}", which Latin-1 cannot encode.`);
  await writeAll(out, Buffer.from(text, 'latin1'));
}
