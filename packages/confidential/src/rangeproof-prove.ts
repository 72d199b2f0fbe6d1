/**
 * The prover of the aggregated range proof of protocol v2 (SPEC.md §16.7; proof bytes and
 * transcript in `rangeproof.ts`, which verifies them). It computes on the WebAssembly core where
 * available and fast25519's bigints elsewhere (`rangeproof-fast.ts`); every proof it makes is
 * checked by the noble reference verifier in the tests.
 * @module
 */
import { EXT_ZERO, type Ext, extAdd, extNeg, fromExt, toExt } from './fast25519.js';
import { G, generatorsId, pedersenH } from './generators.js';
import { encodePoint, encodeScalar, inv, mod, ORDER, Point, scalarFromWide } from './group.js';
import { RANGE_BITS } from './pedersen.js';
import {
  checkContext,
  inner,
  MAX_AGGREGATION,
  paddedCount,
  powers,
  RANGE_PROOF_VERSION,
  type RandomSource,
  type RangeContext,
  type RangeProof,
  startTranscript,
} from './rangeproof.js';
import { extGenerators, fastMsm, fastStraus } from './rangeproof-fast.js';
import type { Transcript } from './transcript.js';

const defaultRandom: RandomSource = (n) => crypto.getRandomValues(new Uint8Array(n));

function randomScalar(rnd: RandomSource): bigint {
  return scalarFromWide(rnd(64));
}

/**
 * Prove that every `values[j] ∈ [0, 2^64)` for `V_j = values[j]·G + blindings[j]·H`.
 * Throws a RangeError naming the argument for a value outside the range, a blinding outside
 * `[0, ℓ)`, mismatched lengths, more than {@link MAX_AGGREGATION} values, or a bad context.
 */
export function proveRange(
  values: readonly bigint[],
  blindings: readonly bigint[],
  context: RangeContext,
  random: RandomSource = defaultRandom
): RangeProof {
  const m = values.length;
  if (m < 1 || m > MAX_AGGREGATION)
    throw new RangeError(`"values" expected 1 … ${MAX_AGGREGATION} values, got ${m}`);
  if (blindings.length !== m) throw new RangeError('"blindings" must have one entry per value');
  for (let j = 0; j < m; j++) {
    const v = values[j];
    if (typeof v !== 'bigint' || v < 0n || v >= 1n << BigInt(RANGE_BITS))
      throw new RangeError(`"values[${j}]" is outside [0, 2^${RANGE_BITS})`);
    const g = blindings[j];
    if (typeof g !== 'bigint' || g < 0n || g >= ORDER)
      throw new RangeError(`"blindings[${j}]" is outside [0, ℓ)`);
  }
  const ctx = checkContext(context);
  if (!ctx.ok) throw new RangeError(`"context": ${ctx.message}`);
  return proveUnchecked(values, blindings, ctx, random);
}

/**
 * The prover without the range check: bits are taken from `v mod 2^64`. Exported only so
 * tests can show that a value outside the range yields a proof the verifier rejects.
 * @internal
 */
