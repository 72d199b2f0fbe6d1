/** Bybit: every asset-list version the exchange ships is recognised and verified. */
import { describe, expect, test } from 'vitest';
import { bybit } from '../test/builders.js';
import { BYBIT_VERSIONS } from './bybit-assets.js';
import { verifyForeign } from './verify.js';

describe('Bybit asset lists', () => {
  for (const v of BYBIT_VERSIONS)
    test(`${v.name}: ${v.assets.length} assets, detected and valid`, async () => {
      const online = v.assets.filter((a) => !v.offline.includes(a));
      const units = (k: number) => online.map((_, i) => BigInt((i + 1) * k));
      const text = bybit(
        online,
        units(3),
        [
          { units: units(5), left: true },
          { units: units(7), left: false },
          { units: units(11), left: true },
        ],
        v.scales
      );
      const r = await verifyForeign({ text }, { file: `${v.name}.json` });
      expect(r.ok && r.report.version).toBe(v.name);
      expect(r.ok && r.report.verdict).toEqual({ ok: true });
      // The same proof with one asset renamed to one no list knows is bad input naming it.
      const bad = await verifyForeign(
        { text: text.replaceAll(`"${online[0]}":`, '"NOPE":') },
        { file: 'b.json' }
      );
      expect(bad).toMatchObject({ ok: false, code: 'BAD_INPUT' });
      expect(bad.ok ? '' : bad.message).toContain('NOPE');
    });

  test('the asset lists are the ones in Bybit’s enums (count and a few markers)', () => {
    const by = Object.fromEntries(BYBIT_VERSIONS.map((v) => [v.name, v.assets]));
    expect(by.Asset20).toHaveLength(20);
    expect(by.AssetMnt20).toHaveLength(20);
    expect(by.Asset32).toHaveLength(32);
    expect(by.Asset40).toHaveLength(41); // 41 enum members, BUSD offline
    expect(by.Asset40V5).toContain('A');
    expect(by.Asset40V5).not.toContain('EOS');
    expect(by.Asset50).toHaveLength(50); // BUSD and DAI commented out, ten assets added
    expect(by.Asset50!.at(-1)).toBe('USD1');
    expect(by.Origin).toEqual(['BTC', 'ETH', 'USDT', 'USDC']);
  });

  test('Origin (merkle/MerkleTree.java): USDT and USDC sums cut to 4 decimals, BTC and ETH to 8', async () => {
    const assets = ['BTC', 'ETH', 'USDT', 'USDC'];
    const scales = { USDT: 4, USDC: 4 };
    const u = (x: bigint) => assets.map(() => x);
    // 0.12345678 + 0.00005555 = 0.12351233: USDT/USDC keep 0.1235, BTC/ETH all 8 digits
    const text = bybit(
      assets,
      u(12345678n),
      [
        { units: u(5555n), left: false },
        { units: u(1n), left: true },
      ],
      scales
    );
    const r = await verifyForeign({ text }, { file: 'origin.json' });
    expect(r.ok && r.report.version).toBe('Origin');
    expect(r.ok && r.report.verdict).toEqual({ ok: true });
    expect(r.ok && r.report.root?.balances).toEqual({
      BTC: '0.12351234',
      ETH: '0.12351234',
      USDT: '0.1235',
      USDC: '0.1235',
    });
    const floor = r.ok ? r.report.findings.find((f) => f.id === 'FLOOR_8_DECIMALS') : undefined;
    expect(floor?.message).toContain('USDT sums are cut to 4 decimals');
    // Bybit's later lists keep 8 decimals for USDT: the same proof with USDT written at 8 fails.
    const doc = JSON.parse(text);
    doc.path.at(-1).balance.USDT = '0.12351234';
    const bad = await verifyForeign({ text: JSON.stringify(doc) }, { file: 'origin.json' });
    expect(bad.ok && !bad.report.verdict.ok && bad.report.verdict.code).toBe(
      'ROOT_BALANCE_MISMATCH'
    );
  });

  test('a sibling with a 9th decimal is cut in the sum (setScale(8, DOWN)) and flagged', async () => {
    const v = BYBIT_VERSIONS.find((x) => x.name === 'Asset32')!;
    const text = bybit(
      v.assets,
      v.assets.map(() => 100000000n),
      [{ units: v.assets.map(() => 0n), left: true }]
    );
    const doc = JSON.parse(text);
    doc.path[0].balance.BTC = '0.000000019';
    const r = await verifyForeign({ text: JSON.stringify(doc) }, { file: 'x.json' });
    // The sum is cut to …0.00000001 more than the builder's root, so the root no longer matches;
    // the 9th digit is lost and flagged.
    expect(r.ok && r.report.verdict).toEqual({
      ok: false,
      code: 'ROOT_HASH_MISMATCH',
      level: 2,
      message: expect.any(String),
    });
    expect(r.ok && r.report.findings.find((f) => f.id === 'FLOOR_8_DECIMALS')).toMatchObject({
      count: 1,
    });
  });
});
