/**
 * Inner nodes of the Merkle-sum tree (protocol v1 §Tree). Named `inner` because `node.ts` is
 * the package's Node.js entry point.
 * @module
 */
import { th } from './hash.js';
import { check32 } from './leaf.js';
import { addSums, type Sums, writeSumsView } from './sums.js';

/** Tag of §Tree node hashes. */
export const TAG_NODE = 'kura/v1/node';

/** Largest tree height. */
export const MAX_HEIGHT = 32;

/** The preimage buffer of {@link nodeHash}, reused (hash backends copy what they hash). */
let scratch = new Uint8Array(65 + 32 * 8);
let view = new DataView(scratch.buffer);

/** A node of the tree: its hash and its sum vector (for a leaf, its balances). */
export interface TreeNode {
  readonly hash: Uint8Array;
  readonly sums: Sums;
}

/**
 * `nodeHash(l, i) = TH("kura/v1/node", u8(l) ‖ hL ‖ hR ‖ u128(ΣL_1) ‖ … ‖ u128(ΣL_k) ‖
 * u128(ΣR_1) ‖ … ‖ u128(ΣR_k))`.
 *
 * Preimage after the tag prefix, 1 + 64 + 32k bytes: the level `l` (1 … 32) of the node being
 * computed as one byte, the left child's hash (32), the right child's hash (32), the left
 * child's k sums (16 bytes big-endian each), the right child's k sums. Committing both children's
 * sums (not only their total) is the fix of the Maxwell flaw (attack A1); committing the level
 * rules out leaf/node confusion and short paths (A5, A6).
 */
export function nodeHash(level: number, left: TreeNode, right: TreeNode): Uint8Array {
  if (!Number.isInteger(level) || level < 1 || level > MAX_HEIGHT)
    throw new RangeError(`"level" expected 1 … ${MAX_HEIGHT}, got ${level}`);
  check32(left.hash, 'left.hash');
  check32(right.hash, 'right.hash');
  if (left.sums.length !== right.sums.length)
    throw new RangeError('"right.sums" must have as many entries as "left.sums"');
  const len = 65 + 32 * left.sums.length;
  if (scratch.length < len) {
    scratch = new Uint8Array(Math.max(len, 2 * scratch.length));
    view = new DataView(scratch.buffer);
  }
  scratch[0] = level;
  scratch.set(left.hash, 1);
  scratch.set(right.hash, 33);
  writeSumsView(view, writeSumsView(view, 65, left.sums), right.sums);
  return th(TAG_NODE, scratch.subarray(0, len));
}

/** The parent at `level` of two children: its hash and `Σ = ΣL + ΣR` component-wise. */
export function parentNode(level: number, left: TreeNode, right: TreeNode): TreeNode {
  return { hash: nodeHash(level, left, right), sums: addSums(left.sums, right.sums) };
}
