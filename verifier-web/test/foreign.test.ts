/**
 * The "proof from another exchange" card in real headless Chromium: each exchange's published
 * example shows its verdict and findings, in English and in Japanese; a tampered proof shows its
 * code and level; bad input (unknown format, a proof of another format) is never "valid".
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type StaticServer, startServer } from './harness.ts';

const V = (f: string): string =>
  readFileSync(new URL(`../../packages/foreign/test/vectors/${f}`, import.meta.url), 'utf8');

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(lang: 'en' | 'ja' = 'en'): Promise<Page> {
  const ctx = await browser.newContext();
  await ctx.route('**/*', (route) =>
    new URL(route.request().url()).origin === server.origin ? route.continue() : route.abort()
  );
  const page = await ctx.newPage();
  await page.goto(`${server.origin}/kura-verifier.html?lang=${lang}`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

async function give(page: Page, id: string, name: string, body: string): Promise<void> {
  const before = Number(
    await page.evaluate(() => document.documentElement.dataset.foreignRuns ?? '0')
  );
  await page.setInputFiles(`#${id}`, {
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(body),
  });
  await page.waitForFunction(
    (n) => Number(document.documentElement.dataset.foreignRuns ?? '0') > n,
    before
  );
}

const verdict = (p: Page): Promise<string | null> =>
  p.getAttribute('[data-foreign-verdict]', 'data-foreign-verdict');
const findings = (p: Page): Promise<string[]> =>
  p.$$eval('[data-finding]', (els) =>
    els.map((e) => `${e.getAttribute('data-finding')}@${e.getAttribute('data-level') ?? ''}`)
  );

describe('proof from another exchange', () => {
  const cases: [string, string, string[]][] = [
    [
      'okx-v1-merkle_proof_file.json',
      'okx-v1',
      ['PARENT_COMMITS_ONLY_OWN_SUM@24', 'SIBLING_LEAF_DISCLOSED@1', 'CONCAT_AMBIGUOUS@24'],
    ],
    [
      'okx-v2-full-liabilities-merkle-tree.txt',
      'okx-v2-tree',
      ['OFFICIAL_TOOL_SKIPS_NODES@', 'PADDING_DUPLICATES_HASH@4'],
    ],
    [
      'bitget-merkel_tree_bg.min.json',
      'bitget',
      ['NEGATIVE_SUM@16', 'NEGATIVE_SUM@8', 'HASH_TRUNCATED@'],
    ],
    [
      'bybit-mock_user_merkle_tree_path_40_v5.min.json',
      'bybit',
      ['CONCAT_AMBIGUOUS@1', 'FLOOR_8_DECIMALS@'],
    ],
    ['bitmex-generated-8.csv', 'bitmex', ['ALL_BALANCES_PUBLIC@', 'SINGLE_ASSET_ONLY@']],
    [
      'binance-generated-2024.json',
      'binance',
      ['SUMS_NOT_COMMITTED@28', 'TOTALS_NOT_DERIVED@', 'UNITS_TRUNCATED@'],
    ],
  ];
  for (const [file, format, expected] of cases)
    test(`${file}: verdict and findings, detected as ${format}, English then Japanese`, async () => {
      const page = await open('en');
      await give(page, 'file-foreign', file, V(file));
      expect(await verdict(page)).toBe('pass');
      expect(await page.getAttribute('.foreign-result', 'data-format')).toBe(format);
      const ids = await findings(page);
      for (const e of expected) expect(ids).toContain(e);
      expect(await page.textContent('.foreign')).toContain('own rules');
      await page.click('button[data-lang="ja"]');
      expect(await verdict(page)).toBe('pass');
      const ja = (await page.textContent('.foreign')) ?? '';
      expect(ja).toContain('他の取引所の証明');
      expect(ja).toContain('自身のルールでは有効です');
      expect(ja).toMatch(/この形式で見逃されること（\d+ 件）/);
      expect(await findings(page)).toEqual(ids);
      const first = await page.textContent('[data-finding] ');
      expect(first).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      await page.context().close();
    });

  test('OKX v2 user file with the tree file: leaves found', async () => {
    const page = await open('en');
    await give(page, 'file-foreign-tree', 'tree.txt', V('okx-v2-full-liabilities-merkle-tree.txt'));
    await give(page, 'file-foreign', 'user_info_file.json', V('okx-v2-user_info_file.json'));
    expect(await verdict(page)).toBe('pass');
    expect(await page.textContent('.foreign-result')).toContain('BTC 0.00005');
    expect(await findings(page)).not.toContain('LEAVES_NOT_LOCATED@');
    await page.context().close();
  });

  test('a tampered proof fails with its code and level, in both languages', async () => {
    const page = await open('ja');
    const t = V('bitget-merkel_tree_bg.min.json').replace(
      '"USDC":"-19.77311525"',
      '"USDC":"19.77311525"'
    );
    await give(page, 'file-foreign', 'bg.json', t);
    expect(await verdict(page)).toBe('fail');
    expect(await page.getAttribute('[data-foreign-verdict]', 'data-code')).toBe(
      'ROOT_HASH_MISMATCH'
    );
    expect(await page.textContent('[data-foreign-verdict]')).toContain(
      '自身のルールで無効です：ROOT_HASH_MISMATCH（レベル 1）'
    );
    await page.click('button[data-lang="en"]');
    expect(await page.textContent('[data-foreign-verdict]')).toContain(
      'NOT valid under Bitget Merkle proof’s own rules: ROOT_HASH_MISMATCH at level 1'
    );
    await page.context().close();
  });

  test('the published root from the field; an unknown file and a picked wrong format are never valid', async () => {
    const page = await open('en');
    await page.fill('#foreign-root', '00'.repeat(32));
    await page.dispatchEvent('#foreign-root', 'change');
    await give(page, 'file-foreign', 'p.json', V('okx-v1-merkle_proof_file.json'));
    expect(await page.getAttribute('[data-foreign-verdict]', 'data-code')).toBe(
      'ROOT_NOT_EXPECTED'
    );
    await page.fill('#foreign-root', '');
    await page.dispatchEvent('#foreign-root', 'change');
    await give(page, 'file-foreign', 'x.json', '{"hello":"world"}');
    expect(await verdict(page)).toBe('error');
    expect(await page.getAttribute('[data-foreign-verdict]', 'data-code')).toBe('UNKNOWN_FORMAT');
    expect(await page.textContent('[data-foreign-verdict]')).toContain('x.json');
    const before = Number(await page.evaluate(() => document.documentElement.dataset.foreignRuns));
    await page.selectOption('#foreign-format', 'bybit');
    await page.waitForFunction(
      (n) => Number(document.documentElement.dataset.foreignRuns) > n,
      before
    );
    await give(page, 'file-foreign', 'p.json', V('okx-v1-merkle_proof_file.json'));
    expect(await page.getAttribute('[data-foreign-verdict]', 'data-code')).toBe('FORMAT_MISMATCH');
    await page.context().close();
  });
});
