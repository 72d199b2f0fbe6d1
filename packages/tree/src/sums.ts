/**
 * Sum vectors: one non-negative bigint per asset, in asset-list order (protocol v1 §Leaf, §Tree).
 * @module
 */
import { MAX_LEAF } from '@kura/codec';

/** A sum (or balance) vector, one entry per asset. */
export type Sums = readonly bigint[];

/** Component-wise `a + b`; the vectors must have the same length. */
export function addSums(a: Sums, b: Sums): bigint[] {
  if (a.length !== b.length) throw new RangeError(`"b" expected ${a.length} sums, got ${b.length}`);
  const out = new Array<bigint>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]!;
  return out;
}

/** A vector of `k` zeros (the sums of a pad). */
export function zeroSums(k: number): bigint[] {
  return new Array<bigint>(k).fill(0n);
}

const BOUNDS = Array.from({ length: 33 }, (_, l) => MAX_LEAF << BigInt(l));

/** The largest sum a node at `level` can carry honestly: `MAX_LEAF · 2^level`. */
export function maxSumAtLevel(level: number): bigint {
  return BOUNDS[level] ?? MAX_LEAF << BigInt(level);
}

const U128_LIMIT = 1n << 128n;
const U64_LIMIT = 1n << 64n;

/** `u128(v)`: 16 bytes big-endian at `out[offset …]` (a RangeError unless 0 ≤ v < 2^128). */
export function writeU128(out: Uint8Array, offset: number, v: bigint): void {
  writeSums(out, offset, [v]);
}

/** `u128(s_1) ‖ … ‖ u128(s_k)` written into `out` at `offset`; returns the new offset. */
export function writeSums(out: Uint8Array, offset: number, sums: Sums): number {
  return writeSumsView(new DataView(out.buffer, out.byteOffset, out.byteLength), offset, sums);
}

/** {@link writeSums} through an existing DataView. */
export function writeSumsView(dv: DataView, offset: number, sums: Sums): number {
  for (const v of sums) {
    if (typeof v !== 'bigint' || v < 0n || v >= U128_LIMIT)
      throw new RangeError(`"value" does not fit in u128: ${String(v)}`);
    if (v < U64_LIMIT) {
      // the common case (any one customer's balance, most sums): no shift, no wrap
      dv.setUint32(offset, 0);
      dv.setUint32(offset + 4, 0);
      dv.setBigUint64(offset + 8, v);
    } else {
      dv.setBigUint64(offset, v >> 64n);
      dv.setBigUint64(offset + 8, BigInt.asUintN(64, v));
    }
    offset += 16;
  }
  return offset;
}

/** `u128(s_1) ‖ … ‖ u128(s_k)` as a new array. */
export function encodeSums(sums: Sums): Uint8Array {
  const out = new Uint8Array(16 * sums.length);
  writeSums(out, 0, sums);
  return out;
}
