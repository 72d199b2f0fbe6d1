/**
 * The one document reader: every `kura-*` JSON document is parsed with the strict parser
 * (duplicate keys, unsafe numbers, `__proto__`, lone surrogates refused: {@link JsonParseError})
 * and then checked against its declared {@link Shape}. A document that does not meet its shape
 * throws a {@link DocumentError} naming the file, line, column and JSON path of the field.
 * @module
 */
import { DocumentError } from './errors.js';
import type { JsonValue } from './jcs.js';
import {
  JsonParseError,
  locateJsonPath,
  parseJsonBytes,
  parseJsonStrict,
  type StrictJsonOptions,
} from './json.js';
import { type IssueKind, type Shape, ShapeIssue } from './shape.js';

export { DocumentError };

/** The error code a document family gives each {@link IssueKind}. */
export type DocumentCodes = { readonly [K in IssueKind]: string };

/** Codes of the protocol-v1 tree documents (proof, root file, round, assets): one code. */
export const BAD_ENCODING_CODES: DocumentCodes = {
  schema: 'BAD_ENCODING',
  number: 'BAD_ENCODING',
  noncanonical: 'BAD_ENCODING',
};

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
  return readJson(data, (v) => validate(shape, v, opts), { file: opts.file });
}

/** Options of {@link readJson}: the file name for messages and the strict parser's options. */
export type ReadJsonOptions = Omit<StrictJsonOptions, 'file' | 'positions'> & {
  readonly file?: string | undefined;
};

/**
 * The one path from bytes or text to a checked value: parse strictly ({@link JsonParseError},
 * a {@link DocumentError}, for bad JSON) and hand the value to `read` (a package's reader that
 * checks a shape and then what no shape can, such as recomputed hashes, or a check of the
 * document's kind). A {@link DocumentError} that `read` throws without a file gets the file,
 * line and column here.
 */
export function readJson<T>(
  data: string | Uint8Array,
  read: (value: JsonValue) => T,
  opts: ReadJsonOptions = {}
): T {
  const { file, ...rest } = opts;
  const po: StrictJsonOptions = file === undefined ? rest : { ...rest, file };
  const value = typeof data === 'string' ? parseJsonStrict(data, po) : parseJsonBytes(data, po);
  try {
    return read(value);
  } catch (e) {
    if (
      !(e instanceof DocumentError) ||
      e instanceof JsonParseError || // a nested parse: its position is in another text
      (e.file !== undefined && e.line !== undefined)
    )
      throw e;
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
    throw placeError(e, e.file ?? file ?? '<json>', text);
  }
}
