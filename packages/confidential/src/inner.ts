/**
 * Protocol v2 tree nodes (SPEC.md §16.10): leaves, inner nodes and pads carry one
 * Pedersen commitment per asset instead of clear sums. Node hashes commit to the level, both
 * children's hashes and both children's commitments (the Maxwell fix of v1 §6.3 carries over);
 * a parent's commitments are the sums of its children's.
 * @module
 */
import { hmacSha256, taggedHash, u8, u64, utf8Raw } from '@kura/codec';
import { encodePoint, type Point } from './group.js';
import { commit, leafBlinding, padCommitment } from './pedersen.js';

/** Tags and labels of the v2 tree. */
export const TAG_LEAF_V2 = 'kura/v2/leaf';
export const TAG_NODE_V2 = 'kura/v2/node';
const PAD_LABEL = utf8Raw('kura/v2/pad');
/** Label of the v2 leaf nonce (ASCII, 18 bytes). */
export const LABEL_NONCE_V2 = 'kura/v2/leaf-nonce';
const NONCE_LABEL = utf8Raw(LABEL_NONCE_V2);

/** Largest tree height (as v1). */
export const MAX_HEIGHT_V2 = 32;

/** A v2 node: its hash and one commitment per asset (asset-list order). */
export interface NodeV2 {
  readonly hash: Uint8Array;
  readonly commitments: readonly Point[];
}

function check32(b: Uint8Array, name: string): void {
  if (!(b instanceof Uint8Array) || b.length !== 32)
    throw new RangeError(`"${name}" expected 32 bytes`);
}

function commitmentBytes(cs: readonly Point[]): Uint8Array {
  const out = new Uint8Array(32 * cs.length);
  cs.forEach((c, i) => {
    out.set(encodePoint(c), 32 * i);
  });
  return out;
}

/**
 * `nonceV2 = HMAC(roundKey, ascii("kura/v2/leaf-nonce") ‖ uidHash)` (SPEC.md §16.10): HMAC
 * message 50 bytes, the 18 label bytes then the 32-byte uidHash. A v2 tree never reuses the v1
 * nonce of the same round.
 */
export function leafNonceV2(roundKey: Uint8Array, uidHash: Uint8Array): Uint8Array {
  check32(roundKey, 'roundKey');
  check32(uidHash, 'uidHash');
  return hmacSha256(roundKey, NONCE_LABEL, uidHash);
}

/**
 * `leafHashV2 = TH("kura/v2/leaf", uidHash ‖ nonce ‖ C_1 ‖ … ‖ C_k)` with
 * `C_a = v_a·G + leafBlinding(uidHash, a)·H`: 64 + 32k bytes after the tag prefix.
 * `values` are tree units in `[0, 2^64)`.
 */
export function leafNodeV2(
  roundKey: Uint8Array,
  uidHash: Uint8Array,
  nonce: Uint8Array,
  values: readonly bigint[]
): NodeV2 & { readonly blindings: readonly bigint[] } {
  const blindings = values.map((_, a) => leafBlinding(roundKey, uidHash, a));
  return { ...leafFromOpeningV2(uidHash, nonce, values, blindings), blindings };
}

/**
 * The leaf from its opening — the customer's own values and leaf blindings, as a proof carries
 * them: `C_a = v_a·G + r_a·H`, `leafHashV2 = TH("kura/v2/leaf", uidHash ‖ nonce ‖ C_1 ‖ … ‖ C_k)`.
 * Throws a RangeError naming the argument for a value outside `[0, 2^64)` or a blinding ≥ ℓ.
 */
export function leafFromOpeningV2(
  uidHash: Uint8Array,
  nonce: Uint8Array,
  values: readonly bigint[],
  blindings: readonly bigint[]
): NodeV2 {
  check32(uidHash, 'uidHash');
  check32(nonce, 'nonce');
  if (values.length < 1) throw new RangeError('"values" expected at least one asset');
  if (blindings.length !== values.length)
    throw new RangeError('"blindings" expected one entry per value');
  const commitments = values.map((v, a) => commit(v, blindings[a]!));
  return { hash: leafHashV2(uidHash, nonce, commitmentBytes(commitments)), commitments };
}

