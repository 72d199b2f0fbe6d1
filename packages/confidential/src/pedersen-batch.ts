/**
 * Batched Pedersen commitments for the v2 tree builder (SPEC.md §16.4, §16.9, §16.10): the same
 * commitments `C = v·G + r·H` as {@link commit}, their sums and their RFC 9496 encodings, at a
 * fraction of the cost of one `@noble/curves` operation each:
 *
 * - **fixed-base combs.** `v·G` and `r·H` come from precomputed tables of signed 12-bit windows
 *   (`d·2^{12t}·B` for `1 ≤ d ≤ 2^11`, in affine "Niels" form `(y+x, y−x, 2d·x·y)`), built
 *   once per process: 6 mixed additions for a 64-bit value, 22 for a blinding, no doublings;
 * - **halves.** A commitment is held as the edwards25519 point `C/2` (the combs are built on
 *   `G/2` and `H/2`), because the RFC 9496 encoding of a *doubled* point needs no square root,
 *   only an inversion (the ristretto255 "batched double-and-encode" of Hamburg's Decaf paper,
 *   §6, as implemented in curve25519-dalek) — and inversions batch: {@link encodeMany} spends
 *   one field inversion (Montgomery's trick) on a whole batch;
 * - **sums.** Sums of halves are halves of sums: a parent is one point addition.
 *
 * The combs run on the WebAssembly core (wasm25519.ts, in an instance of their own holding the
 * tables, ≈ 10 MB) where available, else on fast25519's bigint arithmetic; both are variable
 * time: commitments to secret values are computed here, so a builder that must resist local
 * timing attacks should not use it (the tree builder runs on the exchange's own machine). Every function is cross-checked against noble on random inputs in
 * `pedersen-batch.test.ts`; a verifier never runs this code.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { EXT_ZERO, type Ext, extAdd, extDouble, fromExt, P25519, red, toExt } from './fast25519.js';
import { G, pedersenH } from './generators.js';
import { inv, ORDER, type Point } from './group.js';
import { RANGE_BITS, VALUE_BOUND } from './pedersen.js';
import { HEAP, newWasmCurve, POINT_BYTES, type WasmCurve, wasmCurve } from './wasm25519.js';

/**
 * A commitment in the builder's form: the extended edwards25519 coordinates of `C/2`. Opaque
 * outside this module: combine with {@link addHalves}, encode with {@link encodeMany}, convert
 * with {@link halfToPoint} / {@link pointToHalf}.
 */
export type CommitmentHalf = Ext;

const P = P25519;
const D = ed25519.Point.CURVE().d;
const D2 = (2n * D) % P;
/** `sqrt(−1)` and `1/sqrt(a − d)` (RFC 9496 §4.1). */
const SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752n;
const INVSQRT_A_MINUS_D =
  54469307008909316920995813868745141605393597292927456921205312896311721017578n;

function fadd(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= P ? s - P : s;
}
function fsub(a: bigint, b: bigint): bigint {
  const s = a - b;
  return s < 0n ? s + P : s;
}
function fneg(a: bigint): bigint {
  return a === 0n ? 0n : P - a;
}

/** Affine Niels form of a point: `(y + x, y − x, 2d·x·y)`. */
type Niels = readonly [bigint, bigint, bigint];

/** `p + q` with `q` in Niels form, negated if `neg` (madd-2008-hwcd-3: 7 multiplications). */
function addNiels(p: Ext, q: Niels, neg: boolean): Ext {
  const [X1, Y1, Z1, T1] = p;
  const ypx = neg ? q[1] : q[0];
  const ymx = neg ? q[0] : q[1];
  const A = red(fsub(Y1, X1) * ymx);
  const B = red(fadd(Y1, X1) * ypx);
  const C = red(T1 * (neg ? fneg(q[2]) : q[2]));
  const Dd = fadd(Z1, Z1);
  const E = fsub(B, A);
  const F = fsub(Dd, C);
  const Gg = fadd(Dd, C);
  const H = fadd(B, A);
  return [red(E * F), red(Gg * H), red(F * Gg), red(E * H)];
}

