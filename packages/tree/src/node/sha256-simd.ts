/**
 * A 4-lane WebAssembly SIMD SHA-256 for the builder's {@link DigestEngine}: four independent
 * messages are hashed at once, one per 32-bit lane of each v128 register (FIPS 180-4 §6.2.2 with
 * every word a 4-vector). The module is assembled here, at run time, from a few dozen lines of
 * opcode tables — no binary blob, no build step — and the engine falls back to plain
 * JavaScript where WebAssembly SIMD is unavailable.
 *
 * Exported function `digest(mid, msg, msgStride, blocks, n, out, outStride)` has the semantics
 * of {@link DigestEngine.digest} with `mid` the byte address of 8 little-endian i32 midstate
 * words; lanes past `n` hash a copy of the last message and store nothing.
 * @module
 */
import {
  compileWasm,
  WASM_I32 as I32,
  uleb,
  WASM_V128 as V128,
  WasmCode,
  wasmModule,
} from '@kura/codec';
import type { DigestEngine } from './engine.js';
import { MIDSTATE_SLOTS, midstate } from './engine.js';
import { K } from './sha256-js.js';

/** Instruction emitters: the shared ones and the SIMD ones (WebAssembly SIMD specification). */
class Code extends WasmCode {
  simd(op: number, ...imm: number[]): this {
    this.b.push(0xfd, ...uleb(op), ...imm);
    return this;
  }
  /** i32.load offset */
  load32(offset: number): this {
    return this.memory(0x28, offset);
  }
  v128load(offset: number): this {
    return this.simd(0x00, 0, ...uleb(offset));
  }
  v128store(offset: number): this {
    return this.simd(0x0b, 0, ...uleb(offset));
  }
  splat(): this {
    return this.simd(0x11);
  }
  vconst(words: number[]): this {
    const bytes: number[] = [];
    for (const w of words) bytes.push(w & 255, (w >>> 8) & 255, (w >>> 16) & 255, (w >>> 24) & 255);
    return this.simd(0x0c, ...bytes);
  }
  /** i8x16.shuffle with lanes given as 32-bit lane numbers (0–3 first operand, 4–7 second). */
  shuffle32(l: number[]): this {
    const bytes: number[] = [];
    for (const x of l) bytes.push(4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3);
    return this.simd(0x0d, ...bytes);
  }
  /** Byte-swap each 32-bit lane of the value on the stack (i8x16.swizzle with constant indices). */
  bswap(): this {
    return this.simd(0x0c, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12).simd(0x0e);
  }
  and(): this {
    return this.simd(0x4e);
  }
  or(): this {
    return this.simd(0x50);
  }
  xor(): this {
    return this.simd(0x51);
  }
  bitselect(): this {
    return this.simd(0x52);
  }
  shl(n: number): this {
    return this.i32(n).simd(0xab);
  }
  shr(n: number): this {
    return this.i32(n).simd(0xad);
  }
  add(): this {
    return this.simd(0xae);
  }
}

