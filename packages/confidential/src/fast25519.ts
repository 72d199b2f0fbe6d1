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

/** Width-5 wNAF digits of `k ≥ 0`, least significant first. */
export function wnaf(k: bigint): number[] {
  const out: number[] = [];
  while (k > 0n) {
    let d = 0;
    if (k & 1n) {
      d = Number(k & 31n);
      if (d >= 16) d -= 32;
      k -= BigInt(d);
    }
    out.push(d);
    k >>= 1n;
  }
  return out;
}

/** `k·P` by a precomputed digit list (variable time). */
export function extMulDigits(p: Ext, digits: readonly number[]): Ext {
  const table: Ext[] = [p];
  const p2 = extDouble(p);
  for (let i = 1; i < 8; i++) table.push(extAdd(table[i - 1]!, p2));
  let acc: Ext = EXT_ZERO;
  for (let i = digits.length - 1; i >= 0; i--) {
    acc = extDouble(acc);
    const d = digits[i]!;
    if (d > 0) acc = extAdd(acc, table[(d - 1) >> 1]!);
    else if (d < 0) acc = extAdd(acc, extNeg(table[(-d - 1) >> 1]!));
  }
  return acc;
}

/** `k·P` (variable time), `0 ≤ k`. */
export function extMul(p: Ext, k: bigint): Ext {
  return extMulDigits(p, wnaf(k));
}

/**
 * `Σ k_i·P_i` by Straus' interleaving (shared doublings, width-5 wNAF per point): for a few
 * points, variable time.
 */
export function extStraus(points: readonly Ext[], scalars: readonly bigint[]): Ext {
  const n = points.length;
  if (n !== scalars.length) throw new RangeError('"scalars" must match "points"');
  const digits = scalars.map(wnaf);
  const tables = points.map((p) => {
    const t: Ext[] = [p];
    const p2 = extDouble(p);
    for (let i = 1; i < 8; i++) t.push(extAdd(t[i - 1]!, p2));
    return t;
  });
  let len = 0;
  for (const d of digits) len = Math.max(len, d.length);
  let acc: Ext = EXT_ZERO;
  for (let i = len - 1; i >= 0; i--) {
    acc = extDouble(acc);
    for (let j = 0; j < n; j++) {
      const d = digits[j]![i] ?? 0;
      if (d > 0) acc = extAdd(acc, tables[j]![(d - 1) >> 1]!);
      else if (d < 0) acc = extAdd(acc, extNeg(tables[j]![(-d - 1) >> 1]!));
    }
  }
  return acc;
}

/** `Σ k_i·P_i` by Pippenger's bucket method (variable time), scalars in `[0, 2^256)`. */
export function extMsm(points: readonly Ext[], scalars: readonly bigint[]): Ext {
  const n = points.length;
  if (n !== scalars.length) throw new RangeError('"scalars" must match "points"');
  if (n === 0) return EXT_ZERO;
  const bits = Math.max(1, Math.floor(Math.log2(n)));
  const c = n < 32 ? 3 : bits > 12 ? bits - 3 : bits - 2;
  const mask = (1n << BigInt(c)) - 1n;
  const windows = Math.ceil(256 / c);
  let acc: Ext = EXT_ZERO;
  for (let w = windows - 1; w >= 0; w--) {
    for (let i = 0; i < c; i++) acc = extDouble(acc);
    const buckets: (Ext | undefined)[] = new Array(1 << c);
    const shift = BigInt(w * c);
    for (let i = 0; i < n; i++) {
      const digit = Number((scalars[i]! >> shift) & mask);
      if (digit === 0) continue;
      const b = buckets[digit];
      buckets[digit] = b === undefined ? points[i]! : extAdd(b, points[i]!);
    }
    let running: Ext = EXT_ZERO;
    let sum: Ext = EXT_ZERO;
    for (let j = buckets.length - 1; j > 0; j--) {
      const b = buckets[j];
      if (b !== undefined) running = extAdd(running, b);
      sum = extAdd(sum, running);
    }
    acc = extAdd(acc, sum);
  }
  return acc;
}
