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

/** A name (§5.2.4): its UTF-8 length, then its bytes (Kura's names are ASCII). */
export function wasmName(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

/**
 * A whole module of the shape both of Kura's cores have (§5.5): one function type taking
 * `params` i32 and returning nothing; the memory imported as `env.mem` (at least one page);
 * the functions `bodies` (each its locals vector and code, without its size) of that type,
 * exported as `exports[i]`.
 */
export function wasmModule(
  params: number,
  bodies: readonly (readonly number[])[],
  exports: readonly string[]
): Uint8Array<ArrayBuffer> {
  if (exports.length !== bodies.length)
    throw new RangeError('"exports" expected one name per body');
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d], // magic
    ...[0x01, 0x00, 0x00, 0x00], // version 1
    ...wasmSection(1, [1, 0x60, ...uleb(params), ...new Array<number>(params).fill(WASM_I32), 0]),
    ...wasmSection(2, [1, ...wasmName('env'), ...wasmName('mem'), 0x02, 0x00, ...uleb(1)]),
    ...wasmSection(3, [...uleb(bodies.length), ...bodies.map(() => 0)]),
    ...wasmSection(7, [
      ...uleb(exports.length),
      ...exports.flatMap((e, i) => [...wasmName(e), 0x00, ...uleb(i)]),
    ]),
    ...wasmSection(10, [
      ...uleb(bodies.length),
      ...bodies.flatMap((b) => [...uleb(b.length), ...b]),
    ]),
  ]);
}

/**
 * `bytes()` assembled and compiled, or null where WebAssembly (or a feature the module uses,
 * such as SIMD) is unavailable: the caller then takes its JavaScript path.
 */
export function compileWasm(bytes: () => Uint8Array<ArrayBuffer>): WebAssembly.Module | null {
  try {
    const b = bytes();
    return typeof WebAssembly === 'object' && WebAssembly.validate(b)
      ? new WebAssembly.Module(b)
      : null;
  } catch {
    return null;
  }
}

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
  /**
   * A memory instruction (§5.4.6): `opcode`, then its memarg — alignment exponent `align`
   * (default 2, four bytes) and `offset`.
   */
  memory(opcode: number, offset: number, align = 2): this {
    this.b.push(opcode, ...uleb(align), ...uleb(offset));
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
