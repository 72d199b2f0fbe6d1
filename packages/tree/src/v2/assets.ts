/**
 * The v2 asset list (SPEC.md §16.12): the v1 entry (§4.2) plus `treeDecimals`, the precision
 * of the tree's units for that asset. A tree value is the balance rounded UP to tree units, so a
 * customer is never understated: `treeValue = ⌈balance / 10^(decimals − treeDecimals)⌉`.
 * @module
 */
import { jcs, taggedHash, validate } from '@kura/codec';
import { VALUE_BOUND } from '@kura/confidential';
import type { Asset } from '../round.js';
import { assetsV2Shape } from './shapes.js';

/** One entry of a v2 asset list. */
export interface AssetV2 extends Asset {
  /** 0 … `decimals`: the decimals of one tree unit. */
  readonly treeDecimals: number;
}

/** Tag of the v2 asset-set hash. */
export const TAG_ASSETS_V2 = 'kura/v2/assets';

/**
 * Validate a v2 asset list strictly ({@link assetsV2Shape}): every rule of §4.2, plus
 * `treeDecimals` a JSON integer `0 ≤ treeDecimals ≤ decimals` in every entry. Returns a clean
 * copy (members in the order symbol, decimals, treeDecimals, network). Throws a
 * {@link DocumentError} naming the JSON path below `at`.
 */
export function parseAssetsV2(v: unknown, at: readonly (string | number)[] = []): AssetV2[] {
  return validate(assetsV2Shape, v, { at }).map((a) =>
    a.network === undefined
      ? { symbol: a.symbol, decimals: a.decimals, treeDecimals: a.treeDecimals }
      : { symbol: a.symbol, decimals: a.decimals, treeDecimals: a.treeDecimals, network: a.network }
  );
}

/**
 * `assetSetHashV2 = TH("kura/v2/assets", JCS(assets))` — the v2 list with its `treeDecimals`,
 * so the units of every total are bound.
 */
export function assetSetHashV2(assets: readonly AssetV2[]): Uint8Array {
  return taggedHash(TAG_ASSETS_V2, jcs(assets));
}

/** `10^(decimals − treeDecimals)`: base units per tree unit. */
export function unitScale(asset: AssetV2): bigint {
  return 10n ** BigInt(asset.decimals - asset.treeDecimals);
}

/**
 * `⌈balance / 10^(decimals − treeDecimals)⌉` — a balance in base units as tree units, rounded up.
 * Throws a RangeError naming `field` for a negative balance; the result may be ≥ 2^64 (callers
 * check {@link VALUE_BOUND}).
 */
export function treeValue(balance: bigint, asset: AssetV2, field = 'balance'): bigint {
  if (typeof balance !== 'bigint' || balance < 0n)
    throw new RangeError(`"${field}" must be a non-negative bigint, got ${String(balance)}`);
  const s = unitScale(asset);
  return (balance + s - 1n) / s;
}

/** Tree units back to base units (`value · 10^(decimals − treeDecimals)`): what a total states. */
export function fromTreeUnits(value: bigint, asset: AssetV2): bigint {
  return value * unitScale(asset);
}

/** Largest tree value (exclusive): `2^64`. */
export const TREE_VALUE_BOUND: bigint = VALUE_BOUND;
