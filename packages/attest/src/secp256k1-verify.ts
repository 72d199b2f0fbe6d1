/**
 * ECDSA verification over secp256k1 (SEC 1 v2 §4.1.4) with noble's point arithmetic only — the
 * verifier's half of `@noble/curves/secp256k1.js`'s `secp256k1` without its signer (RFC 6979,
 * HMAC-DRBG, DER, recovery), so a page that only verifies does not carry them (the customer's
 * verifier has an 80 KB gzip budget). The curve constants are SEC 2 v2 §2.4.1's; the result is
 * checked against noble's `secp256k1.verify` (`prehash: false`) on random and invalid inputs in
 * `secp256k1-verify.test.ts`, and every attestation signature and Wycheproof vector reaches it
 * through `verifySignature`.
 * @module
 */
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';

/** secp256k1 (SEC 2 v2 §2.4.1): y² = x³ + 7 over F_p, generator G of prime order n. */
const SECP256K1 = {
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
  n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  h: 1n,
  a: 0n,
  b: 7n,
  Gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
  Gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
} as const;

/** The secp256k1 point group (no signer attached). */
export const K1Point = /* @__PURE__ */ weierstrass(SECP256K1);
/** The group order n. */
export const K1_N: bigint = SECP256K1.n;

/**
 * Whether `(r, s)` is a valid ECDSA signature of the 32-byte `digest` under public key `Q`
 * (SEC 1 §4.1.4 steps 4–8): e = int(digest) mod n (32 bytes = the bit length of n, so no
 * truncation), u₁ = e·s⁻¹, u₂ = r·s⁻¹, R = u₁·G + u₂·Q, valid iff R ≠ O and x(R) mod n = r.
 * The caller has checked 0 < r, s < n (and its own low-S rule); `Q` is a decoded, valid point.
 */
export function ecdsaVerifyPoint(
  r: bigint,
  s: bigint,
  digest: Uint8Array,
  Q: InstanceType<typeof K1Point>
): boolean {
  if (digest.length !== 32) throw new RangeError('"digest" must be 32 bytes');
  const Fn = K1Point.Fn;
  let e = 0n;
  for (const b of digest) e = (e << 8n) | BigInt(b);
  const w = Fn.inv(s);
  const R = K1Point.BASE.multiplyUnsafe(Fn.mul(Fn.create(e), w)).add(
    Q.multiplyUnsafe(Fn.mul(r, w))
  );
  if (R.is0()) return false;
  return Fn.create(R.toAffine().x) === r;
}
