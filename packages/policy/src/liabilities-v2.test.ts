/**
 * The policy reads a protocol v2 root file (`kura-root/2`, SPEC.md §16): totals opened in tree
 * units become base units as `V · 10^(decimals − treeDecimals)` (never below the customers'
 * balances), and a v1 root keeps its exact reading.
 */
import { InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { parseLiabilities } from './index.js';

const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T23:59:59Z' };
const hex = (c: string) => c.repeat(64);

function v2Root(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 'kura-root/2',
    round,
    roundId: hex('a'),
    assets: [
      { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
      { symbol: 'ETH', decimals: 18, treeDecimals: 9, network: 'eip155:1' },
    ],
    assetSetHash: hex('b'),
    placement: 'dense',
    height: 3,
    rootHash: hex('c'),
    totals: ['2049444', '1500000001'],
    rootBlindings: ['AAAA', 'BBBB'],
    rootCommitment: hex('d'),
    ...over,
  };
}

function v1NoBlindings(): Record<string, unknown> {
  const { rootBlindings: _, ...rest } = v2Root();
  return { ...rest, assets: [{ symbol: 'BTC', decimals: 8 }], totals: ['1'] };
}

describe('parseLiabilities, protocol v2', () => {
  it('scales the opened totals from tree units up to base units', () => {
    const l = parseLiabilities(JSON.stringify(v2Root()));
    expect(l.totals).toEqual([2049444n, 1500000001n * 10n ** 9n]);
    expect(l.assets.map((a) => [a.symbol, a.decimals])).toEqual([
      ['BTC', 8],
      ['ETH', 18],
    ]);
    expect(l.rootCommitment).toBe(hex('d'));
  });

  it('a v2 root needs treeDecimals ≤ decimals and its root blindings', () => {
    const noTd = v2Root();
    (noTd.assets as Record<string, unknown>[])[0] = { symbol: 'BTC', decimals: 8 };
    expect(() => parseLiabilities(JSON.stringify(noTd))).toThrow(/treeDecimals/);
    const big = v2Root();
    (big.assets as Record<string, unknown>[])[0] = { symbol: 'BTC', decimals: 8, treeDecimals: 9 };
    expect(() => parseLiabilities(JSON.stringify(big))).toThrow(InputError);
    const { rootBlindings: _, ...noBlindings } = v2Root();
    expect(() => parseLiabilities(JSON.stringify(noBlindings))).toThrow(/rootBlindings/);
  });

  it('a v1 root with treeDecimals or root blindings is refused; another version is named', () => {
    const v1 = { ...v2Root(), version: 'kura-root/1' };
    expect(() => parseLiabilities(JSON.stringify(v1))).toThrow(InputError);
    expect(() =>
      parseLiabilities(JSON.stringify({ ...v1NoBlindings(), version: 'kura-root/3' }))
    ).toThrow(/expected "kura-root\/1" or "kura-root\/2"/);
  });
});
