/**
 * @kura/confidential — the cryptographic core of protocol v2 (SPEC.md §16, draft): the
 * ristretto255 group with strict encodings, nothing-up-the-sleeve generators, Pedersen
 * commitments with per-round derived blindings, a tagged-hash Fiat–Shamir transcript and
 * aggregated Bulletproofs range proofs. Isomorphic: depends on @kura/codec and @noble only.
 * @module
 */
export {
  bulletproofG,
  bulletproofGenerators,
  bulletproofH,
  G,
  GENERATOR_DST,
  GENERATOR_TABLE_COUNT,
  GENERATOR_TABLE_LENGTH,
  GENERATOR_TABLE_SHA256,
  generatorsId,
  generatorTableInstalled,
  hashToGenerator,
  installGeneratorTable,
  pedersenH,
} from './generators.js';
export {
  type DecodeCode,
  decodePoint,
  decodeScalar,
  ENCODED_LENGTH,
  encodePoint,
  encodeScalar,
  inv,
  mod,
  ORDER,
  Point,
  scalarFromWide,
} from './group.js';
export {
  LABEL_NONCE_V2,
  leafFromOpeningV2,
  leafHashV2,
  leafNodeV2,
  leafNonceV2,
  MAX_HEIGHT_V2,
  type NodeV2,
  nodeHashV2,
  nodeHashV2Encoded,
  padHashV2,
  padNodeV2,
  parentNodeV2,
  TAG_LEAF_V2,
  TAG_NODE_V2,
} from './inner.js';
export {
  commit,
  decodeCommitment,
  encodeCommitment,
  leafBlinding,
  leafBlindings,
  type OpeningCode,
  padBlinding,
  padCommitment,
  RANGE_BITS,
  sumBlindings,
  sumCommitments,
  VALUE_BOUND,
  verifyOpening,
} from './pedersen.js';
export {
  addHalves,
  type CommitmentHalf,
  commitMany,
  encodeMany,
  halfToPoint,
  pointToHalf,
  sumPairs,
} from './pedersen-batch.js';
export {
  type InclusionV2,
  type InclusionV2Code,
  type InclusionV2Verified,
  proveSiblingsV2,
  type SiblingV2,
  verifyInclusionV2,
} from './proof.js';
export {
  batchInvert,
  MAX_AGGREGATION,
  msm,
  nobleEngine,
  paddedCount,
  RANGE_PROOF_VERSION,
  type RandomSource,
  type RangeContext,
  type RangeEngine,
  type RangeProof,
  type RangeProofCode,
  type RangeVerifyOptions,
  rangeProofLength,
  verifyRangeProof,
} from './rangeproof.js';
export { fastEngine } from './rangeproof-fast.js';
export { proveRange } from './rangeproof-prove.js';
export {
  type OpenedTotal,
  type RootOpeningCode,
  rootCommitmentV2,
  TAG_ROOT_V2,
  VERSION_V2,
  verifyRootOpening,
} from './root.js';
export { Transcript } from './transcript.js';
