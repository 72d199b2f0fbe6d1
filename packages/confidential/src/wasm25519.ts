/**
 * A WebAssembly core for the prover's edwards25519 arithmetic (SPEC.md §16.9): the same group
 * law as fast25519.ts, with field elements of `p = 2^255 − 19` as ten signed limbs of 26 and 25
 * bits (radix 2^25.5, the representation of the ref10 implementation of Bernstein, Duif, Lange,
 * Schwabe and Yang) multiplied with 64-bit integer products — about four times the speed of
 * bigint arithmetic. The module is assembled here at run time from a few opcode emitters (no
 * binary blob, no build step; the approach of packages/tree's SIMD SHA-256). Where WebAssembly is
 * unavailable, {@link wasmCurve} returns null and callers use fast25519.ts.
 *
 * Memory layout: a field element is 10 little-endian i32 limbs (40 bytes); a point
 * `(X : Y : Z : T)` or a cached point `(Y+X, Y−X, 2d·T, 2Z)` is 4 of them (160 bytes).
 * Bytes 0–39 hold 0, 40–79 hold `2d`, 128–527 are scratch, the heap starts at 1024.
 *
 * Nothing here is constant-time; it only ever sees the prover's values. Every export is
 * cross-checked against fast25519.ts and noble in `wasm25519.test.ts`, and every proof made
 * with it is verified by the noble-only verifier in the tests.
 * @module
 */
import { compileWasm, WASM_I64 as I64, WasmCode, wasmModule } from '@kura/codec';
import { ed25519 } from '@noble/curves/ed25519.js';
import { type Ext, msmPlan, wnaf } from './fast25519.js';

/** Opcode emitters (WebAssembly core specification §5.4): the shared ones and the loads/stores here. */
class Code extends WasmCode {
  /** i64.load32_s at the address on the stack + offset. */
  load(offset: number): this {
    return this.memory(0x34, offset);
  }
  /** i64.store32 (address, value on the stack) + offset. */
  store(offset: number): this {
    return this.memory(0x3e, offset);
  }
}
const ADD = 0x7c;
const SUB = 0x7d;
const MUL = 0x7e;
const AND = 0x83;
const SHR_S = 0x87;
const I32_ADD = 0x6a;

/** Bit widths of the ten limbs and their offsets. */
const WIDTH = [26, 25, 26, 25, 26, 25, 26, 25, 26, 25] as const;
const OFFSET = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230] as const;

/** Carry h0 … h9 (locals h, h+1, …; temp c) into limbs of their width, wrapping 2^255 as 19. */
function carry(c: Code, h: number, tmp: number): void {
  const step = (i: number): void => {
    const w = WIDTH[i]!;
    c.get(h + i)
      .i64(w)
      .op(SHR_S)
      .set(tmp);
    c.get(h + i)
      .i64(2 ** w - 1)
      .op(AND)
      .set(h + i);
    const j = (i + 1) % 10;
    if (i === 9) c.get(h).get(tmp).i64(19).op(MUL).op(ADD).set(h);
    else
      c.get(h + j)
        .get(tmp)
        .op(ADD)
        .set(h + j);
  };
  for (let i = 0; i < 10; i++) step(i);
  step(0);
}

/** Store locals h … h+9 as the limbs at local `o`. */
function storeLimbs(c: Code, o: number, h: number): void {
  for (let i = 0; i < 10; i++)
    c.get(o)
      .get(h + i)
      .store(4 * i);
}

/** fmul(o, a, b): params 0–2, a limbs 3–12, b limbs 13–22, 19·b 23–32, h 33–42, tmp 43. */
function fmulBody(): number[] {
  const c = new Code();
  const A = 3;
  const B = 13;
  const B19 = 23;
  const H = 33;
  const T = 43;
  for (let i = 0; i < 10; i++)
    c.get(1)
      .load(4 * i)
      .set(A + i);
  for (let i = 0; i < 10; i++)
    c.get(2)
      .load(4 * i)
      .set(B + i);
  for (let i = 1; i < 10; i++)
    c.get(B + i)
      .i64(19)
      .op(MUL)
      .set(B19 + i);
  for (let k = 0; k < 10; k++) {
    let first = true;
    for (let i = 0; i < 10; i++) {
      const j = (k - i + 10) % 10;
      const wrap = i + j >= 10;
      c.get(A + i)
        .get(wrap ? B19 + j : B + j)
        .op(MUL);
      // odd × odd limbs: 2^{OFFSET_i + OFFSET_j} = 2^{OFFSET_{i+j}} · 2
      if (i % 2 === 1 && j % 2 === 1) c.i64(1).op(0x86); // i64.shl 1
      if (!first) c.op(ADD);
      first = false;
    }
    c.set(H + k);
  }
  carry(c, H, T);
  storeLimbs(c, 0, H);
  c.op(0x0b);
  return [1, 41, I64, ...c.b];
}

