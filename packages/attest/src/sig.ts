/**
 * The two signature algorithms of attestations (protocol v1 §Attestation digest; attacks E4–E6),
 * over a 32-byte digest, with one strict policy each. Every attestation signature — and the
 * Wycheproof vectors in the tests — goes through {@link verifySignature}.
 *
 * - `ed25519`: RFC 8032 with strict decoding (noble `zip215: false`). Before the group
 *   equation: `A` and `R` must be canonical encodings (y < p, no "negative zero" x) —
 *   `ED25519_NONCANONICAL_POINT`; `S < L` — `ED25519_NONCANONICAL_SCALAR`; neither `A` nor `R`
 *   may be of small order — `ED25519_SMALL_ORDER`. Keys pinned in a trust file must also be
 *   torsion-free (prime order, {@link checkPublicKey}), which settles the mixed-order cases.
 * - `ecdsa-secp256k1`: RFC 6979 deterministic signing; a signature is exactly 64 bytes `r ‖ s`
 *   (big-endian); `0 < r, s < n` — `ECDSA_SCALAR_RANGE`; `s ≤ n/2` — `ECDSA_HIGH_S`; the public
 *   key is 33-byte compressed SEC1. The digest is the message hash, never hashed again;
 *   verification uses noble's point arithmetic only (secp256k1-verify.ts), signing noble's signer.
 * @module
 */
import { bytesToHex, fail, taggedHash, utf8Raw, type VerifyResult } from '@kura/codec';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ecdsaVerifyPoint, K1_N, K1Point } from './secp256k1-verify.js';

/** The signature algorithms of attestations. */
export const SIG_ALGS = ['ed25519', 'ecdsa-secp256k1'] as const;
/** A signature algorithm. */
export type SigAlg = (typeof SIG_ALGS)[number];

/** Codes of {@link verifyDigest} and {@link checkPublicKey}. */
export type SigCode =
  | 'SIG_ENCODING'
  | 'KEY_ENCODING'
  | 'KEY_INVALID'
  | 'ECDSA_SCALAR_RANGE'
  | 'ECDSA_HIGH_S'
  | 'ED25519_NONCANONICAL_POINT'
  | 'ED25519_NONCANONICAL_SCALAR'
  | 'ED25519_SMALL_ORDER'
  | 'SIGNATURE_INVALID';

/** Byte lengths per algorithm. */
export const SIG_LENGTHS: Readonly<
  Record<SigAlg, { publicKey: number; signature: number; privateKey: number }>
> = {
  ed25519: { publicKey: 32, signature: 64, privateKey: 32 },
  'ecdsa-secp256k1': { publicKey: 33, signature: 64, privateKey: 32 },
};

/** The noble options of every ECDSA verification: the digest is the hash (never re-hashed). */
export const ECDSA_VERIFY_OPTS = { prehash: false, lowS: true, format: 'compact' } as const;
/** The noble options of every ECDSA signature: RFC 6979 (no extra entropy), low-S, compact. */
export const ECDSA_SIGN_OPTS = {
  prehash: false,
  lowS: true,
  format: 'compact',
  extraEntropy: false,
} as const;
/** The noble options of every Ed25519 verification: strict RFC 8032 decoding. */
export const ED25519_VERIFY_OPTS = { zip215: false } as const;

const ED_P = ed25519.Point.Fp.ORDER; // 2^255 − 19
const ED_L = ed25519.Point.Fn.ORDER; // 2^252 + 27742317777372353535851937790883648493

function leToBigint(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}
function beToBigint(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i++) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

type EdPoint = ReturnType<typeof ed25519.Point.fromBytes>;

/** Decode an Ed25519 point strictly: 'noncanonical' (y ≥ p, or x = 0 with the sign bit set). */
function edPoint(b: Uint8Array): EdPoint | 'noncanonical' | 'invalid' {
  const y = leToBigint(b) & ((1n << 255n) - 1n);
  if (y >= ED_P) return 'noncanonical';
  try {
    return ed25519.Point.fromBytes(b, false);
  } catch {
    // x = 0 with the sign bit is the only other non-canonical form: y = ±1 gives x = 0
    if ((b[31]! & 0x80) !== 0 && (y === 1n || y === ED_P - 1n)) return 'noncanonical';
    return 'invalid';
  }
}

