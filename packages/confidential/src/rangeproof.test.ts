/**
 * Aggregated Bulletproofs range proofs (SPEC.md §16.7): completeness, soundness by mutation,
 * out-of-range values, transcript binding, stable codes, and an independent second verifier —
 * the plain recursive inner-product check of the Bulletproofs paper (§3, Protocol 2, folding
 * the generators round by round) written over libsodium's ristretto255, not noble's.
 */
import { randomBytes } from 'node:crypto';
import { bytesToHex, sha256 } from '@kura/codec';
import fc from 'fast-check';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulletproofGenerators, G, pedersenH } from './generators.js';
import { decodeScalar, encodePoint, encodeScalar, inv, mod, ORDER, Point } from './group.js';
import { commit, RANGE_BITS, VALUE_BOUND } from './pedersen.js';
import {
  msm,
  paddedCount,
  type RangeContext,
  type RangeProofCode,
  rangeProofLength,
  verifyRangeProof,
} from './rangeproof.js';
import { proveRange, proveUnchecked } from './rangeproof-prove.js';
import { Transcript } from './transcript.js';

beforeAll(async () => {
  await sodium.ready;
});

const ctx: RangeContext = {
  roundId: sha256(Uint8Array.of(1)),
  assetSetHash: sha256(Uint8Array.of(2)),
  height: 20,
  position: 654321,
};
const checked = { ...ctx, position: BigInt(ctx.position) };

/** Deterministic random source for reproducible proofs. */
function seeded(seed: number): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) {
      const h = sha256(Uint8Array.of(seed, counter >> 16, (counter >> 8) & 255, counter & 255));
      counter++;
      out.set(h.subarray(0, Math.min(32, n - o)), o);
    }
    return out;
  };
}

function randomValues(m: number): { values: bigint[]; blindings: bigint[] } {
  const values: bigint[] = [];
  const blindings: bigint[] = [];
  for (let j = 0; j < m; j++) {
    const r = BigInt(`0x${randomBytes(8).toString('hex')}`);
    // include the edges 0 and 2^64 − 1
    values.push(j % 5 === 0 ? 0n : j % 5 === 1 ? VALUE_BOUND - 1n : r);
    blindings.push(mod(BigInt(`0x${randomBytes(40).toString('hex')}`)));
  }
  return { values, blindings };
}

const ALL_CODES: RangeProofCode[] = [
  'RANGE_PROOF_MALFORMED',
  'RANGE_COUNT_MISMATCH',
  'GENERATORS_MISMATCH',
  'RANGE_CONTEXT_INVALID',
  'TRANSCRIPT_POSITION_MISSING',
  'POINT_INVALID',
  'POINT_IDENTITY',
  'SCALAR_NON_CANONICAL',
  'RANGE_PROOF_FORGED',
];

describe('completeness', () => {
  it('proofs for m = 1 … 9 random values (with 0 and 2^64−1) verify; sizes as specified', {
    timeout: 600_000,
  }, () => {
    for (let m = 1; m <= 9; m++) {
      const { values, blindings } = randomValues(m);
      const p = proveRange(values, blindings, ctx);
      expect(p.proof).toHaveLength(rangeProofLength(m));
      expect(p.commitments.map(bytesToHex)).toEqual(
        values.map((v, j) => bytesToHex(encodePoint(commit(v, blindings[j]!))))
      );
      expect(verifyRangeProof(p.commitments, p.proof, ctx)).toEqual({ ok: true });
    }
  });
  // N = 64·m' generators: these take seconds each with pure-JS field arithmetic
  for (const m of [16, 17, 33, 64])
    it(`m = ${m} (padded to ${paddedCount(m)}) verifies`, { timeout: 600_000 }, () => {
      const { values, blindings } = randomValues(m);
      const p = proveRange(values, blindings, ctx);
      expect(p.proof).toHaveLength(36 + 32 * (9 + 2 * Math.log2(RANGE_BITS * paddedCount(m))));
      expect(verifyRangeProof(p.commitments, p.proof, ctx)).toEqual({ ok: true });
    });
  it('60 values (20 siblings × 3 assets) give a 1,092-byte proof', () => {
    expect(rangeProofLength(60)).toBe(1092);
    expect(rangeProofLength(1)).toBe(708);
    expect(paddedCount(60)).toBe(64);
  });
  it('the prover is deterministic in its random source', () => {
    const { values, blindings } = randomValues(2);
    const a = proveRange(values, blindings, ctx, seeded(7));
    const b = proveRange(values, blindings, ctx, seeded(7));
    const c = proveRange(values, blindings, ctx, seeded(8));
    expect(bytesToHex(a.proof)).toBe(bytesToHex(b.proof));
    expect(bytesToHex(a.proof)).not.toBe(bytesToHex(c.proof));
  });
});

