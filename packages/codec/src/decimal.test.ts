import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  cmp,
  div,
  formatDecimal,
  formatFixed,
  mul,
  parseDecimal,
  rescale,
  sub,
} from './decimal.js';

describe('decimal', () => {
  it('parses and formats exactly', () => {
    expect(formatDecimal(parseDecimal('15000000.250'))).toBe('15000000.25');
    expect(formatDecimal(parseDecimal('-0.5'))).toBe('-0.5');
    expect(formatDecimal(mul(parseDecimal('0.1'), parseDecimal('0.2')))).toBe('0.02');
    expect(formatDecimal(add(parseDecimal('0.1'), parseDecimal('0.2')))).toBe('0.3');
    expect(formatDecimal(sub(parseDecimal('1'), parseDecimal('1.5')))).toBe('-0.5');
  });
  it('rejects exponents, signs, spaces and non-strings', () => {
    for (const bad of ['1e3', '+1', ' 1', '01', '1.', '.5', '-0', '0x10', 1.5, null])
      expect(() => parseDecimal(bad)).toThrow(/decimal/);
  });
  it('rounds as told', () => {
    const x = parseDecimal('1098.9');
    expect(formatFixed(x, 0, 'ceil')).toBe('1099');
    expect(formatFixed(x, 0, 'floor')).toBe('1098');
    expect(formatFixed(parseDecimal('-1.5'), 0, 'floor')).toBe('-2');
    expect(formatFixed(parseDecimal('-1.5'), 0, 'ceil')).toBe('-1');
    expect(formatFixed(parseDecimal('2.5'), 0, 'half-up')).toBe('3');
    expect(formatDecimal(div(parseDecimal('1'), parseDecimal('3'), 4, 'ceil'))).toBe('0.3334');
  });
  it('property: floor ≤ exact ≤ ceil, and they differ by at most one unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (n, s, t) => {
          const d = { n, scale: s };
          const f = rescale(d, t, 'floor');
          const c = rescale(d, t, 'ceil');
          expect(cmp(f, d)).toBeLessThanOrEqual(0);
          expect(cmp(c, d)).toBeGreaterThanOrEqual(0);
          expect(c.n - f.n === 0n || c.n - f.n === 1n).toBe(true);
        }
      )
    );
  });
});
