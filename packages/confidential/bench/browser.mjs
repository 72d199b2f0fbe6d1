/**
 * Range-proof verification in headless Chromium (issue 18: ≤ 3 s): the package's compiled ES
 * modules served from 127.0.0.1 with an import map (no bundler), Debian's /usr/bin/chromium
 * driven by playwright-core (as verifier-web's tests). Each measurement is a fresh page: module
 * loading, generators and verification, as a customer's first visit. Three variants: generators
 * derived by hash-to-curve with the noble verifier (the baseline a page has without the table),
 * the table with noble, the table with the fast engine (WebAssembly in the browser).
 *
 * Run after `npm run build`: `node bench/browser.mjs` (also run by `npm run bench` when
 * playwright-core and Chromium are present). Prints a table and writes bench/browser.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex } from '@kura/codec';
import { proveRange } from '@kura/confidential';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const RUNS = process.argv.includes('--full') ? 3 : 1;
const log = (s) => process.stderr.write(`${s}\n`);

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  log('browser bench skipped: playwright-core is not installed');
  process.exit(0);
}
if (!existsSync(CHROMIUM)) {
  log(`browser bench skipped: no Chromium at ${CHROMIUM}`);
  process.exit(0);
}

const PAGE = `<!doctype html><meta charset="utf-8"><script type="importmap">${JSON.stringify({
  imports: {
    '@kura/confidential': '/packages/confidential/dist/index.js',
    '@kura/confidential/generator-table': '/packages/confidential/dist/generator-table.js',
    '@kura/codec': '/packages/codec/dist/index.js',
    '@noble/curves/': '/node_modules/@noble/curves/',
    '@noble/hashes/': '/node_modules/@noble/hashes/',
  },
})}</script><body>bench</body>`;

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8' };
const ALLOWED = ['/packages/confidential/dist/', '/packages/codec/dist/', '/node_modules/@noble/'];
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (path === '/') {
    res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE);
    return;
  }
  const file = normalize(join(ROOT, decodeURIComponent(path)));
  if (!ALLOWED.some((p) => path.startsWith(p)) || !file.startsWith(ROOT) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
const big = (b) => b.reduce((a, x) => (a << 8n) | BigInt(x), 0n);
const ctx = { roundId: rnd(32), assetSetHash: rnd(32), height: 20, position: 123456 };
const values = Array.from({ length: 60 }, () => big(rnd(7)));
const blindings = values.map(() => big(rnd(31)));
const p = proveRange(values, blindings, ctx);
const input = {
  roundId: bytesToHex(ctx.roundId),
  assetSetHash: bytesToHex(ctx.assetSetHash),
  position: ctx.position,
  commitments: p.commitments.map(bytesToHex),
  proof: bytesToHex(p.proof),
};

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const measure = async (gens, engine) => {
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // the page's main-thread CPU time (Chrome DevTools Protocol Performance.getMetrics): on a
    // shared machine wall time measures the other processes too
    const threadTime = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')
        ?.value ?? Number.NaN;
    await page.goto(origin);
    const cpu0 = await threadTime();
    const res = await page.evaluate(
      async ({ input, gens, engine }) => {
        const t0 = performance.now();
        const { hexToBytes } = await import('@kura/codec');
        const { fastEngine, verifyRangeProof } = await import('@kura/confidential');
        const options = { engine: engine === 'fast' ? fastEngine : engine };
        if (gens === 'table') {
          const t = await import('@kura/confidential/generator-table');
          t.installBundledGeneratorTable();
        }
        const ctx = {
          roundId: hexToBytes(input.roundId),
          assetSetHash: hexToBytes(input.assetSetHash),
          height: 20,
          position: input.position,
        };
        const t1 = performance.now();
        const r = verifyRangeProof(
          input.commitments.map((h) => hexToBytes(h)),
          hexToBytes(input.proof),
          ctx,
          options
        );
        const t2 = performance.now();
        globalThis.benchAgain = () => {
          const t = performance.now();
          const again = verifyRangeProof(
            input.commitments.map((h) => hexToBytes(h)),
            hexToBytes(input.proof),
            ctx,
            options
          );
          return { ok: again.ok, ms: performance.now() - t };
        };
        return { ok: r.ok, totalMs: t2 - t0, verifyMs: t2 - t1, loadMs: t1 - t0 };
      },
      { input, gens, engine }
    );
    res.cpuMs = ((await threadTime()) - cpu0) * 1000;
    const again = await page.evaluate(() => globalThis.benchAgain());
    res.ok &&= again.ok;
    res.warmMs = again.ms;
    await context.close();
    if (!res.ok) throw new Error(`browser verification failed (${gens}, ${engine})`);
    times.push(res);
  }
  times.sort((a, b) => a.cpuMs - b.cpuMs);
  const m = times[Math.floor(times.length / 2)];
  return {
    cpuMs: Math.round(m.cpuMs),
    totalMs: Math.round(m.totalMs),
    loadMs: Math.round(m.loadMs),
    verifyMs: Math.round(m.verifyMs),
    warmMs: Math.round(m.warmMs),
  };
};
const results = {
  date: new Date().toISOString(),
  chromium: browser.version(),
  derivedNoble: await measure('derive', 'noble'),
  tableNoble: await measure('table', 'noble'),
  tableFast: await measure('table', 'fast'),
};
await browser.close();
server.close();
writeFileSync(
  fileURLToPath(new URL('./browser.json', import.meta.url)),
  `${JSON.stringify(results, null, 2)}\n`
);
const row = (k, label) => {
  const r = results[k];
  return `| ${label} | ${r.cpuMs} ms | ${r.totalMs} ms (modules + table ${r.loadMs} ms, generators + verify ${r.verifyMs} ms; a second verification ${r.warmMs} ms) |`;
};
process.stdout.write(
  [
    `Chromium ${results.chromium}, fresh page each, ${results.date}`,
    '| range proof, 60 values, verify in Chromium (target ≤ 3 s) | main-thread CPU | wall time |',
    '| --- | --- | --- |',
    row('derivedNoble', 'generators by hash-to-curve + noble'),
    row('tableNoble', 'generator table + noble'),
    row('tableFast', 'generator table + fast engine (WebAssembly)'),
    '',
  ].join('\n')
);
