/**
 * A pool of worker threads making v2 proofs for `kura serve` — range proofs (SPEC.md §16.7) and
 * whole `kura-proof/2` documents of a v2 tree store (`TreeStoreV2.proof` of `@kura/tree/node`):
 * a proof at height 20 with 3 assets is about five seconds of one core, so proofs are made off
 * the event loop, at most one per thread, with a bounded queue in front.
 *
 * - `prove(job)` runs on the first idle thread, or waits in the FIFO queue; when `threads` jobs
 *   run and `maxQueue` wait, it rejects at once with a KuraError `BUSY` (the server answers 503
 *   with `Retry-After`), so a flood cannot pile up unbounded work.
 * - A job running longer than `jobTimeoutMs` is abandoned: its thread is terminated and replaced,
 *   the job rejects with `PROVE_TIMEOUT`. A thread that dies rejects its job with `PROVER_FAILED`
 *   and is replaced; other jobs are not affected.
 *
 * The worker script is `dist/prove-worker.js`; from the TypeScript sources (tests) the built one
 * next to `src/` is used (Node 20 cannot run a `.ts` worker: build the package first; the tests'
 * global setup, `vitest.build-first.ts`, does so before every run).
 * @module
 */
import { Worker } from 'node:worker_threads';
import { KuraError } from '@kura/codec';
import { compiledScriptPath } from '@kura/codec/node';
import type { proveSiblingsV2, RangeContext } from '@kura/confidential';

/**
 * One range proof to make: the arguments of `proveSiblingsV2` of `@kura/confidential` — the
 * siblings' openings, level 0 first, and the transcript context.
 */
export interface ProveJob {
  readonly siblings: Parameters<typeof proveSiblingsV2>[0];
  readonly context: RangeContext;
}

/** Options of {@link ProverPool}. */
export interface ProverPoolOptions {
  /** Worker threads, each proving one job at a time (≥ 1). */
  readonly threads: number;
  /** Jobs allowed to wait when every thread is busy (≥ 0). */
  readonly maxQueue: number;
  /** A job is abandoned after this many ms (default 300 000). */
  readonly jobTimeoutMs?: number;
}

/**
 * A `kura-proof/2` from a v2 tree store (`TreeStoreV2` of `@kura/tree/node`, opened once per
 * thread): the lookup, the range proof and — unless `verify` is false — its verification against
 * the store's root commitment. An unknown uid rejects with `UID_NOT_FOUND`.
 */
export interface StoreJob {
  readonly dir: string;
  /** The master secret (bytes: a secret in a token cannot be handed to a thread). */
  readonly secret: Uint8Array;
  readonly uid: string;
  readonly verify: boolean;
}

/** What a worker is asked to do. */
export type WorkerJob = { kind: 'range'; job: ProveJob } | { kind: 'store'; job: StoreJob };

interface Pending {
  readonly id: number;
  readonly job: WorkerJob;
  resolve(value: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  current?: Pending;
  timer?: NodeJS.Timeout;
  /** Replaced (terminated or died): its events are ignored. */
  dead?: boolean;
}

/** Where the compiled worker script is. */
export function proveWorkerPath(): string {
  return compiledScriptPath(import.meta.url, './prove-worker.js', 'build @kura/serve (npx tsc -b)');
}

/** Worker threads making v2 range proofs, with a bounded queue (see the module doc). */
export class ProverPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly path: string;
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private nextId = 0;
  private closed = false;
  /** Jobs finished (proved) since start. */
  proved = 0;

  constructor(opts: ProverPoolOptions) {
    if (!Number.isInteger(opts.threads) || opts.threads < 1 || opts.threads > 256)
      throw new RangeError(`"threads" expected an integer 1 … 256, got ${opts.threads}`);
    if (!Number.isInteger(opts.maxQueue) || opts.maxQueue < 0)
      throw new RangeError(`"maxQueue" expected an integer ≥ 0, got ${opts.maxQueue}`);
    const t = opts.jobTimeoutMs ?? 300_000;
    if (!Number.isInteger(t) || t < 1)
      throw new RangeError(`"jobTimeoutMs" expected a positive integer, got ${t}`);
    this.path = proveWorkerPath();
    this.maxQueue = opts.maxQueue;
    this.timeoutMs = t;
    for (let i = 0; i < opts.threads; i++) this.slots.push(this.spawn());
  }

