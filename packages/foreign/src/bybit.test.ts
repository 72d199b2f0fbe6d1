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
      const text = bybit(online, units(3), [
        { units: units(5), left: true },
        { units: units(7), left: false },
        { units: units(11), left: true },
      ]);
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
