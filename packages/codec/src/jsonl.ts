/**
 * The one JSON Lines reader of the chain packages' input files (addresses, signatures): one
 * strict JSON object per non-blank line (CRLF accepted), every error an {@link InputError}
 * naming the file, the 1-based line and, where one is at fault, the field.
 * @module
 */
import { InputError, KuraError } from './errors.js';
import type { JsonValue } from './jcs.js';
import { parseJsonStrict } from './json.js';

/** One object of a JSON Lines file and its 1-based line number. */
export interface JsonLine {
  readonly value: Record<string, unknown>;
  readonly line: number;
}

/**
 * Parse JSON Lines: blank lines skipped, anything but one JSON object per line refused.
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
      const why = e instanceof KuraError ? e.message.replace(/^[^:]*:\d+:\d+: /, '') : String(e);
      throw new InputError(`${invalid}: ${why}`, { file, line });
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new InputError('expected one JSON object per line', { file, line });
    out.push({ value: v as Record<string, unknown>, line });
  });
  return out;
}

/** Refuse any field of `o` not in `allowed`, naming it. */
export function onlyFields(
  o: Record<string, unknown>,
  allowed: readonly string[],
  file: string,
  line: number
): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) throw new InputError('unknown field', { file, line, field: k });
}
