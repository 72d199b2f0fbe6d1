/**
 * Generators of protocol v2 (SPEC.md §16.3), nothing up the sleeve.
 *
 * - `G` = the RFC 9496 ristretto255 generator (the value base).
 * - every other generator is `hash_to_ristretto255(msg, DST)` of RFC 9380 Appendix B
 *   (expand_message_xmd with SHA-512 to 64 bytes, then the RFC 9496 §4.3.4 one-way map), with
 *   `DST = "kura/v2/generators:ristretto255_XMD:SHA-512_R255MAP_RO_"` and
 *   - `H   = h2c(utf8("pedersen/H"))` — the blinding base;
 *   - `G_i = h2c(utf8("bulletproofs/G") ‖ u32(i))`, `H_i = h2c(utf8("bulletproofs/H") ‖ u32(i))`
 *     for `i = 0 … n·m−1` — the Bulletproof vector bases.
 *
 * No discrete-log relation between any two of them is known to anyone: each is the output of a
 * hash modelled as a random oracle, and `G` is the standard base.
 * @module
 */
import { concatBytes, taggedHash, u32, utf8Raw } from '@kura/codec';
import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import { Point } from './group.js';

/** The hash-to-curve domain separation tag of every Kura v2 generator. */
export const GENERATOR_DST = 'kura/v2/generators:ristretto255_XMD:SHA-512_R255MAP_RO_';

/** `hash_to_ristretto255(msg, GENERATOR_DST)` (RFC 9380 Appendix B). */
export function hashToGenerator(msg: Uint8Array): Point {
  return ristretto255_hasher.hashToCurve(msg, { DST: GENERATOR_DST });
}

/** `G`, the value base: the RFC 9496 generator. */
export const G: Point = Point.BASE;

let hCache: Point | undefined;
/** `H = h2c(utf8("pedersen/H"))`, the blinding base (with a precomputed fixed-base table). */
export function pedersenH(): Point {
  if (!hCache) {
    hCache = hashToGenerator(utf8Raw('pedersen/H'));
    hCache.precompute(8, false);
  }
  return hCache;
}

const gVec: Point[] = [];
const hVec: Point[] = [];
const LABEL_G = utf8Raw('bulletproofs/G');
const LABEL_H = utf8Raw('bulletproofs/H');

/** `G_i = h2c(utf8("bulletproofs/G") ‖ u32(i))`. */
export function bulletproofG(i: number): Point {
  return hashToGenerator(concatBytes(LABEL_G, u32(i)));
}
/** `H_i = h2c(utf8("bulletproofs/H") ‖ u32(i))`. */
export function bulletproofH(i: number): Point {
  return hashToGenerator(concatBytes(LABEL_H, u32(i)));
}

/**
 * The first `count` Bulletproof vector bases `(G_0…, H_0…)`, derived once per process and
 * cached (deriving costs two hash-to-curve evaluations per index).
 */
export function bulletproofGenerators(count: number): {
  readonly G: readonly Point[];
  readonly H: readonly Point[];
} {
  if (!Number.isInteger(count) || count < 1 || count > 1 << 20)
    throw new RangeError(`"count" expected an integer in [1, 2^20], got ${count}`);
  for (let i = gVec.length; i < count; i++) {
    gVec.push(bulletproofG(i));
    hVec.push(bulletproofH(i));
  }
  return { G: gVec.slice(0, count), H: hVec.slice(0, count) };
}

/**
 * `generatorsId(B) = TH("kura/v2/generators-id", utf8(GENERATOR_DST) ‖ u32(B))`: names the
 * generator family and bit width a range proof was made with; carried in every proof so that a
 * proof made with other generators is reported as `GENERATORS_MISMATCH`, not as a forgery.
 */
export function generatorsId(bits: number): Uint8Array {
  return taggedHash('kura/v2/generators-id', utf8Raw(GENERATOR_DST), u32(bits));
}