/**
 * Verify `signature` over `message` with `publicKey` under the strict policy of `alg` (see the
 * module doc). Attestations pass the 32-byte digest `TH("kura/v1/attest/" + role, JCS(statement))`
 * as `message`; for ECDSA it must be exactly 32 bytes and is used as the hash itself (never
 * re-hashed), for Ed25519 it is the RFC 8032 message. Never throws; every refusal has its code.
 */
export function verifySignature(
  alg: SigAlg,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array
): VerifyResult<SigCode> {
  try {
    if (!(message instanceof Uint8Array) || (alg !== 'ed25519' && message.length !== 32))
      return fail('SIG_ENCODING', 'the ECDSA message must be a 32-byte digest');
    const len = SIG_LENGTHS[alg];
    if (len === undefined) return fail('SIG_ENCODING', `unknown algorithm ${String(alg)}`);
    if (publicKey.length !== len.publicKey)
      return fail('KEY_ENCODING', `an ${alg} public key is ${len.publicKey} bytes`);
    if (signature.length !== len.signature)
      return fail('SIG_ENCODING', `an ${alg} signature is ${len.signature} bytes`);
    return alg === 'ed25519'
      ? verifyEd25519(publicKey, message, signature)
      : verifyEcdsa(publicKey, message, signature);
  } catch (e) {
    return fail('SIGNATURE_INVALID', `verification failed: ${(e as Error).message}`);
  }
}

function verifyEd25519(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): VerifyResult<SigCode> {
  const A = edPoint(pk);
  if (A === 'noncanonical')
    return fail('ED25519_NONCANONICAL_POINT', 'the public key A is not canonically encoded');
  if (A === 'invalid') return fail('KEY_INVALID', 'the public key is not a curve point');
  const R = edPoint(sig.subarray(0, 32));
  if (R === 'noncanonical')
    return fail('ED25519_NONCANONICAL_POINT', 'the signature point R is not canonically encoded');
  if (R === 'invalid')
    return fail('SIGNATURE_INVALID', 'the signature point R is not on the curve');
  if (leToBigint(sig.subarray(32)) >= ED_L)
    return fail('ED25519_NONCANONICAL_SCALAR', 'the signature scalar S is not below L');
  if (A.isSmallOrder()) return fail('ED25519_SMALL_ORDER', 'the public key has small order');
  if (R.isSmallOrder()) return fail('ED25519_SMALL_ORDER', 'the signature point R has small order');
  return ed25519.verify(sig, msg, pk, ED25519_VERIFY_OPTS)
    ? { ok: true }
    : fail('SIGNATURE_INVALID', 'the Ed25519 signature does not verify');
}

function verifyEcdsa(pk: Uint8Array, digest: Uint8Array, sig: Uint8Array): VerifyResult<SigCode> {
  if (pk[0] !== 0x02 && pk[0] !== 0x03)
    return fail('KEY_ENCODING', 'a secp256k1 public key is 33-byte compressed SEC1 (02/03 …)');
  let Q: InstanceType<typeof K1Point>;
  try {
    Q = K1Point.fromBytes(pk);
  } catch {
    return fail('KEY_INVALID', 'the public key is not a curve point');
  }
  const r = beToBigint(sig.subarray(0, 32));
  const s = beToBigint(sig.subarray(32));
  if (r === 0n || r >= K1_N || s === 0n || s >= K1_N)
    return fail('ECDSA_SCALAR_RANGE', 'r and s must be in 1 … n−1');
  if (s > K1_N >> 1n) return fail('ECDSA_HIGH_S', 's is above n/2 (a malleated signature)');
  return ecdsaVerifyPoint(r, s, digest, Q)
    ? { ok: true }
    : fail('SIGNATURE_INVALID', 'the ECDSA signature does not verify');
}

/**
 * Sign a 32-byte digest: Ed25519 (RFC 8032, deterministic) or ECDSA secp256k1 (RFC 6979,
 * low-S, 64-byte compact). Throws a RangeError naming the argument on bad lengths.
 */
export function signDigest(alg: SigAlg, privateKey: Uint8Array, digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new RangeError('"digest" must be 32 bytes');
  if (privateKey.length !== 32) throw new RangeError('"privateKey" must be 32 bytes');
  if (alg === 'ed25519') return ed25519.sign(digest, privateKey);
  if (alg === 'ecdsa-secp256k1') return secp256k1.sign(digest, privateKey, ECDSA_SIGN_OPTS);
  throw new RangeError(`"alg" must be one of ${SIG_ALGS.join(', ')}`);
}

