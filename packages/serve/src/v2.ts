/**
 * The v2 proof source of `kura serve` (issue 18): a `kura-proof/2` is made on demand — the path
 * is read from the tree in the main thread (cheap), the range proof, the document and its own
 * verification run in a {@link ProverPool} worker (seconds) — and cached by the customer's proof
 * file id (SPEC.md §10.2) in a {@link ProofCache}, so a customer gets the same proof every time
 * and a proof is made once. Concurrent requests for one customer share one computation; when
 * every prover thread is busy and the queue is full the request is refused with `BUSY` (503).
 * @module
 */
import { KuraError } from '@kura/codec';
import { leafNonceV2 } from '@kura/confidential';
import {
  type AssetV2,
  type CustomerV2,
  deriveRoundKey,
  type MasterSecret,
  type MemoryTreeV2,
  type OpenedNodeV2,
  proofFileIdFromKey,
  type RootFileV2,
  type Round,
  roundId,
  siblingIndex,
  uidHash,
} from '@kura/tree';
import { TreeStoreV2 } from '@kura/tree/node';
import type { ProofCache } from './cache.js';
import type { ProverPool } from './prover.js';

/** One customer's leaf as the prover needs it (never published beyond their own proof). */
export interface LeafOpeningV2 {
  readonly uid: string;
  readonly position: number;
  /** Base units, asset-list order. */
  readonly balances: readonly bigint[];
  readonly nonce: Uint8Array;
  readonly blindings: readonly bigint[];
}

/**
 * What the source needs of a built v2 tree: the in-memory builder's tree (`buildTreeV2` of
 * `@kura/tree`, with the customers' rows) or a v2 store.
 */
export interface OpenedTreeV2 {
  readonly round: Round;
  readonly assets: readonly AssetV2[];
  readonly roundId: Uint8Array;
  readonly assetSetHash: Uint8Array;
  readonly height: number;
  readonly totals: readonly bigint[];
  readonly rootBlindings: readonly bigint[];
  readonly rootCommitment: Uint8Array;
  /** The node `(level, index)` with its opening (a stored node or its pad). */
  node(level: number, index: number): OpenedNodeV2;
  rootFile(): RootFileV2;
  /** The leaf of `uid` (NFC), or undefined when the uid is not in the tree. */
  leaf(uid: string): LeafOpeningV2 | undefined;
  /** The proof file id of `uid` (SPEC.md §10.2, keyed by the round key). */
  proofFileId(uid: string): string;
  close?(): void;
}

/** Options of {@link V2ProofSource} over an opened tree (in memory). */
export interface V2ProofSourceOptions {
  readonly tree: OpenedTreeV2;
  readonly pool: ProverPool;
  readonly cache: ProofCache;
  /** Verify every new proof in the worker before caching and serving it (default true). */
  readonly verify?: boolean;
}

/** Options of {@link V2ProofSource.fromStore}: a v2 tree store on disk (`kura tree build --protocol v2`, `kura run`). */
export interface V2StoreSourceOptions {
  readonly dir: string;
  /** The master secret as bytes (the prover threads open the store with it). */
  readonly secret: Uint8Array;
  readonly pool: ProverPool;
  /** Built by the caller for the store's root commitment (see {@link V2ProofSource.rootOfStore}). */
  readonly cache: ProofCache;
  readonly verify?: boolean;
}

/** `kura serve`'s proof source for a v2 tree (see the module doc). */
export class V2ProofSource {
  readonly protocol = 2;
  readonly root: RootFileV2;
  private readonly fileId: (uid: string) => string;
  private readonly make: (uid: string) => Promise<string>;
  private readonly known: (uid: string) => boolean;
  private readonly pool: ProverPool;
  private readonly cache: ProofCache;
  private readonly onClose: () => void;

  private constructor(p: {
    root: RootFileV2;
    fileId: (uid: string) => string;
    make: (uid: string) => Promise<string>;
    known: (uid: string) => boolean;
    pool: ProverPool;
    cache: ProofCache;
    onClose: () => void;
  }) {
    this.root = p.root;
    this.fileId = p.fileId;
    this.make = p.make;
    this.known = p.known;
    this.pool = p.pool;
    this.cache = p.cache;
    this.onClose = p.onClose;
  }

