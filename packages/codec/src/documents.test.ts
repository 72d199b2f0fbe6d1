import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocumentError, InputError, JsonParseError, jsonPath, parseJsonStrict } from './index.js';
import { DOCUMENTS, expectDocument, readKuraDocument } from './node.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-documents-'));
let n = 0;
function file(text: string | Uint8Array): string {
  const f = join(dir, `f${n++}.json`);
  writeFileSync(f, text);
  return f;
}
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

describe('readKuraDocument: the one reader, then the kind check', () => {
  it('returns the value of a document of the expected kind', () => {
    const f = file('{"version":"kura-trust/1","keys":[]}');
    expect(readKuraDocument(f, DOCUMENTS.trust)).toEqual({
      value: { version: 'kura-trust/1', keys: [] },
    });
  });

  it('empty, truncated or not UTF-8: could not check (InputError naming the file)', () => {
    const cases: [string | Uint8Array, RegExp][] = [
      ['', /cannot check: empty file \(expected a trust file\): .*unexpected end of input/],
      [
        '{"version":"kura-trust/1",',
        /cannot check: truncated or not JSON \(expected a trust file\)/,
      ],
      [new Uint8Array([0x7b, 0xff, 0x7d]), /truncated or not JSON .*invalid UTF-8/],
    ];
    for (const [text, message] of cases) {
      const f = file(text);
      const e = thrown(() => readKuraDocument(f, DOCUMENTS.trust));
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).message).toMatch(message);
      expect((e as InputError).location.file).toBe(f);
      expect((e as InputError).cause).toBeInstanceOf(JsonParseError);
    }
  });

  it('JSON that breaks the strict profile is a verdict (BAD_ENCODING), not an exception', () => {
    const f = file('{"version":"kura-trust/1",\n "version":"kura-trust/1"}');
    expect(readKuraDocument(f, DOCUMENTS.trust)).toEqual({
      invalid: {
        ok: false,
        code: 'BAD_ENCODING',
        message: `${f}:2:2: field "$.version": duplicate member "version"`,
      },
    });
  });

  it('another kind of Kura document is named by its version (field version)', () => {
    const f = file('{"version":"kura-root/1"}');
    const e = thrown(() => readKuraDocument(f, DOCUMENTS.trust)) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.location).toEqual({ file: f, field: 'version' });
    expect(e.reason).toBe('this is a kura-root/1 document, expected a trust file (kura-trust/1)');
  });

  it('expectDocument: names another kind, leaves bad JSON to the command’s parser', () => {
    expect(() => expectDocument(file('{"version":"kura-root/2"}'), DOCUMENTS.key)).toThrow(
      /this is a kura-root\/2 document, expected a private key file/
    );
    expect(expectDocument(file('{"version":"kura-key/1"'), DOCUMENTS.key)).toBe(undefined);
    expect(expectDocument(file('{"version":"kura-key/1","a":1.5}'), DOCUMENTS.key)).toBe(undefined);
    expect(() => expectDocument(file('{"version":"kura-root/1","a":1.5}'), DOCUMENTS.key)).toThrow(
      InputError
    );
  });
});

describe('JsonParseError is a DocumentError', () => {
  it('carries code, kind, file, line, column and the JSON path, message unchanged', () => {
    const e = thrown(() =>
      parseJsonStrict('{\n  "a": [1, {"b c": 1, "b c": 2}]}', { file: 'x.json' })
    ) as JsonParseError;
    expect(e).toBeInstanceOf(DocumentError);
    expect(e).toBeInstanceOf(JsonParseError);
    expect(e.code).toBe('JSON_DUPLICATE_KEY');
    expect(e.kind).toBe('schema');
    expect([e.file, e.line, e.column]).toEqual(['x.json', 2, 23]);
    expect(e.path).toBe('$.a[1]["b c"]');
    expect(e.keys).toEqual(['a', 1, 'b c']);
    expect(e.message).toBe('x.json:2:23: field "$.a[1]["b c"]": duplicate member "b c"');
    expect(e.withFile('y.json').message).toBe(
      'y.json:2:23: field "$.a[1]["b c"]": duplicate member "b c"'
    );
    const n = thrown(() => parseJsonStrict('[1.5]')) as JsonParseError;
    expect([n.code, n.kind, n.file, n.message]).toEqual([
      'JSON_NUMBER',
      'number',
      undefined,
      '<json>:1:2: field "$[0]": number 1.5 is not a safe integer (amounts are decimal strings)',
    ]);
  });

  it('the path of every parser error is the path of its keys (property)', () => {
    const name = fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('a b', 'x://u:p@h', '"'));
    fc.assert(
      fc.property(fc.array(fc.oneof(name, fc.nat(3)), { maxLength: 5 }), name, (keys, dup) => {
        // a document whose only defect is a duplicate member at `keys`
        let inner = `{${JSON.stringify(dup)}:1,${JSON.stringify(dup)}:2}`;
        for (let i = keys.length - 1; i >= 0; i--) {
          const k = keys[i]!;
          inner =
            typeof k === 'number'
              ? `[${'0,'.repeat(k)}${inner}]`
              : `{${JSON.stringify(k)}:${inner}}`;
        }
        let e: unknown;
        try {
          parseJsonStrict(inner);
        } catch (x) {
          e = x;
        }
        if (!(e instanceof JsonParseError) || e.code !== 'JSON_DUPLICATE_KEY') return; // e.g. __proto__
        expect(e.path).toBe(jsonPath(e.keys));
        expect(e.message).toContain(`field "${e.path}"`);
      })
    );
  });
});
