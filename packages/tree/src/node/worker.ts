/**
 * Worker-thread entry of the streaming builder: runs {@link TaskRunner} tasks posted by
 * {@link WorkerPool} and transfers result buffers back.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Job } from './pool.js';
import { adoptSimdModule } from './sha256-simd.js';
import { type TaskInit, TaskRunner } from './tasks.js';

const data = workerData as { init: TaskInit; simd: WebAssembly.Module | null };
adoptSimdModule(data.simd);
const runner = new TaskRunner(data.init);
const port = parentPort!;

port.on('message', (msg: { id: number; job: Job }) => {
  const { id, job } = msg;
  try {
    if (job.kind === 'derive') {
      const r = runner.derive(job.chunk, job.index, job.last);
      port.postMessage({ id, ok: true, value: r }, [r.records.buffer as ArrayBuffer]);
    } else if (job.kind === 'sortBucket') {
      const r = runner.sortBucket(job.buf);
      port.postMessage({ id, ok: true, value: r }, [
        r.nodes.buffer as ArrayBuffer,
        r.keys.buffer as ArrayBuffer,
        r.uids.buffer as ArrayBuffer,
        r.uidOff.buffer as ArrayBuffer,
      ]);
    } else {
      const r = runner.reduce(job.input, job.count, job.level0, job.levels, job.leaves);
      const transfer = [r.records.buffer as ArrayBuffer];
      if (r.index) transfer.push(r.index.buffer as ArrayBuffer);
      port.postMessage({ id, ok: true, value: r }, transfer);
    }
  } catch (e) {
    port.postMessage({
      id,
      ok: false,
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
  }
});