/**
 * `leafHashV2` from the leaf's encoded commitments `C_1 ‖ … ‖ C_k` (32k bytes): what a builder
 * that encodes in batches calls.
 */
export function leafHashV2(
  uidHash: Uint8Array,
  nonce: Uint8Array,
  encoded: Uint8Array
): Uint8Array {
  check32(uidHash, 'uidHash');
  check32(nonce, 'nonce');
  if (encoded.length === 0 || encoded.length % 32 !== 0)
    throw new RangeError('"encoded" expected 32k bytes');
  return taggedHash(TAG_LEAF_V2, uidHash, nonce, encoded);
}

/**
 * `nodeHashV2` from both children's hashes and encoded commitments (32k bytes each), for a
 * builder that encodes in batches. Same bytes as {@link nodeHashV2}.
 */
export function nodeHashV2Encoded(
  level: number,
  leftHash: Uint8Array,
  rightHash: Uint8Array,
  leftEncoded: Uint8Array,
  rightEncoded: Uint8Array
): Uint8Array {
  if (!Number.isInteger(level) || level < 1 || level > MAX_HEIGHT_V2)
    throw new RangeError(`"level" expected 1 … ${MAX_HEIGHT_V2}, got ${level}`);
  check32(leftHash, 'leftHash');
  check32(rightHash, 'rightHash');
  if (
    leftEncoded.length === 0 ||
    leftEncoded.length % 32 !== 0 ||
    rightEncoded.length !== leftEncoded.length
  )
    throw new RangeError('"rightEncoded" must be as long as "leftEncoded" (32k bytes)');
  return taggedHash(TAG_NODE_V2, u8(level), leftHash, rightHash, leftEncoded, rightEncoded);
}

/** The hash of the pad at `(level, index)`: `HMAC(roundKey, ascii("kura/v2/pad") ‖ u8(l) ‖ u64(i))`. */
export function padHashV2(roundKey: Uint8Array, level: number, index: number | bigint): Uint8Array {
  check32(roundKey, 'roundKey');
  return hmacSha256(roundKey, PAD_LABEL, u8(level), u64(index));
}

/**
 * `nodeHashV2(l) = TH("kura/v2/node", u8(l) ‖ hL ‖ hR ‖ CL_1 ‖ … ‖ CL_k ‖ CR_1 ‖ … ‖ CR_k)`:
 * 65 + 64k bytes after the tag prefix, commitments in their 32-byte canonical encoding.
 */
export function nodeHashV2(level: number, left: NodeV2, right: NodeV2): Uint8Array {
  if (!Number.isInteger(level) || level < 1 || level > MAX_HEIGHT_V2)
    throw new RangeError(`"level" expected 1 … ${MAX_HEIGHT_V2}, got ${level}`);
  check32(left.hash, 'left.hash');
  check32(right.hash, 'right.hash');
  if (left.commitments.length < 1 || left.commitments.length !== right.commitments.length)
    throw new RangeError('"right.commitments" must have as many entries as "left.commitments"');
  return nodeHashV2Encoded(
    level,
    left.hash,
    right.hash,
    commitmentBytes(left.commitments),
    commitmentBytes(right.commitments)
  );
}

/** The parent at `level`: its hash and `C = C_L + C_R` per asset. */
export function parentNodeV2(level: number, left: NodeV2, right: NodeV2): NodeV2 {
  return {
    hash: nodeHashV2(level, left, right),
    commitments: left.commitments.map((c, a) => c.add(right.commitments[a]!)),
  };
}

/**
 * A pad at `(level, index)`: `hash = HMAC(roundKey, ascii("kura/v2/pad") ‖ u8(l) ‖ u64(i))`,
 * commitments to 0 under `padBlinding(l, i, a)` — indistinguishable from a customer's subtree
 * without the round key.
 */
export function padNodeV2(
  roundKey: Uint8Array,
  level: number,
  index: number | bigint,
  assets: number
): NodeV2 {
  check32(roundKey, 'roundKey');
  if (!Number.isInteger(assets) || assets < 1)
    throw new RangeError(`"assets" expected a positive integer, got ${assets}`);
  const hash = padHashV2(roundKey, level, index);
  const commitments = Array.from({ length: assets }, (_, a) =>
    padCommitment(roundKey, level, index, a)
  );
  return { hash, commitments };
}
