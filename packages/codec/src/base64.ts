/**
 * Strict standard base64 (RFC 4648 §4) for signatures, PSBTs and other parties' proof files:
 * padding required, no whitespace, unused trailing bits zero.
 * @module
 */
import { EncodingError } from './errors.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map<string, number>([...B64].map((c, i) => [c, i]));

/**
 * Strict standard base64 (RFC 4648 §4): padding required, no whitespace, unused trailing bits
 * zero. Throws {@link EncodingError} naming `field`.
 */
export function base64ToBytes(s: string, field = 'base64'): Uint8Array {
  if (typeof s !== 'string') throw new EncodingError('expected a base64 string', field);
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s))
    throw new EncodingError('invalid base64 encoding', field);
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const c = [0, 1, 2, 3].map((k) => (s[i + k] === '=' ? 0 : B64_INDEX.get(s[i + k]!)!));
    const v = (c[0]! << 18) | (c[1]! << 12) | (c[2]! << 6) | c[3]!;
    if (o < out.length) out[o++] = v >>> 16;
    if (o < out.length) out[o++] = (v >>> 8) & 0xff;
    if (o < out.length) out[o++] = v & 0xff;
  }
  // canonical: the bits dropped by padding must be zero
  if (bytesToBase64(out) !== s) throw new EncodingError('non-canonical base64 encoding', field);
  return out;
}

/** Standard base64 with padding. */
export function bytesToBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = b.length - i;
    const v = (b[i]! << 16) | ((n > 1 ? b[i + 1]! : 0) << 8) | (n > 2 ? b[i + 2]! : 0);
    s += B64[v >>> 18]! + B64[(v >>> 12) & 63]!;
    s += n > 1 ? B64[(v >>> 6) & 63]! : '=';
    s += n > 2 ? B64[v & 63]! : '=';
  }
  return s;
}
