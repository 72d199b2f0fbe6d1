/**
 * Worker-thread entry of {@link ProverPool}: one job per message — a range proof over a v2
 * path's siblings (`proveSiblingsV2` of `@kura/confidential`, SPEC.md §16.7), or a whole
 * `kura-proof/2` (range proof, `formatProofV2`, then `verifyProofDocumentV2` of `@kura/tree`
 * against the root commitment) — and posts the result back. One job at a time: a range proof is
 * seconds of one core.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { proveSiblingsV2 } from '@kura/confidential';
import { formatProofV2, verifyProofDocumentV2 } from '@kura/tree';
import type { DocumentJob, WorkerJob } from './prover.js';

const port = parentPort!;

function document(job: DocumentJob): string {
  const { path, doc } = job;
  const k = doc.assets.length;
  const rp = proveSiblingsV2(path.siblings, path.context);
  const proof = formatProofV2({
    ...doc,
    height: path.context.height,
    position: Number(path.context.position),
    siblings: job.siblingHashes.map((hash, l) => ({
      hash,
      commitments: rp.commitments.slice(l * k, (l + 1) * k),
    })),
    rangeProof: rp.proof,
  });
  if (job.verify) {
    const v = verifyProofDocumentV2(proof, doc.rootCommitment, {
      round: doc.round,
      assets: doc.assets,
    });
    if (!v.ok) {
      const e = new Error(`the proof does not verify: ${v.code}: ${v.message}`);
      (e as Error & { code: string }).code = 'PROOF_SELF_CHECK_FAILED';
      throw e;
    }
  }
  return JSON.stringify(proof);
}

port.on('message', (msg: { id: number; job: WorkerJob }) => {
  const { id, job } = msg;
  try {
    if (job.kind === 'range') {
      const { proof } = proveSiblingsV2(job.job.siblings, job.job.context);
      port.postMessage({ id, ok: true, value: proof }, [proof.buffer as ArrayBuffer]);
    } else port.postMessage({ id, ok: true, value: document(job.job) });
  } catch (e) {
    port.postMessage({
      id,
      ok: false,
      code:
        (e as { code?: unknown }).code === 'PROOF_SELF_CHECK_FAILED'
          ? 'PROOF_SELF_CHECK_FAILED'
          : undefined,
      error: e instanceof Error ? e.message : String(e),
    });
  }
});
