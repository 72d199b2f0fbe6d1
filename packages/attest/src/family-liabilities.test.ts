import { describe, expect, it } from 'vitest';
import { liabilityAssetMismatch } from './family.js';

describe('liabilityAssetMismatch (a chain asset table against the liabilities asset list)', () => {
  const chain = 'eip155:1';
  const liabilities = [
    { symbol: 'ETH', decimals: 18, network: 'eip155:1' },
    { symbol: 'USDC', decimals: 6 },
    { symbol: 'POL', decimals: 18, network: 'eip155:137' },
  ];

  it('a table whose every asset is a liability asset of this chain fits', () => {
    expect(
      liabilityAssetMismatch(
        [
          { symbol: 'ETH', decimals: 18 },
          { symbol: 'USDC', decimals: 6 },
        ],
        liabilities,
        chain
      )
    ).toBeUndefined();
    expect(liabilityAssetMismatch([], liabilities, chain)).toBeUndefined();
  });

  it('an asset missing from the list → ASSET_NOT_IN_LIABILITIES naming it and the chain', () => {
    expect(liabilityAssetMismatch([{ symbol: 'DAI', decimals: 18 }], liabilities, chain)).toEqual({
      code: 'ASSET_NOT_IN_LIABILITIES',
      message: 'DAI (asset table, eip155:1) is not in the liabilities asset list',
    });
  });

  it('other decimals → DECIMALS_MISMATCH with both figures', () => {
    expect(liabilityAssetMismatch([{ symbol: 'USDC', decimals: 18 }], liabilities, chain)).toEqual({
      code: 'DECIMALS_MISMATCH',
      message: 'USDC: the asset table says 18 decimals, the liabilities asset list 6',
    });
  });

  it('a liability asset of another network → ASSET_NOT_IN_LIABILITIES naming both', () => {
    expect(liabilityAssetMismatch([{ symbol: 'POL', decimals: 18 }], liabilities, chain)).toEqual({
      code: 'ASSET_NOT_IN_LIABILITIES',
      message: 'POL is a liability asset of eip155:137, not eip155:1',
    });
  });

  it('the first mismatch in table order is the one reported', () => {
    expect(
      liabilityAssetMismatch(
        [
          { symbol: 'USDC', decimals: 2 },
          { symbol: 'DAI', decimals: 18 },
        ],
        liabilities,
        chain
      )?.code
    ).toBe('DECIMALS_MISMATCH');
  });
});
