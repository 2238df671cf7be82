// Splitting batch scoring across cores. Records are cut into chunks that workers take from a queue as they finish
// (the work per record varies with block sizes, so a fixed split would leave a core idle). The job's arrays live in
// SharedArrayBuffers, so starting a worker copies only the small model weights. Small inputs run in the calling
// thread: starting workers costs more than it saves below a few hundred thousand comparisons.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createThreadState, runChunk, samplePatterns, type ChunkResult, type ScoringJob, type ThreadState } from './scoring.ts';

export type WorkerRequest =
  | { type: 'configure'; changes: Partial<ScoringJob> }
  | { type: 'chunk'; id: number; from: number; to: number }
  | { type: 'sample'; id: number; count: number; seed: number };

export type WorkerReply =
  | { type: 'configured' }
  | { type: 'chunk'; id: number; result: ChunkResult }
  | { type: 'sample'; id: number; patterns: [number, number][] };

export interface PoolOptions {
  /** Worker threads; 0 or 1 runs everything in the calling thread. Default: one per core. */
  workers?: number;
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** A set of scoring threads (or the calling thread alone) for one job, reconfigurable between phases. */
export class ScoringPool {
  private readonly workers: Worker[] = [];
  private local: ThreadState | null = null;
  private job: ScoringJob;

  constructor(job: ScoringJob, options: PoolOptions = {}) {
    this.job = job;
    const count = options.workers ?? defaultWorkers();
    if (count <= 1) {
      this.local = createThreadState(job);
      return;
    }
    for (let k = 0; k < count; k++) {
      this.workers.push(new Worker(new URL('./score.worker.ts', import.meta.url), { workerData: job }));
    }
  }

  get threads(): number {
    return this.workers.length || 1;
  }

  /** Change the weights, threshold, truth or sampling of the job (between training and scoring). */
  async configure(changes: Partial<ScoringJob>): Promise<void> {
    this.job = { ...this.job, ...changes };
    if (this.local) {
      this.local = createThreadState(this.job);
      return;
    }
    await Promise.all(this.workers.map((w) => this.ask<Extract<WorkerReply, { type: 'configured' }>>(w, { type: 'configure', changes })));
  }

  /** Run every record of the job in chunks; `onProgress` hears the records done so far. */
  async runAll(chunkSize: number, onProgress?: (done: number, total: number) => void): Promise<ChunkResult[]> {
    const total = this.job.isLink ? this.job.leftCount : this.job.size;
    const ranges: [number, number][] = [];
    for (let from = 0; from < total; from += chunkSize) ranges.push([from, Math.min(total, from + chunkSize)]);
    const results: ChunkResult[] = new Array<ChunkResult>(ranges.length);
    let done = 0;
    if (this.local) {
      ranges.forEach(([from, to], k) => {
        results[k] = runChunk(this.local!, from, to);
        done += to - from;
        onProgress?.(done, total);
      });
      return results;
    }
    let next = 0;
    const drive = async (worker: Worker): Promise<void> => {
      while (next < ranges.length) {
        const id = next++;
        const [from, to] = ranges[id]!;
        const reply = await this.ask<Extract<WorkerReply, { type: 'chunk' }>>(worker, { type: 'chunk', id, from, to });
        results[id] = reply.result;
        done += to - from;
        onProgress?.(done, total);
      }
    };
    await Promise.all(this.workers.map(drive));
    return results;
  }

  /** Comparison patterns of `count` random pairs, split over the threads (each with its own seed). */
  async sample(count: number, seed: number): Promise<[number, number][][]> {
    if (this.local) return [samplePatterns(this.local, count, seed)];
    const share = Math.ceil(count / this.workers.length);
    const replies = await Promise.all(
      this.workers.map((w, k) => this.ask<Extract<WorkerReply, { type: 'sample' }>>(w, { type: 'sample', id: k, count: share, seed: seed + k * 7919 })),
    );
    return replies.map((r) => r.patterns);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }

  private ask<T extends WorkerReply>(worker: Worker, request: WorkerRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onMessage = (reply: WorkerReply): void => {
        worker.off('error', onError);
        resolve(reply as T);
      };
      const onError = (error: Error): void => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage(request);
    });
  }
}
