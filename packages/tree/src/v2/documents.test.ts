import { base64ToBytes, bytesToBase64 } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { parseAssetsV2, treeValue } from './assets.js';
import { parseRootFileV2 } from './rootfile.js';
import { buildTreeV2 } from './tree.js';
import { documentProtocol, verifyProofDocumentV2 } from './verify.js';

const round = {
  exchange: 'example-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
const assets = [
  { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
  { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
];
const secret = new Uint8Array(32).fill(7);
const customers = [
  { uid: 'alice', balances: [5_000_000n, 1_000_000_000_000_000_001n] },
  { uid: 'bob', balances: [0n, 2n] },
  { uid: 'carol', balances: [123n, 0n] },
];

describe('kura-proof/2 and kura-root/2', () => {
  const tree = buildTreeV2(round, assets, customers, secret);
  const root = tree.rootFile();
  const proof = tree.proof('alice');

  it('a genuine proof verifies against the root file and against the root commitment', () => {
    const r = verifyProofDocumentV2(proof, root);
    expect(r).toMatchObject({ ok: true, uid: 'alice', treeValues: ['5000000', '1000000001'] });
    expect(verifyProofDocumentV2(JSON.parse(JSON.stringify(proof)), root.rootCommitment).ok).toBe(
      true
    );
    expect(documentProtocol(proof)).toBe(2);
    expect(documentProtocol(root)).toBe(2);
    // totals: rounded up per customer (2 wei → 1 gwei unit)
    expect(root.totals).toEqual(['5000123', '1000000002']);
    expect(parseRootFileV2(JSON.parse(JSON.stringify(root))).file).toEqual(root);
  });

  it('holds no sibling amount in the clear', () => {
    for (const s of proof.siblings) expect(Object.keys(s).sort()).toEqual(['commitments', 'hash']);
    const text = JSON.stringify(proof);
    expect(text).not.toContain('"123"');
  });

  it('rounds up to tree units', () => {
    expect(treeValue(1n, parseAssetsV2(assets)[1]!)).toBe(1n);
    expect(treeValue(1_000_000_000n, parseAssetsV2(assets)[1]!)).toBe(1n);
    expect(treeValue(1_000_000_001n, parseAssetsV2(assets)[1]!)).toBe(2n);
  });

  it('rejects a wrong root commitment, a changed balance and a forged range proof with their codes', () => {
    expect(verifyProofDocumentV2(proof, '00'.repeat(32))).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
    const lower = { ...proof, balances: ['4999999', proof.balances[1]] };
    expect(verifyProofDocumentV2(lower, root)).toMatchObject({
      ok: false,
      code: 'ROOT_OPENING_MISMATCH',
    });
    const rp = base64ToBytes(proof.rangeProof);
    rp[rp.length - 1] ^= 1;
    expect(verifyProofDocumentV2({ ...proof, rangeProof: bytesToBase64(rp) }, root)).toMatchObject({
      ok: false,
    });
    expect(verifyProofDocumentV2({ ...proof, extra: 1 }, root)).toMatchObject({
      ok: false,
      code: 'BAD_ENCODING',
    });
    expect(verifyProofDocumentV2(proof, { ...root, totals: ['1', '1'] })).toMatchObject({
      ok: false,
      code: 'BAD_ENCODING',
    });
    expect(
      verifyProofDocumentV2(proof, root, { round: { ...round, period: '2026-12' } })
    ).toMatchObject({ ok: false, code: 'ROUND_MISMATCH' });
  });

  it('refuses a tree whose path carries more values than one range proof covers (height × k > 4096)', () => {
    const many = Array.from({ length: 2049 }, (_, i) => ({
      symbol: `T${i}`,
      decimals: 0,
      treeDecimals: 0,
    }));
    const users = ['a', 'b', 'c'].map((uid) => ({ uid, balances: many.map(() => 1n) }));
    expect(() => buildTreeV2(round, many, users, secret)).toThrow(/4096/);
  });
});
