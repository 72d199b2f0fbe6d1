/** Issued-currency amounts to base units (exact, toward zero) and the account reserve. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountReserve, iouToUnits } from './ledger.js';

describe('iouToUnits', () => {
  it('reads rippled decimal text, with and without exponents', () => {
    expect(iouToUnits('1234.5678909', 6)).toEqual({ units: 1_234_567_890n, exact: false });
    expect(iouToUnits('5e6', 0)).toEqual({ units: 5_000_000n, exact: true });
    expect(iouToUnits('1.5e-3', 6)).toEqual({ units: 1500n, exact: true });
    expect(iouToUnits('-0.0000015', 6)).toEqual({ units: -1n, exact: false });
    expect(iouToUnits('0', 6)).toEqual({ units: 0n, exact: true });
    expect(iouToUnits('9999999999999999e80', 0).units).toBe(9_999_999_999_999_999n * 10n ** 80n);
  });
  it('refuses text that is not a number', () => {
    for (const s of ['', '1.', '.5', '01', '1e', 'NaN', '1,5', ' 1', '0x10'])
      expect(() => iouToUnits(s, 6), s).toThrow(RangeError);
  });
  it('property: exact for every value with at most `decimals` places; never rounds up', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 18 }),
        (v, places, decimals) => {
          const s = v.toString().padStart(places + 1, '0');
          const text = places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
          const r = iouToUnits(text.replace(/^0+(?=\d)/, ''), decimals);
          const scaled = v * 10n ** BigInt(decimals);
          const d = 10n ** BigInt(places);
          expect(r.units).toBe(scaled / d);
          expect(r.exact).toBe(scaled % d === 0n);
        }
      )
    );
  });
});

describe('accountReserve', () => {
  it('is base + owner count × increment', () => {
    expect(accountReserve({ reserveBase: 1_000_000n, reserveIncrement: 200_000n }, 0)).toBe(
      1_000_000n
    );
    expect(accountReserve({ reserveBase: 10_000_000n, reserveIncrement: 2_000_000n }, 7)).toBe(
      24_000_000n
    );
  });
});