/** Montgomery's trick: the inverses of non-zero field elements with one inversion. */
function batchInvertField(xs: readonly bigint[]): bigint[] {
  const n = xs.length;
  const pre = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    pre[i] = acc;
    acc = red(acc * xs[i]!);
  }
  let accInv = n === 0 ? 1n : ed25519.Point.Fp.inv(acc);
  const out = new Array<bigint>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = red(accInv * pre[i]!);
    accInv = red(accInv * xs[i]!);
  }
  return out;
}

/** Window width of the combs (signed digits in `[−2^11, 2^11]`). */
const W = 12;
const HALF_W = 1 << (W - 1);

/** A fixed-base comb: `table[t][d − 1] = d·2^{W·t}·B` for `1 ≤ d ≤ 2^{W−1}`. */
type Comb = Niels[][];

function buildComb(base: Ext, windows: number): Comb {
  const ext: Ext[] = [];
  let b = base;
  for (let t = 0; t < windows; t++) {
    let acc = b;
    for (let d = 1; d <= HALF_W; d++) {
      ext.push(acc);
      if (d < HALF_W) acc = extAdd(acc, b);
    }
    // next window base: 2^W·b = 2·(2^{W−1}·b)
    b = extDouble(acc);
  }
  const zInv = batchInvertField(ext.map((p) => p[2]));
  const comb: Comb = [];
  for (let t = 0; t < windows; t++) {
    const row: Niels[] = [];
    for (let d = 0; d < HALF_W; d++) {
      const i = t * HALF_W + d;
      const p = ext[i]!;
      const x = red(p[0] * zInv[i]!);
      const y = red(p[1] * zInv[i]!);
      row.push([fadd(y, x), fsub(y, x), red(red(x * y) * D2)]);
    }
    comb.push(row);
  }
  return comb;
}

/** Signed base-2^W digits of `k ≥ 0`, least significant first, `windows` of them. */
function signedDigits(k: bigint, windows: number): Int32Array {
  const out = new Int32Array(windows);
  let carry = 0;
  for (let t = 0; t < windows; t++) {
    let d = Number(k & BigInt((1 << W) - 1)) + carry;
    k >>= BigInt(W);
    carry = 0;
    if (d > HALF_W) {
      d -= 1 << W;
      carry = 1;
    }
    out[t] = d;
  }
  return out;
}

function combMul(comb: Comb, k: bigint, acc: Ext): Ext {
  const digits = signedDigits(k, comb.length);
  for (let t = 0; t < digits.length; t++) {
    const d = digits[t]!;
    if (d > 0) acc = addNiels(acc, comb[t]![d - 1]!, false);
    else if (d < 0) acc = addNiels(acc, comb[t]![-d - 1]!, true);
  }
  return acc;
}

/** Windows for a value below 2^64 and for a scalar below ℓ < 2^253 (one spare for the carry). */
const VALUE_WINDOWS = Math.ceil(RANGE_BITS / W) + 1;
const SCALAR_WINDOWS = Math.ceil(253 / W) + 1;

let combs: { g: Comb; h: Comb } | undefined;
/** The combs of `G/2` and `H/2`, built on first use (about 60,000 point additions). */
function getCombs(): { g: Comb; h: Comb } {
  if (!combs) {
    const half = inv(2n);
    combs = {
      g: buildComb(toExt(G.multiply(half)), VALUE_WINDOWS),
      h: buildComb(toExt(pedersenH().multiply(half)), SCALAR_WINDOWS),
    };
  }
  return combs;
}

