/**
 * `npm run bench` for @kura/tree. In one run, on the same generated data:
 *   (a) `kura tree build` for 1M users × 4 assets, dense, all cores, CSV → root (parse, leaf
 *       derivation, placement, hashing and the tree store included);
 *   (b) merkletreejs building a plain SHA-256 tree over 1M ready-made leaf hashes;
 *   (c) the ratio (a)/(b);
 *   (d) peak RSS of a 10M × 8 build (only with KURA_BENCH_10M=1 or --10m: it takes minutes);
 *   (e) median proof extraction time from the store (by uid, O(log n) reads);
 *   (f) verification time per proof.
 * Options: --users N (default 1000000), --keep (keep the generated files), --10m.
 * Prints a table and writes bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyProof } from '@kura/tree';
import { TreeStore } from '@kura/tree/node';
import { MerkleTree } from 'merkletreejs';
import { generateCsv } from './gen.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const USERS = Number(opt('--users', '1000000'));
const BIG = args.includes('--10m') || process.env.KURA_BENCH_10M === '1';
const here = fileURLToPath(new URL('.', import.meta.url));
const cli = fileURLToPath(new URL('../../../cli/dist/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kura-bench-'));
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
};
const log = (s) => process.stderr.write(`${s}\n`);

function setup(users, k, name) {
  const csv = join(dir, `${name}.csv`);
  log(`generating ${users.toLocaleString('en-US')} users × ${k} assets …`);
  const assets = generateCsv(csv, users, k);
  const a = join(dir, `${name}-assets.json`);
  writeFileSync(a, JSON.stringify(assets));
  return { csv, assets: a };
}
const round = join(dir, 'round.json');
writeFileSync(
  round,
  JSON.stringify({ exchange: 'bench', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' })
);
const secret = join(dir, 'secret');
writeFileSync(secret, `${randomBytes(32).toString('hex')}\n`);

function build(input, assets, out) {
  // the CLI when it is built, else the same library call in a fresh process
  if (existsSync(cli)) {
    const argv = [
      process.execPath,
      cli,
      'tree',
      'build',
      '--input',
      input,
      '--assets',
      assets,
      '--round',
      round,
      '--secret',
      secret,
      '--out',
      out,
      '--json',
    ];
    const timed = existsSync('/usr/bin/time');
    const t0 = performance.now();
    const r = timed
      ? spawnSync('/usr/bin/time', ['-f', 'KURA_CPU %U %S', ...argv], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        })
      : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`kura tree build failed: ${r.stderr}`);
    const m = /KURA_CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
    const cpuMs = m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined;
    return {
      via: 'kura tree build',
      wallMs,
      cpuMs,
      rootCommitment: JSON.parse(r.stdout).rootCommitment,
    };
  }
  const r = spawnSync(
    process.execPath,
    [join(here, 'build-child.mjs'), input, assets, round, secret, out],
    {
      encoding: 'utf8',
    }
  );
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  return { via: 'buildTreeStore (cli not built)', ...JSON.parse(r.stdout) };
}

function rssOf(input, assets, out) {
  const r = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, join(here, 'build-child.mjs'), input, assets, round, secret, out],
    {
      encoding: 'utf8',
    }
  );
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { ...JSON.parse(r.stdout), peakRssMiB: m ? Number(m[1]) / 1024 : undefined };
}

try {
  // (a)
  const one = setup(USERS, 4, 'a');
  const out = join(dir, 'tree-a');
  const a = build(one.csv, one.assets, out);
  const a2 = build(one.csv, one.assets, join(dir, 'tree-a2'));
  const aMs = Math.min(a.wallMs, a2.wallMs);
  const aCpu = a.cpuMs === undefined ? undefined : Math.min(a.cpuMs, a2.cpuMs);
  results.a = {
    users: USERS,
    assets: 4,
    via: a.via,
    ms: aMs,
    cpuMs: aCpu,
    runsMs: [a.wallMs, a2.wallMs],
  };
  log(`(a) ${a.via}: ${aMs.toFixed(0)} ms wall, ${aCpu?.toFixed(0)} ms CPU (all threads)`);

  // (b) merkletreejs over the same number of ready-made leaf hashes
  const leaves = [];
  for (let i = 0; i < USERS; i++) leaves.push(createHash('sha256').update(`leaf ${i}`).digest());
  const sha256 = (d) => createHash('sha256').update(d).digest();
  const bRuns = [];
  const bCpu = [];
  for (let r = 0; r < 2; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const t = new MerkleTree(leaves, sha256);
    const c = process.cpuUsage(c0);
    bRuns.push(performance.now() - t0);
    bCpu.push((c.user + c.system) / 1000);
    if (t.getRoot().length !== 32) throw new Error('merkletreejs root');
  }
  const bMs = Math.min(...bRuns);
  results.b = { leaves: USERS, ms: bMs, cpuMs: Math.min(...bCpu), runsMs: bRuns };
  log(`(b) merkletreejs: ${bMs.toFixed(0)} ms wall, ${results.b.cpuMs.toFixed(0)} ms CPU`);
  results.c = { ratio: aMs / bMs };
  log(`(c) ratio (a)/(b): ${(aMs / bMs).toFixed(2)}`);

  // (e) proof extraction and (f) verification, on the (a) store
  const store = TreeStore.open(
    out,
    Uint8Array.from(Buffer.from(readFileSync(secret, 'utf8').trim(), 'hex'))
  );
  const uids = [];
  const lines = readFileSync(one.csv, 'utf8').split('\n');
  for (let i = 0; i < 2000; i++)
    uids.push(lines[1 + Math.floor(((i * 7919) % USERS) / 1)]?.split(',')[0]);
  const ext = [];
  const proofs = [];
  for (const uid of uids) {
    const t0 = performance.now();
    proofs.push(store.proof(uid));
    ext.push(performance.now() - t0);
  }
  store.close();
  ext.sort((x, y) => x - y);
  results.e = {
    proofs: ext.length,
    medianMs: ext[ext.length >> 1],
    p99Ms: ext[Math.floor(ext.length * 0.99)],
  };
  log(`(e) proof extraction: median ${(results.e.medianMs * 1000).toFixed(0)} µs`);
  const rc = JSON.parse(readFileSync(join(out, 'root.json'), 'utf8')).rootCommitment;
  // (f) in a fresh process (as a customer's or auditor's verifier runs, without this process's
  // million-leaf build heap): the proofs as JSON text, 3 warm-up passes, the median of 7 rounds
  const proofsFile = join(dir, 'proofs.json');
  writeFileSync(proofsFile, JSON.stringify(proofs));
  const vr = spawnSync(process.execPath, [join(here, 'verify-child.mjs'), proofsFile, rc], {
    encoding: 'utf8',
  });
  if (vr.status !== 0) throw new Error(`verify child failed: ${vr.stderr}`);
  const fv = JSON.parse(vr.stdout);
  const per = fv.perProofUs / 1000;
  const ok = proofs.length;
  results.f = { height: proofs[0].height, perProofUs: per * 1000, verified: ok };
  log(`(f) verification: ${(per * 1000).toFixed(1)} µs per proof (height ${proofs[0].height})`);

  // (d)
  if (BIG) {
    const big = setup(10_000_000, 8, 'd');
    const d = rssOf(big.csv, big.assets, join(dir, 'tree-d'));
    results.d = {
      users: 10_000_000,
      assets: 8,
      peakRssMiB: d.peakRssMiB,
      wallMs: d.wallMs,
      runs: d.runs,
    };
    log(`(d) 10M × 8: peak RSS ${d.peakRssMiB?.toFixed(0)} MiB, ${(d.wallMs / 1000).toFixed(1)} s`);
  } else log('(d) skipped (set KURA_BENCH_10M=1 or pass --10m)');

  const fmt = (x, u) => (x === undefined ? 'skipped' : `${x.toFixed(u === 'µs' ? 1 : 0)} ${u}`);
  const table = [
    '| measure | result |',
    '|---|---|',
    `| (a) kura tree build, ${USERS.toLocaleString('en-US')} users × 4 assets, dense, CSV → root | ${fmt(results.a.ms, 'ms')} wall (${fmt(results.a.cpuMs, 'ms')} CPU, all threads) |`,
    `| (b) merkletreejs, ${USERS.toLocaleString('en-US')} ready-made SHA-256 leaves | ${fmt(results.b.ms, 'ms')} wall (${fmt(results.b.cpuMs, 'ms')} CPU) |`,
    `| (c) ratio (a)/(b) | ${results.c.ratio.toFixed(2)} wall${results.a.cpuMs ? `, ${(results.a.cpuMs / results.b.cpuMs).toFixed(2)} CPU` : ''} |`,
    `| (d) peak RSS, 10M users × 8 assets | ${fmt(results.d?.peakRssMiB, 'MiB')} |`,
    `| (e) proof extraction, median | ${fmt(results.e.medianMs * 1000, 'µs')} |`,
    `| (f) verification per proof (height ${results.f.height}) | ${fmt(results.f.perProofUs, 'µs')} |`,
  ].join('\n');
  results.loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  process.stdout.write(
    `\n${table}\n\nmachine: ${results.cpus} × ${results.cpu}, Node ${results.node}, load average ${results.loadavg}\n`
  );
  writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}
