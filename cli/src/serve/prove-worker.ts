/**
 * Worker-thread entry of {@link ProverPool}: proves the range proof of one v2 inclusion path
 * (`proveSiblingsV2` of `@kura/confidential`, SPEC.md §16.7) per message and posts the proof
 * bytes back. One job at a time: a range proof is seconds of one core.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { proveSiblingsV2 } from '@kura/confidential';
import type { ProveJob } from './prover.js';

const port = parentPort!;

port.on('message', (msg: { id: number; job: ProveJob }) => {
  const { id, job } = msg;
  try {
    const { proof } = proveSiblingsV2(job.siblings, job.context);
    port.postMessage({ id, ok: true, proof }, [proof.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
