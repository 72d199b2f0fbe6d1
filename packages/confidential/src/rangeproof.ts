/**
 * The aggregated range proof of protocol v2 (SPEC.md §16.7): Bulletproofs (Bünz, Bootle,
 * Boneh, Poelstra, Wuille, Maxwell — IEEE S&P 2018, §4.3 aggregation, §3 inner-product
 * argument with the §6.2 single multi-exponentiation check) on ristretto255, proving that each
 * of `m` Pedersen commitments `V_j = v_j·G + γ_j·H` opens to `v_j ∈ [0, 2^64)`.
 *
 * `m` is padded to the next power of two `m'` with commitments to `0` under blinding `0` (the
 * identity); the verifier adds the padding itself, so the prover cannot choose it.
 *
 * Proof bytes (`n = 64`, `N = n·m'`, `k = log2 N`):
 * `u8(1) ‖ u8(n) ‖ u16(m) ‖ generatorsId(n) ‖ A ‖ S ‖ T1 ‖ T2 ‖ t̂ ‖ τx ‖ μ ‖ (L_i ‖ R_i)_{i<k} ‖ a ‖ b`
 * — points 32 bytes (RFC 9496), scalars 32 bytes little-endian canonical: `36 + 32·(9 + 2k)`
 * bytes, 1,092 bytes for 60 values.
 *
 * Verification is total and fail-closed: it never throws and returns a stable code.
 *
 * This module is the verifier and what prover and verifier share; the prover is
 * `rangeproof-prove.ts` and the opt-in fast verification engine `rangeproof-fast.ts`, so a
 * verifier that imports neither (the customer's page) downloads neither.
 * @module
 */
import { equalBytes, fail, u8, u32, u64, type VerifyFailure } from '@kura/codec';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bulletproofGenerators, G, generatorsId, pedersenH } from './generators.js';
import { decodePoint, decodeScalar, inv, mod, ORDER, Point } from './group.js';
import { RANGE_BITS } from './pedersen.js';
import { Transcript } from './transcript.js';

/** Proof format version (first byte). */
export const RANGE_PROOF_VERSION = 1;
/** Largest number of values one aggregated proof may cover. */
export const MAX_AGGREGATION = 4096;

/** What the transcript binds besides the commitments: which tree, which node path. */
export interface RangeContext {
  /** `roundId` (SPEC.md §4.3), 32 bytes. */
  readonly roundId: Uint8Array;
  /** `assetSetHash` (SPEC.md §4.3), 32 bytes. */
  readonly assetSetHash: Uint8Array;
  /** Tree height, 0 … 64. */
  readonly height: number;
  /** The customer's leaf position, `0 ≤ position < 2^height`. */
  readonly position: bigint | number;
}

/** Stable failure codes of {@link verifyRangeProof}. */
export type RangeProofCode =
  | 'RANGE_PROOF_MALFORMED'
  | 'RANGE_COUNT_MISMATCH'
  | 'GENERATORS_MISMATCH'
  | 'RANGE_CONTEXT_INVALID'
  | 'TRANSCRIPT_POSITION_MISSING'
  | 'POINT_INVALID'
  | 'POINT_IDENTITY'
  | 'SCALAR_NON_CANONICAL'
  | 'RANGE_PROOF_FORGED';

/** Source of uniform random bytes (defaults to `crypto.getRandomValues`). */
export type RandomSource = (bytes: number) => Uint8Array;

/** Smallest power of two ≥ m. */
export function paddedCount(m: number): number {
  let p = 1;
  while (p < m) p <<= 1;
  return p;
}

/** Exact byte length of a proof for `m` values. */
export function rangeProofLength(m: number): number {
  const k = Math.log2(RANGE_BITS * paddedCount(m));
  return 36 + 32 * (9 + 2 * k);
}

/** A {@link RangeContext} that passed {@link checkContext}. @internal */
export type CheckedContext =
  | { ok: true; roundId: Uint8Array; assetSetHash: Uint8Array; height: number; position: bigint }
  | VerifyFailure<'RANGE_CONTEXT_INVALID' | 'TRANSCRIPT_POSITION_MISSING'>;

