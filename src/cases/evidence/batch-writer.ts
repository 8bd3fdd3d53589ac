import { Worker } from 'node:worker_threads';
import type { BatchWriterReply, BatchWriterRequest, WrittenBlob } from './blob-files.ts';

/**
 * The main thread's side of the batch writer thread (./batch-writer.worker.ts), one for the
 * process, started at the first batch and kept (unreferenced: it never holds the process open).
 * A crash of the thread fails the requests in flight; the next request starts a new one.
 */

/** Built (dist/) the compiled worker; from the TypeScript sources a bootstrap that registers tsx. */
const WORKER = import.meta.url.endsWith('.ts') ? './batch-writer.worker.mjs' : './batch-writer.worker.js';

type Pending = { resolve: (reply: BatchWriterReply) => void; reject: (error: Error) => void };

let thread: { worker: Worker; pending: Map<number, Pending> } | undefined;
let nextId = 1;

function request(message: BatchWriterRequest, transfer: ArrayBuffer[] = []): Promise<BatchWriterReply> {
  if (thread === undefined) {
    const worker = new Worker(new URL(WORKER, import.meta.url));
    const started = { worker, pending: new Map<number, Pending>() };
    worker.unref();
    const stop = (error: Error) => {
      if (thread === started) thread = undefined;
      for (const p of started.pending.values()) p.reject(error);
      started.pending.clear();
    };
    worker.on('message', (reply: BatchWriterReply) => {
      const p = started.pending.get(reply.id);
      started.pending.delete(reply.id);
      if (started.pending.size === 0) worker.unref();
      p?.resolve(reply);
    });
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`the evidence batch writer stopped (exit ${code})`)));
    thread = started;
  }
  const current = thread;
  return new Promise<BatchWriterReply>((resolve, reject) => {
    current.pending.set(message.id, { resolve, reject });
    current.worker.ref();
    current.worker.postMessage(message, transfer);
  });
}

/**
 * Writes small files under `root` in the writer thread: each fsynced, then linked under its hash
 * name; their folders are not yet fsynced (see `finishBatch`). One result a file, in order. Their
 * buffers are moved to the thread: each file must be the whole of a buffer no one else uses.
 *
 * @example const results = await writeSmallFiles(store.rootDirectory, [bytes1, bytes2]);
 */
export async function writeSmallFiles(
  root: string,
  files: Uint8Array[],
): Promise<({ written: WrittenBlob } | { error: string })[]> {
  // The buffers are moved, not copied (each is the whole of its own; one is moved once).
  const transfer = [...new Set(files.map((f) => f.buffer as ArrayBuffer))];
  const reply = await request({ id: nextId++, kind: 'write', root, files }, transfer);
  if ('error' in reply) throw new Error(reply.error);
  if (!('results' in reply)) throw new Error('the evidence batch writer answered a write with no results');
  return reply.results;
}

/**
 * Fsyncs the folders (all at once) and then removes the temporary names, in the writer thread.
 *
 * @example await finishBatch([...folders], written.map((w) => w.temporary));
 */
export async function finishBatch(folders: string[], temporaries: string[]): Promise<void> {
  const reply = await request({ id: nextId++, kind: 'finish', folders, temporaries });
  if ('error' in reply) throw new Error(reply.error);
}
