/**
 * Variable-time edwards25519 arithmetic for the range-proof **prover** (SPEC.md §16.9): the
 * same group law as `@noble/curves`, with a reduction specialised to `p = 2^255 − 19`
 * (`x mod p = (x mod 2^255) + 19·⌊x / 2^255⌋`, twice) instead of bigint division, which makes
 * each field multiplication about 2.5× cheaper. Extended coordinates `(X : Y : Z : T)`,
 * `x = X/Z`, `y = Y/Z`, `xy = T/Z`, on `−x² + y² = 1 + d·x²·y²`:
 *
 * - addition: add-2008-hwcd-3 (Hisil–Wong–Carter–Dawson 2008, complete for a = −1, d non-square);
 * - doubling: dbl-2008-hwcd;
 * - scalar multiplication: width-5 wNAF; multi-scalar multiplication: Pippenger buckets.
 *
 * Points enter from ristretto255 through their affine Edwards representative
 * (`Point.toAffine()`) and leave through `Point.fromAffine()`; ristretto255 equality is
 * unaffected by which representative of a coset is used. Only public or prover-side values
 * pass through here: nothing is constant-time. Every function is cross-checked against noble
 * (and so libsodium) in `fast25519.test.ts`, and every proof it helps produce is verified by the
 * noble-only verifier in the tests.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { Point } from './group.js';

/** `p = 2^255 − 19`. */
export const P25519: bigint = 2n ** 255n - 19n;
const MASK = 2n ** 255n - 1n;
const D2: bigint = (2n * ed25519.Point.CURVE().d) % P25519;

/** An extended-coordinates point: `[X, Y, Z, T]`. */
export type Ext = readonly [bigint, bigint, bigint, bigint];

/** `x mod p` for `0 ≤ x < 2^512`. */
export function red(x: bigint): bigint {
  x = (x & MASK) + 19n * (x >> 255n);
  x = (x & MASK) + 19n * (x >> 255n);
  return x >= P25519 ? x - P25519 : x;
}
function add(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= P25519 ? s - P25519 : s;
}
function sub(a: bigint, b: bigint): bigint {
  const s = a - b;
  return s < 0n ? s + P25519 : s;
}

/** The identity `(0 : 1 : 1 : 0)`. */
export const EXT_ZERO: Ext = [0n, 1n, 1n, 0n];

/** add-2008-hwcd-3. */
export function extAdd(p: Ext, q: Ext): Ext {
  const [X1, Y1, Z1, T1] = p;
  const [X2, Y2, Z2, T2] = q;
  const A = red(sub(Y1, X1) * sub(Y2, X2));
  const B = red(add(Y1, X1) * add(Y2, X2));
  const C = red(red(T1 * D2) * T2);
  const D = red(2n * Z1 * Z2);
  const E = sub(B, A);
  const F = sub(D, C);
  const G = add(D, C);
  const H = add(B, A);
  return [red(E * F), red(G * H), red(F * G), red(E * H)];
}

/** dbl-2008-hwcd with a = −1. */
export function extDouble(p: Ext): Ext {
  const [X1, Y1, Z1] = p;
  const A = red(X1 * X1);
  const B = red(Y1 * Y1);
  const C = red(2n * Z1 * Z1);
  const s = add(X1, Y1);
  const E = sub(sub(red(s * s), A), B);
  const G = sub(B, A); // D + B with D = −A
  const F = sub(G, C);
  const H = sub(0n, add(A, B)); // D − B = −A − B
  return [red(E * F), red(G * H), red(F * G), red(E * H)];
}

/** `−p`. */
export function extNeg(p: Ext): Ext {
  return [p[0] === 0n ? 0n : P25519 - p[0], p[1], p[2], p[3] === 0n ? 0n : P25519 - p[3]];
}

/** From a ristretto255 point (its affine Edwards representative). */
export function toExt(q: Point): Ext {
  const { x, y } = q.toAffine();
  return [x, y, 1n, red(x * y)];
}

/** From affine edwards25519 coordinates (no inversion). */
export function affineToExt(a: { readonly x: bigint; readonly y: bigint }): Ext {
  return [a.x, a.y, 1n, red(a.x * a.y)];
}

