/**
 * Where an ERC-20 keeps a holder's balance: the storage slot of `balances[holder]` for a
 * `mapping(address => uint256)` declared at slot `p`.
 *
 * - Solidity layout: `keccak256(pad32(holder) ‖ pad32(p))` (Solidity docs, "Layout of State
 *   Variables in Storage", mappings).
 * - Vyper layout: `keccak256(pad32(p) ‖ pad32(holder))`.
 * `pad32` left-pads with zero bytes to 32 bytes.
 * @module
 */
import { concatBytes } from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { word } from './hex.js';

/** Storage layout of a token's balance mapping. */
export type SlotLayout = 'solidity' | 'vyper';

/** The 32-byte storage slot of `balances[holder]` (holder: 20 bytes) for mapping slot `p`. */
export function balanceSlot(
  holder: Uint8Array,
  mappingSlot: bigint,
  layout: SlotLayout = 'solidity'
): Uint8Array {
  if (holder.length !== 20) throw new RangeError('"holder" expected 20 bytes');
  const h = new Uint8Array(32);
  h.set(holder, 12);
  const p = word(mappingSlot);
  return keccak_256(layout === 'solidity' ? concatBytes(h, p) : concatBytes(p, h));
}
