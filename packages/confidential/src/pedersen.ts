/**
 * Pedersen commitments of protocol v2 (SPEC.md §16.4–16.5): `C = v·G + r·H` on ristretto255,
 * blindings derived per round from the round key, homomorphic sums, and the opening check.
 * @module
 */
import { equalBytes, fail, u8, u32, u64, utf8Raw, type VerifyFailure } from '@kura/codec';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { G, pedersenH } from './generators.js';
import { decodePoint, encodePoint, leToBigint, mod, ORDER, Point } from './group.js';

/** `B`, the bit width of every range proof: committed node values lie in `[0, 2^64)`. */
export const RANGE_BITS = 64;
/** `2^B`: the exclusive upper bound of a committed node value. */
export const VALUE_BOUND: bigint = 1n << BigInt(RANGE_BITS);

function checkKey(k: Uint8Array, name: string): void {
  if (!(k instanceof Uint8Array) || k.length !== 32)
    throw new RangeError(`"${name}" expected 32 bytes`);
}
function checkAsset(a: number): void {
  if (!Number.isInteger(a) || a < 0 || a > 0xffffffff)
    throw new RangeError(`"assetIndex" expected a u32, got ${a}`);
}

const BLINDING_LABEL = utf8Raw('kura/v2/blinding');
const PAD_LABEL = utf8Raw('kura/v2/pad-blinding');

/** `HMAC-SHA512(key, parts…)` reduced modulo ℓ (64 bytes little-endian: bias < 2^-259). */
function hmacScalar(key: Uint8Array, ...parts: Uint8Array[]): bigint {
  const h = hmac.create(sha512, key);
  for (const p of parts) h.update(p);
  return mod(leToBigint(h.digest()));
}

/**
 * A leaf's blinding for one asset:
 * `r = LE(HMAC-SHA512(roundKey, utf8("kura/v2/blinding") ‖ uidHash ‖ u32(assetIndex))) mod ℓ`.
 * `roundKey` is the round key of SPEC.md §5.1, `uidHash` the 32-byte hash of §5.2.
 */
export function leafBlinding(
  roundKey: Uint8Array,
  uidHash: Uint8Array,
  assetIndex: number
): bigint {
  checkKey(roundKey, 'roundKey');
  checkKey(uidHash, 'uidHash');
  checkAsset(assetIndex);
  return hmacScalar(roundKey, BLINDING_LABEL, uidHash, u32(assetIndex));
}

let keyed: { key: Uint8Array; mac: ReturnType<typeof hmac.create> } | undefined;
/** An HMAC-SHA512 keyed with `key`, kept for the next call with the same key (clone to use). */
function keyedHmac(key: Uint8Array): ReturnType<typeof hmac.create> {
  if (!keyed || !equalBytes(keyed.key, key))
    keyed = { key: key.slice(), mac: hmac.create(sha512, key) };
  return keyed.mac;
}

/**
 * The blindings of one leaf for assets `0 … count−1`: `leafBlinding(roundKey, uidHash, a)` for
 * each `a`, about twice as fast per value (the keyed HMAC state is computed once per round key
 * and cloned: two SHA-512 compressions per blinding instead of four). For the tree builder.
 */
export function leafBlindings(roundKey: Uint8Array, uidHash: Uint8Array, count: number): bigint[] {
  checkKey(roundKey, 'roundKey');
  checkKey(uidHash, 'uidHash');
  if (!Number.isInteger(count) || count < 1 || count > 0xffffffff)
    throw new RangeError(`"count" expected a positive u32, got ${count}`);
  const base = keyedHmac(roundKey).clone();
  base.update(BLINDING_LABEL).update(uidHash);
  const out = new Array<bigint>(count);
  for (let a = 0; a < count; a++) {
    const h = a === count - 1 ? base : base.clone();
    out[a] = mod(leToBigint(h.update(u32(a)).digest()));
  }
  return out;
}

/**
 * A pad's blinding for one asset (the pad commits to zero under it):
 * `r = LE(HMAC-SHA512(roundKey, utf8("kura/v2/pad-blinding") ‖ u8(level) ‖ u64(index) ‖ u32(assetIndex))) mod ℓ`.
 */
