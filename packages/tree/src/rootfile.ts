/**
 * The tree root file `<tree dir>/root.json` (format pinned as `kura-root/1`): what
 * `kura tree build` publishes and an attestation binds.
 * @module
 */
import { bytesToHex, DocumentError, equalBytes, hexToBytes, validate } from '@kura/codec';
import { rootCommitment } from './commitment.js';
import type { Placement } from './placement.js';
import { toBig } from './proof.js';
import { type Asset, assetSetHash, copyAsset, parseRound, type Round, roundId } from './round.js';
import { rootShape } from './shapes.js';

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
 * Throws a {@link DocumentError} (code BAD_ENCODING) naming the field's JSON path.
 */
export function parseRootFile(v: unknown): RootFile {
  const o = validate(rootShape, v);
  const round = parseRound(o.round);
  const assets = o.assets.map(copyAsset);
  const rootHash = hexToBytes(o.rootHash);
  const totals = o.totals.map(toBig);
  const rid = hexToBytes(o.roundId);
  const ash = hexToBytes(o.assetSetHash);
  const rc = hexToBytes(o.rootCommitment);
  const bad = (reason: string, ...keys: (string | number)[]): never => {
    throw new DocumentError('BAD_ENCODING', 'schema', reason, keys, {}, true);
  };
  if (!equalBytes(rid, roundId(round))) bad('does not match the round', 'roundId');
  if (!equalBytes(ash, assetSetHash(assets))) bad('does not match the asset list', 'assetSetHash');
  for (let i = 0; i < totals.length; i++)
    if (totals[i]! >= 1n << 128n) bad('exceeds u128', 'totals', i);
  if (!equalBytes(rc, rootCommitment(rid, ash, o.height, rootHash, totals)))
    bad('does not match the other fields', 'rootCommitment');
  return makeRootFile({
    round,
    assets,
    placement: o.placement,
    height: o.height,
    rootHash,
    totals,
  });
}
