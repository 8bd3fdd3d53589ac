/**
 * A thread of the certificate pool (./certificate-pool.ts): verifies HC1 texts, renders PDF
 * cards and reads uploaded QR images (./certificate-jobs.ts), a batch of jobs a message. It says
 * `ready` once loaded; the trust a verification needs (signer certificates, revocation hashes)
 * arrives once per version and is kept, parsed, for the next batches. Replies carry each job's
 * id; a PDF's bytes are transferred, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { type PoolReply, type PoolRequest, type PoolResult, runJob, TrustCache } from './certificate-jobs.ts';

const port = parentPort;
if (!port) throw new Error('certificate.worker must run in a worker thread');

const trusts = new TrustCache();

port.on('message', async (request: PoolRequest) => {
  for (const snapshot of request.trusts) trusts.add(snapshot);
  const results: PoolResult[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const job of request.jobs) {
    try {
      const result = await runJob(job, trusts);
      results.push(result);
      if ('pdf' in result) transfer.push(result.pdf.buffer as ArrayBuffer);
    } catch (error) {
      results.push({ id: job.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const reply: PoolReply = { results };
  port.postMessage(reply, transfer);
});
port.postMessage({ ready: true } satisfies PoolReply);