/** To a ristretto255 point (one field inversion). */
export function fromExt(p: Ext): Point {
  const [X, Y, Z] = p;
  if (X === 0n) return Point.ZERO;
  const zi = ed25519.Point.Fp.inv(Z);
  return Point.fromAffine({ x: red(X * zi), y: red(Y * zi) });
}

/**
 * Width-5 wNAF digits of `k ≥ 0`, least significant first (odd digits in `(−16, 16)`, at least
 * four zeros after each non-zero digit; the recoding of libsecp256k1's `ecmult_wnaf`, read
 * from the binary string of `k` with number arithmetic).
 */
export function wnaf(k: bigint): number[] {
  const s = k.toString(2);
  const len = s.length;
  const bit = (i: number): number => (i < len ? s.charCodeAt(len - 1 - i) - 48 : 0);
  const out: number[] = [];
  let carry = 0;
  let i = 0;
  while (i < len || carry !== 0) {
    if (bit(i) === carry) {
      out.push(0);
      i++;
      continue;
    }
    let word = carry;
    for (let t = 0; t < 5; t++) word += bit(i + t) << t;
    carry = (word >> 4) & 1;
    out.push(word - (carry << 5), 0, 0, 0, 0);
    i += 5;
  }
  while (out.length > 0 && out[out.length - 1] === 0) out.pop();
  return out;
}

/** `k·P` by a precomputed digit list (variable time). */
export function extMulDigits(p: Ext, digits: readonly number[]): Ext {
  const table = oddMultiples(p);
  let acc: Ext = EXT_ZERO;
  for (let i = digits.length - 1; i >= 0; i--) {
    acc = extDouble(acc);
    const d = digits[i]!;
    if (d > 0) acc = extAddCached(acc, table[(d - 1) >> 1]!, false);
    else if (d < 0) acc = extAddCached(acc, table[(-d - 1) >> 1]!, true);
  }
  return acc;
}

/** `k·P` (variable time), `0 ≤ k`. */
export function extMul(p: Ext, k: bigint): Ext {
  return extMulDigits(p, wnaf(k));
}

/**
 * A point in "cached" form for repeated additions: `(Y + X, Y − X, 2d·T, 2Z)` (the extended
 * Niels form of Hisil–Wong–Carter–Dawson 2008 §3.1): adding it costs 8 multiplications
 * instead of 9.
 */
export type Cached = readonly [bigint, bigint, bigint, bigint];

/** `p` in cached form (one multiplication). */
export function toCached(p: Ext): Cached {
  return [add(p[1], p[0]), sub(p[1], p[0]), red(p[3] * D2), add(p[2], p[2])];
}

/** `p + q` (or `p − q` if `neg`) with `q` cached: add-2008-hwcd-3 on precomputed values. */
export function extAddCached(p: Ext, q: Cached, neg: boolean): Ext {
  const [X1, Y1, Z1, T1] = p;
  const A = red(sub(Y1, X1) * (neg ? q[0] : q[1]));
  const B = red(add(Y1, X1) * (neg ? q[1] : q[0]));
  const C = red(T1 * (neg ? (q[2] === 0n ? 0n : P25519 - q[2]) : q[2]));
  const D = red(Z1 * q[3]);
  const E = sub(B, A);
  const F = sub(D, C);
  const G = add(D, C);
  const H = add(B, A);
  return [red(E * F), red(G * H), red(F * G), red(E * H)];
}

/** Odd multiples `P, 3P, 5P, …, 15P` in cached form (the width-5 wNAF table). */
function oddMultiples(p: Ext): Cached[] {
  const t: Cached[] = [toCached(p)];
  const p2 = extDouble(p);
  let q = p;
  for (let i = 1; i < 8; i++) {
    q = extAdd(q, p2);
    t.push(toCached(q));
  }
  return t;
}

/**
 * `Σ k_i·P_i` by Straus' interleaving (shared doublings, width-5 wNAF per point): for a few
 * points, variable time.
 */
export function extStraus(points: readonly Ext[], scalars: readonly bigint[]): Ext {
  const n = points.length;
  if (n !== scalars.length) throw new RangeError('"scalars" must match "points"');
  const digits = scalars.map(wnaf);
  const tables = points.map(oddMultiples);
  let len = 0;
  for (const d of digits) len = Math.max(len, d.length);
  let acc: Ext = EXT_ZERO;
  for (let i = len - 1; i >= 0; i--) {
    acc = extDouble(acc);
    for (let j = 0; j < n; j++) {
      const d = digits[j]![i] ?? 0;
      if (d > 0) acc = extAddCached(acc, tables[j]![(d - 1) >> 1]!, false);
      else if (d < 0) acc = extAddCached(acc, tables[j]![(-d - 1) >> 1]!, true);
    }
  }
  return acc;
}

