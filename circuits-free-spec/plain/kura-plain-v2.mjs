// A deliberately plain second implementation of the core of Kura protocol v2 (SPEC.md §16),
// written from SPEC.md alone: node:crypto (SHA-256, SHA-512, HMAC) and the BigInt ristretto255
// of ./ristretto-v2.mjs. Nothing from packages/ or @noble. It derives every deterministic value
// (generators, blindings, commitments, leaf/node/pad hashes, root commitment) and VERIFIES
// range proofs; it does not prove.

import { createHash, createHmac } from 'node:crypto';
import { isWellFormed } from './json.mjs';
import * as K from './kura-plain.mjs';
import { AMOUNT, fail, HEX32, hex, hmac, isObj, th, u8, u32, u64, unhex } from './kura-plain.mjs';
import * as R from './ristretto-v2.mjs';

const ascii = (s) => Buffer.from(s, 'ascii');

export { hex, unhex };

const sha512 = (...parts) => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
};

// ---------------------------------------------------------------- §16.3 generators

export const DST = 'kura/v2/generators:ristretto255_XMD:SHA-512_R255MAP_RO_';
export const B = 64;
export const MAX_AGGREGATION = 4096;
export const h2c = (msg) => R.hashToRistretto(msg, ascii(DST));
export const G = R.BASE;
export const H = h2c(ascii('pedersen/H'));
const gCache = [];
const hCache = [];
/** G_i = h2c("bulletproofs/G" ‖ u32(i)), H_i = h2c("bulletproofs/H" ‖ u32(i)), cached. */
export function vectorBases(count) {
  for (let i = gCache.length; i < count; i++) {
    gCache.push(h2c(Buffer.concat([ascii('bulletproofs/G'), u32(i)])));
    hCache.push(h2c(Buffer.concat([ascii('bulletproofs/H'), u32(i)])));
  }
  return { G: gCache.slice(0, count), H: hCache.slice(0, count) };
}
/** generatorsId(B) = TH("kura/v2/generators-id", DST ‖ u32(B)) */
export const generatorsId = (bits) => th('kura/v2/generators-id', ascii(DST), u32(bits));

// ---------------------------------------------------------------- §16.4 commitments

/** C = v·G + r·H (v in [0, 2^64), r in [0, ℓ)). */
export function commit(v, r) {
  if (v < 0n || v >= 1n << 64n) throw new RangeError('commit: value outside [0, 2^64)');
  if (r < 0n || r >= R.L) throw new RangeError('commit: blinding outside [0, ℓ)');
  return R.add(R.mul(v, G), R.mul(r, H));
}

// ---------------------------------------------------------------- §16.5 blindings

const hmac512 = (key, ...parts) => {
  const h = createHmac('sha512', key);
  for (const p of parts) h.update(p);
  return h.digest();
};
/** leafBlinding = LE(HMAC-SHA512(roundKey, "kura/v2/blinding" ‖ uidHash ‖ u32(a))) mod ℓ */
export const leafBlinding = (rk, uidHash, a) =>
  R.scalarWide(hmac512(rk, ascii('kura/v2/blinding'), uidHash, u32(a)));
/** padBlinding = LE(HMAC-SHA512(roundKey, "kura/v2/pad-blinding" ‖ u8(l) ‖ u64(i) ‖ u32(a))) mod ℓ */
export const padBlinding = (rk, l, i, a) =>
  R.scalarWide(hmac512(rk, ascii('kura/v2/pad-blinding'), u8(l), u64(i), u32(a)));

// ---------------------------------------------------------------- §16.6 transcript

export class Transcript {
  constructor(domain) {
    this.s = th('kura/v2/transcript', ascii(domain));
  }
  append(label, data) {
    const l = ascii(label);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    this.s = th('kura/v2/transcript/append', this.s, u8(l.length), l, len, data);
  }
  challenge(label) {
    const l = ascii(label);
    const c = R.scalarWide(sha512(ascii('kura/v2/transcript/challenge'), this.s, u8(l.length), l));
    this.append(label, R.encodeScalar(c));
    return c;
  }
}

// ---------------------------------------------------------------- §16.7 range-proof verifier

