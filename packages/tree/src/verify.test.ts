/**
 * Inclusion-proof verification (protocol v1 §Inclusion proof): every check is exercised by
 * mounting the attack it exists for (reference/attacks.md A1–A15) and asserting the exact code
 * and level. Forged proofs are made internally consistent (their claimed root commitment is
 * recomputed by the attacker) so that only the check under test can catch them.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes, MAX_LEAF } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import {
  assetSetHash,
  buildTree,
  type InclusionProof,
  leafHash,
  nodeHash,
  parseAssets,
  parseRound,
  rootCommitment,
  roundId,
  type TreeNode,
  uidHash,
  verifyProof,
} from './index.js';

const vec = JSON.parse(
  readFileSync(
    new URL(
      '../../../circuits-free-spec/vectors/reference/dense-5users-2assets.json',
      import.meta.url
    ),
    'utf8'
  )
);
const round = parseRound(vec.round);
const assets = parseAssets(vec.assets);
const secret = hexToBytes(vec.masterSecret);
const users = (vec.users as { uid: string; balances: string[] }[]).map((u) => ({
  uid: u.uid,
  balances: u.balances.map(BigInt),
}));
const tree = buildTree({ round, assets, masterSecret: secret, users });
const RC = bytesToHex(tree.rootCommitment);
const H = tree.height;

type Mutable<T> = { -readonly [P in keyof T]: T[P] extends object ? Mutable<T[P]> : T[P] };
type Proof = Mutable<InclusionProof>;

/** A deep copy of alice's (or another user's) honest proof. */
function proofOf(uid = 'alice'): Proof {
  return structuredClone(tree.proof(uid)) as Proof;
}

const U128 = (1n << 128n) - 1n;

/**
 * The attacker's own walk: running nodes at each level 0 … height, with no checks at all and
 * naive u128 arithmetic (sums wrap modulo 2^128, as in attack A3).
 */
function walk(p: Proof): TreeNode[] {
  const uh = uidHash(p.uid);
  let cur: TreeNode = {
    hash: leafHash(uh, hexToBytes(p.nonce), p.balances.map(BigInt)),
    sums: p.balances.map(BigInt),
  };
  const out = [cur];
  for (let l = 0; l < p.siblings.length; l++) {
    const s = {
      hash: hexToBytes(p.siblings[l]!.hash),
      sums: p.siblings[l]!.sums.map((x) => BigInt(x) & U128),
    };
    const right = Math.floor(p.position / 2 ** l) % 2 === 1;
    const sums = cur.sums.map((x, i) => (x + s.sums[i]!) & U128);
    const hash = right ? nodeHash(l + 1, s, cur) : nodeHash(l + 1, cur, s);
    cur = { hash, sums };
    out.push(cur);
  }
  return out;
}

/** Make the proof internally consistent: recompute and claim its root commitment. */
function reroot(p: Proof): string {
  const top = walk(p).at(-1)!;
  p.rootCommitment = bytesToHex(
    rootCommitment(
      roundId(parseRound(p.round)),
      assetSetHash(parseAssets(p.assets)),
      p.height,
      top.hash,
      top.sums
    )
  );
  return p.rootCommitment;
}

describe('honest proofs', () => {
  it('every user of the vector tree verifies, with and without the expected round/assets', () => {
    for (const u of users) {
      expect(verifyProof(tree.proof(u.uid), { rootCommitment: RC })).toMatchObject({ ok: true });
      expect(verifyProof(tree.proof(u.uid), { rootCommitment: RC, round, assets })).toMatchObject({
        ok: true,
        uid: u.uid,
        totals: vec.rootSums,
      });
    }
  });
  it('ROOT_MISMATCH carries no level (the whole path is at fault)', () => {
    const p = proofOf();
    p.balances[0] = '1';
    const r = verifyProof(p, { rootCommitment: RC });
    expect(r).toMatchObject({ ok: false, code: 'ROOT_MISMATCH' });
    expect('level' in r).toBe(false);
  });
  it('a JSON round trip does not change the result', () => {
    const p = JSON.parse(JSON.stringify(tree.proof('bob')));
    expect(verifyProof(p, { rootCommitment: RC }).ok).toBe(true);
  });
});

