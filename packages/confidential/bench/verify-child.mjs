/**
 * A fresh process that verifies one range proof, as `kura tree verify` would: import the
 * package, get the generators (derived by hash-to-curve, or from the pinned table), verify.
 * argv: <proof.json> <derive|table> <noble|fast>. Prints {ok, cpuMs, wallMs} on stdout — CPU
 * and wall time since the process started, module loading included.
 */
import { readFileSync } from 'node:fs';
import { hexToBytes } from '@kura/codec';
import { verifyRangeProof } from '@kura/confidential';

const [file, gens, engine] = process.argv.slice(2);
if (gens === 'table') {
  const { installBundledGeneratorTable } = await import('@kura/confidential/generator-table');
  installBundledGeneratorTable();
}
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
  { engine }
);
const u = process.cpuUsage();
process.stdout.write(
  JSON.stringify({ ok: r.ok, cpuMs: (u.user + u.system) / 1000, wallMs: performance.now() })
);
