/**
 * The Bitcoin family behind the chain-family interface: a thin adapter over this package's
 * networks (genesis-hash CAIP-2 ids, CAIP-4 / BIP-122) and address decoder. Addresses are
 * BIP-173's test vectors.
 */
import { describe, expect, it } from 'vitest';
import { bitcoinFamily } from './chain-family.js';
import { BITCOIN_MAINNET, BITCOIN_REGTEST, chainOfCoin } from './networks.js';

describe('bitcoinFamily', () => {
  it('owns bip122; known genesis hashes parse with BTC (8 decimals)', () => {
    expect([bitcoinFamily.id, bitcoinFamily.namespace]).toEqual(['bitcoin', 'bip122']);
    expect(bitcoinFamily.parseNetwork(BITCOIN_MAINNET)).toEqual({
      ok: true,
      network: {
        caip2: BITCOIN_MAINNET,
        namespace: 'bip122',
        reference: '000000000019d6689c085ae165831e93',
        name: 'mainnet',
        native: { symbol: 'BTC', decimals: 8 },
      },
    });
    expect(bitcoinFamily.parseNetwork(BITCOIN_REGTEST)).toMatchObject({ ok: true });
    // the rest of the family: each chain with its own coin
    for (const [coin, symbol] of [
      ['ltc', 'LTC'],
      ['bch', 'BCH'],
      ['doge', 'DOGE'],
      ['mona', 'MONA'],
    ] as const)
      expect(bitcoinFamily.parseNetwork(chainOfCoin(coin)), coin).toMatchObject({
        ok: true,
        network: { native: { symbol, decimals: 8 } },
      });
  });
  it('refuses other namespaces, malformed and unknown genesis hashes with codes', () => {
    expect(bitcoinFamily.parseNetwork('eip155:1')).toMatchObject({
      ok: false,
      code: 'WRONG_FAMILY',
    });
    expect(bitcoinFamily.parseNetwork('bip122:000000000019D6689C085AE165831E93')).toMatchObject({
      ok: false,
      code: 'BAD_NETWORK',
    });
    expect(bitcoinFamily.parseNetwork(`bip122:${'ab'.repeat(16)}`)).toMatchObject({
      ok: false,
      code: 'UNKNOWN_NETWORK',
    });
  });
  it('addresses: canonical spelling on their network; another network or chain family refused', () => {
    expect(
      bitcoinFamily.checkAddress(BITCOIN_MAINNET, 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')
    ).toEqual({ ok: true, address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4' });
    expect(
      bitcoinFamily.checkAddress(BITCOIN_REGTEST, 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')
    ).toMatchObject({ ok: false, code: 'E_NETWORK' });
    expect(
      bitcoinFamily.checkAddress(BITCOIN_MAINNET, '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')
    ).toMatchObject({ ok: false, code: 'E_ADDRESS' });
  });
  it('no entry is state-proven (blocks commit to transactions, not to the UTXO set)', () => {
    expect(bitcoinFamily.isStateProven({} as never)).toBe(false);
  });
});
