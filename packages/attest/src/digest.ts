/**
 * The attestation digest (protocol v1 §Attestation digest), the statement hash that chains
 * attestations, and signing.
 * @module
 */
import { bytesToHex, jcs, sha256, taggedHash } from '@kura/codec';
import {
  type Attestation,
  type Role,
  type SignatureEntry,
  type Statement,
  statementOf,
} from './attestation.js';
import { publicKeyOf, type SigAlg, signDigest, verifySignature } from './sig.js';

/**
 * `digest(role) = TH("kura/v1/attest/" + role, JCS(statement))`, where the statement is the
 * attestation without `signatures` (a `signatures` member on the argument is ignored). The tag
 * names the role, so an exchange signature can never pass as the auditor's (attack E2).
 */
export function attestationDigest(statement: Statement, role: Role): Uint8Array {
  return taggedHash(`kura/v1/attest/${role}`, jcs(statementOf(statement)));
}

/**
 * `SHA-256(JCS(statement))`, hex — what the next attestation's `previousSha256` holds. The
 * signatures are not part of it, so an auditor counter-signing later does not break the chain.
 */
export function statementSha256(statement: Statement): string {
  return bytesToHex(sha256(jcs(statementOf(statement))));
}

/** A signing key. */
export interface SigningKey {
  readonly alg: SigAlg;
  readonly privateKey: Uint8Array;
}

/**
 * A key that signs elsewhere (a PKCS#11 token): its public key and a function that signs a
 * 32-byte digest under `alg`, returning the signature in the attestation form (Ed25519 64
 * bytes; ECDSA 64-byte compact low-S — see `ecdsaCompactLowS`). The private key never appears.
 */
export interface DigestSigner {
  readonly alg: SigAlg;
  readonly publicKey: Uint8Array;
  readonly signDigest: (digest: Uint8Array) => Uint8Array;
}

/**
 * Add `role`'s signature to an attestation; the statement is not changed (so the auditor
 * counter-signs exactly what the exchange signed). Refuses a role that has already signed and
 * a key that already signed in another role. Returns a new object.
 */
export function signAttestation(
  att: Attestation,
  role: Role,
  key: SigningKey | DigestSigner
): Attestation {
  const pk = bytesToHex('privateKey' in key ? publicKeyOf(key.alg, key.privateKey) : key.publicKey);
  for (const s of att.signatures) {
    if (s.role === role) throw new RangeError(`"role": the ${role} has already signed`);
    if (s.publicKey === pk)
      throw new RangeError(`"key": this key already signed as ${s.role}; one key, one role`);
  }
  const digest = attestationDigest(att, role);
  let signature: Uint8Array;
  if ('privateKey' in key) signature = signDigest(key.alg, key.privateKey, digest);
  else {
    // a signature made elsewhere must pass the very verifier every reader runs
    signature = key.signDigest(digest);
    const r = verifySignature(key.alg, key.publicKey, digest, signature);
    if (!r.ok) throw new RangeError(`"key": the signer's signature does not verify (${r.code})`);
  }
  const sig: SignatureEntry = {
    role,
    alg: key.alg,
    publicKey: pk,
    signature: bytesToHex(signature),
  };
  return { ...att, signatures: [...att.signatures, sig] };
}
