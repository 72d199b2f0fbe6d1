/**
 * An in-memory builder for small trees (tests, vectors, demos). Large trees use the streaming
 * builder of `@kura/tree/node`, which produces identical bytes.
 * @module
 */
import { InputError } from '@kura/codec';
import { rootCommitment } from './commitment.js';
import { parentNode, type TreeNode } from './inner.js';
import { checkBalances, leafHash, leafNonce, uidHash } from './leaf.js';
import { padNode } from './pad.js';
import { builderHeight, orderKey, type Placement, placeUsers, uniqueUids } from './placement.js';
import { formatProof, type InclusionProof } from './proof.js';
import { makeRootFile, type RootFile } from './rootfile.js';
import {
  type Asset,
  assetSetHash,
  deriveRoundKey,
  type MasterSecret,
  type Round,
  roundId,
} from './round.js';

/** One customer row: uid and balances in base units, in asset-list order. */
export interface UserBalances {
  readonly uid: string;
  readonly balances: readonly bigint[];
}

/** Inputs of {@link buildTree}. */
export interface BuildTreeOptions {
  readonly round: Round;
  readonly assets: readonly Asset[];
  /** 32 bytes, or a handle to them in a token. */
  readonly masterSecret: MasterSecret;
  readonly users: readonly UserBalances[];
  /** Default `dense`. */
  readonly placement?: Placement;
  /** Default: dense `max(1, ⌈log2 n⌉)`, sparse 32. */
  readonly height?: number;
}

/** A placed user leaf with every intermediate value. */
export interface PlacedLeaf {
  readonly uid: string;
  readonly balances: readonly bigint[];
  readonly uidHash: Uint8Array;
  readonly nonce: Uint8Array;
  readonly orderKey: Uint8Array;
  readonly leafHash: Uint8Array;
  readonly position: number;
}

/** A non-empty node (one that holds at least one user leaf below it). */
export interface IndexedNode extends TreeNode {
  readonly level: number;
  readonly index: number;
}

/** A complete tree in memory. */
export interface MemoryTree {
  readonly round: Round;
  readonly assets: readonly Asset[];
  readonly roundId: Uint8Array;
  readonly assetSetHash: Uint8Array;
  /** The round key (secret: derived from the master secret). */
  readonly roundKey: Uint8Array;
  readonly placement: Placement;
  readonly height: number;
  readonly rootHash: Uint8Array;
  readonly totals: readonly bigint[];
  readonly rootCommitment: Uint8Array;
  /** Leaves in input order. */
  readonly leaves: readonly PlacedLeaf[];
  /** Non-empty nodes per level (0 … height), ascending index. */
  readonly levels: readonly (readonly IndexedNode[])[];
  /** The node `(level, index)`: a stored node or its pad. */
  node(level: number, index: number): TreeNode;
  /** The inclusion proof of `uid` (throws an InputError for an unknown uid). */
  proof(uid: string): InclusionProof;
  /** The `root.json` content. */
  rootFile(): RootFile;
}

/**
 * Build a whole tree in memory: derive every leaf, place users (dense or sparse), hash every
 * level with pads for maximal empty subtrees, and compute the root commitment.
 * Throws an {@link InputError} for duplicate uids (after NFC) or too many users.
 */
export function buildTree(opts: BuildTreeOptions): MemoryTree {
  const { round, assets, users } = opts;
  const placement = opts.placement ?? 'dense';
  const k = assets.length;
  if (users.length === 0)
    throw new InputError('a tree holds at least one user', { field: 'users' });
  const height = builderHeight(placement, users.length, opts.height);
  const rid = roundId(round);
  const ash = assetSetHash(assets);
  const roundKey = deriveRoundKey(opts.masterSecret, rid);

  const checkUid = uniqueUids('users');
  const derived = users.map((u, i) => {
    if (u.balances.length !== k)
      throw new InputError(`expected ${k} balances, got ${u.balances.length}`, {
        field: `users[${i}].balances`,
      });
    checkBalances(u.balances, `users[${i}].balances`);
    const uh = uidHash(u.uid);
    checkUid(u.uid, i);
    const nonce = leafNonce(roundKey, uh);
    return {
      uidHash: uh,
      nonce,
      orderKey: orderKey(roundKey, uh),
      leafHash: leafHash(uh, nonce, u.balances),
    };
  });
  const positions = placeUsers(roundKey, derived, placement, height);
  const leaves: PlacedLeaf[] = users.map((u, i) => ({
    uid: u.uid,
    balances: [...u.balances],
    ...derived[i]!,
    position: positions[i]!,
  }));

  const levels: IndexedNode[][] = [];
  levels.push(
    leaves
      .map((l) => ({ level: 0, index: l.position, hash: l.leafHash, sums: l.balances }))
      .sort((a, b) => a.index - b.index)
  );
  const maps: Map<number, IndexedNode>[] = [new Map(levels[0]!.map((n) => [n.index, n]))];
  const node = (level: number, index: number): TreeNode =>
    maps[level]?.get(index) ?? padNode(roundKey, level, index, k);
  for (let l = 0; l < height; l++) {
    const next: IndexedNode[] = [];
    let last = -1;
    for (const n of levels[l]!) {
      const pi = Math.floor(n.index / 2);
      if (pi === last) continue;
      last = pi;
      const p = parentNode(l + 1, node(l, 2 * pi), node(l, 2 * pi + 1));
      next.push({ level: l + 1, index: pi, ...p });
    }
    levels.push(next);
    maps.push(new Map(next.map((n) => [n.index, n])));
  }
  const root = levels[height]![0]!;
  const rc = rootCommitment(rid, ash, height, root.hash, root.sums);
  const byUid = new Map(leaves.map((l) => [l.uid.normalize('NFC'), l]));

  return {
    round,
    assets,
    roundId: rid,
    assetSetHash: ash,
    roundKey,
    placement,
    height,
    rootHash: root.hash,
    totals: root.sums,
    rootCommitment: rc,
    leaves,
    levels,
    node,
    proof(uid: string): InclusionProof {
      const { leaf, siblings } = pathOf(byUid, uid, height, node);
      return formatProof({
        round,
        assets,
        height,
        position: leaf.position,
        uid: leaf.uid,
        nonce: leaf.nonce,
        balances: leaf.balances,
        siblings,
        rootCommitment: rc,
      });
    },
    rootFile(): RootFile {
      return makeRootFile({
        round,
        assets,
        placement,
        height,
        rootHash: root.hash,
        totals: root.sums,
      });
    },
  };
}

/**
 * The leaf of `uid` (by NFC) in a tree held in memory and its `height` siblings from level 0
 * upward, read with `node(level, index)`; an unknown uid is an {@link InputError} naming `uid`.
 */
export function pathOf<L extends { readonly position: number }, N>(
  byUid: ReadonlyMap<string, L>,
  uid: string,
  height: number,
  node: (level: number, index: number) => N
): { leaf: L; siblings: N[] } {
  const leaf = byUid.get(uid.normalize('NFC'));
  if (!leaf) throw new InputError(`uid "${uid}" is not in the tree`, { field: 'uid' });
  const siblings: N[] = [];
  for (let l = 0; l < height; l++) siblings.push(node(l, siblingIndex(leaf.position, l)));
  return { leaf, siblings };
}

/** The index of the sibling at `level` of the path to leaf `position` (positions up to 2^32−1). */
export function siblingIndex(position: number, level: number): number {
  const i = Math.floor(position / 2 ** level);
  return i % 2 === 0 ? i + 1 : i - 1;
}
