/**
 * @kura/tree/node — the Node.js part of the tree: a `node:crypto` hash backend (installed on
 * import), the streaming builder with worker threads, the on-disk tree store with proof
 * extraction, and the CSV / JSON Lines input parsers.
 * @module
 */
import { setHashBackend } from './hash.js';
import { nodeCryptoBackend } from './node/crypto-backend.js';

setHashBackend(nodeCryptoBackend);

export {
  type BuildStoreOptions,
  type BuildStoreResult,
  buildTreeStore,
} from './node/build.js';
export { nodeCryptoBackend } from './node/crypto-backend.js';
export {
  expectTreeStore,
  readAssetsFile,
  readAssetsV2File,
  readRootV2File,
  readRoundFile,
  readRoundOrRootFile,
  readTreeDocument,
} from './node/documents.js';
export {
  type ExportOptions,
  type ExportResult,
  exportProofs,
  PROOFS_VERSION,
  type ProofSource,
  type ProofsManifest,
  proofsManifestShape,
  readProofsManifest,
} from './node/export.js';
export {
  detectFormat,
  type InputConfig,
  type InputFormat,
  invalidUtf8At,
  MAX_ROW_BYTES,
  MAX_UID_BYTES,
} from './node/input.js';
export { proofFileIdNode } from './node/proof-file.js';
export {
  isTreeStore,
  STORE_VERSION,
  type StoredLeaf,
  type StoreMeta,
  TreeStore,
} from './node/store.js';
export { storeMetaShape, storeMetaV2Shape } from './node/store-shapes.js';
export {
  type BuildStoreV2Options,
  type BuildStoreV2Result,
  buildTreeStoreV2,
} from './node/v2/build.js';
export {
  isTreeStoreV2,
  STORE_VERSION_V2,
  type StoreMetaV2,
  TreeStoreV2,
} from './node/v2/store.js';
