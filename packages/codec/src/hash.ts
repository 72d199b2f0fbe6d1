/**
 * Hash primitives of protocol v1 §Primitives: `H` = SHA-256, `TH` = the BIP-340 tagged hash,
 * `HMAC` = HMAC-SHA256. Isomorphic (@noble/hashes).
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8Raw } from './bytes.js';

type Sha256Hash = ReturnType<typeof nobleSha256.create>;

/** `H(msg)` = SHA-256. */
export function sha256(msg: Uint8Array): Uint8Array {
  return nobleSha256(msg);
}

const midstates = new Map<string, Sha256Hash>();

/** The SHA-256 state after absorbing `H(tag) ‖ H(tag)` (one compression block), cached per tag. */
function tagMidstate(tag: string): Sha256Hash {
  let st = midstates.get(tag);
  if (!st) {
    const th = nobleSha256(utf8Raw(tag));
    st = nobleSha256.create().update(concatBytes(th, th));
    midstates.set(tag, st);
  }
  return st;
}

/**
 * `TH(tag, msg) = H(H(tag) ‖ H(tag) ‖ msg)` — the BIP-340 tagged hash; `tag` is ASCII.
 * The 64-byte prefix is one compression block, so its midstate is cached per tag.
 */
export function taggedHash(tag: string, ...msg: Uint8Array[]): Uint8Array {
  const h = tagMidstate(tag).clone();
  for (const m of msg) h.update(m);
  return h.digest();
}

/** `HMAC(key, msg)` = HMAC-SHA256. */
export function hmacSha256(key: Uint8Array, ...msg: Uint8Array[]): Uint8Array {
  const h = hmac.create(nobleSha256, key);
  for (const m of msg) h.update(m);
  return h.digest();
}
