/**
 * The leaf of protocol v1 (§Leaf): uid hash, per-round nonce and leaf hash.
 * @module
 */
import { EncodingError, isWellFormed, MAX_LEAF, utf8 } from '@kura/codec';
import { hmac, th } from './hash.js';
import { encodeSums, type Sums } from './sums.js';

/** Tags and labels of §Leaf (ASCII). */
export const TAG_UID = 'kura/v1/uid';
export const TAG_LEAF = 'kura/v1/leaf';
export const LABEL_NONCE = 'kura/v1/leaf-nonce';

const NONCE_LABEL = utf8(LABEL_NONCE);

/** Reject anything but a non-empty, well-formed (no lone surrogate) string. */
export function checkUid(uid: unknown, field = 'uid'): string {
  if (typeof uid !== 'string' || uid.length === 0)
    throw new EncodingError('expected a non-empty string', field);
  if (!isWellFormed(uid)) throw new EncodingError('contains a lone UTF-16 surrogate', field);
  return uid;
}

/**
 * `uidHash = TH("kura/v1/uid", utf8(uid))`.
 *
 * Preimage after the 64-byte tag prefix: the UTF-8 bytes of `uid` in Unicode NFC (so the
 * composed and decomposed spellings of one name are one user), nothing else.
 */
export function uidHash(uid: string): Uint8Array {
  return th(TAG_UID, utf8(checkUid(uid)));
}

/**
 * `nonce = HMAC(roundKey, utf8("kura/v1/leaf-nonce") ‖ uidHash)`.
 *
 * HMAC message (50 bytes): the 18 ASCII bytes `kura/v1/leaf-nonce`, then the 32-byte uidHash.
 * The customer receives the nonce with the proof; it hides the balances from anyone who only
 * sees the leaf hash, and is fresh every round (the round key is).
 */
export function leafNonce(roundKey: Uint8Array, uidHash: Uint8Array): Uint8Array {
  check32(roundKey, 'roundKey');
  check32(uidHash, 'uidHash');
  return hmac(roundKey, NONCE_LABEL, uidHash);
}

/** Throw a RangeError naming the argument unless every balance is within `0 … MAX_LEAF`. */
export function checkBalances(balances: Sums, field = 'balances'): void {
  for (let i = 0; i < balances.length; i++) {
    const b = balances[i]!;
    if (typeof b !== 'bigint' || b < 0n || b > MAX_LEAF)
      throw new RangeError(`"${field}[${i}]" must be a bigint in 0 … 2^96−1, got ${String(b)}`);
  }
}

/**
 * `leafHash = TH("kura/v1/leaf", uidHash ‖ nonce ‖ u128(b_1) ‖ … ‖ u128(b_k))`.
 *
 * Preimage after the tag prefix, 64 + 16k bytes: uidHash (32), nonce (32), then each balance
 * as a 16-byte big-endian unsigned integer in asset-list order. Every field has a fixed width,
 * so the encoding is injective for a fixed asset count (attack A4).
 */
export function leafHash(uidHash: Uint8Array, nonce: Uint8Array, balances: Sums): Uint8Array {
  check32(uidHash, 'uidHash');
  check32(nonce, 'nonce');
  if (balances.length === 0) throw new RangeError('"balances" must not be empty');
  checkBalances(balances);
  return th(TAG_LEAF, uidHash, nonce, encodeSums(balances));
}

/** @internal */
export function check32(b: Uint8Array, name: string): void {
  if (!(b instanceof Uint8Array) || b.length !== 32)
    throw new RangeError(`"${name}" expected 32 bytes`);
}
