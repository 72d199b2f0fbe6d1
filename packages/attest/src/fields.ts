/**
 * Strict field readers shared by the evidence, attestation and trust-file parsers.
 *
 * Every reader names the JSON path of the field it refuses and picks one of three codes:
 * - `JSON_NUMBER` — an amount given as a JSON number (amounts are decimal strings, attack E1-b);
 * - `NON_CANONICAL_ENCODING` — the right kind of value written in a non-canonical way (upper-case
 *   or `0x`-prefixed hex, `"007"`, `"+5"`, a string not in Unicode NFC …): JCS does not normalise,
 *   so two spellings of one value would sign differently;
 * - `SCHEMA` — anything else that does not meet the schema.
 * @module
 */
import { AMOUNT_RE, hexToBytes, isCanonicalInt, isNfc, isObject, KuraError } from '@kura/codec';

/** Codes of {@link SchemaError}. */
export type SchemaCode = 'SCHEMA' | 'JSON_NUMBER' | 'NON_CANONICAL_ENCODING';

/** A document field that does not meet its schema. `field` is its JSON path. */
export class SchemaError extends KuraError {
  override readonly code: SchemaCode;
  readonly field: string;
  readonly reason: string;
  readonly file: string | undefined;
  constructor(code: SchemaCode, reason: string, field: string, file?: string) {
    super(code, `${file === undefined ? '' : `${file}: `}field "${field}": ${reason}`);
    this.code = code;
    this.field = field;
    this.reason = reason;
    this.file = file;
  }
  /** The same error, naming the file it was found in. */
  withFile(file: string): SchemaError {
    return new SchemaError(this.code, this.reason, this.field, file);
  }
}

/** A plain (non-array) JSON object. */
export type Obj = Record<string, unknown>;

/** A JSON object (the codec's one test). */
export const isObj: (v: unknown) => v is Obj = isObject;

/** An object with exactly the `required` members and any of the `optional` ones (closed). */
export function obj(
  v: unknown,
  field: string,
  required: readonly string[],
  optional: readonly string[] = [],
  open = false
): Obj {
  if (!isObj(v)) throw new SchemaError('SCHEMA', 'expected an object', field);
  for (const k of required)
    if (!Object.hasOwn(v, k))
      throw new SchemaError('SCHEMA', 'required member is missing', `${field}.${k}`);
  if (!open)
    for (const k of Object.keys(v))
      if (!required.includes(k) && !optional.includes(k))
        throw new SchemaError('SCHEMA', 'unknown member', `${field}.${k}`);
  return v;
}

/** An array with `min … max` items. */
export function arr(v: unknown, field: string, min = 0, max = 1_000_000): unknown[] {
  if (!Array.isArray(v)) throw new SchemaError('SCHEMA', 'expected an array', field);
  if (v.length < min || v.length > max)
    throw new SchemaError('SCHEMA', `expected ${min} … ${max} items, got ${v.length}`, field);
  return v;
}

/** A string in Unicode NFC, 1 … `max` UTF-16 units. */
export function str(v: unknown, field: string, max = 1024): string {
  if (typeof v !== 'string') throw new SchemaError('SCHEMA', 'expected a string', field);
  if (v.length === 0 || v.length > max)
    throw new SchemaError('SCHEMA', `expected 1 … ${max} characters`, field);
  if (!isNfc(v))
    throw new SchemaError(
      'NON_CANONICAL_ENCODING',
      'string is not in Unicode NFC (JCS does not normalise)',
      field
    );
  return v;
}

/** One of the listed string constants. */
export function oneOf<T extends string>(v: unknown, field: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    throw new SchemaError('SCHEMA', `expected one of ${values.join(', ')}`, field);
  return v as T;
}

/** An integer JSON number in `min … max`. */
export function int(v: unknown, field: string, min: number, max: number): number {
  if (!isCanonicalInt(v) || v < min || v > max)
    throw new SchemaError('SCHEMA', `expected an integer ${min} … ${max}`, field);
  return v;
}

/** A boolean. */
export function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new SchemaError('SCHEMA', 'expected true or false', field);
  return v;
}

const LOOSE_INT = /^\s*[+-]?[0-9]+\s*$/;

/**
 * An amount in base units: a decimal string `^(0|[1-9][0-9]*)$` of at most `maxDigits` digits.
 * A JSON number is `JSON_NUMBER`; `"007"`, `"+7"`, `" 7"` are `NON_CANONICAL_ENCODING`.
 */
