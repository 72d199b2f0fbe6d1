/**
 * A strict JSON parser for signed and verified documents (attacks E1, G3).
 *
 * Unlike `JSON.parse` it rejects, each with its own code and the line, column and JSON path:
 * duplicate member names (`JSON_DUPLICATE_KEY`), numbers that are not canonical safe integers
 * (`JSON_NUMBER`: a fraction, an exponent, `-0`, beyond ±(2^53 − 1) — amounts are decimal
 * strings; SPEC.md §"Canonical integers"), lone surrogates (`JSON_SURROGATE`), the member
 * names `__proto__`, `constructor` and `prototype` (`JSON_FORBIDDEN_KEY`), nesting deeper than
 * 64 (`JSON_DEPTH`), invalid UTF-8 (`JSON_UTF8`) and any syntax error (`JSON_SYNTAX`).
 * Objects come back with a null prototype.
 * @module
 */
import { isWellFormed } from './bytes.js';
import { DocumentError, formatLocated } from './errors.js';
import type { JsonValue } from './jcs.js';
import { jsonPath, memberPath, parseJsonPath, shownKey } from './jsonpath.js';

export { jsonPath, parseJsonPath };

/** Codes of {@link JsonParseError}. */
export type JsonErrorCode =
  | 'JSON_SYNTAX'
  | 'JSON_DUPLICATE_KEY'
  | 'JSON_NUMBER'
  | 'JSON_SURROGATE'
  | 'JSON_FORBIDDEN_KEY'
  | 'JSON_DEPTH'
  | 'JSON_UTF8';

/**
 * A JSON document that the strict parser refused: a {@link DocumentError} (so every reader
 * error is one type, with file, line, column and JSON path), its `code` one of
 * {@link JsonErrorCode}. Its `kind` is `number` for `JSON_NUMBER`, else `schema`; the message
 * names the file as `<json>` when none was given.
 */
export class JsonParseError extends DocumentError {
  declare readonly code: JsonErrorCode;
  declare readonly line: number;
  declare readonly column: number;
  constructor(
    code: JsonErrorCode,
    reason: string,
    at: { file?: string | undefined; line: number; column: number; path: string }
  ) {
    super(
      code,
      code === 'JSON_NUMBER' ? 'number' : 'schema',
      reason,
      parseJsonPath(at.path) ?? [],
      at
    );
    this.message = formatLocated(reason, {
      file: at.file ?? '<json>',
      line: at.line,
      column: at.column,
      field: this.path,
    });
  }

  /** The same error naming `file` (its position in the text stays). */
  override withFile(file: string): JsonParseError {
    return new JsonParseError(this.code, this.reason, {
      file,
      line: this.line,
      column: this.column,
      path: this.path,
    });
  }
}

/** Options of {@link parseJsonStrict}. */
export interface StrictJsonOptions {
  /** Name of the file being parsed, for messages. */
  readonly file?: string;
  /** Largest nesting depth (default 64). */
  readonly maxDepth?: number;
  /** Allow non-integer numbers (default false: only safe integers). */
  readonly allowFractions?: boolean;
  /**
   * When given, filled with the text offset of every value by its JSON path (a member's is the
   * offset of its name): what {@link locateJsonPath} uses to place an error.
   */
  readonly positions?: Map<string, number>;
  /**
   * When given, every number's exact source text is recorded here under its JSON path (`$.a[0]`),
   * for formats of other parties whose integers exceed 2^53 and must be read exactly.
   */
  readonly numberLiterals?: Map<string, string>;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decode UTF-8 bytes strictly and parse them with {@link parseJsonStrict}. */
export function parseJsonBytes(bytes: Uint8Array, opts: StrictJsonOptions = {}): JsonValue {
  let text: string;
  try {
    text = utf8Decoder.decode(bytes);
  } catch {
    throw new JsonParseError('JSON_UTF8', 'invalid UTF-8', {
      file: opts.file,
      line: 1,
      column: 1,
      path: '$',
    });
  }
  return parseJsonStrict(text, opts);
}

/** Parse JSON text strictly (see the module doc). */
export function parseJsonStrict(text: string, opts: StrictJsonOptions = {}): JsonValue {
  const p = new Parser(text, opts);
  p.ws();
  opts.positions?.set('$', p.i);
  const v = p.value('$', 0);
  p.ws();
  if (p.i < text.length) p.err('JSON_SYNTAX', 'unexpected text after the JSON value', '$');
  return v;
}

class Parser {
  i = 0;
  private readonly maxDepth: number;
  constructor(
    private readonly s: string,
    private readonly opts: StrictJsonOptions
  ) {
    this.maxDepth = opts.maxDepth ?? 64;
  }