/** Check a {@link RangeContext} (prover and verifier). @internal */
export function checkContext(ctx: RangeContext): CheckedContext {
  if (typeof ctx !== 'object' || ctx === null)
    return fail('RANGE_CONTEXT_INVALID', 'context must be an object');
  const { roundId, assetSetHash, height, position } = ctx;
  if (!(roundId instanceof Uint8Array) || roundId.length !== 32)
    return fail('RANGE_CONTEXT_INVALID', 'context.roundId must be 32 bytes');
  if (!(assetSetHash instanceof Uint8Array) || assetSetHash.length !== 32)
    return fail('RANGE_CONTEXT_INVALID', 'context.assetSetHash must be 32 bytes');
  if (!Number.isInteger(height) || height < 0 || height > 64)
    return fail('RANGE_CONTEXT_INVALID', 'context.height must be an integer in [0, 64]');
  if (position === undefined || position === null)
    return fail('TRANSCRIPT_POSITION_MISSING', 'context.position is missing');
  if (typeof position === 'number' && !Number.isSafeInteger(position))
    return fail('TRANSCRIPT_POSITION_MISSING', 'context.position must be an integer');
  if (typeof position !== 'number' && typeof position !== 'bigint')
    return fail('TRANSCRIPT_POSITION_MISSING', 'context.position must be an integer');
  const p = BigInt(position);
  if (p < 0n || p >= 1n << BigInt(height))
    return fail('TRANSCRIPT_POSITION_MISSING', 'context.position must lie in [0, 2^height)');
  return { ok: true, roundId, assetSetHash, height, position: p };
}

/** The transcript prefix shared by prover and verifier (SPEC.md §16.7.1). @internal */
export function startTranscript(
  ctx: { roundId: Uint8Array; assetSetHash: Uint8Array; height: number; position: bigint },
  commitments: readonly Uint8Array[]
): Transcript {
  const t = new Transcript('kura/v2/range-proof');
  t.append('generators', generatorsId(RANGE_BITS));
  t.append('round', ctx.roundId);
  t.append('asset-set', ctx.assetSetHash);
  t.append('height', u8(ctx.height));
  t.append('position', u64(ctx.position));
  t.append('bits', u32(RANGE_BITS));
  t.append('count', u32(commitments.length));
  for (const c of commitments) t.append('V', c);
  return t;
}

/** `x^0, …, x^{n−1}` mod ℓ. @internal */
export function powers(x: bigint, n: number): bigint[] {
  const out = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    out[i] = acc;
    acc = mod(acc * x);
  }
  return out;
}

/** `<a, b>` mod ℓ. @internal */
export function inner(a: readonly bigint[], b: readonly bigint[]): bigint {
  let acc = 0n;
  for (let i = 0; i < a.length; i++) acc += a[i]! * b[i]!;
  return mod(acc);
}

/** `Σ s_i·P_i` (Pippenger from @noble/curves; scalars reduced). */
export function msm(points: readonly Point[], scalars: readonly bigint[]): Point {
  return pippenger(Point, points as Point[], scalars.map(mod));
}

/** A proof and the commitments it covers. */
export interface RangeProof {
  readonly proof: Uint8Array;
  /** `V_j`, canonical encodings, in input order (unpadded). */
  readonly commitments: Uint8Array[];
}

/** Montgomery's batch inversion of non-zero scalars. */
export function batchInvert(xs: readonly bigint[]): bigint[] {
  const n = xs.length;
  const pre = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    pre[i] = acc;
    acc = mod(acc * xs[i]!);
  }
  let accInv = inv(acc);
  const out = new Array<bigint>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = mod(accInv * pre[i]!);
    accInv = mod(accInv * xs[i]!);
  }
  return out;
}

/**
 * How the verifier evaluates its two equations: whether `Σ s_i·P_i + Σ g_i·G_i + Σ h_i·H_i` is
 * the identity, `G_i`, `H_i` the first `gs.length` Bulletproof vector bases (`hs` as long as
 * `gs`; both empty for the first equation).
 */
export type RangeEngine = (
  points: readonly Point[],
  scalars: readonly bigint[],
  gs: readonly bigint[],
  hs: readonly bigint[]
) => boolean;

/** The reference engine: noble's Pippenger with the reference generators. */
export const nobleEngine: RangeEngine = (points, scalars, gs, hs) => {
  const N = gs.length;
  if (N === 0) return msm(points, scalars).is0();
  const gens = bulletproofGenerators(N);
  return msm([...points, ...gens.G, ...gens.H], [...scalars, ...gs, ...hs]).is0();
};

