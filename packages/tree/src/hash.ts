/**
 * The tree's hash backend (protocol v1 §Primitives): `TH(tag, msg) = H(H(tag) ‖ H(tag) ‖ msg)`
 * (BIP-340 tagged hash, `tag` ASCII) and `HMAC` = HMAC-SHA256.
 *
 * The default backend is @noble/hashes through @kura/codec (isomorphic; caches the tag midstate).
 * Node installs a faster one (`node:crypto` one-shot hashing) from `@kura/tree/node` through
 * {@link setHashBackend}; both must give identical bytes (tested).
 * @module
 */
import { hmacSha256, taggedHash } from '@kura/codec';

/** What the tree needs from a hash implementation. */
export interface TreeHashBackend {
  /** Short name for diagnostics, e.g. `noble` or `node:crypto`. */
  readonly name: string;
  /** `TH(tag, parts[0] ‖ parts[1] ‖ …)`. */
  taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array;
  /** `HMAC-SHA256(key, parts[0] ‖ parts[1] ‖ …)`. */
  hmac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array;
}

/** The isomorphic backend (@noble/hashes). */
export const nobleBackend: TreeHashBackend = {
  name: 'noble',
  taggedHash,
  hmac: hmacSha256,
};

let current: TreeHashBackend = nobleBackend;

/** Replace the hash backend used by every tree function (e.g. the `node:crypto` one). */
export function setHashBackend(backend: TreeHashBackend): void {
  current = backend;
}

/** The backend in use. */
export function getHashBackend(): TreeHashBackend {
  return current;
}

/** `TH(tag, …parts)` with the current backend. */
export function th(tag: string, ...parts: Uint8Array[]): Uint8Array {
  return current.taggedHash(tag, ...parts);
}

/** `HMAC(key, …parts)` with the current backend. */
export function hmac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  return current.hmac(key, ...parts);
}
