/**
 * Hash-to-ristretto255 (RFC 9380 Appendix B: `expand_message_xmd` with SHA-512, then the
 * RFC 9496 §4.3.4 element derivation) with the field arithmetic on the WebAssembly core
 * (wasm25519.ts): the derivation of the Bulletproofs generators (SPEC.md §16.3) where the
 * pinned table is not installed — a browser page without the table. About four times faster
 * than `@noble/curves`' `hashToCurve`, which stays the definition: the outputs are compared with
 * it, and with libsodium for all 8,192 tabled generators, in `generators-wasm.test.ts`.
 *
 * `MAP` follows RFC 9496 §4.3.4 line by line (as `@noble/curves`' `calcElligatorRistrettoMap`,
 * whose branches it mirrors); `SQRT_RATIO_M1` is RFC 9496 §4.2 with the exponent
 * `(p − 5)/8 = 2^252 − 3` by ref10's addition chain.
 * @module
 */
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { HEAP, type WasmCurve, wasmCurve } from './wasm25519.js';

const P: bigint = ed25519.Point.CURVE().p;
const D: bigint = ed25519.Point.CURVE().d;
/** RFC 9496 §4.1 constants. */
const SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752n;
const SQRT_AD_MINUS_ONE =
  25063068953384623474111414158702152701244531502492656460079210482610430750235n;
const ONE_MINUS_D_SQ =
  1159843021668779879193775521855586647937357759715417654439879720876111806838n;
const D_MINUS_ONE_SQ =
  40440834346308536858101042469323190826248399146238708352240133220865137265952n;
const MASK_255 = (1n << 255n) - 1n;

const FE = 40;
/** Field-element slots after HEAP (the shared instance's scratch heap). */
const SLOT_NAMES = [
  'ZERO',
  'ONE',
  'MINUS_ONE',
  'SQRT_M1',
  'D',
  'OMDS',
  'DMOS',
  'SADM1',
  'T',
  'R',
  'NS',
  'DD',
  'X1',
  'X2',
  'V3',
  'V7',
  'UV7',
  'PW',
  'XX',
  'VX2',
  'NU',
  'NUI',
  'S',
  'S_',
  'NT',
  'W0',
  'W1',
  'W2',
  'W3',
  'Q0',
  'Q1',
  'Q2',
  'F1',
  'F2',
] as const;
type Slot = (typeof SLOT_NAMES)[number];
const at = Object.fromEntries(SLOT_NAMES.map((n, i) => [n, HEAP + FE * i])) as Record<Slot, number>;
/** Two points (160 bytes each) after the slots: the two MAP outputs. */
const PT1 = HEAP + FE * SLOT_NAMES.length;
const PT2 = PT1 + 4 * FE;
const CACHED = PT2 + 4 * FE;
const END = CACHED + 4 * FE;

function sqn(w: WasmCurve, o: number, a: number, n: number): void {
  w.fmul(o, a, a);
  for (let i = 1; i < n; i++) w.fmul(o, o, o);
}

/** `o = z^(2^252 − 3)` (ref10 `fe_pow22523`); o must not alias z. */
function pow22523(w: WasmCurve, o: number, z: number): void {
  const { Q0: t0, Q1: t1, Q2: t2 } = at;
  sqn(w, t0, z, 1);
  sqn(w, t1, t0, 2);
  w.fmul(t1, z, t1);
  w.fmul(t0, t0, t1);
  sqn(w, t0, t0, 1);
  w.fmul(t0, t1, t0); // 2^5 − 1
  sqn(w, t1, t0, 5);
  w.fmul(t0, t1, t0); // 2^10 − 1
  sqn(w, t1, t0, 10);
  w.fmul(t1, t1, t0); // 2^20 − 1
  sqn(w, t2, t1, 20);
  w.fmul(t1, t2, t1); // 2^40 − 1
  sqn(w, t1, t1, 10);
  w.fmul(t0, t1, t0); // 2^50 − 1
  sqn(w, t1, t0, 50);
  w.fmul(t1, t1, t0); // 2^100 − 1
  sqn(w, t2, t1, 100);
  w.fmul(t1, t2, t1); // 2^200 − 1
  sqn(w, t1, t1, 50);
  w.fmul(t0, t1, t0); // 2^250 − 1
  sqn(w, t0, t0, 2);
  w.fmul(o, t0, z); // 2^252 − 3
}

function isNegative(w: WasmCurve, a: number): boolean {
  w.freeze(at.F1, a, 0);
  return (w.limb(at.F1, 0) & 1) === 1;
}
function equal(w: WasmCurve, a: number, b: number): boolean {
  w.freeze(at.F1, a, 0);
  w.freeze(at.F2, b, 0);
  for (let i = 0; i < 10; i++) if (w.limb(at.F1, i) !== w.limb(at.F2, i)) return false;
  return true;
}
function negate(w: WasmCurve, o: number, a: number): void {
  w.fsub(o, at.ZERO, a);
}
function copy(w: WasmCurve, o: number, a: number): void {
  w.fadd(o, a, at.ZERO);
}