describe('values outside [0, 2^64) cannot be proven', () => {
  const r = 123456789n;
  it('proveRange refuses 2^64, −1 and ℓ−5 by argument name', () => {
    expect(() => proveRange([VALUE_BOUND], [r], ctx)).toThrow(/"values\[0\]"/);
    expect(() => proveRange([1n, -1n], [r, r], ctx)).toThrow(/"values\[1\]"/);
    expect(() => proveRange([ORDER - 5n], [r], ctx)).toThrow(/"values\[0\]"/);
    expect(() => proveRange([1n], [ORDER], ctx)).toThrow(/"blindings\[0\]"/);
    expect(() => proveRange([], [], ctx)).toThrow(/"values"/);
    expect(() => proveRange([1n], [], ctx)).toThrow(/"blindings"/);
  });
  it('a prover that ignores the range: 2^64, 2^64+7, 2^70 and −5 (as ℓ−5) are RANGE_PROOF_FORGED', () => {
    for (const bad of [VALUE_BOUND, VALUE_BOUND + 7n, 1n << 70n, ORDER - 5n]) {
      const p = proveUnchecked([bad], [r], checked);
      expect(verifyRangeProof(p.commitments, p.proof, ctx)).toMatchObject({
        ok: false,
        code: 'RANGE_PROOF_FORGED',
      });
    }
  });
  it('one negative sibling among four is caught', () => {
    const p = proveUnchecked([5n, 6n, ORDER - 1n, 8n], [1n, 2n, 3n, 4n], checked);
    expect(verifyRangeProof(p.commitments, p.proof, ctx)).toMatchObject({
      code: 'RANGE_PROOF_FORGED',
    });
  });
});

describe('transcript binding', () => {
  const { values, blindings } = randomValues(3);
  const p = proveRange(values, blindings, ctx);
  it('the honest proof verifies', () => {
    expect(verifyRangeProof(p.commitments, p.proof, ctx)).toEqual({ ok: true });
  });
  it('a proof for position p fails at p ± 1, 0 and 2^h − 1', () => {
    for (const q of [654320, 654322, 0, (1 << 20) - 1])
      expect(verifyRangeProof(p.commitments, p.proof, { ...ctx, position: q })).toMatchObject({
        code: 'RANGE_PROOF_FORGED',
      });
  });
  it('another height, round or asset set fails', () => {
    for (const c of [
      { ...ctx, height: 21 },
      { ...ctx, roundId: sha256(Uint8Array.of(9)) },
      { ...ctx, assetSetHash: sha256(Uint8Array.of(9)) },
    ])
      expect(verifyRangeProof(p.commitments, p.proof, c)).toMatchObject({
        code: 'RANGE_PROOF_FORGED',
      });
  });
  it('reordered or substituted commitments fail', () => {
    const swapped = [p.commitments[1]!, p.commitments[0]!, p.commitments[2]!];
    expect(verifyRangeProof(swapped, p.proof, ctx)).toMatchObject({ code: 'RANGE_PROOF_FORGED' });
    const other = encodePoint(commit(values[0]!, mod(blindings[0]! + 1n)));
    expect(
      verifyRangeProof([other, p.commitments[1]!, p.commitments[2]!], p.proof, ctx)
    ).toMatchObject({ code: 'RANGE_PROOF_FORGED' });
  });
  it('a context without a position (or outside 2^height) is TRANSCRIPT_POSITION_MISSING', () => {
    const noPos = { ...ctx, position: undefined } as unknown as RangeContext;
    expect(verifyRangeProof(p.commitments, p.proof, noPos)).toMatchObject({
      code: 'TRANSCRIPT_POSITION_MISSING',
    });
    for (const position of [1 << 20, -1, 1.5, Number.NaN])
      expect(verifyRangeProof(p.commitments, p.proof, { ...ctx, position })).toMatchObject({
        code: 'TRANSCRIPT_POSITION_MISSING',
      });
    expect(() => proveRange(values, blindings, noPos)).toThrow(/position/);
  });
  it('a malformed context is RANGE_CONTEXT_INVALID', () => {
    for (const c of [
      { ...ctx, roundId: new Uint8Array(31) },
      { ...ctx, assetSetHash: 'ab' },
      { ...ctx, height: 65 },
      null,
    ])
      expect(verifyRangeProof(p.commitments, p.proof, c as unknown as RangeContext)).toMatchObject({
        code: 'RANGE_CONTEXT_INVALID',
      });
  });
});

