/**
 * `kura serve` load test on loopback (`npm run bench -w @kura/cli`): build — or reuse, cached in
 * the OS temp dir — a tree of N users (default 1,000,000 × 4 assets, dense), start the built
 * `kura serve` as a child process, drive random uids from a second process (loadgen.mjs) for a
 * bounded time and count, and report throughput and p50 / p90 / p99 latency. The figures are
 * written to bench/serve-results.json.
 *
 * usage: node bench/serve-load.mjs [--users N] [--seconds S] [--max N] [--concurrency C]
 *                                  [--cache <dir>] [--rate-limit R]
 * Needs the built CLI and packages (`npx tsc -b` in cli/).
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildTreeStore } from '@kura/tree/node';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const { values: o } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '15' },
    max: { type: 'string', default: '300000' },
    concurrency: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '2000' },
    cache: { type: 'string' },
    'rate-limit': { type: 'string', default: '1000000' },
  },
});
const users = Number(o.users);
const cache = o.cache ?? join(tmpdir(), `kura-serve-bench-${users}`);
const assets = [
  { symbol: 'BTC', decimals: 8 },
  { symbol: 'ETH', decimals: 18 },
  { symbol: 'USDC', decimals: 6 },
  { symbol: 'JPY', decimals: 0 },
];
const round = { exchange: 'Kura Bench', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const log = (s) => process.stderr.write(`${s}\n`);

/** uid `c<i>`, amounts from a fixed xorshift stream. */
function generate(file) {
  let x = 0x9e3779b9;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const out = [`uid,${assets.map((a) => a.symbol).join(',')}`];
  const parts = [];
  for (let i = 0; i < users; i++) {
    let row = `c${i}`;
    for (const a of assets) {
      const r = rnd();
      if (r % 3 === 0) row += ',0';
      else
        row += `,${r % 5000}${a.decimals ? `.${String(rnd() % 10 ** Math.min(a.decimals, 6)).padStart(Math.min(a.decimals, 6), '0')}` : ''}`;
    }
    out.push(row);
    if (out.length >= 50_000) {
      parts.push(`${out.join('\n')}\n`);
      out.length = 0;
    }
  }
  if (out.length) parts.push(`${out.join('\n')}\n`);
  writeFileSync(file, parts.join(''));
}

mkdirSync(cache, { recursive: true });
const stamp = join(cache, 'bench.json');
const want = JSON.stringify({ users, assets, round, v: 1 });
let buildMs = null;
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
  rmSync(join(cache, 'tree'), { recursive: true, force: true });
  log(`generating ${users.toLocaleString('en-US')} users × ${assets.length} assets in ${cache}`);
  generate(join(cache, 'users.csv'));
  writeFileSync(join(cache, 'secret'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  const t = performance.now();
  const secret = Buffer.from(readFileSync(join(cache, 'secret'), 'utf8').trim(), 'hex');
  await buildTreeStore({
    input: join(cache, 'users.csv'),
    round,
    assets,
    masterSecret: new Uint8Array(secret),
    out: join(cache, 'tree'),
  });
  buildMs = performance.now() - t;
  log(`tree built in ${(buildMs / 1000).toFixed(1)} s`);
  rmSync(join(cache, 'users.csv'));
  writeFileSync(stamp, want);
} else log(`reusing the cached tree in ${cache}`);
const token = randomBytes(32).toString('hex');
writeFileSync(join(cache, 'token'), `${token}\n`, { mode: 0o600 });

const server = spawn(
  process.execPath,
  [
    here('../dist/main.js'),
    'serve',
    '--tree',
    join(cache, 'tree'),
    '--secret',
    join(cache, 'secret'),
    '--token-file',
    join(cache, 'token'),
    '--port',
    '0',
    '--rate-limit',
    o['rate-limit'],
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] }
);
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/[^ ]+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (c) => reject(new Error(`kura serve exited with ${c}`)));
});
const loadBefore = loadavg()[0];
let result;
try {
  const line = execFileSync(
    process.execPath,
    [here('./loadgen.mjs'), base, token, String(users), o.seconds, o.max, o.concurrency, o.warmup],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }
  );
  result = JSON.parse(line);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}
const report = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  users,
  assets: assets.length,
  concurrency: Number(o.concurrency),
  // other work on the machine during the run (1-minute load average before and after)
  loadAverage: [Number(loadBefore.toFixed(1)), Number(loadavg()[0].toFixed(1))],
  ...(buildMs === null ? {} : { treeBuildSeconds: Number((buildMs / 1000).toFixed(1)) }),
  ...result,
};
writeFileSync(here('./serve-results.json'), `${JSON.stringify(report, null, 2)}\n`);
log(
  `kura serve, ${users.toLocaleString('en-US')} users, ${report.concurrency} concurrent: ` +
    `${result.throughput.toLocaleString('en-US')} req/s over ${result.seconds} s (${result.requests} requests, ${result.errors} errors); ` +
    `latency p50 ${result.p50} ms, p90 ${result.p90} ms, p99 ${result.p99} ms, max ${result.max} ms`
);
if (result.errors > 0) process.exitCode = 1;
