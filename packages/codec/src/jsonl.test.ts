/**
 * The shared JSON Lines reader: one object per non-blank line, CRLF accepted, errors naming the
 * file, the line and the field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { onlyFields, readJsonLines } from './jsonl.js';

describe('readJsonLines', () => {
  it('keeps the 1-based line number of every object across blank lines and CRLF', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constant(''),
            fc.constant('  '),
            fc.integer().map((n) => `{"n":${n}}`)
          )
        ),
        fc.boolean(),
        (lines, crlf) => {
          const rows = readJsonLines(lines.join(crlf ? '\r\n' : '\n'), 'f.jsonl');
          const want = lines.flatMap((l, i) =>
            l.startsWith('{') ? [{ value: JSON.parse(l) as object, line: i + 1 }] : []
          );
          expect(rows).toEqual(want);
        }
      )
    );
  });
  it('refuses what is not one JSON object per line, naming file and line', () => {
    expect(() => readJsonLines('{"a":1}\n{"a":', 'f.jsonl')).toThrow(
      /^f\.jsonl:2: not a JSON object/
    );
    expect(() => readJsonLines('\n[1]', 'f.jsonl')).toThrow(
      /^f\.jsonl:2: expected one JSON object per line$/
    );
    expect(() => readJsonLines('{"a":1,"a":2}', 'f.jsonl')).toThrow(InputError);
  });
  it('onlyFields names the unknown field', () => {
    expect(() => onlyFields({ a: 1, x: 2 }, ['a'], 'f.jsonl', 3)).toThrow(
      /^f\.jsonl:3: field "x": unknown field$/
    );
    expect(() => onlyFields({ a: 1 }, ['a', 'b'], 'f.jsonl', 3)).not.toThrow();
  });
});
