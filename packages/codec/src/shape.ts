/**
 * Document shapes: each `kura-*` JSON document's shape declared ONCE, as data, from which come
 * the validator, the TypeScript type (`Infer<typeof shape>`) and, from its `def`, the JSON
 * Schema (draft 2020-12, `toJsonSchema` in schema.ts — kept apart so a web page that only
 * validates does not carry it).
 *
 * A shape's `check` returns the value it was given (typed) or throws a {@link ShapeIssue}: what
 * is wrong (`kind`, `reason`) and where (`path`, the keys from the document root). The path is
 * assembled while the issue unwinds, so a valid document costs no path strings. Readers turn
 * an issue into the one {@link DocumentError} with {@link readDocument} or {@link validate}.
 *
 * Checks a JSON Schema cannot express (Unicode NFC, unique symbols, a real calendar date,
 * vector lengths tied to another field) are written with {@link refine} and marked
 * `semantic`: the schema test (circuits-free-spec/test/agreement.test.ts) expects the
 * published schema and the shape to agree on every document except where such a check fires.
 * @module
 */
import { AMOUNT_RE } from './amount.js';
import { isLowerHex, isNfc } from './bytes.js';
import { isCanonicalInt } from './json.js';

/** What kind of defect a shape found; a reader maps kinds to its error codes. */
export type IssueKind =
  /** does not meet the schema */
  | 'schema'
  /** an amount given as a JSON number (amounts are decimal strings) */
  | 'number'
  /** the right value written in a second spelling (upper-case hex, `"007"`, not NFC …) */
  | 'noncanonical';

/** A defect found by a shape, with the path to it (thrown, not an Error: no stack to build). */
export class ShapeIssue {
  readonly path: (string | number)[] = [];
  constructor(
    readonly kind: IssueKind,
    readonly reason: string,
    /** True when JSON Schema cannot express the check (see {@link refine}). */
    readonly semantic = false
  ) {}
}

/** A shape's declaration as data: what {@link toJsonSchema} emits a schema from. */
export type ShapeDef =
  | {
      readonly t: 'str';
      readonly min: number;
      readonly max?: number | undefined;
      readonly pattern?: RegExp | undefined;
      readonly description?: string | undefined;
    }
  | { readonly t: 'const'; readonly value: string | boolean }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'bool' }
  | { readonly t: 'int'; readonly min: number; readonly max: number }
  | { readonly t: 'hex'; readonly lo: number; readonly hi: number }
  | { readonly t: 'amount'; readonly maxDigits?: number | undefined }
  | { readonly t: 'decimal'; readonly signed: boolean; readonly max: number }
  | { readonly t: 'nullable'; readonly inner: Shape<unknown> }
  | {
      readonly t: 'record';
      readonly value: Shape<unknown>;
      readonly key?: Shape<string> | undefined;
    }
  | {
      readonly t: 'arr';
      readonly item: Shape<unknown>;
      readonly min: number;
      readonly max?: number | undefined;
    }
  | {
      readonly t: 'anyOf';
      readonly options: readonly Shape<unknown>[];
      /** For {@link select}: the index of the option an object is checked against. */
      readonly pick?: ((v: Record<string, unknown>) => number) | undefined;
    }
  | { readonly t: 'any'; readonly description?: string | undefined }
  | {
      readonly t: 'obj';
      readonly members: readonly (readonly [string, Shape<unknown>])[];
      readonly required: number;
      readonly open: boolean;
      readonly description?: string | undefined;
      /** The documented member order, when not required-then-optional (for {@link ordered}). */
      readonly order?: readonly string[] | undefined;
    };

/** A declared document shape. */
export interface Shape<T> {
  /** Return `v` typed as `T`, or throw a {@link ShapeIssue}. */
  readonly check: (v: unknown) => T;
  /** What the shape declares, as data ({@link toJsonSchema} turns it into a JSON Schema). */
  readonly def: ShapeDef;
  /** Phantom: the type `check` returns. */
  readonly _type?: T;
}