const pow2 = (m) => {
  let p = 1;
  while (p < m) p *= 2;
  return p;
};
/** Byte length of a proof for m values: 36 + 32·(9 + 2k), k = log2(64·m'). */
export const rangeProofLength = (m) => 36 + 32 * (9 + 2 * Math.log2(B * pow2(m)));

/**
 * verifyRangeProof(commitments: Buffer[], proof: Buffer, ctx, trace?) — ctx = {roundId,
 * assetSetHash, height, position}. Returns {ok:true} or {ok:false, code, message}. Never
 * throws. When `trace` (an object) is given, the Fiat–Shamir challenges y, z, x, w, u_r and
 * δ(y, z) are written into it (for vectors and debugging).
 */
export function verifyRangeProof(commitments, proof, ctx, trace = {}) {
  try {
    return rangeInner(commitments, proof, ctx, trace);
  } catch (e) {
    return fail('RANGE_PROOF_MALFORMED', `internal: ${e?.message}`);
  }
}

function rangeInner(Vs, proof, ctx, trace) {
  const { roundId, assetSetHash, height, position } = ctx ?? {};
  if (!Buffer.isBuffer(roundId) || roundId.length !== 32)
    return fail('RANGE_CONTEXT_INVALID', 'round id');
  if (!Buffer.isBuffer(assetSetHash) || assetSetHash.length !== 32)
    return fail('RANGE_CONTEXT_INVALID', 'asset-set hash');
  if (!Number.isInteger(height) || height < 0 || height > 64)
    return fail('RANGE_CONTEXT_INVALID', 'height');
  if (
    !(typeof position === 'bigint' || Number.isSafeInteger(position)) ||
    BigInt(position) < 0n ||
    BigInt(position) >= 1n << BigInt(height)
  )
    return fail('TRANSCRIPT_POSITION_MISSING', 'position missing or outside [0, 2^height)');
  if (!Buffer.isBuffer(proof) || proof.length < 36)
    return fail('RANGE_PROOF_MALFORMED', 'shorter than the header');
  if (proof[0] !== 1) return fail('RANGE_PROOF_MALFORMED', `version ${proof[0]}`);
  const n = proof[1];
  if (n !== B) return fail('GENERATORS_MISMATCH', `n = ${n}`);
  if (!proof.subarray(4, 36).equals(generatorsId(n)))
    return fail('GENERATORS_MISMATCH', 'generatorsId');
  const m = proof.readUInt16BE(2);
  if (m < 1 || m > MAX_AGGREGATION || m !== Vs.length)
    return fail('RANGE_COUNT_MISMATCH', `m = ${m}, ${Vs.length} commitments`);
  if (proof.length !== rangeProofLength(m))
    return fail('RANGE_PROOF_MALFORMED', `length ${proof.length}`);
  const mp = pow2(m);
  const N = n * mp;
  const k = Math.log2(N);

  const V = [];
  for (let j = 0; j < m; j++) {
    const p = R.decode(Vs[j]);
    if (p === null) return fail('POINT_INVALID', `commitment ${j}`);
    if (R.isIdentity(p)) return fail('POINT_IDENTITY', `commitment ${j}`);
    V.push(p);
  }
  let o = 36;
  const pt = () => {
    const p = R.decode(proof.subarray(o, o + 32));
    o += 32;
    if (p === null) return 'POINT_INVALID';
    if (R.isIdentity(p)) return 'POINT_IDENTITY';
    return p;
  };
  const scl = () => {
    const s = R.decodeScalar(proof.subarray(o, o + 32));
    o += 32;
    return s === null ? 'SCALAR_NON_CANONICAL' : s;
  };
  const pts = [];
  for (let i = 0; i < 4; i++) pts.push(pt());
  const scs = [scl(), scl(), scl()];
  const LR = [];
  for (let i = 0; i < 2 * k; i++) LR.push(pt());
  const ab = [scl(), scl()];
  for (const x of [...pts, ...scs, ...LR, ...ab])
    if (typeof x === 'string') return fail(x, 'a proof point or scalar');
  const [A, S, T1, T2] = pts;
  const [tHat, taux, mu] = scs;
  const [a, b] = ab;

  const t = new Transcript('kura/v2/range-proof');
  t.append('generators', generatorsId(B));
  t.append('round', roundId);
  t.append('asset-set', assetSetHash);
  t.append('height', u8(height));
  t.append('position', u64(position));
  t.append('bits', u32(B));
  t.append('count', u32(m));
  for (const c of Vs) t.append('V', c);
  t.append('A', R.encode(A));
  t.append('S', R.encode(S));
  const y = t.challenge('y');
  const z = t.challenge('z');
  t.append('T1', R.encode(T1));
  t.append('T2', R.encode(T2));
  const x = t.challenge('x');
  t.append('t', R.encodeScalar(tHat));
  t.append('tau', R.encodeScalar(taux));
  t.append('mu', R.encodeScalar(mu));
  const w = t.challenge('w');
  const us = [];
  for (let r = 0; r < k; r++) {
    t.append('L', R.encode(LR[2 * r]));
    t.append('R', R.encode(LR[2 * r + 1]));
    us.push(t.challenge('u'));
  }
  if ([y, z, x, w, ...us].includes(0n)) return fail('RANGE_PROOF_FORGED', 'zero challenge');

  const sc = R.sc;
  // δ(y,z) = (z − z²)·Σ_{i<N} y^i − Σ_{j<m'} z^{3+j}·(2^64 − 1)
  let sumY = 0n;
  let yi = 1n;
  for (let i = 0; i < N; i++) {
    sumY += yi;
    yi = sc(yi * y);
  }
  let sumZ = 0n;
  let zj = sc(z * z * z);
  for (let j = 0; j < mp; j++) {
    sumZ += zj;
    zj = sc(zj * z);
  }
  const delta = sc((z - z * z) * sumY - sumZ * ((1n << 64n) - 1n));
  Object.assign(trace, { y, z, x, w, u: us, delta });

  // (1) t̂·G + τx·H = Σ_j z^{2+j}·V_j + δ·G + x·T1 + x²·T2
  const left1 = R.add(R.mul(tHat, G), R.mul(taux, H));
  let right1 = R.add(R.mul(delta, G), R.add(R.mul(x, T1), R.mul(sc(x * x), T2)));
  let z2j = sc(z * z);
  for (let j = 0; j < m; j++) {
    right1 = R.add(right1, R.mul(z2j, V[j]));
    z2j = sc(z2j * z);
  }
  if (!R.equal(left1, right1)) return fail('RANGE_PROOF_FORGED', 'equation (1) fails');

  // (2) A + x·S − μ·H + Σ(−z − a·s_i)·G_i + Σ(z + y^{−i}(z^{2+⌊i/64⌋}·2^{i mod 64} − b/s_i))·H_i
  //     + w·(t̂ − a·b)·G + Σ_r (u_r²·L_r + u_r^{−2}·R_r) = 0
  const uInv = us.map(R.scInv);
  const s = [];
  for (let i = 0; i < N; i++) {
    let v = 1n;
    for (let r = 0; r < k; r++) v = sc(v * (((i >> (k - 1 - r)) & 1) === 1 ? us[r] : uInv[r]));
    s.push(v);
  }
  const yInv = R.scInv(y);
  const gens = vectorBases(N);
  const points = [A, S, H, G];
  const scalars = [1n, x, sc(-mu), sc(w * (tHat - a * b))];
  let yInvI = 1n;
  for (let i = 0; i < N; i++) {
    const j = Math.floor(i / 64);
    const zPow = R.sc(z * z * powL(z, j));
    points.push(gens.G[i], gens.H[i]);
    scalars.push(
      sc(-z - a * s[i]),
      sc(z + yInvI * (zPow * (1n << BigInt(i % 64)) - b * R.scInv(s[i])))
    );
    yInvI = sc(yInvI * yInv);
  }
  for (let r = 0; r < k; r++) {
    points.push(LR[2 * r], LR[2 * r + 1]);
    scalars.push(sc(us[r] * us[r]), sc(uInv[r] * uInv[r]));
  }
  if (!R.isIdentity(R.msm(points, scalars)))
    return fail('RANGE_PROOF_FORGED', 'equation (2) fails');
  return { ok: true };
}
const powL = (x, e) => {
  let r = 1n;
  for (let i = 0; i < e; i++) r = R.sc(r * x);
  return r;
};

