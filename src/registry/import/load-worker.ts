/**
 * The reading half of an import, on its own thread: split lines, validate rows, serialise the
 * accepted ones for COPY. The database half (COPY) runs on the main thread at the same time, so
 * validation costs wall-clock time only where it is slower than the database; on PGlite, which
 * runs inside the main thread, this is what keeps an import near the speed of a bare COPY.
 *
 * Flow control: the worker sends a batch only while it holds a credit; the main thread returns a
 * credit for each batch it has handed to COPY, so at most CREDITS batches (~1 MiB each) wait in
 * memory whatever the file size.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImportRefusal } from './import-refusal.ts';
import { type LoadJob, processBatches, type WorkerMessage } from './load-batches.ts';

const port = parentPort;
if (!port) throw new Error('load-worker must run in a worker thread');

const job = workerData as LoadJob;
let credits = job.credits;
let wake: (() => void) | undefined;
port.on('message', (m: { type: 'credit' }) => {
  if (m.type === 'credit') {
    credits++;
    wake?.();
  }
});

const send = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

try {
  for await (const batch of processBatches(job)) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    const data = batch.data;
    send({ type: 'batch', batch }, data ? [data.buffer as ArrayBuffer] : []);
  }
  send({ type: 'done' });
} catch (error) {
  // A refused file crosses to the main thread as its failure value; anything else is a bug.
  if (error instanceof ImportRefusal) send({ type: 'refused', failure: error.failure });
  else {
    const e = error as Error;
    send({ type: 'error', message: e.message, stack: e.stack });
  }
}
