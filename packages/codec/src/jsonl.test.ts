/**
 * The shared JSON Lines reader: one object per non-blank line, CRLF accepted, errors naming the
 * file, the line and the field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { oncePerLine, readJsonLines, readJsonLinesOf } from './jsonl.js';
import { arr, int, obj, oneOf, str } from './shape.js';

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
  it('readJsonLinesOf: every row meets its declared shape; a defect names file, line, field', () => {
    const row = obj(
      { kind: oneOf(['a', 'b']), range: arr(int(0, 9), { min: 2, max: 2 }) },
      { label: str() }
    );
    const ok = readJsonLinesOf(
      row,
      '\n{"kind":"a","range":[1,2]}\r\n{"kind":"b","range":[0,0],"label":"x"}',
      'r.jsonl'
    );
    expect(ok).toEqual([
      { value: { kind: 'a', range: [1, 2] }, line: 2 },
      { value: { kind: 'b', range: [0, 0], label: 'x' }, line: 3 },
    ]);
    const refused = (text: string): InputError => {
      try {
        readJsonLinesOf(row, text, 'r.jsonl');
      } catch (e) {
        if (e instanceof InputError) return e;
        throw e;
      }
      throw new Error('accepted');
    };
    expect(refused('{"kind":"c","range":[1,2]}').message).toBe(
      'r.jsonl:1: field "kind": expected one of "a", "b", got "c"'
    );
    expect(refused('\n{"kind":"a","range":[1,10]}').location).toEqual({
      file: 'r.jsonl',
      line: 2,
      field: 'range[1]',
    });
    expect(refused('{"kind":"a","range":[1,2],"x":1}').message).toBe(
      'r.jsonl:1: field "x": unknown field "x"'
    );
    expect(refused('{"kind":"a"}').message).toBe('r.jsonl:1: missing required field "range"');
    expect(refused('{"kind":"a",').message).toMatch(/^r\.jsonl:1: not a JSON object: field "\$": /);
  });
  it('oncePerLine: a key on a second line names that line, the field and the first line', () => {
    const once = oncePerLine('a.jsonl', 'address', 'address listed twice');
    once('x', 1);
    once('y', 3);
    let err: unknown;
    try {
      once('x', 4);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(
      'a.jsonl:4: field "address": address listed twice (first on line 1)'
    );
    expect((err as InputError).location).toEqual({ file: 'a.jsonl', line: 4, field: 'address' });
    // another reader's keys are its own
    expect(() => oncePerLine('a.jsonl', 'address', 'twice')('x', 1)).not.toThrow();
  });
});
