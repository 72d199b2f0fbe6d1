/**
 * The auditor's check of a protocol v2 (confidential) liabilities tree (issue 18, SPEC.md §16):
 * the auditor rebuilds the tree from the full liabilities export and the master secret —
 * every leaf commitment, pad, node hash and node commitment — and compares it with what the
 * exchange published and attested. Isomorphic and total: the caller rebuilds the tree
 * (`buildTreeV2` of `@kura/tree`, or the streaming builder) and passes it in; the result lists
 * findings with stable codes, never throws.
 *
 * Order of the checks:
 * 1. the published `root.json` parses as `kura-root/2` with consistent derived fields
 *    (`ROOT_FILE_INVALID`), is for the attested round and asset list (`ROUND_MISMATCH`,
 *    `ASSET_SET_MISMATCH`) and carries the attested root commitment
 *    (`ATTESTATION_ROOT_MISMATCH`);
 * 2. the published totals and root blindings open the RECOMPUTED root's commitments,
 *    `C_root,a = V_a·G + R_a·H` (`ROOT_OPENING_MISMATCH`) — the totals say what the export
 *    holds, in tree units;
 * 3. the recomputed tree equals the published one: shape (`TREE_SHAPE_MISMATCH`), totals
 *    (`TOTALS_MISMATCH`), root hash (`ROOT_HASH_MISMATCH`: some commitment or hash of the
 *    published tree does not match the export), root commitment;
 * 4. every published or sampled proof verifies against the attested root commitment with
 *    `verifyProofDocumentV2` (`PROOF_INVALID`, with the verifier's code), states the export's
 *    balances (`PROOF_BALANCES_MISMATCH`), and carries exactly the recomputed leaf opening and
 *    sibling hashes and commitments (`PROOF_COMMITMENT_MISMATCH`, naming the level).
 * @module
 */
import { bytesToHex, equalBytes } from '@kura/codec';
import { commit, verifyRootOpening } from '@kura/confidential';
import {
  type InclusionProofV2,
  type MemoryTreeV2,
  type ParsedRootV2,
  parseProofV2,
  parseRootFileV2,
  roundId,
  verifyProofDocumentV2,
} from '@kura/tree';

/**
 * The auditor's rebuilt v2 tree, as the audit needs it: the root's values and the auditor's own
 * proof of a customer. {@link memoryAuditorTree} adapts the in-memory builder; `kura audit` uses
 * the v2 store (`TreeStoreV2`) for large exports.
 */
export interface AuditorTreeV2
  extends Pick<
    MemoryTreeV2,
    | 'round'
    | 'assets'
    | 'assetSetHash'
    | 'placement'
    | 'height'
    | 'rootHash'
    | 'totals'
    | 'rootBlindings'
    | 'rootCommitment'
  > {
  /** The auditor's proof of `uid` (NFC), or undefined when the export has no such customer. */
  proof(uid: string): InclusionProofV2 | undefined;
}

/** {@link AuditorTreeV2} over a tree built in memory (`buildTreeV2`). */
export function memoryAuditorTree(t: MemoryTreeV2): AuditorTreeV2 {
  return {
    round: t.round,
    assets: t.assets,
    assetSetHash: t.assetSetHash,
    placement: t.placement,
    height: t.height,
    rootHash: t.rootHash,
    totals: t.totals,
    rootBlindings: t.rootBlindings,
    rootCommitment: t.rootCommitment,
    proof: (uid) => (t.positions.has(uid.normalize('NFC')) ? t.proof(uid) : undefined),
  };
}

/** Stable codes of the v2 tree audit. */
export type TreeV2AuditCode =
  | 'ROOT_FILE_INVALID'
  | 'ROUND_MISMATCH'
  | 'ASSET_SET_MISMATCH'
  | 'ATTESTATION_ROOT_MISMATCH'
  | 'ROOT_OPENING_MISMATCH'
  | 'TREE_SHAPE_MISMATCH'
  | 'TOTALS_MISMATCH'
  | 'ROOT_HASH_MISMATCH'
  | 'PROOF_INVALID'
  | 'PROOF_BALANCES_MISMATCH'
  | 'PROOF_COMMITMENT_MISMATCH';

/** One thing found wrong. */
export interface TreeV2Finding {
  readonly code: TreeV2AuditCode;
  readonly message: string;
  /** The tree level a proof finding is about. */
  readonly level?: number;
  /** For proof findings: the customer. */
  readonly uid?: string;
  /** For `PROOF_INVALID`: the verifier's code. */
  readonly cause?: string;
}

/** A proof to check: a published proof file, or one the auditor made for the sample. */
export interface ProofToCheck {
  /** Where it came from, for the report (a file name, "sample"). */
  readonly source: string;
  /** The parsed JSON document. */
  readonly doc: unknown;
}

/** Inputs of {@link auditTreeV2}. */
export interface TreeV2AuditInput {
  /** The published `root.json` (parsed JSON). */
  readonly root: unknown;
  /** The root commitment the signed attestation states (64 hex). */
  readonly attestedRootCommitment: string;
  /** The auditor's tree, rebuilt from the export and the master secret. */
  readonly tree: AuditorTreeV2;
  readonly proofs?: readonly ProofToCheck[];
}

/** What {@link auditTreeV2} returns. */
export interface TreeV2AuditResult {
  readonly ok: boolean;
  readonly findings: readonly TreeV2Finding[];
  /** Recomputed values (hex / decimal strings) for the report. */
  readonly recomputed: {
    readonly rootHash: string;
    readonly rootCommitment: string;
    readonly totals: readonly string[];
  };
  /** Proofs that verified and matched. */
  readonly proofsChecked: number;
}

