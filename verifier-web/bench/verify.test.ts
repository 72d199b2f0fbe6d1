/**
 * Benchmark (a figure, not a timed test): verification of a height-32, 8-asset v1 inclusion
 * proof and of a height-20, 3-asset `kura-proof/2` in headless Chromium, measured with
 * performance.now, plus the gzipped JavaScript a customer downloads: the initial page and each
 * lazily loaded verifier chunk (v1, v2, another exchange's), asserting that the page plus the one
 * chunk any kind of proof needs stays within the budget (81,920 B). Run with `npm run bench`
 * (after `npm run build`).
 *
 * The v1 proof comes from a real sparse tree of height 32 built by @kura/tree, the v2 proof from
 * a sparse `buildTreeV2` tree of height 20; the attestations and trust file are the test
 * fixtures signed by @kura/attest.
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
import { months, monthV2, proofOf, proofV2Of, text, trustFile } from '../test/fixtures.ts';
import { chunkFile, DIST, launchChromium, startServer } from '../test/harness.ts';
import { noWasm } from '../vite.config.ts';

/** What bench/entry.ts exposes. */
interface Bench {
  verifyProof(p: string, e: unknown, runs: number): unknown;
  pageProof(p: string, e: unknown, runs: number): unknown;
  full(f: Record<string, string>, runs: number): unknown;
  v2Cold(p: string, e: unknown, tableUrl: string | null): unknown;
  v2Warm(p: string, e: unknown, runs: number): unknown;
  generators(tableUrl: string | null): unknown;
}

/** Budget of issue 8: gzipped JavaScript a customer downloads for one kind of proof. */
const BUDGET = 81_920;

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