export function amount(v: unknown, field: string, maxDigits = 80): string {
  if (typeof v === 'number')
    throw new SchemaError('JSON_NUMBER', 'amounts are decimal strings, not JSON numbers', field);
  if (typeof v !== 'string') throw new SchemaError('SCHEMA', 'expected a decimal string', field);
  if (!AMOUNT_RE.test(v)) {
    if (LOOSE_INT.test(v) && !v.trim().startsWith('-'))
      throw new SchemaError('NON_CANONICAL_ENCODING', `"${clip(v)}" is not canonical`, field);
    throw new SchemaError('SCHEMA', `"${clip(v)}" is not a non-negative integer string`, field);
  }
  if (v.length > maxDigits) throw new SchemaError('SCHEMA', `more than ${maxDigits} digits`, field);
  return v;
}

const DEC = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const LOOSE_DEC = /^\s*[+-]?([0-9]*\.?[0-9]*)([eE][+-]?[0-9]+)?\s*$/;

/**
 * A decimal string (`"15000000.5"`, `"-3"`): `^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`, no `-0`.
 * A JSON number is `JSON_NUMBER`; `".5"`, `"+1"`, `"1e3"`, `"01"` are `NON_CANONICAL_ENCODING`.
 */
export function decimal(v: unknown, field: string, signed = false): string {
  if (typeof v === 'number')
    throw new SchemaError('JSON_NUMBER', 'decimals are strings, not JSON numbers', field);
  if (typeof v !== 'string') throw new SchemaError('SCHEMA', 'expected a decimal string', field);
  if (!DEC.test(v) || /^-0(\.0+)?$/.test(v)) {
    if (LOOSE_DEC.test(v) && /[0-9]/.test(v))
      throw new SchemaError('NON_CANONICAL_ENCODING', `"${clip(v)}" is not canonical`, field);
    throw new SchemaError('SCHEMA', `"${clip(v)}" is not a decimal string`, field);
  }
  if (!signed && v.startsWith('-'))
    throw new SchemaError('SCHEMA', 'expected a non-negative decimal', field);
  if (v.length > 200) throw new SchemaError('SCHEMA', 'decimal string too long', field);
  return v;
}

/**
 * Lowercase hex without prefix, of exactly `bytes` bytes when given (else 1 … `maxBytes`).
 * Upper-case or `0x`-prefixed hex of the right length is `NON_CANONICAL_ENCODING`.
 */
export function hex(v: unknown, field: string, bytes?: number, maxBytes = 1 << 20): string {
  if (typeof v !== 'string') throw new SchemaError('SCHEMA', 'expected a hex string', field);
  if (!/^[0-9a-f]*$/.test(v) || v.length % 2 !== 0) {
    const bare = v.startsWith('0x') || v.startsWith('0X') ? v.slice(2) : v;
    if (/^[0-9a-fA-F]+$/.test(bare) && bare.length % 2 === 0)
      throw new SchemaError('NON_CANONICAL_ENCODING', 'hex must be lowercase, no 0x prefix', field);
    throw new SchemaError('SCHEMA', 'expected lowercase hex', field);
  }
  if (bytes !== undefined && v.length !== bytes * 2)
    throw new SchemaError('SCHEMA', `expected ${bytes} bytes (${bytes * 2} hex characters)`, field);
  if (bytes === undefined && (v.length === 0 || v.length > maxBytes * 2))
    throw new SchemaError('SCHEMA', `expected 1 … ${maxBytes} bytes of hex`, field);
  return v;
}

/** {@link hex} decoded to bytes. */
export function hexBytes(v: unknown, field: string, bytes?: number): Uint8Array {
  return hexToBytes(hex(v, field, bytes), undefined, field);
}

const RFC3339_UTC =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?Z$/;

/** An RFC 3339 UTC time (`2026-11-30T15:00:00Z`); returns it with its epoch milliseconds. */
export function time(v: unknown, field: string): { s: string; ms: number } {
  if (typeof v !== 'string' || !RFC3339_UTC.test(v))
    throw new SchemaError(
      'SCHEMA',
      'expected an RFC 3339 UTC time such as 2026-11-30T15:00:00Z',
      field
    );
  const ms = Date.parse(v);
  // Date.parse rolls 2026-02-30 over to March: require the date to round-trip
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v.slice(0, 10))
    throw new SchemaError('SCHEMA', 'not a real calendar time', field);
  return { s: v, ms };
}

/** A CAIP-2 chain id, e.g. `bip122:000000000019d6689c085ae165831e93` or `eip155:1`. */
export function caip2(v: unknown, field: string): string {
  const s = str(v, field, 41);
  if (!/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/.test(s))
    throw new SchemaError('SCHEMA', 'expected a CAIP-2 chain id such as eip155:1', field);
  return s;
}

/** Shorten a value for a message. */
export function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
