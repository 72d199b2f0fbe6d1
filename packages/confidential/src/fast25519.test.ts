/**
 * The prover's fast edwards25519 arithmetic (fast25519.ts) against @noble/curves, whose
 * ristretto255 is itself checked against RFC 9496 and libsodium in group.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXT_ZERO,
  extAdd,
  extDouble,
  extMsm,
  extMul,
  extNeg,
  extStraus,
  fromExt,
  P25519,
  red,
  toExt,
  wnaf,
} from './fast25519.js';
import { mod, ORDER, Point } from './group.js';
import { msm } from './rangeproof.js';

const scalar = fc.bigInt({ min: 0n, max: ORDER - 1n });
const point = fc.bigInt({ min: 1n, max: ORDER - 1n }).map((k) => Point.BASE.multiply(k));

describe('fast25519 against @noble/curves', () => {
  it('red(x) = x mod p for products and edge values', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: P25519 - 1n }),
        fc.bigInt({ min: 0n, max: P25519 - 1n }),
        (a, b) => {
          expect(red(a * b)).toBe((a * b) % P25519);
        }
      )
    );
    for (const x of [
      0n,
      P25519 - 1n,
      P25519,
      P25519 + 1n,
      2n ** 255n,
      (P25519 - 1n) ** 2n,
      2n ** 512n - 1n,
    ])
      expect(red(x)).toBe(x % P25519);
  });
  it('toExt / fromExt round trip; identity', () => {
    fc.assert(
      fc.property(point, (p) => {
        expect(fromExt(toExt(p)).equals(p)).toBe(true);
      }),
      { numRuns: 30 }
    );
    expect(fromExt(EXT_ZERO).is0()).toBe(true);
  });
  it('addition, doubling and negation agree with noble (property)', () => {
    fc.assert(
      fc.property(point, point, (p, q) => {
        expect(fromExt(extAdd(toExt(p), toExt(q))).equals(p.add(q))).toBe(true);
        expect(fromExt(extDouble(toExt(p))).equals(p.double())).toBe(true);
        expect(fromExt(extNeg(toExt(p))).equals(p.negate())).toBe(true);
        expect(fromExt(extAdd(toExt(p), extNeg(toExt(p)))).is0()).toBe(true);
        expect(fromExt(extAdd(toExt(p), EXT_ZERO)).equals(p)).toBe(true);
      }),
      { numRuns: 40 }
    );
  });
  it('wNAF digits reconstruct the scalar', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        const d = wnaf(k);
        expect(d.reduce((acc, x, i) => acc + BigInt(x) * 2n ** BigInt(i), 0n)).toBe(k);
        expect(d.every((x) => x === 0 || (Math.abs(x) % 2 === 1 && Math.abs(x) < 16))).toBe(true);
      })
    );
  });
  it('k·P agrees with noble, including k = 0, 1, ℓ − 1', () => {
    fc.assert(
      fc.property(point, scalar, (p, k) => {
        expect(fromExt(extMul(toExt(p), k)).equals(p.multiplyUnsafe(k))).toBe(true);
      }),
      { numRuns: 25 }
    );
    const p = Point.BASE.multiply(77n);
    for (const k of [0n, 1n, 2n, ORDER - 1n])
      expect(fromExt(extMul(toExt(p), k)).equals(p.multiplyUnsafe(k))).toBe(true);
  });
  it('Straus MSM agrees with noble for 1 … 16 points', () => {
    for (const n of [1, 2, 3, 8, 16]) {
      const pts = Array.from({ length: n }, (_, i) => Point.BASE.multiply(BigInt(5 * i + 3)));
      const scs = pts.map((_, i) => mod(BigInt(i + 1) * 0xfedcba9876543210fedcba9876543210n ** 2n));
      if (n > 2) scs[1] = 0n;
      expect(fromExt(extStraus(pts.map(toExt), scs)).equals(msm(pts, scs))).toBe(true);
    }
  });
  it('Pippenger MSM agrees with noble for 0, 1, 5, 40 and 300 points', () => {
    for (const n of [0, 1, 5, 40, 300]) {
      const pts = Array.from({ length: n }, (_, i) => Point.BASE.multiply(BigInt(3 * i + 11)));
      const scs = pts.map((_, i) =>
        mod(BigInt(i) * 0x1234567890abcdef1234567890abcdefn ** 2n + 5n)
      );
      if (n > 3) {
        scs[1] = 0n;
        scs[2] = ORDER - 1n;
      }
      const ours = fromExt(extMsm(pts.map(toExt), scs));
      expect(ours.equals(n === 0 ? Point.ZERO : msm(pts, scs))).toBe(true);
    }
  });
});
