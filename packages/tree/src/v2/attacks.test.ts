/**
 * Protocol v2 attacks mounted through the one document verifier (verifyProofDocumentV2), each
 * asserting its exact code (circuits-free-spec/ATTACKS.md, block V2-D*): a forged range proof, a
 * commitment that is not a valid point (or the identity), a negative hidden sibling, a range proof
 * under other generators, a range proof whose transcript does not carry this position, totals
 * that do not open the root, a sibling amount in the clear, an understated own balance.
 */
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes } from '@kura/codec';
import {
  commit,
  encodePoint,
  fastEngine,
  leafFromOpeningV2,
  leafNonceV2,
  nodeHashV2,
  ORDER,
  proveSiblingsV2,
  rootCommitmentV2,
} from '@kura/confidential';
import { describe, expect, it } from 'vitest';
// the test-only prover that ignores the range (how an exchange would prove a negative value)
import { proveUnchecked } from '../../../confidential/src/rangeproof-prove.js';
import { uidHash } from '../leaf.js';
import { deriveRoundKey, roundId } from '../round.js';
import { siblingIndex } from '../tree.js';
import { assetSetHashV2, parseAssetsV2 } from './assets.js';
import { formatProofV2, type InclusionProofV2 } from './proof.js';
import { buildTreeV2 } from './tree.js';
import { verifyProofDocumentV2 } from './verify.js';

