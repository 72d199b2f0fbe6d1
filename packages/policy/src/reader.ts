/**
 * How the policy engine reads its JSON files: @kura/codec's one document reader (strict parse,
 * then the document's declared shape), each defect reported as an {@link InputError} (code
 * BAD_INPUT, exit 2) naming the file, the line and the JSON path of the field at fault (e.g.
 * `$.custody.coldStorage.minRatio.value`) — the error every policy-engine input gives, also for
 * the checks the engine makes later against the other files ({@link ReadFile.fail}).
 * @module
 */
import {
  DocumentError,
  InputError,
  type JsonValue,
  locateJsonPath,
  parseJsonPath,
  readJson,
  type Shape,
  validate,
} from '@kura/codec';

/** A file read through its shape: the typed document, its JSON value, and how to blame a field. */
export interface ReadFile<T> {
  readonly doc: T;
  readonly value: JsonValue;
  /** Throw an {@link InputError} about the field at JSON path `path`, naming file and line. */
  readonly fail: (path: string, reason: string) => never;
}

/**
 * Read `data` (the file's bytes or text) as a document of `shape`. A file that does not parse
 * throws the strict parser's `JsonParseError`; one that does not meet the shape an
 * {@link InputError} naming `file`, the line and the field.
 */
export function readFile<T>(data: Uint8Array | string, file: string, shape: Shape<T>): ReadFile<T> {
  const value = readJson(data, (v) => v, { file });
  let text: string | undefined;
  const fail = (path: string, reason: string): never => {
    text ??= typeof data === 'string' ? data : new TextDecoder().decode(data);
    throw new InputError(reason, { file, line: locateLine(text, path), field: path });
  };
  try {
    return { doc: validate(shape, value), value, fail };
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e;
    return fail(e.path, e.reason);
  }
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
