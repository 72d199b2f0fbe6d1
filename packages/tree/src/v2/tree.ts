/**
 * An in-memory v2 builder for small trees (tests, vectors, the other v2 components' fixtures):
 * the same placement as v1 (§7), v2 leaves, pads and nodes (SPEC.md §16.10), the opened root
 * totals and the `kura-root/2` / `kura-proof/2` documents. Large trees use the streaming builder.
 * @module
 */
import { hexToBytes, InputError } from '@kura/codec';
import {
  leafNodeV2,
  leafNonceV2,
  MAX_AGGREGATION,
  type NodeV2,
  padBlinding,
  padNodeV2,
  parentNodeV2,
  proveSiblingsV2,
  type RandomSource,
  sumBlindings,
  VALUE_BOUND,
} from '@kura/confidential';
import { uidHash } from '../leaf.js';
import { builderHeight, orderKey, type Placement, placeUsers, uniqueUids } from '../placement.js';
import { deriveRoundKey, type MasterSecret, type Round, roundId } from '../round.js';
import { pathOf } from '../tree.js';
import { type AssetV2, assetSetHashV2, treeValue } from './assets.js';
import { formatProofV2, type InclusionProofV2 } from './proof.js';
import { makeRootFileV2, type RootFileV2 } from './rootfile.js';

/** One customer row: uid and balances in base units, asset-list order. */
export interface CustomerV2 {
  readonly uid: string;
  readonly balances: readonly bigint[];
}

/** Options of {@link buildTreeV2}. */
export interface BuildTreeV2Options {
  /** Default `dense`. */
  readonly placement?: Placement;
  /** Default: dense `max(1, ⌈log2 n⌉)`, sparse 32. */
  readonly height?: number;
  /** Randomness of the range proofs (default: the platform CSPRNG); fixed only for vectors. */
  readonly random?: RandomSource;
}

/** A v2 node with its opening (builder side only: never published). */
export interface OpenedNodeV2 extends NodeV2 {
  readonly values: readonly bigint[];
  readonly blindings: readonly bigint[];
}

/** A built v2 tree in memory. */
export interface MemoryTreeV2 {
  readonly round: Round;
  readonly assets: readonly AssetV2[];
  readonly roundId: Uint8Array;
  readonly assetSetHash: Uint8Array;
  readonly placement: Placement;
  readonly height: number;
  readonly rootHash: Uint8Array;
  /** `V_a` in tree units. */
  readonly totals: readonly bigint[];
  /** `R_a`. */
  readonly rootBlindings: readonly bigint[];
  readonly rootCommitment: Uint8Array;
  /** Positions by NFC uid. */
  readonly positions: ReadonlyMap<string, number>;
  /** The node `(level, index)` with its opening: a stored node or its pad. */
  node(level: number, index: number): OpenedNodeV2;
  /** The `kura-proof/2` of `uid` (an InputError for an unknown uid). Proving costs time. */
  proof(uid: string): InclusionProofV2;
  /** The `kura-root/2` document. */
  rootFile(): RootFileV2;
}

/**
 * Build a v2 tree in memory. Throws an {@link InputError} naming the field for an empty input,
 * a wrong number of balances, a negative balance, a duplicate uid (after NFC), too many users,
 * or a per-asset total of `2^64` tree units or more (SPEC.md §16.7).
 */
