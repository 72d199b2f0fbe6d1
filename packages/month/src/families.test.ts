/**
 * The families `kura` registers: every EVM chain (`eip155`), Bitcoin (`bip122`) and the XRP
 * Ledger (`xrpl`), looked up by the namespace of a CAIP-2 id; a namespace no family serves
 * (`cosmos`) is `UNKNOWN_NETWORK`.
 */
import { describe, expect, test } from 'vitest';
import { FAMILIES } from './families.js';

describe('FAMILIES', () => {
  test('eip155, bip122 and xrpl are served, each by its package', () => {
    expect(FAMILIES.namespaces()).toEqual(['eip155', 'bip122', 'xrpl']);
    expect(FAMILIES.forChain('xrpl:0')?.id).toBe('xrpl');
    expect(FAMILIES.forChain('eip155:8453')?.id).toBe('ethereum');
    expect(FAMILIES.forChain('bip122:000000000019d6689c085ae165831e93')?.id).toBe('bitcoin');
  });
  test('networks parse through their family, with native coins', () => {
    expect(FAMILIES.parseNetwork('eip155:56')).toMatchObject({
      ok: true,
      network: { name: 'BNB Smart Chain', native: { symbol: 'BNB', decimals: 18 } },
    });
    expect(FAMILIES.parseNetwork('bip122:000000000019d6689c085ae165831e93')).toMatchObject({
      ok: true,
      network: { native: { symbol: 'BTC', decimals: 8 } },
    });
    expect(FAMILIES.parseNetwork('xrpl:0')).toMatchObject({
      ok: true,
      network: { native: { symbol: 'XRP', decimals: 6 } },
    });
    expect(FAMILIES.parseNetwork('cosmos:cosmoshub-4')).toMatchObject({
      ok: false,
      code: 'UNKNOWN_NETWORK',
    });
  });
  test('addresses are checked by the family of their network', () => {
    const evm = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
    expect(FAMILIES.forChain('eip155:137')!.checkAddress('eip155:137', evm)).toEqual({
      ok: true,
      address: evm,
    });
    expect(
      FAMILIES.forChain('bip122:000000000019d6689c085ae165831e93')!.checkAddress(
        'bip122:000000000019d6689c085ae165831e93',
        evm
      )
    ).toMatchObject({ ok: false, code: 'E_ADDRESS' });
  });
});
