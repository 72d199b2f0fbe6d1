/**
 * Where a command's key or master secret comes from: a file (today's `kura-key/1` key file or
 * 64-hex secret file) or a PKCS#11 token, named by an RFC 7512 URI starting with `pkcs11:`.
 * Every `--key` and `--secret` option (and `keys` in a `kura run` config) goes through here.
 * @module
 */
import {
  type DigestSigner,
  parseKeyFile,
  publicKeyOf,
  type Role,
  type SigAlg,
  type SigningKey,
} from '@kura/attest';
import { hexToBytes, InputError, KuraError } from '@kura/codec';
import { DOCUMENTS, expectDocument, readFileOrThrow } from '@kura/codec/node';
import type { MasterSecret } from '@kura/tree';
import { openSigner } from './keypair.js';
import { openTokenSecret } from './secret.js';
import { isPkcs11Uri, type Pkcs11Uri, parsePkcs11Uri } from './uri.js';

/** A signing key from a file or a token, with its public key. */
export interface LoadedKey {
  readonly alg: SigAlg;
  readonly publicKey: Uint8Array;
  readonly signer: SigningKey | DigestSigner;
  /** True when the key lives in a token. */
  readonly inToken: boolean;
}

/** Parse a `pkcs11:` argument of `option`; errors name the option, never a PIN. */
export function tokenUri(arg: string, option: string): Pkcs11Uri {
  try {
    return parsePkcs11Uri(arg);
  } catch (e) {
    if (e instanceof KuraError) throw new InputError(e.message, { field: option }, { cause: e });
    throw e;
  }
}

/**
 * Open the signing key `arg` names: a `pkcs11:` URI (checked now: module, PIN, object, type,
 * role, mechanism) or a key file.
 */
export function loadSigningKey(
  arg: string,
  opts: { role?: Role; option?: string } = {}
): LoadedKey {
  if (isPkcs11Uri(arg)) {
    const s = openSigner(tokenUri(arg, opts.option ?? '--key'), {
      ...(opts.role ? { role: opts.role } : {}),
    });
    return { alg: s.alg, publicKey: s.publicKey, signer: s, inToken: true };
  }
  expectDocument(arg, DOCUMENTS.key); // another kind of Kura document: named, exit 2
  const k = parseKeyFile(readFileOrThrow(arg), arg);
  return { alg: k.alg, publicKey: publicKeyOf(k.alg, k.privateKey), signer: k, inToken: false };
}

/**
 * Read the master secret `arg` names: a `pkcs11:` URI (a generic secret in a token; only a
 * handle comes back, the bytes stay in the token) or a file of 64 lowercase hex characters
 * (optionally one line break).
 */
export function loadSecret(arg: string, option = '--secret'): MasterSecret {
  if (isPkcs11Uri(arg)) return openTokenSecret(tokenUri(arg, option));
  const text = new TextDecoder()
    .decode(readFileOrThrow(arg))
    .replace(/\r?\n$/, '')
    .toLowerCase();
  try {
    return hexToBytes(text, 32, 'secret');
  } catch {
    throw new InputError('expected the 32-byte master secret as 64 hex characters', {
      file: arg,
      line: 1,
    });
  }
}
