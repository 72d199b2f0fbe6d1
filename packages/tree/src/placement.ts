/**
 * Deterministic placement of users on leaf positions (protocol v1 §Tree, "Placement"), so an
 * auditor holding the master secret rebuilds the identical tree.
 * @module
 */
import { InputError, u32, utf8 } from '@kura/codec';
import { hmac } from './hash.js';
import { MAX_HEIGHT } from './inner.js';
import { check32 } from './leaf.js';

/** HMAC labels of §Placement (ASCII). */
export const LABEL_ORDER = 'kura/v1/order';
export const LABEL_POSITION = 'kura/v1/position';

/** `dense` (default): rank order, smallest height; `sparse`: pseudo-random, hides the count. */
export type Placement = 'dense' | 'sparse';

/** Default height of a sparse tree. */
export const SPARSE_DEFAULT_HEIGHT = 32;

const ORDER_LABEL = utf8(LABEL_ORDER);
const POSITION_LABEL = utf8(LABEL_POSITION);

/**
 * `orderKey(u) = HMAC(roundKey, utf8("kura/v1/order") ‖ uidHash)`.
 *
 * HMAC message (45 bytes): the 13 ASCII bytes `kura/v1/order`, then the 32-byte uidHash.
 * Users are processed in ascending byte order of their order keys.
 */
export function orderKey(roundKey: Uint8Array, uidHash: Uint8Array): Uint8Array {
  check32(roundKey, 'roundKey');
  check32(uidHash, 'uidHash');
  return hmac(roundKey, ORDER_LABEL, uidHash);
}

/**
 * The j-th sparse candidate position:
 * `p = (first 8 bytes of HMAC(roundKey, utf8("kura/v1/position") ‖ uidHash ‖ u32(j)) as u64)
 * >> (64 − HGT)`.
 *
 * HMAC message (52 bytes): the 16 ASCII bytes `kura/v1/position`, the 32-byte uidHash, `j` as
 * 4 bytes big-endian. As HGT ≤ 32, `p` is the top HGT bits of the first 4 bytes.
 */
export function sparseCandidate(
  roundKey: Uint8Array,
  uidHash: Uint8Array,
  j: number,
  height: number
): number {
  check32(roundKey, 'roundKey');
  check32(uidHash, 'uidHash');
  checkHeight(height);
  const mac = hmac(roundKey, POSITION_LABEL, uidHash, u32(j));
  return topBits(mac, height);
}

/** The top `height` (1 … 32) bits of the first 4 bytes of `mac`, as a number. */
export function topBits(mac: Uint8Array, height: number): number {
  const w = ((mac[0]! << 24) | (mac[1]! << 16) | (mac[2]! << 8) | mac[3]!) >>> 0;
  return height === 32 ? w : w >>> (32 - height);
}

/** Unsigned lexicographic comparison of two byte strings (ascending byte order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** `HGT = max(1, ⌈log2 n⌉)` — the height of a dense tree of `n ≥ 1` users. */
export function denseHeight(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`"n" expected ≥ 1, got ${n}`);
  let h = 1;
  while (2 ** h < n) h++;
  return h;
}

/** Throw unless `height` is an integer 1 … 32. */
export function checkHeight(height: number, field = 'height'): number {
  if (!Number.isInteger(height) || height < 1 || height > MAX_HEIGHT)
    throw new RangeError(`"${field}" expected an integer 1 … ${MAX_HEIGHT}, got ${height}`);
  return height;
}

/**
 * The height of a tree of `n` users: the dense minimum or the sparse default, or `requested`
 * when given. Throws a RangeError when `requested` cannot hold `n` users.
 */
export function resolveHeight(placement: Placement, n: number, requested?: number): number {
  if (requested === undefined)
    return placement === 'dense' ? denseHeight(n) : SPARSE_DEFAULT_HEIGHT;
  checkHeight(requested);
  if (n > 2 ** requested)
    throw new RangeError(
      `${n} users do not fit in a tree of height ${requested} (${2 ** requested} positions)`
    );
  return requested;
}

/**
 * {@link resolveHeight} for a builder: a height that cannot hold `n` users (or is out of range)
 * is an {@link InputError} naming the field `height`.
 */
export function builderHeight(placement: Placement, n: number, requested?: number): number {
  try {
    return resolveHeight(placement, n, requested);
  } catch (e) {
    throw new InputError((e as Error).message, { field: 'height' });
  }
}

/**
 * A check that no uid (after NFC) appears twice in an in-memory list named `list`: call it with
 * each entry's uid and index in turn; a repeat is an {@link InputError} naming both entries
 * (`duplicate uid "<uid>" (also <list>[<first>])`, field `<list>[<i>].uid`).
 */
export function uniqueUids(list: string): (uid: string, i: number) => void {
  const seen = new Map<string, number>();
  return (uid, i) => {
    const key = uid.normalize('NFC');
    const prev = seen.get(key);
    if (prev !== undefined)
      throw new InputError(`duplicate uid "${uid}" (also ${list}[${prev}])`, {
        field: `${list}[${i}].uid`,
      });
    seen.set(key, i);
  };
}

/** One user's placement inputs. */
export interface PlacementInput {
  readonly uidHash: Uint8Array;
  readonly orderKey: Uint8Array;
}

/**
 * Place users: returns the position of each input (same order as `users`). Users are taken in
 * ascending order of their order keys; dense gives rank r position r; sparse tries
 * j = 0, 1, 2, … and takes the first candidate not already taken. `users` must not contain a
 * uid twice; more users than `2^height` positions is a RangeError.
 */
export function placeUsers(
  roundKey: Uint8Array,
  users: readonly PlacementInput[],
  placement: Placement,
  height: number
): number[] {
  checkHeight(height);
  if (users.length > 2 ** height)
    throw new RangeError(
      `${users.length} users do not fit in a tree of height ${height} (${2 ** height} positions)`
    );
  const order = users
    .map((_, i) => i)
    .sort((a, b) => compareBytes(users[a]!.orderKey, users[b]!.orderKey));
  const pos = new Array<number>(users.length);
  if (placement === 'dense') {
    order.forEach((u, r) => {
      pos[u] = r;
    });
    return pos;
  }
  const taken = new Set<number>();
  for (const u of order) {
    for (let j = 0; ; j++) {
      const p = sparseCandidate(roundKey, users[u]!.uidHash, j, height);
      if (!taken.has(p)) {
        taken.add(p);
        pos[u] = p;
        break;
      }
    }
  }
  return pos;
}