/** Bucket window for `m` points with `bits`-bit scalars: minimises the estimated additions. */
export function windowFor(m: number, bits: number): number {
  let best = 2;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let c = 2; c <= 16; c++) {
    const cost = (Math.ceil(bits / c) + 1) * (m + 2 ** c);
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

/**
 * The bucket plan of a multi-scalar multiplication: the indices of the non-zero scalars, the
 * window `c`, the number of windows and the signed digits (`digits[j·windows + w]` in
 * `[−2^{c−1}, 2^{c−1}]`, `Σ_w digits[j·windows + w]·2^{c·w} = scalars[idx[j]]`); null if
 * every scalar is zero.
 */
export function msmPlan(
  points: readonly unknown[],
  scalars: readonly bigint[]
): { idx: number[]; c: number; windows: number; digits: Int32Array } | null {
  const n = points.length;
  if (n !== scalars.length) throw new RangeError('"scalars" must match "points"');
  const idx: number[] = [];
  let bits = 1;
  for (let i = 0; i < n; i++) {
    const k = scalars[i]!;
    if (k < 0n || k >= 1n << 256n) throw new RangeError(`"scalars[${i}]" outside [0, 2^256)`);
    if (k === 0n) continue;
    idx.push(i);
    const b = k.toString(2).length;
    if (b > bits) bits = b;
  }
  const m = idx.length;
  if (m === 0) return null;
  const c = windowFor(m, bits);
  const windows = Math.ceil(bits / c) + 1;
  const half = 1 << (c - 1);
  const full = 1 << c;
  const digits = new Int32Array(m * windows);
  for (let j = 0; j < m; j++) {
    // the c-bit windows of k read from its binary string (number arithmetic only)
    const s = scalars[idx[j]!]!.toString(2);
    const len = s.length;
    let carry = 0;
    for (let w = 0; w < windows; w++) {
      const lo = len - w * c;
      let d = (lo <= 0 ? 0 : Number.parseInt(s.slice(Math.max(0, lo - c), lo), 2)) + carry;
      carry = 0;
      if (d > half) {
        d -= full;
        carry = 1;
      }
      digits[j * windows + w] = d;
    }
  }
  return { idx, c, windows, digits };
}

/**
 * `Σ k_i·P_i` by Pippenger's bucket method with signed digits (variable time), scalars in
 * `[0, 2^256)`: `c`-bit windows with digits in `[−2^{c−1}, 2^{c−1}]`, so `2^{c−1}` buckets per
 * window; the points are added to the buckets in cached form; zero scalars are skipped.
 */
export function extMsm(points: readonly Ext[], scalars: readonly bigint[]): Ext {
  const plan = msmPlan(points, scalars);
  if (plan === null) return EXT_ZERO;
  const { idx, c, windows, digits } = plan;
  const m = idx.length;
  const half = 1 << (c - 1);
  const pts = idx.map((i) => points[i]!);
  const cached = pts.map(toCached);
  let acc: Ext = EXT_ZERO;
  for (let w = windows - 1; w >= 0; w--) {
    if (w < windows - 1) for (let i = 0; i < c; i++) acc = extDouble(acc);
    const buckets: (Ext | undefined)[] = new Array(half);
    for (let j = 0; j < m; j++) {
      const d = digits[j * windows + w]!;
      if (d === 0) continue;
      const s = (d < 0 ? -d : d) - 1;
      const b = buckets[s];
      buckets[s] =
        b === undefined ? (d > 0 ? pts[j]! : extNeg(pts[j]!)) : extAddCached(b, cached[j]!, d < 0);
    }
    let running: Ext | undefined;
    let sum: Ext | undefined;
    for (let s = half - 1; s >= 0; s--) {
      const b = buckets[s];
      if (b !== undefined) running = running === undefined ? b : extAdd(running, b);
      if (running !== undefined) sum = sum === undefined ? running : extAdd(sum, running);
    }
    if (sum !== undefined) acc = extAdd(acc, sum);
  }
  return acc;
}
