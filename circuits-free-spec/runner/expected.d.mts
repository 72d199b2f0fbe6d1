/** Types of expected.mjs (what a builder must output for a tree vector; SPEC.md §8.1, §8.2). */

/** The members of a tree vector (`vectors/reference/*.json`) the two functions read. */
export interface TreeVector {
  readonly round: unknown;
  readonly roundId: string;
  readonly assets: unknown;
  readonly assetSetHash: string;
  readonly placement: string;
  readonly height: number;
  readonly rootHash: string;
  readonly rootSums: unknown;
  readonly rootCommitment: string;
}

/** The members of one user of a tree vector {@link expectedProof} reads. */
export interface TreeVectorUser {
  readonly position: number;
  readonly uid: string;
  readonly nonce: string;
  readonly balances: readonly string[];
  readonly proofPath: unknown;
}

/** The kura-proof/1 a builder must output for user `u` of tree vector `v` (SPEC.md §8.1). */
export declare function expectedProof(
  v: TreeVector,
  u: TreeVectorUser
): {
  version: 'kura-proof/1';
  round: unknown;
  assets: unknown;
  height: number;
  position: number;
  uid: string;
  nonce: string;
  balances: readonly string[];
  siblings: unknown;
  rootCommitment: string;
};

/** The kura-root/1 members a builder must write for tree vector `v` (SPEC.md §8.2). */
export declare function expectedRoot(v: TreeVector): {
  version: 'kura-root/1';
  round: unknown;
  roundId: string;
  assets: unknown;
  assetSetHash: string;
  placement: string;
  height: number;
  rootHash: string;
  totals: unknown;
  rootCommitment: string;
};
