/**
 * Adapter to @kura/tree `verifyProofDocumentV2` (SPEC.md §16.13): the one verifier of a
 * `kura-proof/2`, shared with the CLI, `kura serve` and `kura audit`. The page adds no protocol
 * logic: it maps the package's stable codes onto the customer's three proof checks, exactly as
 * `adapters/proof.ts` does for v1, and reads the proof's fields for the ladder.
 *
 * The proof is verified against the attestation's root commitment, round and v2 asset list. Only
 * when that fails is the package asked a second question — does the proof reach the root it
 * claims itself? — to tell a broken proof (leaf or path) from a sound proof of another tree or
 * month (the attestation check).
 * @module
 */
import { bytesToBase64 } from '@kura/codec';
import {
  type AssetV2,
  fromTreeUnits,
  type ParsedProofV2,
  type ProofV2Verified,
  parseProofV2,
  verifyProofDocumentV2,
} from '@kura/tree';
import type { ProofView } from '../model.ts';
import { pass, pathView, proofOutcome } from './outcome.ts';
import type { Expected, ProofOutcome } from './proof.ts';

/**
 * Codes about the customer's own entry: the proof could not be read (`BAD_ENCODING`), or an own
 * balance or leaf blinding is out of range (level 0). Everything else from the path walk, the
 * root opening and the range proof belongs to “adds up step by step to the total in your file”;
 * the round and asset list belong to the comparison with the report.
 */
function checkOf(r: { code: string; level?: number }): 'leaf' | 'path' | 'root' {
  if (r.code === 'ROUND_MISMATCH' || r.code === 'ASSET_SET_MISMATCH') return 'root';
  if (r.code === 'BAD_ENCODING') return 'leaf';
  if ((r.code === 'VALUE_OUT_OF_RANGE' || r.code === 'SCALAR_NON_CANONICAL') && r.level === 0)
    return 'leaf';
  return 'path';
}

/** Range-proof codes: the hidden amounts could not be shown to be between 0 and 2^64 − 1. */
const RANGE_CODES: ReadonlySet<string> = new Set([
  'RANGE_PROOF_MALFORMED',
  'RANGE_PROOF_FORGED',
  'RANGE_COUNT_MISMATCH',
  'GENERATORS_MISMATCH',
  'RANGE_CONTEXT_INVALID',
  'TRANSCRIPT_POSITION_MISSING',
]);

/** The leaf, path and root checks of a `kura-proof/2`; `expected` comes from the attestation. */
export function checkProofV2(json: unknown, expected: Expected | undefined): ProofOutcome {
  // A protocol-1 report has no v2 asset list (no treeDecimals): the proof is then compared with
  // its round and root commitment only, so it fails as “not this report's” (ROOT_MISMATCH), not
  // as a damaged file.
  const v2Assets = expected?.assets.every((a) => 'treeDecimals' in a) === true;
  const attested = expected
    ? verifyProofDocumentV2(json, expected.rootCommitment, {
        round: expected.round,
        ...(v2Assets ? { assets: expected.assets as unknown as readonly AssetV2[] } : {}),
      })
    : undefined;
  if (attested?.ok) {
    const view = readProofView(json, attested, 'pass');
    return { checks: [pass('leaf'), pass('path'), pass('root')], ...(view ? { view } : {}) };
  }
  const claimed =
    typeof json === 'object' && json !== null && 'rootCommitment' in json
      ? (json as { rootCommitment: unknown }).rootCommitment
      : undefined;
  const self = verifyProofDocumentV2(json, typeof claimed === 'string' ? claimed : '');
  const rangeState = self.ok ? 'pass' : RANGE_CODES.has(self.code) ? 'fail' : 'skip';
  const view = readProofView(json, self.ok ? self : undefined, rangeState);
  return proofOutcome(attested, self, view, {
    isLeaf: (r) => checkOf(r) === 'leaf',
    // A failure without a level (root opening, root commitment, range proof) is shown at the root.
    atRoot: (r) => checkOf(r) === 'path',
  });
}

/**
 * The proof's fields for the ladder, read with the package's strict parser (a proof it cannot
 * parse gets no ladder): the customer's own balances, each sibling's hash and commitments (its
 * amounts are hidden), and — once verified — the opened totals in base units.
 */
function readProofView(
  json: unknown,
  ok: ProofV2Verified | undefined,
  rangeProof: 'pass' | 'fail' | 'skip'
): ProofView | undefined {
  let p: ParsedProofV2;
  try {
    p = parseProofV2(json);
  } catch {
    return undefined;
  }
  return {
    protocol: 2,
    ...pathView(p, (sib) => ({ commitments: sib.commitments.map(bytesToBase64) })),
    hidden: { values: p.siblings.length * p.assets.length, rangeProof },
    ...(ok
      ? {
          leafHash: ok.leafHash,
          rootHash: ok.rootHash,
          totals: ok.totals.map((v, a) => fromTreeUnits(BigInt(v), p.assets[a]!)),
          counted: ok.treeValues.map((v, a) => fromTreeUnits(BigInt(v), p.assets[a]!)),
        }
      : {}),
  };
}
