/**
 * The work the builder hands to worker threads, as plain functions over transferable buffers so
 * the same code runs in a worker or inline on the main thread:
 * - `derive`: parse a chunk of input lines, derive every leaf, and group the sort records by the
 *   first byte of their order key (256 buckets);
 * - `sortBucket`: sort one bucket by order key, find duplicate uids, and split it into fixed-size
 *   sorted leaves and their uids;
 * - `reduce`: hash a segment of leaves (or of subtree roots) up to its root, and for dense trees
 *   emit the segment's index entries.
 * @module
 */
import { ByteSink, copy, Deriver, deriverBytes, getU32, putU32 } from './derive.js';
import type { DigestEngine } from './engine.js';
import { createEngine, type EngineKind } from './engines.js';
import { ChunkRowError, type InputConfig, parseRows, RowBatch, type RowError } from './input.js';
import {
  BUCKETS,
  INDEX_ENTRY,
  INDEX_KEY_BYTES,
  NODE_HASH,
  NODE_INDEX,
  nodeSize,
  REC_BAL,
  REC_KEY,
  REC_LEAF,
  recFixed,
} from './layout.js';
import { loadMidstates } from './midstates.js';
import { Reducer, reducerBytes } from './reduce.js';
import { sortOffsets } from './sort.js';

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
  /** Sort records (layout.ts), grouped by bucket; empty after an error. */
  readonly records: Uint8Array;
  /** Byte offset where each bucket's records end (BUCKETS entries). */
  readonly bucketEnds: Uint32Array;
  readonly rows: number;
  /** Lines in the chunk. */
  readonly lines: number;
  readonly error?: RowError;
}

/** A duplicate uid found while sorting a bucket (chunk-relative lines). */
export interface Duplicate {
  readonly uid: string;
  readonly a: { chunk: number; line: number };
  readonly b: { chunk: number; line: number };
}

/** Result of {@link TaskRunner.sortBucket}. */
export interface SortedBucket {
  /** n sorted leaves as level-0 node records (index and parentRank still zero). */
  readonly nodes: Uint8Array;
  /** n × 16 bytes: orderKey[0…12) ‖ cand0 — an index entry once cand0 becomes the position. */
  readonly keys: Uint8Array;
  /** `u16 length ‖ uid` per leaf, same order. */
  readonly uids: Uint8Array;
  /** Byte offset of each leaf's uid in `uids` (n + 1 entries). */
  readonly uidOff: Uint32Array;
  readonly count: number;
  readonly duplicate?: Duplicate;
}

/** Result of {@link TaskRunner.reduce}: node records of levels 0 … levels, back to back. */
export interface ReduceResult {
  readonly records: Uint8Array;
  readonly counts: number[];
  /** Index entries of the leaves (dense leaf segments only). */
  readonly index?: Uint8Array;
}

/** Where a segment's leaves go: `positions[t]` (sparse) or `base + t` (dense, with `keys`). */
export interface LeafPlacement {
  readonly base?: number;
  readonly positions?: Uint32Array;
  readonly keys?: Uint8Array;
}

/** Rows per derive batch. */
const ROWS = 4096;

/** Record length of a sort record of `k` assets at `b[o …]`. */
export function recordLength(b: Uint8Array, o: number, k: number): number {
  const q = o + REC_BAL + 16 * k + 12;
  return recFixed(k) + ((b[q]! << 8) | b[q + 1]!);
}

/** Runs build tasks with its own hash engines. */
export class TaskRunner {
  private readonly init: TaskInit;
  private derivation: { deriver: Deriver; batch: RowBatch } | undefined;
  private rEngine: DigestEngine | undefined;
  private reducer: Reducer | undefined;
  private readonly sink = new ByteSink(1 << 22);

  constructor(init: TaskInit) {
    this.init = init;
  }

  /** The deriver and its row batch, made on first use (the main thread only reduces). */
  private derivers(): { deriver: Deriver; batch: RowBatch } {
    if (this.derivation) return this.derivation;
    const { k } = this.init;
    const cap = Math.max(16, Math.min(ROWS, Math.floor((32 << 20) / (64 * 9 + 32 * k))));
    const engine = createEngine(deriverBytes(cap, k), this.init.engine);
    loadMidstates(engine, this.init.roundKey);
    const deriver = new Deriver(engine, k, cap, this.init.sparse);
    const batch = new RowBatch(cap, k, {
      mem: engine.mem,
      base: deriver.balBase,
      stride: deriver.balStride,
    });
    this.derivation = { deriver, batch };
    return this.derivation;
  }

