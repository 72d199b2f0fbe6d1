/**
 * The `node:crypto` hash backend: one-shot `crypto.hash` (Node ≥ 20.12; `createHash` before)
 * over the cached 64-byte first block, and HMAC as two hashes over precomputed ipad/opad blocks.
 * Gives exactly the bytes of the isomorphic @noble/hashes backend (tested), faster in Node.
 * @module
 */
import * as crypto from 'node:crypto';
import type { TreeHashBackend } from '../hash.js';
import { hmacBlock, tagBlock } from './midstates.js';

type OneShot = (data: Uint8Array) => Uint8Array;

const hashFn = (
  crypto as unknown as { hash?: (alg: string, d: Uint8Array, enc: 'buffer') => Uint8Array }
).hash;
const sha256: OneShot = hashFn
  ? (d) => hashFn('sha256', d, 'buffer')
  : (d) => crypto.createHash('sha256').update(d).digest();

/** Per tag: a scratch buffer that starts with the tag's 64-byte prefix block. */
const scratch = new Map<string, Uint8Array>();
let lastKey: Uint8Array | undefined;
let lastIpad: Uint8Array = new Uint8Array(64);
let lastOpad: Uint8Array = new Uint8Array(64);

function concat(first: Uint8Array, parts: Uint8Array[]): Uint8Array {
  let n = first.length;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  out.set(first, 0);
  let o = first.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function sameKey(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** TH and HMAC through `node:crypto`. */
export const nodeCryptoBackend: TreeHashBackend = {
  name: 'node:crypto',
  taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
    let n = 64;
    for (const p of parts) n += p.length;
    let buf = scratch.get(tag);
    if (!buf || buf.length < n) {
      buf = new Uint8Array(Math.max(n, 512));
      buf.set(tagBlock(tag));
      scratch.set(tag, buf);
    }
    let o = 64;
    for (const p of parts) {
      buf.set(p, o);
      o += p.length;
    }
    return sha256(buf.subarray(0, n));
  },
  hmac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
    if (key.length > 64) throw new RangeError('"key" longer than 64 bytes is not used by Kura');
    if (!sameKey(lastKey, key)) {
      lastKey = Uint8Array.from(key);
      lastIpad = hmacBlock(key, 0x36);
      lastOpad = hmacBlock(key, 0x5c);
    }
    const inner = sha256(concat(lastIpad, parts));
    return sha256(concat(lastOpad, [inner]));
  },
};
