/**
 * v2 tree nodes, root commitment and inclusion paths (SPEC.md §16.10, draft): preimages
 * recomputed with node:crypto, a small tree built with pads, honest paths verified, and the
 * attacks the issue names mounted with their exact codes — a negative sibling, totals that do
 * not open the root, a commitment that is not a valid point, a wrong root commitment.
 */
import { createHash, createHmac } from 'node:crypto';
import { bytesToHex, sha256, u8, u64, utf8Raw } from '@kura/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePoint, encodeScalar, mod, ORDER, Point } from './group.js';
import { leafNodeV2, type NodeV2, nodeHashV2, padNodeV2, parentNodeV2 } from './inner.js';
import { commit, leafBlinding, padBlinding } from './pedersen.js';
import { type InclusionV2, proveSiblingsV2, verifyInclusionV2 } from './proof.js';
import { proveUnchecked } from './rangeproof-prove.js';
import { rootCommitmentV2, verifyRootOpening } from './root.js';

const th = (tag: string, ...m: Uint8Array[]) => {
  const t = createHash('sha256').update(utf8Raw(tag)).digest();
  const h = createHash('sha256').update(t).update(t);
  for (const x of m) h.update(x);
  return new Uint8Array(h.digest());
};

const roundKey = sha256(utf8Raw('round key'));
const roundId = sha256(utf8Raw('round'));
const assetSetHash = sha256(utf8Raw('assets'));
const K = 2;
const HGT = 3;

interface BuiltNode extends NodeV2 {
  readonly values: bigint[];
  readonly blindings: bigint[];
}

/**
 * A height-3, 2-asset tree: customers at positions 0 … 4, a level-0 pad at 5 and a level-1 pad
 * over 6–7. `tamper` lets a test give one leaf a "negative" value (ℓ − x in the group).
 */
function buildTree(tamper?: { position: number; values: bigint[] }) {
  const levels: BuiltNode[][] = [[]];
  const customers = [
    [5_000n, 0n],
    [120n, 7n],
    [0n, 0n],
    [2n ** 40n, 3n],
    [1n, 1n],
  ];
  for (let i = 0; i < 5; i++) {
    const uidHash = sha256(u8(i));
    const nonce = sha256(u8(100 + i));
    const values = customers[i]!;
    const leaf = leafNodeV2(roundKey, uidHash, nonce, values);
    if (tamper?.position === i) {
      // the exchange commits to v = ℓ − x without a range check
      const commitments = tamper.values.map((v, a) =>
        Point.BASE.multiplyUnsafe(mod(v)).add(commit(0n, leaf.blindings[a]!))
      );
      const hash = th('kura/v2/leaf', uidHash, nonce, ...commitments.map(encodePoint));
      levels[0]!.push({
        hash,
        commitments,
        values: tamper.values.map(mod),
        blindings: [...leaf.blindings],
      });
    } else levels[0]!.push({ ...leaf, values: [...values], blindings: [...leaf.blindings] });
  }
  const pad = (l: number, i: number): BuiltNode => ({
    ...padNodeV2(roundKey, l, i, K),
    values: [0n, 0n],
    blindings: [0, 1].map((a) => padBlinding(roundKey, l, i, a)),
  });
  levels[0]!.push(pad(0, 5));
  const parent = (l: number, L: BuiltNode, R: BuiltNode): BuiltNode => ({
    ...parentNodeV2(l, L, R),
    values: L.values.map((v, a) => mod(v + R.values[a]!)),
    blindings: L.blindings.map((r, a) => mod(r + R.blindings[a]!)),
  });
  levels[1] = [
    parent(1, levels[0]![0]!, levels[0]![1]!),
    parent(1, levels[0]![2]!, levels[0]![3]!),
    parent(1, levels[0]![4]!, levels[0]![5]!),
    pad(1, 3),
  ];
  levels[2] = [
    parent(2, levels[1]![0]!, levels[1]![1]!),
    parent(2, levels[1]![2]!, levels[1]![3]!),
  ];
  levels[3] = [parent(3, levels[2]![0]!, levels[2]![1]!)];
  const root = levels[3]![0]!;
  const totals = root.values.map((value, a) => ({ value, blinding: root.blindings[a]! }));
  const rootCommitment = rootCommitmentV2(roundId, assetSetHash, HGT, root.hash, totals);
  return { levels, root, totals, rootCommitment, customers };
}

