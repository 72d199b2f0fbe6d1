/**
 * The fast verification engine (`verifyRangeProof(…, { engine: fastEngine })`, rangeproof-fast.ts:
 * the WebAssembly core or fast25519 arithmetic and the affine generator cache) against the reference engine (noble only): on genuine proofs,
 * on proofs of out-of-range values, on proofs bound to another context, and on random
 * mutations, both return exactly the same result and code.
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mod, ORDER } from './group.js';
import { VALUE_BOUND } from './pedersen.js';
import { type RangeContext, verifyRangeProof } from './rangeproof.js';
import { fastEngine } from './rangeproof-fast.js';
import { proveRange, proveUnchecked } from './rangeproof-prove.js';
import { setWasmEnabled } from './wasm25519.js';

const ctx: RangeContext = {
  roundId: sha256(Uint8Array.of(7)),
  assetSetHash: sha256(Uint8Array.of(8)),
  height: 20,
  position: 4242,
};
const checked = { ...ctx, position: BigInt(ctx.position) };
const rnd = (bytes: number): bigint => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

function both(cs: readonly Uint8Array[], proof: Uint8Array, c: RangeContext = ctx) {
  const noble = verifyRangeProof(cs, proof, c);
  const fast = verifyRangeProof(cs, proof, c, { engine: fastEngine });
  expect(fast.ok).toBe(noble.ok);
  if (!noble.ok && !fast.ok) expect(fast.code).toBe(noble.code);
  return fast;
}

describe("verifyRangeProof engine 'fast' agrees with the noble reference", () => {
  it('genuine proofs (m = 1, 3, 60) verify on both', { timeout: 600_000 }, () => {
    for (const m of [1, 3, 60]) {
      const values = Array.from({ length: m }, (_, j) => (j === 0 ? VALUE_BOUND - 1n : rnd(7)));
      const blindings = values.map(() => mod(rnd(40)));
      const p = proveRange(values, blindings, ctx);
      expect(both(p.commitments, p.proof)).toEqual({ ok: true });
    }
  });
  it('out-of-range and negative values are RANGE_PROOF_FORGED on both', {
    timeout: 600_000,
  }, () => {
    for (const bad of [VALUE_BOUND, 1n << 70n, ORDER - 1n]) {
      const p = proveUnchecked([3n, bad], [mod(rnd(40)), mod(rnd(40))], checked);
      expect(both(p.commitments, p.proof)).toMatchObject({ code: 'RANGE_PROOF_FORGED' });
    }
  });
  it('another position or round is RANGE_PROOF_FORGED on both', () => {
    const p = proveRange([5n, 6n], [11n, 12n], ctx);
    expect(both(p.commitments, p.proof, { ...ctx, position: 4243 })).toMatchObject({
      code: 'RANGE_PROOF_FORGED',
    });
    expect(both(p.commitments, p.proof, { ...ctx, roundId: sha256(Uint8Array.of(9)) }).ok).toBe(
      false
    );
  });
  it('random byte mutations of a 4-value proof: same verdict and code (property)', {
    timeout: 600_000,
  }, () => {
    const p = proveRange([1n, 2n, 3n, 4n], [5n, 6n, 7n, 8n], ctx);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: p.proof.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (i, x) => {
          const b = p.proof.slice();
          b[i]! ^= x;
          expect(both(p.commitments, b).ok).toBe(false);
        }
      ),
      { numRuns: 40 }
    );
  });
  it('the prover gives byte-identical proofs with and without the WebAssembly core', {
    timeout: 600_000,
  }, () => {
    const seeded = (seed: number) => {
      let i = 0;
      return (n: number): Uint8Array => {
        const out = new Uint8Array(n);
        for (let o = 0; o < n; o += 32)
          out.set(
            sha256(Uint8Array.of(seed, i >> 8, i++ & 255)).subarray(0, Math.min(32, n - o)),
            o
          );
        return out;
      };
    };
    const values = [0n, 1n, VALUE_BOUND - 1n, 123456789n, 42n];
    const blindings = values.map((_, j) => mod(BigInt(j + 1) * 0x1234567890abcdefn ** 3n));
    const withWasm = proveRange(values, blindings, ctx, seeded(3));
    setWasmEnabled(false);
    try {
      const without = proveRange(values, blindings, ctx, seeded(3));
      expect(Buffer.from(without.proof).equals(Buffer.from(withWasm.proof))).toBe(true);
      expect(both(without.commitments, without.proof)).toEqual({ ok: true });
    } finally {
      setWasmEnabled(true);
    }
  });
});
