/**
 * The protocol-v2 verifier: the attestation checks (@kura/attest through
 * `adapters/attestation.ts`) and the `kura-proof/2` check (@kura/tree `verifyProofDocumentV2`
 * through `adapters/proof-v2.ts`: ristretto255, Bulletproofs). Loaded by `src/lazy.ts` only when
 * the customer's files are protocol v2.
 * @module
 */
import { COULD_NOT_CHECK_CODES } from '@kura/attest';
import { generatorTableInstalled, installGeneratorTable } from '@kura/confidential';
import { checkAttestation } from '../adapters/attestation.ts';
import { checkProofV2 } from '../adapters/proof-v2.ts';
import { loadPinned } from '../lazy.ts';
import type { Verifier } from '../verify.ts';

/**
 * Install the Bulletproof generator table (SPEC.md §16.3; 2 × 4,096 affine points, 512 KiB),
 * published next to the page as `kura-generators-<hash>.bin` and pinned twice: by the page
 * (`loadPinned`) and by @kura/confidential, which refuses any table whose SHA-256 is not its
 * own. Without it (a saved copy of the page without the file, a failed download) the verifier
 * derives the same generators by hash-to-curve: the same result, seconds slower.
 */
async function prepare(): Promise<void> {
  if (generatorTableInstalled()) return;
  try {
    installGeneratorTable(await loadPinned('generators'));
  } catch (e) {
    console.warn(`generator table not used, deriving the generators instead: ${String(e)}`);
  }
}

/** The chunk's interface, the same for both protocols (`src/verify.ts`). */
export const verifier: Verifier = {
  couldNotCheck: COULD_NOT_CHECK_CODES,
  checkAttestation,
  checkProof: checkProofV2,
  prepare,
};
