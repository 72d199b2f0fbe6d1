/**
 * @kura/audit — the auditor's protocol rules (isomorphic: no `node:` modules): the public beacon
 * and the random sample of customers for balance confirmation (SPEC.md §10.3), and the check of a
 * protocol v2 tree against the auditor's rebuild ({@link auditTreeV2}, SPEC.md §16).
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
export {
  type AuditorTreeV2,
  auditTreeV2,
  memoryAuditorTree,
  type ProofToCheck,
  type TreeV2AuditCode,
  type TreeV2AuditInput,
  type TreeV2AuditResult,
  type TreeV2Finding,
} from './tree-v2.js';