/** fadd / fsub(o, a, b) with carry: params 0–2, h 3–12, tmp 13. */
function faddBody(op: number): number[] {
  const c = new Code();
  for (let i = 0; i < 10; i++)
    c.get(1)
      .load(4 * i)
      .get(2)
      .load(4 * i)
      .op(op)
      .set(3 + i);
  carry(c, 3, 13);
  storeLimbs(c, 0, 3);
  c.op(0x0b);
  return [1, 11, I64, ...c.b];
}

/**
 * freeze(o, a, _): the canonical limbs of `a mod p` (ref10's `fe_tobytes` reduction): with
 * `q = ⌊(a + 19)/2^255⌋` computed from the limbs, `a + 19q` with the carry out of bit 255
 * dropped. Params 0–2, h 3–12, q 13.
 */
function freezeBody(): number[] {
  const c = new Code();
  const H = 3;
  const Q = 13;
  for (let i = 0; i < 10; i++)
    c.get(1)
      .load(4 * i)
      .set(H + i);
  c.get(H + 9)
    .i64(19)
    .op(MUL)
    .i64(2 ** 24)
    .op(ADD)
    .i64(25)
    .op(SHR_S)
    .set(Q);
  for (let i = 0; i < 10; i++)
    c.get(H + i)
      .get(Q)
      .op(ADD)
      .i64(WIDTH[i]!)
      .op(SHR_S)
      .set(Q);
  c.get(H).get(Q).i64(19).op(MUL).op(ADD).set(H);
  for (let i = 0; i < 9; i++) {
    const w = WIDTH[i]!;
    c.get(H + i)
      .i64(w)
      .op(SHR_S)
      .set(Q);
    c.get(H + i)
      .i64(2 ** w - 1)
      .op(AND)
      .set(H + i);
    c.get(H + i + 1)
      .get(Q)
      .op(ADD)
      .set(H + i + 1);
  }
  c.get(H + 9)
    .i64(2 ** 25 - 1)
    .op(AND)
    .set(H + 9);
  storeLimbs(c, 0, H);
  c.op(0x0b);
  return [1, 11, I64, ...c.b];
}

const F_MUL = 0;
const F_ADD = 1;
const F_SUB = 2;
const ZERO = 0;
const D2_AT = 40;
const SCRATCH = 128;
/** Heap start: callers place their data from here. */
export const HEAP = 1024;
const FE = 40;
const X = 0;
const Y = 40;
const Z = 80;
const T = 120;

type Ref = readonly [local: number | null, offset: number];
const tmp = (k: number): Ref => [null, SCRATCH + FE * k];
function emitRef(c: Code, r: Ref): void {
  const [local, off] = r;
  if (local === null) c.i32(off);
  else if (off === 0) c.get(local);
  else c.get(local).i32(off).op(I32_ADD);
}
function fcall(c: Code, f: number, o: Ref, a: Ref, b: Ref): void {
  emitRef(c, o);
  emitRef(c, a);
  emitRef(c, b);
  c.call(f);
}

/** add_cached / sub_cached(o, p, q): `o = p ± q`, q cached (add-2008-hwcd-3). */
function addCachedBody(neg: boolean): number[] {
  const c = new Code();
  const p = (off: number): Ref => [1, off];
  const q = (off: number): Ref => [2, off];
  const o = (off: number): Ref => [0, off];
  fcall(c, F_SUB, tmp(0), p(Y), p(X));
  fcall(c, F_ADD, tmp(1), p(Y), p(X));
  fcall(c, F_MUL, tmp(2), tmp(0), q(neg ? 0 : 40)); // A
  fcall(c, F_MUL, tmp(3), tmp(1), q(neg ? 40 : 0)); // B
  fcall(c, F_MUL, tmp(4), p(T), q(80)); // C (negated below for sub)
  fcall(c, F_MUL, tmp(5), p(Z), q(120)); // D
  fcall(c, F_SUB, tmp(6), tmp(3), tmp(2)); // E
  fcall(c, neg ? F_ADD : F_SUB, tmp(7), tmp(5), tmp(4)); // F = D − C
  fcall(c, neg ? F_SUB : F_ADD, tmp(8), tmp(5), tmp(4)); // G = D + C
  fcall(c, F_ADD, tmp(9), tmp(3), tmp(2)); // H
  fcall(c, F_MUL, o(X), tmp(6), tmp(7));
  fcall(c, F_MUL, o(Y), tmp(8), tmp(9));
  fcall(c, F_MUL, o(Z), tmp(7), tmp(8));
  fcall(c, F_MUL, o(T), tmp(6), tmp(9));
  c.op(0x0b);
  return [0, ...c.b];
}