describe('A1 Maxwell split-sum forgery', () => {
  // alice:5, bob:10 — the cheater under-reports bob and publishes a total of 10.
  const a = [parseAssets([{ symbol: 'BTC', decimals: 8 }])][0]!;
  const t = buildTree({
    round,
    assets: a,
    masterSecret: secret,
    users: [
      { uid: 'alice', balances: [5n] },
      { uid: 'bob', balances: [10n] },
    ],
  });
  const leafOf = (uid: string) => t.leaves.find((l) => l.uid === uid)!;
  const al = leafOf('alice');
  const bo = leafOf('bob');
  const place = (x: TreeNode, xPos: number, y: TreeNode) =>
    xPos === 0 ? nodeHash(1, x, y) : nodeHash(1, y, x);
  // R* = node(h_alice,[5] ; h_bob,[5]) — bob's leaf carries 10 but is committed with 5.
  const rStar = place({ hash: al.leafHash, sums: [5n] }, al.position, {
    hash: bo.leafHash,
    sums: [5n],
  });
  const cStar = bytesToHex(rootCommitment(roundId(round), assetSetHash(a), 1, rStar, [10n]));

  it('alice (whose sum is honest) cannot tell — her proof verifies against R*', () => {
    const p = t.proof('alice') as Proof;
    p.siblings[0] = { hash: bytesToHex(bo.leafHash), sums: ['5'] };
    p.rootCommitment = cStar;
    expect(verifyProof(p, { rootCommitment: cStar })).toMatchObject({ ok: true, totals: ['10'] });
  });

  it('bob is caught for every sibling value v he could be given: ROOT_MISMATCH', () => {
    for (const v of [0n, 1n, 5n, 10n, 15n, 1234567n]) {
      const p = t.proof('bob') as Proof;
      p.siblings[0] = { hash: bytesToHex(al.leafHash), sums: [v.toString()] };
      p.rootCommitment = cStar;
      expect(verifyProof(p, { rootCommitment: cStar })).toMatchObject({
        ok: false,
        code: 'ROOT_MISMATCH',
      });
    }
  });

  it('the node hash binds each child sum, not only their total (no sum-only variant)', () => {
    const x = { hash: al.leafHash, sums: [5n] };
    const y = { hash: bo.leafHash, sums: [5n] };
    const base = bytesToHex(nodeHash(1, x, y));
    expect(bytesToHex(nodeHash(1, { ...x, sums: [0n] }, { ...y, sums: [10n] }))).not.toBe(base);
    expect(bytesToHex(nodeHash(1, { ...x, sums: [10n] }, { ...y, sums: [0n] }))).not.toBe(base);
  });

  it('A1-c: zeroing a node child sum changes the node hash and the proof fails', () => {
    const p = proofOf('alice');
    p.siblings[1]!.sums = p.siblings[1]!.sums.map(() => '0');
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
});

describe('A2/A3/A4 sums: range and encoding', () => {
  const P128 = (1n << 128n) - 3n;
  const BN254 = 21888242871839275222246405745257275088548364400416034343698204186575808495617n - 3n;

  it('A3-a: sibling sum 2^128−3 (wraps to a small value in u128) → SUM_RANGE at level 0', () => {
    const p = proofOf();
    p.siblings[0]!.sums[0] = P128.toString();
    const c = reroot(p);
    expect(verifyProof(p, { rootCommitment: c })).toMatchObject({
      ok: false,
      code: 'SUM_RANGE',
      level: 0,
    });
  });

  it('A3-b: sibling sum p_BN254 − 3 (field wrap) → SUM_RANGE at level 0', () => {
    const p = proofOf();
    p.siblings[0]!.sums[1] = BN254.toString();
    const c = reroot(p);
    expect(verifyProof(p, { rootCommitment: c })).toMatchObject({
      ok: false,
      code: 'SUM_RANGE',
      level: 0,
    });
  });

  it('A3-c: at every level l a sibling sum of MAX_LEAF·2^l + 1 → SUM_RANGE at level l', () => {
    for (let l = 0; l < H; l++) {
      for (let i = 0; i < assets.length; i++) {
        const p = proofOf();
        p.siblings[l]!.sums[i] = ((MAX_LEAF << BigInt(l)) + 1n).toString();
        const c = reroot(p);
        expect(verifyProof(p, { rootCommitment: c })).toMatchObject({
          ok: false,
          code: 'SUM_RANGE',
          level: l,
        });
      }
    }
  });

  it('the bound MAX_LEAF·2^l itself is allowed (the forged but consistent proof verifies)', () => {
    for (let l = 0; l < H; l++) {
      const p = proofOf();
      p.siblings[l]!.sums[0] = (MAX_LEAF << BigInt(l)).toString();
      const c = reroot(p);
      expect(verifyProof(p, { rootCommitment: c }).ok).toBe(true);
    }
  });

  it("the customer's own balance above 2^96−1 → SUM_RANGE at level 0", () => {
    const p = proofOf();
    p.balances[0] = (MAX_LEAF + 1n).toString();
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'SUM_RANGE',
      level: 0,
    });
  });

  it('A2/A4-c: signs, exponents, hex, leading zeros, spaces, numbers → BAD_ENCODING', () => {
    for (const bad of ['-500', '-0', '1e3', '0x3e8', '01000', ' 1000', '1000 ', '1.0', '', '+1']) {
      const p = proofOf();
      p.siblings[0]!.sums[0] = bad;
      expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
        ok: false,
        code: 'BAD_ENCODING',
      });
      const q = proofOf();
      q.balances[0] = bad;
      expect(verifyProof(q, { rootCommitment: RC })).toMatchObject({
        ok: false,
        code: 'BAD_ENCODING',
      });
    }
    const p = proofOf() as unknown as { balances: unknown[] };
    p.balances[0] = 5000000;
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'BAD_ENCODING',
    });
  });

  it('A12-b: the wrong number of balances or sums → BAD_ENCODING', () => {
    const p = proofOf();
    p.balances.pop();
    expect(verifyProof(p, { rootCommitment: RC }).ok).toBe(false);
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({ code: 'BAD_ENCODING' });
    const q = proofOf();
    q.siblings[1]!.sums.push('0');
    expect(verifyProof(q, { rootCommitment: RC })).toMatchObject({ code: 'BAD_ENCODING' });
  });
});

