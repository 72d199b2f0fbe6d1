/**
 * Bitcoin's composite hashes: `HASH160 = RIPEMD-160(SHA-256(x))`, `HASH256 = SHA-256(SHA-256(x))`.
 * @module
 */
import { sha256 } from '@kura/codec';
import { ripemd160 } from '@noble/hashes/legacy.js';

/** `RIPEMD-160(SHA-256(x))` — P2PKH / P2SH / P2WPKH hashes. */
export function hash160(x: Uint8Array): Uint8Array {
  return ripemd160(sha256(x));
}

/** `SHA-256(SHA-256(x))` — txids, block hashes, merkle nodes, base58check checksums. */
export function hash256(x: Uint8Array): Uint8Array {
  return sha256(sha256(x));
}