export function proveUnchecked(
  values: readonly bigint[],
  blindings: readonly bigint[],
  ctx: { roundId: Uint8Array; assetSetHash: Uint8Array; height: number; position: bigint },
  random: RandomSource = defaultRandom
): RangeProof {
  const n = RANGE_BITS;
  const m = values.length;
  const mp = paddedCount(m);
  const N = n * mp;
  const gens = extGenerators(N);
  const H = pedersenH();
  const Hx = toExt(H);
  const V = values.map((v, j) => {
    const vv = mod(v);
    const gj = blindings[j]!;
    return (vv === 0n ? Point.ZERO : G.multiplyUnsafe(vv)).add(
      gj === 0n ? Point.ZERO : H.multiply(gj)
    );
  });
  const Venc = V.map(encodePoint);
  const t = startTranscript(ctx, Venc);

  // a_L: bits of each value (padding values are 0); a_R = a_L − 1
  const aL = new Array<bigint>(N).fill(0n);
  for (let j = 0; j < m; j++) {
    const v = mod(values[j]!);
    for (let i = 0; i < n; i++) aL[j * n + i] = (v >> BigInt(i)) & 1n;
  }
  const aR = aL.map((b) => mod(b - 1n));
  const alpha = randomScalar(random);
  let Ax: Ext = EXT_ZERO;
  for (let i = 0; i < N; i++) Ax = extAdd(Ax, aL[i] === 1n ? gens.G[i]! : extNeg(gens.H[i]!));
  const A = fromExt(Ax).add(H.multiply(alpha));
  const sL = Array.from({ length: N }, () => randomScalar(random));
  const sR = Array.from({ length: N }, () => randomScalar(random));
  const rho = randomScalar(random);
  const S = fromExt(fastMsm([Hx, ...gens.G, ...gens.H], [rho, ...sL, ...sR]));
  t.appendPoint('A', A);
  t.appendPoint('S', S);
  const y = t.challenge('y');
  const z = t.challenge('z');
  if (y === 0n || z === 0n) throw new Error('degenerate challenge; retry');

  const yN = powers(y, N);
  const zz = mod(z * z);
  const zPow = powers(z, mp); // z^j; value j uses z^{2+j}
  const two = powers(2n, n);
  const l0 = aL.map((a) => mod(a - z));
  const l1 = sL;
  const r0 = new Array<bigint>(N);
  const r1 = new Array<bigint>(N);
  for (let i = 0; i < N; i++) {
    const j = Math.floor(i / n);
    r0[i] = mod(yN[i]! * (aR[i]! + z) + zz * zPow[j]! * two[i % n]!);
    r1[i] = mod(yN[i]! * sR[i]!);
  }
  const t1 = mod(inner(l0, r1) + inner(l1, r0));
  const t2 = inner(l1, r1);
  const tau1 = randomScalar(random);
  const tau2 = randomScalar(random);
  const T1 = (t1 === 0n ? Point.ZERO : G.multiplyUnsafe(t1)).add(H.multiply(tau1));
  const T2 = (t2 === 0n ? Point.ZERO : G.multiplyUnsafe(t2)).add(H.multiply(tau2));
  t.appendPoint('T1', T1);
  t.appendPoint('T2', T2);
  const x = t.challenge('x');
  if (x === 0n) throw new Error('degenerate challenge; retry');

  const l = l0.map((a, i) => mod(a + x * l1[i]!));
  const r = r0.map((a, i) => mod(a + x * r1[i]!));
  const tHat = inner(l, r);
  let taux = mod(tau2 * x * x + tau1 * x);
  for (let j = 0; j < m; j++) taux = mod(taux + zz * zPow[j]! * blindings[j]!);
  const mu = mod(alpha + rho * x);
  t.appendScalar('t', tHat);
  t.appendScalar('tau', taux);
  t.appendScalar('mu', mu);
  const w = t.challenge('w');
  if (w === 0n) throw new Error('degenerate challenge; retry');
  const Q = G.multiplyUnsafe(w);

  // inner-product argument on (G_i, H'_i = y^{-i}·H_i): the factor y^{-i} is carried as a
  // scalar per element and folded into the points one multiplication per point per round
  const yInv = inv(y);
  const ipp = innerProductProve(t, toExt(Q), gens.G.slice(), gens.H.slice(), powers(yInv, N), l, r);

  const k = ipp.L.length;
  const out = new Uint8Array(36 + 32 * (9 + 2 * k));
  out[0] = RANGE_PROOF_VERSION;
  out[1] = n;
  out[2] = m >> 8;
  out[3] = m & 0xff;
  out.set(generatorsId(n), 4);
  let o = 36;
  const put = (b: Uint8Array): void => {
    out.set(b, o);
    o += 32;
  };
  for (const P of [A, S, T1, T2]) put(encodePoint(P));
  for (const s of [tHat, taux, mu]) put(encodeScalar(s));
  for (let i = 0; i < k; i++) {
    put(encodePoint(ipp.L[i]!));
    put(encodePoint(ipp.R[i]!));
  }
  put(encodeScalar(ipp.a));
  put(encodeScalar(ipp.b));
  return { proof: out, commitments: Venc };
}

