/**
 * Token operation speed (`npm run bench` → `vitest bench --run`) on a SoftHSM2 token: each
 * operation as Kura runs it — module loaded, session opened, logged in, one mechanism call,
 * logged out, finalised — for signing (Ed25519, secp256k1 with low-S normalisation and the
 * verification of the result) and for the round-key derivation.
 */
import { afterAll, bench, describe } from 'vitest';
import { generateKeyPair, openSigner } from './keypair.js';
import { generateSecret, openTokenSecret } from './secret.js';
import { createSoftHsmToken } from './testing.js';
import { parsePkcs11Uri } from './uri.js';

const tok = createSoftHsmToken();
afterAll(() => tok.remove());
const ed = parsePkcs11Uri(tok.uri('bench-ed'));
const k1 = parsePkcs11Uri(tok.uri('bench-k1'));
const ms = parsePkcs11Uri(tok.uri('bench-secret'));
generateKeyPair(ed, 'ed25519');
generateKeyPair(k1, 'ecdsa-secp256k1');
generateSecret(ms);
const edSigner = openSigner(ed);
const k1Signer = openSigner(k1);
const secret = openTokenSecret(ms);
const digest = new Uint8Array(32).fill(7);

describe('SoftHSM2 token, one full operation each', () => {
  bench('Ed25519 sign (CKM_EDDSA) + verify', () => {
    edSigner.signDigest(digest);
  });
  bench('secp256k1 sign (CKM_ECDSA) + low-S + verify', () => {
    k1Signer.signDigest(digest);
  });
  bench('round key (CKM_SHA256_HMAC)', () => {
    secret.hmacSha256(digest);
  });
});