// ---------------------------------------------------------------- §16.10 tree nodes and root

const commitBytes = (cs) => Buffer.concat(cs.map((c) => R.encode(c)));

/** leafHashV2 = TH("kura/v2/leaf", uidHash ‖ nonce ‖ C_1 ‖ … ‖ C_k) */
export const leafHashV2 = (uidHash, nonce, Cs) =>
  th('kura/v2/leaf', uidHash, nonce, commitBytes(Cs));
/** nodeHashV2 = TH("kura/v2/node", u8(l) ‖ hL ‖ hR ‖ CL_1… ‖ CR_1…) */
export const nodeHashV2 = (l, hL, hR, CL, CR) =>
  th('kura/v2/node', u8(l), hL, hR, commitBytes(CL), commitBytes(CR));
/** padHashV2 = HMAC(roundKey, "kura/v2/pad" ‖ u8(l) ‖ u64(i)) */
export const padHashV2 = (rk, l, i) => hmac(rk, 'kura/v2/pad', u8(l), u64(i));
/** rootCommitV2 = TH("kura/v2/root", u8(2) ‖ roundId ‖ assetSetHash ‖ u8(HGT) ‖ rootHash ‖ (u64(V_a) ‖ scalar(R_a))…) */
export const rootCommitV2 = (rid, ash, hgt, rootHash, totals) =>
  th(
    'kura/v2/root',
    u8(2),
    rid,
    ash,
    u8(hgt),
    rootHash,
    ...totals.flatMap((t) => [u64(t.value), R.encodeScalar(t.blinding)])
  );