/** The TypeScript type a shape accepts. */
export type Infer<S> = S extends Shape<infer T> ? T : never;

function issue(kind: IssueKind, reason: string, semantic = false): never {
  throw new ShapeIssue(kind, reason, semantic);
}

/** Run `fn`, prefixing any issue's path with `key`. */
function at<T>(key: string | number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ShapeIssue) e.path.unshift(key);
    throw e;
  }
}

/** A JSON object: not an array, not null (the one such test; readers use shapes). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Describe a value for a message (clipped; never a whole object). */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `${typeof v} ${String(v)}`;
}

/**
 * A value of an untrusted document or reply as a message shows it, never throwing: a string,
 * number, bigint or boolean as written (`String(v)`), anything else as {@link describeValue}
 * describes it — `String(v)` of an object throws when its `toString` member is not a function
 * (`{"toString": 1}`), and turns `[31337]` into `31337`.
 */
export function showValue(v: unknown): string {
  return typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    typeof v === 'boolean'
    ? String(v)
    : describeValue(v);
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Options of {@link str}. */
export interface StrOptions {
  /** Shortest length in characters (code points; default 1: no empty strings). */
  readonly min?: number;
  /** Longest length in characters (code points, as JSON Schema's maxLength). */
  readonly max?: number;
  /** A pattern the whole string must match (anchored with ^…$). */
  readonly pattern?: RegExp;
  /** The message when `pattern` does not match. */
  readonly expected?: string;
  /** Require Unicode NFC (default true: JCS does not normalise). */
  readonly nfc?: boolean;
  /** Schema `description`. */
  readonly description?: string;
}

/** A string. NFC and non-empty unless told otherwise. */
/* @__NO_SIDE_EFFECTS__ */
export function str(o: StrOptions = {}): Shape<string> {
  const min = o.min ?? 1;
  const nfc = o.nfc ?? true;
  return {
    check(v) {
      if (typeof v !== 'string') issue('schema', `expected a string, got ${describeValue(v)}`);
      // lengths in characters (code points), as JSON Schema counts them: UTF-16 units only
      // decide when no surrogate pair could change the answer
      if (v.length < min)
        issue('schema', min === 1 ? 'expected a non-empty string' : `expected ${min}+ characters`);
      if (o.max !== undefined && v.length > o.max && codePoints(v) > o.max)
        issue('schema', `expected at most ${o.max} characters`);
      if (o.pattern && !o.pattern.test(v))
        issue('schema', o.expected ?? `${describeValue(v)} does not match ${o.pattern.source}`);
      if (nfc && !isNfc(v))
        issue('noncanonical', 'string is not in Unicode NFC (JCS does not normalise)', true);
      return v;
    },
    def: { t: 'str', min, max: o.max, pattern: o.pattern, description: o.description },
  };
}

const RFC3339_UTC =
  /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?Z$/;
const UTC_TIME = 'expected an RFC 3339 UTC time such as 2026-11-30T15:00:00Z';

/**
 * True when the `YYYY-MM-DD` start of `t` is a day that exists (RFC 3339 §5.7: February 30
 * does not; `Date.parse` would silently roll it over to March 2).
 */
export function isRealDate(t: string): boolean {
  const y = Number(t.slice(0, 4));
  const m = Number(t.slice(5, 7));
  const d = Number(t.slice(8, 10));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return days !== undefined && d >= 1 && d <= days;
}

/**
 * An RFC 3339 UTC time with the `Z` designator and optional fractional seconds, no leap
 * second, on a day that exists (that last check is semantic). `2026-11-30T15:00:00Z`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function utcTime(): Shape<string> {
  return refine(str({ nfc: false, pattern: RFC3339_UTC, expected: UTC_TIME }), (t) =>
    isRealDate(t) ? undefined : UTC_TIME
  );
}

/** Exactly the string `value` (or the boolean: `literal(true)`). */
/* @__NO_SIDE_EFFECTS__ */
export function literal<const T extends string | boolean>(value: T): Shape<T> {
  return {
    check(v) {
      if (v !== value)
        issue(
          'schema',
          `expected ${typeof value === 'string' ? `"${value}"` : value}, got ${describeValue(v)}`
        );
      return value;
    },
    def: { t: 'const', value },
  };
}

/**
 * One of the listed string constants. The refusal reads `expected one of "a", "b", got …`, or
 * `o.expected` as given (a reader keeping the message its users already know).
 */
/* @__NO_SIDE_EFFECTS__ */
export function oneOf<const T extends string>(
  values: readonly T[],
  o: { readonly expected?: string } = {}
): Shape<T> {
  return {
    check(v) {
      if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
        issue(
          'schema',
          o.expected ??
            `expected one of ${values.map((x) => `"${x}"`).join(', ')}, got ${describeValue(v)}`
        );
      return v as T;
    },
    def: { t: 'enum', values },
  };
}

/** A boolean. */
/* @__NO_SIDE_EFFECTS__ */
export function bool(): Shape<boolean> {
  return {
    check(v) {
      if (typeof v !== 'boolean')
        issue('schema', `expected true or false, got ${describeValue(v)}`);
      return v;
    },
    def: { t: 'bool' },
  };
}

/** A canonical JSON integer (safe, not -0; SPEC.md §"Canonical integers") in `min … max`. */
/* @__NO_SIDE_EFFECTS__ */
export function int(min: number, max: number = Number.MAX_SAFE_INTEGER): Shape<number> {
  return {
    check(v) {
      if (!isCanonicalInt(v) || v < min || v > max)
        issue('schema', `expected an integer ${min} … ${max}, got ${describeValue(v)}`);
      return v;
    },
    def: { t: 'int', min, max },
  };
}

const LOOSE_HEX = /^(0[xX])?[0-9a-fA-F]*$/;

/**
 * Lowercase hex without `0x`: exactly `bytes` bytes, or (`{ min, max }`) that many bytes.
 * Upper-case or `0x`-prefixed hex of an acceptable length is `noncanonical`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function hex(bytes: number | { min?: number; max: number }): Shape<string> {
  const lo = typeof bytes === 'number' ? bytes : (bytes.min ?? 1);
  const hi = typeof bytes === 'number' ? bytes : bytes.max;
  const want =
    lo === hi
      ? `${lo} bytes (${lo * 2} lowercase hex characters)`
      : `${lo} … ${hi} bytes of lowercase hex`;
  const okLength = (n: number) => n % 2 === 0 && n >= lo * 2 && n <= hi * 2;
  return {
    check(v) {
      if (typeof v !== 'string') issue('schema', `expected a hex string, got ${describeValue(v)}`);
      if (okLength(v.length) && isLowerHex(v)) return v;
      const bare = v.startsWith('0x') || v.startsWith('0X') ? v.slice(2) : v;
      if (LOOSE_HEX.test(v) && okLength(bare.length))
        issue('noncanonical', 'hex must be lowercase, no 0x prefix');
      return issue('schema', `expected ${want}`);
    },
    def: { t: 'hex', lo, hi },
  };
}

const LOOSE_INT = /^\s*[+-]?[0-9]+\s*$/;

/**
 * An amount in base units: a decimal string `^(0|[1-9][0-9]*)$` of at most `maxDigits` digits.
 * A JSON number is kind `number`; `"007"`, `"+7"`, `" 7"` are `noncanonical`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function amount(maxDigits?: number): Shape<string> {
  return {
    check(v) {
      if (typeof v === 'string' && AMOUNT_RE.test(v)) {
        if (maxDigits !== undefined && v.length > maxDigits)
          issue('schema', `more than ${maxDigits} digits`);
        return v;
      }
      if (typeof v === 'number') issue('number', 'amounts are decimal strings, not JSON numbers');
      if (typeof v !== 'string')
        issue('schema', `expected a decimal string, got ${describeValue(v)}`);
      if (LOOSE_INT.test(v) && !v.trim().startsWith('-'))
        issue('noncanonical', `${describeValue(v)} is not canonical`);
      return issue(
        'schema',
        `expected a decimal string matching ^(0|[1-9][0-9]*)$, got ${describeValue(v)}`
      );
    },
    def: { t: 'amount', maxDigits },
  };
}

const DEC = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const LOOSE_DEC = /^\s*[+-]?([0-9]*\.?[0-9]*)([eE][+-]?[0-9]+)?\s*$/;

/**
 * A decimal string (`"15000000.5"`; with `signed`, `"-3"` too): `^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`,
 * never `-0`, at most `max` characters. A JSON number is kind `number`; `".5"`, `"+1"`, `"1e3"`,
 * `"01"` are `noncanonical`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function decimalString(o: { signed?: boolean; max?: number } = {}): Shape<string> {
  const signed = o.signed ?? false;
  const max = o.max ?? 200;
  return {
    check(v) {
      if (typeof v === 'number') issue('number', 'decimals are strings, not JSON numbers');
      if (typeof v !== 'string')
        issue('schema', `expected a decimal string, got ${describeValue(v)}`);
      if (!DEC.test(v) || /^-0(\.0+)?$/.test(v)) {
        if (LOOSE_DEC.test(v) && /[0-9]/.test(v))
          issue('noncanonical', `${describeValue(v)} is not canonical`);
        issue('schema', `${describeValue(v)} is not a decimal string`);
      }
      if (!signed && v.startsWith('-')) issue('schema', 'expected a non-negative decimal');
      if (v.length > max) issue('schema', 'decimal string too long');
      return v;
    },
    def: { t: 'decimal', signed, max },
  };
}

/** `shape` or `null`. */
/* @__NO_SIDE_EFFECTS__ */
export function nullable<T>(shape: Shape<T>): Shape<T | null> {
  return {
    check: (v) => (v === null ? null : shape.check(v)),
    def: { t: 'nullable', inner: shape },
  };
}

/** Options of {@link arr}. */
export interface ArrOptions {
  readonly min?: number;
  readonly max?: number;
}

/** An array of `item`, `min … max` long. */
/* @__NO_SIDE_EFFECTS__ */
export function arr<T>(item: Shape<T>, o: ArrOptions = {}): Shape<readonly T[]> {
  const min = o.min ?? 0;
  const max = o.max;
  const check = item.check;
  return {
    check(v) {
      if (!Array.isArray(v)) issue('schema', `expected an array, got ${describeValue(v)}`);
      if (v.length < min || (max !== undefined && v.length > max))
        issue('schema', `expected ${min} … ${max ?? 'any number of'} items, got ${v.length}`);
      let i = 0;
      try {
        for (; i < v.length; i++) check(v[i]);
      } catch (e) {
        if (e instanceof ShapeIssue) e.path.unshift(i);
        throw e;
      }
      return v as T[];
    },
    def: { t: 'arr', item, min, max },
  };
}

/**
 * A JSON object used as a map: every member name meets `key` (when given) and every value
 * meets `value` (e.g. chain id → asset list).
 */
/* @__NO_SIDE_EFFECTS__ */
export function record<T>(
  value: Shape<T>,
  o: { key?: Shape<string> } = {}
): Shape<{ readonly [k: string]: T }> {
  return {
    check(v) {
      if (!isObject(v)) issue('schema', `expected an object, got ${describeValue(v)}`);
      for (const k of Object.keys(v))
        at(k, () => {
          o.key?.check(k);
          value.check(v[k]);
        });
      return v as { readonly [k: string]: T };
    },
    def: { t: 'record', value, key: o.key },
  };
}

type Members = { readonly [k: string]: Shape<unknown> };
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The type of an object shape with required members `R` and optional members `O`. */
export type ObjType<R extends Members, O extends Members> = Simplify<
  { readonly [K in keyof R]: Infer<R[K]> } & { readonly [K in keyof O]?: Infer<O[K]> }
>;

/** Options of {@link obj}. */
export interface ObjOptions {
  /** Accept (and ignore) members not declared (default false: closed). */
  readonly open?: boolean;
  readonly description?: string;
  /**
   * The documented member order when it is not required-then-optional (an optional member
   * between required ones): the order {@link ordered} writes. Checking order is unchanged.
   */
  readonly order?: readonly string[];
}

/**
 * A JSON object with the `required` members and any of the `optional` ones. Closed unless
 * `open`: an undeclared member is refused. Members are checked in declaration order.
 */
/* @__NO_SIDE_EFFECTS__ */
export function obj<R extends Members, O extends Members = Record<never, never>>(
  required: R,
  optional?: O,
  o: ObjOptions = {}
): Shape<ObjType<R, O>> {
  const req = Object.entries(required);
  const opt = Object.entries(optional ?? {});
  const all = [...req, ...opt];
  // parallel arrays: this loop runs for every object of every document read
  const names = all.map(([k]) => k);
  const checks = all.map(([, s]) => s.check);
  const known = new Set(names);
  const nReq = req.length;
  return {
    check(v) {
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        issue('schema', `expected an object, got ${describeValue(v)}`);
      const rec = v as Record<string, unknown>;
      if (!o.open)
        for (const k of Object.keys(rec))
          if (!known.has(k)) at(k, () => issue('schema', `unknown field "${k}"`));
      for (let i = 0; i < nReq; i++)
        if (!Object.hasOwn(rec, names[i]!)) issue('schema', `missing required field "${names[i]}"`);
      let i = 0;
      try {
        for (; i < names.length; i++) {
          const x = rec[names[i]!];
          if (i < nReq || x !== undefined) checks[i]!(x);
        }
      } catch (e) {
        if (e instanceof ShapeIssue) e.path.unshift(names[i]!);
        throw e;
      }
      return v as ObjType<R, O>;
    },
    def: {
      t: 'obj',
      members: all,
      required: nReq,
      open: !!o.open,
      description: o.description,
      order: o.order,
    },
  };
}

/**
 * `shape` plus a check JSON Schema cannot express (NFC, uniqueness, a real date, lengths tied
 * to another field). `test` returns undefined when the value passes, else the reason, or
 * `{ at, reason, kind? }` naming the path below the value. The schema is `shape`'s.
 */
/* @__NO_SIDE_EFFECTS__ */
export function refine<T>(
  shape: Shape<T>,
  test: (
    v: T
  ) => string | { at: (string | number)[]; reason: string; kind?: IssueKind } | undefined,
  kind: IssueKind = 'schema'
): Shape<T> {
  return {
    check(v) {
      const t = shape.check(v);
      const r = test(t);
      if (r === undefined) return t;
      const i =
        typeof r === 'string'
          ? new ShapeIssue(kind, r, true)
          : new ShapeIssue(r.kind ?? kind, r.reason, true);
      if (typeof r !== 'string') i.path.push(...r.at);
      throw i;
    },
    def: shape.def,
  };
}

/**
 * A check for {@link refine}: the items of a list are distinct by `key` (an item whose key is
 * undefined is not compared). The first repeat is reported at `[index, ...at]` with
 * `reason(item)` — unique symbols, ids, contracts, years.
 */
/* @__NO_SIDE_EFFECTS__ */
export function distinctBy<T>(
  key: (item: T) => string | undefined,
  at: readonly (string | number)[],
  reason: (item: T) => string
): (list: readonly T[]) => { at: (string | number)[]; reason: string } | undefined {
  return (list) => {
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const k = key(list[i]!);
      if (k === undefined) continue;
      if (seen.has(k)) return { at: [i, ...at], reason: reason(list[i]!) };
      seen.add(k);
    }
    return undefined;
  };
}

