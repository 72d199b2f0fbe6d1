/**
 * A fresh process that verifies one range proof, as `kura tree verify` would: import the
 * package, get the generators (from the pinned table through the Node entry point, or derived
 * by hash-to-curve through the isomorphic entry), verify.
 * argv: <proof.json> <derive|table> <noble|fast>. Prints {ok, cpuMs, wallMs} on stdout — CPU
 * and wall time since the process started, module loading included.
 */
import { readFileSync } from 'node:fs';
import { hexToBytes } from '@kura/codec';

const [file, gens, engine] = process.argv.slice(2);
// 'table': the package as Node programs import it (its Node entry registers the table);
// 'derive': the isomorphic main entry, as a browser bundle without the table gets it
const { fastEngine, verifyRangeProof } = await import(
  gens === 'table' ? '@kura/confidential' : '../dist/index.js'
);
const j = JSON.parse(readFileSync(file, 'utf8'));
const ctx = {
  roundId: hexToBytes(j.roundId),
  assetSetHash: hexToBytes(j.assetSetHash),
  height: j.height,
  position: j.position,
};
const r = verifyRangeProof(
  j.commitments.map((h) => hexToBytes(h)),
  hexToBytes(j.proof),
  ctx,
  { engine: engine === 'fast' ? fastEngine : engine }
);
const u = process.cpuUsage();
process.stdout.write(
  JSON.stringify({ ok: r.ok, cpuMs: (u.user + u.system) / 1000, wallMs: performance.now() })
);