describe('A5/A6/A15 path length and position', () => {
  it('path too short → BAD_LENGTH', () => {
    const p = proofOf();
    p.siblings.pop();
    const c = reroot(p);
    expect(verifyProof(p, { rootCommitment: c })).toMatchObject({ ok: false, code: 'BAD_LENGTH' });
  });
  it('A6-a: path too long → BAD_LENGTH', () => {
    const p = proofOf();
    p.siblings.push({ hash: 'ab'.repeat(32), sums: ['0', '0'] });
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({ ok: false, code: 'BAD_LENGTH' });
  });
  it('A15-a: an empty path → BAD_LENGTH', () => {
    const p = proofOf();
    p.siblings = [];
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({ ok: false, code: 'BAD_LENGTH' });
  });
  it('A6-b: position 2^H → BAD_POSITION; so is any larger safe integer', () => {
    for (const pos of [2 ** H, 2 ** H + 1, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      const p = proofOf();
      p.position = pos;
      const c = reroot(p);
      expect(verifyProof(p, { rootCommitment: c })).toMatchObject({
        ok: false,
        code: 'BAD_POSITION',
      });
    }
  });
  it('a negative, fractional or unsafe position → BAD_ENCODING', () => {
    for (const pos of [-1, 1.5, 2 ** 53, Number.NaN]) {
      const p = proofOf();
      p.position = pos;
      expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
        ok: false,
        code: 'BAD_ENCODING',
      });
    }
  });
  it('A5-a: an inner node offered as the leaf with a path one level shorter → BAD_LENGTH', () => {
    // The attacker keeps the height and presents node (1, pos>>1) as if it were the leaf.
    const p = proofOf();
    p.siblings = p.siblings.slice(1);
    p.position = Math.floor(p.position / 2);
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({ ok: false, code: 'BAD_LENGTH' });
  });
  it('A5/A6: the same with the height lowered to match → ROOT_MISMATCH (height and level are committed)', () => {
    const p = proofOf();
    p.siblings = p.siblings.slice(1);
    p.position = Math.floor(p.position / 2);
    p.height = H - 1;
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
  it('a leaf presented as an inner node (a user leaf as the level-1 sibling) → ROOT_MISMATCH', () => {
    const p = proofOf('alice');
    const other = tree.leaves.find((l) => l.uid === 'carol')!;
    p.siblings[1] = { hash: bytesToHex(other.leafHash), sums: other.balances.map(String) };
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
  it('A15-d: a proof for a pad position (no user there) → ROOT_MISMATCH', () => {
    const p = proofOf();
    p.position = 7; // 5 users: positions 5 … 7 are empty
    p.siblings[0] = { hash: bytesToHex(tree.node(0, 6).hash), sums: ['0', '0'] };
    p.siblings[1] = {
      hash: bytesToHex(tree.node(1, 2).hash),
      sums: tree.node(1, 2).sums.map(String),
    };
    p.siblings[2] = {
      hash: bytesToHex(tree.node(2, 0).hash),
      sums: tree.node(2, 0).sums.map(String),
    };
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
});

describe('A6-c/A7 order and duplication', () => {
  it('sibling order swapped → ROOT_MISMATCH', () => {
    const p = proofOf();
    [p.siblings[0], p.siblings[1]] = [p.siblings[1]!, p.siblings[0]!];
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
  it('A6-c: direction flipped (position with bit l toggled) → ROOT_MISMATCH at every level', () => {
    for (let l = 0; l < H; l++) {
      const p = proofOf('bob');
      p.position ^= 1 << l;
      expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
        ok: false,
        code: 'ROOT_MISMATCH',
      });
    }
  });
  it('A7-b: duplicated node (sibling = running node) at every level → SIBLING_EQUALS_CURRENT', () => {
    for (let l = 0; l < H; l++) {
      const p = proofOf();
      const cur = walk(p)[l]!;
      p.siblings[l] = { hash: bytesToHex(cur.hash), sums: cur.sums.map(String) };
      const c = reroot(p);
      expect(verifyProof(p, { rootCommitment: c })).toMatchObject({
        ok: false,
        code: 'SIBLING_EQUALS_CURRENT',
        level: l,
      });
    }
  });
  it('A7-a: root([a,b,c]) ≠ root([a,b,c,c]) — the builder never duplicates', () => {
    const a = parseAssets([{ symbol: 'BTC', decimals: 8 }]);
    const three = buildTree({
      round,
      assets: a,
      masterSecret: secret,
      users: ['a', 'b', 'c'].map((uid) => ({ uid, balances: [1n] })),
    });
    expect(three.height).toBe(2);
    const last = three.levels[0]!.at(-1)!;
    expect(bytesToHex(three.node(0, 3).hash)).not.toBe(bytesToHex(last.hash));
    const sums = three.levels[0]!.map((n) => n.sums[0]);
    expect(three.totals).toEqual([3n]);
    expect(sums.length).toBe(3);
  });
});

describe('A8/A10/A12/A14 binding: round, assets, uid, balances, nonce', () => {
  it('A10-a: a proof of another round against this round → ROUND_MISMATCH', () => {
    const other = buildTree({
      round: { ...round, period: '2026-10' },
      assets,
      masterSecret: secret,
      users,
    });
    const p = other.proof('alice');
    expect(verifyProof(p, { rootCommitment: RC, round, assets })).toMatchObject({
      ok: false,
      code: 'ROUND_MISMATCH',
    });
    // without the expected round it still fails, at the root
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
  it('a proof whose round was edited (and re-rooted) → ROUND_MISMATCH / ROOT_MISMATCH', () => {
    const p = proofOf();
    p.round.snapshotTime = '2026-11-30T15:00:01Z';
    const c = reroot(p);
    expect(verifyProof(p, { rootCommitment: c, round })).toMatchObject({
      ok: false,
      code: 'ROUND_MISMATCH',
    });
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
  it('A12-a: the asset order swapped → ASSET_SET_MISMATCH / ROOT_MISMATCH', () => {
    const p = proofOf();
    p.assets = [p.assets[1]!, p.assets[0]!];
    const c = reroot(p);
    expect(verifyProof(p, { rootCommitment: c, assets })).toMatchObject({
      ok: false,
      code: 'ASSET_SET_MISMATCH',
    });
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
  it('an asset relabelled (decimals changed) → ASSET_SET_MISMATCH', () => {
    const p = proofOf();
    p.assets[0] = { ...p.assets[0]!, decimals: 6 };
    expect(verifyProof(p, { rootCommitment: RC, round, assets })).toMatchObject({
      ok: false,
      code: 'ASSET_SET_MISMATCH',
    });
  });
  it('A14: tampered balance (±1 in each slot) → ROOT_MISMATCH', () => {
    for (let i = 0; i < assets.length; i++)
      for (const d of [1n, -1n]) {
        const p = proofOf('alice');
        p.balances[i] = (BigInt(p.balances[i]!) + d).toString();
        expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
          ok: false,
          code: 'ROOT_MISMATCH',
        });
      }
  });
  it('tampered nonce → ROOT_MISMATCH', () => {
    const p = proofOf();
    p.nonce = (p.nonce[0] === '0' ? '1' : '0') + p.nonce.slice(1);
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
  it("A8-a: dave shown carol's leaf (her nonce, same balance) → ROOT_MISMATCH", () => {
    const a = parseAssets([{ symbol: 'BTC', decimals: 8 }]);
    const t = buildTree({
      round,
      assets: a,
      masterSecret: secret,
      users: [
        { uid: 'carol', balances: [7n] },
        { uid: 'dave', balances: [7n] },
      ],
    });
    const p = t.proof('carol') as Proof;
    p.uid = 'dave';
    expect(verifyProof(p, { rootCommitment: bytesToHex(t.rootCommitment) })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
  it('A8-c: uids sharing their first 32 bytes have different leaves', () => {
    expect(bytesToHex(uidHash(`${'x'.repeat(32)}a`))).not.toBe(
      bytesToHex(uidHash(`${'x'.repeat(32)}b`))
    );
  });
  it('A11-a: internally consistent proof for another root → ROOT_MISMATCH against the attested one', () => {
    const p = proofOf();
    p.siblings[2]!.sums = ['1', '1'];
    const c = reroot(p);
    expect(verifyProof(p, { rootCommitment: c }).ok).toBe(true);
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });
});

describe('the roundId / assetSetHash caches cannot confuse rounds', () => {
  it('rounds whose fields differ only in where a NUL sits stay apart', () => {
    const a = parseAssets([{ symbol: 'BTC', decimals: 8 }]);
    const r1 = { exchange: 'a\u0000b', period: 'c', snapshotTime: round.snapshotTime };
    const r2 = { exchange: 'a', period: 'b\u0000c', snapshotTime: round.snapshotTime };
    const mk = (r: typeof r1) =>
      buildTree({
        round: r,
        assets: a,
        masterSecret: secret,
        users: [{ uid: 'x', balances: [1n] }],
      });
    const [t1, t2] = [mk(r1), mk(r2)];
    for (let i = 0; i < 3; i++) {
      expect(verifyProof(t1.proof('x'), { rootCommitment: bytesToHex(t1.rootCommitment) }).ok).toBe(
        true
      );
      expect(verifyProof(t2.proof('x'), { rootCommitment: bytesToHex(t2.rootCommitment) }).ok).toBe(
        true
      );
      expect(
        verifyProof(t1.proof('x'), { rootCommitment: bytesToHex(t2.rootCommitment), round: r2 })
      ).toMatchObject({ ok: false, code: 'ROUND_MISMATCH' });
      const swapped = { ...t1.proof('x'), round: r2 };
      expect(verifyProof(swapped, { rootCommitment: bytesToHex(t1.rootCommitment) })).toMatchObject(
        {
          ok: false,
          code: 'ROOT_MISMATCH',
        }
      );
    }
  });
});

describe('A9/A15 strict parsing, fail closed', () => {
  it('A9-a: sibling hashes of 8 or 20 bytes, or upper case → BAD_ENCODING', () => {
    for (const hash of ['ab'.repeat(8), 'ab'.repeat(20), 'AB'.repeat(32), `0x${'ab'.repeat(31)}`]) {
      const p = proofOf();
      p.siblings[0]!.hash = hash;
      expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
        ok: false,
        code: 'BAD_ENCODING',
      });
    }
  });
  it('A9-b: an extra "hashAlg" field or another version → BAD_ENCODING', () => {
    const p = { ...proofOf(), hashAlg: 'sha1' };
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'BAD_ENCODING',
    });
    const q = { ...proofOf(), version: 'kura-proof/2' };
    expect(verifyProof(q, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'BAD_ENCODING',
    });
  });
  it('A15-b: any missing field → BAD_ENCODING, never an exception', () => {
    for (const key of Object.keys(proofOf())) {
      const p = proofOf() as unknown as Record<string, unknown>;
      delete p[key];
      expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
        ok: false,
        code: 'BAD_ENCODING',
      });
    }
  });
  it('non-objects, hostile objects and a bad expectation fail closed', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
        get() {
          throw new Error('boom');
        },
      }
    );
    for (const v of [null, undefined, 5, 'proof', [], hostile])
      expect(verifyProof(v, { rootCommitment: RC }).ok).toBe(false);
    // null-prototype objects (what the strict JSON parser returns) are fine
    expect(verifyProof({ ...proofOf(), __proto__: null }, { rootCommitment: RC }).ok).toBe(true);
    const p = proofOf();
    expect(verifyProof(p, { rootCommitment: RC.toUpperCase() })).toMatchObject({
      code: 'BAD_ENCODING',
    });
    expect(verifyProof(p, null as never)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
    expect(verifyProof(p, hostile as never)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
    expect(verifyProof(p, { rootCommitment: RC, round: { exchange: 1 } as never })).toMatchObject({
      code: 'BAD_ENCODING',
    });
  });
  it('a uid with a lone surrogate → BAD_ENCODING', () => {
    const p = proofOf();
    p.uid = 'al\ud800ice';
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({
      ok: false,
      code: 'BAD_ENCODING',
    });
  });
});

describe('check order', () => {
  it('BAD_ENCODING before BAD_LENGTH; BAD_LENGTH before BAD_POSITION', () => {
    const p = proofOf();
    p.siblings.pop();
    p.nonce = 'zz';
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({ code: 'BAD_ENCODING' });
    const q = proofOf();
    q.siblings.pop();
    q.position = 2 ** H;
    expect(verifyProof(q, { rootCommitment: RC })).toMatchObject({ code: 'BAD_LENGTH' });
  });
  it('ROUND_MISMATCH before BAD_LENGTH; the lowest failing level wins in step 3', () => {
    const p = proofOf();
    p.round.period = '2026-12';
    p.siblings.pop();
    expect(verifyProof(p, { rootCommitment: RC, round })).toMatchObject({ code: 'ROUND_MISMATCH' });
    const q = proofOf();
    q.siblings[2]!.sums[0] = ((MAX_LEAF << 2n) + 1n).toString();
    const cur = walk(q)[1]!;
    q.siblings[1] = { hash: bytesToHex(cur.hash), sums: cur.sums.map(String) };
    expect(verifyProof(q, { rootCommitment: RC })).toMatchObject({
      code: 'SIBLING_EQUALS_CURRENT',
      level: 1,
    });
  });
  it('own balance out of range (SUM_RANGE, level 0) is found before BAD_LENGTH', () => {
    const p = proofOf();
    p.balances[1] = (1n << 96n).toString();
    p.siblings = [];
    expect(verifyProof(p, { rootCommitment: RC })).toMatchObject({ code: 'SUM_RANGE', level: 0 });
  });
});
