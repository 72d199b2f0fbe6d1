/**
 * @kura/tree — the liabilities Merkle-sum tree of protocol v1 (isomorphic part).
 * @module
 */
export { ownershipChallenge } from './challenge.js';
export {
  type Asset,
  assetSetHash,
  deriveRoundKey,
  MAX_ASSETS,
  parseAssets,
  parseRound,
  type Round,
  roundId,
} from './round.js';
