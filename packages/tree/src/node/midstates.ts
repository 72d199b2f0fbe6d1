/**
 * The midstate slots of the builder's hash engine: the fixed first block of every protocol
 * hash (protocol v1 §Primitives, §Leaf, §Tree).
 * @module
 */
import { sha256, utf8Raw } from '@kura/codec';
import type { DigestEngine } from './engine.js';

/** `H(tag) ‖ H(tag)` of `TH("kura/v1/uid", …)`. */
export const SLOT_UID = 0;
/** `H(tag) ‖ H(tag)` of `TH("kura/v1/leaf", …)`. */
export const SLOT_LEAF = 1;
/** `H(tag) ‖ H(tag)` of `TH("kura/v1/node", …)`. */
export const SLOT_NODE = 2;
/** `roundKey ⊕ ipad` (HMAC inner block). */
export const SLOT_IPAD = 3;
/** `roundKey ⊕ opad` (HMAC outer block). */
export const SLOT_OPAD = 4;

/** The 64-byte prefix block of a tagged hash: `H(tag) ‖ H(tag)`. */
export function tagBlock(tag: string): Uint8Array {
  const h = sha256(utf8Raw(tag));
  const b = new Uint8Array(64);
  b.set(h, 0);
  b.set(h, 32);
  return b;
}

/** The HMAC-SHA256 key block `K ⊕ pad` of a 32-byte key (RFC 2104). */
export function hmacBlock(key: Uint8Array, pad: 0x36 | 0x5c): Uint8Array {
  const b = new Uint8Array(64).fill(pad);
  for (let i = 0; i < key.length; i++) b[i] = key[i]! ^ pad;
  return b;
}

/** Load the five protocol midstates for `roundKey` into `engine`. */
export function loadMidstates(engine: DigestEngine, roundKey: Uint8Array): void {
  if (roundKey.length !== 32) throw new RangeError('"roundKey" expected 32 bytes');
  engine.setMidstate(SLOT_UID, tagBlock('kura/v1/uid'));
  engine.setMidstate(SLOT_LEAF, tagBlock('kura/v1/leaf'));
  engine.setMidstate(SLOT_NODE, tagBlock('kura/v1/node'));
  engine.setMidstate(SLOT_IPAD, hmacBlock(roundKey, 0x36));
  engine.setMidstate(SLOT_OPAD, hmacBlock(roundKey, 0x5c));
}