/** A leaf: blindings, commitments and hash from the round key and tree-unit values. */
export function leafV2(rk, uidHash, nonce, values) {
  const blindings = values.map((_, a) => leafBlinding(rk, uidHash, a));
  const commitments = values.map((v, a) => commit(v, blindings[a]));
  return { blindings, commitments, hash: leafHashV2(uidHash, nonce, commitments) };
}
/** A pad at (l, i): hash and commitments to 0 under padBlinding(l, i, a). */
export function padV2(rk, l, i, k) {
  const blindings = Array.from({ length: k }, (_, a) => padBlinding(rk, l, i, a));
  return {
    blindings,
    commitments: blindings.map((r) => commit(0n, r)),
    hash: padHashV2(rk, l, i),
    values: Array(k).fill(0n),
  };
}
/** The parent at level l of two nodes. */
export const parentV2 = (l, L, Rt) => ({
  hash: nodeHashV2(l, L.hash, Rt.hash, L.commitments, Rt.commitments),
  commitments: L.commitments.map((c, a) => R.add(c, Rt.commitments[a])),
});

// ---------------------------------------------------------------- §16.10 inclusion verification

const U64 = 1n << 64n;
/**
 * verifyInclusionV2 — the order of §16.10, on already-parsed values (Buffers, bigints):
 * {roundId, assetSetHash, height, position, uidHash, nonce, values[], blindings[],
 *  siblings: [{hash, commitments: Buffer[]}], rangeProof, totals: [{value, blinding}],
 *  rootCommitment}. Returns {ok: true, leafHash, rootHash} or {ok: false, code, level?, message}.
 */
export function verifyInclusionV2(p) {
  try {
    return inclusionInner(p);
  } catch (e) {
    return fail('BAD_ENCODING', `internal: ${e?.message}`);
  }
}

