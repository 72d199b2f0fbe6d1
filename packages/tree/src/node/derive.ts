/**
 * Batch leaf derivation (protocol v1 §Leaf, §Placement) for the streaming builder: for a batch
 * of parsed rows compute uidHash, nonce, orderKey, leafHash and the first sparse candidate,
 * and emit one sort record per row (see `layout.ts`).
 *
 * Each hash kind is one {@link DigestEngine.digest} call over the whole batch:
 * ```
 * uidHash  = TH(uid)                                   A[r] = uid ‖ pad                (1 block)
 * nonce    = HMAC(rk, "kura/v1/leaf-nonce" ‖ uidHash)  B[r] = label18 ‖ uidHash ‖ pad  (1 + 1)
 * orderKey = HMAC(rk, "kura/v1/order" ‖ uidHash)       C[r] = label13 ‖ uidHash ‖ pad  (1 + 1)
 * cand0    = HMAC(rk, "kura/v1/position" ‖ uidHash ‖ u32(0))  P[r]                     (1 + 1)
 * leafHash = TH(uidHash ‖ nonce ‖ u128(b_1) ‖ … ‖ u128(b_k))   E[r]            (⌈(73+16k)/64⌉)
 * ```
 * HMAC outer messages (inner digest ‖ pad) share the region X. Uids longer than 55 bytes
 * (more than one block) are hashed one by one.
 * @module
 */
import { utf8Raw } from '@kura/codec';
import type { DigestEngine } from './engine.js';
import { paddedBlocks, writePadding } from './engine.js';
import type { RowBatch } from './input.js';
import { REC_BAL, REC_KEY, recFixed } from './layout.js';
import { SLOT_IPAD, SLOT_LEAF, SLOT_OPAD, SLOT_UID } from './midstates.js';

const NONCE_LABEL = utf8Raw('kura/v1/leaf-nonce'); // 18 bytes
const ORDER_LABEL = utf8Raw('kura/v1/order'); // 13 bytes
const POSITION_LABEL = utf8Raw('kura/v1/position'); // 16 bytes

/** Arena bytes a {@link Deriver} needs for `cap` rows of `k` assets. */
export function deriverBytes(cap: number, k: number): number {
  const eb = paddedBlocks(64 + 16 * k);
  return cap * (64 * 6 + 64 * eb + 32 * 4) + 64 * 20;
}

