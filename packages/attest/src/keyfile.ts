/**
 * The private-key file `kura-key/1` written by `kura keys gen` (mode 0600):
 * `{ "version": "kura-key/1", "alg", "privateKey": "<64 hex>", "publicKey", "fingerprint" }`.
 * The public key and fingerprint are checked against the private key when the file is read.
 * @module
 */
import {
  bytesToHex,
  hex,
  hexToBytes,
  KuraError,
  obj,
  oneOf,
  readJson,
  str,
  validate,
} from '@kura/codec';
import { ATTEST_DOCUMENT_CODES } from './fields.js';
import { keyFingerprint, publicKeyOf, SIG_ALGS, type SigAlg } from './sig.js';

/** The version string of a key file. */
export const KEY_FILE_VERSION = 'kura-key/1';

/** A key file's content. */
export interface KeyFile {
  readonly version: typeof KEY_FILE_VERSION;
  readonly alg: SigAlg;
  readonly privateKey: string;
  readonly publicKey: string;
  readonly fingerprint: string;
}

/** The key-file content for a private key. */
export function makeKeyFile(alg: SigAlg, privateKey: Uint8Array): KeyFile {
  const pk = publicKeyOf(alg, privateKey);
  return {
    version: KEY_FILE_VERSION,
    alg,
    privateKey: bytesToHex(privateKey),
    publicKey: bytesToHex(pk),
    fingerprint: keyFingerprint(alg, pk),
  };
}

/**
 * A key file's shape. `version` is checked apart (a wrong one is `BAD_KEY_FILE`); `publicKey`
 * and `fingerprint` must equal what the private key gives. No message echoes a private key.
 */
export const keyFileShape = obj({
  version: str({ nfc: false }),
  alg: oneOf(SIG_ALGS),
  privateKey: hex(32),
  publicKey: str({ nfc: false }),
  fingerprint: str({ nfc: false }),
});

/** Read a key file's bytes; returns the algorithm and private key. Throws a KuraError. */
export function parseKeyFile(
  bytes: Uint8Array,
  file?: string
): { alg: SigAlg; privateKey: Uint8Array } {
  const o = readJson(bytes, (v) => validate(keyFileShape, v, { codes: ATTEST_DOCUMENT_CODES }), {
    file,
  });
  if (o.version !== KEY_FILE_VERSION)
    throw new KuraError(
      'BAD_KEY_FILE',
      `${file ?? 'key file'}: expected version "${KEY_FILE_VERSION}"`
    );
  const { alg } = o;
  const privateKey = hexToBytes(o.privateKey);
  let expect: KeyFile;
  try {
    expect = makeKeyFile(alg, privateKey);
  } catch (e) {
    throw new KuraError('BAD_KEY_FILE', `${file ?? 'key file'}: not a valid ${alg} private key`, {
      cause: e,
    });
  }
  if (o.publicKey !== expect.publicKey || o.fingerprint !== expect.fingerprint)
    throw new KuraError(
      'BAD_KEY_FILE',
      `${file ?? 'key file'}: publicKey / fingerprint do not belong to the private key`
    );
  return { alg, privateKey };
}