  /** Parse and derive the whole lines of `chunk` (chunk number `index`). */
  derive(chunk: Uint8Array, index: number, last: boolean): DeriveResult {
    const k = this.init.k;
    const out = this.sink;
    out.len = 0;
    let pos = 0;
    let line = 1;
    let rows = 0;
    try {
      // trailing empty lines are allowed at the very end of the input only
      let end = chunk.length;
      if (last) while (end > 0 && (chunk[end - 1] === 10 || chunk[end - 1] === 13)) end--;
      while (pos < end) {
        const { deriver, batch } = this.derivers();
        batch.reset();
        [pos, line] = parseRows(this.init.input, chunk, pos, end, line, batch);
        deriver.derive(batch, index, out);
        rows += batch.n;
      }
    } catch (e) {
      if (e instanceof ChunkRowError)
        return {
          records: new Uint8Array(0),
          bucketEnds: new Uint32Array(BUCKETS),
          rows,
          lines: line - 1,
          error: e.row,
        };
      throw e;
    }
    // group by bucket (a counting sort on the order key's first byte)
    const src = out.buf;
    const bytes = new Uint32Array(BUCKETS);
    for (let p = 0; p < out.len; ) {
      const len = recordLength(src, p, k);
      bytes[src[p + REC_KEY]!]! += len;
      p += len;
    }
    const at = new Uint32Array(BUCKETS);
    const bucketEnds = new Uint32Array(BUCKETS);
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      at[b] = sum;
      sum += bytes[b]!;
      bucketEnds[b] = sum;
    }
    const records = new Uint8Array(out.len);
    for (let p = 0; p < out.len; ) {
      const len = recordLength(src, p, k);
      const b = src[p + REC_KEY]!;
      records.set(src.subarray(p, p + len), at[b]!);
      at[b] = at[b]! + len;
      p += len;
    }
    return { records, bucketEnds, rows, lines: line - 1 };
  }

  /** Sort one bucket's records by order key; report the first duplicate uid. */
  sortBucket(buf: Uint8Array): SortedBucket {
    const k = this.init.k;
    let n = 0;
    let uidBytes = 0;
    for (let p = 0; p < buf.length; ) {
      const len = recordLength(buf, p, k);
      uidBytes += len - recFixed(k) + 2;
      p += len;
      n++;
    }
    const offs = new Uint32Array(n);
    for (let p = 0, i = 0; i < n; i++) {
      offs[i] = p;
      p += recordLength(buf, p, k);
    }
    const order = sortOffsets(buf, offs, n, 32, 1);
    const ns = nodeSize(k);
    const nodes = new Uint8Array(n * ns);
    const keys = new Uint8Array(n * INDEX_ENTRY);
    const uids = new Uint8Array(uidBytes);
    const uidOff = new Uint32Array(n + 1);
    let u = 0;
    let duplicate: Duplicate | undefined;
    for (let i = 0; i < n; i++) {
      const o = offs[order[i]!]!;
      // leafHash ‖ balances are adjacent in the record and in the node record
      nodes.set(buf.subarray(o + REC_LEAF, o + REC_BAL + 16 * k), i * ns + NODE_HASH);
      copy(keys, i * INDEX_ENTRY, buf, o + REC_KEY, INDEX_KEY_BYTES);
      copy(keys, i * INDEX_ENTRY + INDEX_KEY_BYTES, buf, o + REC_BAL + 16 * k, 4);
      const q = o + REC_BAL + 16 * k + 12;
      const len = (buf[q]! << 8) | buf[q + 1]!;
      uidOff[i] = u;
      copy(uids, u, buf, q, 2 + len);
      u += 2 + len;
      if (i > 0 && !duplicate) {
        const prev = offs[order[i - 1]!]!;
        let same = true;
        for (let j = 0; j < 32 && same; j++) same = buf[prev + j] === buf[o + j];
        if (same) {
          const where = (r: number) => {
            const c = r + REC_BAL + 16 * k;
            return { chunk: getU32(buf, c + 4), line: getU32(buf, c + 8) };
          };
          duplicate = {
            uid: new TextDecoder().decode(buf.subarray(q + 2, q + 2 + len)),
            a: where(prev),
            b: where(o),
          };
        }
      }
    }
    uidOff[n] = u;
    return { nodes, keys, uids, uidOff, count: n, duplicate };
  }

  /**
   * Reduce `count` node records (level `level0`) up `levels` levels. With `leaves`, the records
   * are level-0 leaves whose index is still to be set: `positions[t]`, or for dense segments
   * `base + t` — then `keys` (see {@link SortedBucket}) become the segment's index entries.
   */
  reduce(
    input: Uint8Array,
    count: number,
    level0: number,
    levels: number,
    leaves?: LeafPlacement
  ): ReduceResult {
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
    const at = this.reducer.input;
    m.set(input.subarray(0, count * ns), at);
    let index: Uint8Array | undefined;
    if (leaves) {
      const keys = leaves.keys;
      for (let t = 0; t < count; t++) {
        const pos = leaves.positions ? leaves.positions[t]! : leaves.base! + t;
        putU32(m, at + t * ns + NODE_INDEX, pos);
        if (keys) putU32(keys, t * INDEX_ENTRY + INDEX_KEY_BYTES, pos);
      }
      index = keys;
    }
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
    return { records: out, counts: red.counts, index };
  }
}