export function buildTreeV2(
  round: Round,
  assets: readonly AssetV2[],
  customers: readonly CustomerV2[],
  masterSecret: MasterSecret,
  opts: BuildTreeV2Options = {}
): MemoryTreeV2 {
  const placement = opts.placement ?? 'dense';
  const k = assets.length;
  if (k < 1) throw new InputError('expected at least one asset', { field: 'assets' });
  if (customers.length === 0)
    throw new InputError('a tree holds at least one customer', { field: 'customers' });
  const height = builderHeight(placement, customers.length, opts.height);
  if (height * k > MAX_AGGREGATION)
    throw new InputError(
      `height ${height} × ${k} assets exceeds the ${MAX_AGGREGATION} values one range proof covers`,
      { field: 'assets' }
    );
  const rid = roundId(round);
  const ash = assetSetHashV2(assets);
  const roundKey = deriveRoundKey(masterSecret, rid);

  const checkUid = uniqueUids('customers');
  const totals = new Array<bigint>(k).fill(0n);
  const leaves = customers.map((c, i) => {
    if (!Array.isArray(c.balances) || c.balances.length !== k)
      throw new InputError(`expected ${k} balances`, { field: `customers[${i}].balances` });
    const values = c.balances.map((b, a) => {
      if (typeof b !== 'bigint' || b < 0n)
        throw new InputError('expected a non-negative integer amount', {
          field: `customers[${i}].balances[${a}]`,
        });
      const v = treeValue(b, assets[a]!);
      totals[a]! += v;
      if (totals[a]! >= VALUE_BOUND)
        throw new InputError(
          `the total of ${assets[a]!.symbol} reaches 2^64 tree units; lower its treeDecimals`,
          { field: `customers[${i}].balances[${a}]` }
        );
      return v;
    });
    checkUid(c.uid, i);
    const uh = uidHash(c.uid);
    const nonce = leafNonceV2(roundKey, uh);
    const leaf = leafNodeV2(roundKey, uh, nonce, values);
    return {
      uid: c.uid,
      balances: c.balances,
      uidHash: uh,
      nonce,
      orderKey: orderKey(roundKey, uh),
      values,
      leaf,
    };
  });
  const positions = placeUsers(roundKey, leaves, placement, height);

  const maps: Map<number, OpenedNodeV2>[] = [new Map()];
  leaves.forEach((l, i) => {
    maps[0]!.set(positions[i]!, { ...l.leaf, values: l.values });
  });
  const pad = (level: number, index: number): OpenedNodeV2 => ({
    ...padNodeV2(roundKey, level, index, k),
    values: new Array<bigint>(k).fill(0n),
    blindings: Array.from({ length: k }, (_, a) => padBlinding(roundKey, level, index, a)),
  });
  const node = (level: number, index: number): OpenedNodeV2 =>
    maps[level]?.get(index) ?? pad(level, index);
  for (let l = 0; l < height; l++) {
    const next = new Map<number, OpenedNodeV2>();
    const idx = [...maps[l]!.keys()].sort((a, b) => a - b);
    for (const i of idx) {
      const pi = Math.floor(i / 2);
      if (next.has(pi)) continue;
      const left = node(l, 2 * pi);
      const right = node(l, 2 * pi + 1);
      next.set(pi, {
        ...parentNodeV2(l + 1, left, right),
        values: left.values.map((v, a) => v + right.values[a]!),
        blindings: left.blindings.map((r, a) => sumBlindings([r, right.blindings[a]!])),
      });
    }
    maps.push(next);
  }
  const root = maps[height]!.get(0)!;
  const rootFile = makeRootFileV2({
    round,
    assets,
    placement,
    height,
    rootHash: root.hash,
    totals: root.values,
    rootBlindings: root.blindings,
  });
  const rootCommitment = hexToBytes(rootFile.rootCommitment, 32, 'rootCommitment');
  const byUid = new Map(
    leaves.map((l, i) => [l.uid.normalize('NFC'), { ...l, position: positions[i]! }])
  );

  return {
    round,
    assets,
    roundId: rid,
    assetSetHash: ash,
    placement,
    height,
    rootHash: root.hash,
    totals: root.values,
    rootBlindings: root.blindings,
    rootCommitment,
    positions: new Map([...byUid].map(([u, l]) => [u, l.position])),
    node,
    proof(uid: string): InclusionProofV2 {
      const { leaf, siblings: sibs } = pathOf(byUid, uid, height, node);
      const rp = proveSiblingsV2(
        sibs,
        { roundId: rid, assetSetHash: ash, height, position: leaf.position },
        opts.random
      );
      return formatProofV2({
        round,
        assets,
        height,
        position: leaf.position,
        uid: leaf.uid,
        nonce: leaf.nonce,
        balances: leaf.balances,
        blindings: leaf.leaf.blindings,
        siblings: sibs.map((s, l) => ({
          hash: s.hash,
          commitments: rp.commitments.slice(l * k, (l + 1) * k),
        })),
        totals: root.values,
        rootBlindings: root.blindings,
        rangeProof: rp.proof,
        rootCommitment,
      });
    },
    rootFile: () => rootFile,
  };
}
