/**
 * Binance `user_config.json` (binance/zkmerkle-proof-of-solvency, verifier `-user`): genuine
 * constructed proofs of both releases verify, any one-character change fails with a code, bad
 * input names its field, and the two samples Binance publishes are reported as they are: their
 * leaf and path do not reach their root (see the package README).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { binance } from '../test/builders.js';
import { BN254_R } from './poseidon-bnb.js';
import type { ForeignReport } from './types.js';
import { type ForeignOutcome, verifyForeign } from './verify.js';

const dir = new URL('../test/vectors/', import.meta.url).pathname;
const read = (f: string): string => readFileSync(dir + f, 'utf8');

const outcome = (text: string, opts: { root?: string; format?: 'binance' | 'bitget' } = {}) =>
  verifyForeign({ text }, { file: 'user_config.json', ...opts });
async function report(text: string, opts: { root?: string } = {}): Promise<ForeignReport> {
  const r = await outcome(text, opts);
  if (!r.ok) throw new Error(r.message);
  return r.report;
}
const codeOf = (r: ForeignOutcome): string =>
  r.ok ? (r.report.verdict.ok ? 'VALID' : r.report.verdict.code) : r.code;

/** Totals above 2^53: read as doubles they would round, so exactness is tested too. */
const g2024 = () =>
  binance({
    release: '2024',
    accountIndex: 0x0a5a5a5,
    totals: {
      equity: 107595993240612342123457n,
      debt: 4812541145779934000001n,
      collateral: 4861152676874104612345n,
    },
    assets: [
      {
        index: 0,
        equity: 14571647457n,
        debt: 184812783n,
        loan: 7285823729n,
        margin: 3642911864n,
        pm: 1821455932n,
      },
      { index: 2, equity: 57834282404n, debt: 19716095367n, loan: 1n, margin: 2n, pm: 3n },
      { index: 7, equity: 18446744073709551615n, debt: 0n },
    ],
    seed: '2024',
  });
const g2023 = () =>
  binance({
    release: '2023',
    accountIndex: 9,
    totals: { equity: 9007199254740993n, debt: 0n },
    assets: [
      { index: 7, equity: 123456000n, debt: 0n },
      { index: 349, equity: 1n, debt: 2n },
    ],
    seed: '2023',
  });

describe('generated proofs (both releases) verify', () => {
  test.each([
    ['binance-generated-2024.json', g2024],
    ['binance-generated-2023.json', g2023],
  ])('%s is reproduced by the builder and verifies', async (file, gen) => {
    const g = gen();
    expect(read(file)).toBe(g.json);
    const r = await report(g.json);
    expect(r.format).toBe('binance');
    expect(r.version).toBe(file.includes('2024') ? '2024' : '2023');
    expect(r.verdict).toEqual({ ok: true });
    expect(r.root).toEqual({ hash: g.root, level: 28 });
    expect((await report(g.json, { root: g.root.toUpperCase() })).verdict).toEqual({ ok: true });
    expect((await report(g.json, { root: '00'.repeat(32) })).verdict).toMatchObject({
      ok: false,
      code: 'ROOT_NOT_EXPECTED',
      level: 28,
    });
  });

  test('totals are read exactly: one unit more above 2^53 changes the leaf', () => {
    const a = binance({
      release: '2023',
      accountIndex: 1,
      totals: { equity: 2n ** 53n, debt: 0n },
      assets: [],
    });
    const b = binance({
      release: '2023',
      accountIndex: 1,
      totals: { equity: 2n ** 53n + 1n, debt: 0n },
      assets: [],
    });
    expect(a.leaf).not.toBe(b.leaf);
  });
});

