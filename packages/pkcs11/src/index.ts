/**
 * @kura/pkcs11 — Kura's signing keys and master secret inside a PKCS#11 token (an HSM, or
 * SoftHSM2 for tests), selected by an RFC 7512 URI. Node only (a native addon): never imported
 * by the isomorphic packages or the web verifier.
 * @module
 */

export { createKeyFile } from './key-file.js';
export {
  CKK_EC_EDWARDS,
  CKM_EC_EDWARDS_KEY_PAIR_GEN,
  CKM_EDDSA,
  generateKeyPair,
  type KeyRole,
  openSigner,
  readPublicKey,
  type TokenPublicKey,
} from './keypair.js';
export { type LoadedKey, loadSecret, loadSigningKey, tokenUri } from './keysource.js';
export { generateSecret, importSecret, openTokenSecret } from './secret.js';
export { createSecretFile, importSecretFile } from './secret-file.js';
export { type Pkcs11Code, Pkcs11Error, readPin } from './token.js';
export {
  describeUri,
  formatPkcs11Uri,
  isPkcs11Uri,
  OBJECT_TYPES,
  type ObjectType,
  type PinSource,
  type Pkcs11Uri,
  Pkcs11UriError,
  parsePkcs11Uri,
} from './uri.js';
