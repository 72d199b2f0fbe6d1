/**
 * Recursive Length Prefix (RLP) encoding, the serialisation of Ethereum headers, trie nodes and
 * accounts (Ethereum Yellow Paper, Appendix B).
 *
 * The decoder is strict: it accepts exactly one canonical encoding per value and throws
 * {@link RlpError} otherwise —
 * - a single byte below 0x80 must stand for itself (`0x81 0x05` is refused),
 * - the long forms (`0xb8…`, `0xf8…`) only for payloads of 56 bytes or more, with a length that
 *   has no leading zero byte,
 * - no bytes after the item, no item reaching past the input, nesting at most `maxDepth`.
 * @module
 */
import { KuraError } from '@kura/codec';

/** A decoded RLP item: a byte string or a list of items. */
export type RlpItem = Uint8Array | readonly RlpItem[];

/** Codes of {@link RlpError}. */
export type RlpErrorCode = 'RLP_TRUNCATED' | 'RLP_NON_CANONICAL' | 'RLP_TRAILING' | 'RLP_DEPTH';

/** Input that is not one canonical RLP item. */
export class RlpError extends KuraError {
  override readonly code: RlpErrorCode;
  /** Byte offset where decoding failed. */
  readonly offset: number;
  constructor(code: RlpErrorCode, message: string, offset: number) {
    super(code, `RLP at byte ${offset}: ${message}`);
    this.code = code;
    this.offset = offset;
  }
}

/** Decode exactly one canonical RLP item spanning all of `bytes`. */
export function rlpDecode(bytes: Uint8Array, maxDepth = 16): RlpItem {
  const [item, end] = decodeAt(bytes, 0, bytes.length, maxDepth);
  if (end !== bytes.length) throw new RlpError('RLP_TRAILING', 'bytes after the item', end);
  return item;
}

/** Read a big-endian length of `n` bytes at `pos` (no leading zero, at least 56). */
function longLength(b: Uint8Array, pos: number, n: number, limit: number): number {
  if (pos + n > limit) throw new RlpError('RLP_TRUNCATED', 'length reaches past the input', pos);
  if (b[pos] === 0) throw new RlpError('RLP_NON_CANONICAL', 'length with a leading zero', pos);
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[pos + i]!;
  if (len < 56) throw new RlpError('RLP_NON_CANONICAL', 'long form for a short payload', pos);
  if (!Number.isSafeInteger(len))
    throw new RlpError('RLP_TRUNCATED', 'length reaches past the input', pos);
  return len;
}

function decodeAt(b: Uint8Array, pos: number, limit: number, depth: number): [RlpItem, number] {
  if (pos >= limit) throw new RlpError('RLP_TRUNCATED', 'input ends before the item', pos);
  const p = b[pos]!;
  if (p < 0x80) return [b.subarray(pos, pos + 1), pos + 1];
  if (p <= 0xb7) {
    const len = p - 0x80;
    const start = pos + 1;
    if (start + len > limit)
      throw new RlpError('RLP_TRUNCATED', 'string reaches past the input', pos);
    if (len === 1 && b[start]! < 0x80)
      throw new RlpError('RLP_NON_CANONICAL', 'single byte below 0x80 given a prefix', pos);
    return [b.subarray(start, start + len), start + len];
  }
  if (p <= 0xbf) {
    const n = p - 0xb7;
    const len = longLength(b, pos + 1, n, limit);
    const start = pos + 1 + n;
    if (start + len > limit)
      throw new RlpError('RLP_TRUNCATED', 'string reaches past the input', pos);
    return [b.subarray(start, start + len), start + len];
  }
  if (depth <= 0) throw new RlpError('RLP_DEPTH', 'lists nested too deeply', pos);
  let start: number;
  let len: number;
  if (p <= 0xf7) {
    len = p - 0xc0;
    start = pos + 1;
  } else {
    const n = p - 0xf7;
    len = longLength(b, pos + 1, n, limit);
    start = pos + 1 + n;
  }
  const end = start + len;
  if (end > limit) throw new RlpError('RLP_TRUNCATED', 'list reaches past the input', pos);
  const items: RlpItem[] = [];
  let q = start;
  while (q < end) {
    const [item, next] = decodeAt(b, q, end, depth - 1);
    items.push(item);
    q = next;
  }
  return [items, end];
}

function lengthPrefix(len: number, offset: number): Uint8Array {
  if (len < 56) return Uint8Array.of(offset + len);
  const bytes: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.of(offset + 55 + bytes.length, ...bytes);
}

/** Encode an item as canonical RLP. */
export function rlpEncode(item: RlpItem): Uint8Array {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0]! < 0x80) return item.slice();
    const pre = lengthPrefix(item.length, 0x80);
    const out = new Uint8Array(pre.length + item.length);
    out.set(pre);
    out.set(item, pre.length);
    return out;
  }
  const parts = item.map(rlpEncode);
  let n = 0;
  for (const p of parts) n += p.length;
  const pre = lengthPrefix(n, 0xc0);
  const out = new Uint8Array(pre.length + n);
  out.set(pre);
  let o = pre.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** True when `item` is a byte string (not a list). */
export function isRlpBytes(item: RlpItem): item is Uint8Array {
  return item instanceof Uint8Array;
}
