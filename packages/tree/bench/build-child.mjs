/**
 * One tree build in a fresh process (so its peak RSS is its own): what `kura tree build` does,
 * through the library. Prints one JSON line: wall and CPU time, phases, peak RSS, root.
 * usage: node build-child.mjs <input> <assets.json> <round.json> <secret> <out> [dense|sparse]
 */
import { readFileSync } from 'node:fs';
import { parseAssets, parseRound } from '@kura/tree';
import { buildTreeStore } from '@kura/tree/node';

const [, , input, assetsFile, roundFile, secretFile, out, placement = 'dense'] = process.argv;
const t0 = performance.now();
const r = await buildTreeStore({
  input,
  assets: parseAssets(JSON.parse(readFileSync(assetsFile, 'utf8'))),
  round: parseRound(JSON.parse(readFileSync(roundFile, 'utf8'))),
  masterSecret: Uint8Array.from(Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'hex')),
  out,
  placement,
});
const wall = performance.now() - t0;
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    wallMs: wall,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    users: r.users,
    runs: r.runs,
    timings: r.timings,
    rootCommitment: r.root.rootCommitment,
  })}\n`
);
