// ristretto255 (RFC 9496) over edwards25519, and hash_to_ristretto255 (RFC 9380 Appendix B),
// written out plainly in BigInt for the plain second implementation of protocol v2
// (SPEC.md §16.2–16.4). Only node:crypto (SHA-512). No code shared with packages/ or @noble.
// Slow on purpose: clarity over speed. Checked against RFC 9496 Appendix A in
// test/plain-v2.test.ts.

import { createHash } from 'node:crypto';

// ---------------------------------------------------------------- field GF(2^255 − 19)

export const P = (1n << 255n) - 19n;
/** ℓ, the order of the ristretto255 group (RFC 9496 §4.1). */
export const L = (1n << 252n) + 27742317777372353535851937790883648493n;

export const fe = (a) => {
  const r = a % P;
  return r < 0n ? r + P : r;
};
export const sc = (a) => {
  const r = a % L;
  return r < 0n ? r + L : r;
};

function powMod(b, e, m) {
  let r = 1n;
  let x = b % m;
  let k = e;
  while (k > 0n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
    k >>= 1n;
  }
  return r;
}
/** a^{-1} mod ℓ (Fermat). */
export const scInv = (a) => {
  if (sc(a) === 0n) throw new RangeError('scInv: 0 has no inverse');
  return powMod(sc(a), L - 2n, L);
};

/** RFC 9496 §4.2: IS_NEGATIVE(x) = least significant bit of the canonical x. */
const isNeg = (x) => (fe(x) & 1n) === 1n;
const abs = (x) => (isNeg(x) ? fe(-x) : fe(x));

const D = fe(-121665n * powMod(121666n, P - 2n, P));
const D2 = fe(2n * D);
const SQRT_M1 = powMod(2n, (P - 1n) / 4n, P);

/** RFC 9496 §4.2 SQRT_RATIO_M1(u, v) → [wasSquare, r] with r non-negative. */
function sqrtRatioM1(u, v) {
  u = fe(u);
  v = fe(v);
  const v3 = fe(v * v * v);
  const v7 = fe(v3 * v3 * v);
  let r = fe(u * v3 * powMod(fe(u * v7), (P - 5n) / 8n, P));
  const check = fe(v * r * r);
  const correct = check === u;
  const flipped = check === fe(-u);
  const flippedI = check === fe(-u * SQRT_M1);
  if (flipped || flippedI) r = fe(r * SQRT_M1);
  return [correct || flipped, abs(r)];
}

// Constants of RFC 9496 §4.1, as the RFC writes them (decimal). The test checks each against its
// defining equation: SQRT_AD_MINUS_ONE² = a·d − 1 (the RFC's value is the *negative* root),
// INVSQRT_A_MINUS_D² · (a − d) = 1, with a = −1.
const SQRT_AD_MINUS_ONE =
  25063068953384623474111414158702152701244531502492656460079210482610430750235n;
const INVSQRT_A_MINUS_D =
  54469307008909316920995813868745141605393597292927456921205312896311721017578n;
const ONE_MINUS_D_SQ =
  1159843021668779879193775521855586647937357759715417654439879720876111806838n;
const D_MINUS_ONE_SQ =
  40440834346308536858101042469323190826248399146238708352240133220865137265952n;
export const CONSTANTS = {
  D,
  SQRT_M1,
  SQRT_AD_MINUS_ONE,
  INVSQRT_A_MINUS_D,
  ONE_MINUS_D_SQ,
  D_MINUS_ONE_SQ,
};

// ---------------------------------------------------------------- edwards25519 (a = −1), extended coordinates

/** A point is [X, Y, Z, T] with x = X/Z, y = Y/Z, x·y = T/Z. */
export const IDENTITY = Object.freeze([0n, 1n, 1n, 0n]);

