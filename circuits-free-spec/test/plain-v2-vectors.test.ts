/**
 * Every protocol-v2 vector (`vectors/v2/`) against the plain implementation written from SPEC.md
 * §16 alone (`plain/kura-plain-v2.mjs`, node:crypto only): it re-derives every deterministic
 * value of every positive tree, verifies every customer's range proof, gives every negative
 * vector its code and level, and refuses every build-negative input. Nothing here imports
 * `packages/` (the library's side is test/v2-library-agreement.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromCsv } from '../plain/csv.mjs';
import * as V from '../plain/kura-plain-v2.mjs';
import * as R from '../plain/ristretto-v2.mjs';
import { index, readVector, VECTORS } from './vectors.js';

// biome-ignore lint/suspicious/noExplicitAny: vector JSON
type Json = any;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const pt = (p: unknown): string => hex(R.encode(p));
const sc = (s: bigint): string => hex(R.encodeScalar(s));
const v2: Json = (index as Json).v2;

function rebuild(v: Json) {
  return V.buildTreeV2({
    masterSecret: v.masterSecret,
    round: v.round,
    assets: v.assets,
    users: v.users.map((u: Json) => ({ uid: u.uid, balances: u.balances })),
    placement: v.placement,
    height: v.height,
  });
}

describe('v2 positive vectors: the plain implementation re-derives every value', () => {
  for (const e of v2.positive) {
    const v = readVector<Json>(e.file);
    it(`${e.file}: every intermediate value, node, pad, the root and the root file`, () => {
      const t = rebuild(v);
      expect(hex(t.roundId)).toBe(v.roundId);
      expect(hex(t.assetSetHash)).toBe(v.assetSetHash);
      expect(hex(t.roundKey)).toBe(v.roundKey);
      expect(t.height).toBe(v.height);
      expect(pt(V.H)).toBe(v.generators.H);
      expect(hex(V.generatorsId(64))).toBe(v.generators.generatorsId64);
      for (const u of v.users) {
        const r = t.rows.find((x: Json) => x.uid === u.uid);
        expect(r.values.map(String), u.uid).toEqual(u.treeValues);
        expect(hex(r.uidHash), u.uid).toBe(u.uidHash);
        expect(hex(r.nonce), u.uid).toBe(u.nonce);
        expect(hex(r.orderKey), u.uid).toBe(u.orderKey);
        expect(r.rank, u.uid).toBe(u.rank);
        expect(r.position, u.uid).toBe(u.position);
        expect(r.blindings.map(sc), u.uid).toEqual(u.leafBlindings);
        expect(r.commitments.map(pt), u.uid).toEqual(u.leafCommitments);
        expect(hex(r.leafHash), u.uid).toBe(u.leafHash);
      }
      expect(t.levels.length).toBe(v.nonEmptyNodesByLevel.length);
      v.nonEmptyNodesByLevel.forEach((nodes: Json[], l: number) => {
        expect(t.levels[l].size, `level ${l}`).toBe(nodes.length);
        for (const n of nodes) {
          const m = t.levels[l].get(n.index);
          expect(hex(m.hash), `node ${l},${n.index}`).toBe(n.hash);
          expect(m.commitments.map(pt)).toEqual(n.commitments);
          expect(m.values.map(String)).toEqual(n.values);
          expect(m.blindings.map(sc)).toEqual(n.blindings);
        }
      });
      const pads = [...t.pads.values()].map((p: Json) => ({
        level: p.level,
        index: p.index,
        hash: hex(p.hash),
        commitments: p.commitments.map(pt),
        values: p.values.map(String),
        blindings: p.blindings.map(sc),
      }));
      const key = (p: Json) => `${p.level}:${p.index}`;
      expect(pads.sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(
        [...v.pads].sort((a: Json, b: Json) => (key(a) < key(b) ? -1 : 1))
      );
      expect(hex(t.root.hash)).toBe(v.rootHash);
      expect(t.openings.map((o: Json) => String(o.value))).toEqual(v.totals);
      expect(t.openings.map((o: Json) => sc(o.blinding))).toEqual(v.rootBlindings);
      expect(hex(t.rootCommitment)).toBe(v.rootCommitment);
      expect(t.rootFile()).toEqual(v.rootFile);
      // the input CSV parses back to the same users
      expect(fromCsv(v.csv, v.assets).map((u: Json) => u.balances.map(String))).toEqual(
        v.users.map((u: Json) => u.balances)
      );
    });
    it(`${e.file}: every customer's kura-proof/2 — members re-derived, range proof verified`, () => {
      const t = rebuild(v);
      for (const u of v.users) {
        const p = u.proof;
        const r = t.rows.find((x: Json) => x.uid === u.uid);
        expect(p.version).toBe('kura-proof/2');
        expect(p.position).toBe(r.position);
        expect(p.nonce).toBe(hex(r.nonce));
        expect(p.blindings).toEqual(r.blindings.map((b: bigint) => V.b64(R.encodeScalar(b))));
        expect(p.siblings).toEqual(
          t.siblings(r.position).map((s: Json) => ({
            hash: hex(s.hash),
            commitments: s.commitments.map((c: unknown) => V.b64(R.encode(c))),
          }))
        );
        expect(p.totals).toEqual(v.totals);
        expect(p.rootBlindings).toEqual(v.rootFile.rootBlindings);
        expect(p.rootCommitment).toBe(v.rootCommitment);
        const ok = V.verifyProofV2(JSON.stringify(p), {
          rootCommitment: v.rootCommitment,
          round: v.round,
          assets: v.assets,
        });
        expect(ok, u.uid).toMatchObject({ ok: true, leafHash: u.leafHash, rootHash: v.rootHash });
        expect(ok.treeValues).toEqual(u.treeValues);
      }
    });
  }
});

describe('golden v2 vector: byte-level preimages and the range-proof trace', () => {
  const v = readVector<Json>('v2/positive/dense-golden-3users-2assets-h2.json');
  const p = v.preimages;
  const t = rebuild(v);
  const u0 = v.users.find((u: Json) => u.uid === p.firstUser.uid);
  const r0 = t.rows.find((x: Json) => x.uid === u0.uid);
  const b = (h: string) => Buffer.from(h, 'hex');
  const th = (tag: string, msg: Buffer) => {
    const h = createHash('sha256').update(tag).digest();
    return createHash('sha256').update(h).update(h).update(msg).digest('hex');
  };
  it('every preimage is what the plain implementation hashes, and hashes to the vector value', () => {
    for (const [tag, h] of Object.entries(p.tagHashes))
      expect(createHash('sha256').update(tag).digest('hex')).toBe(h);
    expect(V.assetSetHashV2(v.assets).toString('hex')).toBe(
      th('kura/v2/assets', Buffer.from(p.assetsJcs))
    );
    expect(r0.position).toBe(0);
    const rk = b(v.roundKey);
    expect(createHmac('sha256', rk).update(b(p.firstUser.nonceMsg)).digest('hex')).toBe(u0.nonce);
    const lb = createHmac('sha512', rk).update(b(p.firstUser.leafBlindingMsgAsset0)).digest();
    expect(sc(R.scalarWide(lb))).toBe(u0.leafBlindings[0]);
    expect(p.firstUser.leafMsg).toBe(
      Buffer.concat([r0.uidHash, r0.nonce, ...r0.commitments.map(R.encode)]).toString('hex')
    );
    expect(th('kura/v2/leaf', b(p.firstUser.leafMsg))).toBe(u0.leafHash);
    const pad = t.pads.get('0:3');
    expect(createHmac('sha256', rk).update(b(p.pad_0_3.hashMsg)).digest('hex')).toBe(hex(pad.hash));
    const pb = createHmac('sha512', rk).update(b(p.pad_0_3.blindingMsgAsset0)).digest();
    expect(sc(R.scalarWide(pb))).toBe(p.pad_0_3.blindingAsset0);
    expect(sc(pad.blindings[0])).toBe(p.pad_0_3.blindingAsset0);
    const n10 = t.levels[1].get(0);
    expect(th('kura/v2/node', b(p.node_1_0_Msg))).toBe(hex(n10.hash));
    expect(th('kura/v2/root', b(p.rootMsg))).toBe(v.rootCommitment);
    // the root preimage is 98 + 40k bytes (SPEC.md §16.10)
    expect(b(p.rootMsg).length).toBe(98 + 40 * v.assets.length);
    expect(b(p.firstUser.leafMsg).length).toBe(64 + 32 * v.assets.length);
    expect(b(p.node_1_0_Msg).length).toBe(65 + 64 * v.assets.length);
  });
  it('the plain verifier replays the same Fiat–Shamir challenges y, z, x, w, u_r and δ(y, z)', () => {
    const tr = v.rangeProofTrace;
    const u = v.users.find((x: Json) => x.uid === tr.uid);
    const trace: Json = {};
    const r = V.verifyRangeProof(
      u.proof.siblings.flatMap((s: Json) =>
        s.commitments.map((c: string) => Buffer.from(c, 'base64'))
      ),
      Buffer.from(u.proof.rangeProof, 'base64'),
      {
        roundId: b(v.roundId),
        assetSetHash: b(v.assetSetHash),
        height: v.height,
        position: u.position,
      },
      trace
    );
    expect(r).toEqual({ ok: true });
    expect([trace.y, trace.z, trace.x, trace.w].map(sc)).toEqual([tr.y, tr.z, tr.x, tr.w]);
    expect(trace.u.map(sc)).toEqual(tr.u);
    expect(tr.u).toHaveLength(tr.k);
    expect(sc(trace.delta)).toBe(tr.delta);
  });
});

describe('v2 negative vectors: the plain verifier gives every code and level', () => {
  for (const e of v2.negative) {
    const v = readVector<Json>(e.file);
    it(e.file, () => {
      const input = v.proofText ?? JSON.stringify(v.proof);
      const all = V.verifyProofV2(input, v.expected);
      expect(all.ok).toBe(false);
      expect({ code: all.code, level: all.level ?? null }).toEqual(v.expect);
      const rootOnly = V.verifyProofV2(input, { rootCommitment: v.expected.rootCommitment });
      expect({ code: rootOnly.code, level: rootOnly.level ?? null }).toEqual(
        v.expectRootOnly ?? v.expect
      );
      // the index agrees with the file
      expect(e.code).toBe(v.expect.code);
      expect(e.level).toBe(v.expect.level);
      expect(e.attack).toBe(v.attack);
    });
  }
  it('cover every failure code of SPEC.md §16.8 that a document can reach', () => {
    const codes = new Set(v2.negative.map((e: Json) => e.code));
    for (const c of [
      'BAD_ENCODING',
      'BAD_LENGTH',
      'BAD_POSITION',
      'POINT_INVALID',
      'POINT_IDENTITY',
      'SCALAR_NON_CANONICAL',
      'RANGE_PROOF_MALFORMED',
      'GENERATORS_MISMATCH',
      'RANGE_COUNT_MISMATCH',
      'RANGE_PROOF_FORGED',
      'VALUE_OUT_OF_RANGE',
      'ROOT_OPENING_MISMATCH',
      'ROOT_MISMATCH',
      'ROUND_MISMATCH',
      'ASSET_SET_MISMATCH',
      'SIBLING_EQUALS_CURRENT',
    ])
      expect(codes, c).toContain(c);
  });
});

/**
 * One test per attack row of ATTACKS.md's V block that the v2 negative vectors mount through a
 * `kura-proof/2` document: every vector of that row gives its code and level in the plain verifier.
 */
