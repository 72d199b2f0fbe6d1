/**
 * The one document reader: every `kura-*` JSON document is parsed with the strict parser
 * (duplicate keys, unsafe numbers, `__proto__`, lone surrogates refused: {@link JsonParseError})
 * and then checked against its declared {@link Shape}. A document that does not meet its shape
 * throws a {@link DocumentError} naming the file, line, column and JSON path of the field.
 * @module
 */
import { EncodingError, formatLocated, type InputLocation } from './errors.js';
import type { JsonValue } from './jcs.js';
import { jsonPath, locateJsonPath, parseJsonBytes, parseJsonStrict } from './json.js';
import { type IssueKind, type Shape, ShapeIssue } from './shape.js';

/** The error code a document family gives each {@link IssueKind}. */
export type DocumentCodes = { readonly [K in IssueKind]: string };

/** Codes of the protocol-v1 tree documents (proof, root file, round, assets): one code. */
export const BAD_ENCODING_CODES: DocumentCodes = {
  schema: 'BAD_ENCODING',
  number: 'BAD_ENCODING',
  noncanonical: 'BAD_ENCODING',
};

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

/** The same error naming `file` and the line and column of its path in the file's `text`. */
export function placeError(e: DocumentError, file: string, text: string): DocumentError {
  return e.withFile(file, locateJsonPath(text, e.keys));
}

/** Options of {@link readDocument} and {@link validate}. */
export interface ReadOptions {
  /** The file name for messages. */
  readonly file?: string;
  /** Error codes by defect kind (default {@link BAD_ENCODING_CODES}). */
  readonly codes?: DocumentCodes;
  /** Keys from the document root to the value being checked (default: it is the root). */
  readonly at?: readonly (string | number)[];
}

/** Check `value` against `shape`; returns it typed, or throws a {@link DocumentError}. */
export function validate<T>(shape: Shape<T>, value: unknown, opts: ReadOptions = {}): T {
  try {
    return shape.check(value);
  } catch (e) {
    if (!(e instanceof ShapeIssue)) throw e;
    throw toDocumentError(e, opts);
  }
}

/** The {@link DocumentError} of a shape issue. */
export function toDocumentError(e: ShapeIssue, opts: ReadOptions = {}): DocumentError {
  const code = (opts.codes ?? BAD_ENCODING_CODES)[e.kind];
  const keys = [...(opts.at ?? []), ...e.path];
  return new DocumentError(code, e.kind, e.reason, keys, { file: opts.file }, e.semantic);
}

/**
 * Read a JSON document: strict parse ({@link JsonParseError} for bad JSON), then `shape`
 * ({@link DocumentError} with file, line, column and path). Returns the typed value.
 */
export function readDocument<T>(
  shape: Shape<T>,
  data: string | Uint8Array,
  opts: ReadOptions = {}
): T {
  return readJson(data, (v) => validate(shape, v, opts), opts);
}

/**
 * Parse a JSON document strictly and hand the value to `read` (a package's reader that checks
 * a shape and then what no shape can, such as recomputed hashes). A {@link DocumentError} that
 * `read` throws without a file gets the file, line and column here.
 */
export function readJson<T>(
  data: string | Uint8Array,
  read: (value: JsonValue) => T,
  opts: { readonly file?: string | undefined } = {}
): T {
  const po = opts.file === undefined ? {} : { file: opts.file };
  const value = typeof data === 'string' ? parseJsonStrict(data, po) : parseJsonBytes(data, po);
  try {
    return read(value);
  } catch (e) {
    if (!(e instanceof DocumentError) || (e.file !== undefined && e.line !== undefined)) throw e;
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
    throw placeError(e, e.file ?? opts.file ?? '<json>', text);
  }
}
