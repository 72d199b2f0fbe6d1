/**
 * Adapter to @kura/tree `verifyProof` (protocol v1 §Inclusion proof and its verification).
 *
 * The proof is verified against the attestation's root commitment, round and asset list: one
 * package call, which on success passes the three proof checks at once (leaf; path; root matches
 * the signed attestation). Only when it fails is the package asked a second question — does the
 * proof reach the root it claims itself? — to tell a broken proof (leaf or path, with its level)
 * from a sound proof of another tree or month (the attestation check).
 * The app adds no protocol logic: it maps the package's stable codes onto the customer's checks.
 * @module
 */
import { type Asset, type ProofVerified, parseProof, type Round, verifyProof } from '@kura/tree';
import type { Check, ProofView } from '../model.ts';
import { pass, pathView, proofOutcome } from './outcome.ts';

/** What the attestation says the proof must match. */
export interface Expected {
  readonly rootCommitment: string;
  readonly round: Round;
  readonly assets: Asset[];
}

export interface ProofOutcome {
  /** The `leaf` and `path` checks. */
  readonly checks: readonly Check[];
  /** The readable parts of the proof for the ladder, if its shape allows drawing it. */
  readonly view?: ProofView;
}

/**
 * Codes that concern the leaf itself. The verifier parses the whole proof before it computes
 * anything (spec step 1), so `BAD_ENCODING` means the leaf could not be recomputed; `SUM_RANGE`
 * at level 0 about the customer's own balances is the leaf's too. Everything else from the
 * path walk belongs to “path recomputes to the root”.
 */
function isLeafFailure(r: { code: string; level?: number; message: string }): boolean {
  if (r.code === 'SUM_RANGE') return (r.level ?? 0) === 0 && !/sibling/i.test(r.message);
  // Fail closed: only codes of the path walk (after the leaf was computed) clear the leaf check.
  return !PATH_CODES.has(r.code);
}
const PATH_CODES = new Set([
  'BAD_LENGTH',
  'BAD_POSITION',
  'SIBLING_EQUALS_CURRENT',
  'ROOT_MISMATCH',
]);

/** The leaf, path and root checks of a proof; `expected` comes from the attestation, if any. */
export function checkProof(json: unknown, expected: Expected | undefined): ProofOutcome {
  const attested = expected ? verifyProof(json, expected) : undefined;
  if (attested?.ok) {
    const view = readProofView(json, attested);
    return {
      checks: [pass('leaf'), pass('path'), pass('root')],
      ...(view ? { view } : {}),
    };
  }
  const claimed = isObj(json) && typeof json.rootCommitment === 'string' ? json.rootCommitment : '';
  const self = verifyProof(json, { rootCommitment: claimed });
  const view = readProofView(json, self.ok ? self : undefined);
  return proofOutcome(attested, self, view, {
    isLeaf: isLeafFailure,
    // A root mismatch is a failure of the whole path: it is shown at the root's level.
    atRoot: (r) => r.code === 'ROOT_MISMATCH',
  });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The proof's fields for the ladder, read with the package's strict parser; a proof it cannot
 * parse gets no ladder. The side at level l is bit l of the position (spec step 2).
 */
function readProofView(json: unknown, ok: ProofVerified | undefined): ProofView | undefined {
  let p: ReturnType<typeof parseProof>;
  try {
    p = parseProof(json);
  } catch {
    return undefined;
  }
  return {
    ...pathView(p, (sib) => ({ siblingSums: sib.sums })),
    ...(ok
      ? { leafHash: ok.leafHash, rootHash: ok.rootHash, totals: ok.totals.map((x) => BigInt(x)) }
      : {}),
  };
}
