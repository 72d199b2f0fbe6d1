/**
 * The v2 store builder against the in-memory reference (buildTreeV2): the same root file for
 * dense and sparse trees, with and without worker threads; proofs from the store verify with
 * verifyProofDocumentV2; bad input is refused naming file, line and field, writing nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatUnits, InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import type { AssetV2 } from '../../v2/assets.js';
import { buildTreeV2 } from '../../v2/tree.js';
import { verifyProofDocumentV2 } from '../../v2/verify.js';
import { buildTreeStoreV2 } from './build.js';
import { TreeStoreV2 } from './store.js';

const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const assets: AssetV2[] = [
  { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
  { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
];
const secret = new Uint8Array(32).fill(9);
const customers = Array.from({ length: 13 }, (_, i) => ({
  uid: `user-${i}`,
  balances: [BigInt(i * 1000 + 1), BigInt(i) * 10n ** 17n + BigInt(i)],
}));
const csv = `uid,BTC,ETH\n${customers
  .map((c) => `${c.uid},${formatUnits(c.balances[0]!, 8)},${formatUnits(c.balances[1]!, 18)}`)
  .join('\n')}\n`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'kura-v2-build-'));
  const input = join(dir, 'in.csv');
  writeFileSync(input, csv);
  return { dir, input };
}

describe('buildTreeStoreV2', () => {
  for (const [placement, height, workers, topLevels] of [
    ['dense', undefined, 0, 2],
    ['sparse', 10, 2, 3],
  ] as const) {
    it(`${placement}, ${workers} workers: the root file of the in-memory reference; store proofs verify`, async () => {
      const { dir, input } = setup();
      const out = join(dir, 'tree');
      const r = await buildTreeStoreV2({
        input,
        round,
        assets,
        masterSecret: secret,
        out,
        placement,
        height,
        workers,
        topLevels,
      });
      const ref = buildTreeV2(round, assets, customers, secret, { placement, height });
      expect(r.root).toEqual(ref.rootFile());
      expect(JSON.parse(readFileSync(join(out, 'root.json'), 'utf8'))).toEqual(ref.rootFile());
      const store = TreeStoreV2.open(out, secret);
      try {
        for (const uid of ['user-0', 'user-12']) {
          const proof = store.proof(uid);
          expect(verifyProofDocumentV2(proof, r.root)).toMatchObject({ ok: true, uid });
        }
        expect([...store.uids()].sort()).toEqual(customers.map((c) => c.uid).sort());
        expect(() => store.proof('nobody')).toThrow(InputError);
      } finally {
        store.close();
      }
      expect(() => TreeStoreV2.open(out, new Uint8Array(32).fill(1))).toThrow(/master secret/);
    });
  }

  it('refuses a duplicate uid and a total of 2^64 tree units, naming the line; writes nothing', async () => {
    const { dir } = setup();
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, 'uid,BTC,ETH\na,1,1\nb,1,1\na,2,2\n');
    const out = join(dir, 'tree');
    await expect(
      buildTreeStoreV2({ input: dup, round, assets, masterSecret: secret, out, workers: 0 })
    ).rejects.toThrow(/dup\.csv:4.*duplicate uid "a" \(also line 2\)/);
    const big = join(dir, 'big.csv');
    // 2^64 satoshi = 184467440737.09551616 BTC, split over two rows
    writeFileSync(big, 'uid,BTC,ETH\na,100000000000,0\nb,84467440737.09551616,0\n');
    await expect(
      buildTreeStoreV2({ input: big, round, assets, masterSecret: secret, out, workers: 0 })
    ).rejects.toThrow(/big\.csv:3.*2\^64 tree units/);
    expect(readdirSync(dir).sort()).toEqual(['big.csv', 'dup.csv', 'in.csv']);
  });

  it('an aborted build rejects with the reason and leaves nothing behind', async () => {
    const { dir, input } = setup();
    const stop = new AbortController();
    stop.abort(new Error('stopped by the test'));
    await expect(
      buildTreeStoreV2({
        input,
        round,
        assets,
        masterSecret: secret,
        out: join(dir, 'tree'),
        workers: 0,
        signal: stop.signal,
      })
    ).rejects.toThrow('stopped by the test');
    expect(readdirSync(dir)).toEqual(['in.csv']);
  });
});
