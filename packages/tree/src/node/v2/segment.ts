/**
 * One segment job of the v2 builder: the leaves of an aligned subtree of `2^levels` positions
 * in, the store records of its levels `0 … levels` and its top node out. Shared by the worker
 * threads and the inline (no-worker) path.
 * @module
 */
import {
  deriveLeaves,
  type LeafInput,
  reduceLevels,
  type WorkNode,
  writeRecords,
} from './reduce.js';

/** A segment job (structured-clone friendly). */
export interface SegmentJob {
  readonly roundKey: Uint8Array;
  readonly k: number;
  readonly levels: number;
  /** Sorted by position, all within one aligned block of `2^levels` positions. */
  readonly leaves: readonly LeafInput[];
}

/** A segment's result: records per level (0 … levels) and the top node. */
export interface SegmentResult {
  readonly records: Uint8Array[];
  readonly counts: number[];
  readonly top: WorkNode;
}

/** Run a segment job. */
export function runSegment(job: SegmentJob): SegmentResult {
  const leaves = deriveLeaves(job.roundKey, job.k, job.leaves);
  const up = reduceLevels(job.roundKey, job.k, 0, job.levels, leaves);
  const all = [leaves, ...up];
  return {
    records: all.map((ns) => writeRecords(ns, job.k)),
    counts: all.map((ns) => ns.length),
    top: all[all.length - 1]![0]!,
  };
}