/** add-2008-hwcd-3 (unified, a = −1). */
export function add(p, q) {
  const [X1, Y1, Z1, T1] = p;
  const [X2, Y2, Z2, T2] = q;
  const A = fe((Y1 - X1) * (Y2 - X2));
  const B = fe((Y1 + X1) * (Y2 + X2));
  const C = fe(T1 * D2 * T2);
  const Dd = fe(2n * Z1 * Z2);
  const E = B - A;
  const F = Dd - C;
  const G = Dd + C;
  const H = B + A;
  return [fe(E * F), fe(G * H), fe(F * G), fe(E * H)];
}
/** dbl-2008-hwcd (a = −1). */
export function double(p) {
  const [X1, Y1, Z1] = p;
  const A = fe(X1 * X1);
  const B = fe(Y1 * Y1);
  const C = fe(2n * Z1 * Z1);
  const Dd = fe(-A);
  const E = fe((X1 + Y1) * (X1 + Y1) - A - B);
  const G = Dd + B;
  const F = G - C;
  const H = Dd - B;
  return [fe(E * F), fe(G * H), fe(F * G), fe(E * H)];
}
export const neg = ([X, Y, Z, T]) => [fe(-X), Y, Z, fe(-T)];

/** k·P by double-and-add (k reduced mod ℓ; the group has order ℓ). */
export function mul(k, p) {
  let e = sc(k);
  let acc = IDENTITY;
  let base = p;
  while (e > 0n) {
    if (e & 1n) acc = add(acc, base);
    base = double(base);
    e >>= 1n;
  }
  return acc;
}

/** Σ k_i·P_i, bucket method (Pippenger); scalars reduced mod ℓ. */
export function msm(points, scalars) {
  if (points.length !== scalars.length) throw new RangeError('msm: length mismatch');
  const n = points.length;
  if (n === 0) return IDENTITY;
  const ks = scalars.map(sc);
  const c = n < 32 ? 3 : n < 256 ? 5 : n < 2048 ? 7 : 9;
  const windows = Math.ceil(253 / c);
  const mask = (1n << BigInt(c)) - 1n;
  let acc = IDENTITY;
  for (let w = windows - 1; w >= 0; w--) {
    for (let i = 0; i < c; i++) acc = double(acc);
    const buckets = new Array(1 << c).fill(null);
    const shift = BigInt(w * c);
    for (let i = 0; i < n; i++) {
      const b = Number((ks[i] >> shift) & mask);
      if (b !== 0) buckets[b] = buckets[b] === null ? points[i] : add(buckets[b], points[i]);
    }
    let running = IDENTITY;
    let sum = IDENTITY;
    for (let b = (1 << c) - 1; b >= 1; b--) {
      if (buckets[b] !== null) running = add(running, buckets[b]);
      sum = add(sum, running);
    }
    acc = add(acc, sum);
  }
  return acc;
}

// ---------------------------------------------------------------- ristretto255 (RFC 9496 §4.3)

const leInt = (b) => {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
};
const le32 = (v) => {
  const out = Buffer.alloc(32);
  let x = v;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
};

/** RFC 9496 §4.3.3: equality of two ristretto255 elements. */
export const equal = ([X1, Y1], [X2, Y2]) =>
  fe(X1 * Y2) === fe(Y1 * X2) || fe(Y1 * Y2) === fe(X1 * X2);
export const isIdentity = (p) => equal(p, IDENTITY);

/**
 * RFC 9496 §4.3.1 decode. Returns the point, or null for any string that is not a canonical
 * encoding (wrong length, s ≥ p, s negative, not square, t negative, y = 0).
 */
export function decode(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) return null;
  const s = leInt(bytes);
  if (s >= P || isNeg(s)) return null;
  const ss = fe(s * s);
  const u1 = fe(1n - ss);
  const u2 = fe(1n + ss);
  const u2sq = fe(u2 * u2);
  const v = fe(-(D * u1 * u1) - u2sq);
  const [wasSquare, invsqrt] = sqrtRatioM1(1n, fe(v * u2sq));
  const denX = fe(invsqrt * u2);
  const denY = fe(invsqrt * denX * v);
  const x = abs(2n * s * denX);
  const y = fe(u1 * denY);
  const t = fe(x * y);
  if (!wasSquare || isNeg(t) || y === 0n) return null;
  return [x, y, 1n, t];
}