const ATTACK_TESTS: [string, string][] = [
  [
    'V2-a',
    'V2-a: a negative sibling (ℓ − x) inside a kura-proof/2 is RANGE_PROOF_FORGED at level 0 and level 1',
  ],
  [
    'V2-d',
    'V2-d: a range proof whose transcript binds another position, height, round or asset set is RANGE_PROOF_FORGED',
  ],
  ['V2-e', 'V2-e: a kura-proof/2 without a position is BAD_ENCODING'],
  [
    'V2-f',
    'V2-f: sibling commitments of every RFC 9496 A.2 class, the identity, and invalid range-proof points',
  ],
  [
    'V2-g',
    'V2-g: a range proof naming other generators or another bit width is GENERATORS_MISMATCH',
  ],
  ['V2-h', 'V2-h: a non-reduced scalar (own blinding, root blinding, t̂) is SCALAR_NON_CANONICAL'],
  [
    'V2-i',
    'V2-i: totals, root blindings or an own balance that do not open the root; another root',
  ],
  ['V2-j', 'V2-j: value moved between two children of a v2 node (Maxwell) is ROOT_MISMATCH'],
  ['V2-k', 'V2-k: an own balance or a total of 2^64 tree units is VALUE_OUT_OF_RANGE'],
  ['V2-l', 'V2-l: forged, truncated, empty, unknown-version and mis-counted range proofs'],
  ['V2-m', 'V2-m: a v2 path of the wrong shape (siblings, position, height, direction)'],
  ['V2-n', 'V2-n: a genuine v2 proof of another round or another asset list (treeDecimals)'],
  ['V2-o', 'V2-o: a kura-proof/2 that is not strictly encoded is BAD_ENCODING'],
  [
    'V2-p',
    'V2-p: a sibling equal to the current node (A7, duplicated node) is SIBLING_EQUALS_CURRENT at its level',
  ],
];
describe('v2 attacks mounted as documents (ATTACKS.md, block V)', () => {
  for (const [id, name] of ATTACK_TESTS)
    it(name, () => {
      const list = v2.negative.filter((e: Json) => e.attack === id);
      expect(list.length, id).toBeGreaterThan(0);
      for (const e of list) {
        const v = readVector<Json>(e.file);
        const r = V.verifyProofV2(v.proofText ?? JSON.stringify(v.proof), v.expected);
        expect({ code: r.code, level: r.level ?? null }, e.file).toEqual(v.expect);
      }
    });
  it('every attack id used by a v2 negative vector has its test here', () => {
    const ids = new Set(ATTACK_TESTS.map(([id]) => id));
    for (const e of v2.negative) expect(ids, e.file).toContain(e.attack);
  });
});

