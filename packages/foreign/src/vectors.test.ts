/** The exchanges' own published example files verify, with the figures they state. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { linesOfFile, verifyForeignFile } from './node.js';
import type { ForeignReport } from './types.js';
import { verifyForeign } from './verify.js';

const dir = new URL('../test/vectors/', import.meta.url).pathname;
const V = (f: string): string => dir + f;

async function report(
  file: string,
  opts: Parameters<typeof verifyForeignFile>[1] = {}
): Promise<ForeignReport> {
  const r = await verifyForeignFile(V(file), opts);
  if (!r.ok) throw new Error(r.message);
  return r.report;
}

describe('published examples verify under their exchange rules', () => {
  test('OKX v1 example/merkle_proof_file.json', async () => {
    const r = await report('okx-v1-merkle_proof_file.json');
    expect(r.format).toBe('okx-v1');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.root).toEqual({
      hash: 'ac6b39d2a0aa8112bd1aadff5e7d4b5c2b91cd54d595262ba4367f5d2db4160d',
      level: 24,
      balances: { BTC: '95088.55505656', ETH: '939953.49090361', USDT: '3137909428.88369702' },
    });
    expect(r.user?.balances).toEqual({
      BTC: '1.000069',
      ETH: '0.99908176',
      USDT: '19398.33550812',
    });
  });

  test('OKX v2 example/user_info_file.json on its own, then found in the full tree', async () => {
    const alone = await report('okx-v2-user_info_file.json');
    expect(alone.verdict).toEqual({ ok: true });
    expect(alone.findings.map((f) => f.id)).toContain('LEAVES_NOT_LOCATED');
    const r = await report('okx-v2-user_info_file.json', {
      tree: V('okx-v2-full-liabilities-merkle-tree.txt'),
    });
    expect(r.verdict).toEqual({ ok: true });
    expect(r.user).toEqual({ balances: { BTC: '0.00005', ETH: '0', USDT: '0' }, leaves: 2 });
    expect(r.root?.hash).toBe('9e98ebde32ef22ded88a5fb2d5e53d76ed57cb9c6b2c966f250721defe6ab041');
  });

  test('OKX v2 example/full-liabilities-merkle-tree.txt: every internal node recomputed', async () => {
    const r = await report('okx-v2-full-liabilities-merkle-tree.txt');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.tree).toEqual({ nodes: 47, leaves: 22, height: 6 });
    expect(r.root?.balances).toEqual({ BTC: '0.00005', ETH: '0.1', USDT: '1.42045977' });
  });

  test('Bitget merkel_tree_bg.json (audit Au2026090315)', async () => {
    const r = await report('bitget-merkel_tree_bg.min.json');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.root?.hash).toBe('41ed666396779c6a');
    expect(r.root?.level).toBe(1);
  });

  test('Bybit mock_user_merkle_tree_path_40_v5.json (asset list Asset40V5)', async () => {
    const r = await report('bybit-mock_user_merkle_tree_path_40_v5.min.json');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.version).toBe('Asset40V5');
    expect(r.root?.hash).toBe('c91d5de0554f97244e4d9f8056fad70fa0cb2cdb23c290ec597a042645dcbc03');
    expect(r.root?.level).toBe(15);
  });

  test('Bybit mock_user_merkle_tree_path_40_v4.json (asset list Asset40V4)', async () => {
    const r = await report('bybit-mock_user_merkle_tree_path_40_v4.min.json');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.version).toBe('Asset40V4');
    expect(r.root?.hash).toBe('eb1d48340bef48fd392a30f3ee2349554cdf8178a4f77ebbebd861f7bafac078');
    expect(r.user?.balances.EOS).toBe('4.07809178');
  });

  test('Bybit mock_user_merkle_tree_path_40.json (asset list Asset40, BUSD offline and absent)', async () => {
    const r = await report('bybit-mock_user_merkle_tree_path_40.min.json');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.version).toBe('Asset40');
    expect(r.root?.hash).toBe('8837e3a902aa996279fdc3d70e38e46cd18232dfb614c515a25ba34778eb1765');
    expect(r.root?.level).toBe(4);
  });

  test('Bybit mock_user_merkle_tree_path_40_v3.json (asset list Asset40V3): its leaf is paired with a copy of itself', async () => {
    const r = await report('bybit-mock_user_merkle_tree_path_40_v3.min.json');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.version).toBe('Asset40V3');
    expect(r.root?.hash).toBe('16feee2e085a19df2c076984f886a7260ac612dde853986257299e244a517576');
    expect(r.findings.filter((f) => f.id === 'SIBLING_DUPLICATES_NODE')).toMatchObject([
      { level: 1, value: 'bbdbe22f9b029388522f4140a0a7185ffa66754f9b0b09bf2e790662d216e42d' },
    ]);
  });

  test('Bybit mock_user_merkle_tree_path_40_v2.json (asset list Asset40V2)', async () => {
    const r = await report('bybit-mock_user_merkle_tree_path_40_v2.min.json');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.version).toBe('Asset40V2');
    expect(r.root?.hash).toBe('8a9e4bb937aac2d92559791fa711ffa6a38c4861564b87ad8f1f42f5d0ac6c93');
    expect(r.findings.map((f) => f.id)).toContain('SIBLING_DUPLICATES_NODE');
  });

  test('BitMEX liabilities file: every node recomputed, the customer’s two leaves found with the nonce', async () => {
    const r = await report('bitmex-generated-8.csv', { nonce: 'aa'.repeat(32) });
    expect(r.verdict).toEqual({ ok: true });
    expect(r.user).toEqual({ balances: { XBt: '123556788' }, leaves: 2 });
    expect(r.root?.balances).toEqual({ XBt: String(5000 + 123456789 + 42 + 1 + 99999 + 7) });
    const wrong = await report('bitmex-generated-8.csv', { nonce: 'ab'.repeat(32) });
    expect(wrong.verdict).toMatchObject({ ok: false, code: 'LEAF_NOT_FOUND' });
  });

  test('--root: the published root must be the one the proof leads to', async () => {
    const ok = await report('okx-v1-merkle_proof_file.json', {
      root: 'AC6B39D2A0AA8112BD1AADFF5E7D4B5C2B91CD54D595262BA4367F5D2DB4160D',
    });
    expect(ok.verdict.ok).toBe(true);
    expect(ok.findings.map((f) => f.id)).not.toContain('ROOT_UNANCHORED');
    for (const f of [
      'okx-v1-merkle_proof_file.json',
      'bitget-merkel_tree_bg.min.json',
      'bybit-mock_user_merkle_tree_path_40_v5.min.json',
      'okx-v2-full-liabilities-merkle-tree.txt',
      'bitmex-generated-8.csv',
    ]) {
      const r = await report(f, { root: '00'.repeat(32) });
      expect(r.verdict).toMatchObject({ ok: false, code: 'ROOT_NOT_EXPECTED' });
    }
  });

  test('the in-memory entry and the streaming file entry agree', async () => {
    const text = readFileSync(V('okx-v2-full-liabilities-merkle-tree.txt'), 'utf8');
    const a = await verifyForeign({ text }, { file: 'tree.txt' });
    const b = await verifyForeign(
      {
        head: text.slice(0, 200),
        lines: linesOfFile(V('okx-v2-full-liabilities-merkle-tree.txt')),
      },
      { file: 'tree.txt' }
    );
    expect(a).toEqual(b);
  });
});
