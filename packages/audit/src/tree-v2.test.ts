/**
 * The auditor's v2 tree check: a genuine publication passes; each attack on it — a commitment
 * that does not match the export, totals that do not open the root, a root file or attestation
 * that disagree, a forged or foreign proof — is found with its code (circuits-free-spec/ATTACKS.md
 * AUD-V2-*).
 */
import { base64ToBytes, bytesToBase64, bytesToHex } from '@kura/codec';
import { buildTreeV2, type CustomerV2, makeRootFileV2 } from '@kura/tree';
import { describe, expect, it } from 'vitest';
import { auditTreeV2, memoryAuditorTree, type TreeV2AuditInput } from './tree-v2.js';

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
const customers: CustomerV2[] = [
  { uid: 'alice', balances: [5_000_000n, 1_000_000_000_000_000_001n] },
  { uid: 'bob', balances: [10n, 2n] },
  { uid: 'carol', balances: [123n, 0n] },
  { uid: 'dave', balances: [0n, 7_000_000_000n] },
  { uid: 'erin', balances: [42n, 42n] },
];
const auditor = buildTreeV2(round, assets, customers, secret);

/** The auditor's view of a publication. */
function audit(over: Partial<TreeV2AuditInput> = {}) {
  return auditTreeV2({
    root: JSON.parse(JSON.stringify(auditor.rootFile())),
    attestedRootCommitment: bytesToHex(auditor.rootCommitment),
    tree: memoryAuditorTree(auditor),
    ...over,
  });
}
const codes = (r: ReturnType<typeof audit>) => r.findings.map((f) => f.code);

describe('auditTreeV2', () => {
  it('a genuine publication and its proofs pass', () => {
    const r = audit({ proofs: [{ source: 'sample', doc: auditor.proof('carol') }] });
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.proofsChecked).toBe(1);
    expect(r.recomputed.totals).toEqual(auditor.totals.map(String));
  });

  it('AUD-V2-1 a commitment that does not match the export (totals kept): ROOT_HASH_MISMATCH, and the proofs name the level', () => {
    // the exchange moves one satoshi from alice to bob: the totals and the root opening agree,
    // the commitments of two leaves (and every node above them) do not
    const cooked = customers.map((c) =>
      c.uid === 'alice'
        ? { ...c, balances: [c.balances[0]! - 1n, c.balances[1]!] }
        : c.uid === 'bob'
          ? { ...c, balances: [c.balances[0]! + 1n, c.balances[1]!] }
          : c
    );
    const exch = buildTreeV2(round, assets, cooked, secret);
    const r = audit({
      root: exch.rootFile(),
      attestedRootCommitment: bytesToHex(exch.rootCommitment),
      proofs: [
        { source: 'proofs/carol.json', doc: exch.proof('carol') },
        { source: 'proofs/alice.json', doc: exch.proof('alice') },
      ],
    });
    expect(r.ok).toBe(false);
    expect(codes(r)).toContain('ROOT_HASH_MISMATCH');
    expect(codes(r)).not.toContain('TOTALS_MISMATCH');
    expect(codes(r)).not.toContain('ROOT_OPENING_MISMATCH');
    const carol = r.findings.find((f) => f.uid === 'carol');
    expect(carol).toMatchObject({ code: 'PROOF_COMMITMENT_MISMATCH' });
    // the first sibling on carol's path whose subtree holds alice or bob
    const pos = (u: string) => auditor.positions.get(u)!;
    const covers = (l: number, leaf: number) => leaf >> l === ((pos('carol') >> l) ^ 1);
    let want = -1;
    for (let l = 0; l < auditor.height && want < 0; l++)
      if (covers(l, pos('alice')) || covers(l, pos('bob'))) want = l;
    expect(carol?.level).toBe(want);
    expect(r.findings.find((f) => f.uid === 'alice')?.code).toBe('PROOF_BALANCES_MISMATCH');
  });

  it('AUD-V2-2 totals that do not open the root: ROOT_OPENING_MISMATCH (root file and attestation consistent)', () => {
    // the exchange states a smaller BTC total and signs a root commitment over it
    const t = auditor.totals.map((v, a) => (a === 0 ? v - 1000n : v));
    const forged = makeRootFileV2({
      round,
      assets,
      placement: auditor.placement,
      height: auditor.height,
      rootHash: auditor.rootHash,
      totals: t,
      rootBlindings: auditor.rootBlindings,
    });
    const r = audit({ root: forged, attestedRootCommitment: forged.rootCommitment });
    expect(codes(r)).toEqual(['ROOT_OPENING_MISMATCH', 'TOTALS_MISMATCH']);
  });

  it('AUD-V2-3 a root file whose totals were edited after the fact: ROOT_FILE_INVALID', () => {
    const root = JSON.parse(JSON.stringify(auditor.rootFile()));
    root.totals[0] = String(BigInt(root.totals[0]) - 1n);
    const r = audit({ root });
    expect(codes(r)).toEqual(['ROOT_FILE_INVALID']);
    expect(r.findings[0]!.message).toMatch(/rootCommitment/);
  });

  it('AUD-V2-4 an attestation over another root commitment: ATTESTATION_ROOT_MISMATCH', () => {
    expect(codes(audit({ attestedRootCommitment: 'ab'.repeat(32) }))).toEqual([
      'ATTESTATION_ROOT_MISMATCH',
    ]);
  });

  it('AUD-V2-5 a forged range proof in a published proof: PROOF_INVALID (RANGE_PROOF_FORGED)', () => {
    const doc = JSON.parse(JSON.stringify(auditor.proof('dave')));
    const rp = base64ToBytes(doc.rangeProof);
    rp[rp.length - 40]! ^= 1;
    doc.rangeProof = bytesToBase64(rp);
    const r = audit({ proofs: [{ source: 'proofs/dave.json', doc }] });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: 'PROOF_INVALID' });
    expect(['RANGE_PROOF_FORGED', 'SCALAR_NON_CANONICAL']).toContain(r.findings[0]!.cause);
  });

  it('AUD-V2-6 a tree of another shape (height): TREE_SHAPE_MISMATCH and ROOT_HASH_MISMATCH', () => {
    const exch = buildTreeV2(round, assets, customers, secret, { height: auditor.height + 1 });
    const r = audit({
      root: exch.rootFile(),
      attestedRootCommitment: bytesToHex(exch.rootCommitment),
    });
    expect(codes(r)).toContain('TREE_SHAPE_MISMATCH');
    expect(codes(r)).toContain('ROOT_HASH_MISMATCH');
  });

  it('never throws on garbage', () => {
    expect(codes(audit({ root: null }))).toEqual(['ROOT_FILE_INVALID']);
    expect(codes(audit({ proofs: [{ source: 'x', doc: 42 }] }))).toEqual(['PROOF_INVALID']);
  });
});
