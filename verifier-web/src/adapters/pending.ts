/**
 * TEMPORARY placeholder until @kura/tree exports `verifyProof` (tree issue, in progress).
 * It verifies nothing and always fails closed. Deleted when the package lands.
 * @module
 */
import { fail, type VerifyResult } from '@kura/codec';

export function verifyProof(
  _proof: unknown,
  _expected: { rootCommitment: string }
): VerifyResult<string, { leafHash?: string }> {
  return fail('NOT_AVAILABLE', 'verifyProof is not available yet');
}