/** dbl(o, p, _): dbl-2008-hwcd with a = −1. */
function dblBody(): number[] {
  const c = new Code();
  const p = (off: number): Ref => [1, off];
  const o = (off: number): Ref => [0, off];
  fcall(c, F_MUL, tmp(0), p(X), p(X)); // A
  fcall(c, F_MUL, tmp(1), p(Y), p(Y)); // B
  fcall(c, F_MUL, tmp(2), p(Z), p(Z));
  fcall(c, F_ADD, tmp(2), tmp(2), tmp(2)); // C = 2Z²
  fcall(c, F_ADD, tmp(3), p(X), p(Y));
  fcall(c, F_MUL, tmp(3), tmp(3), tmp(3));
  fcall(c, F_SUB, tmp(3), tmp(3), tmp(0));
  fcall(c, F_SUB, tmp(3), tmp(3), tmp(1)); // E
  fcall(c, F_SUB, tmp(4), tmp(1), tmp(0)); // G = B − A
  fcall(c, F_SUB, tmp(5), tmp(4), tmp(2)); // F = G − C
  fcall(c, F_ADD, tmp(6), tmp(0), tmp(1));
  fcall(c, F_SUB, tmp(6), [null, ZERO], tmp(6)); // H = −(A + B)
  fcall(c, F_MUL, o(X), tmp(3), tmp(5));
  fcall(c, F_MUL, o(Y), tmp(4), tmp(6));
  fcall(c, F_MUL, o(Z), tmp(5), tmp(4));
  fcall(c, F_MUL, o(T), tmp(3), tmp(6));
  c.op(0x0b);
  return [0, ...c.b];
}

/** to_cached(o, p, _): `(Y+X, Y−X, 2d·T, 2Z)`; o may alias p. */
function toCachedBody(): number[] {
  const c = new Code();
  const p = (off: number): Ref => [1, off];
  const o = (off: number): Ref => [0, off];
  fcall(c, F_ADD, tmp(0), p(Y), p(X));
  fcall(c, F_SUB, tmp(1), p(Y), p(X));
  fcall(c, F_MUL, tmp(2), p(T), [null, D2_AT]);
  fcall(c, F_ADD, tmp(3), p(Z), p(Z));
  for (let k = 0; k < 4; k++) fcall(c, F_ADD, o(FE * k), tmp(k), [null, ZERO]);
  c.op(0x0b);
  return [0, ...c.b];
}

const EXPORTS = [
  'fmul',
  'fadd',
  'fsub',
  'add_cached',
  'sub_cached',
  'dbl',
  'to_cached',
  'freeze',
] as const;

/** The module: 8 functions of type (i32, i32, i32) → (), memory imported as env.mem. */
export function curveModule(): Uint8Array<ArrayBuffer> {
  const bodies = [
    fmulBody(),
    faddBody(ADD),
    faddBody(SUB),
    addCachedBody(false),
    addCachedBody(true),
    dblBody(),
    toCachedBody(),
    freezeBody(),
  ];
  return wasmModule(3, bodies, EXPORTS);
}

type Fn3 = (o: number, a: number, b: number) => void;

const P = 2n ** 255n - 19n;

/** An instance of the curve module with a growable heap. */
export class WasmCurve {
  readonly fmul: Fn3;
  readonly fadd: Fn3;
  readonly fsub: Fn3;
  readonly addCached: Fn3;
  readonly subCached: Fn3;
  readonly dbl: Fn3;
  readonly toCached: Fn3;
  /** `freeze(o, a, 0)`: the canonical limbs of `a` (value in `[0, p)`). */
  readonly freeze: Fn3;
  private readonly memory: WebAssembly.Memory;
  private i32: Int32Array;
  private dv: DataView;

