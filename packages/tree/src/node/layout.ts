/**
 * Binary layouts shared by the builder, its workers and the tree store.
 * @module
 */

/**
 * A derived user record, the unit of the external sort (variable length):
 * ```
 * 0        orderKey   32
 * 32       leafHash   32
 * 64       balances   16k   u128 big-endian each, asset-list order
 * 64+16k   cand0      u32   top 32 bits of the j = 0 sparse position HMAC (0 for dense)
 * 68+16k   chunk      u32   input chunk number (for error messages)
 * 72+16k   line       u32   line within the chunk
 * 76+16k   uidLen     u16
 * 78+16k   uid        uidLen bytes (NFC UTF-8)
 * ```
 */
export const REC_KEY = 0;
export const REC_LEAF = 32;
export const REC_BAL = 64;
export function recFixed(k: number): number {
  return 78 + 16 * k;
}

/**
 * A node record of the tree store (fixed length 40 + 16k), one file per level, ascending index:
 * ```
 * 0   index       u32   the node's index within its level
 * 4   parentRank  u32   the record number of its parent in the next level's file
 * 8   hash        32
 * 40  sums        16k   u128 big-endian each
 * ```
 */
export const NODE_INDEX = 0;
export const NODE_PARENT = 4;
export const NODE_HASH = 8;
export const NODE_SUMS = 40;
export function nodeSize(k: number): number {
  return 40 + 16 * k;
}

/** An index entry (16 bytes), ascending order key: the key's first 12 bytes, then position u32. */
export const INDEX_ENTRY = 16;
export const INDEX_KEY_BYTES = 12;

/** Order-key buckets (by the key's first byte). */
export const BUCKETS = 256;
