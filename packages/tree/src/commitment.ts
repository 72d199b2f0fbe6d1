/**
 * The root commitment (protocol v1 §Tree): the single value an attestation signs for the
 * liabilities side.
 * @module
 */
import { u8 } from '@kura/codec';
import { th } from './hash.js';
import { MAX_HEIGHT } from './inner.js';
import { check32 } from './leaf.js';
import { encodeSums, type Sums } from './sums.js';

/** Tag of the root commitment. */
export const TAG_ROOT = 'kura/v1/root';

/** Protocol version byte inside the root commitment. */
export const PROTOCOL_VERSION = 1;

/**
 * `rootCommitment = TH("kura/v1/root", u8(1) ‖ roundId ‖ assetSetHash ‖ u8(HGT) ‖ rootHash ‖
 * u128(Σroot_1) ‖ … ‖ u128(Σroot_k))`.
 *
 * Preimage after the tag prefix, 98 + 16k bytes: the protocol version 1 as one byte, roundId
 * (32), assetSetHash (32), the height (1 … 32) as one byte, the root hash (32), then the
 * published totals as 16-byte big-endian integers in asset-list order. The round, the asset
 * set and the height are bound here, so a proof from another round (A10), another asset list
 * (A12) or another depth (A6) cannot reach it.
 */
export function rootCommitment(
  roundId: Uint8Array,
  assetSetHash: Uint8Array,
  height: number,
  rootHash: Uint8Array,
  totals: Sums
): Uint8Array {
  check32(roundId, 'roundId');
  check32(assetSetHash, 'assetSetHash');
  check32(rootHash, 'rootHash');
  if (!Number.isInteger(height) || height < 1 || height > MAX_HEIGHT)
    throw new RangeError(`"height" expected 1 … ${MAX_HEIGHT}, got ${height}`);
  return th(
    TAG_ROOT,
    u8(PROTOCOL_VERSION),
    roundId,
    assetSetHash,
    u8(height),
    rootHash,
    encodeSums(totals)
  );
}