  constructor(module: WebAssembly.Module) {
    this.memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(module, { env: { mem: this.memory } });
    const e = inst.exports as Record<(typeof EXPORTS)[number], Fn3>;
    this.fmul = e.fmul;
    this.fadd = e.fadd;
    this.fsub = e.fsub;
    this.addCached = e.add_cached;
    this.subCached = e.sub_cached;
    this.dbl = e.dbl;
    this.toCached = e.to_cached;
    this.freeze = e.freeze;
    this.i32 = new Int32Array(this.memory.buffer);
    this.dv = new DataView(this.memory.buffer);
    this.setFe(D2_AT, (2n * ed25519.Point.CURVE().d) % P);
  }

  /** Make the heap at least `bytes` long from {@link HEAP}. */
  ensure(bytes: number): void {
    const need = HEAP + bytes;
    if (need > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / 65536));
      this.i32 = new Int32Array(this.memory.buffer);
      this.dv = new DataView(this.memory.buffer);
    }
  }

  /** Write `x` (`0 ≤ x < 2^256`) as limbs at byte address `at`. */
  setFe(at: number, x: bigint): void {
    const dv = this.dv;
    // 32 little-endian bytes at the scratch end, then slice into 26/25-bit limbs
    const s = SCRATCH + 10 * FE;
    dv.setBigUint64(s, x & 0xffffffffffffffffn, true);
    dv.setBigUint64(s + 8, (x >> 64n) & 0xffffffffffffffffn, true);
    dv.setBigUint64(s + 16, (x >> 128n) & 0xffffffffffffffffn, true);
    dv.setBigUint64(s + 24, x >> 192n, true);
    const w = (k: number): number => (k < 8 ? dv.getUint32(s + 4 * k, true) : 0);
    for (let i = 0; i < 10; i++) {
      const off = OFFSET[i]!;
      const k = off >>> 5;
      const sh = off & 31;
      const v = sh === 0 ? w(k) : (w(k) >>> sh) | (w(k + 1) << (32 - sh));
      this.i32[(at >> 2) + i] = i === 9 ? v >>> 0 : (v & (2 ** WIDTH[i]! - 1)) >>> 0;
    }
  }

  /** The field element at `at`, reduced to `[0, p)`. */
  getFe(at: number): bigint {
    let v = 0n;
    for (let i = 9; i >= 0; i--) v += BigInt(this.i32[(at >> 2) + i]!) << BigInt(OFFSET[i]!);
    v %= P;
    return v < 0n ? v + P : v;
  }

  /** Limb `i` of the field element at `at` (after {@link WasmCurve.freeze}: canonical). */
  limb(at: number, i: number): number {
    return this.i32[(at >> 2) + i]!;
  }

  setExt(at: number, p: Ext): void {
    for (let k = 0; k < 4; k++) this.setFe(at + FE * k, p[k]!);
  }
  getExt(at: number): Ext {
    return [this.getFe(at), this.getFe(at + FE), this.getFe(at + 2 * FE), this.getFe(at + 3 * FE)];
  }
  /** Copy a 160-byte point. */
  copy(to: number, from: number): void {
    this.i32.copyWithin(to >> 2, from >> 2, (from >> 2) + 40);
  }
}

let compiled: WebAssembly.Module | null | undefined;
let curve: WasmCurve | null | undefined;
let enabled = true;

/**
 * Switch the WebAssembly core off (or back on) for this process: callers then take the
 * fast25519 bigint path. For benchmarks and for the tests of that fallback path.
 * @internal
 */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

function compiledModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileWasm(curveModule);
  return compiled;
}

/** The shared instance, or null where WebAssembly is unavailable or switched off. */
export function wasmCurve(): WasmCurve | null {
  if (!enabled) return null;
  if (curve === undefined) {
    const m = compiledModule();
    curve = m ? new WasmCurve(m) : null;
  }
  return curve;
}

/**
 * A separate instance with its own memory (for long-lived tables that the shared instance's
 * scratch heap must not overwrite), or null where WebAssembly is unavailable or switched off.
 */
export function newWasmCurve(): WasmCurve | null {
  if (!enabled) return null;
  const m = compiledModule();
  return m ? new WasmCurve(m) : null;
}