function inclusionInner(p) {
  const { height, values, blindings, siblings } = p;
  const is32 = (b) => Buffer.isBuffer(b) && b.length === 32;
  if (![p.roundId, p.assetSetHash, p.uidHash, p.nonce, p.rootCommitment].every(is32))
    return fail('BAD_ENCODING', '32-byte fields');
  if (!Number.isInteger(height) || height < 1 || height > 32) return fail('BAD_ENCODING', 'height');
  const k = values.length;
  if (k < 1 || blindings.length !== k) return fail('BAD_LENGTH', 'one blinding per asset');
  if (siblings.length !== height) return fail('BAD_LENGTH', `expected ${height} siblings`);
  const pos = BigInt(p.position);
  if (pos < 0n || pos >= 1n << BigInt(height)) return fail('BAD_POSITION', 'position');
  for (let a = 0; a < k; a++) {
    if (values[a] < 0n || values[a] >= U64) return fail('VALUE_OUT_OF_RANGE', `own value ${a}`, 0);
    if (blindings[a] < 0n || blindings[a] >= R.L)
      return fail('SCALAR_NON_CANONICAL', `own blinding ${a}`, 0);
  }
  const own = values.map((v, a) => commit(v, blindings[a]));
  const leafHash = leafHashV2(p.uidHash, p.nonce, own);
  const sibs = [];
  for (let l = 0; l < height; l++) {
    const s = siblings[l];
    if (!is32(s.hash)) return fail('BAD_ENCODING', `sibling ${l} hash`, l);
    if (s.commitments.length !== k) return fail('BAD_LENGTH', `sibling ${l}`, l);
    const pts = [];
    for (let a = 0; a < k; a++) {
      const q = R.decode(s.commitments[a]);
      if (q === null) return fail('POINT_INVALID', `sibling ${l}, asset ${a}`, l);
      if (R.isIdentity(q)) return fail('POINT_IDENTITY', `sibling ${l}, asset ${a}`, l);
      pts.push(q);
    }
    sibs.push({ hash: s.hash, commitments: pts });
  }
  let cur = { hash: leafHash, commitments: own };
  for (let l = 0; l < height; l++) {
    // A7 (duplicated node), as v1 §9.2 step 4.2: a sibling equal to the current node would let
    // the builder count this subtree twice and leave the real neighbour out
    if (sibs[l].hash.equals(cur.hash))
      return fail('SIBLING_EQUALS_CURRENT', `sibling at level ${l} equals the current node`, l);
    const right = ((pos >> BigInt(l)) & 1n) === 1n;
    cur = right ? parentV2(l + 1, sibs[l], cur) : parentV2(l + 1, cur, sibs[l]);
  }
  const totals = p.totals;
  if (totals.length !== k) return fail('ROOT_OPENING_MISMATCH', 'one total per asset');
  for (let a = 0; a < k; a++) {
    const { value, blinding } = totals[a];
    if (value < 0n || value >= U64 || value >= R.L) return fail('VALUE_OUT_OF_RANGE', `total ${a}`);
    if (blinding < 0n || blinding >= R.L) return fail('SCALAR_NON_CANONICAL', `root blinding ${a}`);
    if (!R.equal(commit(value, blinding), cur.commitments[a]))
      return fail('ROOT_OPENING_MISMATCH', `asset ${a}: the total does not open the root`);
  }
  const rc = rootCommitV2(p.roundId, p.assetSetHash, height, cur.hash, totals);
  if (!rc.equals(p.rootCommitment)) return fail('ROOT_MISMATCH', 'root commitment differs');
  const flat = siblings.flatMap((s) => s.commitments);
  const r = verifyRangeProof(flat, p.rangeProof, {
    roundId: p.roundId,
    assetSetHash: p.assetSetHash,
    height,
    position: pos,
  });
  if (!r.ok) return r;
  return { ok: true, leafHash: hex(leafHash), rootHash: hex(cur.hash) };
}

// ---------------------------------------------------------------- v2 asset list, tree units

/** Returns an error message, or null when `a` is a valid v2 asset list (§4.2 + treeDecimals). */
export function assetsV2Problem(a) {
  if (!Array.isArray(a)) return 'assets: expected an array';
  const plain = [];
  for (let i = 0; i < a.length; i++) {
    const e = a[i];
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      return `assets[${i}]: expected an object`;
    if (!Object.hasOwn(e, 'treeDecimals')) return `assets[${i}]: missing treeDecimals`;
    const { treeDecimals, ...rest } = e;
    if (!Number.isInteger(treeDecimals) || Object.is(treeDecimals, -0) || treeDecimals < 0)
      return `assets[${i}].treeDecimals: expected an integer 0 … decimals`;
    plain.push(rest);
  }
  const p = K.assetsProblem(plain);
  if (p) return p;
  for (let i = 0; i < a.length; i++)
    if (a[i].treeDecimals > a[i].decimals)
      return `assets[${i}].treeDecimals: expected an integer 0 … ${a[i].decimals}`;
  return null;
}
/** assetSetHashV2 = TH("kura/v2/assets", JCS(assets)) — the list with its treeDecimals. */
export const assetSetHashV2 = (assets) => th('kura/v2/assets', K.jcs(assets));
/** treeValue = ⌈balance / 10^(decimals − treeDecimals)⌉ (rounded up: never understated). */
export function treeValue(balance, asset) {
  const s = 10n ** BigInt(asset.decimals - asset.treeDecimals);
  return (BigInt(balance) + s - 1n) / s;
}
/** nonceV2 = HMAC(roundKey, "kura/v2/leaf-nonce" ‖ uidHash) */
export const leafNonceV2 = (rk, uh) => hmac(rk, 'kura/v2/leaf-nonce', uh);