describe('a one-character change to any number, hash or path element fails with a code', () => {
  for (const [name, gen] of [
    ['2024', g2024],
    ['2023', g2023],
  ] as const) {
    test(`release ${name}`, async () => {
      const { json } = gen();
      const DEC = '0123456789';
      const HEX = '0123456789abcdef';
      const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const spots: [number, string][] = [];
      for (const m of json.matchAll(/: ?([0-9]+)|"([0-9a-f]{64})"|"([A-Za-z0-9+/]{43}=)"/g)) {
        const v = m[1] ?? m[2] ?? m[3]!;
        const set = m[1] !== undefined ? DEC : m[2] !== undefined ? HEX : B64;
        const start = m.index! + m[0].indexOf(v);
        for (let i = 0; i < v.length; i++) spots.push([start + i, set]);
      }
      expect(spots.length).toBeGreaterThan(1000);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...spots),
          fc.integer({ min: 1, max: 9 }),
          async ([at, set], k) => {
            const c = json[at]!;
            const d = set[(set.indexOf(c) + k) % set.length]!;
            const r = await outcome(json.slice(0, at) + d + json.slice(at + 1));
            expect(codeOf(r)).not.toBe('VALID');
          }
        ),
        { numRuns: 40 }
      );
    });
  }

  test('the account index orients every level: another index fails', async () => {
    const { json } = g2024();
    const r = await outcome(
      json.replace(`"AccountIndex": ${0x0a5a5a5}`, `"AccountIndex": ${0x0a5a5a4}`)
    );
    expect(codeOf(r)).toBe('ROOT_HASH_MISMATCH');
  });
});

describe("Binance's published samples", () => {
  test.each([
    [
      'binance-user_config-2023.json',
      '2023',
      '22360cdd385abb1064205b2682affa76d7b1d68357c0b8bd4dc8168e3a8ab405',
    ],
    [
      'binance-user_config-2024.json',
      '2024',
      '27dcf9f1207ae1615560b381239f3f06148dfd5ac10246de912a27eb5d94f338',
    ],
  ])(
    '%s is read as release %s; its leaf and path lead to %s, not to its Root',
    async (file, release, computed) => {
      const r = await report(read(file));
      expect(r.version).toBe(release);
      expect(r.verdict).toMatchObject({ ok: false, code: 'ROOT_HASH_MISMATCH', level: 28 });
      expect(r.verdict.ok ? '' : r.verdict.message).toContain(computed);
    }
  );
});

describe('findings', () => {
  test('every proof: sums not committed, no user binding, totals not derived, floor, unanchored root', async () => {
    const r = await report(g2024().json);
    expect(r.findings.map((f) => f.id)).toEqual([
      'SUMS_NOT_COMMITTED',
      'NO_USER_BINDING',
      'TOTALS_NOT_DERIVED',
      'UNITS_TRUNCATED',
      'ROOT_UNANCHORED',
    ]);
    expect(r.findings[0]).toMatchObject({ level: 28, count: 28 });
    expect(r.findings[2]).toMatchObject({ value: '107595993240612342123457', count: 3 });
    const anchored = await report(g2024().json, { root: g2024().root });
    expect(anchored.findings.map((f) => f.id)).not.toContain('ROOT_UNANCHORED');
  });

  test('a sibling that repeats the customer leaf is reported (and still verifies, as at Binance)', async () => {
    const base = {
      release: '2023' as const,
      accountIndex: 4,
      totals: { equity: 5n, debt: 0n },
      assets: [],
    };
    const leaf = binance(base).leaf;
    const g = binance({
      ...base,
      siblings: [leaf, ...Array.from({ length: 27 }, (_, i) => BigInt(i + 1))],
    });
    const r = await report(g.json);
    expect(r.verdict).toEqual({ ok: true });
    expect(r.findings.find((f) => f.id === 'SIBLING_DUPLICATES_NODE')).toMatchObject({ level: 0 });
  });
});