/** The SHA-256 module: function 0 `digest` (7 × i32 params), memory imported as env.mem. */
export function sha256SimdModule(): Uint8Array<ArrayBuffer> {
  // params 0..6
  const MID = 0;
  const MSG = 1;
  const STRIDE = 2;
  const BLOCKS = 3;
  const N = 4;
  const OUT = 5;
  const OSTRIDE = 6;
  // i32 locals
  const G = 7;
  const P = [8, 9, 10, 11]; // lane message pointers
  const BL = 12; // block counter
  const I32_LOCALS = 6;
  // v128 locals
  const V0 = 7 + I32_LOCALS;
  const S = Array.from({ length: 8 }, (_, i) => V0 + i); // state slots (renamed per round)
  const SV = Array.from({ length: 8 }, (_, i) => V0 + 8 + i); // saved state
  const W = Array.from({ length: 16 }, (_, i) => V0 + 16 + i);
  const T1 = V0 + 32;
  const T2 = V0 + 33;
  const X0 = V0 + 34;
  const X1 = V0 + 35;
  const X2 = V0 + 36;
  const X3 = V0 + 37;
  const V128_LOCALS = 38;

  const c = new Code();
  const rotr = (local: number, n: number) =>
    c
      .get(local)
      .shr(n)
      .get(local)
      .shl(32 - n)
      .or();

  // g = 0
  c.i32(0).set(G);
  // loop over groups of 4
  c.op(0x02, 0x40); // block
  c.op(0x03, 0x40); // loop
  //   if g >= n: break
  c.get(G).get(N).op(0x4f).op(0x0d, 1); // i32.ge_u ; br_if 1
  //   lane pointers: msg + min(g+j, n-1)*stride
  for (let j = 0; j < 4; j++) {
    c.get(G).i32(j).op(0x6a); // g+j
    c.get(N).i32(1).op(0x6b); // n-1
    c.get(G).i32(j).op(0x6a).get(N).op(0x49); // (g+j) < n
    c.op(0x1b); // select
    c.get(STRIDE).op(0x6c).get(MSG).op(0x6a).set(P[j]!);
  }
  //   state := splat(mid words)
  for (let w = 0; w < 8; w++)
    c.get(MID)
      .load32(4 * w)
      .splat()
      .set(S[w]!);
  //   blocks loop
  c.i32(0).set(BL);
  c.op(0x03, 0x40); // loop
  for (let w = 0; w < 8; w++) c.get(S[w]!).set(SV[w]!);
  //     load 16 words of 4 lanes, byte-swap, transpose
  for (let q = 0; q < 4; q++) {
    const R = [X0, X1, X2, X3];
    for (let j = 0; j < 4; j++)
      c.get(P[j]!)
        .v128load(16 * q)
        .bswap()
        .set(R[j]!);
    // T1 = (r0[0], r1[0], r0[1], r1[1]); T2 = (r2[0], r3[0], r2[1], r3[1])
    c.get(X0).get(X1).shuffle32([0, 4, 1, 5]).set(T1);
    c.get(X2).get(X3).shuffle32([0, 4, 1, 5]).set(T2);
    c.get(T1)
      .get(T2)
      .shuffle32([0, 1, 4, 5])
      .set(W[4 * q]!);
    c.get(T1)
      .get(T2)
      .shuffle32([2, 3, 6, 7])
      .set(W[4 * q + 1]!);
    c.get(X0).get(X1).shuffle32([2, 6, 3, 7]).set(T1);
    c.get(X2).get(X3).shuffle32([2, 6, 3, 7]).set(T2);
    c.get(T1)
      .get(T2)
      .shuffle32([0, 1, 4, 5])
      .set(W[4 * q + 2]!);
    c.get(T1)
      .get(T2)
      .shuffle32([2, 3, 6, 7])
      .set(W[4 * q + 3]!);
  }
  //     64 rounds, fully unrolled, with the state slots renamed instead of moved
  let s = [...S]; // s[0]=a … s[7]=h
  for (let t = 0; t < 64; t++) {
    const w = W[t % 16]!;
    if (t >= 16) {
      // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]
      const w2 = W[(t - 2) % 16]!;
      const w7 = W[(t - 7) % 16]!;
      const w15 = W[(t - 15) % 16]!;
      rotr(w2, 17);
      rotr(w2, 19);
      c.xor();
      c.get(w2).shr(10).xor();
      c.get(w7).add();
      rotr(w15, 7);
      rotr(w15, 18);
      c.xor();
      c.get(w15).shr(3).xor();
      c.add();
      c.get(w).add().set(w);
    }
    const [a, b, cc, d, e, f, g, h] = s as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // T1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t]
    c.get(h);
    rotr(e, 6);
    rotr(e, 11);
    c.xor();
    rotr(e, 25);
    c.xor().add();
    c.get(f).get(g).get(e).bitselect().add();
    c.vconst([K[t]!, K[t]!, K[t]!, K[t]!]).add();
    c.get(w).add().set(T1);
    // T2 = Σ0(a) + Maj(a,b,c)
    rotr(a, 2);
    rotr(a, 13);
    c.xor();
    rotr(a, 22);
    c.xor();
    c.get(a).get(b).get(b).get(cc).xor().bitselect().add().set(T2);
    // e' = d + T1 (into d's slot); a' = T1 + T2 (into h's slot)
    c.get(d).get(T1).add().set(d);
    c.get(T1).get(T2).add().set(h);
    s = [h, a, b, cc, d, e, f, g];
  }
  //     state += saved; the 64-round renaming is a whole cycle, so s is S again
  for (let w = 0; w < 8; w++) c.get(s[w]!).get(SV[w]!).add().set(S[w]!);
  //     next block
  for (let j = 0; j < 4; j++) c.get(P[j]!).i32(64).op(0x6a).set(P[j]!);
  c.get(BL).i32(1).op(0x6a).tee(BL).get(BLOCKS).op(0x49).op(0x0d, 0); // br_if loop
  c.op(0x0b); // end blocks loop
  //   transpose the state back to lanes and store digests (big-endian) for lanes < n
  for (const half of [0, 1]) {
    const [a, b, cc, d] = S.slice(4 * half, 4 * half + 4) as [number, number, number, number];
    c.get(a).get(b).shuffle32([0, 4, 1, 5]).set(T1);
    c.get(cc).get(d).shuffle32([0, 4, 1, 5]).set(T2);
    c.get(T1).get(T2).shuffle32([0, 1, 4, 5]).bswap().set(X0);
    c.get(T1).get(T2).shuffle32([2, 3, 6, 7]).bswap().set(X1);
    c.get(a).get(b).shuffle32([2, 6, 3, 7]).set(T1);
    c.get(cc).get(d).shuffle32([2, 6, 3, 7]).set(T2);
    c.get(T1).get(T2).shuffle32([0, 1, 4, 5]).bswap().set(X2);
    c.get(T1).get(T2).shuffle32([2, 3, 6, 7]).bswap().set(X3);
    const X = [X0, X1, X2, X3];
    for (let j = 0; j < 4; j++) {
      c.get(G).i32(j).op(0x6a).get(N).op(0x49); // g+j < n
      c.op(0x04, 0x40); // if
      c.get(G).i32(j).op(0x6a).get(OSTRIDE).op(0x6c).get(OUT).op(0x6a); // out + (g+j)*ostride
      c.get(X[j]!).v128store(16 * half);
      c.op(0x0b); // end if
    }
  }
  c.get(G).i32(4).op(0x6a).set(G);
  c.op(0x0c, 0); // br loop
  c.op(0x0b); // end loop
  c.op(0x0b); // end block
  c.op(0x0b); // end function

  const locals = [2, ...uleb(I32_LOCALS), I32, ...uleb(V128_LOCALS), V128];
  return wasmModule(7, [[...locals, ...c.b]], ['digest']);
}