/** A growable byte buffer for records. */
export class ByteSink {
  buf: Uint8Array;
  len = 0;
  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial);
  }
  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  /** The bytes written, as an exactly-sized copy. */
  take(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Derives leaves for batches of rows with one engine. */
export class Deriver {
  readonly cap: number;
  readonly k: number;
  private readonly e: DigestEngine;
  private readonly sparse: boolean;
  private readonly eb: number;
  private readonly es: number;
  private readonly A: number;
  private readonly UH: number;
  private readonly B: number;
  private readonly C: number;
  private readonly P: number;
  private readonly X: number;
  private readonly E: number;
  private readonly PO: number;
  private readonly LONG: number;
  /** Uid length last written to each one-block uid slot (slots start all zero). */
  private readonly aLen: Int32Array;

  /** `engine.mem` must hold {@link deriverBytes}(cap, k) bytes from `base`. */
  constructor(engine: DigestEngine, k: number, cap: number, sparse: boolean, base = 0) {
    this.e = engine;
    this.k = k;
    this.cap = cap;
    this.sparse = sparse;
    this.eb = paddedBlocks(64 + 16 * k);
    this.es = 64 * this.eb;
    let o = base;
    const take = (n: number) => {
      const r = o;
      o += n;
      return r;
    };
    this.A = take(64 * cap);
    this.UH = take(32 * cap);
    this.B = take(64 * cap);
    this.C = take(64 * cap);
    this.P = take(64 * cap);
    this.X = take(64 * cap);
    this.E = take(this.es * cap);
    this.PO = take(32 * cap);
    this.LONG = take(64 * 20);
    this.aLen = new Int32Array(cap).fill(-1);
    if (o > engine.mem.length) throw new RangeError('engine arena too small for the deriver');
    const m = engine.mem;
    for (let r = 0; r < cap; r++) {
      m.set(NONCE_LABEL, this.B + 64 * r);
      writePadding(m, this.B + 64 * r, 50);
      m.set(ORDER_LABEL, this.C + 64 * r);
      writePadding(m, this.C + 64 * r, 45);
      m.set(POSITION_LABEL, this.P + 64 * r);
      writePadding(m, this.P + 64 * r, 52); // u32(j = 0) stays zero
      writePadding(m, this.X + 64 * r, 32);
      writePadding(m, this.E + this.es * r, 64 + 16 * k);
    }
  }

  /** Where the parser should write row r's balances: `mem[balBase + r·balStride + 16a]`. */
  get balBase(): number {
    return this.E + 64;
  }
  get balStride(): number {
    return this.es;
  }

  /**
   * Derive `batch` (whose balances already sit in the arena at {@link balBase}) and append one
   * record per row to `out`, tagged with `chunk`.
   */
  derive(batch: RowBatch, chunk: number, out: ByteSink): void {
    const { e, k, es } = this;
    const m = e.mem;
    const n = batch.n;
    // 1. uidHash
    let runStart = 0;
    const flush = (end: number) => {
      if (end > runStart)
        e.digest(
          SLOT_UID,
          this.A + 64 * runStart,
          64,
          1,
          end - runStart,
          this.UH + 32 * runStart,
          32
        );
    };
    for (let r = 0; r < n; r++) {
      const len = batch.uidLen[r]!;
      const src = batch.uidOff[r]!;
      if (len <= 55) {
        const a = this.A + 64 * r;
        copy(m, a, batch.heap, src, len);
        // zero what a longer uid left in this slot, then 0x80 and the bit length
        const prev = this.aLen[r]!;
        for (let i = a + len + 1; i <= a + prev; i++) m[i] = 0;
        this.aLen[r] = len;
        m[a + len] = 0x80;
        const bits = (64 + len) * 8;
        m[a + 62] = bits >>> 8;
        m[a + 63] = bits & 255;
      } else {
        flush(r);
        runStart = r + 1;
        const blocks = paddedBlocks(len);
        m.set(batch.heap.subarray(src, src + len), this.LONG);
        writePadding(m, this.LONG, len);
        e.digest(SLOT_UID, this.LONG, 64 * blocks, blocks, 1, this.UH + 32 * r, 32);
      }
    }
    flush(n);
    // 2. spread uidHash into the nonce, order, position and leaf messages
    for (let r = 0; r < n; r++) {
      const u = this.UH + 32 * r;
      const b = this.B + 64 * r + 18;
      const c = this.C + 64 * r + 13;
      const l = this.E + es * r;
      for (let i = 0; i < 32; i++) {
        const x = m[u + i]!;
        m[b + i] = x;
        m[c + i] = x;
        m[l + i] = x;
      }
      if (this.sparse) copy(m, this.P + 64 * r + 16, m, u, 32);
    }
    // 3. nonce: inner into X, outer straight into the leaf messages
    e.digest(SLOT_IPAD, this.B, 64, 1, n, this.X, 64);
    e.digest(SLOT_OPAD, this.X, 64, 1, n, this.E + 32, es);
    // 4. first sparse candidate
    if (this.sparse) {
      e.digest(SLOT_IPAD, this.P, 64, 1, n, this.X, 64);
      e.digest(SLOT_OPAD, this.X, 64, 1, n, this.PO, 32);
    }
    // 5. leafHash, written over the nonce once each leaf message is hashed (the engine stores a
    //    message's digest only after reading all of it), then orderKey over the uidHash: each
    //    leaf slot becomes orderKey ‖ leafHash ‖ balances, the head of a sort record
    e.digest(SLOT_LEAF, this.E, es, this.eb, n, this.E + 32, es);
    e.digest(SLOT_IPAD, this.C, 64, 1, n, this.X, 64);
    e.digest(SLOT_OPAD, this.X, 64, 1, n, this.E, es);
    // 6. records
    const fixed = recFixed(k);
    let need = 0;
    for (let r = 0; r < n; r++) need += fixed + batch.uidLen[r]!;
    out.reserve(need);
    const o = out.buf;
    let p = out.len;
    const head = 64 + 16 * k;
    for (let r = 0; r < n; r++) {
      const slot = this.E + es * r;
      o.set(m.subarray(slot, slot + head), p + REC_KEY);
      const q = p + REC_BAL + 16 * k;
      if (this.sparse) {
        const c = this.PO + 32 * r;
        o[q] = m[c]!;
        o[q + 1] = m[c + 1]!;
        o[q + 2] = m[c + 2]!;
        o[q + 3] = m[c + 3]!;
      } else {
        o[q] = 0;
        o[q + 1] = 0;
        o[q + 2] = 0;
        o[q + 3] = 0;
      }
      putU32(o, q + 4, chunk);
      putU32(o, q + 8, batch.line[r]!);
      const len = batch.uidLen[r]!;
      o[q + 12] = len >>> 8;
      o[q + 13] = len & 255;
      copy(o, q + 14, batch.heap, batch.uidOff[r]!, len);
      p = q + 14 + len;
    }
    out.len = p;
  }
}

/** dst[d … d+n) = src[s … s+n) (a plain loop: no subarray objects). */
export function copy(dst: Uint8Array, d: number, src: Uint8Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) dst[d + i] = src[s + i]!;
}

/** Write `v` as u32 big-endian. */
export function putU32(o: Uint8Array, at: number, v: number): void {
  o[at] = v >>> 24;
  o[at + 1] = (v >>> 16) & 255;
  o[at + 2] = (v >>> 8) & 255;
  o[at + 3] = v & 255;
}

/** Read a u32 big-endian. */
export function getU32(o: Uint8Array, at: number): number {
  return ((o[at]! << 24) | (o[at + 1]! << 16) | (o[at + 2]! << 8) | o[at + 3]!) >>> 0;
}
