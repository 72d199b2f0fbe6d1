/**
 * What the views draw: a verification report assembled by `verify.ts` from the results of
 * @kura/tree and @kura/attest. Views only read this; they never compute a verdict themselves.
 * @module
 */
import type { PolicyEvaluationCheck, PolicyEvaluationTerm, ProvenanceKind } from '@kura/attest';

/** The checks the customer sees, in display order. */
export const CHECK_IDS = [
  'leaf',
  'path',
  'root',
  'exchangeSig',
  'auditorSig',
  'document',
  'coverage',
  'previous',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * pass / fail; `skip` = not reached because a check it depends on failed; `na` = could not be
 * checked with the files given (only allowed for the link to the previous month).
 */
export type CheckState = 'pass' | 'fail' | 'skip' | 'na';

export interface Check {
  readonly id: CheckId;
  readonly state: CheckState;
  /** Stable code of the failure (from the package that checked it). */
  readonly code?: string;
  /** Tree level of the failure, where the proof verifier names one. */
  readonly level?: number;
  /** The package's own message (English). */
  readonly message?: string;
  /** Localized extra line, as a message key with params. */
  readonly note?: { readonly key: NoteKey; readonly params?: Record<string, string> };
}
export type NoteKey =
  | 'detail.previous.none'
  | 'detail.previous.first'
  | 'detail.previous.ok'
  | 'detail.sig.key';

/** One asset as the proof and the attestation list it. */
export interface AssetView {
  readonly symbol: string;
  readonly decimals: number;
  readonly network?: string;
}

/** One rung of the ladder: level `level` of the path. */
export interface RungView {
  readonly level: number;
  /** Which child the customer's node is at this level. */
  readonly side: 'left' | 'right';
  readonly siblingHash: string;
  /** Protocol v1: the sibling's per-asset sums, in the clear. */
  readonly siblingSums?: readonly bigint[];
  /** Protocol v2: the sibling's per-asset commitments (base64); its amounts are hidden. */
  readonly commitments?: readonly string[];
}

/** The readable parts of the customer's proof (display only; validity comes from the checks). */
export interface ProofView {
  /** 2 for a `kura-proof/2` (sibling amounts hidden); absent for v1. */
  readonly protocol?: 2;
  /**
   * Protocol v2: how many sibling amounts are hidden, and whether the range proof showed each
   * to lie in [0, 2^64) (`skip`: the check stopped before the range proof).
   */
  readonly hidden?: { readonly values: number; readonly rangeProof: 'pass' | 'fail' | 'skip' };
  /**
   * Protocol v2, once verified: the customer's balances as the tree counts them (rounded up to
   * each asset's `treeDecimals`, in base units) — never less than the balances.
   */
  readonly counted?: readonly bigint[];
  readonly uid: string;
  readonly exchange: string;
  readonly period: string;
  readonly snapshotTime: string;
  readonly assets: readonly AssetView[];
  readonly balances: readonly bigint[];
  readonly height: number;
  readonly rungs: readonly RungView[];
  readonly rootCommitment: string;
  /** From the verifier, when the proof verified: leaf hash, root hash and Σroot (v2: opened). */
  readonly leafHash?: string;
  readonly rootHash?: string;
  readonly totals?: readonly bigint[];
}

/** One row of the per-asset coverage chart, in base units of the asset. */
export interface AssetCoverageView {
  readonly symbol: string;
  readonly decimals: number;
  readonly liabilities: bigint;
  /** What the policy requires in this asset above the liabilities (in-kind rule), else 0. */
  readonly required: bigint;
  readonly cold: bigint;
  readonly hot: bigint;
  readonly own: bigint;
  /** reserves / liabilities as stated in the attestation (exact decimal, 1 = 100 %). */
  readonly ratio?: string;
  readonly pass: boolean;
}

/**
 * One term of the policy evaluation as drawn: @kura/policy's `Term`, its provenance reduced to
 * kind and source, the kind as the file gives it (a kind this page does not know is tagged
 * "other").
 */
export type PolicyTermView = Omit<PolicyEvaluationTerm, 'provenance'> & {
  readonly provenance: { readonly kind: ProvenanceKind | string; readonly source: string };
};
/** One check of the policy evaluation as drawn: @kura/policy's `Check`, `unit` always given. */
export type PolicyCheckView = Omit<PolicyEvaluationCheck, 'unit'> & {
  /** Unit of required/actual (reporting currency or asset symbol). */
  readonly unit: string;
};

/** Value coverage over all assets, in minor units of the reporting currency. */
export interface OverallCoverageView {
  readonly currency: string;
  /** Fraction digits of the values (JPY 0, USD 2). */
  readonly decimals: number;
  readonly liabilities: bigint;
  /** The policy's required liability reserve. */
  readonly required: bigint;
  readonly reserves: bigint;
  readonly perAsset: readonly { readonly symbol: string; readonly value: bigint }[];
  /** reserves / (liabilities + required) as stated (exact decimal, 1 = 100 %). */
  readonly ratio?: string;
  readonly pass: boolean;
}
export interface PolicyView {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  readonly reportingCurrency: string;
  readonly requiredReserve: string;
  readonly pass: boolean;
  readonly terms: readonly PolicyTermView[];
  readonly checks: readonly PolicyCheckView[];
}

export interface KeyView {
  readonly role: string;
  readonly alg: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  /** Listed in the trust file. */
  readonly pinned: boolean;
  /** Used by a signature on the attestation. */
  readonly signed: boolean;
}

/** The attestation's content, for the pictures. */
export interface AttestationView {
  readonly exchange: string;
  readonly period: string;
  readonly snapshotTime: string;
  readonly issuedAt?: string;
  readonly validUntil?: string;
  readonly sequence: number;
  readonly rootCommitment: string;
  /** SHA-256 of JCS(statement): what next month's attestation links to. */
  readonly sha256: string;
  readonly coverage: readonly AssetCoverageView[];
  readonly overall?: OverallCoverageView;
  readonly policy?: PolicyView;
  readonly scope?: { readonly included: readonly string[]; readonly excluded: readonly string[] };
  /** Overall coverage ratio as an exact decimal string (1 = 100 %), when stated. */
  readonly ratio?: string;
}

/** One month of the coverage-ratio history. */
export interface HistoryPoint {
  readonly period: string;
  /** Exact decimal string, 1 = 100 %. */
  readonly ratio: string;
  readonly pass: boolean;
}

/** Everything one verification run produced. */
export interface Report {
  readonly ok: boolean;
  readonly checks: readonly Check[];
  readonly ms: number;
  readonly proof?: ProofView;
  readonly attestation?: AttestationView;
  readonly keys: readonly KeyView[];
  readonly history: readonly HistoryPoint[];
  /** `COULD_NOT_CHECK_CODES` of @kura/attest (from the verifier chunk that made the report). */
  readonly couldNotCheck: readonly string[];
}

/** Checks that must all pass for the verdict “verified” (the link to last month may be `na`). */
export const REQUIRED: readonly CheckId[] = CHECK_IDS.filter((id) => id !== 'previous');

/**
 * The verdict, fail-closed: every required check present and `pass`, and the link to the
 * previous month either `pass` or `na`. An empty or partial check list is never a pass.
 */
export function verdictOf(checks: readonly Check[]): boolean {
  for (const id of REQUIRED) {
    const c = checks.find((x) => x.id === id);
    if (c?.state !== 'pass') return false;
  }
  const prev = checks.find((x) => x.id === 'previous');
  return prev !== undefined && (prev.state === 'pass' || prev.state === 'na');
}
