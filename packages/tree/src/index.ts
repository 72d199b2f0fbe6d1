/**
 * @kura/tree — the liabilities Merkle-sum tree of protocol v1 and the v2 (confidential) documents (isomorphic part: no `Buffer`,
 * no `node:` modules). The streaming builder and on-disk store are in `@kura/tree/node`.
 * @module
 */

export { parseAnyRootFile } from './any-root.js';
export { ownershipChallenge } from './challenge.js';
export { PROTOCOL_VERSION, rootCommitment, TAG_ROOT } from './commitment.js';
export {
  getHashBackend,
  nobleBackend,
  setHashBackend,
  type TreeHashBackend,
} from './hash.js';
export { MAX_HEIGHT, nodeHash, parentNode, TAG_NODE, type TreeNode } from './inner.js';
export {
  checkBalances,
  checkUid,
  LABEL_NONCE,
  leafHash,
  leafNonce,
  TAG_LEAF,
  TAG_UID,
  uidHash,
} from './leaf.js';
export { LABEL_PAD, padHash, padNode } from './pad.js';
export {
  checkHeight,
  compareBytes,
  denseHeight,
  LABEL_ORDER,
  LABEL_POSITION,
  orderKey,
  type Placement,
  type PlacementInput,
  placeUsers,
  resolveHeight,
  SPARSE_DEFAULT_HEIGHT,
  sparseCandidate,
  topBits,
} from './placement.js';
export {
  formatProof,
  type InclusionProof,
  type ParsedProof,
  PROOF_VERSION,
  type ProofSiblingJson,
  parseProof,
} from './proof.js';
export { LABEL_PROOF_FILE, proofFileId, proofFileIdFromKey } from './proof-file.js';
export { makeRootFile, parseRootFile, ROOT_VERSION, type RootFile } from './rootfile.js';
export {
  type Asset,
  assetSetHash,
  deriveRoundKey,
  type MasterSecret,
  type MasterSecretHandle,
  parseAssets,
  parseRound,
  type Round,
  roundId,
} from './round.js';
export {
  assetShape,
  assetsShape,
  MAX_ASSETS,
  type ProofJson,
  proofShape,
  type RootJson,
  type RoundJson,
  rootShape,
  roundShape,
  uidShape,
} from './shapes.js';
export { addSums, encodeSums, maxSumAtLevel, type Sums, writeSums, zeroSums } from './sums.js';
export {
  type BuildTreeOptions,
  buildTree,
  type IndexedNode,
  type MemoryTree,
  type PlacedLeaf,
  siblingIndex,
  type UserBalances,
} from './tree.js';
export {
  type AssetV2,
  assetSetHashV2,
  fromTreeUnits,
  parseAssetsV2,
  TAG_ASSETS_V2,
  TREE_VALUE_BOUND,
  treeValue,
  unitScale,
} from './v2/assets.js';
export {
  formatProofV2,
  type InclusionProofV2,
  type ParsedProofV2,
  PROOF_VERSION_V2,
  type ProofSiblingJsonV2,
  parseProofV2,
} from './v2/proof.js';
export {
  makeRootFileV2,
  type ParsedRootV2,
  parseRootFileV2,
  ROOT_VERSION_V2,
  type RootFileV2,
} from './v2/rootfile.js';
export {
  assetsV2Shape,
  b64x32Shape,
  type ProofV2Json,
  proofV2Shape,
  type RootV2Json,
  rangeProofShape,
  rootV2Shape,
} from './v2/shapes.js';
export { parseScalarB64 } from './v2/strict.js';
export {
  type BuildTreeV2Options,
  buildTreeV2,
  type CustomerV2,
  type MemoryTreeV2,
  type OpenedNodeV2,
} from './v2/tree.js';
export {
  documentProtocol,
  type ProofV2Code,
  type ProofV2Options,
  type ProofV2Verified,
  type RootV2Argument,
  verifyProofDocumentV2,
} from './v2/verify.js';
export {
  type ProofErrorCode,
  type ProofExpectation,
  type ProofVerified,
  verifyProof,
} from './verify.js';
