import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type CardData,
  type CardSize,
  type Hcert,
  stepsOf,
  type TrustSnapshot,
  type VerifyOutcome,
} from '../../certificates/index.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  type PoolJob,
  type PoolReply,
  type PoolRequest,
  type PoolResult,
  type QrImageText,
  runJob,
  TrustCache,
} from './certificate-jobs.ts';

/**
 * The certificate pool: worker threads (one a core) that verify HC1 texts, render PDF cards and
 * read the QR code of uploaded images for the verifier page, the API and the benchmark, so that
 * their throughput grows with the machine's cores instead of queueing on the one thread that also
 * serves every other page.
 *
 * Jobs wait in one queue; a thread with fewer than two batches in flight is sent the next batch
 * (up to 64 jobs, an even share of the queue), so a busy pool pays one message per batch, not per
 * job, and an idle one answers a single request at once. Trust (signer certificates, revocation
 * hashes) goes to a thread once per version (./certificate.worker.ts keeps it parsed). Threads
 * start on the first job and hold the process open only while they have work; a thread that dies
 * fails its jobs and is replaced at once. Until the first thread has loaded (a moment when
 * built; seconds from the TypeScript sources on a busy machine), jobs run on the calling thread, so
 * the first request after a start never waits for a thread.
 */

interface Pending {
  job: PoolJob;
  snapshot?: TrustSnapshot;
  resolve: (result: PoolResult) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Jobs sent and not answered, by id. */
  inFlight: Map<number, Pending>;
  batches: number;
  trusts: Set<string>;
  /** The thread has loaded its modules and takes jobs. */
  ready: boolean;
}

const MAX_BATCH = 64;
const MAX_FAILED_STARTS = 3;
const BATCHES_IN_FLIGHT = 2;
/**
 * From the TypeScript sources (tests, benchmarks) the bootstrap that registers tsx in the thread;
 * built (dist/), the compiled worker.
 */
const WORKER = import.meta.url.endsWith('.ts') ? './certificate.worker.mjs' : './certificate.worker.js';

