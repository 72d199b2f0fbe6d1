/**
 * The plain v2 core (`plain/ristretto-v2.mjs`, `plain/kura-plain-v2.mjs`, written from SPEC.md
 * §16 with node:crypto only) against official vectors — RFC 9496 Appendix A (ristretto255) and
 * RFC 9380 Appendix K.3 (expand_message_xmd SHA-512) — and against the draft core vectors that
 * Kura's library pins (`packages/confidential/vectors/core-v2-draft.json`). Nothing here
 * imports `packages/`: only the JSON vector file is read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as V from '../plain/kura-plain-v2.mjs';
import * as R from '../plain/ristretto-v2.mjs';

const json = (rel: string) => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
const rfc9496 = json('../vectors/v2/rfc9496.json');
const rfc9380 = json('../vectors/v2/rfc9380.json');
const draft = json('../../packages/confidential/vectors/core-v2-draft.json');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');
const le = (s: string): bigint => R.leInt(unhex(s));

describe('RFC 9496 (ristretto255), plain BigInt implementation', () => {
  it('§4.1 constants satisfy their defining equations (SQRT_AD_MINUS_ONE is the negative root)', () => {
    const c = rfc9496.constants;
    const { D, SQRT_M1, SQRT_AD_MINUS_ONE, INVSQRT_A_MINUS_D, ONE_MINUS_D_SQ, D_MINUS_ONE_SQ } =
      R.CONSTANTS;
    for (const [k, v] of Object.entries(R.CONSTANTS)) expect(String(v), k).toBe(c[k]);
    expect(R.fe(SQRT_M1 * SQRT_M1)).toBe(R.P - 1n);
    expect(R.fe(SQRT_AD_MINUS_ONE * SQRT_AD_MINUS_ONE)).toBe(R.fe(-D - 1n));
    expect(SQRT_AD_MINUS_ONE & 1n).toBe(1n);
    expect(R.fe(INVSQRT_A_MINUS_D * INVSQRT_A_MINUS_D * (-1n - D))).toBe(1n);
    expect(ONE_MINUS_D_SQ).toBe(R.fe(1n - D * D));
    expect(D_MINUS_ONE_SQ).toBe(R.fe((D - 1n) * (D - 1n)));
    expect(R.fe(D * 121666n)).toBe(R.fe(-121665n));
  });
  it('Appendix A.1: k·B for k = 0 … 15 encodes to the vector and decodes back', () => {
    let p = R.IDENTITY;
    rfc9496.A1_multiplesOfGenerator.forEach((want: string, k: number) => {
      expect(hex(R.encode(p)), `${k}·B`).toBe(want);
      expect(hex(R.encode(R.mul(BigInt(k), R.BASE))), `mul ${k}`).toBe(want);
      const d = R.decode(unhex(want));
      expect(d !== null && R.equal(d, p), `decode ${k}`).toBe(true);
      p = R.add(p, R.BASE);
    });
    expect(R.isIdentity(R.mul(R.L, R.BASE))).toBe(true);
  });
  it('Appendix A.2: every invalid encoding is rejected; wrong lengths too', () => {
    expect(rfc9496.A2_invalidEncodings).toHaveLength(29);
    for (const bad of rfc9496.A2_invalidEncodings) expect(R.decode(unhex(bad)), bad).toBeNull();
    for (const n of [0, 31, 33]) expect(R.decode(Buffer.alloc(n))).toBeNull();
  });
  it('Appendix A.3: element derivation from 64 uniform bytes', () => {
    for (const { input, output } of rfc9496.A3_elementDerivation)
      expect(hex(R.encode(R.derive(unhex(input))))).toBe(output);
  });
  it('group laws: addition, doubling, negation and the bucket MSM agree', () => {
    const P1 = R.mul(123456789n, R.BASE);
    const P2 = R.mul(987654321n, R.BASE);
    expect(R.equal(R.add(P1, P1), R.double(P1))).toBe(true);
    expect(R.isIdentity(R.add(P1, R.neg(P1)))).toBe(true);
    expect(R.equal(R.add(P1, P2), R.mul(123456789n + 987654321n, R.BASE))).toBe(true);
    const pts = Array.from({ length: 40 }, (_, i) => R.mul(BigInt(i + 2), R.BASE));
    const ks = pts.map((_, i) => R.sc(BigInt(i) * 0x1234567890abcdefn + 99n));
    let naive = R.IDENTITY;
    pts.forEach((p, i) => {
      naive = R.add(naive, R.mul(ks[i]!, p));
    });
    expect(R.equal(R.msm(pts, ks), naive)).toBe(true);
  });
  it('scalars: 32 bytes little-endian, ℓ and above are refused, never reduced', () => {
    expect(R.decodeScalar(R.encodeScalar(R.L - 1n))).toBe(R.L - 1n);
    const l = Buffer.alloc(32);
    let v = R.L;
    for (let i = 0; i < 32; i++) {
      l[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    expect(R.decodeScalar(l)).toBeNull();
    expect(R.decodeScalar(Buffer.alloc(31))).toBeNull();
  });
});

describe('RFC 9380 Appendix K.3: expand_message_xmd(SHA-512)', () => {
  it('reproduces every uniform_bytes', () => {
    for (const v of rfc9380.vectors)
      expect(
        hex(R.expandMessageXmd(Buffer.from(v.msg), Buffer.from(rfc9380.DST), v.len_in_bytes))
      ).toBe(v.uniform_bytes);
  });
});

describe('draft core vectors of @kura/confidential, re-derived from SPEC.md §16', () => {
  const rk = unhex(draft.inputs.roundKey);
  it('§16.3 generators: G, H, G_i, H_i, generatorsId(64)', () => {
    expect(draft.generators.DST).toBe(V.DST);
    expect(hex(R.encode(V.G))).toBe(draft.generators.G);
    expect(hex(R.encode(V.H))).toBe(draft.generators.H);
    const n = draft.generators.G_i.length;
    const b = V.vectorBases(n);
    for (let i = 0; i < n; i++) {
      expect(hex(R.encode(b.G[i]))).toBe(draft.generators.G_i[i]);
      expect(hex(R.encode(b.H[i]))).toBe(draft.generators.H_i[i]);
    }
    expect(hex(V.generatorsId(64))).toBe(draft.generators.generatorsId64);
  });
  it('§16.5 leaf and pad blindings; §16.4 commitments', () => {
    for (const b of draft.blindings.leaf)
      expect(hex(R.encodeScalar(V.leafBlinding(rk, unhex(b.uidHash), b.asset)))).toBe(b.blinding);
    for (const b of draft.blindings.pad)
      expect(hex(R.encodeScalar(V.padBlinding(rk, b.level, b.index, b.asset)))).toBe(b.blinding);
    for (const c of draft.commitments)
      expect(hex(R.encode(V.commit(BigInt(c.value), le(c.blinding))))).toBe(c.C);
  });
  it('§16.6 transcript challenges', () => {
    const t = new V.Transcript(draft.transcript.domain);
    t.append('a', Buffer.from('abc'));
    const c = t.challenge('c');
    t.append('b', Buffer.from([7]));
    const d = t.challenge('d');
    expect(hex(R.encodeScalar(c))).toBe(draft.transcript.c);
    expect(hex(R.encodeScalar(d))).toBe(draft.transcript.d);
  });
  it('§16.10 leaves, node, pad, root, totals and root commitment', () => {
    const T = draft.tree;
    const leaf = (x: { uidHash: string; nonce: string; values: string[] }) =>
      V.leafV2(rk, unhex(x.uidHash), unhex(x.nonce), x.values.map(BigInt));
    const l0 = leaf(T.leaf0);
    const l1 = leaf(T.leaf1);
    expect(hex(l0.hash)).toBe(T.leaf0.hash);
    expect(l0.commitments.map((c: unknown) => hex(R.encode(c)))).toEqual(T.leaf0.C);
    expect(hex(l1.hash)).toBe(T.leaf1.hash);
    const n10 = V.parentV2(1, l0, l1);
    expect(hex(n10.hash)).toBe(T.node_1_0.hash);
    expect(n10.commitments.map((c: unknown) => hex(R.encode(c)))).toEqual(T.node_1_0.C);
    const pad = V.padV2(rk, 1, 1, 2);
    expect(hex(pad.hash)).toBe(T.pad_1_1.hash);
    expect(pad.commitments.map((c: unknown) => hex(R.encode(c)))).toEqual(T.pad_1_1.C);
    const root = V.parentV2(2, n10, pad);
    expect(hex(root.hash)).toBe(T.root.hash);
    expect(root.commitments.map((c: unknown) => hex(R.encode(c)))).toEqual(T.root.C);
    const totals = T.totals.map((t: { value: string; blinding: string }, a: number) => {
      const blinding = R.sc(l0.blindings[a] + l1.blindings[a] + pad.blindings[a]);
      expect(hex(R.encodeScalar(blinding))).toBe(t.blinding);
      return { value: BigInt(t.value), blinding };
    });
    const rc = V.rootCommitV2(
      unhex(draft.inputs.roundId),
      unhex(draft.inputs.assetSetHash),
      2,
      root.hash,
      totals
    );
    expect(hex(rc)).toBe(T.rootCommitment);
  });
  it('§16.7 the range proof verifies, and fails for another position, height or commitment', () => {
    const rp = draft.rangeProof;
    const ctx = {
      roundId: unhex(rp.context.roundId),
      assetSetHash: unhex(rp.context.assetSetHash),
      height: rp.context.height,
      position: rp.context.position,
    };
    const cs = rp.commitments.map(unhex);
    const proof = unhex(rp.proof);
    expect(V.verifyRangeProof(cs, proof, ctx)).toEqual({ ok: true });
    expect(V.verifyRangeProof(cs, proof, { ...ctx, position: 1 })).toMatchObject({
      code: 'RANGE_PROOF_FORGED',
    });
    expect(V.verifyRangeProof(cs, proof, { ...ctx, height: 3 })).toMatchObject({
      code: 'RANGE_PROOF_FORGED',
    });
    expect(V.verifyRangeProof(cs, proof, { ...ctx, position: undefined })).toMatchObject({
      code: 'TRANSCRIPT_POSITION_MISSING',
    });
    expect(V.verifyRangeProof([cs[1], cs[0], cs[2], cs[3]], proof, ctx)).toMatchObject({
      code: 'RANGE_PROOF_FORGED',
    });
    expect(V.verifyRangeProof(cs.slice(1), proof, ctx)).toMatchObject({
      code: 'RANGE_COUNT_MISMATCH',
    });
  });
});