/** Options of {@link verifyRangeProof}. */
export interface RangeVerifyOptions {
  /**
   * `'noble'` (default, the reference): {@link nobleEngine}, both verification equations as
   * `@noble/curves` Pippenger multi-scalar multiplications. Or an engine evaluating the same
   * equations with the same scalars, such as `fastEngine` (`rangeproof-fast.ts`: the
   * WebAssembly core, fast25519's bigints where WebAssembly is missing — about five times
   * faster; its verdicts and codes are tested equal to the noble engine's on genuine,
   * out-of-range, re-bound and mutated proofs).
   */
  readonly engine?: 'noble' | RangeEngine;
}

/**
 * Verify an aggregated range proof over the encoded commitments `commitments` for `context`.
 * Total and fail-closed: returns `{ok:true}` or `{ok:false, code, message}`, never throws (an
 * engine that is neither `'noble'` nor a function is `RANGE_PROOF_MALFORMED`).
 */
export function verifyRangeProof(
  commitments: readonly Uint8Array[],
  proof: Uint8Array,
  context: RangeContext,
  options: RangeVerifyOptions = {}
): { ok: true } | VerifyFailure<RangeProofCode> {
  try {
    const e = options.engine ?? 'noble';
    const engine = e === 'noble' ? nobleEngine : e;
    if (typeof engine !== 'function') throw new TypeError('"options.engine" is not an engine');
    return verifyInner(commitments, proof, context, engine);
  } catch (e) {
    return fail('RANGE_PROOF_MALFORMED', `verification aborted: ${(e as Error).message}`);
  }
}