describe('v2 build-negative vectors: the plain builder refuses', () => {
  for (const e of v2.negativeBuild) {
    const v = readVector<Json>(e.file);
    it(e.file, () => {
      expect(() =>
        V.buildTreeV2({
          masterSecret: v.masterSecret,
          round: v.round,
          assets: v.assets,
          users: fromCsv(v.csv, v.assets),
          placement: v.placement,
          height: v.height ?? undefined,
        })
      ).toThrow();
    });
  }
});

describe('vectors/index.json (v2)', () => {
  it('lists exactly the files present in v2/positive, v2/negative, v2/negative-build', () => {
    for (const [dir, list] of [
      ['v2/positive', v2.positive],
      ['v2/negative', v2.negative],
      ['v2/negative-build', v2.negativeBuild],
    ] as const) {
      const present = readdirSync(new URL(`${dir}/`, VECTORS))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `${dir}/${f}`)
        .sort();
      expect(list.map((x: Json) => x.file).sort()).toEqual(present);
    }
    for (const f of v2.official)
      expect(readFileSync(new URL(f, VECTORS)).length).toBeGreaterThan(0);
  });
  it('every attack id of a v2 negative vector has a row in ATTACKS.md whose test exists', () => {
    const table = readFileSync(new URL('../ATTACKS.md', import.meta.url), 'utf8');
    const repo = fileURLToPath(new URL('../../', import.meta.url));
    for (const id of new Set(v2.negative.map((x: Json) => x.attack))) {
      const row = table.split('\n').find((l) => new RegExp(`^\\|\\s*${id}\\s*\\|`).test(l));
      expect(row, `${id} row`).toBeDefined();
      const cells = (row as string).split(/\s\|\s/).map((c) => c.trim());
      // a gap row (Kura's code does not reject it yet) explains why instead of citing a test
      if (cells[3] === 'gap') {
        expect((cells[4] ?? '').length, id as string).toBeGreaterThan(60);
        continue;
      }
      const refs = [...(row as string).matchAll(/`([^`]+\.test\.ts)` › `([^`]+)`/g)];
      expect(refs.length, id as string).toBeGreaterThan(0);
      for (const m of refs)
        expect(readFileSync(`${repo}${m[1]}`, 'utf8').includes(m[2] as string), m[2]).toBe(true);
    }
  });
});

describe('the v2 generator', () => {
  it('reproduces the committed v2 files and index entries byte for byte (--check), v1 untouched', () => {
    const script = fileURLToPath(new URL('../scripts/generate-vectors-v2.mjs', import.meta.url));
    expect(() =>
      execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })
    ).not.toThrow();
    const v1 = fileURLToPath(new URL('../scripts/generate-vectors.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [v1, '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 600_000);
});
