/**
 * An attestation signing key as a file (the other home of a key beside a token, see
 * `keysource.ts`, which reads it): a fresh private key of `alg` written as the key file
 * `makeKeyFile` defines, mode 0600, never over an existing file.
 * @module
 */
import { generatePrivateKey, makeKeyFile, publicKeyOf, type SigAlg } from '@kura/attest';
import { writeFileAtomic } from '@kura/codec/node';

/**
 * Generate a private key of `alg` and write it to `file` (mode 0600; an existing file is never
 * replaced: the write fails with `EEXIST`). Returns the public key; the private key never leaves
 * the file.
 */
export function createKeyFile(file: string, alg: SigAlg): Uint8Array {
  const priv = generatePrivateKey(alg);
  try {
    writeFileAtomic(file, `${JSON.stringify(makeKeyFile(alg, priv), null, 2)}\n`, {
      mode: 0o600,
      exclusive: true,
    });
    return publicKeyOf(alg, priv);
  } finally {
    priv.fill(0);
  }
}
