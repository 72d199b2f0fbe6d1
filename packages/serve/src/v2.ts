/**
 * The v2 proof source of `kura serve` (issue 18): a `kura-proof/2` is made on demand from a v2
 * tree store (`kura tree build --protocol v2`, the `<work>/tree` of a v2 `kura run`) by
 * `TreeStoreV2.proof` of `@kura/tree/node` — the one function that assembles a v2 proof — run in
 * a {@link ProverPool} worker (seconds: its range proof) together with the proof's own
 * verification, and cached by the customer's proof file id (SPEC.md §10.2) in a
 * {@link ProofCache}, so a customer gets the same proof every time and a proof is made once.
 * Concurrent requests for one customer share one computation; when every prover thread is busy
 * and the queue is full the request is refused with `BUSY` (503).
 * @module
 */
import { deriveRoundKey, proofFileIdFromKey, type RootFileV2, roundId, uidHash } from '@kura/tree';
import { TreeStoreV2 } from '@kura/tree/node';
import type { ProofCache } from './cache.js';
import type { ProverPool } from './prover.js';

/** Options of {@link V2ProofSource.fromStore}: a v2 tree store on disk. */
export interface V2StoreSourceOptions {
  readonly dir: string;
  /** The master secret as bytes (the prover threads open the store with it). */
  readonly secret: Uint8Array;
  readonly pool: ProverPool;
  /** Built by the caller for the store's root commitment (see {@link V2ProofSource.rootOfStore}). */
  readonly cache: ProofCache;
  /** Verify every new proof in the worker before caching and serving it (default true). */
  readonly verify?: boolean;
}

/** `kura serve`'s proof source for a v2 tree store (see the module doc). */
export class V2ProofSource {
  readonly protocol = 2;
  readonly root: RootFileV2;
  private readonly opts: V2StoreSourceOptions;
  private readonly roundKey: Uint8Array;

  private constructor(root: RootFileV2, opts: V2StoreSourceOptions) {
    this.root = root;
    this.opts = opts;
    this.roundKey = deriveRoundKey(opts.secret, roundId(root.round));
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
    return new V2ProofSource(V2ProofSource.rootOfStore(o.dir, o.secret), o);
  }

  /** The proof file id of `uid` (the cache key; the file name of a published proof). */
  proofFileId(uid: string): string {
    return proofFileIdFromKey(this.roundKey, uidHash(uid.normalize('NFC')));
  }

  /**
   * The `kura-proof/2` JSON of `uid`: cached, or made by a prover thread (the store's uid lookup
   * runs in the thread: an unknown uid rejects there, fast, with `UID_NOT_FOUND`).
   */
  async proof(uid: string): Promise<string> {
    const u = uid.normalize('NFC');
    const { dir, secret, pool, cache, verify } = this.opts;
    const { json } = await cache.getOrMake(this.proofFileId(u), () =>
      pool.proveFromStore({ dir, secret, uid: u, verify: verify !== false })
    );
    return json;
  }

  /** Stop the prover threads. */
  async close(): Promise<void> {
    await this.opts.pool.close();
  }
}