/** True when `v` has the JSON type `def` declares (for {@link anyOf}'s message). */
function typeFits(def: ShapeDef, v: unknown): boolean {
  switch (def.t) {
    case 'obj':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'arr':
      return Array.isArray(v);
    case 'int':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case 'const':
      return typeof v === typeof def.value;
    case 'anyOf':
      return def.options.some((o) => typeFits(o.def, v));
    case 'any':
      return true;
    default:
      return typeof v === 'string';
  }
}

/**
 * One of several shapes (JSON Schema `anyOf`): a section given as one object or a list of
 * them, a block given as a number or a hash. The value is checked against each option in
 * turn; when none accepts it, the issue is that of the first option of the value's JSON type
 * (so the message names what is wrong inside it), or `expected` when no option has its type.
 */
/* @__NO_SIDE_EFFECTS__ */
export function anyOf<const S extends readonly Shape<unknown>[]>(
  options: S,
  expected: string
): Shape<Infer<S[number]>> {
  return {
    check(v) {
      let first: ShapeIssue | undefined;
      for (const o of options) {
        try {
          return o.check(v) as Infer<S[number]>;
        } catch (e) {
          if (!(e instanceof ShapeIssue)) throw e;
          if (first === undefined && typeFits(o.def, v)) first = e;
        }
      }
      throw first ?? new ShapeIssue('schema', expected);
    },
    def: { t: 'anyOf', options },
  };
}

