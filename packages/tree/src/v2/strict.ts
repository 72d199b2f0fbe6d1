/**
 * Strict readers for the v2 documents' byte fields (SPEC.md §16.12): group elements and scalars
 * are standard base64 (RFC 4648 §4, padded, canonical) of their 32-byte encodings; a range proof
 * is base64 of its bytes. Each throws an {@link EncodingError} naming the field.
 * @module
 */
import { base64ToBytes, EncodingError } from '@kura/codec';
import { decodeScalar } from '@kura/confidential';

/** Exactly 32 bytes as base64 (44 characters ending in `=`). */
export function b64x32(v: unknown, field: string): Uint8Array {
  if (typeof v !== 'string' || v.length !== 44)
    throw new EncodingError('expected 32 bytes in base64 (44 characters)', field);
  const b = base64ToBytes(v, field);
  // 44 characters ending in "==" are 31 bytes: a wrong length is an encoding error, not a point
  if (b.length !== 32) throw new EncodingError(`expected 32 bytes, got ${b.length}`, field);
  return b;
}

/** An array of exactly `k` 32-byte base64 strings. */
export function b64x32s(v: unknown, k: number, field: string): Uint8Array[] {
  if (!Array.isArray(v)) throw new EncodingError('expected an array', field);
  if (v.length !== k) throw new EncodingError(`expected ${k} entries, got ${v.length}`, field);
  const out: Uint8Array[] = [];
  for (let i = 0; i < k; i++) out.push(b64x32(v[i], `${field}[${i}]`));
  return out;
}

/** A base64 byte string of at most `max` bytes. */
export function b64(v: unknown, max: number, field: string): Uint8Array {
  if (typeof v !== 'string') throw new EncodingError('expected a base64 string', field);
  if (v.length > Math.ceil(max / 3) * 4) throw new EncodingError(`longer than ${max} bytes`, field);
  return base64ToBytes(v, field);
}

/** A canonical scalar (`< ℓ`) given as base64 of its 32 little-endian bytes. */
export function parseScalarB64(v: unknown, field: string): bigint {
  const d = decodeScalar(b64x32(v, field));
  if (!d.ok) throw new EncodingError('not a canonical scalar (< ℓ)', field);
  return d.value;
}
