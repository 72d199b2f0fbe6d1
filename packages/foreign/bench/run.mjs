/**
 * Bench: verify generated OKX v2 full-liabilities tree files of growing size with
 * `verifyForeignFile` (every internal node recomputed, streaming) in a fresh process each, and
 * report wall time, nodes per second and peak RSS — which stays flat as the file grows
 * (bounded memory). Needs `npm run build` first (uses dist/). Files go to the OS temp dir and
 * are removed afterwards.
 *
 *   node bench/run.mjs            # 2^14, 2^17, 2^19 leaves
 *   node bench/run.mjs 20         # also 2^20 leaves (~240 MB file)
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_ENTRY = fileURLToPath(new URL('../dist/node.js', import.meta.url));
const sha = (s) => createHash('sha256').update(s).digest('hex');

/** Exact 8-decimal text of an integer count of 1e-8 units, without trailing zeros (Go String()). */
function txt(units) {
  const s = units.toString().padStart(9, '0');
  const t = `${s.slice(0, -8)}.${s.slice(-8)}`.replace(/\.?0+$/, '');
  return t === '' ? '0' : t;
}

async function generate(file, bits) {
  let level = [];
  let seed = 12345n;
  const rnd = () => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return seed >> 40n;
  };
  for (let i = 0; i < 2 ** bits; i++) {
    const b = [rnd() % 1000n, rnd() % 100000n, rnd() % 100000000n];
    level.push({ hash: sha(`leaf${i}`), b });
  }
  const levels = [level];
  for (let h = 2; level.length > 1; h++) {
    const next = [];
    for (let k = 0; k < level.length; k += 2) {
      const c0 = level[k];
      const c1 = level[k + 1];
      const b = [c0.b[0] + c1.b[0], c0.b[1] + c1.b[1], c0.b[2] + c1.b[2]];
      next.push({ hash: sha(c1.hash + c0.hash + b.map(txt).join('') + h), b });
    }
    levels.push(next);
    level = next;
  }
  const out = createWriteStream(file);
  for (let l = levels.length - 1; l >= 0; l--)
    for (const n of levels[l]) {
      const line = `${n.hash},${l + 1},{"BTC":"${txt(n.b[0])}","ETH":"${txt(n.b[1])}","USDT":"${txt(n.b[2])}"}\n`;
      if (!out.write(line)) await new Promise((r) => out.once('drain', r));
    }
  await new Promise((r) => out.end(r));
}

const sizes = [14, 17, 19, ...process.argv.slice(2).map(Number)];
console.log(
  `machine: ${process.arch}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
);
for (const bits of sizes) {
  const file = join(tmpdir(), `kura-okx-tree-${bits}.txt`);
  await generate(file, bits);
  const bytes = statSync(file).size;
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { verifyForeignFile } = await import(${JSON.stringify(NODE_ENTRY)});
       const t = performance.now();
       const r = await verifyForeignFile(${JSON.stringify(file)});
       const ms = performance.now() - t;
       if (!r.ok || !r.report.verdict.ok) { console.error(JSON.stringify(r)); process.exitCode = 1; }
       else console.log(JSON.stringify({ ms, nodes: r.report.tree.nodes, rss: process.resourceUsage().maxRSS }));`,
    ],
    { encoding: 'utf8' }
  );
  rmSync(file);
  if (child.status !== 0) throw new Error(child.stderr);
  const { ms, nodes, rss } = JSON.parse(child.stdout);
  console.log(
    `2^${bits} leaves: ${(bytes / 2 ** 20).toFixed(1)} MiB, ${nodes} nodes, ${(ms / 1000).toFixed(2)} s, ${Math.round(nodes / (ms / 1000)).toLocaleString('en')} nodes/s, peak RSS ${(rss / 1024).toFixed(0)} MiB`
  );
}