/** RFC 9496 §4.3.2 encode. */
export function encode([X0, Y0, Z0, T0]) {
  const u1 = fe((Z0 + Y0) * (Z0 - Y0));
  const u2 = fe(X0 * Y0);
  const [, invsqrt] = sqrtRatioM1(1n, fe(u1 * u2 * u2));
  const den1 = fe(invsqrt * u1);
  const den2 = fe(invsqrt * u2);
  const zInv = fe(den1 * den2 * T0);
  const ix0 = fe(X0 * SQRT_M1);
  const iy0 = fe(Y0 * SQRT_M1);
  const enchanted = fe(den1 * INVSQRT_A_MINUS_D);
  const rotate = isNeg(T0 * zInv);
  const x = rotate ? iy0 : X0;
  let y = rotate ? ix0 : Y0;
  const denInv = rotate ? enchanted : den2;
  if (isNeg(x * zInv)) y = fe(-y);
  return le32(abs(denInv * (Z0 - y)));
}

/** RFC 9496 §4.3.4 MAP(t): a field element to a point. */
function map(t) {
  const r = fe(SQRT_M1 * t * t);
  const u = fe((r + 1n) * ONE_MINUS_D_SQ);
  const v = fe((-1n - r * D) * (r + D));
  const [wasSquare, s0] = sqrtRatioM1(u, v);
  const s = wasSquare ? s0 : fe(-abs(s0 * t));
  const c = wasSquare ? P - 1n : r;
  const N = fe(c * (r - 1n) * D_MINUS_ONE_SQ - v);
  const w0 = fe(2n * s * v);
  const w1 = fe(N * SQRT_AD_MINUS_ONE);
  const w2 = fe(1n - s * s);
  const w3 = fe(1n + s * s);
  return [fe(w0 * w3), fe(w2 * w1), fe(w1 * w3), fe(w0 * w2)];
}

/** RFC 9496 §4.3.4 element derivation from 64 uniform bytes. */
export function derive(b64) {
  if (b64.length !== 64) throw new RangeError('derive: expected 64 bytes');
  const mask = (1n << 255n) - 1n;
  const r0 = fe(leInt(b64.subarray(0, 32)) & mask);
  const r1 = fe(leInt(b64.subarray(32, 64)) & mask);
  return add(map(r0), map(r1));
}

const sha512 = (...parts) => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** RFC 9380 §5.3.1 expand_message_xmd with SHA-512 (b_in_bytes 64, s_in_bytes 128). */
export function expandMessageXmd(msg, dst, len) {
  let d = Buffer.from(dst);
  if (d.length > 255) d = sha512(Buffer.from('H2C-OVERSIZE-DST-'), d);
  const ell = Math.ceil(len / 64);
  if (ell > 255 || len > 65535) throw new RangeError('expandMessageXmd: len too large');
  const dstPrime = Buffer.concat([d, Buffer.from([d.length])]);
  const b0 = sha512(Buffer.alloc(128), msg, Buffer.from([len >> 8, len & 0xff, 0]), dstPrime);
  const blocks = [sha512(b0, Buffer.from([1]), dstPrime)];
  for (let i = 2; i <= ell; i++) {
    const prev = blocks[i - 2];
    const x = Buffer.alloc(64);
    for (let j = 0; j < 64; j++) x[j] = b0[j] ^ prev[j];
    blocks.push(sha512(x, Buffer.from([i]), dstPrime));
  }
  return Buffer.concat(blocks).subarray(0, len);
}

/** RFC 9380 Appendix B hash_to_ristretto255(msg, DST). */
export const hashToRistretto = (msg, dst) => derive(expandMessageXmd(msg, dst, 64));

/** The RFC 9496 generator B (decoded from its encoding, RFC 9496 §4.4). */
export const BASE = decode(
  Buffer.from('e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76', 'hex')
);

// ---------------------------------------------------------------- scalars (SPEC.md §16.4)

/** 32 bytes little-endian of a scalar in [0, ℓ). */
export function encodeScalar(s) {
  if (typeof s !== 'bigint' || s < 0n || s >= L)
    throw new RangeError('encodeScalar: not in [0, ℓ)');
  return le32(s);
}
/** Strict scalar decoding: 32 bytes, < ℓ; null otherwise (never reduced silently). */
export function decodeScalar(b) {
  if (!(b instanceof Uint8Array) || b.length !== 32) return null;
  const v = leInt(b);
  return v < L ? v : null;
}
/** LE(b) mod ℓ of 64 bytes (wide reduction). */
export const scalarWide = (b) => sc(leInt(b));
export { leInt };
