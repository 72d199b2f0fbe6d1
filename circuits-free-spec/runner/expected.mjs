// What a builder must output for a tree vector (SPEC.md §8.1, §8.2): the conformance runner
// compares against these, and the tests of the spec use the same two functions.

/** The kura-proof/1 a builder must output for user `u` of tree vector `v` (SPEC.md §8.1). */
export function expectedProof(v, u) {
  return {
    version: 'kura-proof/1',
    round: v.round,
    assets: v.assets,
    height: v.height,
    position: u.position,
    uid: u.uid,
    nonce: u.nonce,
    balances: u.balances,
    siblings: u.proofPath,
    rootCommitment: v.rootCommitment,
  };
}

/** The kura-root/1 members a builder must write for tree vector `v` (SPEC.md §8.2). */
export function expectedRoot(v) {
  return {
    version: 'kura-root/1',
    round: v.round,
    roundId: v.roundId,
    assets: v.assets,
    assetSetHash: v.assetSetHash,
    placement: v.placement,
    height: v.height,
    rootHash: v.rootHash,
    totals: v.rootSums,
    rootCommitment: v.rootCommitment,
  };
}
