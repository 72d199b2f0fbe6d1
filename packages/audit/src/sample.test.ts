/**
 * The sample derivation of the audit (sample.ts, SPEC.md §10.3) against a second, plain implementation
 * written from its doc comment with node:crypto alone, plus fast-check properties of the draw
 * (distinct, in range, deterministic, a permutation when n ≥ N, seed-sensitive) and of the
 * uidHash list sort.
 */
import { createHash, randomBytes } from 'node:crypto';
import { bytesToHex } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  beaconHeight,
  DEFAULT_BEACON_DEPTH,
  drawIndexes,
  sampleSeed,
  UidHashList,
} from './sample.js';

const TH = (tag: string, ...parts: Buffer[]) => {
  const t = createHash('sha256').update(tag).digest();
  return createHash('sha256')
    .update(Buffer.concat([t, t, ...parts]))
    .digest();
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** The doc comment, implemented plainly. */
function plainDraw(seed: Buffer, N: number, n: number): number[] {
  const out: number[] = [];
  const limit = 2n ** 256n - (2n ** 256n % BigInt(N));
  for (let j = 0; out.length < Math.min(n, N); j++) {
    const x = BigInt(`0x${TH('kura/v1/audit/draw', seed, u32(j)).toString('hex')}`);
    if (x >= limit) continue;
    const i = Number(x % BigInt(N));
    if (!out.includes(i)) out.push(i);
  }
  return out;
}

const RID = '11'.repeat(32);
const RC = '22'.repeat(32);
const BLOCK = '0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5';

describe('seed and draws', () => {
  test('seed = TH("kura/v1/audit/seed", roundId ‖ rootCommitment ‖ u32(height) ‖ blockHash)', () => {
    const want = TH(
      'kura/v1/audit/seed',
      Buffer.from(RID, 'hex'),
      Buffer.from(RC, 'hex'),
      u32(840_006),
      Buffer.from(BLOCK, 'hex')
    );
    expect(bytesToHex(sampleSeed(RID, RC, 840_006, BLOCK))).toBe(want.toString('hex'));
    // every input moves the seed
    expect(bytesToHex(sampleSeed(RID, RC, 840_007, BLOCK))).not.toBe(want.toString('hex'));
    expect(bytesToHex(sampleSeed(RC, RID, 840_006, BLOCK))).not.toBe(want.toString('hex'));
  });
  test('draws equal the plain implementation (fixed vector and random seeds)', () => {
    const seed = Buffer.from(sampleSeed(RID, RC, 840_006, BLOCK));
    expect(drawIndexes(seed, 1_000_000, 60)).toEqual(plainDraw(seed, 1_000_000, 60));
    expect(drawIndexes(seed, 7, 7)).toEqual(plainDraw(seed, 7, 7));
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 80 }),
        (s, N, n) => {
          expect(drawIndexes(s, N, n)).toEqual(plainDraw(Buffer.from(s), N, n));
        }
      ),
      { numRuns: 200 }
    );
  });
  test('properties: distinct, in range, deterministic; n ≥ N draws everyone', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 400 }),
        (s, N, n) => {
          const d = drawIndexes(s, N, n);
          expect(d).toHaveLength(Math.min(n, N));
          expect(new Set(d).size).toBe(d.length);
          for (const i of d) expect(i >= 0 && i < N).toBe(true);
          expect(drawIndexes(s, N, n)).toEqual(d);
          if (n >= N) expect([...d].sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
        }
      ),
      { numRuns: 200 }
    );
  });
  test('a prefix property: a larger sample extends a smaller one', () => {
    const s = randomBytes(32);
    const a = drawIndexes(s, 10_000, 20);
    expect(drawIndexes(s, 10_000, 60).slice(0, 20)).toEqual(a);
  });
  test('N = 0 draws nothing; the beacon height is max(H + K, minimum)', () => {
    expect(drawIndexes(randomBytes(32), 0, 10)).toEqual([]);
    expect(beaconHeight(840_000, DEFAULT_BEACON_DEPTH)).toBe(840_006);
    expect(beaconHeight(840_000, 6, 840_100)).toBe(840_100);
    expect(beaconHeight(840_000, 6, 10)).toBe(840_006);
    expect(() => beaconHeight(840_000, 0)).toThrow(/K ≥ 1/);
  });
});

describe('UidHashList', () => {
  test('sorts 32-byte hashes ascending by bytes (as Buffer.compare)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 200 }),
        (hs) => {
          // share 4-byte prefixes often, so the tie-break path runs
          const hashes = hs.map((h, i) =>
            i % 3 === 0 ? Uint8Array.from([1, 2, 3, 4, ...h.slice(4)]) : h
          );
          const list = new UidHashList(hashes.length);
          for (const h of hashes) list.push(h);
          list.sort();
          const want = hashes
            .map((h) => Buffer.from(h))
            .sort(Buffer.compare)
            .map((b) => b.toString('hex'));
          expect(Array.from({ length: hashes.length }, (_, i) => list.at(i))).toEqual(want);
        }
      ),
      { numRuns: 100 }
    );
  });
  test('at() before sort() is an error', () => {
    const l = new UidHashList(1);
    l.push(new Uint8Array(32));
    expect(() => l.at(0)).toThrow(/sort/);
  });
});

describe('SPEC.md §10.3 test vector', () => {
  // circuits-free-spec/vectors/positive/dense-golden-3users-2assets-h2.json: roundId,
  // rootCommitment and the uidHashes of alice, bob and carol
  const roundId = 'a70c7c8e335769fe5b2e76163fe7ebeccf567f26798c4741e5643b39788131d3';
  const rootCommitment = '391b3fc67cd7a297ee85cab93ff2644f60152a76511c626746cae3b58a6897c4';
  const uids: Record<string, string> = {
    alice: 'd1346a5e32a8f8a6036f92b21351e6ffd14f4bfc2f35d3a710a4007e3f066b35',
    bob: '118e0a480dfda6017d1408c240af7e0da59e03345d5cfeb8d7db9ed076a4bad1',
    carol: 'be8ddeb88d3b4ac0b5eea5ce201fb1ec53a231cf3f6dc8c46077128da32c8c82',
  };
  const beacon = '00000000000000000001abababababababababababababababababababababab';

  test('seed, the draw order for N = n = 3 and the sample of two', () => {
    const seed = sampleSeed(roundId, rootCommitment, 100_006, beacon);
    expect(bytesToHex(seed)).toBe(
      'fc569edda729e27a48d02c83184e89856e96edd54100c06bbe060204bbb87297'
    );
    expect(drawIndexes(seed, 3, 3)).toEqual([0, 2, 1]);
    const list = new UidHashList(3);
    for (const h of Object.values(uids)) list.push(Buffer.from(h, 'hex'));
    list.sort();
    const byHash = Object.fromEntries(Object.entries(uids).map(([u, h]) => [h, u]));
    expect(drawIndexes(seed, list.size, 2).map((i) => byHash[list.at(i)])).toEqual([
      'bob',
      'alice',
    ]);
  });
});