// ---------------------------------------------------------------- v2 tree (deterministic part)

/**
 * Build a v2 tree in memory: every deterministic value (no range proofs: the plain
 * implementation does not prove). users: [{uid, balances: (bigint|string)[] in base units}].
 * Placement, round key, uidHash and order as v1 (§5, §7).
 */
export function buildTreeV2({ masterSecret, round, assets, users, placement = 'dense', height }) {
  const rp = K.roundProblem(round);
  if (rp) throw new K.BuildError(rp);
  const ap = assetsV2Problem(assets);
  if (ap) throw new K.BuildError(ap);
  const k = assets.length;
  const n = users.length;
  if (n < 1) throw new K.BuildError('a tree holds at least one user');
  const secret = typeof masterSecret === 'string' ? unhex(masterSecret) : masterSecret;
  const rid = K.roundId(round);
  const ash = assetSetHashV2(assets);
  const rk = K.roundKey(secret, rid);
  const hgt = K.treeHeight(placement, height, n);

  const seen = new Set();
  const totals = Array(k).fill(0n);
  const rows = users.map((u) => {
    if (typeof u.uid !== 'string' || u.uid.length === 0) throw new K.BuildError('uid');
    if (u.balances.length !== k) throw new K.BuildError(`${u.uid}: expected ${k} balances`);
    const balances = u.balances.map((b) => BigInt(b));
    const values = balances.map((b, a) => {
      if (b < 0n) throw new K.BuildError(`${u.uid}: negative balance`);
      return treeValue(b, assets[a]);
    });
    values.forEach((v, a) => {
      totals[a] += v;
    });
    const uh = K.uidHash(u.uid);
    if (seen.has(hex(uh))) throw new K.BuildError(`duplicate user ${u.uid} (same uidHash)`);
    seen.add(hex(uh));
    return { uid: u.uid, balances, values, uidHash: uh, orderKey: K.orderKey(rk, uh) };
  });
  // §16.7: a round whose total of any asset, in tree units, is ≥ 2^64 is refused
  totals.forEach((t, a) => {
    if (t >= U64) throw new K.BuildError(`total of ${assets[a].symbol} is ≥ 2^64 tree units`);
  });
  for (const r of rows) {
    r.nonce = leafNonceV2(rk, r.uidHash);
    Object.assign(r, leafV2(rk, r.uidHash, r.nonce, r.values));
    r.leafHash = r.hash;
  }
  rows.sort((a, b) => Buffer.compare(a.orderKey, b.orderKey));
  rows.forEach((r, rank) => {
    r.rank = rank;
  });
  K.placeRows(rows, placement, rk, hgt);

  // levels[l]: index → {hash, commitments, values, blindings} of non-empty nodes
  const levels = [new Map()];
  for (const r of rows)
    levels[0].set(r.position, {
      hash: r.leafHash,
      commitments: r.commitments,
      values: r.values,
      blindings: r.blindings,
    });
  const pads = new Map();
  const nodeAt = (l, i) => {
    const v = levels[l].get(i);
    if (v) return v;
    const key = `${l}:${i}`;
    if (!pads.has(key)) pads.set(key, { level: l, index: i, ...padV2(rk, l, i, k) });
    return pads.get(key);
  };
  for (let l = 0; l < hgt; l++) {
    const next = new Map();
    for (const i of K.parentIndices(levels[l])) {
      const Lc = nodeAt(l, 2 * i);
      const Rc = nodeAt(l, 2 * i + 1);
      next.set(i, {
        ...parentV2(l + 1, Lc, Rc),
        values: Lc.values.map((v, a) => v + Rc.values[a]),
        blindings: Lc.blindings.map((b, a) => R.sc(b + Rc.blindings[a])),
      });
    }
    levels.push(next);
  }
  const root = levels[hgt].get(0);
  const openings = root.values.map((value, a) => ({ value, blinding: root.blindings[a] }));
  const rc = rootCommitV2(rid, ash, hgt, root.hash, openings);
  const siblings = (position) => {
    const out = [];
    for (let l = 0; l < hgt; l++) {
      out.push(nodeAt(l, K.siblingIndex(position, l)));
    }
    return out;
  };
  return {
    round,
    assets,
    placement,
    height: hgt,
    roundId: rid,
    assetSetHash: ash,
    roundKey: rk,
    rows,
    levels,
    pads,
    root,
    openings,
    rootCommitment: rc,
    siblings,
    rootFile() {
      return {
        version: 'kura-root/2',
        round,
        roundId: hex(rid),
        assets,
        assetSetHash: hex(ash),
        placement,
        height: hgt,
        rootHash: hex(root.hash),
        totals: openings.map((o) => String(o.value)),
        rootBlindings: openings.map((o) => b64(R.encodeScalar(o.blinding))),
        rootCommitment: hex(rc),
      };
    },
  };
}