  /** Over an opened tree: paths read here, range proof and document made by the pool. */
  static fromTree(o: V2ProofSourceOptions): V2ProofSource {
    const t = o.tree;
    return new V2ProofSource({
      root: t.rootFile(),
      fileId: (uid) => t.proofFileId(uid),
      known: (uid) => t.leaf(uid) !== undefined,
      pool: o.pool,
      cache: o.cache,
      onClose: () => t.close?.(),
      make: (uid) => {
        const leaf = t.leaf(uid)!;
        const sibs: OpenedNodeV2[] = [];
        for (let l = 0; l < t.height; l++) sibs.push(t.node(l, siblingIndex(leaf.position, l)));
        return o.pool.proveDocument({
          path: {
            siblings: sibs.map((s) => ({ values: s.values, blindings: s.blindings })),
            context: {
              roundId: t.roundId,
              assetSetHash: t.assetSetHash,
              height: t.height,
              position: leaf.position,
            },
          },
          siblingHashes: sibs.map((s) => s.hash),
          doc: {
            round: t.round,
            assets: t.assets,
            uid: leaf.uid,
            nonce: leaf.nonce,
            balances: leaf.balances,
            blindings: leaf.blindings,
            totals: t.totals,
            rootBlindings: t.rootBlindings,
            rootCommitment: t.rootCommitment,
          },
          verify: o.verify !== false,
        });
      },
    });
  }

  /** The root file of a v2 store (for the cache scope) — a wrong secret is an InputError. */
  static rootOfStore(dir: string, secret: Uint8Array): RootFileV2 {
    const s = TreeStoreV2.open(dir, secret);
    try {
      return s.root;
    } finally {
      s.close();
    }
  }

  /** Over a v2 store: each prover thread opens the store and makes whole proofs. */
  static fromStore(o: V2StoreSourceOptions): V2ProofSource {
    const root = V2ProofSource.rootOfStore(o.dir, o.secret);
    const roundKey = deriveRoundKey(o.secret, roundId(root.round));
    return new V2ProofSource({
      root,
      fileId: (uid) => proofFileIdFromKey(roundKey, uidHash(uid)),
      // the store's uid lookup runs in the thread (an unknown uid fails there, fast)
      known: () => true,
      pool: o.pool,
      cache: o.cache,
      onClose: () => undefined,
      make: (uid) =>
        o.pool.proveFromStore({ dir: o.dir, secret: o.secret, uid, verify: o.verify !== false }),
    });
  }

  /** The proof file id of `uid` (the cache key; the file name of a published proof). */
  proofFileId(uid: string): string {
    return this.fileId(uid.normalize('NFC'));
  }

  /** The `kura-proof/2` JSON of `uid`: cached, or made by a prover thread. */
  async proof(uid: string): Promise<string> {
    const u = uid.normalize('NFC');
    if (!this.known(u)) throw new KuraError('UID_NOT_FOUND', 'the uid is not in the tree');
    const { json } = await this.cache.getOrMake(this.proofFileId(u), () => this.make(u));
    return json;
  }

  /** Stop the prover threads and close the tree. */
  async close(): Promise<void> {
    await this.pool.close();
    this.onClose();
  }
}

/**
 * An {@link OpenedTreeV2} over a tree built in memory (`buildTreeV2` of `@kura/tree`) from
 * `customers` (the same rows, for the balances in base units).
 */
export function memoryTreeSource(
  tree: MemoryTreeV2,
  customers: readonly CustomerV2[],
  masterSecret: MasterSecret
): OpenedTreeV2 {
  const roundKey = deriveRoundKey(masterSecret, tree.roundId);
  const balances = new Map(customers.map((c) => [c.uid.normalize('NFC'), c.balances]));
  return {
    round: tree.round,
    assets: tree.assets,
    roundId: tree.roundId,
    assetSetHash: tree.assetSetHash,
    height: tree.height,
    totals: tree.totals,
    rootBlindings: tree.rootBlindings,
    rootCommitment: tree.rootCommitment,
    node: (l, i) => tree.node(l, i),
    rootFile: () => tree.rootFile(),
    proofFileId: (uid) => proofFileIdFromKey(roundKey, uidHash(uid)),
    leaf(uid) {
      const position = tree.positions.get(uid);
      const b = balances.get(uid);
      if (position === undefined || b === undefined) return undefined;
      return {
        uid,
        position,
        balances: b,
        nonce: leafNonceV2(roundKey, uidHash(uid)),
        blindings: tree.node(0, position).blindings,
      };
    },
  };
}
