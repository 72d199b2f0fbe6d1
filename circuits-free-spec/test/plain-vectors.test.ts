/**
 * Every vector (reference, positive, negative, negative-build) against the plain implementation
 * written from SPEC.md alone (`plain/`, node:crypto only). Nothing here imports `packages/`:
 * the spec and Kura's library must not be able to drift together.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromCsv } from '../plain/csv.mjs';
import * as K from '../plain/kura-plain.mjs';
import {
  type BuildNegativeVector,
  index,
  type NegativeVector,
  proofOf,
  readVector,
  type TreeVector,
  treeFiles,
  VECTORS,
} from './vectors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function rebuild(v: TreeVector) {
  return K.buildTree({
    masterSecret: v.masterSecret,
    round: v.round,
    assets: v.assets,
    users: v.users.map((u) => ({ uid: u.uid, balances: u.balances })),
    placement: v.placement,
    height: v.height,
  });
}

describe('tree vectors: the plain implementation reproduces every value', () => {
  for (const file of treeFiles) {
    const v = readVector<TreeVector>(file);
    it(file, () => {
      const t = rebuild(v);
      expect(hex(t.roundId)).toBe(v.roundId);
      expect(hex(t.assetSetHash)).toBe(v.assetSetHash);
      expect(hex(t.roundKey)).toBe(v.roundKey);
      expect(t.height).toBe(v.height);
      for (const u of v.users) {
        const r = t.rows.find((x: { uid: string }) => x.uid === u.uid);
        expect(hex(r.uidHash), u.uid).toBe(u.uidHash);
        expect(hex(r.nonce), u.uid).toBe(u.nonce);
        expect(hex(r.orderKey), u.uid).toBe(u.orderKey);
        expect(hex(r.leafHash), u.uid).toBe(u.leafHash);
        expect(r.position, u.uid).toBe(u.position);
        if (u.rank !== undefined) expect(t.rows.indexOf(r)).toBe(u.rank);
        if (u.retries !== undefined) expect(r.retries).toBe(u.retries);
        expect(t.path(u.position)).toEqual(u.proofPath);
      }
      expect(t.levels.length).toBe(v.nonEmptyNodesByLevel.length);
      v.nonEmptyNodesByLevel.forEach((nodes, l) => {
        expect(t.levels[l].size, `level ${l}`).toBe(nodes.length);
        for (const n of nodes) {
          const m = t.levels[l].get(n.index);
          expect(m && hex(m.hash), `node ${l},${n.index}`).toBe(n.hash);
          expect(m?.sums.map(String)).toEqual(n.sums);
        }
      });
      if (v.pads)
        expect(
          [...t.pads.entries()].map(([k, h]: [string, Uint8Array]) => `${k}:${hex(h)}`).sort()
        ).toEqual(v.pads.map((p) => `${p.level}:${p.index}:${p.hash}`).sort());
      expect(hex(t.rootHash)).toBe(v.rootHash);
      expect(t.rootSums.map(String)).toEqual(v.rootSums);
      expect(hex(t.rootCommitment)).toBe(v.rootCommitment);
      expect(K.challenge(v.round)).toBe(v.challenge);
      if (v.rootFile) expect(t.rootFile()).toEqual(v.rootFile);
      if (v.csv)
        expect(
          fromCsv(v.csv, v.assets).map((u: { balances: bigint[] }) => u.balances.map(String))
        ).toEqual(v.users.map((u) => u.balances));
    });

    it(`${file}: every proof verifies, as an object and as JSON text`, () => {
      for (const u of v.users) {
        const p = proofOf(v, u);
        const exp = { rootCommitment: v.rootCommitment, round: v.round, assets: v.assets };
        const r1 = K.verifyProof(p, exp);
        const r2 = K.verifyProof(JSON.stringify(p), { rootCommitment: v.rootCommitment });
        expect(r1, u.uid).toMatchObject({ ok: true, leafHash: u.leafHash, rootHash: v.rootHash });
        expect(r1.totals).toEqual(v.rootSums);
        expect(r2.ok).toBe(true);
      }
    });
  }
});

describe('positive vectors agree with the reference vectors where they overlap', () => {
  const refs = index.reference.map((e) => readVector<TreeVector>(e.file));
  const pos = index.positive.map((e) => readVector<TreeVector>(e.file));
  const key = (v: TreeVector, uid: string) => `${JSON.stringify(v.round)}|${v.masterSecret}|${uid}`;
  it('same round, secret and uid → same uidHash, nonce and orderKey; same balances and assets → same leafHash', () => {
    const seen = new Map<string, { v: TreeVector; u: TreeVector['users'][number] }>();
    for (const v of refs) for (const u of v.users) seen.set(key(v, u.uid), { v, u });
    let overlaps = 0;
    for (const v of pos)
      for (const u of v.users) {
        const m = seen.get(key(v, u.uid));
        if (!m) continue;
        overlaps++;
        expect(u.uidHash).toBe(m.u.uidHash);
        expect(u.nonce).toBe(m.u.nonce);
        expect(u.orderKey).toBe(m.u.orderKey);
        if (JSON.stringify(u.balances) === JSON.stringify(m.u.balances))
          expect(u.leafHash).toBe(m.u.leafHash);
        if (JSON.stringify(v.assets) === JSON.stringify(m.v.assets))
          expect(v.assetSetHash).toBe(m.v.assetSetHash);
      }
    expect(overlaps).toBeGreaterThanOrEqual(10);
  });
  it('positive/dense-5users-2assets-h3 equals reference/dense-5users-2assets in every shared field', () => {
    const a = readVector<TreeVector>('positive/dense-5users-2assets-h3.json');
    const b = readVector<TreeVector>('reference/dense-5users-2assets.json');
    for (const k of [
      'roundId',
      'assetSetHash',
      'roundKey',
      'height',
      'rootHash',
      'rootSums',
      'rootCommitment',
      'challenge',
      'nonEmptyNodesByLevel',
    ] as const)
      expect(a[k], k).toEqual(b[k]);
    expect(a.users.map(({ rank: _r, retries: _j, ...u }) => u)).toEqual(b.users);
  });
});

describe('negative vectors: the plain verifier returns the expected code and level', () => {
  for (const e of index.negative) {
    const v = readVector<NegativeVector>(e.file);
    it(`${e.file} → ${v.expect.code}${v.expect.level === null ? '' : `@${v.expect.level}`}`, () => {
      const input = v.proofText ?? v.proof;
      const full = K.verifyProof(input, v.expected);
      expect(full.ok).toBe(false);
      expect({ code: full.code, level: full.level ?? null }).toEqual(v.expect);
      const rootOnly = K.verifyProof(input, { rootCommitment: v.expected.rootCommitment });
      expect({ code: rootOnly.code, level: rootOnly.level ?? null }).toEqual(
        v.expectRootOnly ?? v.expect
      );
      if (v.proof !== undefined) {
        // the same verdict from the JSON text as from the parsed value
        const fromText = K.verifyProof(JSON.stringify(v.proof), v.expected);
        expect({ code: fromText.code, level: fromText.level ?? null }).toEqual(v.expect);
      }
    });
  }
});

describe('negative-build vectors: the plain builder refuses', () => {
  for (const e of index.negativeBuild) {
    const v = readVector<BuildNegativeVector>(e.file);
    it(e.file, () => {
      expect(() => {
        const users = fromCsv(v.csv, v.assets);
        K.buildTree({
          masterSecret: v.masterSecret,
          round: v.round,
          assets: v.assets,
          users,
          placement: v.placement,
          height: v.height ?? undefined,
        });
      }).toThrow();
    });
  }
});

describe('vectors/ bookkeeping', () => {
  it('index.json lists exactly the files present', () => {
    for (const [dir, list] of [
      ['reference', index.reference],
      ['positive', index.positive],
      ['negative', index.negative],
      ['negative-build', index.negativeBuild],
    ] as const) {
      const present = readdirSync(new URL(`${dir}/`, VECTORS))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `${dir}/${f}`)
        .sort();
      expect(list.map((e) => e.file).sort(), dir).toEqual(present);
    }
  });
  it('every negative vector names an attack, a description and a known code', () => {
    const codes = [
      'BAD_ENCODING',
      'SUM_RANGE',
      'ROUND_MISMATCH',
      'ASSET_SET_MISMATCH',
      'BAD_LENGTH',
      'BAD_POSITION',
      'SIBLING_EQUALS_CURRENT',
      'ROOT_MISMATCH',
    ];
    for (const e of index.negative) {
      const v = readVector<NegativeVector>(e.file);
      expect(v.attack).toMatch(/^(A([1-9]|1[0-6])|E[1-8])$/);
      expect(v.description.length).toBeGreaterThan(20);
      expect(codes).toContain(v.expect.code);
      expect(v.name).toBe(e.name);
    }
    // every verifier code is exercised
    expect(new Set(index.negative.map((e) => e.code))).toEqual(new Set(codes));
  });
  it('the generator reproduces the committed positive, negative and build vectors byte for byte', () => {
    const script = fileURLToPath(new URL('../scripts/generate-vectors.mjs', import.meta.url));
    expect(() =>
      execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })
    ).not.toThrow();
  });
});
