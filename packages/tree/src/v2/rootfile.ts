/**
 * The v2 tree root file `kura-root/2` (SPEC.md §16.12): the root hash, the opened per-asset
 * totals `V_a` (tree units) with their root blindings `R_a`, the height and the v2 root
 * commitment, which binds protocol version 2 and all of these.
 * @module
 */
import {
  base64ToBytes,
  bytesToHex,
  DocumentError,
  equalBytes,
  hexToBytes,
  validate,
} from '@kura/codec';
import { decodeScalar, rootCommitmentV2, VALUE_BOUND } from '@kura/confidential';
import type { Placement } from '../placement.js';
import { toBig } from '../proof.js';
import { parseRound, type Round, roundId } from '../round.js';
import { type AssetV2, assetSetHashV2, parseAssetsV2 } from './assets.js';
import { cleanAssetV2, scalarB64 } from './proof.js';
import { rootV2Shape } from './shapes.js';

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
 * Parse a v2 root file strictly ({@link rootV2Shape}) and check that its derived values agree:
 * `roundId`, `assetSetHash` and `rootCommitment` are recomputed; every total must be `< 2^64`
 * and every root blinding a canonical scalar. Throws a {@link DocumentError} naming the JSON
 * path.
 */
export function parseRootFileV2(v: unknown): ParsedRootV2 {
  const o = validate(rootV2Shape, v);
  const bad = (reason: string, ...keys: (string | number)[]): never => {
    throw new DocumentError('BAD_ENCODING', 'schema', reason, keys, {}, true);
  };
  const round = parseRound(o.round);
  const assets = parseAssetsV2(o.assets);
  const totals = o.totals.map(toBig);
  totals.forEach((t, i) => {
    if (t >= VALUE_BOUND) bad('must be < 2^64 (tree units)', 'totals', i);
  });
  const rootBlindings = o.rootBlindings.map((b, i) => {
    const d = decodeScalar(base64ToBytes(b, `rootBlindings.${i}`));
    return d.ok ? d.value : bad('not a canonical scalar (< ℓ)', 'rootBlindings', i);
  });
  const rootHash = hexToBytes(o.rootHash);
  const rid = hexToBytes(o.roundId);
  const ash = hexToBytes(o.assetSetHash);
  const rc = hexToBytes(o.rootCommitment);
  if (!equalBytes(rid, roundId(round))) bad('does not match the round', 'roundId');
  if (!equalBytes(ash, assetSetHashV2(assets)))
    bad('does not match the asset list', 'assetSetHash');
  const file = makeRootFileV2({
    round,
    assets,
    placement: o.placement,
    height: o.height,
    rootHash,
    totals,
    rootBlindings,
  });
  if (file.rootCommitment !== o.rootCommitment)
    bad('does not match the other fields', 'rootCommitment');
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