function inclusion(
  tree: ReturnType<typeof buildTree>,
  position: number,
  unchecked = false
): InclusionV2 {
  const sibs: BuiltNode[] = [];
  for (let l = 0; l < HGT; l++) sibs.push(tree.levels[l]![(position >> l) ^ 1]!);
  const ctx = { roundId, assetSetHash, height: HGT, position };
  const rp = unchecked
    ? proveUnchecked(
        sibs.flatMap((s) => s.values),
        sibs.flatMap((s) => s.blindings),
        { ...ctx, position: BigInt(position) }
      )
    : proveSiblingsV2(sibs, ctx);
  const leaf = tree.levels[0]![position]!;
  return {
    roundId,
    assetSetHash,
    height: HGT,
    position,
    uidHash: sha256(u8(position)),
    nonce: sha256(u8(100 + position)),
    values: leaf.values,
    blindings: leaf.blindings,
    siblings: sibs.map((s) => ({ hash: s.hash, commitments: s.commitments.map(encodePoint) })),
    rangeProof: rp.proof,
    totals: tree.totals,
    rootCommitment: tree.rootCommitment,
  };
}

describe('v2 node preimages (independent SHA-256 / HMAC)', () => {
  const a = leafNodeV2(roundKey, sha256(u8(1)), sha256(u8(2)), [10n, 20n]);
  const b = leafNodeV2(roundKey, sha256(u8(3)), sha256(u8(4)), [30n, 40n]);
  it('leaf = TH("kura/v2/leaf", uidHash ‖ nonce ‖ C_1 ‖ … ‖ C_k), C_a under leafBlinding', () => {
    expect(a.blindings).toEqual([0, 1].map((i) => leafBlinding(roundKey, sha256(u8(1)), i)));
    expect(a.commitments[0]!.equals(commit(10n, a.blindings[0]!))).toBe(true);
    expect(bytesToHex(a.hash)).toBe(
      bytesToHex(
        th('kura/v2/leaf', sha256(u8(1)), sha256(u8(2)), ...a.commitments.map(encodePoint))
      )
    );
  });
  it('node = TH("kura/v2/node", u8(l) ‖ hL ‖ hR ‖ CL… ‖ CR…); parent commitments are sums', () => {
    const want = th(
      'kura/v2/node',
      u8(1),
      a.hash,
      b.hash,
      ...a.commitments.map(encodePoint),
      ...b.commitments.map(encodePoint)
    );
    expect(bytesToHex(nodeHashV2(1, a, b))).toBe(bytesToHex(want));
    const p = parentNodeV2(1, a, b);
    expect(p.commitments[1]!.equals(commit(60n, mod(a.blindings[1]! + b.blindings[1]!)))).toBe(
      true
    );
  });
  it('the node hash binds each child commitment, not only their sum (Maxwell)', () => {
    // move value between the children, keeping each parent commitment: hash changes
    const delta = commit(5n, 0n);
    const a2 = { hash: a.hash, commitments: [a.commitments[0]!.add(delta), a.commitments[1]!] };
    const b2 = {
      hash: b.hash,
      commitments: [b.commitments[0]!.subtract(delta), b.commitments[1]!],
    };
    expect(
      parentNodeV2(1, a2, b2).commitments[0]!.equals(parentNodeV2(1, a, b).commitments[0]!)
    ).toBe(true);
    expect(bytesToHex(nodeHashV2(1, a2, b2))).not.toBe(bytesToHex(nodeHashV2(1, a, b)));
    expect(bytesToHex(nodeHashV2(2, a, b))).not.toBe(bytesToHex(nodeHashV2(1, a, b)));
    expect(() => nodeHashV2(0, a, b)).toThrow(/"level"/);
    expect(() => nodeHashV2(1, a, { hash: b.hash, commitments: [b.commitments[0]!] })).toThrow(
      /"right.commitments"/
    );
  });
  it('pad = HMAC(roundKey, "kura/v2/pad" ‖ u8(l) ‖ u64(i)), commitments to 0 under padBlinding', () => {
    const p = padNodeV2(roundKey, 1, 3, 2);
    const want = createHmac('sha256', roundKey)
      .update(utf8Raw('kura/v2/pad'))
      .update(u8(1))
      .update(u64(3))
      .digest();
    expect(bytesToHex(p.hash)).toBe(want.toString('hex'));
    expect(p.commitments[1]!.equals(commit(0n, padBlinding(roundKey, 1, 3, 1)))).toBe(true);
    expect(p.commitments.every((c) => !c.is0())).toBe(true);
  });
  it('root = TH("kura/v2/root", u8(2) ‖ roundId ‖ assetSetHash ‖ u8(HGT) ‖ rootHash ‖ (u64(V) ‖ R)…)', () => {
    const totals = [
      { value: 5n, blinding: 6n },
      { value: 7n, blinding: ORDER - 1n },
    ];
    const want = th(
      'kura/v2/root',
      u8(2),
      roundId,
      assetSetHash,
      u8(3),
      a.hash,
      u64(5n),
      encodeScalar(6n),
      u64(7n),
      encodeScalar(ORDER - 1n)
    );
    expect(bytesToHex(rootCommitmentV2(roundId, assetSetHash, 3, a.hash, totals))).toBe(
      bytesToHex(want)
    );
    expect(() =>
      rootCommitmentV2(roundId, assetSetHash, 3, a.hash, [{ value: -1n, blinding: 0n }])
    ).toThrow(/"totals\[0\].value"/);
  });
});

