/**
 * Verification of an inclusion proof, exactly per protocol v1 §Inclusion proof and its
 * verification. Total and fail-closed: it returns a result for every input and never throws.
 * @module
 */
import {
  bytesToHex,
  equalBytes,
  fail,
  hexToBytes,
  KuraError,
  MAX_LEAF,
  type VerifyResult,
} from '@kura/codec';
import { rootCommitment } from './commitment.js';
import { parentNode, type TreeNode } from './inner.js';
import { leafHash, uidHash } from './leaf.js';
import { type ParsedProof, parseProof } from './proof.js';
import { type Asset, assetSetHash, parseAssets, parseRound, type Round, roundId } from './round.js';
import { maxSumAtLevel } from './sums.js';

/**
 * Stable failure codes of {@link verifyProof}, in the order the checks run:
 * - `BAD_ENCODING` — step 1: not a well-formed `kura-proof/1` (or a malformed `expected`);
 * - `SUM_RANGE` — step 1 (own balance > 2^96−1, level 0) or step 3 (a sibling sum above
 *   `MAX_LEAF · 2^l` at level l);
 * - `ROUND_MISMATCH` / `ASSET_SET_MISMATCH` — after step 1, only when the caller passes the
 *   expected round / asset list (e.g. from the signed attestation);
 * - `BAD_LENGTH` — step 2: not exactly `height` siblings;
 * - `BAD_POSITION` — step 2: position ≥ 2^height;
 * - `SIBLING_EQUALS_CURRENT` — step 3: a sibling hash equal to the running hash at level l;
 * - `ROOT_MISMATCH` — step 4: the recomputed root commitment differs from the proof's claim or
 *   from the expected (attested) one (no level: the whole path is at fault).
 *
 * `level` is given for `SUM_RANGE` and `SIBLING_EQUALS_CURRENT` only: the level (0 … height−1)
 * of the sibling (or of the customer's own leaf, 0) that failed.
 */
export type ProofErrorCode =
  | 'BAD_ENCODING'
  | 'SUM_RANGE'
  | 'ROUND_MISMATCH'
  | 'ASSET_SET_MISMATCH'
  | 'BAD_LENGTH'
  | 'BAD_POSITION'
  | 'SIBLING_EQUALS_CURRENT'
  | 'ROOT_MISMATCH';

/** What the caller knows independently of the proof (from the signed attestation). */
export interface ProofExpectation {
  /** The attested root commitment, 64 lowercase hex. */
  readonly rootCommitment: string;
  /** The attested round; when given a differing round is `ROUND_MISMATCH`. */
  readonly round?: Round;
  /** The attested asset list; when given a differing list is `ASSET_SET_MISMATCH`. */
  readonly assets?: readonly Asset[];
}

/** Details of a proof that verified (hex and decimal strings, ready for display). */
export interface ProofVerified {
  readonly uid: string;
  readonly balances: readonly string[];
  readonly height: number;
  readonly position: number;
  readonly roundId: string;
  readonly assetSetHash: string;
  readonly uidHash: string;
  readonly leafHash: string;
  readonly rootHash: string;
  /** Σroot: the tree's published totals per asset. */
  readonly totals: readonly string[];
  readonly rootCommitment: string;
}

/**
 * Verify an inclusion proof against the attested root commitment.
 *
 * 1. Parse strictly (`BAD_ENCODING`); range-check the customer's own balances (`SUM_RANGE`,
 *    level 0); recompute roundId, assetSetHash, uidHash and leafHash from the customer's own
 *    uid, nonce and balances. If the caller gave the expected round / assets, compare
 *    (`ROUND_MISMATCH`, `ASSET_SET_MISMATCH`).
 * 2. Require exactly `height` siblings (`BAD_LENGTH`) and `position < 2^height`
 *    (`BAD_POSITION`). Bit l of the position says whether the running node is a left (0) or
 *    right (1) child at level l.
 * 3. At each level l = 0 … height−1: range-check the sibling's sums, `0 ≤ s ≤ MAX_LEAF · 2^l`
 *    (`SUM_RANGE`); reject a sibling hash equal to the running hash (`SIBLING_EQUALS_CURRENT`);
 *    compute the parent at level l+1 committing both children's sums. Parent sums are always
 *    derived locally — no prover-supplied parent sum is read.
 * 4. Recompute the root commitment; it must equal the proof's claim and `expected.rootCommitment`
 *    (`ROOT_MISMATCH`).
 *
 * Returns `{ ok: true, … }` only when every step passed; never throws.
 */
export function verifyProof(
  proofJson: unknown,
  expected: ProofExpectation
): VerifyResult<ProofErrorCode, ProofVerified> {
  try {
    return verifyUnsafe(proofJson, expected);
  } catch (e) {
    // Fail closed: any exception is a failure, never success.
    const why = e instanceof KuraError || e instanceof Error ? e.message : String(e);
    return fail('BAD_ENCODING', `proof could not be checked: ${why}`);
  }
}

