/**
 * The v2 tree root file `kura-root/2` (SPEC.md §16.12): the root hash, the opened per-asset
 * totals `V_a` (tree units) with their root blindings `R_a`, the height and the v2 root
 * commitment, which binds protocol version 2 and all of these.
 * @module
 */
import { bytesToHex, EncodingError, equalBytes } from '@kura/codec';
import { MAX_HEIGHT_V2, rootCommitmentV2, VALUE_BOUND } from '@kura/confidential';
import type { Placement } from '../placement.js';
import { parseRound, type Round, roundId } from '../round.js';
import { decimals, exactObject, hex32, intIn } from '../strict.js';
import { type AssetV2, assetSetHashV2, parseAssetsV2 } from './assets.js';
import { cleanAssetV2, scalarB64 } from './proof.js';
import { b64x32s, parseScalarB64 } from './strict.js';

/** The `version` of a v2 root file. */
export const ROOT_VERSION_V2 = 'kura-root/2';

/** `root.json` of a v2 tree. The user count is deliberately not in it. */
export interface RootFileV2 {
  readonly version: typeof ROOT_VERSION_V2;
  readonly round: Round;
  readonly roundId: string;
  readonly assets: readonly AssetV2[];
  readonly assetSetHash: string;
  readonly placement: Placement;
  readonly height: number;
  readonly rootHash: string;
  /** `V_a`: the opened totals in tree units, asset-list order. */
  readonly totals: readonly string[];
  /** `R_a`: the root blindings, base64 32-byte little-endian scalars. */
  readonly rootBlindings: readonly string[];
  readonly rootCommitment: string;
}

/** A parsed v2 root file with its values as bytes and bigints. */
export interface ParsedRootV2 {
  readonly file: RootFileV2;
  readonly roundId: Uint8Array;
  readonly assetSetHash: Uint8Array;
  readonly rootHash: Uint8Array;
  readonly totals: readonly bigint[];
  readonly rootBlindings: readonly bigint[];
  readonly rootCommitment: Uint8Array;
}

const KEYS = [
  'version',
  'round',
  'roundId',
  'assets',
  'assetSetHash',
  'placement',
  'height',
  'rootHash',
  'totals',
  'rootBlindings',
  'rootCommitment',
] as const;

/** Build a v2 root file from a tree's values (member order as pinned). */
export function makeRootFileV2(t: {
  round: Round;
  assets: readonly AssetV2[];
  placement: Placement;
  height: number;
  rootHash: Uint8Array;
  totals: readonly bigint[];
  rootBlindings: readonly bigint[];
}): RootFileV2 {
  const rid = roundId(t.round);
  const ash = assetSetHashV2(t.assets);
  const rc = rootCommitmentV2(
    rid,
    ash,
    t.height,
    t.rootHash,
    t.totals.map((value, a) => ({ value, blinding: t.rootBlindings[a]! }))
  );
  return {
    version: ROOT_VERSION_V2,
    round: {
      exchange: t.round.exchange,
      period: t.round.period,
      snapshotTime: t.round.snapshotTime,
    },
    roundId: bytesToHex(rid),
    assets: t.assets.map(cleanAssetV2),
    assetSetHash: bytesToHex(ash),
    placement: t.placement,
    height: t.height,
    rootHash: bytesToHex(t.rootHash),
    totals: t.totals.map(String),
    rootBlindings: t.rootBlindings.map(scalarB64),
    rootCommitment: bytesToHex(rc),
  };
}

/**
 * Parse a v2 root file strictly and check that its derived values agree: `roundId`,
 * `assetSetHash` and `rootCommitment` are recomputed; every total must be `< 2^64` and every
 * root blinding a canonical scalar. Throws {@link EncodingError} naming the field.
 */
export function parseRootFileV2(v: unknown): ParsedRootV2 {
  const o = exactObject(v, KEYS, 'root');
  if (o.version !== ROOT_VERSION_V2)
    throw new EncodingError(`expected "${ROOT_VERSION_V2}"`, 'root.version');
  const round = parseRound(o.round, 'root.round');
  const assets = parseAssetsV2(o.assets, 'root.assets');
  const k = assets.length;
  if (o.placement !== 'dense' && o.placement !== 'sparse')
    throw new EncodingError('expected "dense" or "sparse"', 'root.placement');
  const height = intIn(o.height, 1, MAX_HEIGHT_V2, 'root.height');
  const rootHash = hex32(o.rootHash, 'root.rootHash');
  const totals = decimals(o.totals, k, 'root.totals');
  totals.forEach((t, i) => {
    if (t >= VALUE_BOUND)
      throw new EncodingError('must be < 2^64 (tree units)', `root.totals[${i}]`);
  });
  const rootBlindings = b64x32s(o.rootBlindings, k, 'root.rootBlindings').map((_, i) =>
    parseScalarB64((o.rootBlindings as unknown[])[i], `root.rootBlindings[${i}]`)
  );
  const rid = hex32(o.roundId, 'root.roundId');
  const ash = hex32(o.assetSetHash, 'root.assetSetHash');
  const rc = hex32(o.rootCommitment, 'root.rootCommitment');
  if (!equalBytes(rid, roundId(round)))
    throw new EncodingError('does not match the round', 'root.roundId');
  if (!equalBytes(ash, assetSetHashV2(assets)))
    throw new EncodingError('does not match the asset list', 'root.assetSetHash');
  const file = makeRootFileV2({
    round,
    assets,
    placement: o.placement,
    height,
    rootHash,
    totals,
    rootBlindings,
  });
  if (file.rootCommitment !== bytesToHex(rc))
    throw new EncodingError('does not match the other fields', 'root.rootCommitment');
  return {
    file,
    roundId: rid,
    assetSetHash: ash,
    rootHash,
    totals,
    rootBlindings,
    rootCommitment: rc,
  };
}