/**
 * Inner-product argument prover (BBBPWM §3, Protocol 2 with Protocol 1's `Q`), for
 * `P = <a, G> + <b, H'> + <a, b>·Q` with `H'_i = hFactor_i·H_i`. Each round:
 * `L = <a_lo, G_hi> + <b_hi, H'_lo> + <a_lo, b_hi>·Q`, `R = <a_hi, G_lo> + <b_lo, H'_hi> + <a_hi, b_lo>·Q`,
 * `u = challenge("u")`, `a ← u·a_lo + u⁻¹·a_hi`, `b ← u⁻¹·b_lo + u·b_hi`,
 * `G ← u⁻¹·G_lo + u·G_hi`, `H' ← u·H'_lo + u⁻¹·H'_hi`.
 *
 * Delayed folding: the current generators are kept as coefficient vectors `wG`, `wH` over the
 * last materialised points (`G_i = Σ_{j ≡ i mod n} wG_j·Ĝ_j`), so a fold only rescales
 * coefficients and `L`, `R` are multi-scalar multiplications over the materialised points.
 * Every `FOLD_BLOCK` rounds the generators are materialised, each as one Straus multi-scalar
 * multiplication of `2^FOLD_BLOCK` points sharing their doublings — about a third of the field
 * operations of folding point by point.
 */
function innerProductProve(
  t: Transcript,
  Q: Ext,
  Gp: Ext[],
  Hp: Ext[],
  hF0: bigint[],
  a0: bigint[],
  b0: bigint[]
): { L: Point[]; R: Point[]; a: bigint; b: bigint } {
  let Gh = Gp;
  let Hh = Hp;
  let n0 = Gp.length;
  let wG = new Array<bigint>(n0).fill(1n);
  let wH = hF0.slice();
  let a = a0;
  let b = b0;
  let n = a.length;
  let depth = 0;
  const Ls: Point[] = [];
  const Rs: Point[] = [];
  while (n > 1) {
    const h = n / 2;
    const cL = inner(a.slice(0, h), b.slice(h));
    const cR = inner(a.slice(h), b.slice(0, h));
    const sL = new Array<bigint>(2 * n0 + 1);
    const sR = new Array<bigint>(2 * n0 + 1);
    for (let j = 0; j < n0; j++) {
      const i = j % n;
      if (i < h) {
        // a G_lo index: in R with a_hi; an H_lo index: in L with b_hi
        sR[j] = mod(a[i + h]! * wG[j]!);
        sL[n0 + j] = mod(b[i + h]! * wH[j]!);
        sL[j] = 0n;
        sR[n0 + j] = 0n;
      } else {
        sL[j] = mod(a[i - h]! * wG[j]!);
        sR[n0 + j] = mod(b[i - h]! * wH[j]!);
        sR[j] = 0n;
        sL[n0 + j] = 0n;
      }
    }
    sL[2 * n0] = cL;
    sR[2 * n0] = cR;
    const pts = [...Gh, ...Hh, Q];
    const L = fromExt(fastMsm(pts, sL));
    const R = fromExt(fastMsm(pts, sR));
    t.appendPoint('L', L);
    t.appendPoint('R', R);
    Ls.push(L);
    Rs.push(R);
    const u = t.challenge('u');
    if (u === 0n) throw new Error('degenerate challenge; retry');
    const uInv = inv(u);
    for (let j = 0; j < n0; j++) {
      if (j % n < h) {
        wG[j] = mod(wG[j]! * uInv);
        wH[j] = mod(wH[j]! * u);
      } else {
        wG[j] = mod(wG[j]! * u);
        wH[j] = mod(wH[j]! * uInv);
      }
    }
    const aLo = a.slice(0, h);
    const aHi = a.slice(h);
    const bLo = b.slice(0, h);
    const bHi = b.slice(h);
    a = aLo.map((x, i) => mod(u * x + uInv * aHi[i]!));
    b = bLo.map((x, i) => mod(uInv * x + u * bHi[i]!));
    n = h;
    depth++;
    if (depth === FOLD_BLOCK && n > 1) {
      const per = n0 / n;
      const nG = new Array<Ext>(n);
      const nH = new Array<Ext>(n);
      for (let i = 0; i < n; i++) {
        const idx = Array.from({ length: per }, (_, k) => i + k * n);
        nG[i] = fastStraus(
          idx.map((j) => Gh[j]!),
          idx.map((j) => wG[j]!)
        );
        nH[i] = fastStraus(
          idx.map((j) => Hh[j]!),
          idx.map((j) => wH[j]!)
        );
      }
      Gh = nG;
      Hh = nH;
      n0 = n;
      wG = new Array<bigint>(n).fill(1n);
      wH = new Array<bigint>(n).fill(1n);
      depth = 0;
    }
  }
  return { L: Ls, R: Rs, a: a[0]!, b: b[0]! };
}

/** Rounds between two materialisations of the folded generators. */
const FOLD_BLOCK = 3;