describe('v2 inclusion paths', () => {
  let tree: ReturnType<typeof buildTree>;
  beforeAll(() => {
    tree = buildTree();
  });
  it("the root opens to the customers' totals", () => {
    expect(tree.totals.map((t) => t.value)).toEqual([5_000n + 120n + 2n ** 40n + 1n, 11n]);
    expect(verifyRootOpening(tree.root.commitments, tree.totals)).toEqual({ ok: true });
  });
  it('honest paths verify (a left leaf, a right leaf beside a pad)', { timeout: 300_000 }, () => {
    for (const p of [1, 4]) {
      const r = verifyInclusionV2(inclusion(tree, p));
      expect(r.ok).toBe(true);
      // the result names the root hash the path reaches
      expect(r.ok && r.rootHash).toEqual(tree.root.hash);
    }
  });
  it('totals that do not open the root: ROOT_OPENING_MISMATCH', { timeout: 300_000 }, () => {
    const inc = inclusion(tree, 0);
    const low = [{ ...tree.totals[0]!, value: tree.totals[0]!.value - 1n }, tree.totals[1]!];
    expect(verifyInclusionV2({ ...inc, totals: low })).toMatchObject({
      code: 'ROOT_OPENING_MISMATCH',
    });
    const blind = [
      tree.totals[0]!,
      { ...tree.totals[1]!, blinding: mod(tree.totals[1]!.blinding + 1n) },
    ];
    expect(verifyInclusionV2({ ...inc, totals: blind })).toMatchObject({
      code: 'ROOT_OPENING_MISMATCH',
    });
    expect(verifyInclusionV2({ ...inc, totals: tree.totals.slice(0, 1) })).toMatchObject({
      code: 'ROOT_OPENING_MISMATCH',
    });
    expect(verifyInclusionV2({ ...inc, rootCommitment: sha256(u8(0)) })).toMatchObject({
      code: 'ROOT_MISMATCH',
    });
  });
  it('a sibling commitment that is not a valid point: POINT_INVALID / POINT_IDENTITY at its level', () => {
    const inc = inclusion(tree, 0);
    const bad = (c: Uint8Array) =>
      inc.siblings.map((s, l) => (l === 1 ? { ...s, commitments: [c, s.commitments[1]!] } : s));
    expect(
      verifyInclusionV2({ ...inc, siblings: bad(new Uint8Array(32).fill(0xff)) })
    ).toMatchObject({
      code: 'POINT_INVALID',
      level: 1,
    });
    expect(verifyInclusionV2({ ...inc, siblings: bad(new Uint8Array(32)) })).toMatchObject({
      code: 'POINT_IDENTITY',
      level: 1,
    });
  });
  it('a negative sibling (the exchange hides −x in a neighbour) is RANGE_PROOF_FORGED', {
    timeout: 300_000,
  }, () => {
    // customer 3 gets ℓ − 1000 (−1000) in asset 0 instead of 2^40: the totals shrink and still open
    const bad = buildTree({ position: 3, values: [ORDER - 1_000n, 3n] });
    expect(verifyRootOpening(bad.root.commitments, bad.totals)).toEqual({ ok: true });
    // customer 2, whose level-0 sibling is the tampered leaf: path, opening and root all match
    const inc = inclusion(bad, 2, true);
    expect(verifyInclusionV2(inc)).toMatchObject({ code: 'RANGE_PROOF_FORGED' });
    // customer 0 sees it inside the level-1 sibling's hidden sum
    expect(verifyInclusionV2(inclusion(bad, 0, true))).toMatchObject({
      code: 'RANGE_PROOF_FORGED',
    });
  });
  it('shape and own-leaf codes', () => {
    const inc = inclusion(tree, 0);
    expect(verifyInclusionV2({ ...inc, siblings: inc.siblings.slice(1) })).toMatchObject({
      code: 'BAD_LENGTH',
    });
    expect(verifyInclusionV2({ ...inc, position: 8 })).toMatchObject({ code: 'BAD_POSITION' });
    expect(verifyInclusionV2({ ...inc, values: [-1n, 0n] })).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
    });
    expect(verifyInclusionV2({ ...inc, blindings: [ORDER, 0n] })).toMatchObject({
      code: 'SCALAR_NON_CANONICAL',
    });
    // a wrong own value changes the leaf commitment: the root no longer opens
    expect(verifyInclusionV2({ ...inc, values: [4_999n, 0n] })).toMatchObject({
      code: 'ROOT_OPENING_MISMATCH',
    });
    // the wrong side at level 0 changes the path
    expect(verifyInclusionV2({ ...inc, position: 1 })).toMatchObject({ code: 'ROOT_MISMATCH' });
    expect(verifyInclusionV2(null as unknown as InclusionV2)).toMatchObject({
      code: 'BAD_ENCODING',
    });
  });
});
