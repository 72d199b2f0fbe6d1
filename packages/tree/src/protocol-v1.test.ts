/**
 * Protocol v1 reference vectors (circuits-free-spec/vectors/reference): every intermediate value
 * of every vector — uidHash, nonce, orderKey, leafHash, position, proof path, the non-empty
 * nodes of every level, root hash, root sums and root commitment — and every proof verifies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import {
  assetSetHash,
  buildTree,
  deriveRoundKey,
  leafHash,
  leafNonce,
  orderKey,
  parseAssets,
  parseRound,
  roundId,
  uidHash,
  verifyProof,
} from './index.js';

const dir = new URL('../../../circuits-free-spec/vectors/reference/', import.meta.url);

interface VNode {
  level: number;
  index: number;
  hash: string;
  sums: string[];
}
interface VUser {
  uid: string;
  balances: string[];
  uidHash: string;
  nonce: string;
  orderKey: string;
  leafHash: string;
  position: number;
  proofPath: { hash: string; sums: string[] }[];
}
interface Vector {
  masterSecret: string;
  round: unknown;
  assets: unknown;
  placement: 'dense' | 'sparse';
  height: number;
  roundKey: string;
  users: VUser[];
  nonEmptyNodesByLevel: VNode[][];
  rootHash: string;
  rootSums: string[];
  rootCommitment: string;
}

const files = readdirSync(dir).filter((n) => n.endsWith('.json'));

describe('protocol v1 reference vectors', () => {
  it('there are five vector files', () => {
    expect(files.length).toBe(5);
  });
  for (const f of files) {
    const v = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Vector;
    const round = parseRound(v.round);
    const assets = parseAssets(v.assets);
    const secret = hexToBytes(v.masterSecret);
    const roundKey = deriveRoundKey(secret, roundId(round));

    it(`${f}: per-user leaf values`, () => {
      expect(bytesToHex(roundKey)).toBe(v.roundKey);
      for (const u of v.users) {
        const uh = uidHash(u.uid);
        expect(bytesToHex(uh)).toBe(u.uidHash);
        const nonce = leafNonce(roundKey, uh);
        expect(bytesToHex(nonce)).toBe(u.nonce);
        expect(bytesToHex(orderKey(roundKey, uh))).toBe(u.orderKey);
        expect(bytesToHex(leafHash(uh, nonce, u.balances.map(BigInt)))).toBe(u.leafHash);
      }
    });

    it(`${f}: placement, every level, root and commitment`, () => {
      const t = buildTree({
        round,
        assets,
        masterSecret: secret,
        users: v.users.map((u) => ({ uid: u.uid, balances: u.balances.map(BigInt) })),
        placement: v.placement,
        height: v.placement === 'sparse' ? v.height : undefined,
      });
      expect(t.height).toBe(v.height);
      t.leaves.forEach((l, i) => {
        expect(l.position).toBe(v.users[i]!.position);
      });
      expect(t.levels.length).toBe(v.nonEmptyNodesByLevel.length);
      t.levels.forEach((lv, l) => {
        expect(
          lv.map((n) => ({
            level: n.level,
            index: n.index,
            hash: bytesToHex(n.hash),
            sums: n.sums.map(String),
          }))
        ).toEqual(v.nonEmptyNodesByLevel[l]);
      });
      expect(bytesToHex(t.rootHash)).toBe(v.rootHash);
      expect(t.totals.map(String)).toEqual(v.rootSums);
      expect(bytesToHex(t.rootCommitment)).toBe(v.rootCommitment);
      expect(t.rootFile().rootCommitment).toBe(v.rootCommitment);
      expect(t.rootFile().assetSetHash).toBe(bytesToHex(assetSetHash(assets)));
    });

    it(`${f}: proof paths and verification`, () => {
      const t = buildTree({
        round,
        assets,
        masterSecret: secret,
        users: v.users.map((u) => ({ uid: u.uid, balances: u.balances.map(BigInt) })),
        placement: v.placement,
        height: v.height,
      });
      for (const u of v.users) {
        const p = t.proof(u.uid);
        expect(p.position).toBe(u.position);
        expect(p.nonce).toBe(u.nonce);
        expect(p.siblings).toEqual(u.proofPath);
        const r = verifyProof(p, { rootCommitment: v.rootCommitment, round, assets });
        expect(r).toMatchObject({ ok: true, leafHash: u.leafHash, rootHash: v.rootHash });
        if (r.ok) expect(r.totals).toEqual(v.rootSums);
      }
    });
  }
});