test('verification time in Chromium and the JS budget', { timeout: 900_000 }, async () => {
  const root = resolve(import.meta.dirname);
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    base: './',
    resolve: { alias: kuraAliases },
    // as in the page's v2 chunk: no WebAssembly (the page's CSP refuses to compile it)
    plugins: [noWasm()],
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

    // protocol v2: a height-20, 3-asset proof of a sparse tree
    const v2m = monthV2(Date.now(), { placement: 'sparse', height: 20 });
    const v2proof = text(proofV2Of(v2m));
    const L = v2m.attestation.liabilities;
    const v2exp = { rootCommitment: L.rootCommitment, round: v2m.round, assets: L.assets };
    const tableFile = chunkFile('generators', DIST, 'bin');
    server.publish('/generators.bin', readFileSync(join(DIST, tableFile)));
    type Cold = { tableMs: number; verifyMs: number; ok: boolean };
    const cold = async (table: string | null): Promise<Cold> => {
      const p = await browser.newPage();
      await p.goto(`${server.origin}/index.html`);
      await p.waitForFunction(() => 'kuraBench' in globalThis);
      const r = (await p.evaluate(
        ([pr, e, tb]) =>
          (globalThis as unknown as { kuraBench: Bench }).kuraBench.v2Cold(pr, e, tb),
        [v2proof, v2exp, table] as const
      )) as Cold;
      if (table) {
        const w = (await p.evaluate(
          ([pr, e]) => (globalThis as unknown as { kuraBench: Bench }).kuraBench.v2Warm(pr, e, 5),
          [v2proof, v2exp] as const
        )) as T;
        warm = w;
      }
      await p.close();
      return r;
    };
    let warm: T | undefined;
    const gens = async (table: string | null): Promise<number> => {
      const p = await browser.newPage();
      await p.goto(`${server.origin}/index.html`);
      await p.waitForFunction(() => 'kuraBench' in globalThis);
      const ms = (await p.evaluate(
        (tb) => (globalThis as unknown as { kuraBench: Bench }).kuraBench.generators(tb),
        table
      )) as number;
      await p.close();
      return ms;
    };
    const gensDerived = [await gens(null), await gens(null)];
    const gensTable = [await gens('/generators.bin'), await gens('/generators.bin')];
    const derived = await cold(null);
    const tabled = await cold('/generators.bin');
    expect(derived.ok && tabled.ok && warm?.ok).toBe(true);
    // The published page end to end: the file given → verdict drawn (v2 chunk, table, checks).
    const pageServer = await startServer();
    pageServer.publish('/por/attestation.json', text(v2m.attestation));
    pageServer.publish('/por/trust.json', text(trustFile()));
    const pageMs: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const ctx = await browser.newContext();
        const p = await ctx.newPage();
        await p.goto(
          `${pageServer.origin}/kura-verifier.html?attestation=/por/attestation.json&trust=/por/trust.json`
        );
        await p.waitForSelector('html[data-ready="true"]');
        const before = Number(await p.evaluate(() => document.documentElement.dataset.runs));
        const t0 = Date.now();
        await p.setInputFiles('#file-proof', {
          name: 'proof.json',
          mimeType: 'application/json',
          buffer: Buffer.from(v2proof),
        });
        await p.waitForFunction(
          (n) => Number(document.documentElement.dataset.runs ?? '0') > n,
          before,
          { timeout: 120_000 }
        );
        pageMs.push(Date.now() - t0);
        expect(await p.getAttribute('html', 'data-status')).toBe('pass');
        await ctx.close();
      }
    } finally {
      await pageServer.close();
    }

    // What a customer downloads: the initial page, then the one chunk their files need.
    const gz = (f: string): number => gzipSync(readFileSync(f), { level: 9 }).length;
    const js = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    expect(js).toHaveLength(1);
    const initial = gz(join(DIST, 'assets', js[0]!));
    const chunks = ['v1', 'v2', 'foreign'].map((name) => {
      const bytes = gz(join(DIST, chunkFile(name)));
      return { name, bytes, total: initial + bytes };
    });
    for (const c of chunks) expect([c.name, c.total <= BUDGET]).toEqual([c.name, true]);
    const tableBytes = readFileSync(join(DIST, tableFile)).length;
    const version = browser.version();
    const line = (name: string, t: T) =>
      `${name.padEnd(58)} median ${t.medianMs.toFixed(3)} ms  mean ${t.meanMs.toFixed(3)} ms  (${t.runs} runs)`;
    const pageMedian = [...pageMs].sort((a, b) => a - b)[1]!;
    console.log(
      [
        `verifier-web benchmark — Chromium ${version}, ${new Date().toISOString().slice(0, 10)}`,
        line('verifyProof, height 32, 8 assets (@kura/tree)', lib),
        line('page proof checks: strict parse + verifyProof + ladder', pageProof),
        line('whole report: proof + attestation + keys + previous month', full),
        `v2 generators (2 × 4,096), fresh page: derived by hash-to-curve ${gensDerived.map((x) => x.toFixed(0)).join(' / ')} ms; from the table (fetch, SHA-256, decode) ${gensTable.map((x) => x.toFixed(0)).join(' / ')} ms`,
        `v2 proof, height 20, 3 assets, first check, generators derived:  ${derived.verifyMs.toFixed(0)} ms`,
        `v2 proof, height 20, 3 assets, first check, generator table:     ${tabled.tableMs.toFixed(0)} ms fetch+install, ${tabled.verifyMs.toFixed(0)} ms check`,
        line('v2 proof, height 20, 3 assets, generators cached', warm!),
        `published page, v2 proof given → verdict (chunk, table, all checks): ${pageMs.map((x) => `${x} ms`).join(', ')} (median ${pageMedian} ms)`,
        `initial page JavaScript: ${initial} B gzipped`,
        ...chunks.map(
          (c) =>
            `  + ${c.name.padEnd(8)} chunk ${String(c.bytes).padStart(6)} B = ${c.total} B (budget ${BUDGET})`
        ),
        `v2 generator table (data, not JavaScript, v2 customers only): ${tableBytes} B`,
      ].join('\n')
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
