import { InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { PRICES } from '../test/fixtures.js';
import { pricesFromList } from './price-list.js';

describe('pricesFromList (kura attest create --prices)', () => {
  it('takes the price of each symbol in the asset list order', () => {
    const r = pricesFromList([...PRICES].reverse(), ['BTC', 'ETH', 'USDC'], 'prices.json');
    expect(r.map((p) => p.asset)).toEqual(['BTC', 'ETH', 'USDC']);
    expect(r[0]).toEqual(PRICES[0]);
  });

  it('takes the first entry of a symbol listed twice, and ignores symbols not asked for', () => {
    const second = { ...PRICES[0]!, price: '1' };
    const r = pricesFromList([PRICES[0], second, PRICES[1]], ['BTC'], 'p.json');
    expect(r).toEqual([PRICES[0]]);
  });

  it('refuses a file that is not an array, naming the file', () => {
    const e = (() => {
      try {
        pricesFromList({ prices: PRICES }, ['BTC'], 'p.json');
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).reason).toBe('expected a JSON array of prices');
    expect((e as InputError).location.file).toBe('p.json');
  });

  it('refuses a missing symbol, naming it and the file', () => {
    expect(() => pricesFromList([PRICES[0]], ['BTC', 'ETH'], 'p.json')).toThrow(/no price for ETH/);
  });

  it('checks every entry, naming its index', () => {
    const bad = [PRICES[0], { ...PRICES[1], price: '-1' }];
    expect(() => pricesFromList(bad, ['BTC'], 'p.json')).toThrow(/\$\[1\]/);
  });
});
