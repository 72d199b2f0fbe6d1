/**
 * Batched commitments (pedersen-batch.ts) against @noble/curves: commitMany equals commit,
 * encodeMany equals RFC 9496 encoding by noble (itself checked against RFC 9496 vectors and
 * libsodium in group.test.ts), sums equal noble's additions — on random inputs (fast-check)
 * and on the edges (value 0 and 2^64 − 1, blinding 0 and ℓ − 1, the identity).
 */
import { bytesToHex } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER, Point } from './group.js';
import { commit, VALUE_BOUND } from './pedersen.js';
import {
  addHalves,
  commitMany,
  encodeMany,
  halfToPoint,
  pointToHalf,
  sumPairs,
} from './pedersen-batch.js';
import { setWasmEnabled } from './wasm25519.js';

const value = fc.oneof(
  fc.bigInt({ min: 0n, max: VALUE_BOUND - 1n }),
  fc.constantFrom(0n, 1n, 4095n, 4096n, 2048n, 2049n, VALUE_BOUND - 1n)
);
const blinding = fc.oneof(
  fc.bigInt({ min: 0n, max: ORDER - 1n }),
  fc.constantFrom(0n, 1n, 2048n, ORDER - 1n, ORDER - 2049n)
);
const hex = (b: Uint8Array): string => bytesToHex(b);

describe('commitMany / encodeMany / sumPairs against noble', () => {
  it('commitMany(v, r) = commit(v, r) and encodeMany = toBytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, blinding), { minLength: 1, maxLength: 6 }), (pairs) => {
        const vs = pairs.map((p) => p[0]);
        const rs = pairs.map((p) => p[1]);
        const cs = commitMany(vs, rs);
        const enc = encodeMany(cs);
        for (let i = 0; i < pairs.length; i++) {
          const ref = commit(vs[i]!, rs[i]!);
          expect(halfToPoint(cs[i]!).equals(ref)).toBe(true);
          expect(hex(enc[i]!)).toBe(hex(ref.toBytes()));
        }
      }),
      { numRuns: 60 }
    );
  });
  it('parents: sumPairs and addHalves encode as noble sums (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, blinding), { minLength: 4, maxLength: 4 }), (pairs) => {
        const cs = commitMany(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1])
        );
        const ref = pairs.map(([v, r]) => commit(v, r));
        const lvl1 = sumPairs(cs);
        const root = addHalves(lvl1[0]!, lvl1[1]!);
        const enc = encodeMany([...lvl1, root]);
        expect(hex(enc[0]!)).toBe(hex(ref[0]!.add(ref[1]!).toBytes()));
        expect(hex(enc[1]!)).toBe(hex(ref[2]!.add(ref[3]!).toBytes()));
        expect(hex(enc[2]!)).toBe(hex(ref[0]!.add(ref[1]!).add(ref[2]!).add(ref[3]!).toBytes()));
      }),
      { numRuns: 25 }
    );
  });
  it('the identity (0, 0) and a sum to the identity encode as 32 zero bytes', () => {
    const [zero, a] = commitMany([0n, 5n], [0n, 7n]);
    const minusA = pointToHalf(commit(5n, 7n).negate());
    const enc = encodeMany([zero!, addHalves(a!, minusA), a!]);
    expect(hex(enc[0]!)).toBe('00'.repeat(32));
    expect(hex(enc[1]!)).toBe('00'.repeat(32));
    expect(hex(enc[2]!)).toBe(hex(commit(5n, 7n).toBytes()));
    expect(encodeMany([])).toEqual([]);
  });
  it('pointToHalf round-trips any point (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: ORDER - 1n }), (k) => {
        const p = Point.BASE.multiply(k);
        expect(halfToPoint(pointToHalf(p)).equals(p)).toBe(true);
        expect(hex(encodeMany([pointToHalf(p)])[0]!)).toBe(hex(p.toBytes()));
      }),
      { numRuns: 10 }
    );
  });
  it('arguments out of range are refused by name', () => {
    expect(() => commitMany([VALUE_BOUND], [1n])).toThrow(/"values\[0\]"/);
    expect(() => commitMany([1n, -1n], [1n, 1n])).toThrow(/"values\[1\]"/);
    expect(() => commitMany([1n], [ORDER])).toThrow(/"blindings\[0\]"/);
    expect(() => commitMany([1n], [])).toThrow(/"blindings"/);
    expect(() => sumPairs(commitMany([1n], [1n]))).toThrow(/"cs"/);
  });
  it('the bigint path (WebAssembly off) gives the same commitments (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, blinding), { minLength: 1, maxLength: 4 }), (pairs) => {
        const vs = pairs.map((p) => p[0]);
        const rs = pairs.map((p) => p[1]);
        const withWasm = encodeMany(commitMany(vs, rs));
        setWasmEnabled(false);
        try {
          const without = encodeMany(commitMany(vs, rs));
          expect(without.map(hex)).toEqual(withWasm.map(hex));
          expect(without.map(hex)).toEqual(vs.map((v, i) => hex(commit(v, rs[i]!).toBytes())));
        } finally {
          setWasmEnabled(true);
        }
      }),
      { numRuns: 15 }
    );
  });
});
