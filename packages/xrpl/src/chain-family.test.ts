/**
 * The XRP Ledger behind the chain-family interface: `xrpl:<network_id>` networks with XRP
 * (6 decimals), addresses checked by this package's decoder (the genesis account
 * rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh, xrpl.org), other namespaces refused.
 */
import { describe, expect, it } from 'vitest';
import { xrplFamily } from './chain-family.js';

describe('xrplFamily', () => {
  it('owns xrpl; networks by NetworkID with XRP (6 decimals)', () => {
    expect([xrplFamily.id, xrplFamily.namespace]).toEqual(['xrpl', 'xrpl']);
    expect(xrplFamily.parseNetwork('xrpl:0')).toEqual({
      ok: true,
      network: {
        caip2: 'xrpl:0',
        namespace: 'xrpl',
        reference: '0',
        name: 'XRP Ledger mainnet',
        native: { symbol: 'XRP', decimals: 6 },
      },
    });
    expect(xrplFamily.parseNetwork('xrpl:21338')).toMatchObject({
      ok: true,
      network: { reference: '21338', native: { symbol: 'XRP' } },
    });
  });
  it('refuses other namespaces and malformed ids with codes', () => {
    expect(xrplFamily.parseNetwork('eip155:1')).toMatchObject({ ok: false, code: 'WRONG_FAMILY' });
    for (const bad of ['xrpl:01', 'xrpl:-1', 'xrpl:4294967296', 'xrpl:main'])
      expect(xrplFamily.parseNetwork(bad), bad).toMatchObject({ ok: false, code: 'BAD_NETWORK' });
  });
  it('addresses: classic addresses accepted; an EVM address refused', () => {
    const genesis = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
    expect(xrplFamily.checkAddress('xrpl:0', genesis)).toEqual({ ok: true, address: genesis });
    expect(
      xrplFamily.checkAddress('xrpl:0', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')
    ).toMatchObject({ ok: false, code: 'XRPL_ADDRESS' });
    expect(xrplFamily.isStateProven({} as never)).toBe(false);
  });
});
