/**
 * A small pool of worker threads running {@link TaskRunner} tasks, or the same tasks inline on
 * the main thread when no workers are wanted.
 *
 * The worker script is `dist/node/worker.js`. When this module itself runs from TypeScript
 * sources (tests), the built worker next to the sources' `dist/` is used: Node 20 cannot run a
 * `.ts` worker, so build the package (`npx tsc -b`) before using workers from sources.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { compiledScriptPath } from '@kura/codec/node';
import { simdModule } from './sha256-simd.js';
import {
  type DeriveResult,
  type LeafPlacement,
  type ReduceResult,
  type SortedBucket,
  type TaskInit,
  TaskRunner,
} from './tasks.js';

/** A task for {@link TaskRunner} (see tasks.ts). */
export type Job =
  | { kind: 'derive'; chunk: Uint8Array; index: number; last: boolean }
  | { kind: 'sortBucket'; buf: Uint8Array }
  | {
      kind: 'reduce';
      input: Uint8Array;
      count: number;
      level0: number;
      levels: number;
      leaves?: LeafPlacement;
    };

/** Runs derive / sort / reduce tasks. */
export interface TaskPool {
  derive(chunk: Uint8Array, index: number, last: boolean): Promise<DeriveResult>;
  sortBucket(buf: Uint8Array): Promise<SortedBucket>;
  reduce(
    input: Uint8Array,
    count: number,
    level0: number,
    levels: number,
    leaves?: LeafPlacement
  ): Promise<ReduceResult>;
  /** Tasks accepted but not finished. */
  readonly pending: number;
  close(): Promise<void>;
}

/**
 * Where a compiled worker script is: `script` relative to `dist/node/` (`worker.js` for v1,
 * `v2/worker.js` for v2), also when this module runs from its TypeScript source.
 */
export function workerPath(script = 'worker.js'): string {
  return compiledScriptPath(
    import.meta.url,
    `./${script}`,
    'build @kura/tree (npx tsc -b) or use workers: 0'
  );
}

/** Tasks run synchronously on the calling thread. */
export class InlinePool implements TaskPool {
  private readonly runner: TaskRunner;
  pending = 0;
  constructor(init: TaskInit) {
    this.runner = new TaskRunner(init);
  }
  async derive(chunk: Uint8Array, index: number, last: boolean): Promise<DeriveResult> {
    return this.runner.derive(chunk, index, last);
  }
  async sortBucket(buf: Uint8Array): Promise<SortedBucket> {
    return this.runner.sortBucket(buf);
  }
  async reduce(
    input: Uint8Array,
    count: number,
    level0: number,
    levels: number,
    leaves?: LeafPlacement
  ): Promise<ReduceResult> {
    return this.runner.reduce(input, count, level0, levels, leaves);
  }
  async close(): Promise<void> {}
}

interface Slot {
  worker: Worker;
  busy: number;
}

/** Tasks spread over worker threads (least busy first). */
export class WorkerPool implements TaskPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void; slot: Slot }
  >();
  private nextId = 0;
  private failed: unknown;
  pending = 0;

  constructor(init: TaskInit, threads: number) {
    const path = workerPath();
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(path, { workerData: { init, simd: simdModule() } });
      const slot: Slot = { worker, busy: 0 };
      worker.on('message', (msg: { id: number; ok: boolean; value?: unknown; error?: string }) => {
        const w = this.waiting.get(msg.id);
        if (!w) return;
        this.waiting.delete(msg.id);
        w.slot.busy--;
        this.pending--;
        if (msg.ok) w.resolve(msg.value);
        else w.reject(new Error(`worker: ${msg.error}`));
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`worker exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  private fail(e: unknown): void {
    this.failed ??= e;
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.reject(e);
    }
  }

  private run<T>(job: Job, transfer: ArrayBuffer[]): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.busy < slot.busy) slot = s;
    const id = this.nextId++;
    slot.busy++;
    this.pending++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, slot });
      slot.worker.postMessage({ id, job }, transfer);
    });
  }

  derive(chunk: Uint8Array, index: number, last: boolean): Promise<DeriveResult> {
    return this.run({ kind: 'derive', chunk, index, last }, [chunk.buffer as ArrayBuffer]);
  }

  sortBucket(buf: Uint8Array): Promise<SortedBucket> {
    return this.run({ kind: 'sortBucket', buf }, [buf.buffer as ArrayBuffer]);
  }

  reduce(
    input: Uint8Array,
    count: number,
    level0: number,
    levels: number,
    leaves?: LeafPlacement
  ): Promise<ReduceResult> {
    const transfer = [input.buffer as ArrayBuffer];
    if (leaves?.positions) transfer.push(leaves.positions.buffer as ArrayBuffer);
    if (leaves?.keys) transfer.push(leaves.keys.buffer as ArrayBuffer);
    return this.run({ kind: 'reduce', input, count, level0, levels, leaves }, transfer);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** A pool of `threads` workers, or an inline pool for `threads` = 0. */
export function createPool(init: TaskInit, threads: number): TaskPool {
  return threads > 0 ? new WorkerPool(init, threads) : new InlinePool(init);
}
