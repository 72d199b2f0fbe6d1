/**
 * Every finding appears on a proof that has it — constructed where the published examples do not
 * show it — with its level and number; and the weaknesses are real: the constructed attacks pass
 * the exchanges' own rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { bitmex, okxV1 } from '../test/builders.js';
import { sha256Hex } from './findings.js';
import type { Finding, ForeignReport } from './types.js';
import { verifyForeign } from './verify.js';

const dir = new URL('../test/vectors/', import.meta.url).pathname;
const read = (f: string): string => readFileSync(dir + f, 'utf8');

async function run(
  text: string,
  opts: { nonce?: string; root?: string } = {}
): Promise<ForeignReport> {
  const r = await verifyForeign({ text }, { file: 'proof', ...opts });
  if (!r.ok) throw new Error(r.message);
  return r.report;
}
const find = (r: ForeignReport, id: string): Finding[] => r.findings.filter((f) => f.id === id);
const Z = { BTC: '0', ETH: '0', USDT: '0' };

describe('PARENT_COMMITS_ONLY_OWN_SUM (the Maxwell attack)', () => {
  test('two customers under one parent both verify, yet the parent holds 5 BTC of their 8', async () => {
    const hashA = '2f3c0a8d2f37b2b1c3a7ec5df1cb09ae2dbd1b34d55c4f72a3a6f1e9b6b0c001';
    // Build B's leaf first to know its hash, then A's proof with B's real hash and a zero sum.
    const b0 = okxV1({ nonce: 'b'.repeat(64), bal: { ...Z, BTC: '3' }, type: 2 }, [
      { bal: { ...Z, BTC: '2' }, left: true, hash: hashA },
    ]);
    const hashB = JSON.parse(b0.json).self.hash as string;
    const pa = okxV1({ nonce: 'a'.repeat(64), bal: { ...Z, BTC: '5' }, type: 1 }, [
      { bal: { ...Z }, left: false, hash: hashB },
    ]);
    const realHashA = JSON.parse(pa.json).self.hash as string;
    const pb = okxV1({ nonce: 'b'.repeat(64), bal: { ...Z, BTC: '3' }, type: 2 }, [
      { bal: { ...Z, BTC: '2' }, left: true, hash: realHashA },
    ]);
    expect(pa.root).toBe(pb.root);
    const ra = await run(pa.json);
    const rb = await run(pb.json);
    expect(ra.verdict).toEqual({ ok: true });
    expect(rb.verdict).toEqual({ ok: true });
    expect(ra.root?.balances?.BTC).toBe('5'); // while the two customers hold 5 + 3 = 8
    expect(find(ra, 'PARENT_COMMITS_ONLY_OWN_SUM')).toMatchObject([
      { level: 2, count: 1, value: '1' },
    ]);
  });

  test('reported on every path format, with the number of levels', async () => {
    expect(
      find(await run(read('okx-v1-merkle_proof_file.json')), 'PARENT_COMMITS_ONLY_OWN_SUM')[0]
    ).toMatchObject({ level: 24, count: 23 });
    expect(
      find(await run(read('bitget-merkel_tree_bg.min.json')), 'PARENT_COMMITS_ONLY_OWN_SUM')[0]
    ).toMatchObject({ level: 1, count: 24 });
    expect(
      find(
        await run(read('bybit-mock_user_merkle_tree_path_40_v5.min.json')),
        'PARENT_COMMITS_ONLY_OWN_SUM'
      )[0]
    ).toMatchObject({ level: 15, count: 14 });
    expect(
      find(
        await run(read('okx-v2-full-liabilities-merkle-tree.txt')),
        'PARENT_COMMITS_ONLY_OWN_SUM'
      )[0]
    ).toMatchObject({ level: 6, count: 5 });
    // BitMEX parents commit to both children's sums: no such finding.
    expect(find(await run(read('bitmex-generated-8.csv')), 'PARENT_COMMITS_ONLY_OWN_SUM')).toEqual(
      []
    );
  });
});

describe('NEGATIVE_SUM', () => {
  test("Bitget's published sample: negative USDC at two levels, and more", async () => {
    const r = await run(read('bitget-merkel_tree_bg.min.json'));
    expect(r.verdict.ok).toBe(true);
    const usdc = find(r, 'NEGATIVE_SUM').filter((f) => f.asset === 'USDC');
    expect(usdc.map((f) => [f.level, f.value])).toEqual([
      [16, '-19.77311525'],
      [8, '-17044640.83423542'],
    ]);
    expect(find(r, 'NEGATIVE_SUM').map((f) => `${f.level}:${f.asset}`)).toEqual([
      '17:DOGE',
      '16:USDC',
      '12:DOGE',
      '8:USDT',
      '8:USDC',
      '8:USDGO',
    ]);
  });

  test('a constructed OKX proof with a negative sibling verifies and is flagged', async () => {
    const p = okxV1({ nonce: 'c'.repeat(64), bal: { ...Z, BTC: '1' }, type: 1 }, [
      { bal: { ...Z, USDT: '7' }, left: false },
      { bal: { ...Z, BTC: '-0.5' }, left: true },
    ]);
    const r = await run(p.json);
    expect(r.verdict).toEqual({ ok: true });
    expect(find(r, 'NEGATIVE_SUM')).toMatchObject([{ level: 2, asset: 'BTC', value: '-0.5' }]);
    expect(r.root?.balances?.BTC).toBe('0.5');
  });
});

describe('FLOOR_8_DECIMALS', () => {
  test('a sibling with 9 decimals loses its 9th digit in the sums', async () => {
    const p = okxV1({ nonce: 'd'.repeat(64), bal: { ...Z, USDT: '1' }, type: 2 }, [
      { bal: { ...Z, USDT: '0.123456789' }, left: true },
    ]);
    const r = await run(p.json);
    expect(r.verdict).toEqual({ ok: true });
    expect(r.root?.balances?.USDT).toBe('1.12345678');
    expect(find(r, 'FLOOR_8_DECIMALS')).toMatchObject([{ value: '8', count: 1, level: 1 }]);
  });
  test('stated with count 0 when nothing was cut', async () => {
    expect(
      find(await run(read('okx-v1-merkle_proof_file.json')), 'FLOOR_8_DECIMALS')
    ).toMatchObject([{ count: 0 }]);
  });
});

describe('CONCAT_AMBIGUOUS', () => {
  test('Bybit: the second reading of your leaf passes the leaf-hash check', async () => {
    const text = read('bybit-mock_user_merkle_tree_path_40_v5.min.json');
    const r = await run(text);
    const [f] = find(r, 'CONCAT_AMBIGUOUS');
    expect(f).toMatchObject({
      level: 1,
      asset: 'AGLA/APT',
      value: '9.6194744|32.14843369',
      detail: '9.61947443|2.14843369',
    });
    const alt = text.replace(
      '"AGLA":"9.61947443","APT":"2.14843369"',
      '"AGLA":"9.6194744","APT":"32.14843369"'
    );
    expect(alt).not.toBe(text);
    const ra = await run(alt);
    // The leaf hash still matches; only the sums further up change.
    expect(ra.verdict).toMatchObject({ ok: false, code: 'ROOT_HASH_MISMATCH' });
  });
  test('OKX: the root hash stands for two different sets of root totals', async () => {
    const [f] = find(await run(read('okx-v1-merkle_proof_file.json')), 'CONCAT_AMBIGUOUS');
    expect(f).toMatchObject({
      level: 24,
      asset: 'BTC/ETH',
      value: '95088.5550565|6939953.49090361',
    });
    expect(f!.value!.replace('|', '')).toBe(f!.detail!.replace('|', ''));
  });
  test('not reported for formats with separators (Bitget JSON, BitMEX fixed width)', async () => {
    expect(find(await run(read('bitget-merkel_tree_bg.min.json')), 'CONCAT_AMBIGUOUS')).toEqual([]);
    expect(find(await run(read('bitmex-generated-8.csv')), 'CONCAT_AMBIGUOUS')).toEqual([]);
  });
});

describe('other findings', () => {
  test('HASH_TRUNCATED: Bitget hashes are 64 bits', async () => {
    expect(find(await run(read('bitget-merkel_tree_bg.min.json')), 'HASH_TRUNCATED')).toMatchObject(
      [{ value: '64', count: 26 }]
    );
  });
  test('NO_USER_BINDING: two customers with equal balances can be given the same leaf', async () => {
    const p1 = okxV1({ nonce: 'e'.repeat(64), bal: { ...Z, BTC: '1' }, type: 1 }, [
      { bal: { ...Z, BTC: '1' }, left: false },
    ]);
    // The very same file serves both customers: nothing in it names either.
    const r = await run(p1.json);
    expect(r.verdict.ok).toBe(true);
    expect(find(r, 'NO_USER_BINDING')).toHaveLength(1);
    for (const f of [
      'bitget-merkel_tree_bg.min.json',
      'bybit-mock_user_merkle_tree_path_40_v5.min.json',
      'okx-v2-user_info_file.json',
      'bitmex-generated-8.csv',
    ])
      expect(find(await run(read(f)), 'NO_USER_BINDING')).toHaveLength(1);
  });
  test('NO_POSITION_BINDING and NO_HEIGHT_BINDING with their levels', async () => {
    const r = await run(read('okx-v1-merkle_proof_file.json'));
    expect(find(r, 'NO_POSITION_BINDING')).toMatchObject([{ count: 23 }]);
    expect(find(r, 'NO_HEIGHT_BINDING')).toMatchObject([{ level: 1 }]);
    expect(
      find(await run(read('bitget-merkel_tree_bg.min.json')), 'NO_HEIGHT_BINDING')
    ).toMatchObject([{ level: 25 }]);
  });
  test("SIBLING_LEAF_DISCLOSED: OKX's example hands you the neighbour's nonce and balances", async () => {
    expect(
      find(await run(read('okx-v1-merkle_proof_file.json')), 'SIBLING_LEAF_DISCLOSED')
    ).toMatchObject([{ level: 1, value: 'BTC 0, ETH 0, USDT 0.00007282' }]);
  });
  test('OKX full tree: padding copies, unchecked nodes in the official tool, public balances', async () => {
    const r = await run(read('okx-v2-full-liabilities-merkle-tree.txt'));
    expect(find(r, 'PADDING_DUPLICATES_HASH')).toMatchObject([{ count: 2, level: 4 }]);
    expect(find(r, 'OFFICIAL_TOOL_SKIPS_NODES')).toMatchObject([{ count: 25 }]);
    expect(find(r, 'ALL_BALANCES_PUBLIC')).toMatchObject([{ count: 22 }]);
  });
  test('BitMEX: all balances public, one asset only', async () => {
    const r = await run(read('bitmex-generated-8.csv'));
    expect(find(r, 'ALL_BALANCES_PUBLIC')).toMatchObject([{ count: 8 }]);
    expect(find(r, 'SINGLE_ASSET_ONLY')).toHaveLength(1);
  });
  test('SIBLING_DUPLICATES_NODE: an OKX leaf paired with a copy of itself still verifies', async () => {
    const bal = { ...Z, ETH: '2' };
    const selfHash = sha256Hex(`${'f'.repeat(64)}{"BTC":"0","ETH":"2","USDT":"0"}`);
    const p = okxV1({ nonce: 'f'.repeat(64), bal, type: 1 }, [
      { bal: { ...Z }, left: false, hash: selfHash },
    ]);
    const r = await run(p.json);
    expect(r.verdict).toEqual({ ok: true });
    expect(find(r, 'SIBLING_DUPLICATES_NODE')).toMatchObject([{ level: 1, value: selfHash }]);
  });

  test('ROOT_UNANCHORED without --root, gone with it', async () => {
    const t = bitmex([
      { sats: 1n, nonce: '01'.repeat(32) },
      { sats: 2n, nonce: '02'.repeat(32) },
    ]);
    const r = await run(t);
    const [f] = find(r, 'ROOT_UNANCHORED');
    expect(f?.value).toBe(r.root?.hash);
    expect(find(await run(t, { root: r.root!.hash }), 'ROOT_UNANCHORED')).toEqual([]);
  });
});
