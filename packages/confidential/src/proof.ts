/**
 * A v2 inclusion path, checked end to end (SPEC.md §16.10): the customer's own leaf,
 * every sibling's hash and commitments, one aggregated range proof over the siblings'
 * commitments, the root opening and the root commitment. No JSON format yet: this is the
 * cryptographic check a `kura-proof/2` verifier will run after parsing.
 * @module
 */
import { equalBytes, fail, taggedHash, type VerifyFailure } from '@kura/codec';
import { decodePoint, encodePoint, ORDER, type Point } from './group.js';
import { MAX_HEIGHT_V2, type NodeV2, parentNodeV2, TAG_LEAF_V2 } from './inner.js';
import { commit, VALUE_BOUND } from './pedersen.js';
import {
  type RandomSource,
  type RangeProof,
  type RangeProofCode,
  type RangeVerifyOptions,
  verifyRangeProof,
} from './rangeproof.js';
import { proveRange } from './rangeproof-prove.js';
import {
  type OpenedTotal,
  type RootOpeningCode,
  rootCommitmentV2,
  verifyRootOpening,
} from './root.js';

/** One sibling as a proof carries it: its hash and one encoded commitment per asset. */
export interface SiblingV2 {
  readonly hash: Uint8Array;
  readonly commitments: readonly Uint8Array[];
}

/** Everything a v2 inclusion check needs (already parsed). */
export interface InclusionV2 {
  readonly roundId: Uint8Array;
  readonly assetSetHash: Uint8Array;
  readonly height: number;
  readonly position: bigint | number;
  readonly uidHash: Uint8Array;
  readonly nonce: Uint8Array;
  /** The customer's own values (tree units) and leaf blindings, per asset. */
  readonly values: readonly bigint[];
  readonly blindings: readonly bigint[];
  /** Siblings from level 0 up to level `height − 1`. */
  readonly siblings: readonly SiblingV2[];
  /** Range proof over the siblings' commitments, level 0 first, assets in list order. */
  readonly rangeProof: Uint8Array;
  /** The published totals and root blindings. */
  readonly totals: readonly OpenedTotal[];
  /** The root commitment the attestation signs. */
  readonly rootCommitment: Uint8Array;
}

/** Stable codes of {@link verifyInclusionV2}. */
export type InclusionV2Code =
  | 'BAD_ENCODING'
  | 'BAD_LENGTH'
  | 'BAD_POSITION'
  | 'VALUE_OUT_OF_RANGE'
  | 'SCALAR_NON_CANONICAL'
  | 'POINT_INVALID'
  | 'POINT_IDENTITY'
  | 'ROOT_OPENING_MISMATCH'
  | 'ROOT_MISMATCH'
  | 'SIBLING_EQUALS_CURRENT'
  | RangeProofCode
  | RootOpeningCode;

/** A path that verified: the customer's leaf hash and the root hash it reaches. */
export interface InclusionV2Verified {
  readonly ok: true;
  readonly leafHash: Uint8Array;
  readonly rootHash: Uint8Array;
}

/**
 * Verify a v2 inclusion path. Order: shape → own leaf → sibling points (level by level) →
 * path to the root → root opening → root commitment → range proof over the siblings.
 * Total and fail-closed: returns `{ok:true}` or `{ok:false, code, message, level?}`.
 */
export function verifyInclusionV2(
  p: InclusionV2,
  options: RangeVerifyOptions = {}
): InclusionV2Verified | VerifyFailure<InclusionV2Code> {
  try {
    return verifyInner(p, options);
  } catch (e) {
    return fail('BAD_ENCODING', `verification aborted: ${(e as Error).message}`);
  }
}

function is32(b: unknown): b is Uint8Array {
  return b instanceof Uint8Array && b.length === 32;
}