/** Signed base-2^12 digits of `k ≥ 0` (three hex characters a window), `windows` of them. */
function signedDigitsHex(k: bigint, windows: number, out: Int32Array): void {
  const s = k.toString(16);
  const len = s.length;
  let carry = 0;
  for (let t = 0; t < windows; t++) {
    const hi = len - 3 * t;
    let d = (hi <= 0 ? 0 : Number.parseInt(s.slice(Math.max(0, hi - 3), hi), 16)) + carry;
    carry = 0;
    if (d > HALF_W) {
      d -= 1 << W;
      carry = 1;
    }
    out[t] = d;
  }
}

/** The combs in a WebAssembly instance of their own, as cached points `(y+x, y−x, 2d·xy, 2)`. */
interface WasmCombs {
  readonly w: WasmCurve;
  readonly g: number;
  readonly h: number;
  readonly acc: number;
}
let wasmCombs: WasmCombs | undefined;
/** The WebAssembly combs (built on first use), or null where the core is unavailable or off. */
function getWasmCombs(): WasmCombs | null {
  if (wasmCurve() === null) return null;
  if (wasmCombs) return wasmCombs;
  const w = newWasmCurve();
  if (w === null) return null;
  const { g, h } = getCombs();
  const n = (g.length + h.length) * HALF_W;
  w.ensure(POINT_BYTES * (n + 2));
  const put = (comb: Comb, base: number): void => {
    comb.forEach((row, t) => {
      row.forEach((q, d) => {
        const at = base + POINT_BYTES * (t * HALF_W + d);
        w.setFe(at, q[0]);
        w.setFe(at + 40, q[1]);
        w.setFe(at + 80, q[2]);
        w.setFe(at + 120, 2n);
      });
    });
  };
  const gAt = HEAP;
  const hAt = gAt + POINT_BYTES * g.length * HALF_W;
  put(g, gAt);
  put(h, hAt);
  wasmCombs = { w, g: gAt, h: hAt, acc: hAt + POINT_BYTES * h.length * HALF_W };
  return wasmCombs;
}

function commitWasm(c: WasmCombs, v: bigint, r: bigint, dv: Int32Array, dr: Int32Array): Ext {
  const { w, acc } = c;
  w.setExt(acc, EXT_ZERO);
  signedDigitsHex(v, VALUE_WINDOWS, dv);
  signedDigitsHex(r, SCALAR_WINDOWS, dr);
  for (const [digits, base] of [
    [dv, c.g],
    [dr, c.h],
  ] as const) {
    for (let t = 0; t < digits.length; t++) {
      const d = digits[t]!;
      if (d > 0) w.addCached(acc, acc, base + POINT_BYTES * (t * HALF_W + d - 1));
      else if (d < 0) w.subCached(acc, acc, base + POINT_BYTES * (t * HALF_W - d - 1));
    }
  }
  return w.getExt(acc);
}

/**
 * `C_i = values[i]·G + blindings[i]·H` for every `i`, in the builder's form (`C_i/2`); equal to
 * {@link commit}`(values[i], blindings[i])`. Values in `[0, 2^64)`, blindings in `[0, ℓ)`; a
 * RangeError names the first bad entry.
 */
export function commitMany(
  values: readonly bigint[],
  blindings: readonly bigint[]
): CommitmentHalf[] {
  if (!Array.isArray(values)) throw new RangeError('"values" expected an array');
  if (!Array.isArray(blindings) || blindings.length !== values.length)
    throw new RangeError('"blindings" must have one entry per value');
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'bigint' || v < 0n || v >= VALUE_BOUND)
      throw new RangeError(`"values[${i}]" expected an integer in [0, 2^${RANGE_BITS})`);
    const r = blindings[i];
    if (typeof r !== 'bigint' || r < 0n || r >= ORDER)
      throw new RangeError(`"blindings[${i}]" expected a scalar in [0, ℓ)`);
  }
  const out = new Array<CommitmentHalf>(values.length);
  const wc = getWasmCombs();
  if (wc) {
    const dv = new Int32Array(VALUE_WINDOWS);
    const dr = new Int32Array(SCALAR_WINDOWS);
    for (let i = 0; i < values.length; i++)
      out[i] = commitWasm(wc, values[i]!, blindings[i]!, dv, dr);
    return out;
  }
  const { g, h } = getCombs();
  for (let i = 0; i < values.length; i++)
    out[i] = combMul(h, blindings[i]!, combMul(g, values[i]!, EXT_ZERO));
  return out;
}