/** Check a v2 publication against the auditor's rebuilt tree (see the module doc). */
export function auditTreeV2(i: TreeV2AuditInput): TreeV2AuditResult {
  const findings: TreeV2Finding[] = [];
  const t = i.tree;
  const recomputed = {
    rootHash: bytesToHex(t.rootHash),
    rootCommitment: bytesToHex(t.rootCommitment),
    totals: t.totals.map(String),
  };
  const out = (proofsChecked = 0): TreeV2AuditResult => ({
    ok: findings.length === 0,
    findings,
    recomputed,
    proofsChecked,
  });
  try {
    // 1. the published root file
    let root: ParsedRootV2;
    try {
      root = parseRootFileV2(i.root);
    } catch (e) {
      findings.push({ code: 'ROOT_FILE_INVALID', message: `root.json: ${(e as Error).message}` });
      return out();
    }
    if (!equalBytes(root.roundId, roundId(t.round)))
      findings.push({ code: 'ROUND_MISMATCH', message: 'root.json is for another round' });
    if (!equalBytes(root.assetSetHash, t.assetSetHash))
      findings.push({
        code: 'ASSET_SET_MISMATCH',
        message: 'root.json is for another asset list',
      });
    if (bytesToHex(root.rootCommitment) !== i.attestedRootCommitment.toLowerCase())
      findings.push({
        code: 'ATTESTATION_ROOT_MISMATCH',
        message: `root.json's rootCommitment ${bytesToHex(root.rootCommitment)} is not the attested ${i.attestedRootCommitment}`,
      });

    // 2. the published totals must open the recomputed root
    // the recomputed root's commitments: C_a = V_a·G + R_a·H of the auditor's own totals
    const opened = verifyRootOpening(
      t.totals.map((v, a) => commit(v, t.rootBlindings[a]!)),
      root.totals.map((value, a) => ({ value, blinding: root.rootBlindings[a]! }))
    );
    if (!opened.ok)
      findings.push({
        code: 'ROOT_OPENING_MISMATCH',
        message: `the published totals and root blindings do not open the root recomputed from the export: ${opened.message}`,
      });

    // 3. the recomputed tree is the published tree
    if (root.file.height !== t.height || root.file.placement !== t.placement)
      findings.push({
        code: 'TREE_SHAPE_MISMATCH',
        message: `published ${root.file.placement} tree of height ${root.file.height}, recomputed ${t.placement} of height ${t.height}`,
      });
    t.assets.forEach((a, k) => {
      const pub = root.totals[k];
      if (pub !== t.totals[k])
        findings.push({
          code: 'TOTALS_MISMATCH',
          message: `total of ${a.symbol}: published ${pub} tree units, the export gives ${t.totals[k]}`,
        });
    });
    if (!equalBytes(root.rootHash, t.rootHash))
      findings.push({
        code: 'ROOT_HASH_MISMATCH',
        message: `published rootHash ${bytesToHex(root.rootHash)}, recomputed ${recomputed.rootHash}: a commitment or hash of the published tree does not match the export`,
      });

    // 4. proofs
    let checked = 0;
    for (const p of i.proofs ?? []) if (checkProof(i, p, findings)) checked++;
    return out(checked);
  } catch (e) {
    findings.push({
      code: 'ROOT_FILE_INVALID',
      message: `audit aborted: ${(e as Error).message}`,
    });
    return out();
  }
}

function checkProof(i: TreeV2AuditInput, p: ProofToCheck, findings: TreeV2Finding[]): boolean {
  const t = i.tree;
  const v = verifyProofDocumentV2(p.doc, i.attestedRootCommitment, {
    round: t.round,
    assets: t.assets,
  });
  if (!v.ok) {
    findings.push({
      code: 'PROOF_INVALID',
      cause: v.code,
      message: `${p.source}: ${v.code}: ${v.message}`,
      ...(v.level !== undefined ? { level: v.level } : {}),
    });
    return false;
  }
  const doc = parseProofV2(p.doc);
  const uid = doc.uid.normalize('NFC');
  const who = `${p.source}: customer ${JSON.stringify(uid)}`;
  const mineDoc = t.proof(uid);
  if (!mineDoc) {
    findings.push({
      code: 'PROOF_BALANCES_MISMATCH',
      uid,
      message: `${who}: the export has no such customer`,
    });
    return false;
  }
  const mine = parseProofV2(mineDoc);
  const before = findings.length;
  if (mine.balances.join(',') !== doc.balances.join(','))
    findings.push({
      code: 'PROOF_BALANCES_MISMATCH',
      uid,
      message: `${who}: the proof states [${doc.balances.join(', ')}], the export [${mine.balances.join(', ')}]`,
    });
  if (mine.position !== doc.position) {
    findings.push({
      code: 'PROOF_COMMITMENT_MISMATCH',
      uid,
      level: 0,
      message: `${who} is at position ${mine.position} in the recomputed tree, the proof says ${doc.position}`,
    });
    return false;
  }
  if (!doc.blindings.every((b, a) => equalBytes(b, mine.blindings[a]!)))
    findings.push({
      code: 'PROOF_COMMITMENT_MISMATCH',
      uid,
      level: 0,
      message: `${who}: the leaf blindings are not those derived from the master secret`,
    });
  for (let l = 0; l < mine.siblings.length; l++) {
    const s = mine.siblings[l]!;
    const got = doc.siblings[l]!;
    const same =
      equalBytes(got.hash, s.hash) &&
      got.commitments.every((c, a) => equalBytes(c, s.commitments[a]!));
    if (!same) {
      findings.push({
        code: 'PROOF_COMMITMENT_MISMATCH',
        uid,
        level: l,
        message: `${who}: the sibling at level ${l} does not match the tree recomputed from the export`,
      });
      break;
    }
  }
  return findings.length === before;
}
