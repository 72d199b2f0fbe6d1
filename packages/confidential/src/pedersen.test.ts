/**
 * Pedersen commitments (SPEC.md §16.4–16.5): blinding derivation recomputed with node:crypto
 * HMAC-SHA512, commitments recomputed with libsodium, homomorphic sums, strict decoding and the
 * opening check with its stable codes.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { bytesToHex, concatBytes, u8, u32, u64, utf8Raw } from '@kura/codec';
import fc from 'fast-check';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { pedersenH } from './generators.js';
import { encodeScalar, leToBigint, ORDER, Point } from './group.js';
import {
  commit,
  decodeCommitment,
  encodeCommitment,
  leafBlinding,
  leafBlindings,
  padBlinding,
  padCommitment,
  sumBlindings,
  sumCommitments,
  VALUE_BOUND,
  verifyOpening,
} from './pedersen.js';

beforeAll(async () => {
  await sodium.ready;
});

const roundKey = new Uint8Array(32).map((_, i) => i + 1);
const uidHash = new Uint8Array(32).map((_, i) => 255 - i);

function hmac512(key: Uint8Array, ...parts: Uint8Array[]): bigint {
  const h = createHmac('sha512', key);
  for (const p of parts) h.update(p);
  return leToBigint(new Uint8Array(h.digest())) % ORDER;
}

/** C = v·G + r·H computed with libsodium only. */
function sodiumCommit(v: bigint, r: bigint): string {
  const vG = sodium.crypto_scalarmult_ristretto255_base(encodeScalar(v));
  const rH = sodium.crypto_scalarmult_ristretto255(encodeScalar(r), pedersenH().toBytes());
  return bytesToHex(sodium.crypto_core_ristretto255_add(vG, rH));
}

describe('blinding derivation', () => {
  it('leafBlinding = LE(HMAC-SHA512(roundKey, "kura/v2/blinding" ‖ uidHash ‖ u32(asset))) mod ℓ', () => {
    for (const a of [0, 1, 2, 39]) {
      const want = hmac512(roundKey, utf8Raw('kura/v2/blinding'), uidHash, u32(a));
      expect(leafBlinding(roundKey, uidHash, a)).toBe(want);
    }
    expect(leafBlinding(roundKey, uidHash, 0)).not.toBe(leafBlinding(roundKey, uidHash, 1));
  });
  it('padBlinding = LE(HMAC-SHA512(roundKey, "kura/v2/pad-blinding" ‖ u8(l) ‖ u64(i) ‖ u32(a))) mod ℓ', () => {
    const want = hmac512(roundKey, utf8Raw('kura/v2/pad-blinding'), u8(3), u64(77n), u32(2));
    expect(padBlinding(roundKey, 3, 77n, 2)).toBe(want);
    expect(padBlinding(roundKey, 3, 77, 2)).toBe(want);
  });
  it('a pad commits to zero under its derived blinding', () => {
    const c = padCommitment(roundKey, 0, 5, 1);
    expect(verifyOpening(c, 0n, padBlinding(roundKey, 0, 5, 1))).toEqual({ ok: true });
    expect(c.is0()).toBe(false);
  });
  it('the blinding label domain-separates leaves from pads', () => {
    // a pad's preimage can never equal a leaf's: different label bytes and lengths
    expect(concatBytes(utf8Raw('kura/v2/blinding'), uidHash, u32(0))).toHaveLength(52);
    expect(padBlinding(roundKey, 0, 0, 0)).not.toBe(leafBlinding(roundKey, uidHash, 0));
  });
  it('arguments are checked by name', () => {
    expect(() => leafBlinding(new Uint8Array(31), uidHash, 0)).toThrow(/"roundKey"/);
    expect(() => leafBlinding(roundKey, new Uint8Array(33), 0)).toThrow(/"uidHash"/);
    expect(() => leafBlinding(roundKey, uidHash, -1)).toThrow(/"assetIndex"/);
  });
});

