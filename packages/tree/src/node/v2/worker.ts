/**
 * Worker thread entry of the v2 builder: runs {@link runSegment} jobs posted by the main thread.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { runSegment, type SegmentJob } from './segment.js';

parentPort?.on('message', (msg: { id: number; job: SegmentJob }) => {
  try {
    const r = runSegment(msg.job);
    parentPort!.postMessage(
      { id: msg.id, result: r },
      r.records.map((b) => b.buffer as ArrayBuffer)
    );
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
