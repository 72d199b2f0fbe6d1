/**
 * Small strict readers for untrusted JSON values (used by the proof and root-file parsers).
 * Each throws an {@link EncodingError} naming the field.
 * @module
 */
import { AMOUNT_RE, EncodingError, hexToBytes, isCanonicalInt } from '@kura/codec';

/** A plain object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Require a plain object whose own keys are exactly `keys` (no more, none missing). */
export function exactObject(
  v: unknown,
  keys: readonly string[],
  field: string,
  optional: readonly string[] = []
): Record<string, unknown> {
  if (!isRecord(v)) throw new EncodingError('expected an object', field);
  for (const k of Object.keys(v))
    if (!keys.includes(k) && !optional.includes(k))
      throw new EncodingError(`unknown field "${k}"`, field);
  for (const k of keys)
    if (!Object.hasOwn(v, k)) throw new EncodingError(`missing field "${k}"`, field);
  return v;
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = 10 + i;

/** 32 bytes given as 64 lowercase hex characters (a table-driven fast path of `hexToBytes`). */
export function hex32(v: unknown, field: string): Uint8Array {
  if (typeof v !== 'string') throw new EncodingError('expected a hex string', field);
  if (v.length === 64) {
    const out = new Uint8Array(32);
    let ok = true;
    for (let i = 0; i < 32; i++) {
      const a = v.charCodeAt(2 * i);
      const b = v.charCodeAt(2 * i + 1);
      const x = a < 128 ? HEX_VALUE[a]! : -1;
      const y = b < 128 ? HEX_VALUE[b]! : -1;
      if ((x | y) < 0) {
        ok = false;
        break;
      }
      out[i] = (x << 4) | y;
    }
    if (ok) return out;
  }
  return hexToBytes(v, 32, field); // throws the precise error
}

/** An integer within `min … max`. */
export function intIn(v: unknown, min: number, max: number, field: string): number {
  if (!isCanonicalInt(v) || v < min || v > max)
    throw new EncodingError(`expected an integer ${min} … ${max}`, field);
  return v;
}

/** Above this many digits a sum is certainly out of range; it is not converted. */
const MAX_DIGITS = 60;
/** Stands for any out-of-range decimal longer than {@link MAX_DIGITS} digits. */
export const HUGE: bigint = 1n << 256n;

/**
 * A decimal string `^(0|[1-9][0-9]*)$` as a bigint (no range check here; very long strings
 * come back as {@link HUGE} so they cannot cost a giant conversion).
 */
export function decimal(v: unknown, field: string, index?: number): bigint {
  if (typeof v !== 'string' || !AMOUNT_RE.test(v))
    throw new EncodingError(
      'expected a decimal string matching ^(0|[1-9][0-9]*)$',
      index === undefined ? field : `${field}[${index}]`
    );
  return v.length > MAX_DIGITS ? HUGE : BigInt(v);
}

/** An array of exactly `k` decimal strings. */
export function decimals(v: unknown, k: number, field: string): bigint[] {
  if (!Array.isArray(v)) throw new EncodingError('expected an array', field);
  if (v.length !== k) throw new EncodingError(`expected ${k} entries, got ${v.length}`, field);
  const out: bigint[] = [];
  for (let i = 0; i < k; i++) out.push(decimal(v[i], field, i)); // field names built only on error
  return out;
}