function verifyInner(
  commitments: readonly Uint8Array[],
  proof: Uint8Array,
  context: RangeContext,
  isIdentity: RangeEngine
): { ok: true } | VerifyFailure<RangeProofCode> {
  const ctx = checkContext(context);
  if (!ctx.ok) return ctx;
  if (!(proof instanceof Uint8Array) || proof.length < 36)
    return fail('RANGE_PROOF_MALFORMED', 'proof shorter than its 36-byte header');
  if (proof[0] !== RANGE_PROOF_VERSION)
    return fail('RANGE_PROOF_MALFORMED', `unknown proof version ${proof[0]}`);
  const n = proof[1]!;
  if (n !== RANGE_BITS)
    return fail('GENERATORS_MISMATCH', `proof made for ${n}-bit ranges, expected ${RANGE_BITS}`);
  if (!equalBytes(proof.subarray(4, 36), generatorsId(n)))
    return fail('GENERATORS_MISMATCH', 'proof made with another generator family');
  const m = (proof[2]! << 8) | proof[3]!;
  if (!Array.isArray(commitments))
    return fail('RANGE_COUNT_MISMATCH', 'commitments must be an array');
  if (m < 1 || m > MAX_AGGREGATION || m !== commitments.length)
    return fail(
      'RANGE_COUNT_MISMATCH',
      `proof covers ${m} values, ${commitments.length} commitments given`
    );
  if (proof.length !== rangeProofLength(m))
    return fail(
      'RANGE_PROOF_MALFORMED',
      `proof is ${proof.length} bytes, expected ${rangeProofLength(m)}`
    );
  const mp = paddedCount(m);
  const N = n * mp;
  const k = Math.log2(N);

  const V: Point[] = [];
  for (let j = 0; j < m; j++) {
    const d = decodePoint(commitments[j]!);
    if (!d.ok) return { ...d, message: `commitment ${j}: ${d.message}` };
    V.push(d.point);
  }
  let o = 36;
  const point = (name: string): Point | VerifyFailure<'POINT_INVALID' | 'POINT_IDENTITY'> => {
    const d = decodePoint(proof.subarray(o, o + 32));
    o += 32;
    return d.ok ? d.point : { ...d, message: `${name}: ${d.message}` };
  };
  const scalar = (name: string): bigint | VerifyFailure<'SCALAR_NON_CANONICAL'> => {
    const d = decodeScalar(proof.subarray(o, o + 32));
    o += 32;
    return d.ok ? d.value : { ...d, message: `${name}: ${d.message}` };
  };
  const A = point('A');
  if (!(A instanceof Point)) return A;
  const S = point('S');
  if (!(S instanceof Point)) return S;
  const T1 = point('T1');
  if (!(T1 instanceof Point)) return T1;
  const T2 = point('T2');
  if (!(T2 instanceof Point)) return T2;
  const tHat = scalar('t');
  if (typeof tHat !== 'bigint') return tHat;
  const taux = scalar('tau');
  if (typeof taux !== 'bigint') return taux;
  const mu = scalar('mu');
  if (typeof mu !== 'bigint') return mu;
  const Ls: Point[] = [];
  const Rs: Point[] = [];
  for (let i = 0; i < k; i++) {
    const L = point(`L${i}`);
    if (!(L instanceof Point)) return L;
    const R = point(`R${i}`);
    if (!(R instanceof Point)) return R;
    Ls.push(L);
    Rs.push(R);
  }
  const a = scalar('a');
  if (typeof a !== 'bigint') return a;
  const b = scalar('b');
  if (typeof b !== 'bigint') return b;

  // replay the transcript
  const t = startTranscript(ctx, commitments);
  t.appendPoint('A', A);
  t.appendPoint('S', S);
  const y = t.challenge('y');
  const z = t.challenge('z');
  t.appendPoint('T1', T1);
  t.appendPoint('T2', T2);
  const x = t.challenge('x');
  t.appendScalar('t', tHat);
  t.appendScalar('tau', taux);
  t.appendScalar('mu', mu);
  const w = t.challenge('w');
  const us: bigint[] = [];
  for (let i = 0; i < k; i++) {
    t.appendPoint('L', Ls[i]!);
    t.appendPoint('R', Rs[i]!);
    us.push(t.challenge('u'));
  }
  if (y === 0n || z === 0n || x === 0n || w === 0n || us.includes(0n))
    return fail('RANGE_PROOF_FORGED', 'a Fiat–Shamir challenge is zero');

  const H = pedersenH();
  const zz = mod(z * z);
  const zPow = powers(z, mp);
  const yN = powers(y, N);
  const sumY = yN.reduce((s, v) => s + v, 0n);
  const sum2 = (1n << BigInt(n)) - 1n;
  let sumZ3 = 0n;
  for (let j = 0; j < mp; j++) sumZ3 += zz * z * zPow[j]!;
  const delta = mod((z - zz) * sumY - sumZ3 * sum2);

  // (1) t̂·G + τx·H = Σ z^{2+j}·V_j + δ·G + x·T1 + x²·T2
  const ok1 = isIdentity(
    [G, H, ...V, T1, T2],
    [
      mod(tHat - delta),
      taux,
      ...V.map((_, j) => ORDER - mod(zz * zPow[j]!)),
      ORDER - x,
      ORDER - mod(x * x),
    ],
    [],
    []
  );
  if (!ok1) return fail('RANGE_PROOF_FORGED', 't̂ does not open to Σ z^{2+j}·V_j + δ(y,z)');

  // (2) one multi-exponentiation for the inner-product argument
  const uInv = batchInvert(us);
  const u2 = us.map((u) => mod(u * u));
  const uInv2 = uInv.map((u) => mod(u * u));
  const s = new Array<bigint>(N);
  s[0] = uInv.reduce((p, v) => mod(p * v), 1n);
  for (let i = 1; i < N; i++) {
    const lg = 31 - Math.clz32(i);
    // bit lg of i is decided in round k−1−lg
    s[i] = mod(s[i - (1 << lg)]! * u2[k - 1 - lg]!);
  }
  const yInvN = powers(inv(y), N);
  const two = powers(2n, n);
  const gs = new Array<bigint>(N);
  const hs = new Array<bigint>(N);
  for (let i = 0; i < N; i++) {
    gs[i] = mod(-z - a * s[i]!);
    const j = Math.floor(i / n);
    hs[i] = mod(z + yInvN[i]! * (zz * zPow[j]! * two[i % n]! - b * s[N - 1 - i]!));
  }
  const ok2 = isIdentity(
    [A, S, H, G, ...Ls, ...Rs],
    [1n, x, ORDER - mu, mod(w * (tHat - a * b)), ...u2, ...uInv2],
    gs,
    hs
  );
  if (!ok2) return fail('RANGE_PROOF_FORGED', 'the inner-product argument does not hold');
  return { ok: true };
}