// ---------------------------------------------------------------- strict base64 (RFC 4648 §4)

export const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Canonical padded standard base64 → Buffer, or null (any other spelling). */
export function unb64(s) {
  if (typeof s !== 'string' || !B64.test(s)) return null;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : null;
}

// ---------------------------------------------------------------- kura-proof/2 verification

const PROOF_KEYS_V2 = [
  'assets',
  'balances',
  'blindings',
  'height',
  'nonce',
  'position',
  'rangeProof',
  'rootBlindings',
  'rootCommitment',
  'round',
  'siblings',
  'totals',
  'uid',
  'version',
].join(',');
const b64x32 = (s) => {
  const b = typeof s === 'string' && s.length === 44 ? unb64(s) : null;
  return b && b.length === 32 ? b : null;
};

/** Strict structure of a kura-proof/2 (closed objects). Returns an error message or null. */
function proofV2Problem(p) {
  if (!isObj(p)) return 'proof: expected a JSON object';
  const keys = Object.keys(p).sort().join(',');
  if (keys !== PROOF_KEYS_V2) return `proof: expected exactly the fields ${PROOF_KEYS_V2}`;
  if (p.version !== 'kura-proof/2') return 'version: expected "kura-proof/2"';
  const rp = K.roundProblem(p.round);
  if (rp) return rp;
  const ap = assetsV2Problem(p.assets);
  if (ap) return ap;
  const k = p.assets.length;
  if (!Number.isInteger(p.height) || p.height < 1 || p.height > 32) return 'height: 1 … 32';
  if (!Number.isSafeInteger(p.position) || p.position < 0 || Object.is(p.position, -0))
    return 'position: expected a non-negative integer';
  if (typeof p.uid !== 'string' || p.uid.length === 0 || !isWellFormed(p.uid))
    return 'uid: expected a non-empty string';
  if (typeof p.nonce !== 'string' || !HEX32.test(p.nonce)) return 'nonce: 64 lowercase hex';
  const amounts = (v, f) => {
    if (!Array.isArray(v) || v.length !== k) return `${f}: expected ${k} amounts`;
    for (let c = 0; c < k; c++)
      if (typeof v[c] !== 'string' || !AMOUNT.test(v[c])) return `${f}[${c}]: not an amount`;
    return null;
  };
  const b64s = (v, f) => {
    if (!Array.isArray(v) || v.length !== k) return `${f}: expected ${k} entries`;
    for (let c = 0; c < k; c++) if (!b64x32(v[c])) return `${f}[${c}]: not 32 bytes of base64`;
    return null;
  };
  const e = amounts(p.balances, 'balances') ?? b64s(p.blindings, 'blindings');
  if (e) return e;
  if (!Array.isArray(p.siblings) || p.siblings.length > 32)
    return 'siblings: expected an array of at most 32 entries';
  for (let l = 0; l < p.siblings.length; l++) {
    const s = p.siblings[l];
    if (!isObj(s) || Object.keys(s).sort().join(',') !== 'commitments,hash')
      return `siblings[${l}]: expected exactly {hash, commitments}`;
    if (typeof s.hash !== 'string' || !HEX32.test(s.hash)) return `siblings[${l}].hash`;
    const c = b64s(s.commitments, `siblings[${l}].commitments`);
    if (c) return c;
  }
  const e2 = amounts(p.totals, 'totals') ?? b64s(p.rootBlindings, 'rootBlindings');
  if (e2) return e2;
  if (typeof p.rangeProof !== 'string' || unb64(p.rangeProof) === null)
    return 'rangeProof: expected base64';
  if (unb64(p.rangeProof).length > rangeProofLength(MAX_AGGREGATION)) return 'rangeProof: too long';
  if (typeof p.rootCommitment !== 'string' || !HEX32.test(p.rootCommitment))
    return 'rootCommitment: 64 lowercase hex';
  return null;
}