/** The half of a sum: `(a + b)/2 = a/2 + b/2` — one point addition. */
export function addHalves(a: CommitmentHalf, b: CommitmentHalf): CommitmentHalf {
  return extAdd(a, b);
}

/**
 * Parents of a level: `out[i] = cs[2i] + cs[2i+1]` (the parent's commitment is the sum of its
 * children's, SPEC.md §16.10). `cs.length` must be even.
 */
export function sumPairs(cs: readonly CommitmentHalf[]): CommitmentHalf[] {
  if (cs.length % 2 !== 0) throw new RangeError('"cs" expected an even number of commitments');
  const out = new Array<CommitmentHalf>(cs.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = extAdd(cs[2 * i]!, cs[2 * i + 1]!);
  return out;
}

/** The commitment as a ristretto255 point (one doubling, one inversion). */
export function halfToPoint(c: CommitmentHalf): Point {
  return fromExt(extDouble(c));
}

/** Any ristretto255 point in the builder's form (`p·(1/2)`: one scalar multiplication). */
export function pointToHalf(p: Point): CommitmentHalf {
  return toExt(p.multiply(inv(2n)));
}

function le32(s: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return out;
}

/**
 * RFC 9496 §4.3.2 encodings of the commitments (`C = 2·half`), one field inversion for the whole
 * batch: with `P = half = (X : Y : Z : T)`, `e = 2XY`, `f = Z² + dT²`, `g = Y² + X²`,
 * `h = Z² − dT²` describe `2P` so that the encoding's inverse square root is rational in them
 * (Hamburg, "Decaf", §6; curve25519-dalek `double_and_compress_batch`). Byte-identical to
 * `halfToPoint(c).toBytes()` (tested against noble); the identity encodes as 32 zero bytes.
 */
export function encodeMany(cs: readonly CommitmentHalf[]): Uint8Array[] {
  const n = cs.length;
  const st = new Array<[bigint, bigint, bigint, bigint, bigint, bigint]>(n);
  const den = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    const [X, Y, Z, T] = cs[i]!;
    const xx = red(X * X);
    const yy = red(Y * Y);
    const zz = red(Z * Z);
    const dtt = red(red(T * T) * D);
    const e = red(fadd(X, X) * Y);
    const f = fadd(zz, dtt);
    const g = fadd(yy, xx);
    const h = fsub(zz, dtt);
    const eg = red(e * g);
    const fh = red(f * h);
    st[i] = [e, f, g, h, eg, fh];
    const efgh = red(eg * fh);
    // zero only for 2P = identity (P of order ≤ 4 in edwards25519): encoded separately below
    den[i] = efgh === 0n ? 1n : efgh;
  }
  const invs = batchInvertField(den);
  const out = new Array<Uint8Array>(n);
  for (let i = 0; i < n; i++) {
    let [e, f, g, h, eg, fh] = st[i]!;
    if (red(eg * fh) === 0n) {
      out[i] = halfToPoint(cs[i]!).toBytes();
      continue;
    }
    const zInv = red(eg * invs[i]!); // 1/(f·h)
    const tInv = red(fh * invs[i]!); // 1/(e·g)
    let magic = INVSQRT_A_MINUS_D;
    if ((red(eg * zInv) & 1n) === 1n) {
      const minusE = fneg(e);
      e = g;
      g = minusE;
      h = red(f * SQRT_M1);
      magic = SQRT_M1;
    }
    if ((red(red(h * e) * zInv) & 1n) === 1n) g = fneg(g);
    let s = red(fsub(h, g) * red(magic * red(g * tInv)));
    if ((s & 1n) === 1n) s = fneg(s);
    out[i] = le32(s);
  }
  return out;
}
