/**
 * Input parsing: the byte-level decimal converter agrees with `parseUnits` of @kura/codec on
 * every string (fast-check), CSV quoting and line handling, UTF-8 validation, and a parser fuzz
 * that may only ever reject with a located row error.
 */
import { MAX_LEAF, parseUnits, readUintBE } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AMOUNT_LEADING_ZERO, AMOUNT_OK, AMOUNT_TOO_LARGE, writeAmount } from './amount-bytes.js';
import {
  ChunkRowError,
  invalidUtf8At,
  jsonlConfig,
  parseCsvHeader,
  parseRows,
  RowBatch,
} from './input.js';

const enc = new TextEncoder();

function viaBytes(s: string, decimals: number): bigint | number {
  const b = enc.encode(s);
  const out = new Uint8Array(16);
  const code = writeAmount(b, 0, b.length, decimals, out, 0);
  return code === AMOUNT_OK ? readUintBE(out, 0, 16) : code;
}

function viaCodec(s: string, decimals: number): bigint | 'error' {
  try {
    const v = parseUnits(s, decimals);
    return v > MAX_LEAF ? 'error' : v;
  } catch {
    return 'error';
  }
}

describe('writeAmount = parseUnits', () => {
  it('agrees on random decimal-looking strings and all decimals 0 … 36', () => {
    const digits = fc.string({
      unit: fc.constantFrom('0', '1', '5', '9'),
      minLength: 0,
      maxLength: 32,
    });
    const str = fc.oneof(
      fc.tuple(digits, fc.option(digits)).map(([a, b]) => (b === null ? a : `${a}.${b}`)),
      fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', 'e', ' ', '+'), maxLength: 12 })
    );
    fc.assert(
      fc.property(str, fc.integer({ min: 0, max: 36 }), (s, d) => {
        const a = viaBytes(s, d);
        const b = viaCodec(s, d);
        if (b === 'error') expect(typeof a).toBe('number');
        else expect(a).toBe(b);
      }),
      { numRuns: 5000 }
    );
  });
  it('edges: 2^96−1 exactly, 2^96, leading zeros, long zero fractions', () => {
    expect(viaBytes('79228162514264337593543950335', 0)).toBe(MAX_LEAF);
    expect(viaBytes('79228162514264337593543950336', 0)).toBe(AMOUNT_TOO_LARGE);
    expect(viaBytes('792281625142643375935.43950335', 8)).toBe(MAX_LEAF);
    expect(viaBytes('0.000000000000000000000000000000000001', 36)).toBe(1n);
    expect(viaBytes('1', 36)).toBe(10n ** 36n > MAX_LEAF ? AMOUNT_TOO_LARGE : 10n ** 36n);
    expect(viaBytes('00', 0)).toBe(AMOUNT_LEADING_ZERO);
    expect(viaBytes('999999999999999', 0)).toBe(999999999999999n);
    expect(viaBytes('9999999999999999', 0)).toBe(9999999999999999n);
    expect(viaBytes('0.5', 18)).toBe(5n * 10n ** 17n);
  });
});

describe('CSV rows', () => {
  const assets = [
    { symbol: 'BTC', decimals: 8 },
    { symbol: 'ETH', decimals: 18 },
  ];
  const rows = (text: string) => {
    const cfg = parseCsvHeader('x.csv', enc.encode('uid,ETH,BTC'), assets);
    const b = enc.encode(text);
    const batch = new RowBatch(16, 2);
    parseRows(cfg, b, 0, b.length, 2, batch);
    return Array.from({ length: batch.n }, (_, r) => ({
      uid: new TextDecoder().decode(
        batch.heap.subarray(batch.uidOff[r]!, batch.uidOff[r]! + batch.uidLen[r]!)
      ),
      btc: readUintBE(batch.bal, r * 32, 16),
      eth: readUintBE(batch.bal, r * 32 + 16, 16),
      line: batch.line[r],
    }));
  };
  it('maps columns by symbol, handles CRLF, quotes and NFC', () => {
    expect(rows('a,1,2\r\n"b,""q""",0.5,0.25\ncafe\u0301,0,1')).toEqual([
      { uid: 'a', btc: 200000000n, eth: 10n ** 18n, line: 2 },
      { uid: 'b,"q"', btc: 25000000n, eth: 5n * 10n ** 17n, line: 3 },
      { uid: 'caf\u00e9', btc: 100000000n, eth: 0n, line: 4 },
    ]);
  });
  it('rejects quotes in the middle, unterminated quotes, control characters', () => {
    for (const [text, re] of [
      ['a"b,1,2', /unexpected quote/],
      ['"ab,1,2', /unterminated quoted field/],
      ['"a"b,1,2', /text after a closing quote/],
      ['a\tb,1,2', /control character/],
      [`${'x'.repeat(1025)},1,2`, /longer than 1024 bytes/],
      ['a,1,2,', /expected 3 fields/],
    ] as const)
      expect(() => rows(text)).toThrow(re);
  });
  it('finds invalid UTF-8 (overlong, surrogates, truncated, out of range)', () => {
    for (const bad of [
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf4, 0x90, 0x80, 0x80],
      [0x80],
      [0xff],
    ])
      expect(invalidUtf8At(Uint8Array.from([0x61, ...bad]), 0, bad.length + 1)).toBe(1);
    expect(invalidUtf8At(enc.encode('añ€😀'), 0, enc.encode('añ€😀').length)).toBe(-1);
  });
});

describe('parser fuzz', () => {
  const assets = [
    { symbol: 'BTC', decimals: 8 },
    { symbol: 'ETH', decimals: 18 },
  ];
  it('random bytes and near-valid rows never crash: rows or a located ChunkRowError', () => {
    const cfgs = [
      parseCsvHeader('f.csv', enc.encode('uid,BTC,ETH'), assets),
      jsonlConfig('f.jsonl', assets),
    ];
    const piece = fc.oneof(
      fc.constantFrom(
        'a',
        ',',
        '"',
        '\n',
        '\r',
        '1',
        '.',
        '-',
        '0',
        '{',
        '}',
        ':',
        '"uid"',
        '"balances"',
        '"BTC"',
        '\u00e9',
        ' '
      ),
      fc.string({ maxLength: 4 })
    );
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.array(piece, { maxLength: 60 }).map((p) => enc.encode(p.join('')))
    );
    fc.assert(
      fc.property(input, fc.nat(1), (b, c) => {
        const batch = new RowBatch(64, 2);
        try {
          parseRows(cfgs[c]!, b, 0, b.length, 1, batch);
        } catch (e) {
          expect(e).toBeInstanceOf(ChunkRowError);
          const r = (e as ChunkRowError).row;
          expect(r.line).toBeGreaterThanOrEqual(1);
          expect(r.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 }
    );
  });
});
