/**
 * The one error base class of Kura, and its subclasses per condition (viem style).
 *
 * Every error carries a stable machine-readable `code`. Verification functions do not throw
 * these for a failed check — they return a {@link VerifyFailure} — but parsers, builders and
 * adapters throw them for bad input or a failed dependency.
 * @module
 */

import { jsonPath } from './jsonpath.js';
import type { IssueKind } from './shape.js';
import { redactUrl } from './url.js';

/** Where in an input a problem sits: any of these may be known. */
export interface InputLocation {
  /** The file (or source name) being read. */
  readonly file?: string | undefined;
  /** 1-based line number. */
  readonly line?: number | undefined;
  /** 1-based column number (or CSV column index). */
  readonly column?: number | undefined;
  /** The field (JSON path or CSV column name) at fault. */
  readonly field?: string | undefined;
}

/** Base class of every error Kura throws. */
export class KuraError extends Error {
  /** Stable machine-readable code, e.g. `BAD_INPUT`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad input: a file, row, field or argument that does not meet its format. */
export class InputError extends KuraError {
  readonly location: InputLocation;
  readonly reason: string;
  constructor(reason: string, location: InputLocation = {}, options?: { cause?: unknown }) {
    super('BAD_INPUT', formatLocated(reason, location), options);
    this.location = location;
    this.reason = reason;
  }
}

/** A string or byte encoding that is not canonical (hex, decimal, JSON …). */
export class EncodingError extends KuraError {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super('BAD_ENCODING', field ? `${field}: ${message}` : message);
    this.field = field;
  }
}

/**
 * A document (or a value read from one) that does not meet its declared shape: the one error
 * type of every Kura document reader. `code` is the document family's code for the defect
 * (see {@link DocumentCodes}); `path` is the JSON path (`$.assets[2].decimals`); `file`,
 * `line` and `column` are known when the reader had the file's text.
 *
 * A subclass of {@link EncodingError} (`field` is the JSON path), so code that handles
 * encoding errors handles it.
 */
export class DocumentError extends EncodingError {
  override readonly code: string;
  readonly kind: IssueKind;
  readonly reason: string;
  /** The JSON path of the field at fault. */
  readonly path: string;
  /** The keys from the document root to the field at fault. */
  readonly keys: readonly (string | number)[];
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** True when the check is one JSON Schema cannot express. */
  readonly semantic: boolean;
  constructor(
    code: string,
    kind: IssueKind,
    reason: string,
    keys: readonly (string | number)[],
    at: { file?: string | undefined; line?: number | undefined; column?: number | undefined } = {},
    semantic = false
  ) {
    const path = jsonPath(keys);
    super(reason, path);
    this.code = code;
    this.kind = kind;
    this.reason = reason;
    this.path = path;
    this.keys = keys;
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.semantic = semantic;
    this.message = formatLocated(reason, this.location);
  }

  /** Where the error sits, in the shape every Kura input error uses. */
  get location(): InputLocation {
    return { file: this.file, line: this.line, column: this.column, field: this.path };
  }

  /** The same error, naming the file (and where known the line and column). */
  withFile(file: string, at: { line?: number; column?: number } = {}): DocumentError {
    return new DocumentError(
      this.code,
      this.kind,
      this.reason,
      this.keys,
      { file, line: at.line ?? this.line, column: at.column ?? this.column },
      this.semantic
    );
  }
}

/** A network or service call that failed (names the endpoint and the call). */
export class SourceError extends KuraError {
  readonly endpoint: string;
  readonly call: string;
  constructor(
    code: string,
    endpoint: string,
    call: string,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(code, `${redactUrl(endpoint)} ${call}: ${message}`, options);
    this.endpoint = redactUrl(endpoint);
    this.call = call;
  }
}

/** Prefix a reason with `file:line:column field` as far as known. */
export function formatLocated(reason: string, loc: InputLocation): string {
  let where = loc.file ?? '';
  if (loc.line !== undefined) where += `${where ? ':' : 'line '}${loc.line}`;
  if (loc.column !== undefined)
    where += `${loc.line !== undefined ? ':' : ' column '}${loc.column}`;
  const field = loc.field !== undefined ? `field "${loc.field}": ` : '';
  return where ? `${where}: ${field}${reason}` : `${field}${reason}`;
}

/** The result of a verification that passed. */
export interface VerifyOk {
  readonly ok: true;
}
/** The result of a verification that failed: a stable code, and where possible the level. */
export interface VerifyFailure<C extends string = string> {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
  readonly level?: number;
}
/** What every Kura verifier returns instead of throwing. */
export type VerifyResult<C extends string = string, T extends object = object> =
  | (VerifyOk & T)
  | VerifyFailure<C>;

/** Build a failure result. */
export function fail<C extends string>(code: C, message: string, level?: number): VerifyFailure<C> {
  return level === undefined ? { ok: false, code, message } : { ok: false, code, message, level };
}
