import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amount,
  arr,
  bool,
  DocumentError,
  decimalString,
  EncodingError,
  findIssue,
  hex,
  type Infer,
  int,
  JsonParseError,
  literal,
  locateJsonPath,
  nullable,
  obj,
  oneOf,
  parseJsonStrict as parseJsonStrictFn,
  placeError,
  readDocument,
  refine,
  showValue,
  str,
  toJsonSchema,
  validate,
} from './index.js';

const asset = obj(
  { symbol: str(), decimals: int(0, 36) },
  { network: str({ pattern: /^[a-z0-9]+:[0-9]+$/ }) }
);
const doc = obj({
  version: literal('kura-test/1'),
  assets: refine(arr(asset, { min: 1, max: 8 }), (a) => {
    const i = a.findIndex((x, j) => a.findIndex((y) => y.symbol === x.symbol) !== j);
    return i < 0 ? undefined : { at: [i, 'symbol'], reason: 'duplicate symbol' };
  }),
  nonce: hex(32),
  total: amount(),
  kind: oneOf(['dense', 'sparse']),
  open: bool(),
});
type Doc = Infer<typeof doc>;

const good = (): Record<string, unknown> => ({
  version: 'kura-test/1',
  assets: [
    { symbol: 'BTC', decimals: 8 },
    { symbol: 'ETH', decimals: 18, network: 'eip155:1' },
  ],
  nonce: 'ab'.repeat(32),
  total: '123',
  kind: 'dense',
  open: false,
});

const text = (v: unknown) => JSON.stringify(v, null, 2);

function refused(v: unknown): DocumentError {
  try {
    readDocument(doc, text(v), { file: 'doc.json' });
  } catch (e) {
    if (e instanceof DocumentError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('readDocument', () => {
  it('returns the value typed by the declared shape', () => {
    const d: Doc = readDocument(doc, text(good()));
    expect(d.assets[1]?.network).toBe('eip155:1');
    expect(d.kind).toBe('dense');
  });

  it('names file, line, column and JSON path of a wrong field', () => {
    const v = good();
    (v.assets as { decimals: unknown }[])[1]!.decimals = 37;
    const e = refused(v);
    expect(e).toBeInstanceOf(DocumentError);
    expect(e).toBeInstanceOf(EncodingError);
    expect(e.code).toBe('BAD_ENCODING');
    expect(e.path).toBe('$.assets[1].decimals');
    expect(e.field).toBe('$.assets[1].decimals');
    // line 10 of the pretty-printed text: `      "decimals": 37,`
    expect([e.line, e.column]).toEqual([10, 7]);
    expect(e.message).toBe(
      'doc.json:10:7: field "$.assets[1].decimals": expected an integer 0 … 36, got number 37'
    );
  });

  it('points a missing member at its object, an unknown one at its name', () => {
    const v = good();
    delete v.nonce;
    const m = refused(v);
    expect([m.path, m.reason, m.line, m.column]).toEqual([
      '$',
      'missing required field "nonce"',
      1,
      1,
    ]);
    const u = refused({ ...good(), extra: 1 });
    expect([u.path, u.reason, u.line, u.column]).toEqual([
      '$.extra',
      'unknown field "extra"',
      18,
      3,
    ]);
  });

  it('a refinement names the path below the value (duplicate symbol)', () => {
    const v = good();
    (v.assets as { symbol: string }[])[1]!.symbol = 'BTC';
    const e = refused(v);
    expect([e.path, e.reason, e.semantic]).toEqual([
      '$.assets[1].symbol',
      'duplicate symbol',
      true,
    ]);
  });

  it('maps defect kinds to the family codes', () => {
    const codes = {
      schema: 'SCHEMA',
      number: 'JSON_NUMBER',
      noncanonical: 'NON_CANONICAL_ENCODING',
    };
    const code = (patch: Record<string, unknown>) => {
      try {
        readDocument(doc, text({ ...good(), ...patch }), { codes });
      } catch (e) {
        return (e as DocumentError).code;
      }
      return 'accepted';
    };
    expect(code({ total: 5 })).toBe('JSON_NUMBER');
    expect(code({ total: '007' })).toBe('NON_CANONICAL_ENCODING');
    expect(code({ total: '-7' })).toBe('SCHEMA');
    expect(code({ nonce: 'AB'.repeat(32) })).toBe('NON_CANONICAL_ENCODING');
    expect(code({ nonce: `0x${'ab'.repeat(32)}` })).toBe('NON_CANONICAL_ENCODING');
    expect(code({ nonce: 'ab'.repeat(31) })).toBe('SCHEMA');
    expect(code({ kind: 'random' })).toBe('SCHEMA');
    expect(code({})).toBe('accepted');
  });

  it('leaves bad JSON to the strict parser (duplicate key → JSON_DUPLICATE_KEY)', () => {
    expect(() => readDocument(doc, '{"version":"kura-test/1","version":"x"}')).toThrow(
      JsonParseError
    );
  });

  it('validate() on a value without text names the path; withFile adds the position', () => {
    const v = { ...good(), open: 'yes' };
    let e: DocumentError | undefined;
    try {
      validate(doc, v);
    } catch (x) {
      e = x as DocumentError;
    }
    expect(e?.message).toBe('field "$.open": expected true or false, got "yes"');
    const f = placeError(e!, 'd.json', text(v));
    expect(f.message).toBe('d.json:17:3: field "$.open": expected true or false, got "yes"');
  });

  it('paths of odd member names use the parser notation', () => {
    expect(locateJsonPath('{\n "a b": [1,\n  2]}', ['a b', 1])).toEqual({ line: 3, column: 3 });
    expect(locateJsonPath('{"a":1}', ['nope', 3])).toEqual({ line: 1, column: 1 });
  });
});

describe('shapes (properties)', () => {
  it('any mutation of one member is refused with that member’s path', () => {
    const keys = ['version', 'assets', 'nonce', 'total', 'kind', 'open'] as const;
    const junk = fc.oneof(
      fc.integer(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.constant([]),
      fc.constant({}),
      fc.double()
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), junk, (k, j) => {
        const v = { ...good(), [k]: j };
        const i = findIssue(doc, v);
        if (i === undefined) return; // the junk happened to be valid (e.g. open: true)
        expect(i.path[0]).toBe(k);
      })
    );
  });

  it('canonical integers only: -0, fractions and unsafe integers are refused', () => {
    for (const bad of [-0, 1.5, 2 ** 53, Number.NaN, '1'])
      expect(findIssue(int(0, 2 ** 60), bad)?.kind, String(bad)).toBe('schema');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 36 }), (n) => {
        expect(findIssue(int(0, 36), n)).toBe(undefined);
      })
    );
  });

  it('the emitted JSON Schema names every declared constraint', () => {
    const s = toJsonSchema(doc, { id: 'urn:test' });
    expect(s).toMatchObject({
      $id: 'urn:test',
      type: 'object',
      required: ['version', 'assets', 'nonce', 'total', 'kind', 'open'],
      additionalProperties: false,
      properties: {
        version: { const: 'kura-test/1' },
        nonce: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        total: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' },
        kind: { enum: ['dense', 'sparse'] },
        assets: {
          type: 'array',
          minItems: 1,
          maxItems: 8,
          items: {
            required: ['symbol', 'decimals'],
            properties: { decimals: { type: 'integer', minimum: 0, maximum: 36 } },
          },
        },
      },
    });
  });
});

