/**
 * Pads: the hash of every maximal empty subtree (protocol v1 §Tree).
 * @module
 */
import { u8, u64, utf8 } from '@kura/codec';
import { hmac } from './hash.js';
import { MAX_HEIGHT, type TreeNode } from './inner.js';
import { check32 } from './leaf.js';
import { zeroSums } from './sums.js';

/** HMAC label of pads (ASCII). */
export const LABEL_PAD = 'kura/v1/pad';

const PAD_LABEL = utf8(LABEL_PAD);

/**
 * `padHash(l, i) = HMAC(roundKey, utf8("kura/v1/pad") ‖ u8(l) ‖ u64(i))`, sums all zero.
 *
 * HMAC message (20 bytes): the 11 ASCII bytes `kura/v1/pad`, the level `l` (0 … 32) as one
 * byte, the index `i` within the level as 8 bytes big-endian. Keyed, so pads are
 * indistinguishable from real subtrees without the round key (attack F5); unique per position,
 * so no node is ever duplicated (A7).
 */
export function padHash(roundKey: Uint8Array, level: number, index: number): Uint8Array {
  check32(roundKey, 'roundKey');
  if (!Number.isInteger(level) || level < 0 || level > MAX_HEIGHT)
    throw new RangeError(`"level" expected 0 … ${MAX_HEIGHT}, got ${level}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** (MAX_HEIGHT - level))
    throw new RangeError(`"index" out of range for level ${level}: ${index}`);
  return hmac(roundKey, PAD_LABEL, u8(level), u64(index));
}

/** The pad node `(l, i)` for `k` assets. */
export function padNode(roundKey: Uint8Array, level: number, index: number, k: number): TreeNode {
  return { hash: padHash(roundKey, level, index), sums: zeroSums(k) };
}
