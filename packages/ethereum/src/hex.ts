/**
 * `0x`-prefixed hex as JSON-RPC and the Ethereum world write it: DATA (bytes) and QUANTITY
 * (minimal big-endian integers, `0x0` for zero), parsed strictly.
 * @module
 */
import { bytesToHex, EncodingError, hexToBytes } from '@kura/codec';

const QUANTITY_RE = /^0x(?:0|[1-9a-fA-F][0-9a-fA-F]*)$/;

// nibble value of a hex character code, -1 for any other character
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[65 + i] = NIBBLE[97 + i] = 10 + i;

/** Decode hex characters `from … s.length` (even count, already checked) by table lookup. */
function decodeHex(s: string, from: number, field: string): Uint8Array {
  const out = new Uint8Array((s.length - from) / 2);
  for (let i = 0, j = from; i < out.length; i++, j += 2) {
    const a = s.charCodeAt(j);
    const b = s.charCodeAt(j + 1);
    const hi = a < 128 ? NIBBLE[a]! : -1;
    const lo = b < 128 ? NIBBLE[b]! : -1;
    if (hi < 0 || lo < 0) throw new EncodingError('expected 0x-prefixed hex of even length', field);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Parse `0x`-prefixed DATA of even length (either case accepted: node replies and EIP-55
 * addresses mix cases). When `bytes` is given the length must be exactly that.
 */
export function parseData(s: unknown, field: string, bytes?: number): Uint8Array {
  if (
    typeof s !== 'string' ||
    s.length % 2 !== 0 ||
    s.charCodeAt(0) !== 48 ||
    s.charCodeAt(1) !== 120
  )
    throw new EncodingError('expected 0x-prefixed hex of even length', field);
  if (bytes !== undefined && s.length !== 2 + bytes * 2)
    throw new EncodingError(`expected ${bytes} bytes`, field);
  return decodeHex(s, 2, field);
}

/**
 * Parse `0x`-prefixed lowercase DATA — the strict form Kura writes into evidence files (no
 * second spelling of the same bytes).
 */
export function parseDataLower(s: unknown, field: string, bytes?: number): Uint8Array {
  if (typeof s === 'string' && /[A-F]/.test(s))
    throw new EncodingError('expected lowercase hex', field);
  return parseData(s, field, bytes);
}

/** Bytes as `0x`-prefixed lowercase hex. */
export function toData(b: Uint8Array): string {
  return `0x${bytesToHex(b)}`;
}

/** Parse a JSON-RPC QUANTITY (`0x0`, `0x1f`; no leading zeros). */
export function parseQuantity(s: unknown, field: string): bigint {
  if (typeof s !== 'string' || !QUANTITY_RE.test(s))
    throw new EncodingError('expected a 0x-prefixed hex quantity without leading zeros', field);
  return BigInt(s);
}

/** A non-negative integer as a JSON-RPC QUANTITY. */
export function toQuantity(n: bigint | number): string {
  const v = BigInt(n);
  if (v < 0n) throw new RangeError(`"n" must be non-negative, got ${v}`);
  return `0x${v.toString(16)}`;
}

/** Big-endian minimal bytes of a non-negative integer (empty for zero), as RLP scalars use. */
export function bigintToMinimalBytes(v: bigint): Uint8Array {
  if (v < 0n) throw new RangeError(`"v" must be non-negative, got ${v}`);
  if (v === 0n) return new Uint8Array(0);
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return hexToBytes(hex);
}

/** A 32-byte big-endian word of a non-negative integer below 2^256. */
export function word(v: bigint): Uint8Array {
  if (v < 0n || v >> 256n !== 0n) throw new RangeError(`"v" does not fit in 256 bits: ${v}`);
  return hexToBytes(v.toString(16).padStart(64, '0'));
}

/** Big-endian bytes as an unsigned integer. */
export function bytesToBigint(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${bytesToHex(b)}`);
}