/** Bytes of one point in memory. */
export const POINT_BYTES = 4 * FE;

const IDENTITY: Ext = [0n, 1n, 1n, 0n];

/**
 * `Σ k_i·P_i` (scalars in `[0, 2^256)`) by the signed-digit Pippenger of fast25519's
 * `extMsm`, on the WebAssembly core: same plan, same buckets, same result.
 */
export function wasmMsm(w: WasmCurve, points: readonly Ext[], scalars: readonly bigint[]): Ext {
  const plan = msmPlan(points, scalars);
  if (plan === null) return IDENTITY;
  const { idx, c, windows, digits } = plan;
  const m = idx.length;
  const half = 1 << (c - 1);
  const PB = POINT_BYTES;
  // layout: identity, tmp, acc, running, sum, cached points (m), buckets (half)
  w.ensure(PB * (5 + m + half));
  const ID = HEAP;
  const TMP = ID + PB;
  const ACC = TMP + PB;
  const RUN = ACC + PB;
  const SUM = RUN + PB;
  const PTS = SUM + PB;
  const BKT = PTS + PB * m;
  w.setExt(ID, IDENTITY);
  for (let j = 0; j < m; j++) {
    const at = PTS + PB * j;
    w.setExt(at, points[idx[j]!]!);
    w.toCached(at, at, 0);
  }
  const filled = new Uint8Array(half);
  w.copy(ACC, ID);
  for (let win = windows - 1; win >= 0; win--) {
    if (win < windows - 1) for (let i = 0; i < c; i++) w.dbl(ACC, ACC, 0);
    filled.fill(0);
    for (let j = 0; j < m; j++) {
      const d = digits[j * windows + win]!;
      if (d === 0) continue;
      const s = (d < 0 ? -d : d) - 1;
      const b = BKT + PB * s;
      if (filled[s] === 0) {
        w.copy(b, ID);
        filled[s] = 1;
      }
      if (d > 0) w.addCached(b, b, PTS + PB * j);
      else w.subCached(b, b, PTS + PB * j);
    }
    let started = false;
    w.copy(RUN, ID);
    w.copy(SUM, ID);
    for (let s = half - 1; s >= 0; s--) {
      if (filled[s] === 1) {
        w.toCached(TMP, BKT + PB * s, 0);
        w.addCached(RUN, RUN, TMP);
        started = true;
      }
      if (started) {
        w.toCached(TMP, RUN, 0);
        w.addCached(SUM, SUM, TMP);
      }
    }
    if (started) {
      w.toCached(TMP, SUM, 0);
      w.addCached(ACC, ACC, TMP);
    }
  }
  return w.getExt(ACC);
}

/**
 * `Σ k_i·P_i` by Straus' interleaving with width-5 wNAF (as fast25519's `extStraus`), on the
 * WebAssembly core.
 */
export function wasmStraus(w: WasmCurve, points: readonly Ext[], scalars: readonly bigint[]): Ext {
  const n = points.length;
  if (n !== scalars.length) throw new RangeError('"scalars" must match "points"');
  const PB = POINT_BYTES;
  // layout: acc, p2 (cached), q, tables (n × 8 cached)
  w.ensure(PB * (3 + 8 * n));
  const ACC = HEAP;
  const P2 = ACC + PB;
  const Q = P2 + PB;
  const TAB = Q + PB;
  const digits = scalars.map(wnaf);
  let len = 0;
  for (const d of digits) len = Math.max(len, d.length);
  for (let j = 0; j < n; j++) {
    const t = TAB + 8 * PB * j;
    w.setExt(Q, points[j]!);
    w.toCached(t, Q, 0);
    w.dbl(P2, Q, 0);
    w.toCached(P2, P2, 0);
    for (let i = 1; i < 8; i++) {
      w.addCached(Q, Q, P2);
      w.toCached(t + PB * i, Q, 0);
    }
  }
  w.setExt(ACC, IDENTITY);
  for (let i = len - 1; i >= 0; i--) {
    w.dbl(ACC, ACC, 0);
    for (let j = 0; j < n; j++) {
      const d = digits[j]![i] ?? 0;
      if (d > 0) w.addCached(ACC, ACC, TAB + 8 * PB * j + PB * ((d - 1) >> 1));
      else if (d < 0) w.subCached(ACC, ACC, TAB + 8 * PB * j + PB * ((-d - 1) >> 1));
    }
  }
  return w.getExt(ACC);
}
