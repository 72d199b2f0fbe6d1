/**
 * The WebAssembly edwards25519 core (wasm25519.ts) against bigint arithmetic and @noble/curves
 * (itself checked against RFC 9496 and libsodium in group.test.ts): field operations on random
 * and edge inputs, point operations, and both multi-scalar multiplications (property tests).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extMsm, fromExt, P25519, toExt } from './fast25519.js';
import { mod, ORDER, Point } from './group.js';
import { msm } from './rangeproof.js';
import { HEAP, POINT_BYTES, wasmCurve, wasmMsm, wasmStraus } from './wasm25519.js';

const w = wasmCurve()!;
const P = P25519;
const fe = fc.oneof(
  fc.bigInt({ min: 0n, max: P - 1n }),
  fc.constantFrom(0n, 1n, 2n, 19n, P - 1n, P - 2n, 2n ** 255n - 20n, 2n ** 254n, 2n ** 26n - 1n)
);
const scalar = fc.bigInt({ min: 0n, max: ORDER - 1n });
const point = fc.bigInt({ min: 1n, max: ORDER - 1n }).map((k) => Point.BASE.multiply(k));
const A = HEAP;
const B = HEAP + 40;
const O = HEAP + 80;

describe('wasm25519 field arithmetic mod 2^255 − 19 (against bigint)', () => {
  it('the module is available in Node', () => {
    expect(w).not.toBeNull();
  });
  it('mul, add, sub and chains of them (property)', () => {
    w.ensure(1024);
    fc.assert(
      fc.property(fe, fe, fe, (a, b, c) => {
        w.setFe(A, a);
        w.setFe(B, b);
        expect(w.getFe(A)).toBe(a);
        w.fmul(O, A, B);
        expect(w.getFe(O)).toBe((a * b) % P);
        w.fadd(O, A, B);
        expect(w.getFe(O)).toBe((a + b) % P);
        w.fsub(O, A, B);
        expect(w.getFe(O)).toBe((((a - b) % P) + P) % P);
        // (a − b)·(a − b)·c, in place, from unreduced-limb inputs
        w.fmul(O, O, O);
        w.setFe(A, c);
        w.fmul(O, O, A);
        expect(w.getFe(O)).toBe(((((a - b) * (a - b)) % P) * c) % P);
      }),
      { numRuns: 300 }
    );
  });
  it('setFe reads non-canonical inputs up to 2^256 − 1', () => {
    for (const x of [P, P + 18n, 2n ** 255n, 2n ** 256n - 1n]) {
      w.setFe(A, x);
      expect(w.getFe(A)).toBe(x % P);
    }
  });
});

describe('wasm25519 points (against noble)', () => {
  it('add, sub, double (property)', () => {
    w.ensure(8 * POINT_BYTES);
    const [p0, q0, c0] = [HEAP, HEAP + POINT_BYTES, HEAP + 2 * POINT_BYTES];
    fc.assert(
      fc.property(point, point, (p, q) => {
        w.setExt(p0, toExt(p));
        w.setExt(q0, toExt(q));
        w.toCached(c0, q0, 0);
        w.addCached(HEAP + 3 * POINT_BYTES, p0, c0);
        expect(fromExt(w.getExt(HEAP + 3 * POINT_BYTES)).equals(p.add(q))).toBe(true);
        w.subCached(HEAP + 3 * POINT_BYTES, p0, c0);
        expect(fromExt(w.getExt(HEAP + 3 * POINT_BYTES)).equals(p.subtract(q))).toBe(true);
        w.dbl(p0, p0, 0);
        expect(fromExt(w.getExt(p0)).equals(p.double())).toBe(true);
        // p + (−p) = identity
        w.setExt(p0, toExt(p));
        w.toCached(c0, p0, 0);
        w.subCached(p0, p0, c0);
        expect(fromExt(w.getExt(p0)).is0()).toBe(true);
      }),
      { numRuns: 40 }
    );
  });
  it('Pippenger and Straus agree with noble, including zero and ℓ − 1 scalars (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(point, fc.oneof(scalar, fc.constantFrom(0n, 1n, ORDER - 1n))), {
          minLength: 1,
          maxLength: 40,
        }),
        (pairs) => {
          const pts = pairs.map((x) => x[0]);
          const scs = pairs.map((x) => x[1]);
          const want = msm(pts, scs);
          const ext = pts.map(toExt);
          expect(fromExt(wasmMsm(w, ext, scs)).equals(want)).toBe(true);
          expect(
            fromExt(wasmStraus(w, ext.slice(0, 8), scs.slice(0, 8))).equals(
              msm(pts.slice(0, 8), scs.slice(0, 8))
            )
          ).toBe(true);
        }
      ),
      { numRuns: 25 }
    );
  });
  it('a 3,000-point Pippenger equals fast25519 and noble', () => {
    const pts = Array.from({ length: 3000 }, (_, i) => Point.BASE.multiply(BigInt(7 * i + 3)));
    const scs = pts.map((_, i) => mod(BigInt(i + 1) * 0x9e3779b97f4a7c15f39cc0605cedc834n ** 2n));
    const ext = pts.map(toExt);
    const ours = fromExt(wasmMsm(w, ext, scs));
    expect(ours.equals(fromExt(extMsm(ext, scs)))).toBe(true);
    expect(ours.equals(msm(pts, scs))).toBe(true);
  });
});
