/**
 * A minimal WebAssembly binary writer (WebAssembly core specification §5: LEB128 integers
 * §5.2.2, sections §5.5.2, the variable and constant instructions §5.4.4 / §5.4.7). Kura
 * assembles its two WebAssembly cores — the tree builder's SIMD SHA-256 and the v2 prover's
 * edwards25519 field arithmetic — at run time from these emitters: no binary blob, no build
 * step. Each core extends {@link WasmCode} with the instructions it uses.
 * @module
 */

/** Unsigned LEB128 of a non-negative integer below 2^32. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a safe integer (i32 and i64 immediates). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  for (;;) {
    const b = ((v % 128) + 128) % 128;
    v = Math.floor(v / 128);
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** A section: its id, its byte length, its body. */
export function wasmSection(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** Value types. */
export const WASM_I32 = 0x7f;
export const WASM_I64 = 0x7e;
export const WASM_V128 = 0x7b;

/** A function body being written: the instructions every core uses. */
export class WasmCode {
  readonly b: number[] = [];
  /** local.get */
  get(i: number): this {
    this.b.push(0x20, ...uleb(i));
    return this;
  }
  /** local.set */
  set(i: number): this {
    this.b.push(0x21, ...uleb(i));
    return this;
  }
  /** local.tee */
  tee(i: number): this {
    this.b.push(0x22, ...uleb(i));
    return this;
  }
  /** i32.const (wrapped to 32 bits) */
  i32(v: number): this {
    this.b.push(0x41, ...sleb(v | 0));
    return this;
  }
  /** i64.const */
  i64(v: number): this {
    this.b.push(0x42, ...sleb(v));
    return this;
  }
  /** call */
  call(f: number): this {
    this.b.push(0x10, ...uleb(f));
    return this;
  }
  /** Raw opcodes. */
  op(...o: number[]): this {
    this.b.push(...o);
    return this;
  }
}
