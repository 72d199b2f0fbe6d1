/**
 * Byte helpers: strict hex, fixed-width big-endian integers, NFC UTF-8 (protocol v1 §Primitives).
 * Isomorphic: no `Buffer`, no `node:` modules.
 * @module
 */
import { EncodingError } from './errors.js';

const HEX_RE = /^[0-9a-f]*$/;
const HEX_CHARS = '0123456789abcdef';

/**
 * Parse lowercase hex. Rejects odd length, upper case, `0x` prefixes and any other character
 * (attacks G2: lenient hex parsing). When `bytes` is given the decoded length must equal it.
 */
export function hexToBytes(hex: string, bytes?: number, field = 'hex'): Uint8Array {
  if (typeof hex !== 'string') throw new EncodingError('expected a hex string', field);
  if (hex.length % 2 === 0 && (bytes === undefined || hex.length === bytes * 2)) {
    // one table-driven pass; any other character falls through to the precise errors below
    const out = new Uint8Array(hex.length / 2);
    let bad = 0;
    for (let i = 0; i < out.length; i++) {
      const x = HEX_VALUE[hex.charCodeAt(2 * i)] ?? -1;
      const y = HEX_VALUE[hex.charCodeAt(2 * i + 1)] ?? -1;
      bad |= x | y;
      out[i] = (x << 4) | y;
    }
    if (bad >= 0) return out;
  }
  if (hex.length % 2 !== 0 || !HEX_RE.test(hex))
    throw new EncodingError('expected lowercase hex of even length', field);
  throw new EncodingError(`expected ${bytes} bytes (${bytes! * 2} hex characters)`, field);
}

/** The value of each lowercase hex digit by char code, −1 for any other character. */
const HEX_VALUE = /* @__PURE__ */ (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) t[97 + i] = 10 + i;
  return t;
})();

/** True when `s` is lowercase hex (any length; no prefix). One table lookup per character. */
export function isLowerHex(s: string): boolean {
  let bad = 0;
  for (let i = 0; i < s.length; i++) bad |= HEX_VALUE[s.charCodeAt(i)] ?? -1;
  return bad >= 0;
}

/** Lowercase hex of bytes. */
export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const v = b[i]!;
    s += HEX_CHARS[v >> 4]! + HEX_CHARS[v & 15]!;
  }
  return s;
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Constant-time-ish equality of two byte arrays (length leak only). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** Write `value` as a big-endian unsigned integer of `width` bytes into `out` at `offset`. */
export function writeUintBE(out: Uint8Array, offset: number, value: bigint, width: number): void {
  if (value < 0n || value >> BigInt(width * 8) !== 0n)
    throw new RangeError(`"value" does not fit in u${width * 8}: ${value}`);
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    out[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** Read a big-endian unsigned integer of `width` bytes. */
export function readUintBE(b: Uint8Array, offset: number, width: number): bigint {
  let v = 0n;
  for (let i = 0; i < width; i++) v = (v << 8n) | BigInt(b[offset + i]!);
  return v;
}

/** `u8(n)`. */
export function u8(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`"n" expected u8, got ${n}`);
  return Uint8Array.of(n);
}
/** `u32(n)` big-endian. */
export function u32(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new RangeError(`"n" expected u32, got ${n}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}
/** `u64(n)` big-endian. */
export function u64(n: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  writeUintBE(out, 0, BigInt(n), 8);
  return out;
}
/** `u128(n)` big-endian. */
export function u128(n: bigint): Uint8Array {
  const out = new Uint8Array(16);
  writeUintBE(out, 0, n, 16);
  return out;
}

const encoder = new TextEncoder();

/**
 * `utf8(s)` of protocol v1: the UTF-8 bytes of the NFC-normalised string.
 */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s.normalize('NFC'));
}

/** UTF-8 bytes of the string exactly as given (no normalisation). */
export function utf8Raw(s: string): Uint8Array {
  return encoder.encode(s);
}

/** True when the string is already in NFC and has no lone surrogate. */
export function isNfc(s: string): boolean {
  // ASCII is always NFC: the common case (symbols, networks, periods) skips normalize()
  if (ASCII_RE.test(s)) return true;
  const known = nfcSeen.get(s);
  if (known !== undefined) return known;
  const r = isWellFormed(s) && s.normalize('NFC') === s;
  if (s.length <= 256) {
    if (nfcSeen.size >= 1024) nfcSeen.clear();
    nfcSeen.set(s, r);
  }
  return r;
}

/** Only U+0000 … U+007F (the class `[^\x80-\uffff]`: no control character written in the pattern). */
const ASCII_RE = /^[^\x80-\uffff]*$/;
/** A bounded memo of {@link isNfc} for short strings (a pure function of the string). */
const nfcSeen = new Map<string, boolean>();

/** True when the string has no lone UTF-16 surrogate. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}