describe('stable codes for malformed proofs', () => {
  const { values, blindings } = randomValues(2);
  const p = proveRange(values, blindings, ctx);
  const edit = (f: (b: Uint8Array) => void): Uint8Array => {
    const b = p.proof.slice();
    f(b);
    return b;
  };
  it('version, bits, generator family, count, length', () => {
    expect(
      verifyRangeProof(
        p.commitments,
        edit((b) => (b[0] = 2)),
        ctx
      )
    ).toMatchObject({
      code: 'RANGE_PROOF_MALFORMED',
    });
    expect(
      verifyRangeProof(
        p.commitments,
        edit((b) => (b[1] = 32)),
        ctx
      )
    ).toMatchObject({
      code: 'GENERATORS_MISMATCH',
    });
    expect(
      verifyRangeProof(
        p.commitments,
        edit((b) => (b[10]! ^= 1)),
        ctx
      )
    ).toMatchObject({
      code: 'GENERATORS_MISMATCH',
    });
    expect(verifyRangeProof(p.commitments.slice(0, 1), p.proof, ctx)).toMatchObject({
      code: 'RANGE_COUNT_MISMATCH',
    });
    expect(
      verifyRangeProof(
        p.commitments,
        edit((b) => (b[3] = 3)),
        ctx
      )
    ).toMatchObject({
      code: 'RANGE_COUNT_MISMATCH',
    });
    expect(verifyRangeProof(p.commitments, p.proof.subarray(0, 100), ctx)).toMatchObject({
      code: 'RANGE_PROOF_MALFORMED',
    });
    const longer = new Uint8Array(p.proof.length + 32);
    longer.set(p.proof);
    expect(verifyRangeProof(p.commitments, longer, ctx)).toMatchObject({
      code: 'RANGE_PROOF_MALFORMED',
    });
    expect(verifyRangeProof(p.commitments, new Uint8Array(3), ctx)).toMatchObject({
      code: 'RANGE_PROOF_MALFORMED',
    });
  });
  it('points: invalid encoding POINT_INVALID, identity POINT_IDENTITY (proof and commitments)', () => {
    expect(
      verifyRangeProof(
        p.commitments,
        edit((b) => b.fill(0xff, 36, 68)),
        ctx
      )
    ).toMatchObject({
      code: 'POINT_INVALID',
    });
    expect(
      verifyRangeProof(
        p.commitments,
        edit((b) => b.fill(0, 36, 68)),
        ctx
      )
    ).toMatchObject({
      code: 'POINT_IDENTITY',
    });
    expect(
      verifyRangeProof([new Uint8Array(32).fill(0xff), p.commitments[1]!], p.proof, ctx)
    ).toMatchObject({ code: 'POINT_INVALID' });
    expect(verifyRangeProof([new Uint8Array(32), p.commitments[1]!], p.proof, ctx)).toMatchObject({
      code: 'POINT_IDENTITY',
    });
  });
  it('a scalar ≥ ℓ is SCALAR_NON_CANONICAL, not reduced (t̂ + ℓ)', () => {
    const off = 36 + 4 * 32;
    const tHat = decodeScalar(p.proof.subarray(off, off + 32));
    if (!tHat.ok) throw new Error('bad fixture');
    const big = tHat.value + ORDER;
    const bytes = new Uint8Array(32);
    let v = big;
    for (let i = 0; i < 32; i++) {
      bytes[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    expect(
      verifyRangeProof(
        p.commitments,
        edit((b) => b.set(bytes, off)),
        ctx
      )
    ).toMatchObject({
      code: 'SCALAR_NON_CANONICAL',
    });
  });
  it('garbage inputs never throw', () => {
    const junk: unknown[] = [null, undefined, 'x', 5, {}, [new Uint8Array(32)]];
    for (const a of junk)
      for (const b of junk) {
        const r = verifyRangeProof(a as Uint8Array[], b as Uint8Array, ctx);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(ALL_CODES).toContain(r.code);
      }
  });
});

describe('fuzz: random proofs never verify and never throw', () => {
  const p = proveRange([1n, 2n], [3n, 4n], ctx);
  it('random bytes of the right length, with and without a valid header (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: p.proof.length, maxLength: p.proof.length }),
        fc.boolean(),
        (body, keepHeader) => {
          const b = body.slice();
          if (keepHeader) b.set(p.proof.subarray(0, 36));
          const r = verifyRangeProof(p.commitments, b, ctx);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(ALL_CODES).toContain(r.code);
        }
      ),
      { numRuns: 200 }
    );
  });
  it('random commitments (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (c) => {
        const r = verifyRangeProof([c, p.commitments[1]!], p.proof, ctx);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(ALL_CODES).toContain(r.code);
      }),
      { numRuns: 60 }
    );
  });
});

