/**
 * Before adding a signature to an attestation (`kura attest sign`): every signature it already
 * carries must verify over its role's digest (SPEC §12, signatures), so nobody counter-signs a
 * document whose earlier signatures are broken.
 * @module
 */
import { hexToBytes } from '@kura/codec';
import type { Attestation, Role } from './attestation.js';
import { attestationDigest } from './digest.js';
import { verifySignature } from './sig.js';

/**
 * Check each existing signature of `att` (`verifySignature` over `attestationDigest(att, role)`);
 * the first that fails is reported with its role and the signature check's code. Never throws
 * for a bad signature.
 */
export function verifyExistingSignatures(
  att: Attestation
): { ok: true } | { ok: false; code: string; message: string; role: Role } {
  for (const s of att.signatures) {
    const r = verifySignature(
      s.alg,
      hexToBytes(s.publicKey),
      attestationDigest(att, s.role),
      hexToBytes(s.signature)
    );
    if (!r.ok)
      return {
        ok: false,
        code: r.code,
        message: `the existing ${s.role} signature is invalid (${r.code})`,
        role: s.role,
      };
  }
  return { ok: true };
}
