/**
 * Proof file names of protocol v1 (SPEC.md §10.2): the keyed id under which a customer's
 * inclusion proof is published, so that nobody without the round key can enumerate or guess the
 * published proofs, and the names change every round.
 * @module
 */
import { bytesToHex, utf8 } from '@kura/codec';
import { hmac } from './hash.js';
import { uidHash } from './leaf.js';
import { deriveRoundKey, type MasterSecret, type Round, roundId } from './round.js';

/** Label of the proof file id (ASCII, 18 bytes). */
export const LABEL_PROOF_FILE = 'kura/v1/proof-file';

const PROOF_FILE_LABEL = utf8(LABEL_PROOF_FILE);

/**
 * `proofFileId = hex(HMAC(roundKey, utf8("kura/v1/proof-file") ‖ uidHash))` — SPEC.md §10.2.
 *
 * HMAC message (50 bytes): the 18 ASCII bytes `kura/v1/proof-file`, then the 32-byte uidHash
 * (§5.2). The result is the 64 lowercase hex digits of the 32-byte HMAC; the proof is published
 * as `proofs/<proofFileId>.json`. Computed with the tree's hash backend (`node:crypto` once
 * `@kura/tree/node` is loaded).
 */
export function proofFileIdFromKey(roundKey: Uint8Array, uidHashBytes: Uint8Array): string {
  if (!(roundKey instanceof Uint8Array) || roundKey.length !== 32)
    throw new RangeError('"roundKey" expected 32 bytes');
  if (!(uidHashBytes instanceof Uint8Array) || uidHashBytes.length !== 32)
    throw new RangeError('"uidHash" expected 32 bytes');
  return bytesToHex(hmac(roundKey, PROOF_FILE_LABEL, uidHashBytes));
}

/** The proof file id of `uid` in `round` (§10.2), from the master secret (§5.1). */
export function proofFileId(masterSecret: MasterSecret, round: Round, uid: string): string {
  return proofFileIdFromKey(deriveRoundKey(masterSecret, roundId(round)), uidHash(uid));
}