  /** Jobs being proved right now. */
  get running(): number {
    return this.slots.filter((s) => s.current !== undefined).length;
  }

  /** Jobs waiting for a thread. */
  get queued(): number {
    return this.queue.length;
  }

  /** Threads of the pool. */
  get threads(): number {
    return this.slots.length;
  }

  /** The range proof bytes of `job` (see the module doc for `BUSY` / timeouts). */
  prove(job: ProveJob): Promise<Uint8Array> {
    return this.submit<Uint8Array>({ kind: 'range', job });
  }

  /** The `kura-proof/2` JSON text of one customer of a v2 tree store (see {@link StoreJob}). */
  proveFromStore(job: StoreJob): Promise<string> {
    return this.submit<string>({ kind: 'store', job });
  }

  private submit<T>(job: WorkerJob): Promise<T> {
    if (this.closed) return Promise.reject(new KuraError('PROVER_CLOSED', 'the prover is closed'));
    const idle = this.slots.find((s) => s.current === undefined);
    if (!idle && this.queue.length >= this.maxQueue)
      return Promise.reject(
        new KuraError(
          'BUSY',
          `all ${this.slots.length} prover threads are busy and ${this.queue.length} proofs wait`
        )
      );
    return new Promise<T>((resolve, reject) => {
      const p: Pending = {
        id: this.nextId++,
        job,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (idle) this.start(idle, p);
      else this.queue.push(p);
    });
  }

  /** Terminate every thread; waiting and running jobs reject with `PROVER_CLOSED`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new KuraError('PROVER_CLOSED', 'the prover was closed');
    for (const p of this.queue.splice(0)) p.reject(err);
    await Promise.all(
      this.slots.map((s) => {
        if (s.timer) clearTimeout(s.timer);
        s.current?.reject(err);
        s.current = undefined;
        return s.worker.terminate();
      })
    );
  }

  private spawn(): Slot {
    const worker = new Worker(this.path);
    const slot: Slot = { worker };
    worker.unref();
    worker.on(
      'message',
      (msg: { id: number; ok: boolean; value?: unknown; code?: string; error?: string }) => {
        const p = slot.current;
        if (slot.dead || !p || p.id !== msg.id) return;
        this.finish(slot);
        if (msg.ok) {
          this.proved++;
          p.resolve(msg.value instanceof Uint8Array ? new Uint8Array(msg.value) : msg.value);
        } else p.reject(new KuraError(msg.code ?? 'PROVER_FAILED', `proof failed: ${msg.error}`));
        this.next(slot);
      }
    );
    const died = (why: string) => {
      if (this.closed || slot.dead) return;
      const p = slot.current;
      this.finish(slot);
      p?.reject(new KuraError('PROVER_FAILED', `prover thread ${why}`));
      this.replace(slot);
    };
    worker.on('error', (e) => died(`failed: ${e.message}`));
    worker.on('exit', (code) => died(`exited with code ${code}`));
    return slot;
  }

  private start(slot: Slot, p: Pending): void {
    slot.current = p;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      if (slot.current !== p) return;
      this.finish(slot);
      p.reject(new KuraError('PROVE_TIMEOUT', `the proof took longer than ${this.timeoutMs} ms`));
      const old = slot.worker;
      this.replace(slot);
      void old.terminate();
    }, this.timeoutMs);
    slot.worker.postMessage({ id: p.id, job: p.job });
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.current = undefined;
    slot.worker.unref();
  }

  private replace(slot: Slot): void {
    slot.dead = true;
    if (this.closed) return;
    const fresh = this.spawn();
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = fresh;
    this.next(fresh);
  }

  private next(slot: Slot): void {
    if (this.closed || slot.current) return;
    const p = this.queue.shift();
    if (p) this.start(slot, p);
  }
}