describe('commitments', () => {
  it('commit(v, r) equals libsodium v·G + r·H (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: VALUE_BOUND - 1n }),
        fc.bigInt({ min: 1n, max: ORDER - 1n }),
        (v, r) => {
          expect(bytesToHex(encodeCommitment(commit(v, r)))).toBe(sodiumCommit(v, r));
        }
      ),
      { numRuns: 25 }
    );
  });
  it('homomorphic: Σ commit(v_i, r_i) = commit(Σ v_i, Σ r_i) — a parent is the sum of its children', () => {
    const vs = [0n, 1n, 123456789n, VALUE_BOUND / 4n - 1n];
    const rs = vs.map((_, i) => leafBlinding(roundKey, uidHash, i));
    const parent = sumCommitments(vs.map((v, i) => commit(v, rs[i]!)));
    const total = vs.reduce((a, b) => a + b, 0n);
    expect(parent.equals(commit(total, sumBlindings(rs)))).toBe(true);
    expect(verifyOpening(parent, total, sumBlindings(rs))).toEqual({ ok: true });
    expect(sumCommitments([]).is0()).toBe(true);
  });
  it('rejects values outside [0, 2^64) and blindings outside [0, ℓ) by argument name', () => {
    expect(() => commit(-1n, 1n)).toThrow(/"value"/);
    expect(() => commit(VALUE_BOUND, 1n)).toThrow(/"value"/);
    expect(() => commit(1n, ORDER)).toThrow(/"blinding"/);
    expect(commit(VALUE_BOUND - 1n, 5n).is0()).toBe(false);
  });
  it('decodeCommitment: canonical round trip; identity POINT_IDENTITY; garbage POINT_INVALID', () => {
    const c = commit(42n, 7n);
    const d = decodeCommitment(encodeCommitment(c));
    expect(d.ok && d.point.equals(c)).toBe(true);
    expect(decodeCommitment(new Uint8Array(32))).toMatchObject({ code: 'POINT_IDENTITY' });
    expect(decodeCommitment(new Uint8Array(32).fill(0xff))).toMatchObject({
      code: 'POINT_INVALID',
    });
    expect(decodeCommitment(randomBytes(31))).toMatchObject({ code: 'POINT_INVALID' });
  });
});

describe('verifyOpening codes', () => {
  const r = leafBlinding(roundKey, uidHash, 0);
  const c = commit(1000n, r);
  it('OPENING_MISMATCH for a wrong value or blinding', () => {
    expect(verifyOpening(c, 1001n, r)).toMatchObject({ ok: false, code: 'OPENING_MISMATCH' });
    expect(verifyOpening(c, 1000n, (r + 1n) % ORDER)).toMatchObject({ code: 'OPENING_MISMATCH' });
  });
  it('VALUE_OUT_OF_RANGE for a negative or too large value (no wrap modulo ℓ)', () => {
    // 1000 − ℓ is ≡ 1000 (mod ℓ): it would "open" C if the range were not checked
    expect(verifyOpening(c, 1000n - ORDER, r)).toMatchObject({ code: 'VALUE_OUT_OF_RANGE' });
    expect(verifyOpening(c, 1000n + ORDER, r, 2n ** 300n)).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
    });
    expect(verifyOpening(c, 1000n + ORDER, r)).toMatchObject({ code: 'VALUE_OUT_OF_RANGE' });
  });
  it('SCALAR_NON_CANONICAL for a blinding ≥ ℓ', () => {
    expect(verifyOpening(c, 1000n, r + ORDER)).toMatchObject({ code: 'SCALAR_NON_CANONICAL' });
  });
  it('never throws for the identity or an unrelated point', () => {
    expect(verifyOpening(Point.ZERO, 0n, 0n)).toEqual({ ok: true });
    expect(verifyOpening(Point.BASE, 0n, 0n)).toMatchObject({ code: 'OPENING_MISMATCH' });
  });
});

describe('leafBlindings (the builder batch) equals leafBlinding', () => {
  it('for random round keys and uid hashes, alternating keys (property)', () => {
    const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(bytes32, bytes32, bytes32, fc.integer({ min: 1, max: 5 }), (k1, k2, uid, n) => {
        for (const key of [k1, k2, k1]) {
          const batch = leafBlindings(key, uid, n);
          expect(batch).toEqual(Array.from({ length: n }, (_, a) => leafBlinding(key, uid, a)));
        }
      }),
      { numRuns: 40 }
    );
  });
  it('refuses bad arguments by name', () => {
    const k = new Uint8Array(32);
    expect(() => leafBlindings(new Uint8Array(31), k, 1)).toThrow(/"roundKey"/);
    expect(() => leafBlindings(k, new Uint8Array(3), 1)).toThrow(/"uidHash"/);
    expect(() => leafBlindings(k, k, 0)).toThrow(/"count"/);
  });
});