describe('soundness by mutation', () => {
  it('every byte of a 1-value proof, flipped, fails with a stable code', {
    timeout: 600_000,
  }, () => {
    const p = proveRange([42n], [7n], ctx);
    for (let i = 0; i < p.proof.length; i++) {
      const b = p.proof.slice();
      b[i]! ^= 1 << (i % 8);
      const r = verifyRangeProof(p.commitments, b, ctx);
      expect(r.ok, `byte ${i}`).toBe(false);
      if (!r.ok) expect(ALL_CODES).toContain(r.code);
    }
  });
  it('every byte of the commitment, flipped, fails', () => {
    const p = proveRange([42n], [7n], ctx);
    for (let i = 0; i < 32; i++) {
      const c = p.commitments[0]!.slice();
      c[i]! ^= 0x80 >> (i % 8);
      expect(verifyRangeProof([c], p.proof, ctx).ok, `byte ${i}`).toBe(false);
    }
  });
  it('random byte replacements in a 60-value proof fail (property)', { timeout: 600_000 }, () => {
    const { values, blindings } = randomValues(60);
    const p = proveRange(values, blindings, ctx);
    expect(verifyRangeProof(p.commitments, p.proof, ctx)).toEqual({ ok: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: p.proof.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (i, x) => {
          const b = p.proof.slice();
          b[i]! ^= x;
          expect(verifyRangeProof(p.commitments, b, ctx).ok).toBe(false);
        }
      ),
      { numRuns: 8 }
    );
  });
});

// ---- an independent verifier over libsodium ------------------------------------------------

type Enc = Uint8Array | null; // null = identity

function sAdd(a: Enc, b: Enc): Enc {
  if (a === null) return b;
  if (b === null) return a;
  try {
    const r = sodium.crypto_core_ristretto255_add(a, b);
    return r.every((x) => x === 0) ? null : r;
  } catch {
    return null;
  }
}
function sMul(k: bigint, p: Enc): Enc {
  const s = mod(k);
  if (p === null || s === 0n) return null;
  try {
    return sodium.crypto_scalarmult_ristretto255(encodeScalar(s), p);
  } catch {
    return null; // libsodium refuses an identity result
  }
}
const hex = (e: Enc) => (e === null ? 'identity' : bytesToHex(e));

/**
 * Bulletproofs verification as written in the paper: P from A, S and the generators,
 * then the inner-product argument checked by folding the generators round by round.
 * Challenges come from the same transcript definition (tested separately against SHA-256).
 */