  err(code: JsonErrorCode, reason: string, path: string, at = this.i): never {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at && k < this.s.length; k++) {
      if (this.s.charCodeAt(k) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    throw new JsonParseError(code, reason, { file: this.opts.file, line, column: col, path });
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  value(path: string, depth: number): JsonValue {
    if (depth > this.maxDepth) this.err('JSON_DEPTH', `nesting deeper than ${this.maxDepth}`, path);
    const c = this.s[this.i];
    if (c === '{') return this.object(path, depth);
    if (c === '[') return this.array(path, depth);
    if (c === '"') return this.string(path);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(path);
    if (this.s.startsWith('true', this.i)) {
      this.i += 4;
      return true;
    }
    if (this.s.startsWith('false', this.i)) {
      this.i += 5;
      return false;
    }
    if (this.s.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    return this.err(
      'JSON_SYNTAX',
      c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`,
      path
    );
  }

  object(path: string, depth: number): JsonValue {
    const out: Record<string, JsonValue> = Object.create(null);
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.err('JSON_SYNTAX', 'expected a member name', path);
      const keyAt = this.i;
      const key = this.string(path);
      const childPath = memberPath(path, key);
      this.opts.positions?.set(childPath, keyAt);
      if (FORBIDDEN.has(key))
        this.err('JSON_FORBIDDEN_KEY', `member name "${key}" is not allowed`, childPath, keyAt);
      if (Object.hasOwn(out, key))
        this.err('JSON_DUPLICATE_KEY', `duplicate member "${shownKey(key)}"`, childPath, keyAt);
      this.ws();
      if (this.s[this.i] !== ':') this.err('JSON_SYNTAX', 'expected ":"', childPath);
      this.i++;
      this.ws();
      out[key] = this.value(childPath, depth + 1);
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return out;
      }
      this.err('JSON_SYNTAX', 'expected "," or "}"', path);
    }
  }

  array(path: string, depth: number): JsonValue {
    const out: JsonValue[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      this.opts.positions?.set(`${path}[${out.length}]`, this.i);
      out.push(this.value(`${path}[${out.length}]`, depth + 1));
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      this.err('JSON_SYNTAX', 'expected "," or "]"', path);
    }
  }

  string(path: string): string {
    const s = this.s;
    const start = this.i;
    this.i++;
    let out = '';
    let run = this.i;
    for (;;) {
      if (this.i >= s.length) this.err('JSON_SYNTAX', 'unterminated string', path, start);
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(run, this.i);
        this.i++;
        break;
      }
      if (c < 0x20) this.err('JSON_SYNTAX', 'control character in string', path);
      if (c === 0x5c) {
        out += s.slice(run, this.i);
        const e = s[this.i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u') {
          const hex = s.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.err('JSON_SYNTAX', 'bad \\u escape', path);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.i += 6;
        } else this.err('JSON_SYNTAX', 'bad escape', path);
        run = this.i;
        continue;
      }
      this.i++;
    }
    if (!isWellFormed(out)) this.err('JSON_SURROGATE', 'string has a lone surrogate', path, start);
    return out;
  }

  number(path: string): number {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(
      this.s.slice(this.i, this.i + 400)
    );
    if (!m) return this.err('JSON_SYNTAX', 'bad number', path);
    const at = this.i;
    this.i += m[0].length;
    const n = Number(m[0]);
    if (
      !this.opts.allowFractions &&
      (m[2] !== undefined || m[3] !== undefined || !Number.isSafeInteger(n))
    )
      this.err(
        'JSON_NUMBER',
        `number ${m[0]} is not a safe integer (amounts are decimal strings)`,
        path,
        at
      );
    if (!Number.isFinite(n)) this.err('JSON_NUMBER', `number ${m[0]} is out of range`, path, at);
    this.opts.numberLiterals?.set(path, m[0]);
    // -0 is a second spelling of 0 (SPEC.md §"Canonical integers"): refused, not read as 0
    if (!this.opts.allowFractions && m[0] === '-0')
      this.err('JSON_NUMBER', 'number -0 is not a canonical integer (write 0)', path, at);
    return n;
  }
}

/**
 * Is `v` a canonical JSON integer: a safe integer that is not `-0` (SPEC.md §"Canonical
 * integers")? Every strict reader checks its integer fields with this, so a value that did not
 * come through {@link parseJsonStrict} (a caller's object, `JSON.parse` output) is held to the
 * same rule.
 */
export function isCanonicalInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0);
}

/**
 * The 1-based line and column of the value at `keys` in JSON `text` (a member: its name), or
 * of its nearest ancestor present in the text; undefined if the text does not parse.
 */
export function locateJsonPath(
  text: string,
  keys: readonly (string | number)[]
): { line: number; column: number } | undefined {
  const positions = new Map<string, number>();
  try {
    parseJsonStrict(text, { positions, allowFractions: true });
  } catch {
    return undefined;
  }
  for (let n = keys.length; n >= 0; n--) {
    const at = positions.get(jsonPath(keys.slice(0, n)));
    if (at === undefined) continue;
    let line = 1;
    let column = 1;
    for (let k = 0; k < at; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        column = 1;
      } else column++;
    }
    return { line, column };
  }
  return undefined;
}