export function padBlinding(
  roundKey: Uint8Array,
  level: number,
  index: number | bigint,
  assetIndex: number
): bigint {
  checkKey(roundKey, 'roundKey');
  checkAsset(assetIndex);
  return hmacScalar(roundKey, PAD_LABEL, u8(level), u64(index), u32(assetIndex));
}

/**
 * `C = v·G + r·H`. `value` in `[0, 2^B)` (a node value the range proofs can cover), `blinding`
 * in `[0, ℓ)`. Throws a RangeError naming the argument otherwise.
 */
export function commit(value: bigint, blinding: bigint): Point {
  if (typeof value !== 'bigint' || value < 0n || value >= VALUE_BOUND)
    throw new RangeError(
      `"value" expected an integer in [0, 2^${RANGE_BITS}), got ${String(value)}`
    );
  if (typeof blinding !== 'bigint' || blinding < 0n || blinding >= ORDER)
    throw new RangeError('"blinding" expected a scalar in [0, ℓ)');
  const vG = value === 0n ? Point.ZERO : G.multiply(value);
  const rH = blinding === 0n ? Point.ZERO : pedersenH().multiply(blinding);
  return vG.add(rH);
}

/** A pad's commitment: `0·G + padBlinding·H`. */
export function padCommitment(
  roundKey: Uint8Array,
  level: number,
  index: number | bigint,
  assetIndex: number
): Point {
  return commit(0n, padBlinding(roundKey, level, index, assetIndex));
}

/** `Σ C_i` (the identity for an empty list). */
export function sumCommitments(cs: readonly Point[]): Point {
  let acc = Point.ZERO;
  for (const c of cs) acc = acc.add(c);
  return acc;
}

/** `Σ r_i mod ℓ`: the blinding of a parent is the sum of its children's. */
export function sumBlindings(rs: readonly bigint[]): bigint {
  let acc = 0n;
  for (const r of rs) acc += r;
  return mod(acc);
}

/** Canonical 32-byte encoding of a commitment (RFC 9496 §4.3.2). */
export function encodeCommitment(c: Point): Uint8Array {
  return encodePoint(c);
}

/**
 * Strict decoding of a commitment: `POINT_INVALID` for any string that is not a canonical
 * ristretto255 encoding, `POINT_IDENTITY` for the identity (no honest node commits to it: its
 * blinding would have to be 0).
 */
export function decodeCommitment(
  b: Uint8Array
): { ok: true; point: Point } | VerifyFailure<'POINT_INVALID' | 'POINT_IDENTITY'> {
  return decodePoint(b, false);
}

/** Codes of {@link verifyOpening}. */
export type OpeningCode = 'VALUE_OUT_OF_RANGE' | 'SCALAR_NON_CANONICAL' | 'OPENING_MISMATCH';

/**
 * Check that `(value, blinding)` opens `c`: `value ∈ [0, maxValue]`, `blinding ∈ [0, ℓ)` and
 * `c = value·G + blinding·H`. `maxValue` defaults to `2^B − 1`; a value `≥ ℓ` is always out of
 * range (it would open the commitment of `value mod ℓ`). Never throws.
 */
export function verifyOpening(
  c: Point,
  value: bigint,
  blinding: bigint,
  maxValue: bigint = VALUE_BOUND - 1n
): { ok: true } | VerifyFailure<OpeningCode> {
  if (typeof value !== 'bigint' || value < 0n || value > maxValue || value >= ORDER)
    return fail('VALUE_OUT_OF_RANGE', `value must lie in [0, ${maxValue}] and below ℓ`);
  if (typeof blinding !== 'bigint' || blinding < 0n || blinding >= ORDER)
    return fail('SCALAR_NON_CANONICAL', 'blinding must lie in [0, ℓ)');
  const vG = value === 0n ? Point.ZERO : G.multiplyUnsafe(mod(value));
  const rH = blinding === 0n ? Point.ZERO : pedersenH().multiplyUnsafe(blinding);
  if (!vG.add(rH).equals(c)) return fail('OPENING_MISMATCH', 'C ≠ v·G + r·H');
  return { ok: true };
}
