/**
 * (f) in a fresh process, as a customer's or auditor's verifier runs: read proofs (JSON text),
 * parse them, warm up, then time 7 rounds of verifying every one; print the median round's cost
 * per proof as one JSON line.
 * usage: node verify-child.mjs <proofs.json> <rootCommitment hex>
 */
import { readFileSync } from 'node:fs';
import { verifyProof } from '@kura/tree';
import '@kura/tree/node';

const [, , file, rc] = process.argv;
const proofs = JSON.parse(readFileSync(file, 'utf8'));
for (let r = 0; r < 3; r++)
  for (const p of proofs)
    if (!verifyProof(p, { rootCommitment: rc }).ok) throw new Error('proof failed');
const rounds = [];
for (let r = 0; r < 7; r++) {
  const t0 = performance.now();
  for (const p of proofs) verifyProof(p, { rootCommitment: rc });
  rounds.push(((performance.now() - t0) * 1000) / proofs.length);
}
rounds.sort((x, y) => x - y);
process.stdout.write(
  `${JSON.stringify({ perProofUs: rounds[3], minUs: rounds[0], maxUs: rounds[6] })}\n`
);
