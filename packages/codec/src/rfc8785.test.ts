/**
 * RFC 8785 (JCS): Kura's canonicaliser against the published vectors of
 * cyberphone/json-canonicalization (`testdata/input` → `testdata/output`, Apache-2.0, copied
 * with its LICENSE to test/vectors/rfc8785/), the ES6 number serialisation samples of RFC 8785
 * Appendix B, and a property test against the independent `canonicalize` package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import canonicalizeRef from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, jcs } from './jcs.js';
import { parseJsonStrict } from './json.js';

const dir = new URL('../test/vectors/rfc8785/', import.meta.url);
const files = readdirSync(new URL('input/', dir)).filter((f) => f.endsWith('.json'));

describe('RFC 8785 published vectors', () => {
  it('finds all six vector files', () => {
    expect(files.sort()).toEqual([
      'arrays.json',
      'french.json',
      'structures.json',
      'unicode.json',
      'values.json',
      'weird.json',
    ]);
  });

  for (const f of files) {
    it(`${f}: canonical bytes equal the expected output byte for byte`, () => {
      const input = readFileSync(new URL(`input/${f}`, dir), 'utf8');
      const expected = new Uint8Array(readFileSync(new URL(`output/${f}`, dir)));
      // through JSON.parse and through Kura's strict parser (fractions allowed for this test)
      expect(jcs(JSON.parse(input))).toEqual(expected);
      expect(jcs(parseJsonStrict(input, { allowFractions: true }))).toEqual(expected);
    });
  }
});

/** A double from its IEEE 754 bit pattern. */
const f64 = (hex: string): number =>
  new DataView(
    new Uint8Array(hex.match(/../g)!.map((h) => Number.parseInt(h, 16))).buffer
  ).getFloat64(0);

describe('RFC 8785 Appendix B number serialisation', () => {
  const samples: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  for (const [bits, text] of samples)
    it(`${bits} → ${text}`, () => expect(canonicalize(f64(bits))).toBe(text));

  it('NaN and ±Infinity cannot be canonicalised (they are not JSON)', () => {
    for (const bits of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])
      expect(() => canonicalize(f64(bits))).toThrow(/non-finite/);
  });
});

describe('agreement with an independent implementation', () => {
  it('canonicalize (npm) and Kura agree on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => canonicalize(v) === canonicalizeRef(v)),
      { numRuns: 2000 }
    );
  });
  it('property order is by UTF-16 code units, not code points', () => {
    // U+1F600 (surrogates D83D DE00) sorts before U+FB33 (FB33) by UTF-16 units
    expect(canonicalize({ '\ufb33': 1, '\u{1f600}': 2 })).toBe('{"\u{1f600}":2,"\ufb33":1}');
  });
});
