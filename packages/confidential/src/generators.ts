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
import { bytesToHex, concatBytes, sha256, taggedHash, u32, utf8Raw } from '@kura/codec';
import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import { hashToGeneratorsAffine } from './generators-wasm.js';
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

/** Indices `i < GENERATOR_TABLE_COUNT` of `G_i` and `H_i` are covered by the generator table. */
export const GENERATOR_TABLE_COUNT = 4096;
/** Byte length of the generator table: `2 · 4096` points × 64 bytes. */
export const GENERATOR_TABLE_LENGTH: number = 2 * GENERATOR_TABLE_COUNT * 64;
/**
 * SHA-256 of the generator table bytes (see {@link installGeneratorTable}); a table with any
 * other hash is refused, so a table fetched from anywhere cannot substitute other generators.
 */
export const GENERATOR_TABLE_SHA256 =
  '84f533c7e4e44d3a3463f3f24c710a08f473853949480039c0ab3bea829938ac';

let table: Uint8Array | undefined;
/** Affine edwards25519 representatives of the tabled generators, decoded on first use. */
const affG: { x: bigint; y: bigint }[] = [];
const affH: { x: bigint; y: bigint }[] = [];

function le256(b: Uint8Array, o: number): bigint {
  const v = new DataView(b.buffer, b.byteOffset + o, 32);
  return (
    (v.getBigUint64(24, true) << 192n) |
    (v.getBigUint64(16, true) << 128n) |
    (v.getBigUint64(8, true) << 64n) |
    v.getBigUint64(0, true)
  );
}

function decodeTableTo(count: number): void {
  const t = table!;
  for (let i = affG.length; i < count; i++) {
    for (const [vec, base] of [
      [affG, 0],
      [affH, GENERATOR_TABLE_COUNT * 64],
    ] as const) {
      const o = base + 64 * i;
      vec.push({ x: le256(t, o), y: le256(t, o + 32) });
    }
  }
}

/**
 * Install the generator table: the affine edwards25519 representatives `x ‖ y` (32 bytes
 * little-endian each) of `G_0 … G_4095` then `H_0 … H_4095`, exactly the hash-to-curve outputs
 * above (re-derived one by one in `generator-table.test.ts`). With the table installed,
 * {@link bulletproofGenerators} costs a table look-up instead of two hash-to-curve evaluations
 * per index (about 1.8 s for 2 × 4,096 in Node). The bytes are refused unless their SHA-256 is
 * {@link GENERATOR_TABLE_SHA256}, so the table may come from a data file: it cannot change any
 * generator. `@kura/confidential/generator-table` ships it as a module (512 KiB, kept out of
 * the main entry point so that browser bundles choose whether to carry it).
 */
export function installGeneratorTable(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== GENERATOR_TABLE_LENGTH)
    throw new RangeError(`"bytes" expected the ${GENERATOR_TABLE_LENGTH}-byte generator table`);
  if (bytesToHex(sha256(bytes)) !== GENERATOR_TABLE_SHA256)
    throw new RangeError('"bytes" is not the generator table (SHA-256 mismatch)');
  table = bytes;
}

let loader: (() => Uint8Array) | undefined;
/**
 * Register where the table comes from when first needed (the Node entry point registers the
 * bundled table, so Node programs never derive the tabled generators; nothing is decoded or
 * hashed until a generator is asked for).
 * @internal
 */
export function setGeneratorTableLoader(load: () => Uint8Array): void {
  loader = load;
}
function loadTable(): void {
  if (!table && loader) {
    const load = loader;
    loader = undefined;
    installGeneratorTable(load());
  }
}

/** Whether {@link installGeneratorTable} has run in this process. */
export function generatorTableInstalled(): boolean {
  return table !== undefined;
}

/**
 * Extend the affine caches to `count` entries: from the table where installed, then derived —
 * by the WebAssembly hash-to-curve (generators-wasm.ts, cross-checked against noble and
 * libsodium) or, without WebAssembly, by noble's `hashToCurve`.
 */
function extendAffine(count: number): void {
  loadTable();
  if (table) decodeTableTo(Math.min(count, GENERATOR_TABLE_COUNT));
  const from = affG.length;
  if (from >= count) return;
  const msgs: Uint8Array[] = [];
  for (let i = from; i < count; i++) msgs.push(concatBytes(LABEL_G, u32(i)));
  for (let i = from; i < count; i++) msgs.push(concatBytes(LABEL_H, u32(i)));
  const fast = hashToGeneratorsAffine(msgs, GENERATOR_DST);
  const n = count - from;
  for (let k = 0; k < n; k++) {
    affG.push(fast ? fast[k]! : hashToGenerator(msgs[k]!).toAffine());
    affH.push(fast ? fast[n + k]! : hashToGenerator(msgs[n + k]!).toAffine());
  }
}

/**
 * The first `count` vector bases as affine edwards25519 coordinates (the prover's and the fast
 * verifier's input).
 * @internal
 */
export function bulletproofGeneratorsAffine(count: number): {
  readonly G: readonly { x: bigint; y: bigint }[];
  readonly H: readonly { x: bigint; y: bigint }[];
} {
  checkCount(count);
  extendAffine(count);
  return { G: affG.slice(0, count), H: affH.slice(0, count) };
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > 1 << 20)
    throw new RangeError(`"count" expected an integer in [1, 2^20], got ${count}`);
}

/**
 * The first `count` Bulletproof vector bases `(G_0…, H_0…)`, cached per process: indices below
 * {@link GENERATOR_TABLE_COUNT} from the table once it is installed, the others derived (two
 * hash-to-curve evaluations per index, on the WebAssembly core where available).
 */
export function bulletproofGenerators(count: number): {
  readonly G: readonly Point[];
  readonly H: readonly Point[];
} {
  checkCount(count);
  if (gVec.length < count) {
    extendAffine(count);
    for (let i = gVec.length; i < count; i++) {
      gVec.push(Point.fromAffine(affG[i]!));
      hVec.push(Point.fromAffine(affH[i]!));
    }
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
