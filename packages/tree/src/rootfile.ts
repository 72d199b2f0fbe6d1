/**
 * The tree root file `<tree dir>/root.json` (format pinned as `kura-root/1`): what
 * `kura tree build` publishes and an attestation binds.
 * @module
 */
import { bytesToHex, EncodingError, equalBytes } from '@kura/codec';
import { rootCommitment } from './commitment.js';
import { MAX_HEIGHT } from './inner.js';
import type { Placement } from './placement.js';
import { type Asset, assetSetHash, parseAssets, parseRound, type Round, roundId } from './round.js';
import { decimals, exactObject, hex32, intIn } from './strict.js';

/** The `version` of a root file. */
export const ROOT_VERSION = 'kura-root/1';

/** `root.json`. The user count is deliberately not in it. */
export interface RootFile {
  readonly version: typeof ROOT_VERSION;
  readonly round: Round;
  readonly roundId: string;
  readonly assets: readonly Asset[];
  readonly assetSetHash: string;
  readonly placement: Placement;
  readonly height: number;
  readonly rootHash: string;
  /** Σroot per asset in asset-list order, decimal strings of base units. */
  readonly totals: readonly string[];
  readonly rootCommitment: string;
}

const ROOT_KEYS = [
  'version',
  'round',
  'roundId',
  'assets',
  'assetSetHash',
  'placement',
  'height',
  'rootHash',
  'totals',
  'rootCommitment',
] as const;

/** Build a root file from a tree's values (field order as pinned). */
export function makeRootFile(t: {
  round: Round;
  assets: readonly Asset[];
  placement: Placement;
  height: number;
  rootHash: Uint8Array;
  totals: readonly bigint[];
}): RootFile {
  const rid = roundId(t.round);
  const ash = assetSetHash(t.assets);
  return {
    version: ROOT_VERSION,
    round: t.round,
    roundId: bytesToHex(rid),
    assets: t.assets,
    assetSetHash: bytesToHex(ash),
    placement: t.placement,
    height: t.height,
    rootHash: bytesToHex(t.rootHash),
    totals: t.totals.map(String),
    rootCommitment: bytesToHex(rootCommitment(rid, ash, t.height, t.rootHash, t.totals)),
  };
}

/**
 * Parse a root file strictly and check that its derived values agree: roundId, assetSetHash
 * and rootCommitment are recomputed from the round, assets, height, rootHash and totals.
 * Throws {@link EncodingError} naming the field.
 */
export function parseRootFile(v: unknown): RootFile {
  const o = exactObject(v, ROOT_KEYS, 'root');
  if (o.version !== ROOT_VERSION)
    throw new EncodingError(`expected "${ROOT_VERSION}"`, 'root.version');
  const round = parseRound(o.round, 'root.round');
  const assets = parseAssets(o.assets, 'root.assets');
  if (o.placement !== 'dense' && o.placement !== 'sparse')
    throw new EncodingError('expected "dense" or "sparse"', 'root.placement');
  const height = intIn(o.height, 1, MAX_HEIGHT, 'root.height');
  const rootHash = hex32(o.rootHash, 'root.rootHash');
  const totals = decimals(o.totals, assets.length, 'root.totals');
  const rid = hex32(o.roundId, 'root.roundId');
  const ash = hex32(o.assetSetHash, 'root.assetSetHash');
  const rc = hex32(o.rootCommitment, 'root.rootCommitment');
  if (!equalBytes(rid, roundId(round)))
    throw new EncodingError('does not match the round', 'root.roundId');
  if (!equalBytes(ash, assetSetHash(assets)))
    throw new EncodingError('does not match the asset list', 'root.assetSetHash');
  for (let i = 0; i < totals.length; i++)
    if (totals[i]! >= 1n << 128n) throw new EncodingError('exceeds u128', `root.totals[${i}]`);
  if (!equalBytes(rc, rootCommitment(rid, ash, height, rootHash, totals)))
    throw new EncodingError('does not match the other fields', 'root.rootCommitment');
  return makeRootFile({ round, assets, placement: o.placement, height, rootHash, totals });
}
