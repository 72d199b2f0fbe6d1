/**
 * The work the builder hands to worker threads — parse + derive a chunk of input lines, and
 * reduce a subtree — as plain functions over transferable buffers, so the same code runs in a
 * worker or inline on the main thread.
 * @module
 */
import { ByteSink, Deriver, deriverBytes } from './derive.js';
import type { DigestEngine } from './engine.js';
import { createEngine, type EngineKind } from './engines.js';
import { ChunkRowError, type InputConfig, parseRows, RowBatch, type RowError } from './input.js';
import { nodeSize } from './layout.js';
import { loadMidstates } from './midstates.js';
import { Reducer, reducerBytes } from './reduce.js';

/** Set-up shared by every task of one build. */
export interface TaskInit {
  readonly k: number;
  readonly roundKey: Uint8Array;
  readonly sparse: boolean;
  readonly input: InputConfig;
  /** Hash engine (default: WebAssembly SIMD where available, else JavaScript). */
  readonly engine?: EngineKind;
}

/** Result of {@link TaskRunner.derive}. */
export interface DeriveResult {
  /** Sort records (see layout.ts), or an empty buffer after an error. */
  readonly records: Uint8Array;
  readonly rows: number;
  /** Lines in the chunk. */
  readonly lines: number;
  readonly error?: RowError;
}

/** Result of {@link TaskRunner.reduce}: node records of levels 0 … levels, back to back. */
export interface ReduceResult {
  readonly records: Uint8Array;
  readonly counts: number[];
}

/** Rows per derive batch. */
const ROWS = 4096;

/** Runs build tasks with its own hash engines. */
export class TaskRunner {
  private readonly init: TaskInit;
  private readonly dEngine: DigestEngine;
  private readonly deriver: Deriver;
  private readonly batch: RowBatch;
  private rEngine: DigestEngine | undefined;
  private reducer: Reducer | undefined;

  constructor(init: TaskInit) {
    this.init = init;
    const cap = Math.max(16, Math.min(ROWS, Math.floor((32 << 20) / (64 * 9 + 32 * init.k))));
    this.dEngine = createEngine(deriverBytes(cap, init.k), init.engine);
    loadMidstates(this.dEngine, init.roundKey);
    this.deriver = new Deriver(this.dEngine, init.k, cap, init.sparse);
    this.batch = new RowBatch(cap, init.k, {
      mem: this.dEngine.mem,
      base: this.deriver.balBase,
      stride: this.deriver.balStride,
    });
  }

  /** Parse and derive the whole lines of `chunk` (chunk number `index`). */
  derive(chunk: Uint8Array, index: number, last: boolean): DeriveResult {
    const out = new ByteSink(Math.max(1 << 16, chunk.length * 3));
    let pos = 0;
    let line = 1;
    let rows = 0;
    try {
      // trailing empty lines are allowed at the very end of the input only
      let end = chunk.length;
      if (last) while (end > 0 && (chunk[end - 1] === 10 || chunk[end - 1] === 13)) end--;
      while (pos < end) {
        this.batch.reset();
        [pos, line] = parseRows(this.init.input, chunk, pos, end, line, this.batch);
        this.deriver.derive(this.batch, index, out);
        rows += this.batch.n;
      }
    } catch (e) {
      if (e instanceof ChunkRowError)
        return { records: new Uint8Array(0), rows, lines: line - 1, error: e.row };
      throw e;
    }
    return { records: out.take(), rows, lines: line - 1 };
  }

  /** Reduce `count` node records (level `level0`) up `levels` levels. */
  reduce(records: Uint8Array, count: number, level0: number, levels: number): ReduceResult {
    const k = this.init.k;
    const ns = nodeSize(k);
    if (!this.reducer || this.reducer.maxNodes < count || this.reducer.maxLevels < levels) {
      const maxNodes = Math.max(count, this.reducer?.maxNodes ?? 0);
      const maxLevels = Math.max(levels, this.reducer?.maxLevels ?? 0);
      this.rEngine = createEngine(reducerBytes(maxLevels, k, maxNodes), this.init.engine);
      loadMidstates(this.rEngine, this.init.roundKey);
      this.reducer = new Reducer(this.rEngine, k, maxLevels, 0, maxNodes);
    }
    const m = this.rEngine!.mem;
    m.set(records.subarray(0, count * ns), this.reducer.input);
    const red = this.reducer.reduce(level0, count, levels);
    let total = 0;
    for (const c of red.counts) total += c;
    const out = new Uint8Array(total * ns);
    let o = 0;
    red.counts.forEach((c, j) => {
      const s = red.levelOff[j]!;
      out.set(m.subarray(s, s + c * ns), o);
      o += c * ns;
    });
    return { records: out, counts: red.counts };
  }
}
