/**
 * @kura/audit — the auditor's protocol rules (isomorphic: no `node:` modules): the public beacon
 * and the random sample of customers for balance confirmation (SPEC.md §10.3).
 * @module
 */
export {
  type Beacon,
  beaconHeight,
  DEFAULT_BEACON_DEPTH,
  DEFAULT_SAMPLE_SIZE,
  drawIndexes,
  sampleSeed,
  TAG_DRAW,
  TAG_SEED,
  UidHashList,
} from './sample.js';
