/**
 * A small strict reader for the policy engine's JSON files: every field is checked for type and
 * range, unknown members are refused, and every error is an {@link InputError} naming the file,
 * the line and the JSON path of the field at fault (e.g. `$.custody.coldStorage.minRatio.value`).
 *
 * Files are first parsed with the codec's strict parser (duplicate keys, unsafe numbers and
 * `__proto__` refused); this module then walks the value. Rates and amounts are decimal strings,
 * parsed exactly with `parseDecimal`.
 * @module
 */
import {
  cmp,
  type Decimal,
  formatDecimal,
  InputError,
  isCanonicalInt,
  type JsonValue,
  jsonPath,
  locateJsonPath,
  parseDecimal,
  parseJsonBytes,
  parseJsonPath,
  parseJsonStrict,
} from '@kura/codec';
import type { Param, Provenance, ProvenanceKind } from './types.js';

/** A JSON object as the strict parser returns it. */
export type Obj = Record<string, unknown>;

/** Context of one file being read: its name and text, for error locations. */
export class Reader {
  readonly file: string;
  readonly text: string;
  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
  }

  /** Throw an {@link InputError} at `path`, with the line found in the text. */
  fail(path: string, reason: string): never {
    const line = locateLine(this.text, path);
    throw new InputError(reason, { file: this.file, line, field: path });
  }

  obj(v: unknown, path: string, required: readonly string[], optional: readonly string[]): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(path, `expected an object, got ${describe(v)}`);
    const o = v as Obj;
    for (const k of Object.keys(o))
      if (!required.includes(k) && !optional.includes(k))
        this.fail(child(path, k), `unknown field "${k}"`);
    for (const k of required)
      if (!Object.hasOwn(o, k)) this.fail(path, `missing required field "${k}"`);
    return o;
  }

  arr(v: unknown, path: string, minItems = 0): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected an array, got ${describe(v)}`);
    if (v.length < minItems) this.fail(path, `expected at least ${minItems} item(s)`);
    return v;
  }

  str(v: unknown, path: string, pattern?: RegExp): string {
    if (typeof v !== 'string' || v.length === 0)
      this.fail(path, `expected a non-empty string, got ${describe(v)}`);
    if (pattern && !pattern.test(v))
      this.fail(path, `${JSON.stringify(v)} does not match ${pattern.source}`);
    return v;
  }

  bool(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, `expected true or false, got ${describe(v)}`);
    return v;
  }

  int(v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (!isCanonicalInt(v)) this.fail(path, `expected an integer, got ${describe(v)}`);
    if (v < min || v > max) this.fail(path, `expected an integer in ${min}..${max}, got ${v}`);
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
      this.fail(
        path,
        `expected one of ${values.map((x) => `"${x}"`).join(', ')}, got ${describe(v)}`
      );
    return v as T;
  }

  /** A decimal string ≥ 0 (rates and amounts are never negative). */
  dec(v: unknown, path: string, opts: { max?: Decimal; maxScale?: number } = {}): Decimal {
    let d: Decimal;
    try {
      d = parseDecimal(v, path);
    } catch {
      return this.fail(path, `expected a decimal string such as "0.95", got ${describe(v)}`);
    }
    if (d.n < 0n) this.fail(path, `must not be negative, got ${v as string}`);
    if (opts.maxScale !== undefined && d.scale > opts.maxScale)
      this.fail(path, `at most ${opts.maxScale} fraction digit(s) allowed, got ${v as string}`);
    if (opts.max !== undefined && cmp(d, opts.max) > 0)
      this.fail(path, `must be at most ${formatDecimal(opts.max)}, got ${v as string}`);
    return d;
  }

  /** A fraction in [0, 1]. */
  fraction(v: unknown, path: string): Decimal {
    return this.dec(v, path, { max: ONE });
  }

  /** An RFC 3339 calendar date `YYYY-MM-DD` that exists. */
  date(v: unknown, path: string): string {
    const s = this.str(v, path, /^\d{4}-\d{2}-\d{2}$/);
    if (dayNumber(s) === undefined) this.fail(path, `not a calendar date: ${s}`);
    return s;
  }

  /** A provenance object. An assumption must give its reason. */
  provenance(v: unknown, path: string): Provenance {
    const o = this.obj(v, path, ['kind', 'source'], ['reason', 'verified']);
    const kind = this.oneOf<ProvenanceKind>(o.kind, child(path, 'kind'), KINDS);
    const source = this.str(o.source, child(path, 'source'));
    const p: { kind: ProvenanceKind; source: string; reason?: string; verified?: boolean } = {
      kind,
      source,
    };
    if (o.reason !== undefined) p.reason = this.str(o.reason, child(path, 'reason'));
    else if (kind === 'assumption')
      this.fail(path, 'an assumption must state its "reason" (why this value was chosen)');
    if (o.verified !== undefined) p.verified = this.bool(o.verified, child(path, 'verified'));
    return p;
  }

  /** A parameter `{ value, provenance, note? }`; `read` checks the value. */
  param<T>(v: unknown, path: string, read: (value: unknown, path: string) => T): Param<T> {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.hasOwn(v, 'provenance'))
      this.fail(path, 'missing "provenance": every parameter states where it comes from');
    const o = this.obj(v, path, ['value', 'provenance'], ['note']);
    const value = read(o.value, child(path, 'value'));
    const provenance = this.provenance(o.provenance, child(path, 'provenance'));
    return o.note === undefined
      ? { value, provenance }
      : { value, provenance, note: this.str(o.note, child(path, 'note')) };
  }
}

const KINDS: readonly ProvenanceKind[] = ['law', 'proposal', 'reported', 'assumption'];
const ONE: Decimal = { n: 1n, scale: 0 };

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or undefined if no such date. */
export function dayNumber(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return t / 86_400_000;
}

/** The JSON path of member `key` of the value at `path` (same notation as the strict parser). */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path + jsonPath([key]).slice(1);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `${typeof v} ${String(v)}`;
}

/** Parse file bytes (or text) strictly, returning the value and a {@link Reader} for it. */
export function openJson(
  data: Uint8Array | string,
  file: string
): { value: JsonValue; reader: Reader } {
  if (typeof data === 'string')
    return { value: parseJsonStrict(data, { file }), reader: new Reader(file, data) };
  const value = parseJsonBytes(data, { file });
  return { value, reader: new Reader(file, new TextDecoder().decode(data)) };
}

/**
 * The 1-based line at which the value at JSON path `path` starts in `text` (valid JSON), or the
 * line of its nearest existing ancestor; undefined if the text cannot be scanned. (The codec's
 * {@link locateJsonPath}: one way to place a path in a document.)
 */
export function locateLine(text: string, path: string): number | undefined {
  const keys = parseJsonPath(path);
  return keys === undefined ? undefined : locateJsonPath(text, keys)?.line;
}
