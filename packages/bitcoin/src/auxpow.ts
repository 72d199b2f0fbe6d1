/**
 * Merged-mining (AuxPoW) block headers, as Dogecoin serialises them after block 371337:
 * `CPureBlockHeader (80 bytes) ‖ CAuxPow` when the version has bit 8 (0x100) set, where
 * `CAuxPow = coinbaseTx ‖ hashBlock(32) ‖ CompactSize(n) ‖ n×32 merkle branch ‖ int32 index ‖
 * CompactSize(m) ‖ m×32 chain branch ‖ int32 chainIndex ‖ parentHeader(80)` (Dogecoin
 * `src/auxpow.h`, from Namecoin). The block's hash is SHA-256d of the 80-byte pure header; the
 * work is the parent's (not checked by Kura: the header is bound by its hash to the node's block
 * at the snapshot height). `getblockheader <hash> false` and `gettxoutproof` carry the AuxPoW.
 * @module
 */
import { EncodingError } from '@kura/codec';
import { Transaction } from 'bitcoinjs-lib';
import type { ByteReader } from './wire.js';

/** Version bit marking a merged-mined header. */
export const AUXPOW_VERSION_BIT = 0x100;
const MAX_BRANCH = 64;

/**
 * Read one block header from `r`: the 80-byte pure header, then — when `auxpow` is allowed and
 * the version has bit 8 set — its CAuxPow, which is skipped. Returns the pure header bytes.
 */
export function readHeaderMaybeAuxPow(r: ByteReader, auxpow: boolean): Uint8Array {
  const header = r.take(80);
  const version = header[0]! | (header[1]! << 8) | (header[2]! << 16) | (header[3]! << 24);
  if (!auxpow || (version & AUXPOW_VERSION_BIT) === 0) return header;
  let tx: Transaction;
  try {
    tx = Transaction.fromBuffer(Buffer.from(r.bytes.subarray(r.offset)), true);
  } catch (e) {
    throw new EncodingError(`AuxPoW coinbase: ${(e as Error).message}`, r.field);
  }
  if (!tx.isCoinbase())
    throw new EncodingError('AuxPoW: the parent transaction is not a coinbase', r.field);
  r.take(tx.byteLength());
  r.take(32); // hashBlock
  for (let i = r.varint(MAX_BRANCH); i > 0; i--) r.take(32);
  r.u32le();
  for (let i = r.varint(MAX_BRANCH); i > 0; i--) r.take(32);
  r.u32le();
  r.take(80); // parent block header
  return header;
}
