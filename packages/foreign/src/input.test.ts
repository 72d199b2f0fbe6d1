/** Bad input — unknown format, truncated file, a proof of another format — is never "valid". */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { verifyForeignFile } from './node.js';
import { verifyForeign } from './verify.js';

const dir = new URL('../test/vectors/', import.meta.url).pathname;
const read = (f: string): string => readFileSync(dir + f, 'utf8');
const all = [
  'okx-v1-merkle_proof_file.json',
  'okx-v2-user_info_file.json',
  'okx-v2-full-liabilities-merkle-tree.txt',
  'bitget-merkel_tree_bg.min.json',
  'bybit-mock_user_merkle_tree_path_40_v5.min.json',
  'bitmex-generated-8.csv',
];

describe('bad input', () => {
  test('unknown formats', async () => {
    for (const text of ['{"a":1}', 'hello\nworld', '[1,2]', '{"self":{},"path":[]}'])
      expect(await verifyForeign({ text }, { file: 'x.json' })).toMatchObject({
        ok: false,
        code: 'UNKNOWN_FORMAT',
        file: 'x.json',
      });
    expect(await verifyForeign({ text: '' }, { file: 'x.json' })).toMatchObject({
      ok: false,
      code: 'BAD_INPUT',
    });
  });

  test('a proof of another format under --format names what it lacks and what it looks like', async () => {
    const r = await verifyForeign(
      { text: read('okx-v1-merkle_proof_file.json') },
      { file: 'p.json', format: 'bitget' }
    );
    expect(r).toMatchObject({ ok: false, code: 'FORMAT_MISMATCH', field: 'self.merkelLeaf' });
    expect(r.ok ? '' : r.message).toMatch(
      /p\.json: this is not a Bitget Merkle proof .*looks like: OKX Merkle proof \(v1\)/
    );
    const t = await verifyForeign(
      { text: read('bitmex-generated-8.csv') },
      { file: 'b.csv', format: 'okx-v2-tree' }
    );
    expect(t).toMatchObject({ ok: false, code: 'FORMAT_MISMATCH' });
  });

  test('a missing or mistyped field is named with its file and JSON path', async () => {
    const doc = JSON.parse(read('okx-v1-merkle_proof_file.json'));
    delete doc.self.nonce;
    expect(await verifyForeign({ text: JSON.stringify(doc) }, { file: 'p.json' })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_FORMAT',
    });
    const d2 = JSON.parse(read('okx-v1-merkle_proof_file.json'));
    d2.path[3].balances.ETH = '1e5';
    const r = await verifyForeign({ text: JSON.stringify(d2) }, { file: 'p.json' });
    expect(r).toMatchObject({
      ok: false,
      code: 'BAD_INPUT',
      file: 'p.json',
      field: 'path[3].balances.ETH',
    });
    const d3 = JSON.parse(read('bitget-merkel_tree_bg.min.json'));
    d3.path[2].level = '23';
    expect(await verifyForeign({ text: JSON.stringify(d3) }, { file: 'g.json' })).toMatchObject({
      code: 'BAD_INPUT',
      field: 'path[2].level',
    });
  });

  test('JSON the strict parser refuses: the file, line, column and field of the defect', async () => {
    const text = read('okx-v1-merkle_proof_file.json');
    const cut = text.indexOf('"balances"', text.indexOf('"path"')) + '"balances":{'.length;
    const r = await verifyForeign({ text: text.slice(0, cut) }, { file: 't.json' });
    expect(r).toMatchObject({
      ok: false,
      code: 'BAD_INPUT',
      file: 't.json',
      field: 'path[0].balances',
    });
    expect(r.ok === false && r.message).toMatch(
      /^t\.json:\d+:\d+: field "\$\.path\[0\]\.balances": /
    );
    const dup = await verifyForeign({ text: text.replace('{', '{"self":{},') }, { file: 'd.json' });
    expect(dup).toMatchObject({ code: 'BAD_INPUT', field: 'self' });
    expect(dup.ok === false && dup.message).toMatch(
      /^d\.json:1:\d+: field "\$\.self": duplicate member "self"$/
    );
    const lines = read('okx-v2-full-liabilities-merkle-tree.txt').split('\n');
    lines[1] = lines[1]!.replace(/\{.*\}$/, '{"BTC":"1","BTC":"2","ETH":"0","USDT":"0"}');
    const t = await verifyForeign({ text: lines.join('\n') }, { file: 'tree.txt' });
    expect(t).toMatchObject({ code: 'BAD_INPUT', file: 'tree.txt', field: 'balances.BTC' });
    expect(t.ok === false && t.message).toBe(
      'tree.txt:2: field "balances.BTC": duplicate member "BTC"'
    );
  });

  test('every truncation of every example is bad input or a failed verdict, never valid (property)', async () => {
    for (const f of all) {
      const text = read(f);
      const extra = f.startsWith('bitmex') ? { nonce: 'aa'.repeat(32) } : {};
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: text.trimEnd().length - 1 }), async (cut) => {
          const r = await verifyForeign({ text: text.slice(0, cut) }, { file: f, ...extra });
          if (r.ok) expect(r.report.verdict.ok, `${f} cut at ${cut}`).toBe(false);
          else expect(['BAD_INPUT', 'UNKNOWN_FORMAT']).toContain(r.code);
        }),
        { numRuns: 60, seed: 7 }
      );
    }
  });

  test('a tree file cut at a line boundary is reported as truncated, naming the file', async () => {
    const lines = read('okx-v2-full-liabilities-merkle-tree.txt').split('\n');
    const r = await verifyForeign({ text: lines.slice(0, 40).join('\n') }, { file: 'tree.txt' });
    expect(r).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(r.ok ? '' : r.message).toMatch(/tree\.txt.*truncated/);
    const b = read('bitmex-generated-8.csv').split('\n');
    const rb = await verifyForeign({ text: b.slice(0, 12).join('\n') }, { file: 'l.csv' });
    expect(rb).toMatchObject({ ok: false, code: 'BAD_INPUT' });
  });

  test('BitMEX: a copy cut after a complete row keeps the root; only the nonce shows the leaves are gone', async () => {
    const b = read('bitmex-generated-8.csv').split('\n');
    const cut = b.slice(0, 8).join('\n'); // header + rows of 1, 2, 4
    const r = await verifyForeign({ text: cut }, { file: 'l.csv' });
    expect(r.ok && r.report.verdict.ok).toBe(true);
    expect(r.ok && r.report.findings.find((f) => f.id === 'NO_HEIGHT_BINDING')).toMatchObject({
      level: 3,
    });
    const withNonce = await verifyForeign({ text: cut }, { file: 'l.csv', nonce: 'aa'.repeat(32) });
    expect(withNonce.ok && withNonce.report.verdict).toMatchObject({
      ok: false,
      code: 'LEAF_NOT_FOUND',
    });
  });

  test('a missing file', async () => {
    expect(await verifyForeignFile('/nonexistent/proof.json')).toMatchObject({
      ok: false,
      code: 'BAD_INPUT',
    });
  });

  test('arbitrary bytes never verify (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
        const r = await verifyForeign({ text }, { file: 'f' });
        expect(r.ok && r.report.verdict.ok).toBe(false);
      }),
      { numRuns: 300, seed: 3 }
    );
  });
});
