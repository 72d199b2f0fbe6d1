/**
 * Proof file names (SPEC.md §10.2) on `node:crypto`'s streaming HMAC — the export's hot loop
 * (one call per customer); the same bytes as `proofFileIdFromKey` of `../proof-file.ts` (tested).
 * @module
 */
import { createHmac } from 'node:crypto';
import { LABEL_PROOF_FILE } from '../proof-file.js';

const LABEL = Buffer.from(LABEL_PROOF_FILE, 'ascii');

/** `hex(HMAC(roundKey, utf8("kura/v1/proof-file") ‖ uidHash))` with `node:crypto` (§10.2). */
export function proofFileIdNode(roundKey: Uint8Array, uidHashBytes: Uint8Array): string {
  if (roundKey.length !== 32) throw new RangeError('"roundKey" expected 32 bytes');
  if (uidHashBytes.length !== 32) throw new RangeError('"uidHash" expected 32 bytes');
  return createHmac('sha256', roundKey).update(LABEL).update(uidHashBytes).digest('hex');
}
