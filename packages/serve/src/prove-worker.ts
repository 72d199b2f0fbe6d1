/**
 * Worker-thread entry of {@link ProverPool}: one job per message — a range proof over a v2
 * path's siblings (`proveSiblingsV2` of `@kura/confidential`, SPEC.md §16.7), or one customer's
 * whole `kura-proof/2` from a v2 tree store (`TreeStoreV2.proof` of `@kura/tree/node`, then —
 * unless the job says otherwise — `verifyProofDocumentV2` of `@kura/tree` against the store's
 * root commitment) — and posts the result back. One job at a time: a range proof is seconds of
 * one core.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '@kura/codec';
import { proveSiblingsV2 } from '@kura/confidential';
import { verifyProofDocumentV2 } from '@kura/tree';
import { TreeStoreV2 } from '@kura/tree/node';
import type { StoreJob, WorkerJob } from './prover.js';

const port = parentPort!;

/** v2 stores opened by this thread, by directory. */
const stores = new Map<string, TreeStoreV2>();

function fromStore(job: StoreJob): string {
  let store = stores.get(job.dir);
  if (!store) {
    store = TreeStoreV2.open(job.dir, job.secret);
    stores.set(job.dir, store);
  }
  let proof: ReturnType<TreeStoreV2['proof']>;
  try {
    proof = store.proof(job.uid);
  } catch (e) {
    if (e instanceof InputError && e.location.field === '--uid')
      throw Object.assign(new Error('the uid is not in the tree'), { code: 'UID_NOT_FOUND' });
    throw e;
  }
  if (job.verify) {
    const v = verifyProofDocumentV2(proof, store.root.rootCommitment, {
      round: store.root.round,
      assets: store.root.assets,
    });
    if (!v.ok)
      throw Object.assign(new Error(`the proof does not verify: ${v.code}: ${v.message}`), {
        code: 'PROOF_SELF_CHECK_FAILED',
      });
  }
  return JSON.stringify(proof);
}

/** Codes a job may fail with that the caller acts on. */
const CODES = new Set(['PROOF_SELF_CHECK_FAILED', 'UID_NOT_FOUND']);

port.on('message', (msg: { id: number; job: WorkerJob }) => {
  const { id, job } = msg;
  try {
    if (job.kind === 'range') {
      const { proof } = proveSiblingsV2(job.job.siblings, job.job.context);
      port.postMessage({ id, ok: true, value: proof }, [proof.buffer as ArrayBuffer]);
    } else port.postMessage({ id, ok: true, value: fromStore(job.job) });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    port.postMessage({
      id,
      ok: false,
      code: typeof code === 'string' && CODES.has(code) ? code : undefined,
      error: e instanceof Error ? e.message : String(e),
    });
  }
});
