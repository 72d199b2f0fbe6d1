/**
 * The v2 root commitment and the opening of the root's commitments to the published totals
 * (SPEC.md §16.10).
 * @module
 */
import { fail, taggedHash, u8, u64, type VerifyFailure } from '@kura/codec';
import { encodeScalar, ORDER, type Point } from './group.js';
import { MAX_HEIGHT_V2 } from './inner.js';
import { VALUE_BOUND, verifyOpening } from './pedersen.js';

/** Tag of the v2 root commitment. */
export const TAG_ROOT_V2 = 'kura/v2/root';
/** Protocol version byte of the v2 root commitment. */
export const VERSION_V2 = 2;

/** One asset's opened total: value in tree units and the root blinding. */
export interface OpenedTotal {
  readonly value: bigint;
  readonly blinding: bigint;
}

function check32(b: Uint8Array, name: string): void {
  if (!(b instanceof Uint8Array) || b.length !== 32)
    throw new RangeError(`"${name}" expected 32 bytes`);
}

/**
 * `rootCommitmentV2 = TH("kura/v2/root", u8(2) ‖ roundId ‖ assetSetHash ‖ u8(HGT) ‖ rootHash ‖
 * u64(V_1) ‖ scalar(R_1) ‖ … ‖ u64(V_k) ‖ scalar(R_k))` — 98 + 40k bytes after the tag prefix.
 * Binds the protocol version, the round, the asset set, the height, the root hash and every
 * opened total with its root blinding; the root's commitments themselves are bound by `rootHash`
 * (they are the sums of the commitments its children's hash covers).
 */
export function rootCommitmentV2(
  roundId: Uint8Array,
  assetSetHash: Uint8Array,
  height: number,
  rootHash: Uint8Array,
  totals: readonly OpenedTotal[]
): Uint8Array {
  check32(roundId, 'roundId');
  check32(assetSetHash, 'assetSetHash');
  check32(rootHash, 'rootHash');
  if (!Number.isInteger(height) || height < 1 || height > MAX_HEIGHT_V2)
    throw new RangeError(`"height" expected 1 … ${MAX_HEIGHT_V2}, got ${height}`);
  if (totals.length < 1) throw new RangeError('"totals" expected at least one asset');
  const parts: Uint8Array[] = [u8(VERSION_V2), roundId, assetSetHash, u8(height), rootHash];
  totals.forEach((t, a) => {
    if (typeof t.value !== 'bigint' || t.value < 0n || t.value >= VALUE_BOUND)
      throw new RangeError(`"totals[${a}].value" expected an integer in [0, 2^64)`);
    if (typeof t.blinding !== 'bigint' || t.blinding < 0n || t.blinding >= ORDER)
      throw new RangeError(`"totals[${a}].blinding" expected a scalar in [0, ℓ)`);
    parts.push(u64(t.value), encodeScalar(t.blinding));
  });
  return taggedHash(TAG_ROOT_V2, ...parts);
}

/** Codes of {@link verifyRootOpening}. */
export type RootOpeningCode =
  | 'ROOT_OPENING_MISMATCH'
  | 'VALUE_OUT_OF_RANGE'
  | 'SCALAR_NON_CANONICAL';

/**
 * Check that the root's commitments open to the published totals, asset by asset:
 * `C_root,a = V_a·G + R_a·H`. A count mismatch or a wrong total is `ROOT_OPENING_MISMATCH`.
 * Never throws.
 */
export function verifyRootOpening(
  rootCommitments: readonly Point[],
  totals: readonly OpenedTotal[]
): { ok: true } | VerifyFailure<RootOpeningCode> {
  if (!Array.isArray(rootCommitments) || !Array.isArray(totals))
    return fail('ROOT_OPENING_MISMATCH', 'commitments and totals must be arrays');
  if (rootCommitments.length !== totals.length || totals.length === 0)
    return fail(
      'ROOT_OPENING_MISMATCH',
      `${totals.length} totals for ${rootCommitments.length} root commitments`
    );
  for (let a = 0; a < totals.length; a++) {
    const t = totals[a]!;
    const r = verifyOpening(rootCommitments[a]!, t?.value, t?.blinding);
    if (!r.ok) {
      if (r.code === 'OPENING_MISMATCH')
        return fail(
          'ROOT_OPENING_MISMATCH',
          `asset ${a}: the total does not open the root commitment`
        );
      return fail(r.code, `asset ${a}: ${r.message}`);
    }
  }
  return { ok: true };
}
