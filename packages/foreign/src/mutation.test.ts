/**
 * A one-character change to any balance or hash of a published example fails with a code
 * (property test over every position of every balance and hash, fast-check).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { verifyForeign } from './verify.js';

const dir = new URL('../test/vectors/', import.meta.url).pathname;

/** Character positions of every hash (hex) and balance (decimal) value in the text. */
function targets(text: string, format: string): [number, 'hex' | 'dec'][] {
  const out: [number, 'hex' | 'dec'][] = [];
  const add = (start: number, s: string, kind: 'hex' | 'dec' = 'hex'): void => {
    for (let i = 0; i < s.length; i++) if (/[0-9a-f]/.test(s[i]!)) out.push([start + i, kind]);
  };
  if (format === 'okx-v2-tree' || format === 'bitmex') {
    let off = 0;
    for (const line of text.split('\n')) {
      const m = /^([0-9a-f]{64}),/.exec(line);
      if (m) add(off, m[1]!);
      if (format === 'bitmex') {
        const n = /,([0-9]+)$/.exec(line);
        if (n && m) add(off + line.length - n[1]!.length, n[1]!, 'dec');
      }
      for (const v of line.matchAll(/"[A-Z]+":"(-?[0-9.]+)"/g))
        add(off + v.index! + v[0].length - 1 - v[1]!.length, v[1]!, 'dec');
      off += line.length + 1;
    }
    return out;
  }
  const re =
    /"(hash|merkelLeaf|userHash|encryptUid)":\s*"([0-9a-f]+)"|"([A-Z0-9]+)":\s*"(-?[0-9.]+)"/g;
  for (const m of text.matchAll(re)) {
    const v = m[2] ?? m[4]!;
    add(m.index! + m[0].length - 1 - v.length, v, m[2] !== undefined ? 'hex' : 'dec');
  }
  return out;
}

function flip(c: string, k: number, kind: 'hex' | 'dec'): string {
  const set = kind === 'dec' ? '0123456789' : '0123456789abcdef';
  const i = (set.indexOf(c) + 1 + (k % (set.length - 1))) % set.length;
  return set[i] === c ? set[(i + 1) % set.length]! : set[i]!;
}

const cases: [string, string, object][] = [
  ['okx-v1-merkle_proof_file.json', 'okx-v1', {}],
  ['okx-v2-user_info_file.json', 'okx-v2-user', {}],
  ['okx-v2-full-liabilities-merkle-tree.txt', 'okx-v2-tree', {}],
  ['bitget-merkel_tree_bg.min.json', 'bitget', {}],
  ['bybit-mock_user_merkle_tree_path_40_v5.min.json', 'bybit', {}],
  ['bybit-mock_user_merkle_tree_path_40_v4.min.json', 'bybit', {}],
  ['bybit-mock_user_merkle_tree_path_40.min.json', 'bybit', {}],
  ['bybit-mock_user_merkle_tree_path_40_v3.min.json', 'bybit', {}],
  ['bybit-mock_user_merkle_tree_path_40_v2.min.json', 'bybit', {}],
  ['bitmex-generated-8.csv', 'bitmex', { nonce: 'aa'.repeat(32) }],
];

describe('one changed character in any balance or hash fails with a code', () => {
  for (const [file, format, opts] of cases) {
    test(file, async () => {
      const text = readFileSync(dir + file, 'utf8');
      const pos = targets(text, format);
      expect(pos.length).toBeGreaterThan(60);
      const base = await verifyForeign({ text }, { file, ...opts });
      expect(base.ok && base.report.verdict.ok).toBe(true);
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: pos.length - 1 }),
          fc.nat(100),
          async (pi, k) => {
            const [p, kind] = pos[pi]!;
            const c = text[p]!;
            const d = flip(c, k, kind);
            const mutated = text.slice(0, p) + d + text.slice(p + 1);
            const r = await verifyForeign({ text: mutated }, { file, ...opts });
            if (r.ok) {
              expect(r.report.verdict.ok, `position ${p} '${c}'→'${d}' still valid`).toBe(false);
              expect(typeof (r.report.verdict as { code: string }).code).toBe('string');
            } else expect(r.code).toBe('BAD_INPUT');
          }
        ),
        { numRuns: 150, seed: 13 }
      );
    });
  }
});
