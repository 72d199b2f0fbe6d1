/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Kura keeps its own ~60-line implementation rather than a dependency because it must (1) name
 * the JSON path of any value it refuses (a lone surrogate, a non-finite number, a bigint, an
 * unsafe integer), (2) ship in the browser verifier with no extra bundle weight, and (3) agree
 * byte for byte with the published RFC 8785 vectors, which `rfc8785.test.ts` checks, together with
 * a property test against an independent implementation.
 *
 * Rules (RFC 8785 §3.2): no whitespace; object members sorted by the UTF-16 code units of their
 * names; strings escaped minimally (`\"`, `\\`, `\b \f \n \r \t`, other controls as `\u00xx`
 * lowercase); numbers serialised as ECMAScript `Number.prototype.toString` does (§3.2.2.3).
 * @module
 */
import { isWellFormed, utf8Raw } from './bytes.js';
import { EncodingError } from './errors.js';

/** A JSON value as Kura handles it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** Canonical JSON text of `value` (RFC 8785). */
export function canonicalize(value: unknown): string {
  return ser(value, '$');
}

/** `JCS(x)` of protocol v1: the canonical JSON text as UTF-8 bytes. */
export function jcs(value: unknown): Uint8Array {
  return utf8Raw(canonicalize(value));
}

function ser(v: unknown, path: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v))
        throw new EncodingError('non-finite number cannot be canonicalised', path);
      return Object.is(v, -0) ? '0' : String(v);
    case 'string':
      return quote(v, path);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x, i) => ser(x, `${path}[${i}]`)).join(',')}]`;
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).filter((k) => o[k] !== undefined);
      keys.sort(compareUtf16);
      return `{${keys.map((k) => `${quote(k, path)}:${ser(o[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new EncodingError(`a ${typeof v} cannot be canonicalised`, path);
  }
}

function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0; // JS string comparison is by UTF-16 code units
}

function quote(s: string, path: string): string {
  if (!isWellFormed(s)) throw new EncodingError('string has a lone surrogate', path);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) {
      if (c === 0x08) out += '\\b';
      else if (c === 0x09) out += '\\t';
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0c) out += '\\f';
      else if (c === 0x0d) out += '\\r';
      else out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += s[i];
  }
  return `${out}"`;
}