/**
 * An ECDSA secp256k1 signature from elsewhere (a PKCS#11 token's `CKM_ECDSA`: raw 64-byte
 * `r ‖ s`, or DER `SEQUENCE { r, s }` from some tokens) in the one form attestations carry:
 * 64-byte compact with `s ≤ n/2` (`s` replaced by `n − s` when high — the same signature, the
 * form {@link signDigest} produces). Throws a RangeError naming the argument when it is neither
 * form or `r`, `s` are out of range.
 */
export function ecdsaCompactLowS(signature: Uint8Array): Uint8Array {
  let sig: ReturnType<typeof secp256k1.Signature.fromBytes>;
  try {
    sig = secp256k1.Signature.fromBytes(signature, signature.length === 64 ? 'compact' : 'der');
  } catch (e) {
    throw new RangeError('"signature" must be a 64-byte r‖s or a DER ECDSA signature', {
      cause: e,
    });
  }
  if (sig.r === 0n || sig.s === 0n) throw new RangeError('"signature": r and s must be non-zero');
  if (sig.hasHighS()) sig = new secp256k1.Signature(sig.r, K1_N - sig.s);
  return sig.toBytes('compact');
}

/** The public key of a private key: Ed25519 32 bytes, secp256k1 33-byte compressed. */
export function publicKeyOf(alg: SigAlg, privateKey: Uint8Array): Uint8Array {
  if (privateKey.length !== 32) throw new RangeError('"privateKey" must be 32 bytes');
  if (alg === 'ed25519') return ed25519.getPublicKey(privateKey);
  if (alg === 'ecdsa-secp256k1') return secp256k1.getPublicKey(privateKey, true);
  throw new RangeError(`"alg" must be one of ${SIG_ALGS.join(', ')}`);
}

/** A fresh random private key (Ed25519 seed / secp256k1 scalar), from the platform CSPRNG. */
export function generatePrivateKey(alg: SigAlg): Uint8Array {
  if (alg === 'ed25519') return ed25519.utils.randomSecretKey();
  if (alg === 'ecdsa-secp256k1') return secp256k1.utils.randomSecretKey();
  throw new RangeError(`"alg" must be one of ${SIG_ALGS.join(', ')}`);
}

/**
 * A key's fingerprint: `hex(TH("kura/v1/key", utf8(alg) ‖ 0x00 ‖ publicKey))`, 64 lowercase hex
 * (the public key in its canonical encoding: Ed25519 32 bytes, secp256k1 33-byte compressed).
 */
export function keyFingerprint(alg: SigAlg, publicKey: Uint8Array): string {
  return bytesToHex(taggedHash('kura/v1/key', utf8Raw(alg), Uint8Array.of(0), publicKey));
}

/**
 * Is this a public key Kura will pin? Ed25519: canonical, on the curve, not of small order and
 * torsion-free (prime order — rejects the mixed-order keys of speccheck). secp256k1: 33-byte
 * compressed, on the curve. Never throws.
 */
export function checkPublicKey(alg: SigAlg, publicKey: Uint8Array): VerifyResult<SigCode> {
  const len = SIG_LENGTHS[alg];
  if (len === undefined) return fail('KEY_ENCODING', `unknown algorithm ${String(alg)}`);
  if (publicKey.length !== len.publicKey)
    return fail('KEY_ENCODING', `an ${alg} public key is ${len.publicKey} bytes`);
  if (alg === 'ed25519') {
    const A = edPoint(publicKey);
    if (A === 'noncanonical')
      return fail('ED25519_NONCANONICAL_POINT', 'the public key is not canonically encoded');
    if (A === 'invalid') return fail('KEY_INVALID', 'the public key is not a curve point');
    if (A.isSmallOrder()) return fail('ED25519_SMALL_ORDER', 'the public key has small order');
    if (!A.isTorsionFree())
      return fail('KEY_INVALID', 'the public key has a small-order component (mixed order)');
    return { ok: true };
  }
  if (publicKey[0] !== 0x02 && publicKey[0] !== 0x03)
    return fail('KEY_ENCODING', 'a secp256k1 public key is 33-byte compressed SEC1 (02/03 …)');
  try {
    K1Point.fromBytes(publicKey);
    return { ok: true };
  } catch {
    return fail('KEY_INVALID', 'the public key is not a curve point');
  }
}