function verifyUnsafe(
  proofJson: unknown,
  expected: ProofExpectation
): VerifyResult<ProofErrorCode, ProofVerified> {
  // Step 1: strict parsing of what the caller expects and of the proof.
  let expCommitment: Uint8Array;
  let p: ParsedProof;
  try {
    if (typeof expected !== 'object' || expected === null)
      return fail('BAD_ENCODING', 'expected: the attested root commitment is required');
    expCommitment = hexToBytes(expected.rootCommitment, 32, 'expected.rootCommitment');
    p = parseProof(proofJson);
  } catch (e) {
    return fail('BAD_ENCODING', message(e));
  }
  const k = p.assets.length;
  for (let i = 0; i < k; i++) {
    const b = p.balances[i]!;
    if (b > MAX_LEAF)
      return fail('SUM_RANGE', `balance of ${p.assets[i]!.symbol} exceeds 2^96−1`, 0);
  }
  const rid = cached(
    roundIds,
    JSON.stringify([p.round.exchange, p.round.period, p.round.snapshotTime]),
    () => roundId(p.round)
  );
  const ash = cached(assetHashes, JSON.stringify(p.assets), () => assetSetHash(p.assets));
  const uh = uidHash(p.uid);
  const lh = leafHash(uh, p.nonce, p.balances);

  // The caller's expected round and asset list (from the signed attestation), when given.
  let expRound: Round | undefined;
  let expAssets: Asset[] | undefined;
  try {
    if (expected.round !== undefined) expRound = parseRound(expected.round, ['expected', 'round']);
  } catch (e) {
    return fail('BAD_ENCODING', message(e));
  }
  if (expRound !== undefined && !equalBytes(roundId(expRound), rid))
    return fail('ROUND_MISMATCH', 'the proof is for another round than the attested one');
  try {
    if (expected.assets !== undefined)
      expAssets = parseAssets(expected.assets, ['expected', 'assets']);
  } catch (e) {
    return fail('BAD_ENCODING', message(e));
  }
  if (expAssets !== undefined && !equalBytes(assetSetHash(expAssets), ash))
    return fail('ASSET_SET_MISMATCH', 'the proof is for another asset list than the attested one');

  // Step 2: path length and position range.
  const h = p.height;
  if (p.siblings.length !== h)
    return fail('BAD_LENGTH', `expected exactly ${h} siblings, got ${p.siblings.length}`);
  if (p.position >= 2 ** h)
    return fail('BAD_POSITION', `position ${p.position} is not below 2^${h}`);

  // Step 3: walk up from the leaf.
  let cur: TreeNode = { hash: lh, sums: p.balances };
  for (let l = 0; l < h; l++) {
    const sib = p.siblings[l]!;
    const bound = maxSumAtLevel(l);
    for (let i = 0; i < k; i++)
      if (sib.sums[i]! > bound)
        return fail(
          'SUM_RANGE',
          `sibling sum of ${p.assets[i]!.symbol} at level ${l} exceeds MAX_LEAF·2^${l}`,
          l
        );
    if (equalBytes(sib.hash, cur.hash))
      return fail('SIBLING_EQUALS_CURRENT', `sibling at level ${l} equals the running node`, l);
    const right = (Math.floor(p.position / 2 ** l) & 1) === 1; // position < 2^32 here
    cur = right ? parentNode(l + 1, sib, cur) : parentNode(l + 1, cur, sib);
  }

  // Step 4: the root commitment.
  const rc = rootCommitment(rid, ash, h, cur.hash, cur.sums);
  if (!equalBytes(rc, p.rootCommitment))
    return fail('ROOT_MISMATCH', 'the path does not lead to the root commitment the proof claims');
  if (!equalBytes(rc, expCommitment))
    return fail('ROOT_MISMATCH', 'the path does not lead to the attested root commitment');
  return {
    ok: true,
    uid: p.uid,
    balances: p.balances.map(String),
    height: h,
    position: p.position,
    roundId: bytesToHex(rid),
    assetSetHash: bytesToHex(ash),
    uidHash: bytesToHex(uh),
    leafHash: bytesToHex(lh),
    rootHash: bytesToHex(cur.hash),
    totals: cur.sums.map(String),
    rootCommitment: bytesToHex(rc),
  };
}

/**
 * Small caches of roundId and assetSetHash by the (already validated) round and asset list:
 * every proof of a round carries the same ones, and their JCS hashing is a fair part of a
 * verification. Bounded, and keyed by an unambiguous serialisation of the values.
 */
const roundIds = new Map<string, Uint8Array>();
const assetHashes = new Map<string, Uint8Array>();
function cached(cache: Map<string, Uint8Array>, key: string, make: () => Uint8Array): Uint8Array {
  let v = cache.get(key);
  if (!v) {
    v = make();
    if (cache.size >= 16) cache.clear();
    cache.set(key, v);
  }
  return v.slice();
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
