/**
 * The one JSON Lines reader of the chain packages' input files (addresses, signatures): one
 * strict JSON object per non-blank line (CRLF accepted), every error an {@link InputError}
 * naming the file, the 1-based line and, where one is at fault, the field.
 * @module
 */
import { validate } from './document.js';
import { DocumentError, formatLocated, InputError } from './errors.js';
import type { JsonValue } from './jcs.js';
import { JsonParseError, parseJsonStrict } from './json.js';
import type { Shape } from './shape.js';

/** One object of a JSON Lines file and its 1-based line number. */
export interface JsonLine {
  readonly value: Record<string, unknown>;
  readonly line: number;
}

/**
 * Parse JSON Lines: blank lines skipped, anything but one JSON object per line refused. The
 * package exports only {@link readJsonLinesOf} (every row against a declared shape).
 * `invalid` words a line that is not JSON at all (default `not a JSON object`; the Bitcoin
 * package's files say `not valid JSON`, as they always have).
 */
export function readJsonLines(
  text: string,
  file: string,
  { invalid = 'not a JSON object' }: { readonly invalid?: string } = {}
): JsonLine[] {
  const out: JsonLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (s.trim() === '') return;
    let v: JsonValue;
    try {
      v = parseJsonStrict(s);
    } catch (e) {
      if (!(e instanceof JsonParseError)) throw e;
      const why = formatLocated(e.reason, { field: e.path });
      throw new InputError(`${invalid}: ${why}`, { file, line });
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new InputError('expected one JSON object per line', { file, line });
    out.push({ value: v as Record<string, unknown>, line });
  });
  return out;
}

/** One row of a JSON Lines file read with {@link readJsonLinesOf}: the typed value and its line. */
export interface JsonRow<T> {
  readonly value: T;
  readonly line: number;
}

/**
 * Read JSON Lines whose every row meets the declared `row` shape (an `obj`: closed, so an
 * unknown member is refused). A row that does not is an {@link InputError} naming the file, the
 * line and the field (its path below the row: `custody`, `range[1]`); what no shape can check
 * (an address on its chain, a row listed twice) is the caller's.
 */
export function readJsonLinesOf<T>(
  row: Shape<T>,
  text: string,
  file: string,
  opts: { readonly invalid?: string } = {}
): JsonRow<T>[] {
  return readJsonLines(text, file, opts).map(({ value, line }) => {
    try {
      return { value: validate(row, value), line };
    } catch (e) {
      if (!(e instanceof DocumentError)) throw e;
      const field = e.path === '$' ? undefined : e.path.replace(/^\$\.?/, '');
      throw new InputError(e.reason, { file, line, field }, { cause: e });
    }
  });
}

/**
 * A check that each key is on one line of a JSON Lines file only: the returned function records
 * `key` at `line`, and for a key already seen throws an {@link InputError} naming the file, the
 * line and `field`: `<twice> (first on line N)` (e.g. "address listed twice").
 */
export function oncePerLine(
  file: string,
  field: string,
  twice: string
): (key: string, line: number) => void {
  const seen = new Map<string, number>();
  return (key, line) => {
    const first = seen.get(key);
    if (first !== undefined)
      throw new InputError(`${twice} (first on line ${first})`, { file, line, field });
    seen.set(key, line);
  };
}