describe('positions (property)', () => {
  /** Every path to a value in `v`. */
  const paths = (v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) => {
    out.push(at);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) paths(v[i], [...at, i], out);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
    return out;
  };
  const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => {
    try {
      parseJsonStrictFn(JSON.stringify(v));
      return true;
    } catch {
      return false; // -0, fractions, forbidden names: the parser's own tests cover those
    }
  });

  it('locateJsonPath puts every member at its name and every element at its value', () => {
    fc.assert(
      fc.property(json, fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        const lines = text.split('\n');
        for (const p of paths(v)) {
          const at = locateJsonPath(text, p);
          expect(at, JSON.stringify(p)).toBeDefined();
          const rest = lines[at!.line - 1]!.slice(at!.column - 1);
          const last = p[p.length - 1];
          if (typeof last === 'string') expect(rest.startsWith(JSON.stringify(last))).toBe(true);
          else {
            const value = p.reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], v);
            const s = JSON.stringify(value, null, pretty ? 2 : undefined).split('\n')[0]!;
            expect(rest.startsWith(s)).toBe(true);
          }
        }
      }),
      { numRuns: 200 }
    );
  });
});

describe('decimalString and nullable', () => {
  const kind = (s: ReturnType<typeof decimalString>, v: unknown) => findIssue(s, v)?.kind ?? 'ok';
  it('canonical decimal strings only; -0 refused; signs as declared', () => {
    const u = decimalString();
    const sg = decimalString({ signed: true });
    for (const ok of ['0', '1', '15000000.5', '0.001'])
      expect([ok, kind(u, ok)]).toEqual([ok, 'ok']);
    for (const nc of ['.5', '+1', '1e3', '01', ' 1'])
      expect([nc, kind(u, nc)]).toEqual([nc, 'noncanonical']);
    expect(kind(u, 1.5)).toBe('number');
    expect(kind(u, '-3')).toBe('schema');
    expect(kind(sg, '-3')).toBe('ok');
    expect(kind(sg, '-0')).toBe('noncanonical');
    expect(kind(sg, '-0.00')).toBe('noncanonical');
    expect(kind(u, '1'.repeat(201))).toBe('schema');
  });
  it('nullable admits null and otherwise the inner shape', () => {
    const n = nullable(amount(60));
    expect(findIssue(n, null)).toBe(undefined);
    expect(findIssue(n, '12')).toBe(undefined);
    expect(findIssue(n, 12)?.kind).toBe('number');
    expect(toJsonSchema(obj({ r: n }), { id: 'x' }).properties).toEqual({
      r: {
        oneOf: [{ type: 'null' }, { type: 'string', pattern: '^(0|[1-9][0-9]*)$', maxLength: 60 }],
      },
    });
  });
});

describe('oneOf', () => {
  it('refuses a value outside the list with the listed values, or with the message it is given', () => {
    const plain = oneOf(['a', 'b']);
    const kept = oneOf(['a', 'b'], { expected: 'expected one of a, b' });
    expect(findIssue(plain, 'a')).toBe(undefined);
    expect(findIssue(kept, 'b')).toBe(undefined);
    expect(findIssue(plain, 'c')?.reason).toBe('expected one of "a", "b", got "c"');
    expect(findIssue(kept, 'c')?.reason).toBe('expected one of a, b');
    expect(findIssue(kept, 1)?.reason).toBe('expected one of a, b');
  });
});

describe('showValue', () => {
  it('shows primitives as written and describes anything else, never throwing', () => {
    const hostile = JSON.parse('{"toString": 1, "valueOf": 1}') as unknown;
    expect(() => String(hostile)).toThrow(TypeError);
    expect([
      showValue('31337'),
      showValue(31337),
      showValue(1n),
      showValue(false),
      showValue(null),
      showValue(undefined),
      showValue([31337]),
      showValue(hostile),
    ]).toEqual(['31337', '31337', '1', 'false', 'null', 'nothing', 'an array', 'an object']);
  });
});