type DigestFn = (
  mid: number,
  msg: number,
  msgStride: number,
  blocks: number,
  n: number,
  out: number,
  outStride: number
) => void;

let compiled: WebAssembly.Module | null | undefined;

/**
 * Use a module compiled elsewhere (a worker receives the parent's through `workerData`, so the
 * module is assembled and compiled once per build, not once per thread).
 */
export function adoptSimdModule(m: WebAssembly.Module | null): void {
  compiled = m;
}

/** The compiled module, or null where WebAssembly SIMD is not available. */
export function simdModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileWasm(sha256SimdModule);
  return compiled;
}

/** The WebAssembly SIMD engine: the arena is the module's memory. */
export class SimdDigestEngine implements DigestEngine {
  readonly mem: Uint8Array;
  private readonly fn: DigestFn;
  private readonly midBase: number;
  private readonly view: DataView;

  constructor(bytes: number, module: WebAssembly.Module) {
    const midBytes = 32 * MIDSTATE_SLOTS;
    const pages = Math.ceil((bytes + midBytes + 64) / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const inst = new WebAssembly.Instance(module, { env: { mem: memory } });
    this.fn = inst.exports.digest as DigestFn;
    this.mem = new Uint8Array(memory.buffer, 0, bytes);
    this.midBase = pages * 65536 - midBytes;
    this.view = new DataView(memory.buffer);
  }

  setMidstate(slot: number, block: Uint8Array): void {
    const s = midstate(block);
    for (let w = 0; w < 8; w++) this.view.setInt32(this.midBase + 32 * slot + 4 * w, s[w]!, true);
  }

  digest(
    slot: number,
    msg: number,
    msgStride: number,
    blocks: number,
    n: number,
    out: number,
    outStride: number
  ): void {
    if (n > 0 && blocks > 0)
      this.fn(this.midBase + 32 * slot, msg, msgStride, blocks, n, out, outStride);
  }
}
