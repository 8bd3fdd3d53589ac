import {
  type CardData,
  type CardSize,
  type Hcert,
  outcomeOf,
  type QrImageProblem,
  readQrImage,
  type TrustSnapshot,
  trustOf,
  type VerifiedSummary,
  type VerifyFailure,
  verifyHc1,
} from '../../certificates/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { renderCard } from './card.pdf.ts';

/**
 * What the certificate pool's jobs do, wherever they run: on a pool thread
 * (./certificate.worker.ts) or, while the threads are still starting, on the calling thread.
 */

/** A job as a thread receives it. */
export type PoolJob =
  | { id: number; kind: 'verify'; text: string; atMs: number; trust: string; payload: boolean }
  | { id: number; kind: 'card'; data: CardData; size: CardSize; lang: Lang }
  | { id: number; kind: 'qr'; image: Uint8Array };

/** A batch: the trusts the thread lacks, then the jobs. */
export interface PoolRequest {
  trusts: TrustSnapshot[];
  jobs: PoolJob[];
}

/** One job's answer. */
export type PoolResult =
  | { id: number; summary: VerifiedSummary | null; failure: VerifyFailure | null; payload: Hcert | null }
  | { id: number; pdf: Uint8Array }
  | { id: number; qr: QrImageText }
  | { id: number; error: string };

/** The text of an image's QR code, or why there is none. */
export type QrImageText = { ok: true; text: string } | { ok: false; problem: QrImageProblem };

/** A thread's message: it has loaded, or the answers to a batch. */
export type PoolReply = { ready: true } | { results: PoolResult[] };

/** The trusts a thread holds, by version, parsed once (a few: versions change rarely). */
export class TrustCache {
  private readonly trusts = new Map<string, ReturnType<typeof trustOf>>();

  constructor(private readonly kept = 4) {}

  add(snapshot: TrustSnapshot): void {
    this.trusts.delete(snapshot.version);
    this.trusts.set(snapshot.version, trustOf(snapshot));
    if (this.trusts.size > this.kept) this.trusts.delete(this.trusts.keys().next().value!);
  }

  has(version: string): boolean {
    return this.trusts.has(version);
  }

  get(version: string): ReturnType<typeof trustOf> | undefined {
    return this.trusts.get(version);
  }
}

/**
 * Runs one job: a verification (against a trust the cache holds), a PDF card, or an image's QR code.
 *
 * @example await runJob({ id: 1, kind: 'qr', image }, trusts) // { id: 1, qr: { ok: true, text: 'HC1:…' } }
 */
export async function runJob(job: PoolJob, trusts: TrustCache): Promise<PoolResult> {
  if (job.kind === 'verify') {
    const trust = trusts.get(job.trust);
    if (trust === undefined) return { id: job.id, error: `trust ${job.trust} not sent to this thread` };
    const result = verifyHc1(job.text, { ...trust, at: new Date(job.atMs) });
    // The steps are left out (the pool makes them from the failure): less to copy between threads.
    const { summary, failure } = outcomeOf(result);
    const payload = job.payload && result.ok ? result.value.claims.hcert : null;
    return { id: job.id, summary, failure, payload };
  }
  if (job.kind === 'qr') return { id: job.id, qr: readQrImage(job.image) };
  const pdf = await renderCard(job.data, job.size, job.lang);
  // Transferred to the main thread: only a buffer of its own (a small Buffer may share Node's pool).
  return { id: job.id, pdf: pdf.byteLength === pdf.buffer.byteLength ? pdf : new Uint8Array(pdf) };
}
