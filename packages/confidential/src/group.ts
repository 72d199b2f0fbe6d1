/**
 * The prime-order group of protocol v2 (SPEC.md §16.2): ristretto255 (RFC 9496) from
 * `@noble/curves`, its scalar field `Z_ℓ`, and strict encodings of both.
 *
 * - A point is the 32-byte RFC 9496 §4.3.2 encoding. Decoding is RFC 9496 §4.3.1, which
 *   rejects every non-canonical or invalid string; the identity is rejected where a protocol
 *   value can never honestly be the identity ({@link decodePoint} `allowIdentity`).
 * - A scalar is 32 bytes little-endian, canonical (`< ℓ`).
 *
 * Decoding never throws: it returns `{ok:false, code}` with a stable code.
 * @module
 */
import { fail, type VerifyFailure } from '@kura/codec';
import { ristretto255 } from '@noble/curves/ed25519.js';

/** The ristretto255 point class of `@noble/curves`. */
export const Point: typeof ristretto255.Point = ristretto255.Point;
/** A ristretto255 group element. */
export type Point = InstanceType<typeof ristretto255.Point>;

/** `ℓ = 2^252 + 27742317777372353535851937790883648493`, the group order. */
export const ORDER: bigint = ristretto255.Point.Fn.ORDER;

/** Bytes of an encoded point or scalar. */
export const ENCODED_LENGTH = 32;

/** Stable codes of the point and scalar decoders. */
export type DecodeCode = 'POINT_INVALID' | 'POINT_IDENTITY' | 'SCALAR_NON_CANONICAL';

/** `a mod ℓ` in `[0, ℓ)`. */
export function mod(a: bigint): bigint {
  const r = a % ORDER;
  return r < 0n ? r + ORDER : r;
}

/** `a^{-1} mod ℓ`; throws a RangeError for 0. */
export function inv(a: bigint): bigint {
  if (mod(a) === 0n) throw new RangeError('"a" has no inverse: 0 mod ℓ');
  return ristretto255.Point.Fn.inv(mod(a));
}

/** Little-endian integer of bytes. */
export function leToBigint(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

/** 32-byte little-endian encoding of a scalar in `[0, ℓ)`. */
export function encodeScalar(s: bigint): Uint8Array {
  if (typeof s !== 'bigint' || s < 0n || s >= ORDER)
    throw new RangeError(`"s" expected a scalar in [0, ℓ), got ${String(s)}`);
  const out = new Uint8Array(32);
  let v = s;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Strict scalar decoding: exactly 32 bytes, little-endian, `< ℓ`. */
export function decodeScalar(
  b: Uint8Array
): { ok: true; value: bigint } | VerifyFailure<'SCALAR_NON_CANONICAL'> {
  if (!(b instanceof Uint8Array) || b.length !== 32)
    return fail('SCALAR_NON_CANONICAL', 'a scalar is exactly 32 bytes');
  const v = leToBigint(b);
  if (v >= ORDER) return fail('SCALAR_NON_CANONICAL', 'scalar is not reduced modulo ℓ');
  return { ok: true, value: v };
}

/** Reduce 64 uniform bytes (little-endian) modulo ℓ: a scalar with bias below 2^-259. */
export function scalarFromWide(b64: Uint8Array): bigint {
  if (b64.length !== 64) throw new RangeError('"b64" expected 64 bytes');
  return mod(leToBigint(b64));
}

/** RFC 9496 §4.3.2 encoding of a point. */
export function encodePoint(p: Point): Uint8Array {
  return p.toBytes();
}

/**
 * RFC 9496 §4.3.1 decoding: 32 bytes, canonical field element, non-negative, and a valid
 * ristretto255 element — else `POINT_INVALID`. The identity is `POINT_IDENTITY` unless
 * `allowIdentity`.
 */
export function decodePoint(
  b: Uint8Array,
  allowIdentity = false
): { ok: true; point: Point } | VerifyFailure<'POINT_INVALID' | 'POINT_IDENTITY'> {
  if (!(b instanceof Uint8Array) || b.length !== 32)
    return fail('POINT_INVALID', 'a point is exactly 32 bytes');
  let p: Point;
  try {
    p = Point.fromBytes(b);
  } catch {
    return fail('POINT_INVALID', 'not a canonical ristretto255 encoding');
  }
  if (!allowIdentity && p.is0()) return fail('POINT_IDENTITY', 'the identity is not allowed here');
  return { ok: true, point: p };
}