const round = { exchange: 'ex', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' };
const assets = parseAssetsV2([
  { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
  { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
]);
const secret = new Uint8Array(32).fill(3);
const tree = buildTreeV2(
  round,
  assets,
  [
    { uid: 'alice', balances: [500n, 7_000_000_000n] },
    { uid: 'bob', balances: [20n, 1n] },
    { uid: 'carol', balances: [3n, 0n] },
  ],
  secret
);
const root = tree.rootFile();
const proof = tree.proof('alice');
const RC = root.rootCommitment;
const code = (doc: unknown) => verifyProofDocumentV2(doc, RC);

describe('protocol v2 attacks on kura-proof/2', () => {
  it('the genuine proof verifies', () => {
    expect(code(proof)).toMatchObject({ ok: true });
  });

  it('V2-D1 a forged range proof (one byte of τx changed): RANGE_PROOF_FORGED', () => {
    const rp = base64ToBytes(proof.rangeProof);
    rp[200]! ^= 1;
    const forged = { ...proof, rangeProof: bytesToBase64(rp) };
    expect(code(forged)).toMatchObject({ ok: false, code: 'RANGE_PROOF_FORGED' });
    // the same with the fast engine; the genuine proof passes with it
    expect(verifyProofDocumentV2(forged, RC, { engine: fastEngine })).toMatchObject({
      ok: false,
      code: 'RANGE_PROOF_FORGED',
    });
    expect(verifyProofDocumentV2(proof, RC, { engine: fastEngine })).toMatchObject({ ok: true });
  });

  it('V2-D2 a sibling commitment that is not a valid point, or the identity: POINT_INVALID / POINT_IDENTITY at its level', () => {
    const bad = (enc: Uint8Array): InclusionProofV2 => ({
      ...proof,
      siblings: proof.siblings.map((s, l) =>
        l === 1 ? { ...s, commitments: [bytesToBase64(enc), s.commitments[1]!] } : s
      ),
    });
    // 2^255 − 1 is no canonical field element; 32 zero bytes encode the identity
    expect(code(bad(new Uint8Array(32).fill(0xff).fill(0x7f, 31)))).toMatchObject({
      ok: false,
      code: 'POINT_INVALID',
      level: 1,
    });
    expect(code(bad(new Uint8Array(32)))).toMatchObject({
      ok: false,
      code: 'POINT_IDENTITY',
      level: 1,
    });
  });

  it('V2-D3 a negative hidden sibling (ℓ − x), totals and root consistent: RANGE_PROOF_FORGED', () => {
    // a height-1 tree: alice beside a sibling that commits to −400 satoshi (ℓ − 400)
    const rid = roundId(round);
    const ash = assetSetHashV2(assets);
    const rk = deriveRoundKey(secret, rid);
    const uh = uidHash('alice');
    const nonce = leafNonceV2(rk, uh);
    const own = [500n, 7n]; // tree units (7 gwei)
    const ownR = [11n, 12n];
    const sibV = [ORDER - 400n, 0n];
    const sibR = [21n, 22n];
    const leaf = leafFromOpeningV2(uh, nonce, own, ownR);
    const sib = {
      hash: new Uint8Array(32).fill(9),
      // −400·G + r·H: the group element of value ℓ − 400
      commitments: [commit(0n, sibR[0]!).add(commit(400n, 0n).negate()), commit(0n, sibR[1]!)],
    };
    const rootHash = nodeHashV2(1, leaf, sib);
    const totals = [100n, 7n]; // 500 − 400: the exchange states less than alice holds
    const rootR = [32n, 34n];
    const rc = rootCommitmentV2(rid, ash, 1, rootHash, [
      { value: totals[0]!, blinding: rootR[0]! },
      { value: totals[1]!, blinding: rootR[1]! },
    ]);
    const rp = proveUnchecked(sibV, sibR, {
      roundId: rid,
      assetSetHash: ash,
      height: 1,
      position: 0n,
    });
    const doc = formatProofV2({
      round,
      assets,
      height: 1,
      position: 0,
      uid: 'alice',
      nonce,
      balances: [500n, 7_000_000_000n],
      blindings: ownR,
      siblings: [{ hash: sib.hash, commitments: sib.commitments.map(encodePoint) }],
      totals,
      rootBlindings: rootR,
      rangeProof: rp.proof,
      rootCommitment: rc,
    });
    expect(verifyProofDocumentV2(doc, doc.rootCommitment)).toMatchObject({
      ok: false,
      code: 'RANGE_PROOF_FORGED',
    });
  });

  it('V2-D4 a range proof under other generators (generatorsId changed): GENERATORS_MISMATCH', () => {
    const rp = base64ToBytes(proof.rangeProof);
    rp[4]! ^= 0x80;
    expect(code({ ...proof, rangeProof: bytesToBase64(rp) })).toMatchObject({
      ok: false,
      code: 'GENERATORS_MISMATCH',
    });
  });

  it("V2-D5 a range proof whose transcript does not carry the customer's position: RANGE_PROOF_FORGED", () => {
    const pos = proof.position;
    const sibs = Array.from({ length: tree.height }, (_, l) => tree.node(l, siblingIndex(pos, l)));
    const ctx = { roundId: tree.roundId, assetSetHash: tree.assetSetHash, height: tree.height };
    // the same siblings, proved for another position (what a transcript without it would allow)
    const other = proveSiblingsV2(sibs, { ...ctx, position: pos ^ 1 });
    expect(code({ ...proof, rangeProof: bytesToBase64(other.proof) })).toMatchObject({
      ok: false,
      code: 'RANGE_PROOF_FORGED',
    });
    // control: proved for this position it passes
    const same = proveSiblingsV2(sibs, { ...ctx, position: pos });
    expect(code({ ...proof, rangeProof: bytesToBase64(same.proof) })).toMatchObject({ ok: true });
  });

  it('V2-D6 totals (or a root blinding) that do not open the root: ROOT_OPENING_MISMATCH', () => {
    const up = { ...proof, totals: [String(BigInt(proof.totals[0]!) + 1n), proof.totals[1]!] };
    expect(code(up)).toMatchObject({ ok: false, code: 'ROOT_OPENING_MISMATCH' });
    const rb = { ...proof, rootBlindings: [proof.rootBlindings[1]!, proof.rootBlindings[0]!] };
    expect(code(rb)).toMatchObject({ ok: false, code: 'ROOT_OPENING_MISMATCH' });
  });

  it('V2-D7 a sibling amount in the clear, or an unknown member: BAD_ENCODING', () => {
    const withSums = {
      ...proof,
      siblings: proof.siblings.map((s) => ({ ...s, sums: ['1', '2'] })),
    };
    expect(code(withSums)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
  });

  it('V2-D8 an understated own balance, or a balance whose tree value is 2^64: ROOT_OPENING_MISMATCH / VALUE_OUT_OF_RANGE', () => {
    expect(code({ ...proof, balances: ['499', proof.balances[1]!] })).toMatchObject({
      ok: false,
      code: 'ROOT_OPENING_MISMATCH',
    });
    expect(code({ ...proof, balances: [String(2n ** 64n), proof.balances[1]!] })).toMatchObject({
      ok: false,
      code: 'VALUE_OUT_OF_RANGE',
      level: 0,
    });
  });

  it('V2-D9 a proof checked against another tree’s root commitment: ROOT_MISMATCH', () => {
    expect(verifyProofDocumentV2(proof, hexToBytes('ab'.repeat(32)))).toMatchObject({
      ok: false,
      code: 'ROOT_MISMATCH',
    });
  });

  it("V2-D12 a duplicated node (A7): the customer's own leaf presented as its level-0 sibling: SIBLING_EQUALS_CURRENT", () => {
    const rk = deriveRoundKey(secret, roundId(round));
    const uh = uidHash('alice');
    const own = leafFromOpeningV2(
      uh,
      leafNonceV2(rk, uh),
      [500n, 7n],
      proof.blindings.map((b) => {
        const x = base64ToBytes(b);
        let v = 0n;
        for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(x[i]!);
        return v;
      })
    );
    const dup = {
      ...proof,
      siblings: [
        {
          hash: bytesToHex(own.hash),
          commitments: own.commitments.map((c) => bytesToBase64(encodePoint(c))),
        },
        ...proof.siblings.slice(1),
      ],
    };
    expect(code(dup)).toMatchObject({ ok: false, code: 'SIBLING_EQUALS_CURRENT', level: 0 });
  });

  it('V2-D13 a commitment of 31 bytes spelled in 44 base64 characters: BAD_ENCODING', () => {
    const short = bytesToBase64(new Uint8Array(31).fill(1));
    expect(short).toHaveLength(44);
    const doc = {
      ...proof,
      siblings: proof.siblings.map((s, l) =>
        l === 0 ? { ...s, commitments: [short, s.commitments[1]!] } : s
      ),
    };
    expect(code(doc)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
  });
});