describe('verdicts and bad input', () => {
  const g = g2024();
  const sub = (from: string | RegExp, to: string): string => g.json.replace(from, to);
  const proofLines = (j: string): string[] => j.match(/"[A-Za-z0-9+/]{43}="/g)!;

  test.each<[string, () => string, string, string | undefined]>([
    [
      'a path of 27 siblings',
      () => g.json.replace(`,\n    ${proofLines(g.json).at(-1)}`, ''),
      'PATH_TOO_SHORT',
      undefined,
    ],
    [
      'a path of 29 siblings',
      () =>
        g.json.replace(
          proofLines(g.json).at(-1)!,
          `${proofLines(g.json).at(-1)},\n    ${proofLines(g.json)[0]}`
        ),
      'PATH_NODE_INVALID',
      undefined,
    ],
    [
      'a sibling not below the field modulus',
      () =>
        g.json.replace(
          proofLines(g.json)[3]!,
          `"${Buffer.from(BN254_R.toString(16).padStart(64, '0'), 'hex').toString('base64')}"`
        ),
      'PATH_NODE_INVALID',
      undefined,
    ],
    [
      'TotalEquity not below the field modulus',
      () => sub(/"TotalEquity": [0-9]+/, `"TotalEquity": ${BN254_R}`),
      'VALUE_OUT_OF_RANGE',
      undefined,
    ],
    [
      'more assets than the largest tier',
      () =>
        sub(
          '"Assets": [\n',
          `"Assets": [\n${Array.from({ length: 501 }, (_, i) => `{"Index":${i + 10},"Equity":1,"Debt":0,"Loan":0,"Margin":0,"PortfolioMargin":0},`).join('')}\n`
        ),
      'VALUE_OUT_OF_RANGE',
      undefined,
    ],
    [
      'a sibling of 31 bytes',
      () => g.json.replace(proofLines(g.json)[0]!, `"${Buffer.alloc(31, 1).toString('base64')}"`),
      'BAD_INPUT',
      'Proof[0]',
    ],
    [
      'a sibling that is not base64',
      () => g.json.replace(proofLines(g.json)[1]!, '"not base64!"'),
      'BAD_INPUT',
      'Proof[1]',
    ],
    [
      'TotalEquity as a string',
      () => sub(/"TotalEquity": ([0-9]+)/, '"TotalEquity": "$1"'),
      'BAD_INPUT',
      'TotalEquity',
    ],
    [
      'a negative TotalDebt',
      () => sub(/"TotalDebt": ([0-9]+)/, '"TotalDebt": -$1'),
      'BAD_INPUT',
      'TotalDebt',
    ],
    [
      'a fractional Equity',
      () => sub('"Equity":14571647457', '"Equity":14571647457.5'),
      'BAD_INPUT',
      'Assets[0].Equity',
    ],
    [
      'an Equity beyond uint64',
      () => sub('"Equity":18446744073709551615', '"Equity":18446744073709551616'),
      'BAD_INPUT',
      'Assets[2].Equity',
    ],
    [
      'an Index beyond uint16',
      () => sub('"Index":7,', '"Index":65536,'),
      'BAD_INPUT',
      'Assets[2].Index',
    ],
    ['a missing Proof', () => sub(/"Proof": \[[^\]]*\]/, '"Proof": null'), 'BAD_INPUT', 'Proof'],
    [
      'a Root of 63 hex digits',
      () => sub(/"Root": "[0-9a-f]{64}"/, `"Root": "${'a'.repeat(63)}"`),
      'BAD_INPUT',
      'Root',
    ],
  ])('%s → %s', async (_, make, code, field) => {
    const r = await outcome(make());
    expect(codeOf(r)).toBe(code);
    if (field !== undefined) expect(r.ok ? undefined : r.field).toBe(field);
  });

  test('a 2023 file (no TotalCollateral) with 2024 asset fields is refused, naming the field', async () => {
    const j = g2023().json.replace('"Debt":0}', '"Debt":0,"Loan":1}');
    const r = await outcome(j);
    expect(r).toMatchObject({ ok: false, code: 'BAD_INPUT', field: 'Assets[0].Loan' });
  });

  test('a 2023 asset Index outside the 350 slots is VALUE_OUT_OF_RANGE', async () => {
    const r = await outcome(g2023().json.replace('"Index":349', '"Index":350'));
    expect(codeOf(r)).toBe('VALUE_OUT_OF_RANGE');
  });

  test('detected without --format; another format under --format is FORMAT_MISMATCH', async () => {
    const r = await outcome(g.json, { format: 'bitget' });
    expect(r).toMatchObject({ ok: false, code: 'FORMAT_MISMATCH' });
    expect(codeOf(await outcome(g.json, { format: 'binance' }))).toBe('VALID');
    const bitget = read('bitget-merkel_tree_bg.min.json');
    expect(await outcome(bitget, { format: 'binance' })).toMatchObject({
      ok: false,
      code: 'FORMAT_MISMATCH',
    });
  });
});