/**
 * One of several object shapes, the one that applies named by the object itself (a member such
 * as `alg` or `chain` decides which members and formats the rest must have; JSON Schema
 * `if`/`then`). `pick` gets the object and returns the index of its option; a value that is not
 * an object is checked against the first option. Each option must itself accept only objects
 * `pick` sends to it (give the discriminating member a pattern or constant), so the emitted
 * `anyOf` accepts exactly what the shape accepts.
 */
/* @__NO_SIDE_EFFECTS__ */
export function select<const S extends readonly Shape<unknown>[]>(
  options: S,
  pick: (v: Record<string, unknown>) => number
): Shape<Infer<S[number]>> {
  return {
    check: (v) => options[isObject(v) ? pick(v) : 0]!.check(v) as Infer<S[number]>,
    def: { t: 'anyOf', options, pick },
  };
}

/** Any JSON value, kept as given (a member another reader checks, such as a node's reply). */
/* @__NO_SIDE_EFFECTS__ */
export function json(description?: string): Shape<unknown> {
  return { check: (v) => v, def: { t: 'any', description } };
}

/**
 * A copy of a value `shape` accepted, with the members of every closed object in declaration
 * order (required, then optional) — the order a document's writer uses, whatever order the file
 * had. Open objects and values of no declared structure are kept as given. For a value the
 * shape has not checked the result is unspecified.
 */