export class CertificatePool {
  readonly size: number;
  private readonly threads: (Thread | undefined)[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Trust for the jobs run on the calling thread while no pool thread is ready. */
  private readonly inline = new TrustCache();
  /** Threads that stopped before loading: after a few, the pool stops starting them (jobs run inline). */
  private failedStarts = 0;
  private readonly loaded: Promise<void>[] = [];

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size);
    this.threads = Array.from({ length: this.size }, () => undefined);
  }

  /**
   * Verifies an HC1 text against a trust snapshot at an instant, on a pool thread; with the
   * certificate's payload when asked (and valid).
   *
   * @example const outcome = await pool.verify(text, now, await trustSnapshot(db, now))
   */
  async verify(
    text: string,
    at: Date,
    trust: TrustSnapshot,
    options: { payload?: boolean } = {},
  ): Promise<VerifyOutcome & { payload: Hcert | null }> {
    const result = await this.submit(
      {
        id: this.nextId++,
        kind: 'verify',
        text,
        atMs: at.getTime(),
        trust: trust.version,
        payload: options.payload === true,
      },
      trust,
    );
    if ('failure' in result) {
      const { summary, failure, payload } = result;
      return { steps: stepsOf(failure), summary, failure, payload };
    }
    throw new Error('error' in result ? result.error : 'not a verification');
  }

  /**
   * Renders a PDF card on a pool thread.
   *
   * @example const pdf = await pool.renderCard(card, 'a4', 'es')
   */
  async renderCard(data: CardData, size: CardSize, lang: Lang = 'es'): Promise<Buffer> {
    const result = await this.submit({ id: this.nextId++, kind: 'card', data, size, lang });
    if ('pdf' in result) return Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength);
    throw new Error('error' in result ? result.error : 'not a card');
  }

  /**
   * The text of the QR code in an uploaded PNG or JPEG (decoding a photo is the costliest job: tens
   * of milliseconds a megapixel), on a pool thread.
   *
   * @example await pool.readQr(await readFile(upload.filePath)) // { ok: true, text: 'HC1:…' }
   */
  async readQr(image: Uint8Array): Promise<QrImageText> {
    const result = await this.submit({ id: this.nextId++, kind: 'qr', image });
    if ('qr' in result) return result.qr;
    throw new Error('error' in result ? result.error : 'not a QR reading');
  }

  /** Stops every thread; jobs not answered fail. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.filter((t) => t !== undefined);
    this.threads.fill(undefined);
    for (const p of this.queue.splice(0)) p.reject(new Error('the certificate pool is closed'));
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** Whether some thread has loaded and takes jobs. */
  get ready(): boolean {
    return this.threads.some((t) => t?.ready === true);
  }

  /**
   * Starts every thread and waits until each has loaded (the benchmark's clock starts after).
   *
   * @example await pool.started()
   */
  async started(): Promise<void> {
    for (let i = 0; i < this.size; i++) if (this.threads[i] === undefined) this.start(i);
    await Promise.all(this.loaded);
  }

  private submit(job: PoolJob, snapshot?: TrustSnapshot): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new Error('the certificate pool is closed'));
    if (!this.ready) {
      if (this.failedStarts < MAX_FAILED_STARTS) {
        for (let i = 0; i < this.size; i++) if (this.threads[i] === undefined) this.start(i);
      }
      if (snapshot !== undefined && !this.inline.has(snapshot.version)) this.inline.add(snapshot);
      return runJob(job, this.inline);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, ...(snapshot ? { snapshot } : {}), resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    // Jobs queued when the last ready thread died run here, as before any thread was ready.
    if (!this.ready) {
      for (const p of this.queue.splice(0)) {
        if (p.snapshot !== undefined && !this.inline.has(p.snapshot.version)) this.inline.add(p.snapshot);
        runJob(p.job, this.inline).then(p.resolve, p.reject);
      }
      return;
    }
    const ready = this.threads.filter((t) => t?.ready === true).length;
    for (let i = 0; i < this.size && this.queue.length > 0; i++) {
      const thread = this.threads[i];
      if (thread === undefined || !thread.ready) continue;
      while (thread.batches < BATCHES_IN_FLIGHT && this.queue.length > 0) {
        const share = Math.ceil(this.queue.length / ready);
        const batch = this.queue.splice(0, Math.min(MAX_BATCH, share));
        const trusts = new Map<string, TrustSnapshot>();
        for (const p of batch) {
          thread.inFlight.set(p.job.id, p);
          const s = p.snapshot;
          if (s !== undefined && !thread.trusts.has(s.version)) trusts.set(s.version, s);
        }
        for (const v of trusts.keys()) thread.trusts.add(v);
        const request: PoolRequest = { trusts: [...trusts.values()], jobs: batch.map((p) => p.job) };
        thread.batches++;
        thread.worker.ref();
        thread.worker.postMessage(request);
      }
    }
  }

  private start(index: number): Thread {
    const worker = new Worker(new URL(WORKER, import.meta.url));
    const thread: Thread = { worker, inFlight: new Map(), batches: 0, trusts: new Set(), ready: false };
    // Loading holds the process open no more than idling does.
    worker.unref();
    let loaded: () => void = () => {};
    this.loaded[index] = new Promise<void>((resolve) => {
      loaded = resolve;
    });
    worker.on('message', (reply: PoolReply) => {
      if ('ready' in reply) {
        thread.ready = true;
        loaded();
        this.dispatch();
        return;
      }
      for (const result of reply.results) {
        const pending = thread.inFlight.get(result.id);
        thread.inFlight.delete(result.id);
        pending?.resolve(result);
      }
      thread.batches--;
      if (thread.batches === 0) worker.unref();
      this.dispatch();
    });
    let stopped = false;
    const fail = (error: Error) => {
      if (stopped) return;
      stopped = true;
      if (!thread.ready) {
        this.failedStarts++;
        loaded();
      }
      thread.ready = false;
      if (this.threads[index] === thread) this.threads[index] = undefined;
      for (const p of thread.inFlight.values()) p.reject(error);
      thread.inFlight.clear();
      if (this.closed) return;
      // Replaced at once, unless threads keep stopping before they load (then jobs run inline).
      if (this.failedStarts < MAX_FAILED_STARTS) this.start(index);
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a certificate pool thread stopped (exit code ${code})`)));
    this.threads[index] = thread;
    return thread;
  }
}

let shared: CertificatePool | undefined;

/**
 * The process's certificate pool (made on first use), shared by the page and API routes.
 *
 * @example await certificatePool().verify(text, now, snapshot)
 */
export function certificatePool(): CertificatePool {
  shared ??= new CertificatePool();
  return shared;
}
