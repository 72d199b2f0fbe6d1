/**
 * Benchmark (a figure, not a timed test): verification of a height-32, 8-asset inclusion proof
 * in headless Chromium, measured with performance.now over many runs, plus the gzipped size of
 * the page's JavaScript. Run with `npm run bench` (after `npm run build`).
 *
 * The proof comes from a real sparse tree of height 32 built by @kura/tree; the attestation and
 * trust file for the "full report" figure are the test fixtures signed by @kura/attest.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bytesToHex } from '@kura/codec';
import { type Asset, buildTree, type Round } from '@kura/tree';
import { build } from 'vite';
import { afterAll, expect, test } from 'vitest';
import { kuraAliases } from '../../vitest.shared.ts';
import { months, proofOf, text, trustFile } from '../test/fixtures.ts';
import { DIST, launchChromium, startServer } from '../test/harness.ts';

/** What bench/entry.ts exposes. */
interface Bench {
  verifyProof(p: string, e: unknown, runs: number): unknown;
  pageProof(p: string, e: unknown, runs: number): unknown;
  full(f: Record<string, string>, runs: number): unknown;
}

const out = mkdtempSync(join(tmpdir(), 'kura-verifier-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A sparse tree of height 32 with 8 assets and a few customers; alice's proof. */
function proof32x8(): {
  proof: string;
  expected: { rootCommitment: string; round: Round; assets: Asset[] };
} {
  const round: Round = {
    exchange: 'bench-exchange',
    period: '2026-11',
    snapshotTime: '2026-11-30T15:00:00Z',
  };
  const assets: Asset[] = ['BTC', 'ETH', 'USDC', 'USDT', 'XRP', 'SOL', 'ADA', 'DOGE'].map(
    (symbol, i) => ({
      symbol,
      decimals: [8, 18, 6, 6, 6, 9, 6, 8][i]!,
    })
  );
  const users = Array.from({ length: 64 }, (_, u) => ({
    uid: u === 0 ? 'alice' : `user-${u}`,
    balances: assets.map((_, i) => BigInt((u + 1) * 1_000_003 * (i + 1))),
  }));
  const tree = buildTree({
    round,
    assets,
    masterSecret: new Uint8Array(32).fill(7),
    users,
    placement: 'sparse',
    height: 32,
  });
  const p = tree.proof('alice');
  expect(p.height).toBe(32);
  expect(p.siblings).toHaveLength(32);
  return {
    proof: JSON.stringify(p),
    expected: { rootCommitment: bytesToHex(tree.rootCommitment), round, assets },
  };
}

test('verification time in Chromium and the JS budget', async () => {
  const root = resolve(import.meta.dirname);
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    base: './',
    resolve: { alias: kuraAliases },
    build: { outDir: out, emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
  });
  const { proof, expected } = proof32x8();
  const ms = months();
  const cur = ms[2]!;
  const files = {
    proof: text(proofOf(cur)),
    attestation: text(cur.attestation),
    trust: text(trustFile()),
    previous: text(ms[1]!.attestation),
  };

  const server = await startServer(out);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => 'kuraBench' in globalThis);
    type T = { runs: number; meanMs: number; medianMs: number; ok: boolean };
    const lib = (await page.evaluate(
      ([p, e]) => (globalThis as unknown as { kuraBench: Bench }).kuraBench.verifyProof(p, e, 2000),
      [proof, expected] as const
    )) as T;
    const pageProof = (await page.evaluate(
      ([p, e]) => (globalThis as unknown as { kuraBench: Bench }).kuraBench.pageProof(p, e, 1000),
      [proof, expected] as const
    )) as T;
    const full = (await page.evaluate(
      (f) => (globalThis as unknown as { kuraBench: Bench }).kuraBench.full(f, 40),
      files
    )) as T;
    expect(lib.ok && pageProof.ok && full.ok).toBe(true);

    const js = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const gz = js.reduce(
      (a, f) => a + gzipSync(readFileSync(join(DIST, 'assets', f)), { level: 9 }).length,
      0
    );
    const version = browser.version();
    const line = (name: string, t: T) =>
      `${name.padEnd(58)} median ${t.medianMs.toFixed(3)} ms  mean ${t.meanMs.toFixed(3)} ms  (${t.runs} runs)`;
    console.log(
      [
        `verifier-web benchmark — Chromium ${version}, ${new Date().toISOString().slice(0, 10)}`,
        line('verifyProof, height 32, 8 assets (@kura/tree)', lib),
        line('page proof checks: strict parse + verifyProof + ladder', pageProof),
        line('whole report: proof + attestation + keys + previous month', full),
        `page JavaScript: ${gz} bytes gzipped (budget 81920)`,
      ].join('\n')
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