/**
 * verifyProofV2(proof, expected) — a kura-proof/2 (parsed value or JSON text) against
 * expected = {rootCommitment: hex, round?, assets?}. Returns {ok: true, …} or
 * {ok: false, code, level?, message}. Never throws.
 */
export const verifyProofV2 = K.failsClosed(proofV2Inner);

function proofV2Inner(p, expected) {
  const problem = proofV2Problem(p);
  if (problem) return fail('BAD_ENCODING', problem);
  if (!isObj(expected) || typeof expected.rootCommitment !== 'string')
    return fail('BAD_ENCODING', 'expected.rootCommitment');
  if (!HEX32.test(expected.rootCommitment))
    return fail('BAD_ENCODING', 'expected.rootCommitment: 64 lowercase hex');
  if (expected.round !== undefined && K.roundProblem(expected.round))
    return fail('BAD_ENCODING', 'expected.round is invalid');
  if (expected.assets !== undefined && assetsV2Problem(expected.assets))
    return fail('BAD_ENCODING', 'expected.assets is invalid');
  const k = p.assets.length;
  // own values and blindings (level 0)
  const values = [];
  const blindings = [];
  for (let a = 0; a < k; a++) {
    const v = treeValue(p.balances[a], p.assets[a]);
    if (v >= U64) return fail('VALUE_OUT_OF_RANGE', `balances[${a}]: ${v} tree units ≥ 2^64`, 0);
    values.push(v);
    const r = R.decodeScalar(b64x32(p.blindings[a]));
    if (r === null) return fail('SCALAR_NON_CANONICAL', `blindings[${a}] ≥ ℓ`, 0);
    blindings.push(r);
  }
  const totals = [];
  for (let a = 0; a < k; a++) {
    const r = R.decodeScalar(b64x32(p.rootBlindings[a]));
    if (r === null) return fail('SCALAR_NON_CANONICAL', `rootBlindings[${a}] ≥ ℓ`);
    totals.push({ value: BigInt(p.totals[a]), blinding: r });
  }
  for (let a = 0; a < k; a++)
    if (totals[a].value >= U64) return fail('VALUE_OUT_OF_RANGE', `totals[${a}] ≥ 2^64`);
  const rid = K.roundId(p.round);
  const ash = assetSetHashV2(p.assets);
  if (expected.round !== undefined && !K.roundId(expected.round).equals(rid))
    return fail('ROUND_MISMATCH', 'the proof is for another round');
  if (expected.assets !== undefined && !assetSetHashV2(expected.assets).equals(ash))
    return fail('ASSET_SET_MISMATCH', 'the proof is for another asset list');
  const uh = K.uidHash(p.uid);
  const r = verifyInclusionV2({
    roundId: rid,
    assetSetHash: ash,
    height: p.height,
    position: p.position,
    uidHash: uh,
    nonce: unhex(p.nonce),
    values,
    blindings,
    siblings: p.siblings.map((s) => ({
      hash: unhex(s.hash),
      commitments: s.commitments.map(b64x32),
    })),
    rangeProof: unb64(p.rangeProof),
    totals,
    rootCommitment: unhex(expected.rootCommitment),
  });
  if (!r.ok) return r;
  if (p.rootCommitment !== expected.rootCommitment)
    return fail('ROOT_MISMATCH', 'the proof claims another root commitment');
  return {
    ok: true,
    protocol: 2,
    uidHash: hex(uh),
    leafHash: r.leafHash,
    rootHash: r.rootHash,
    treeValues: values.map(String),
    totals: totals.map((t) => String(t.value)),
    roundId: hex(rid),
    assetSetHash: hex(ash),
  };
}
