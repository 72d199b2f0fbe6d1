/** LEB128 (WebAssembly core specification §5.2.2) against its definition, and the emitters. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWasm, sleb, uleb, WasmCode, wasmModule, wasmName, wasmSection } from './wasm.js';

const decodeBig = (b: number[]): bigint =>
  b.reduce((a, x, i) => a + (BigInt(x & 0x7f) << BigInt(7 * i)), 0n);
const decodeU = (b: number[]): number => Number(decodeBig(b));
function decodeS(b: number[]): number {
  let v = decodeBig(b);
  if ((b.at(-1)! & 0x40) !== 0) v -= 1n << BigInt(7 * b.length);
  return Number(v);
}

describe('LEB128', () => {
  it('spec examples: 624485 unsigned, −123456 signed', () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(uleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });
  it('round-trips every u32 and every safe signed integer, in the fewest bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        const b = uleb(n);
        expect(decodeU(b)).toBe(n);
        expect(b.slice(0, -1).every((x) => x & 0x80)).toBe(true);
      })
    );
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const b = sleb(n);
        expect(decodeS(b)).toBe(n);
        const half = 2 ** (7 * (b.length - 1) - 1); // one byte fewer holds [−half, half)
        if (b.length > 1) expect(n >= -half && n < half).toBe(false);
      })
    );
  });
});

describe('emitters', () => {
  it('a section carries its id and length; instructions their opcodes', () => {
    expect(wasmSection(1, [9, 9, 9])).toEqual([1, 3, 9, 9, 9]);
    expect(
      new WasmCode()
        .get(1)
        .set(2)
        .tee(3)
        .i32(-1)
        .i64(2 ** 40)
        .call(5)
        .memory(0x28, 300)
        .op(0x0b).b
    ).toEqual([
      0x20,
      1,
      0x21,
      2,
      0x22,
      3,
      0x41,
      0x7f,
      0x42,
      ...sleb(2 ** 40),
      0x10,
      5,
      0x28,
      2,
      0xac,
      0x02,
      0x0b,
    ]);
  });
  it('a whole module: names, one i32 function type, env.mem imported, functions exported', () => {
    expect(wasmName('mem')).toEqual([3, 0x6d, 0x65, 0x6d]);
    // store(a, b): i32.store at address a the value b; add(a, b): mem[a] += b
    const store = [0, ...new WasmCode().get(0).get(1).op(0x36, 2, 0).op(0x0b).b];
    const add = [
      0,
      ...new WasmCode().get(0).get(0).op(0x28, 2, 0).get(1).op(0x6a).op(0x36, 2, 0).op(0x0b).b,
    ];
    const bytes = wasmModule(2, [store, add], ['store', 'add']);
    expect([...bytes.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    const m = compileWasm(() => bytes);
    expect(m).not.toBeNull();
    const mem = new WebAssembly.Memory({ initial: 1 });
    const e = new WebAssembly.Instance(m!, { env: { mem } }).exports as Record<
      string,
      (a: number, b: number) => void
    >;
    e.store!(8, 40);
    e.add!(8, 2);
    expect(new Int32Array(mem.buffer)[2]).toBe(42);
    expect(() => wasmModule(2, [store], [])).toThrow(RangeError);
  });
  it('compileWasm: null for bytes WebAssembly refuses or an assembler that throws', () => {
    expect(compileWasm(() => Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0))).toBeNull();
    expect(
      compileWasm(() => {
        throw new Error('unsupported');
      })
    ).toBeNull();
  });
});