export function ordered<T>(shape: Shape<T>, v: T): T {
  return inOrder(shape.def, v) as T;
}

function inOrder(def: ShapeDef, v: unknown): unknown {
  switch (def.t) {
    case 'obj': {
      if (def.open || !isObject(v)) return v;
      const out: Record<string, unknown> = {};
      const members = def.order
        ? def.order.map((k) => def.members.find(([m]) => m === k)!)
        : def.members;
      for (const [k, s] of members) if (v[k] !== undefined) out[k] = inOrder(s.def, v[k]);
      return out;
    }
    case 'arr':
      return Array.isArray(v) ? v.map((x) => inOrder(def.item.def, x)) : v;
    case 'nullable':
      return v === null ? v : inOrder(def.inner.def, v);
    case 'record': {
      if (!isObject(v)) return v;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) out[k] = inOrder(def.value.def, v[k]);
      return out;
    }
    case 'anyOf': {
      const o = def.pick
        ? isObject(v)
          ? def.options[def.pick(v)]
          : undefined
        : def.options.find((x) => findIssue(x, v) === undefined);
      return o ? inOrder(o.def, v) : v;
    }
    default:
      return v;
  }
}

/** Run a shape on a value; returns the issue instead of throwing (undefined = valid). */
export function findIssue(shape: Shape<unknown>, v: unknown): ShapeIssue | undefined {
  try {
    shape.check(v);
    return undefined;
  } catch (e) {
    if (e instanceof ShapeIssue) return e;
    throw e;
  }
}
