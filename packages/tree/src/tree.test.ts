/** The in-memory builder: placement modes, heights, capacity, duplicates, pads. */
import { bytesToHex, InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import {
  buildTree,
  denseHeight,
  padHash,
  parseRootFile,
  resolveHeight,
  siblingIndex,
  sparseCandidate,
  uidHash,
  verifyProof,
} from './index.js';

const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const assets = [{ symbol: 'BTC', decimals: 8 }];
const masterSecret = new Uint8Array(32).fill(7);
const users = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ uid: `user-${i}`, balances: [BigInt(i + 1)] }));

describe('placement and height', () => {
  it('dense height is max(1, ⌈log2 n⌉)', () => {
    expect([1, 2, 3, 4, 5, 8, 9, 1024, 1025].map(denseHeight)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 10, 11,
    ]);
    expect(buildTree({ round, assets, masterSecret, users: users(1) }).height).toBe(1);
    expect(buildTree({ round, assets, masterSecret, users: users(5) }).height).toBe(3);
  });
  it('dense positions are 0 … n−1 in order-key order; sparse default height is 32', () => {
    const d = buildTree({ round, assets, masterSecret, users: users(6) });
    expect(d.leaves.map((l) => l.position).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const byKey = [...d.leaves].sort((a, b) =>
      bytesToHex(a.orderKey) < bytesToHex(b.orderKey) ? -1 : 1
    );
    expect(byKey.map((l) => l.position)).toEqual([0, 1, 2, 3, 4, 5]);
    const s = buildTree({ round, assets, masterSecret, users: users(6), placement: 'sparse' });
    expect(s.height).toBe(32);
    expect(s.rootFile().placement).toBe('sparse');
    for (const l of s.leaves)
      expect(l.position).toBe(sparseCandidate(s.roundKey, l.uidHash, 0, 32));
  });
  it('a height override is honoured and changes the root; dense and sparse differ', () => {
    const a = buildTree({ round, assets, masterSecret, users: users(5) });
    const b = buildTree({ round, assets, masterSecret, users: users(5), height: 6 });
    const c = buildTree({
      round,
      assets,
      masterSecret,
      users: users(5),
      placement: 'sparse',
      height: 6,
    });
    expect(b.height).toBe(6);
    expect(bytesToHex(a.rootCommitment)).not.toBe(bytesToHex(b.rootCommitment));
    expect(bytesToHex(b.rootCommitment)).not.toBe(bytesToHex(c.rootCommitment));
    expect(a.totals).toEqual(b.totals);
    for (const t of [a, b, c])
      for (const l of t.leaves)
        expect(
          verifyProof(t.proof(l.uid), { rootCommitment: bytesToHex(t.rootCommitment) }).ok
        ).toBe(true);
  });
  it('more users than 2^HGT positions is an error, for both placements', () => {
    expect(() => buildTree({ round, assets, masterSecret, users: users(5), height: 2 })).toThrow(
      /do not fit in a tree of height 2/
    );
    expect(() =>
      buildTree({ round, assets, masterSecret, users: users(5), placement: 'sparse', height: 2 })
    ).toThrow(InputError);
    expect(() => resolveHeight('dense', 3, 0)).toThrow(RangeError);
    expect(() => resolveHeight('sparse', 3, 33)).toThrow(RangeError);
  });
  it('a sparse tree can be completely full (every position taken via retries)', () => {
    const t = buildTree({
      round,
      assets,
      masterSecret,
      users: users(8),
      placement: 'sparse',
      height: 3,
    });
    expect(t.leaves.map((l) => l.position).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('inputs', () => {
  it('duplicate uids (also after NFC) are rejected', () => {
    expect(() =>
      buildTree({
        round,
        assets,
        masterSecret,
        users: [
          { uid: 'caf\u00e9', balances: [1n] },
          { uid: 'cafe\u0301', balances: [2n] },
        ],
      })
    ).toThrow(/duplicate uid/);
    expect(bytesToHex(uidHash('caf\u00e9'))).toBe(bytesToHex(uidHash('cafe\u0301')));
  });
  it('no users, wrong balance count or out-of-range balances are rejected', () => {
    expect(() => buildTree({ round, assets, masterSecret, users: [] })).toThrow(
      /at least one user/
    );
    expect(() =>
      buildTree({ round, assets, masterSecret, users: [{ uid: 'a', balances: [1n, 2n] }] })
    ).toThrow(/expected 1 balances/);
    expect(() =>
      buildTree({ round, assets, masterSecret, users: [{ uid: 'a', balances: [1n << 96n] }] })
    ).toThrow(RangeError);
  });
});

describe('pads and the root file', () => {
  it('pads differ per level and index and are keyed', () => {
    const k = new Uint8Array(32);
    const seen = new Set<string>();
    for (let l = 0; l <= 4; l++) for (let i = 0; i < 4; i++) seen.add(bytesToHex(padHash(k, l, i)));
    expect(seen.size).toBe(20);
    expect(bytesToHex(padHash(k, 0, 0))).not.toBe(
      bytesToHex(padHash(new Uint8Array(32).fill(1), 0, 0))
    );
    expect(() => padHash(k, 31, 2)).toThrow(RangeError);
  });
  it('siblingIndex handles positions above 2^31', () => {
    expect(siblingIndex(2 ** 32 - 1, 0)).toBe(2 ** 32 - 2);
    expect(siblingIndex(2 ** 31, 0)).toBe(2 ** 31 + 1);
    expect(siblingIndex(2 ** 31, 31)).toBe(0);
  });
  it('root.json round-trips through parseRootFile, which rejects inconsistent files', () => {
    const t = buildTree({ round, assets, masterSecret, users: users(3) });
    const rf = JSON.parse(JSON.stringify(t.rootFile()));
    expect(parseRootFile(rf)).toEqual(t.rootFile());
    expect(() => parseRootFile({ ...rf, totals: ['1'] })).toThrow(/rootCommitment/);
    expect(() => parseRootFile({ ...rf, height: 3 })).toThrow(/rootCommitment/);
    expect(() => parseRootFile({ ...rf, roundId: '00'.repeat(32) })).toThrow(/roundId/);
    expect(() => parseRootFile({ ...rf, users: 3 })).toThrow(/unknown field/);
  });
});
