/**
 * The protocol-v1 verifier: the attestation checks (@kura/attest through
 * `adapters/attestation.ts`) and the `kura-proof/1` check (@kura/tree `verifyProof` through
 * `adapters/proof.ts`). Loaded by `src/lazy.ts` when the customer's files are protocol v1.
 * @module
 */
import { COULD_NOT_CHECK_CODES } from '@kura/attest';
import { checkAttestation } from '../adapters/attestation.ts';
import { checkProof } from '../adapters/proof.ts';
import type { Verifier } from '../verify.ts';

/** The chunk's interface, the same for both protocols (`src/verify.ts`). */
export const verifier: Verifier = {
  couldNotCheck: COULD_NOT_CHECK_CODES,
  checkAttestation,
  checkProof,
};