function sodiumVerify(commitments: Uint8Array[], proof: Uint8Array, c: RangeContext): boolean {
  const n = RANGE_BITS;
  const m = commitments.length;
  const mp = paddedCount(m);
  const N = n * mp;
  const k = Math.log2(N);
  let o = 36;
  const take = () => {
    const b = proof.slice(o, o + 32);
    o += 32;
    return b;
  };
  const sc = (b: Uint8Array) => {
    const d = decodeScalar(b);
    if (!d.ok) throw new Error('scalar');
    return d.value;
  };
  const [A, S, T1, T2] = [take(), take(), take(), take()];
  const [tHat, taux, mu] = [sc(take()), sc(take()), sc(take())];
  const L: Uint8Array[] = [];
  const R: Uint8Array[] = [];
  for (let i = 0; i < k; i++) {
    L.push(take());
    R.push(take());
  }
  const a = sc(take());
  const b = sc(take());

  const t = new Transcript('kura/v2/range-proof');
  t.append('generators', proof.subarray(4, 36));
  t.append('round', c.roundId);
  t.append('asset-set', c.assetSetHash);
  t.append('height', Uint8Array.of(c.height));
  const pos = new Uint8Array(8);
  new DataView(pos.buffer).setBigUint64(0, BigInt(c.position));
  t.append('position', pos);
  t.append('bits', Uint8Array.of(0, 0, 0, n));
  t.append('count', Uint8Array.of(0, 0, m >> 8, m & 255));
  for (const v of commitments) t.append('V', v);
  t.append('A', A);
  t.append('S', S);
  const y = t.challenge('y');
  const z = t.challenge('z');
  t.append('T1', T1);
  t.append('T2', T2);
  const x = t.challenge('x');
  t.append('t', encodeScalar(tHat));
  t.append('tau', encodeScalar(taux));
  t.append('mu', encodeScalar(mu));
  const w = t.challenge('w');

  const Gb = G.toBytes();
  const Hb = pedersenH().toBytes();
  const gens = bulletproofGenerators(N);
  // (1) polynomial check
  let sumY = 0n;
  for (let i = 0; i < N; i++) sumY += y ** BigInt(i);
  let sumZ = 0n;
  for (let j = 0; j < mp; j++) sumZ += z ** BigInt(3 + j);
  const delta = mod((z - z * z) * sumY - sumZ * ((1n << BigInt(n)) - 1n));
  const left = sAdd(sMul(tHat, Gb), sMul(taux, Hb));
  let right = sAdd(sAdd(sMul(delta, Gb), sMul(x, T1)), sMul(x * x, T2));
  for (let j = 0; j < m; j++) right = sAdd(right, sMul(z ** BigInt(2 + j), commitments[j]!));
  if (hex(left) !== hex(right)) return false;

  // (2) P = A + x·S − z·ΣG_i + Σ (z·y^i + z^{2+j}·2^{i mod n})·H'_i − μ·H, H'_i = y^{-i}·H_i
  const yInv = inv(y);
  let Gv: Enc[] = gens.G.map((p) => p.toBytes());
  let Hv: Enc[] = gens.H.map((p, i) => sMul(yInv ** BigInt(i), p.toBytes()));
  let P = sAdd(sAdd(A, sMul(x, S)), sMul(-mu, Hb));
  for (let i = 0; i < N; i++) {
    const j = Math.floor(i / n);
    P = sAdd(P, sMul(-z, Gv[i]!));
    P = sAdd(P, sMul(z * y ** BigInt(i) + z ** BigInt(2 + j) * 2n ** BigInt(i % n), Hv[i]!));
  }
  const Q = sMul(w, Gb);
  P = sAdd(P, sMul(tHat, Q));
  for (let r = 0; r < k; r++) {
    t.append('L', L[r]!);
    t.append('R', R[r]!);
    const u = t.challenge('u');
    const ui = inv(u);
    P = sAdd(sAdd(P, sMul(u * u, L[r]!)), sMul(ui * ui, R[r]!));
    const h = Gv.length / 2;
    Gv = Gv.slice(0, h).map((g, i) => sAdd(sMul(ui, g), sMul(u, Gv[h + i]!)));
    Hv = Hv.slice(0, h).map((g, i) => sAdd(sMul(u, g), sMul(ui, Hv[h + i]!)));
  }
  const expected = sAdd(sAdd(sMul(a, Gv[0]!), sMul(b, Hv[0]!)), sMul(a * b, Q));
  return hex(P) === hex(expected);
}

describe('cross-check: an independent verifier over libsodium', () => {
  it('accepts the honest proofs that verifyRangeProof accepts (m = 1, 3)', () => {
    for (const m of [1, 3]) {
      const { values, blindings } = randomValues(m);
      const p = proveRange(values, blindings, ctx);
      expect(verifyRangeProof(p.commitments, p.proof, ctx)).toEqual({ ok: true });
      expect(sodiumVerify(p.commitments, p.proof, ctx)).toBe(true);
    }
  });
  it('rejects what verifyRangeProof rejects: out-of-range value, other position, a flipped a', () => {
    const bad = proveUnchecked([VALUE_BOUND + 1n], [99n], checked);
    expect(sodiumVerify(bad.commitments, bad.proof, ctx)).toBe(false);
    const p = proveRange([5n], [6n], ctx);
    expect(sodiumVerify(p.commitments, p.proof, { ...ctx, position: 1 })).toBe(false);
    const b = p.proof.slice();
    b[b.length - 64]! ^= 1;
    expect(sodiumVerify(p.commitments, b, ctx)).toBe(false);
    expect(verifyRangeProof(p.commitments, b, ctx).ok).toBe(false);
  });
  it('msm (Pippenger) equals the naive libsodium sum Σ s_i·P_i', () => {
    const pts = Array.from({ length: 70 }, (_, i) => Point.BASE.multiply(BigInt(i + 2) * 7919n));
    const scs = pts.map(() => mod(BigInt(`0x${randomBytes(40).toString('hex')}`)));
    scs[3] = 0n;
    scs[4] = ORDER - 1n;
    let naive: Enc = null;
    for (let i = 0; i < pts.length; i++) naive = sAdd(naive, sMul(scs[i]!, pts[i]!.toBytes()));
    expect(bytesToHex(msm(pts, scs).toBytes())).toBe(hex(naive));
  });
});
