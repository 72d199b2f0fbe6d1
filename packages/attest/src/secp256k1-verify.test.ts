/**
 * SEC 1 §4.1.4 verification with noble's points only (secp256k1-verify.ts) against noble's own
 * `secp256k1.verify` (`prehash: false`): the same answer on genuine signatures, on each part
 * changed, and on random (r, s) pairs — and the same curve (G, n) as noble's secp256k1.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecdsaVerifyPoint, K1_N, K1Point } from './secp256k1-verify.js';

const be = (b: Uint8Array): bigint => b.reduce((v, x) => (v << 8n) | BigInt(x), 0n);
const OPTS = { prehash: false, lowS: false, format: 'compact' } as const;

function both(sig: Uint8Array, digest: Uint8Array, pk: Uint8Array): [boolean, boolean] {
  const r = be(sig.subarray(0, 32));
  const s = be(sig.subarray(32));
  const ours =
    r > 0n && r < K1_N && s > 0n && s < K1_N
      ? ecdsaVerifyPoint(r, s, digest, K1Point.fromBytes(pk))
      : false;
  return [ours, secp256k1.verify(sig, digest, pk, OPTS)];
}

describe('secp256k1 ECDSA verification (SEC 1 §4.1.4) with noble points only', () => {
  it('is the same curve as noble secp256k1 (generator and order)', () => {
    expect(K1Point.BASE.toHex(true)).toBe(secp256k1.Point.BASE.toHex(true));
    expect(K1_N).toBe(secp256k1.Point.Fn.ORDER);
  });

  it('agrees with noble on genuine signatures and on every kind of change', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 1, max: 255 }),
        (seed, digest, at, x) => {
          let sk: Uint8Array;
          try {
            sk = secp256k1.utils.randomSecretKey(seed);
          } catch {
            return;
          }
          const pk = secp256k1.getPublicKey(sk, true);
          const sig = secp256k1.sign(digest, sk, { prehash: false, lowS: true, format: 'compact' });
          expect(both(sig, digest, pk)).toEqual([true, true]);
          const bad = sig.slice();
          bad[at]! ^= x;
          const [o, n] = both(bad, digest, pk);
          expect(o).toBe(n);
          const d2 = digest.slice();
          d2[at % 32]! ^= x;
          expect(both(sig, d2, pk)).toEqual([false, false]);
          const other = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
          expect(both(sig, digest, other)).toEqual([false, false]);
        }
      ),
      { numRuns: 60 }
    );
  });

  it('agrees with noble on random (r, s) pairs and digests at or above n', () => {
    const pk = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (sig) => {
        const digest = new Uint8Array(32).fill(0xff); // e ≥ n: reduced mod n by both
        const [o, n] = both(sig, digest, pk);
        expect(o).toBe(n);
      }),
      { numRuns: 40 }
    );
  });
});
