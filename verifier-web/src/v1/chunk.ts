/**
 * The protocol-v1 proof verifier (`kura-proof/1`, @kura/tree `verifyProof` through
 * `adapters/proof.ts`), loaded by `src/lazy.ts` when the customer's proof is a v1 proof.
 * @module
 */
import { checkProof } from '../adapters/proof.ts';

/** The chunk's interface, the same for every kind of Kura proof (`src/verify.ts`). */
export const proof = { checkProof };
