/**
 * Field readers for the exchanges' JSON files: each names the file and the JSON path of a field
 * that is missing or of the wrong type (InputError, code BAD_INPUT).
 * @module
 */
import {
  type Decimal,
  type DocumentError,
  InputError,
  isObject,
  type JsonValue,
  parseJsonStrict,
} from '@kura/codec';
import { parsePlain, preview } from './decimal.js';

/** A JSON object with a null prototype, as the strict parser returns it. */
export type Obj = { readonly [k: string]: JsonValue };

/**
 * Parse an exchange's JSON with the codec's strict parser, in the profile other parties' files
 * need: fractions allowed, and each number's exact text kept in `numberLiterals` (by JSON path)
 * for integers beyond 2^53. A defect is the parser's `JsonParseError` (a DocumentError
 * naming file, line, column and JSON path); {@link foreignField} gives its path as a field.
 */
export function parseForeignJson(
  text: string,
  file: string | undefined,
  numberLiterals?: Map<string, string>
): JsonValue {
  return parseJsonStrict(text, {
    allowFractions: true,
    ...(file ? { file } : {}),
    ...(numberLiterals ? { numberLiterals } : {}),
  });
}

/** A document error's JSON path in the notation of this package's fields (`path[3].balances`). */
export function foreignField(e: DocumentError, under?: string): string | undefined {
  const rest = e.path.slice(1).replace(/^\./, '');
  if (under === undefined) return rest === '' ? undefined : rest;
  return rest === '' ? under : `${under}${e.path.slice(1)}`;
}

/** Reads fields of one file. */
export class Reader {
  constructor(readonly file: string | undefined) {}

  bad(field: string, reason: string): InputError {
    return new InputError(reason, { file: this.file, field });
  }

  obj(v: JsonValue | undefined, field: string): Obj {
    if (!isObject(v))
      throw this.bad(
        field,
        v === undefined ? 'missing object' : `expected an object, got ${preview(v)}`
      );
    return v as Obj;
  }

  arr(v: JsonValue | undefined, field: string): readonly JsonValue[] {
    if (!Array.isArray(v))
      throw this.bad(field, v === undefined ? 'missing array' : 'expected an array');
    return v;
  }

  str(v: JsonValue | undefined, field: string): string {
    if (typeof v !== 'string')
      throw this.bad(
        field,
        v === undefined ? 'missing string' : `expected a string, got ${preview(v)}`
      );
    return v;
  }

  hex(v: JsonValue | undefined, field: string, chars?: number): string {
    const s = this.str(v, field);
    if (!/^[0-9a-fA-F]+$/.test(s) || (chars !== undefined && s.length !== chars))
      throw this.bad(field, `expected ${chars ?? 'some'} hex digits, got ${preview(s)}`);
    return s;
  }

  int(v: JsonValue | undefined, field: string): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      throw this.bad(
        field,
        v === undefined ? 'missing integer' : `expected an integer, got ${preview(v)}`
      );
    return v;
  }

  optInt(v: JsonValue | undefined, field: string): number | undefined {
    return v === undefined ? undefined : this.int(v, field);
  }

  /**
   * A balances object in file order: asset → raw decimal text and exact value. Asset names that
   * look like array indexes are refused, because JavaScript would reorder them and the hash
   * depends on the order.
   */
  balances(v: JsonValue | undefined, field: string): Bal {
    const o = this.obj(v, field);
    const keys = Object.keys(o);
    if (keys.length === 0) throw this.bad(field, 'no balances');
    const raw = new Map<string, string>();
    const val = new Map<string, Decimal>();
    for (const k of keys) {
      if (/^(0|[1-9][0-9]*)$/.test(k))
        throw this.bad(`${field}.${k}`, 'numeric asset names are not supported');
      const x = o[k];
      const text = typeof x === 'number' ? String(x) : this.str(x, `${field}.${k}`);
      raw.set(k, text);
      val.set(k, parsePlain(text, this.file, `${field}.${k}`));
    }
    return { raw, val };
  }
}

/** Balances as read: the raw text (hashed by the exchanges) and the exact value. */
export interface Bal {
  readonly raw: ReadonlyMap<string, string>;
  readonly val: ReadonlyMap<string, Decimal>;
}

/** Balances as a plain record of strings. */
export function toRecord(m: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of m) out[k] = v;
  return out;
}
