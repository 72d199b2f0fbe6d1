/**
 * Property tests of the v2 verifier (fast-check): any single mutation of a genuine
 * `kura-proof/2` — a changed decimal, a flipped character of a hex or base64 field, a removed or
 * added member, a swapped sibling — is rejected with a stable code and never throws; the
 * genuine proof verifies as a value, as JSON text and as bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTreeV2 } from './tree.js';
import { verifyProofDocumentV2 } from './verify.js';

const tree = buildTreeV2(
  { exchange: 'prop', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' },
  [
    { symbol: 'BTC', decimals: 8, treeDecimals: 8 },
    { symbol: 'ETH', decimals: 18, treeDecimals: 9 },
  ],
  [
    { uid: 'a', balances: [10n, 10n ** 9n] },
    { uid: 'b', balances: [0n, 3n] },
    { uid: 'c', balances: [7n, 0n] },
  ],
  new Uint8Array(32).fill(5)
);
const root = tree.rootFile();
const proof = tree.proof('b');
const text = JSON.stringify(proof);

const CODES = new Set([
  'BAD_ENCODING',
  'BAD_LENGTH',
  'BAD_POSITION',
  'VALUE_OUT_OF_RANGE',
  'SCALAR_NON_CANONICAL',
  'POINT_INVALID',
  'POINT_IDENTITY',
  'ROOT_OPENING_MISMATCH',
  'SIBLING_EQUALS_CURRENT',
  'ROOT_MISMATCH',
  'ROUND_MISMATCH',
  'ASSET_SET_MISMATCH',
  'RANGE_PROOF_MALFORMED',
  'GENERATORS_MISMATCH',
  'RANGE_COUNT_MISMATCH',
  'RANGE_PROOF_FORGED',
]);

describe('verifyProofDocumentV2 properties', () => {
  it('the genuine proof verifies as a value, as text and as bytes', () => {
    expect(verifyProofDocumentV2(proof, root).ok).toBe(true);
    expect(verifyProofDocumentV2(text, root.rootCommitment).ok).toBe(true);
    expect(verifyProofDocumentV2(new TextEncoder().encode(text), root).ok).toBe(true);
  });

  it('any one changed character of the JSON text is rejected with a stable code, never thrown', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: text.length - 1 }),
        fc.constantFrom(...'0123456789abcdefABXYZ+/=",:{}[] '),
        (i, ch) => {
          if (text[i] === ch) return;
          const mutated = text.slice(0, i) + ch + text.slice(i + 1);
          const r = verifyProofDocumentV2(mutated, root);
          // the only harmless edits are whitespace-equivalent ones JSON ignores (none here)
          // or a change inside the uid that changes nothing … which is impossible: the leaf binds it
          if (r.ok) expect(JSON.parse(mutated)).toEqual(proof);
          else expect(CODES.has(r.code), r.code).toBe(true);
        }
      ),
      { numRuns: 60 }
    );
  }, 600_000);

  it('structural mutations: a removed or added member, swapped siblings, swapped assets', () => {
    const keys = Object.keys(proof) as (keyof typeof proof)[];
    for (const k of keys) {
      const { [k]: _drop, ...rest } = proof;
      expect(verifyProofDocumentV2(rest, root)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
    }
    const swapped = { ...proof, siblings: [proof.siblings[1]!, proof.siblings[0]!] };
    expect(verifyProofDocumentV2(swapped, root).ok).toBe(false);
    const assetsSwapped = { ...proof, assets: [proof.assets[1]!, proof.assets[0]!] };
    expect(verifyProofDocumentV2(assetsSwapped, root)).toMatchObject({
      ok: false,
      code: 'ASSET_SET_MISMATCH',
    });
    expect(verifyProofDocumentV2(null, root)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
    expect(verifyProofDocumentV2(proof, { nope: 1 })).toMatchObject({
      ok: false,
      code: 'BAD_ENCODING',
    });
    expect(verifyProofDocumentV2(proof, 'zz')).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
  });
});
