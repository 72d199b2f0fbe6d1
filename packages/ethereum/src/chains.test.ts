/**
 * EVM networks (`eip155:<chainId>`, CAIP-2 with the eip155 namespace): the known-chain table
 * (ids and native coins from ethereum-lists/chains) and the Ethereum family's network and
 * address checks.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EVM_CHAINS, parseEvmNetwork } from './chains.js';
import { ethereumFamily } from './family.js';

describe('EVM chain table', () => {
  test('the chains of issue 17 with their native coins (ethereum-lists/chains)', () => {
    const t = Object.fromEntries(
      EVM_CHAINS.map((c) => [c.caip2, [c.nativeSymbol, c.nativeDecimals]])
    );
    expect(t).toMatchObject({
      'eip155:1': ['ETH', 18],
      'eip155:61': ['ETC', 18],
      'eip155:137': ['POL', 18],
      'eip155:43114': ['AVAX', 18],
      'eip155:56': ['BNB', 18],
      'eip155:42161': ['ETH', 18],
      'eip155:10': ['ETH', 18],
      'eip155:8453': ['ETH', 18],
    });
    for (const c of EVM_CHAINS) expect(c.caip2).toBe(`eip155:${c.chainId}`);
    expect(new Set(EVM_CHAINS.map((c) => c.chainId)).size).toBe(EVM_CHAINS.length);
  });
});

describe('parseEvmNetwork', () => {
  test('property: every chain id 1 … 2^53-1 round-trips; unknown ids are accepted without a name', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 53n - 1n }), (id) => {
        const r = parseEvmNetwork(`eip155:${id}`);
        return r.ok && r.chainId === id && r.caip2 === `eip155:${id}`;
      })
    );
    const r = parseEvmNetwork('eip155:424242');
    expect(r.ok && r.known).toBeUndefined();
    expect(parseEvmNetwork('eip155:137')).toMatchObject({
      ok: true,
      known: { name: 'Polygon PoS' },
    });
  });
  test('malformed ids: BAD_NETWORK', () => {
    for (const bad of [
      'eip155:0',
      'eip155:01',
      'eip155:-1',
      'eip155:0x89',
      'eip155:1 ',
      'EIP155:1',
      'eip155:9007199254740992',
      'bip122:000000000019d6689c085ae165831e93',
      '137',
    ])
      expect(parseEvmNetwork(bad)).toMatchObject({ ok: false, code: 'BAD_NETWORK' });
  });
});

describe('ethereumFamily (chain-family interface)', () => {
  test('namespace, networks and native coins', () => {
    expect([ethereumFamily.id, ethereumFamily.namespace]).toEqual(['ethereum', 'eip155']);
    expect(ethereumFamily.parseNetwork('eip155:43114')).toEqual({
      ok: true,
      network: {
        caip2: 'eip155:43114',
        namespace: 'eip155',
        reference: '43114',
        name: 'Avalanche C-Chain',
        native: { symbol: 'AVAX', decimals: 18 },
      },
    });
    expect(ethereumFamily.parseNetwork('eip155:424242')).toEqual({
      ok: true,
      network: { caip2: 'eip155:424242', namespace: 'eip155', reference: '424242' },
    });
    expect(ethereumFamily.parseNetwork('bip122:000000000019d6689c085ae165831e93')).toMatchObject({
      ok: false,
      code: 'WRONG_FAMILY',
    });
    expect(ethereumFamily.parseNetwork('eip155:01')).toMatchObject({
      ok: false,
      code: 'BAD_NETWORK',
    });
  });
  test('addresses: EIP-55 canonical spelling; a wrong checksum or a Bitcoin address refused', () => {
    const lower = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
    // EIP-55's own test vector
    expect(ethereumFamily.checkAddress('eip155:56', lower)).toEqual({
      ok: true,
      address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    });
    expect(
      ethereumFamily.checkAddress('eip155:56', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')
    ).toMatchObject({ ok: false, code: 'BAD_CHECKSUM' });
    expect(
      ethereumFamily.checkAddress('eip155:56', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')
    ).toMatchObject({ ok: false, code: 'BAD_ADDRESS' });
    expect(ethereumFamily.checkAddress('eip155:0', lower)).toMatchObject({
      ok: false,
      code: 'BAD_NETWORK',
    });
  });
});
