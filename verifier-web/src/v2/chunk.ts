/**
 * The protocol-v2 verifier chunk (loaded by `src/lazy.ts` only for a `kura-proof/2`).
 * @module
 */
import { verifyInclusionV2 } from '@kura/confidential';

export const v2 = { verifyInclusionV2 };