function verifyInner(
  p: InclusionV2,
  options: RangeVerifyOptions
): InclusionV2Verified | VerifyFailure<InclusionV2Code> {
  if (typeof p !== 'object' || p === null) return fail('BAD_ENCODING', 'expected an object');
  const { height, values, blindings, siblings } = p;
  if (!is32(p.roundId) || !is32(p.assetSetHash) || !is32(p.uidHash) || !is32(p.nonce))
    return fail('BAD_ENCODING', 'roundId, assetSetHash, uidHash and nonce are 32 bytes each');
  if (!is32(p.rootCommitment)) return fail('BAD_ENCODING', 'rootCommitment is 32 bytes');
  if (!Number.isInteger(height) || height < 1 || height > MAX_HEIGHT_V2)
    return fail('BAD_ENCODING', `height must be 1 … ${MAX_HEIGHT_V2}`);
  if (!Array.isArray(values) || !Array.isArray(blindings) || values.length < 1)
    return fail('BAD_ENCODING', 'values and blindings must be non-empty arrays');
  const k = values.length;
  if (blindings.length !== k) return fail('BAD_LENGTH', 'one blinding per asset');
  if (!Array.isArray(siblings) || siblings.length !== height)
    return fail('BAD_LENGTH', `expected ${height} siblings`);
  const position =
    typeof p.position === 'number' || typeof p.position === 'bigint' ? p.position : -1;
  if (typeof position === 'number' && !Number.isSafeInteger(position))
    return fail('BAD_POSITION', 'position must be an integer');
  const pos = BigInt(position);
  if (pos < 0n || pos >= 1n << BigInt(height))
    return fail('BAD_POSITION', 'position must lie in [0, 2^height)');

  // own leaf: the customer opens their own commitments
  const own: Point[] = [];
  for (let a = 0; a < k; a++) {
    const v = values[a];
    const r = blindings[a];
    if (typeof v !== 'bigint' || v < 0n || v >= VALUE_BOUND)
      return fail('VALUE_OUT_OF_RANGE', `own value of asset ${a} is outside [0, 2^64)`, 0);
    if (typeof r !== 'bigint' || r < 0n || r >= ORDER)
      return fail('SCALAR_NON_CANONICAL', `own blinding of asset ${a} is not in [0, ℓ)`, 0);
    own.push(commit(v, r));
  }
  const leafHash = taggedHash(TAG_LEAF_V2, p.uidHash, p.nonce, ...own.map(encodePoint));
  let current: NodeV2 = { hash: leafHash, commitments: own };

  // siblings: strict point decoding, then the path
  const sibNodes: NodeV2[] = [];
  const flat: Uint8Array[] = [];
  for (let l = 0; l < height; l++) {
    const s = siblings[l]!;
    if (typeof s !== 'object' || s === null || !is32(s.hash))
      return fail('BAD_ENCODING', `sibling ${l}: hash must be 32 bytes`, l);
    if (!Array.isArray(s.commitments) || s.commitments.length !== k)
      return fail('BAD_LENGTH', `sibling ${l}: expected ${k} commitments`, l);
    const pts: Point[] = [];
    for (let a = 0; a < k; a++) {
      const d = decodePoint(s.commitments[a]!);
      if (!d.ok) return { ...d, message: `sibling ${l}, asset ${a}: ${d.message}`, level: l };
      pts.push(d.point);
      flat.push(s.commitments[a]!);
    }
    sibNodes.push({ hash: s.hash, commitments: pts });
  }
  for (let l = 0; l < height; l++) {
    const right = ((pos >> BigInt(l)) & 1n) === 1n;
    const sib = sibNodes[l]!;
    // a duplicated node (A7, CVE-2012-2459): the customer's own subtree presented as its sibling
    if (equalBytes(sib.hash, current.hash))
      return fail('SIBLING_EQUALS_CURRENT', `the level-${l} sibling is the current node`, l);
    current = right ? parentNodeV2(l + 1, sib, current) : parentNodeV2(l + 1, current, sib);
  }

  // root: opening, then the commitment the attestation signs
  const opened = verifyRootOpening(current.commitments, p.totals);
  if (!opened.ok) return opened;
  const rc = rootCommitmentV2(p.roundId, p.assetSetHash, height, current.hash, p.totals);
  if (!equalBytes(rc, p.rootCommitment))
    return fail('ROOT_MISMATCH', 'the recomputed root commitment differs');

  // every sibling's hidden value is in [0, 2^64)
  const rp = verifyRangeProof(
    flat,
    p.rangeProof,
    { roundId: p.roundId, assetSetHash: p.assetSetHash, height, position: pos },
    options
  );
  if (!rp.ok) return rp;
  return { ok: true, leafHash, rootHash: current.hash };
}

/**
 * Builder side: the range proof over a path's siblings, from their values and blindings
 * (level 0 first, assets in list order), bound to the customer's position.
 */
export function proveSiblingsV2(
  siblings: readonly {
    readonly values: readonly bigint[];
    readonly blindings: readonly bigint[];
  }[],
  context: {
    roundId: Uint8Array;
    assetSetHash: Uint8Array;
    height: number;
    position: bigint | number;
  },
  random?: RandomSource
): RangeProof {
  const values = siblings.flatMap((s) => s.values);
  const blindings = siblings.flatMap((s) => s.blindings);
  return random === undefined
    ? proveRange(values, blindings, context)
    : proveRange(values, blindings, context, random);
}