/** RFC 9496 §4.3.4 MAP of the field element at slot T into the point at `out`. */
function map(w: WasmCurve, out: number): void {
  const a = at;
  sqn(w, a.R, a.T, 1);
  w.fmul(a.R, a.R, a.SQRT_M1); // r = SQRT_M1·t²
  w.fadd(a.NS, a.R, a.ONE);
  w.fmul(a.NS, a.NS, a.OMDS); // u = (r + 1)·(1 − d²)
  w.fmul(a.X1, a.D, a.R);
  w.fsub(a.X1, a.MINUS_ONE, a.X1);
  w.fadd(a.X2, a.R, a.D);
  w.fmul(a.DD, a.X1, a.X2); // v = (−1 − r·d)·(r + d)
  // SQRT_RATIO_M1(u, v)
  sqn(w, a.V3, a.DD, 1);
  w.fmul(a.V3, a.V3, a.DD); // v³
  sqn(w, a.V7, a.V3, 1);
  w.fmul(a.V7, a.V7, a.DD); // v⁷
  w.fmul(a.UV7, a.NS, a.V7);
  pow22523(w, a.PW, a.UV7);
  w.fmul(a.XX, a.NS, a.V3);
  w.fmul(a.XX, a.XX, a.PW); // r = (u·v³)·(u·v⁷)^((p−5)/8)
  sqn(w, a.VX2, a.XX, 1);
  w.fmul(a.VX2, a.VX2, a.DD); // check = v·r²
  const correct = equal(w, a.VX2, a.NS);
  negate(w, a.NU, a.NS);
  const flipped = equal(w, a.VX2, a.NU);
  w.fmul(a.NUI, a.NU, a.SQRT_M1);
  const flippedI = equal(w, a.VX2, a.NUI);
  if (flipped || flippedI) w.fmul(a.XX, a.XX, a.SQRT_M1);
  if (isNegative(w, a.XX)) negate(w, a.XX, a.XX);
  const wasSquare = correct || flipped;
  // s, s′ = −|s·t|, c
  w.fmul(a.S_, a.XX, a.T);
  if (!isNegative(w, a.S_)) negate(w, a.S_, a.S_);
  copy(w, a.S, wasSquare ? a.XX : a.S_);
  const c = wasSquare ? a.MINUS_ONE : a.R;
  w.fsub(a.X1, a.R, a.ONE);
  w.fmul(a.X1, c, a.X1);
  w.fmul(a.X1, a.X1, a.DMOS);
  w.fsub(a.NT, a.X1, a.DD); // N = c·(r − 1)·(d − 1)² − v
  w.fadd(a.W0, a.S, a.S);
  w.fmul(a.W0, a.W0, a.DD); // w0 = 2s·v
  w.fmul(a.W1, a.NT, a.SADM1); // w1 = N·SQRT_AD_MINUS_ONE
  sqn(w, a.X1, a.S, 1);
  w.fsub(a.W2, a.ONE, a.X1); // w2 = 1 − s²
  w.fadd(a.W3, a.ONE, a.X1); // w3 = 1 + s²
  w.fmul(out, a.W0, a.W3);
  w.fmul(out + FE, a.W2, a.W1);
  w.fmul(out + 2 * FE, a.W1, a.W3);
  w.fmul(out + 3 * FE, a.W0, a.W2);
}

function le255(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return (v & MASK_255) % P;
}

/**
 * `hash_to_ristretto255(msg, dst)` for each message, as affine edwards25519 representatives
 * `{x, y}` (one batched inversion); null where the WebAssembly core is unavailable.
 */
export function hashToGeneratorsAffine(
  msgs: readonly Uint8Array[],
  dst: string
): { x: bigint; y: bigint }[] | null {
  const w = wasmCurve();
  if (w === null) return null;
  w.ensure(END - HEAP);
  const consts: [Slot, bigint][] = [
    ['ZERO', 0n],
    ['ONE', 1n],
    ['MINUS_ONE', P - 1n],
    ['SQRT_M1', SQRT_M1],
    ['D', D],
    ['OMDS', ONE_MINUS_D_SQ],
    ['DMOS', D_MINUS_ONE_SQ],
    ['SADM1', SQRT_AD_MINUS_ONE],
  ];
  for (const [k, v] of consts) w.setFe(at[k], v);
  const pts: [bigint, bigint, bigint][] = [];
  for (const msg of msgs) {
    const xmd = expand_message_xmd(msg, dst, 64, sha512);
    w.setFe(at.T, le255(xmd.subarray(0, 32)));
    map(w, PT1);
    w.setFe(at.T, le255(xmd.subarray(32, 64)));
    map(w, PT2);
    w.toCached(CACHED, PT2, 0);
    w.addCached(PT1, PT1, CACHED);
    pts.push([w.getFe(PT1), w.getFe(PT1 + FE), w.getFe(PT1 + 2 * FE)]);
  }
  // affine by Montgomery's trick: one inversion for all Z (a zero Z cannot come from valid
  // points; if it ever did, the caller falls back to noble rather than inverting garbage)
  const n = pts.length;
  if (pts.some((q) => q[2] === 0n)) return null;
  const pre = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    pre[i] = acc;
    acc = (acc * pts[i]![2]) % P;
  }
  let inv = n === 0 ? 1n : ed25519.Point.Fp.inv(acc);
  const out = new Array<{ x: bigint; y: bigint }>(n);
  for (let i = n - 1; i >= 0; i--) {
    const [X, Y, Z] = pts[i]!;
    const zi = (inv * pre[i]!) % P;
    inv = (inv * Z) % P;
    out[i] = { x: (X * zi) % P, y: (Y * zi) % P };
  }
  return out;
}
