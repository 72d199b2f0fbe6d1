/**
 * Worker-thread entry of the streaming builder: runs {@link TaskRunner} tasks posted by
 * {@link WorkerPool} and transfers result buffers back.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type TaskInit, TaskRunner } from './tasks.js';

const runner = new TaskRunner(workerData as TaskInit);
const port = parentPort!;

port.on('message', (msg: { id: number; job: Record<string, unknown> & { kind: string } }) => {
  const { id, job } = msg;
  try {
    if (job.kind === 'derive') {
      const r = runner.derive(job.chunk as Uint8Array, job.index as number, job.last as boolean);
      port.postMessage({ id, ok: true, value: r }, [r.records.buffer as ArrayBuffer]);
    } else {
      const r = runner.reduce(
        job.records as Uint8Array,
        job.count as number,
        job.level0 as number,
        job.levels as number
      );
      port.postMessage({ id, ok: true, value: r }, [r.records.buffer as ArrayBuffer]);
    }
  } catch (e) {
    port.postMessage({
      id,
      ok: false,
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
  }
});
