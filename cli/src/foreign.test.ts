/**
 * `kura foreign verify` as a real process: the exchanges' published examples exit 0, a tampered
 * one exits 1 with its code and level, bad input exits 2 naming the file and field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKura } from './testing.js';

const V = (f: string): string =>
  new URL(`../../packages/foreign/test/vectors/${f}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kura-foreign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('kura foreign verify', () => {
  it.each([
    ['okx-v1-merkle_proof_file.json', 'OKX Merkle proof (v1)'],
    ['okx-v2-full-liabilities-merkle-tree.txt', 'OKX full-liabilities Merkle tree file (v2)'],
    ['bitget-merkel_tree_bg.min.json', 'Bitget Merkle proof'],
    ['bybit-mock_user_merkle_tree_path_40_v5.min.json', 'Bybit Merkle proof (Asset40V5)'],
    ['bitmex-generated-8.csv', 'BitMEX proof of liabilities'],
    ['binance-generated-2024.json', 'Binance Merkle proof (user_config.json) (2024)'],
    ['binance-generated-2023.json', 'Binance Merkle proof (user_config.json) (2023)'],
  ])('%s: valid, exit 0, findings listed', (file, name) => {
    const r = runKura(['foreign', 'verify', '--proof', V(file)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`format: ${name}`);
    expect(r.stdout).toContain("valid under the exchange's own rules");
    expect(r.stdout).toMatch(/what this format lets through \(\d+ findings\)/);
  });

  it("Binance's published 2024 sample: exit 1, ROOT_HASH_MISMATCH at level 28 (its leaf and path do not reach its root)", () => {
    const r = runKura([
      'foreign',
      'verify',
      '--proof',
      V('binance-user_config-2024.json'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toMatchObject({
      ok: false,
      code: 'ROOT_HASH_MISMATCH',
      level: 28,
    });
  });

  it('OKX v2: the user file with the tree, --json', () => {
    const r = runKura([
      'foreign',
      'verify',
      '--proof',
      V('okx-v2-user_info_file.json'),
      '--tree',
      V('okx-v2-full-liabilities-merkle-tree.txt'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toEqual({ ok: true });
    expect(j.user).toEqual({ balances: { BTC: '0.00005', ETH: '0', USDT: '0' }, leaves: 2 });
    expect(j.findings.map((f: { id: string }) => f.id)).toContain('OFFICIAL_TOOL_SKIPS_NODES');
  });

  it('BitMEX with the nonce and the published root', () => {
    const root = readFileSync(V('bitmex-generated-8.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
    const r = runKura([
      'foreign',
      'verify',
      '--proof',
      V('bitmex-generated-8.csv'),
      '--nonce',
      'aa'.repeat(32),
      '--root',
      root,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('your balances: XBt 123556788 (2 leaves)');
    expect(r.stdout).not.toContain('ROOT_UNANCHORED');
  });

  it('a tampered balance: exit 1 with the code and level', () => {
    const t = readFileSync(V('bitget-merkel_tree_bg.min.json'), 'utf8').replace(
      '"USDC":"-19.77311525"',
      '"USDC":"19.77311525"'
    );
    const r = runKura(['foreign', 'verify', '--proof', put('bg.json', t), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toMatchObject({
      ok: false,
      code: 'ROOT_HASH_MISMATCH',
      level: 1,
    });
    const r2 = runKura([
      'foreign',
      'verify',
      '--proof',
      V('okx-v1-merkle_proof_file.json'),
      '--root',
      'ab'.repeat(32),
    ]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain(
      "INVALID under the exchange's own rules: ROOT_NOT_EXPECTED at level 24"
    );
  });

  it('bad input: exit 2, the file and field named, never "valid"', () => {
    const unknown = runKura(['foreign', 'verify', '--proof', put('x.json', '{"hello":1}')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/UNKNOWN_FORMAT: .*x\.json/);
    const trunc = readFileSync(V('okx-v1-merkle_proof_file.json'), 'utf8').slice(0, 2000);
    const t = runKura(['foreign', 'verify', '--proof', put('t.json', trunc)]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/BAD_INPUT: .*t\.json/);
    const other = runKura([
      'foreign',
      'verify',
      '--proof',
      V('bitmex-generated-8.csv'),
      '--format',
      'okx-v1',
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('FORMAT_MISMATCH');
    const field = readFileSync(V('okx-v1-merkle_proof_file.json'), 'utf8').replace(
      '"USDT":"0.00403715"',
      '"USDT":"0.004e3"'
    );
    const f = runKura(['foreign', 'verify', '--proof', put('f.json', field), '--json']);
    expect(f.code).toBe(2);
    expect(JSON.parse(f.stdout)).toMatchObject({
      ok: false,
      code: 'BAD_INPUT',
      field: 'path[1].balances.USDT',
    });
    expect(runKura(['foreign', 'verify', '--proof', join(dir, 'missing.json')]).code).toBe(2);
    expect(
      runKura([
        'foreign',
        'verify',
        '--proof',
        V('okx-v1-merkle_proof_file.json'),
        '--format',
        'nope',
      ]).code
    ).toBe(2);
    for (const r of [unknown, t, other, f]) expect(r.stdout).not.toContain('valid under');
  });
});
