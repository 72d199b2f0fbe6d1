/** RLP (Yellow Paper Appendix B): known encodings, canonical-form rejections, properties. */
import { bytesToHex, hexToBytes } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RlpError, type RlpItem, rlpDecode, rlpEncode } from './rlp.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const h = (s: string) => hexToBytes(s);

describe('known encodings', () => {
  const cases: [string, RlpItem, string][] = [
    ['"dog"', utf8('dog'), '83646f67'],
    ['["cat","dog"]', [utf8('cat'), utf8('dog')], 'c88363617483646f67'],
    ['empty string', new Uint8Array(0), '80'],
    ['empty list', [], 'c0'],
    ['byte 0x0f', Uint8Array.of(0x0f), '0f'],
    ['byte 0x00', Uint8Array.of(0), '00'],
    ['byte 0x80', Uint8Array.of(0x80), '8180'],
    ['integer 1024', Uint8Array.of(4, 0), '820400'],
    ['set-theoretic three', [[], [[]], [[], [[]]]], 'c7c0c1c0c3c0c1c0'],
    [
      '56-byte string',
      utf8('Lorem ipsum dolor sit amet, consectetur adipisicing elit'),
      `b838${bytesToHex(utf8('Lorem ipsum dolor sit amet, consectetur adipisicing elit'))}`,
    ],
  ];
  for (const [name, item, hex] of cases)
    test(name, () => {
      expect(bytesToHex(rlpEncode(item))).toBe(hex);
      expect(rlpDecode(h(hex))).toEqual(item);
    });
  test('a 1024-byte list uses a two-byte length', () => {
    const item = Array.from({ length: 1024 }, () => Uint8Array.of(1));
    const enc = rlpEncode(item);
    expect(bytesToHex(enc.subarray(0, 3))).toBe('f90400');
    expect(rlpDecode(enc)).toEqual(item);
  });
});

describe('non-canonical and malformed input is refused with a code', () => {
  const bad: [string, string, string][] = [
    ['single byte below 0x80 behind a prefix', '8105', 'RLP_NON_CANONICAL'],
    ['long string form for 1 byte', 'b80161', 'RLP_NON_CANONICAL'],
    ['long list form for a short list', 'f800', 'RLP_NON_CANONICAL'],
    ['length with a leading zero', `b90038${'61'.repeat(56)}`, 'RLP_NON_CANONICAL'],
    ['trailing byte', '8361626300', 'RLP_TRAILING'],
    ['two items', '0102', 'RLP_TRAILING'],
    ['string past the end', '83616263'.slice(0, 6), 'RLP_TRUNCATED'],
    ['list past the end', 'c3616263'.slice(0, 6), 'RLP_TRUNCATED'],
    ['item inside a list past the list end', 'c28361', 'RLP_TRUNCATED'],
    ['empty input', '', 'RLP_TRUNCATED'],
    ['length of length past the end', 'b9', 'RLP_TRUNCATED'],
  ];
  for (const [name, hex, code] of bad)
    test(name, () => {
      expect(() => rlpDecode(h(hex))).toThrow(RlpError);
      try {
        rlpDecode(h(hex));
      } catch (e) {
        expect((e as RlpError).code).toBe(code);
      }
    });
  test('nesting deeper than the limit', () => {
    let nested: RlpItem = [];
    for (let i = 0; i < 20; i++) nested = [nested];
    const deep = rlpEncode(nested);
    expect(() => rlpDecode(deep, 16)).toThrow(/nested too deeply/);
    expect(() => rlpDecode(deep, 32)).not.toThrow();
  });
});

const item: fc.Arbitrary<RlpItem> = fc.letrec((tie) => ({
  item: fc.oneof(
    { depthSize: 'small' },
    fc.uint8Array({ maxLength: 80 }),
    fc.array(tie('item'), { maxLength: 5 })
  ),
})).item as fc.Arbitrary<RlpItem>;

describe('properties', () => {
  test('decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(item, (x) => {
        expect(rlpDecode(rlpEncode(x), 64)).toEqual(x);
      }),
      { numRuns: 500 }
    );
  });
  test('random bytes: decoding never throws anything but RlpError, and what decodes re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        try {
          const x = rlpDecode(b, 64);
          expect(bytesToHex(rlpEncode(x))).toBe(bytesToHex(b));
        } catch (e) {
          expect(e).toBeInstanceOf(RlpError);
        }
      }),
      { numRuns: 3000 }
    );
  });
  test('a mutated encoding never decodes to the same item', () => {
    fc.assert(
      fc.property(item, fc.nat(), fc.integer({ min: 1, max: 255 }), (x, at, xor) => {
        const enc = rlpEncode(x);
        if (enc.length === 0) return;
        const m = enc.slice();
        m[at % m.length]! ^= xor;
        try {
          expect(rlpDecode(m, 64)).not.toEqual(x);
        } catch (e) {
          expect(e).toBeInstanceOf(RlpError);
        }
      }),
      { numRuns: 1000 }
    );
  });
});
