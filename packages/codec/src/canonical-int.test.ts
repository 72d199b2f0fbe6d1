/**
 * SPEC.md §3.8 canonical integers (issue 12): every integer of a `kura-*` document has one
 * spelling. The strict parser refuses `-0`, fractions and exponents (`JSON_NUMBER`) even where
 * they denote an integer, and {@link isCanonicalInt} holds already-parsed values to the same rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalInt, JsonParseError, parseJsonStrict } from './json.js';

const codeOf = (text: string): string => {
  try {
    parseJsonStrict(text);
    return 'OK';
  } catch (e) {
    return e instanceof JsonParseError ? e.code : `THREW ${(e as Error).message}`;
  }
};

const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

describe('SPEC §3.8 canonical integers in the strict parser', () => {
  it('"position": -0 is JSON_NUMBER, not position 0 (the attack of issue 12)', () => {
    expect(codeOf('{"position": -0}')).toBe('JSON_NUMBER');
    expect(codeOf('[1, -0]')).toBe('JSON_NUMBER');
    expect(codeOf('-0')).toBe('JSON_NUMBER');
    expect(codeOf('{"a": {"b": [ -0 ]}}')).toBe('JSON_NUMBER');
    // every other integer spelling of zero is refused too; "0" and the string "-0" parse
    for (const t of ['-0.0', '0.0', '0e0', '-0e0', '0E+0', '0e-0'])
      expect(codeOf(t), t).toBe('JSON_NUMBER');
    expect(parseJsonStrict('0')).toBe(0);
    expect(Object.is(parseJsonStrict('0'), 0)).toBe(true);
    expect(parseJsonStrict('"-0"')).toBe('-0');
    // RFC 8259 already forbids these (a syntax error; "-01" stops at the -0 it starts with)
    for (const t of ['+1', '01', '00']) expect(codeOf(t), t).toBe('JSON_SYNTAX');
    for (const t of ['-01', '-00']) expect(codeOf(t), t).toBe('JSON_NUMBER');
  });

  it('the error names line, column and JSON path', () => {
    try {
      parseJsonStrict('{\n  "height": 3,\n  "position": -0\n}', { file: 'proof.json' });
      throw new Error('parsed');
    } catch (e) {
      const j = e as JsonParseError;
      expect(j.code).toBe('JSON_NUMBER');
      expect(j.path).toBe('$.position');
      expect(j.line).toBe(3);
      expect(j.message).toContain('proof.json');
      expect(j.message).toContain('-0');
    }
  });

  it('property: the canonical spelling String(n) of every safe integer reads back as n', () => {
    fc.assert(
      fc.property(safeInt, (n) => {
        const v = parseJsonStrict(`{"n": ${String(n)}}`) as { n: number };
        expect(Object.is(v.n, n)).toBe(true);
        expect(isCanonicalInt(v.n)).toBe(true);
      })
    );
  });

  it('property: a fraction, an exponent or a leading zero is never read as the integer', () => {
    const spelling = fc.oneof(
      safeInt.map((n) => `${n}.0`),
      fc.tuple(safeInt, fc.integer({ min: 1, max: 9 })).map(([n, k]) => `${n}.${'0'.repeat(k)}`),
      safeInt.map((n) => `${n}e0`),
      safeInt.map((n) => `${n}E+0`),
      fc.integer({ min: 0, max: 1e6 }).map((n) => `${n * 10}e-1`),
      fc.integer({ min: 1, max: 1e6 }).map((n) => `${n}e1`)
    );
    fc.assert(
      fc.property(spelling, (t) => {
        expect(codeOf(`[${t}]`)).toBe('JSON_NUMBER');
      })
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.constantFrom('0', '-0', '+'), (n, p) => {
        expect(codeOf(`[${p}${n}]`)).not.toBe('OK');
      })
    );
  });

  it('property: isCanonicalInt accepts exactly the safe integers other than -0', () => {
    expect(isCanonicalInt(-0)).toBe(false);
    expect(isCanonicalInt(0)).toBe(true);
    for (const v of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1', 1n, null])
      expect(isCanonicalInt(v), String(v)).toBe(false);
    fc.assert(
      fc.property(fc.oneof(safeInt, fc.double(), fc.constant(-0)), (v) => {
        expect(isCanonicalInt(v)).toBe(Number.isSafeInteger(v) && !Object.is(v, -0));
      })
    );
  });
});
