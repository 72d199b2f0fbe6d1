/**
 * Attestation verification: signatures against pinned keys, then every derived number, then the
 * optional documents the caller holds (root.json, the evidence file, the previous attestation).
 * Returns `{ ok: true, … }` or `{ ok: false, code, message }` — never throws, never succeeds on an
 * error. Checks run in the order listed in {@link ATTEST_CODES}; the first failure is returned.
 * @module
 */
import {
  bytesToHex,
  canonicalize,
  equalBytes,
  fail,
  hexToBytes,
  isObject,
  JsonParseError,
  KuraError,
  parseJsonBytes,
  sha256,
  taggedHash,
  utf8Raw,
  type VerifyFailure,
  type VerifyResult,
} from '@kura/codec';
import type { PolicyVerifyCode, verifyPolicyEvaluation } from '@kura/policy';
import {
  type AssetV2,
  assetSetHash,
  documentProtocol,
  fromTreeUnits,
  makeRootFileV2,
  parseRootFile,
  parseRootFileV2,
  parseScalarB64,
  type RootFile,
  rootCommitment,
  roundId,
} from '@kura/tree';
import {
  type Attestation,
  type PriceEntry,
  parseAttestation,
  ROLES,
  type Role,
  type SignatureEntry,
  type Statement,
  statementOf,
} from './attestation.js';
import { CoverageError, computeCoverage } from './coverage.js';
import { statementSha256 } from './digest.js';
import { type Evidence, parseEvidence, reserveTotals, validateEvidence } from './evidence.js';
import { SchemaError } from './fields.js';
import { checkPolicyNumbers } from './policy-numbers.js';
import { keyFingerprint, verifySignature } from './sig.js';
import { parseTrust, type TrustFile, type TrustKey } from './trust.js';

/**
 * Every code {@link verifyAttestation} returns, in checking order:
 * 1. parsing — `JSON_*` (strict JSON: `JSON_DUPLICATE_KEY`, `JSON_NUMBER`, …), `SCHEMA`,
 *    `NON_CANONICAL_ENCODING` (upper-case hex, `"007"`, a non-NFC string, an uncompressed key);
 * 2. the trust file — `TRUST_INVALID`, `KEY_IN_TWO_ROLES`;
 * 3. signatures — `MISSING_SIGNATURE` (none, or a required role absent), `KEY_IN_TWO_ROLES` (one
 *    key signs in two roles), `DUPLICATE_SIGNATURE` (one key twice, e.g. a high-S twin),
 *    `DUPLICATE_ROLE`, `UNTRUSTED_KEY`, `WRONG_ROLE` (pinned for the other role),
 *    `KEY_NOT_VALID` (outside the key's validity period), the signature codes of
 *    `verifySignature` (`ECDSA_HIGH_S`, `ED25519_NONCANONICAL_SCALAR`, … `SIGNATURE_INVALID` —
 *    any changed byte of the statement), `NON_CANONICAL_SIGNED` (signed over non-JCS bytes);
 * 4. the document's own numbers — `ROUND_ID_MISMATCH`, `ASSET_SET_MISMATCH`,
 *    `ROOT_COMMITMENT_MISMATCH`, `RESERVES_SUM_MISMATCH`, `PRICE_MISMATCH`, then every number of
 *    the embedded policy evaluation that follows from the others (`policy-numbers.ts`:
 *    `POLICY_DUPLICATE_ID`, `POLICY_CHECK_VALUE`, `POLICY_CHECK_PASS_MISMATCH` — a check's flag
 *    against its own required/actual, `REQUIRED_RESERVE_MISMATCH`, `POLICY_DATA_MISMATCH`,
 *    `POLICY_CHECK_MISMATCH`, `POLICY_TERM_MISMATCH`), `POLICY_MISMATCH` (the policy verdict
 *    against the check flags), `COVERAGE_MISMATCH` (a coverage verdict or term that does not
 *    follow from the numbers);
 * 5. time — `SNAPSHOT_SKEW` (a reserves snapshot block further than `maxSnapshotSkewMs` from the
 *    liabilities snapshot time: attacks C1-b), `ISSUED_BEFORE_SNAPSHOT`, `ISSUED_IN_FUTURE`,
 *    `EXPIRED`;
 * 6. root.json — `ROOT_FILE_INVALID`, `ROOT_TOTALS_MISMATCH`, `ROOT_MISMATCH`;
 * 7. evidence — `EVIDENCE_HASH_MISMATCH`, `EVIDENCE_INVALID`, `EVIDENCE_ROUND_MISMATCH`, the
 *    codes of `validateEvidence` (`EVIDENCE_DUPLICATE_ADDRESS`, `EVIDENCE_DUPLICATE_UTXO`,
 *    `EVIDENCE_DUPLICATE_BALANCE`, …), `EVIDENCE_SNAPSHOT_MISMATCH`, `EVIDENCE_TOTALS_MISMATCH`;
 * 7b. the policy re-run, when the policy file is given — `POLICY_RERUN_NEEDS_DATA` (no root.json
 *    or evidence to run it on: could not check), `POLICY_FILE_MISMATCH` (not the policy file the
 *    document names), `POLICY_INPUTS_MISMATCH`, `POLICY_RECOMPUTE_FAILED`,
 *    `POLICY_EVALUATION_MISMATCH` (any term, check, the required reserve or the verdict differs
 *    from @kura/policy's own evaluation);
 * 8. the previous attestation — `PREVIOUS_REQUIRED` (sequence > 1 without the previous document
 *    and without `noPrevious`: could not check the chain), `PREVIOUS_INVALID`,
 *    `PREVIOUS_HASH_MISMATCH`, `SEQUENCE_MISMATCH`, `PREVIOUS_MISMATCH` (another exchange, or not
 *    an earlier round);
 * 9. the verdict — `NOT_COVERED`: an authentic, consistent attestation whose coverage fails.
 */
export const ATTEST_CODES = [
  'JSON_SYNTAX',
  'JSON_DUPLICATE_KEY',
  'JSON_NUMBER',
  'JSON_SURROGATE',
  'JSON_FORBIDDEN_KEY',
  'JSON_DEPTH',
  'JSON_UTF8',
  'SCHEMA',
  'NON_CANONICAL_ENCODING',
  'TRUST_INVALID',
  'KEY_IN_TWO_ROLES',
  'MISSING_SIGNATURE',
  'DUPLICATE_SIGNATURE',
  'DUPLICATE_ROLE',
  'UNTRUSTED_KEY',
  'WRONG_ROLE',
  'KEY_NOT_VALID',
  'SIG_ENCODING',
  'KEY_ENCODING',
  'KEY_INVALID',
  'ECDSA_SCALAR_RANGE',
  'ECDSA_HIGH_S',
  'ED25519_NONCANONICAL_POINT',
  'ED25519_NONCANONICAL_SCALAR',
  'ED25519_SMALL_ORDER',
  'SIGNATURE_INVALID',
  'NON_CANONICAL_SIGNED',
  'ROUND_ID_MISMATCH',
  'ASSET_SET_MISMATCH',
  'ROOT_COMMITMENT_MISMATCH',
  'RESERVES_SUM_MISMATCH',
  'PRICE_MISMATCH',
  'POLICY_DUPLICATE_ID',
  'POLICY_CHECK_VALUE',
  'POLICY_CHECK_PASS_MISMATCH',
  'REQUIRED_RESERVE_MISMATCH',
  'POLICY_DATA_MISMATCH',
  'POLICY_CHECK_MISMATCH',
  'POLICY_TERM_MISMATCH',
  'POLICY_MISMATCH',
  'COVERAGE_MISMATCH',
  'SNAPSHOT_SKEW',
  'ISSUED_BEFORE_SNAPSHOT',
  'ISSUED_IN_FUTURE',
  'EXPIRED',
  'ROOT_FILE_INVALID',
  'ROOT_TOTALS_MISMATCH',
  'ROOT_MISMATCH',
  'EVIDENCE_HASH_MISMATCH',
  'EVIDENCE_INVALID',
  'EVIDENCE_ROUND_MISMATCH',
  'EVIDENCE_ROUND_ID',
  'EVIDENCE_CHALLENGE',
  'EVIDENCE_SNAPSHOT',
  'EVIDENCE_DUPLICATE_UTXO',
  'EVIDENCE_DUPLICATE_BALANCE',
  'EVIDENCE_DUPLICATE_ADDRESS',
  'EVIDENCE_UTXO_SUM',
  'EVIDENCE_ADDRESS',
  'EVIDENCE_ASSET',
  'EVIDENCE_SNAPSHOT_MISMATCH',
  'EVIDENCE_TOTALS_MISMATCH',
  'POLICY_RERUN_NEEDS_DATA',
  'POLICY_FILE_MISMATCH',
  'POLICY_INPUTS_MISMATCH',
  'POLICY_RECOMPUTE_FAILED',
  'POLICY_EVALUATION_MISMATCH',
  'PREVIOUS_REQUIRED',
  'PREVIOUS_INVALID',
  'PREVIOUS_HASH_MISMATCH',
  'SEQUENCE_MISMATCH',
  'PREVIOUS_MISMATCH',
  'NOT_COVERED',
  'VERIFY_ERROR',
] as const;
/** A code of {@link verifyAttestation}. */
export type AttestCode = (typeof ATTEST_CODES)[number];

/**
 * The checking phases of {@link verifyAttestation}, in order (the numbered steps of
 * {@link ATTEST_CODES}): `numbers` is step 4, `root` 6, `evidence` 7, `policy` 7b (the policy
 * re-run); `error` is `VERIFY_ERROR`
 * (the verifier itself stopped).
 */
export const ATTEST_PHASE_ORDER = [
  'parse',
  'trust',
  'signatures',
  'numbers',
  'time',
  'root',
  'evidence',
  'policy',
  'previous',
  'verdict',
  'error',
] as const;
/** A checking phase of {@link verifyAttestation}. */
export type AttestPhase = (typeof ATTEST_PHASE_ORDER)[number];

/**
 * The codes each phase returns. `KEY_IN_TWO_ROLES` arises in two phases — a trust file that pins
 * one key for both roles (`trust`), or one key signing in both roles (`signatures`) — so a
 * refusal states its phase ({@link AttestationRefused.phase}); use this table for a code alone.
 */
export const ATTEST_PHASES: Readonly<Record<AttestPhase, readonly AttestCode[]>> = {
  parse: ATTEST_CODES.slice(
    ATTEST_CODES.indexOf('JSON_SYNTAX'),
    ATTEST_CODES.indexOf('TRUST_INVALID')
  ),
  trust: ['TRUST_INVALID', 'KEY_IN_TWO_ROLES'],
  signatures: ATTEST_CODES.slice(
    ATTEST_CODES.indexOf('KEY_IN_TWO_ROLES'),
    ATTEST_CODES.indexOf('ROUND_ID_MISMATCH')
  ),
  numbers: ATTEST_CODES.slice(
    ATTEST_CODES.indexOf('ROUND_ID_MISMATCH'),
    ATTEST_CODES.indexOf('SNAPSHOT_SKEW')
  ),
  time: ATTEST_CODES.slice(
    ATTEST_CODES.indexOf('SNAPSHOT_SKEW'),
    ATTEST_CODES.indexOf('ROOT_FILE_INVALID')
  ),
  root: ATTEST_CODES.slice(
    ATTEST_CODES.indexOf('ROOT_FILE_INVALID'),
    ATTEST_CODES.indexOf('EVIDENCE_HASH_MISMATCH')
  ),
  evidence: ATTEST_CODES.slice(
    ATTEST_CODES.indexOf('EVIDENCE_HASH_MISMATCH'),
    ATTEST_CODES.indexOf('POLICY_RERUN_NEEDS_DATA')
  ),
  policy: ATTEST_CODES.slice(
    ATTEST_CODES.indexOf('POLICY_RERUN_NEEDS_DATA'),
    ATTEST_CODES.indexOf('PREVIOUS_REQUIRED')
  ),
  previous: ATTEST_CODES.slice(
    ATTEST_CODES.indexOf('PREVIOUS_REQUIRED'),
    ATTEST_CODES.indexOf('NOT_COVERED')
  ),
  verdict: ['NOT_COVERED'],
  error: ['VERIFY_ERROR'],
};

/**
 * The phase a code is returned in (`KEY_IN_TWO_ROLES`: `signatures`; a refusal's own `phase`
 * says which); `undefined` for a code {@link verifyAttestation} does not return.
 */
export function attestPhaseOf(code: string): AttestPhase | undefined {
  if (code === 'KEY_IN_TWO_ROLES') return 'signatures';
  for (const phase of ATTEST_PHASE_ORDER)
    if ((ATTEST_PHASES[phase] as readonly string[]).includes(code)) return phase;
  return undefined;
}

/** Codes that mean "could not check" (the verifier's own inputs are unusable): CLI exit 2. */
export const COULD_NOT_CHECK_CODES: readonly AttestCode[] = [
  'TRUST_INVALID',
  'VERIFY_ERROR',
  'PREVIOUS_REQUIRED',
  'POLICY_RERUN_NEEDS_DATA',
];

/** A document as bytes (exact file content) or text. */
export type DocumentInput = Uint8Array | string;

/** Options of {@link verifyAttestation}. */
export interface VerifyAttestationOptions {
  /** The pinned keys: a parsed {@link TrustFile}, or the trust file's bytes / text. */
  readonly trust: TrustFile | DocumentInput;
  /** Roles that must have signed (default both `exchange` and `auditor`). */
  readonly requiredRoles?: readonly Role[];
  /** "Now" in epoch milliseconds (default `Date.now()`). */
  readonly now?: number;
  /** How far issuedAt may lie in the future (default 5 minutes). */
  readonly maxClockSkewMs?: number;
  /**
   * How far a reserves snapshot block's time may lie from the liabilities `snapshotTime`, either
   * way (default 24 hours): reserves borrowed for a block weeks away prove nothing about the
   * books at the snapshot (attacks C1-b).
   */
  readonly maxSnapshotSkewMs?: number;
  /** The tree root file `root.json`. */
  readonly root?: DocumentInput;
  /** The evidence file — its exact bytes (the attestation holds their SHA-256). */
  readonly evidence?: Uint8Array;
  /** The previous attestation (the one `previousSha256` should name). */
  readonly previous?: DocumentInput;
  /**
   * Verify an attestation with `sequence > 1` without its previous one. Without this (and
   * without `previous`) such a document is `PREVIOUS_REQUIRED` — the chain could not be
   * checked; with it the result's `chain` is `not-checked`, which every report must show.
   */
  readonly noPrevious?: boolean;
  /**
   * The policy file's exact bytes: re-run the whole evaluation with {@link policyEngine} on
   * `root` and `evidence` (all three required, else `POLICY_RERUN_NEEDS_DATA`) and compare every
   * term, check, the required reserve and the verdict with the embedded one.
   */
  readonly policyFile?: Uint8Array;
  /**
   * @kura/policy's `verifyPolicyEvaluation`, which performs the re-run. Passed in rather than
   * imported so that builds that never re-run a policy (the customer's page, with its size
   * budget) do not carry the policy engine.
   */
  readonly policyEngine?: typeof verifyPolicyEvaluation;
  /**
   * The policy inputs file's exact bytes (with `policyFile`): its SHA-256 must be the embedded
   * `inputsSha256`. Without it the embedded inputs are evaluated.
   */
  readonly policyInputs?: Uint8Array;
}

/** A signer whose signature verified. */
export interface VerifiedSigner {
  readonly role: Role;
  readonly alg: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly name?: string;
}

/** A verified attestation. */
export interface AttestationVerified {
  readonly ok: true;
  readonly attestation: Attestation;
  readonly signers: readonly VerifiedSigner[];
  /** SHA-256(JCS(statement)) — the next attestation's previousSha256. */
  readonly statementSha256: string;
  /** Which optional documents were checked (`policy`: the evaluation was re-run). */
  readonly checked: {
    readonly root: boolean;
    readonly evidence: boolean;
    readonly previous: boolean;
    readonly policy: boolean;
  };
  /**
   * The hash chain: `first` (sequence 1, nothing to link), `linked` (the previous attestation
   * was given and links), or `not-checked` (sequence > 1 verified with `noPrevious`).
   */
  readonly chain: 'first' | 'linked' | 'not-checked';
}

/** A role whose own signatures fail (see {@link AttestationRefused.failedSigners}). */
export interface FailedSigner {
  readonly role: Role;
  readonly code: AttestCode;
  readonly message: string;
}

/** A refused attestation; `attestation` is set when the document itself parsed. */
export interface AttestationRefused extends VerifyFailure<AttestCode> {
  readonly attestation?: Attestation;
  /** The phase that refused it (see {@link ATTEST_PHASES}). */
  readonly phase: AttestPhase;
  /**
   * Set when the `signatures` phase refused: each role (exchange, auditor) whose own signatures
   * fail when checked alone — that role's signatures only, that role required — with the code
   * and message of that check. A role not listed signed correctly on its own; an empty list
   * means no single role explains the refusal (e.g. one key signing in both roles).
   */
  readonly failedSigners?: readonly FailedSigner[];
}

/** The result of {@link verifyAttestation}. */
export type AttestationResult = AttestationVerified | AttestationRefused;

const DEFAULT_SKEW_MS = 5 * 60 * 1000;

function bytesOf(d: DocumentInput): Uint8Array {
  return typeof d === 'string' ? utf8Raw(d) : d;
}

/** A parse failure as a result: the strict parser's and the schema's codes pass through. */
function parseFailure(e: unknown, what: string): VerifyFailure<AttestCode> {
  if (e instanceof JsonParseError || e instanceof SchemaError)
    return fail(e.code as AttestCode, `${what}: ${e.message}`);
  if (e instanceof KuraError) return fail('SCHEMA', `${what}: ${e.message}`);
  return fail('VERIFY_ERROR', `${what}: ${(e as Error).message}`);
}

/**
 * Verify an attestation (see {@link ATTEST_CODES} for what is checked, in order). The
 * attestation is given as bytes or text, so the strict parser sees duplicate keys and numbers.
 */
export function verifyAttestation(
  attestation: DocumentInput,
  opts: VerifyAttestationOptions
): AttestationResult {
  return run(attestation, opts, checkAuditorDocuments);
}

/** The options of {@link verifyAttestationCore}: those of {@link verifyAttestation} without the auditor's documents and the policy re-run. */
export type VerifyAttestationCoreOptions = Omit<
  VerifyAttestationOptions,
  'root' | 'evidence' | 'policyFile' | 'policyInputs' | 'policyEngine'
>;

/**
 * {@link verifyAttestation} without steps 6–7b (root.json, the evidence file, the policy re-run): the same code, the
 * same checks in the same order, for a caller that never holds those files — the customer's
 * page, which then does not carry the root-file and evidence readers (its bundle budget). Given
 * a `root` or `evidence` anyway (a JavaScript caller), it refuses with `VERIFY_ERROR` rather than
 * skip the check; `checked.root` and `checked.evidence` are always false.
 */
export function verifyAttestationCore(
  attestation: DocumentInput,
  opts: VerifyAttestationCoreOptions
): AttestationResult {
  return run(attestation, opts, refuseAuditorDocuments);
}

/** Steps 6–7: the caller's root.json and evidence file, when given. */
type DocumentChecks = (
  att: Attestation,
  raw: unknown,
  opts: VerifyAttestationOptions
) => { check: VerifyFailure<AttestCode>; phase: AttestPhase } | undefined;

function checkAuditorDocuments(
  att: Attestation,
  raw: unknown,
  opts: VerifyAttestationOptions
): ReturnType<DocumentChecks> {
  if (opts.root !== undefined) {
    const r = checkRoot(att, opts.root);
    if (!r.ok) return { check: r, phase: 'root' };
  }
  if (opts.evidence !== undefined) {
    const r = checkEvidence(att, opts.evidence);
    if (!r.ok) return { check: r, phase: 'evidence' };
  }
  if (opts.policyFile !== undefined || opts.policyInputs !== undefined) {
    const r = rerunPolicy(att, raw, opts);
    if (!r.ok) return { check: r, phase: 'policy' };
  }
  return undefined;
}

function refuseAuditorDocuments(
  _att: Attestation,
  _raw: unknown,
  opts: VerifyAttestationOptions
): ReturnType<DocumentChecks> {
  return opts.root !== undefined ||
    opts.evidence !== undefined ||
    opts.policyFile !== undefined ||
    opts.policyInputs !== undefined
    ? {
        check: fail(
          'VERIFY_ERROR',
          'root.json, the evidence file and the policy re-run are checked by verifyAttestation only'
        ),
        phase: 'error',
      }
    : undefined;
}

function run(
  attestation: DocumentInput,
  opts: VerifyAttestationOptions,
  documents: DocumentChecks
): AttestationResult {
  try {
    return verifyInner(attestation, opts, documents);
  } catch (e) {
    return {
      ...fail('VERIFY_ERROR', `verification stopped: ${(e as Error).message}`),
      phase: 'error',
    };
  }
}

function verifyInner(
  input: DocumentInput,
  opts: VerifyAttestationOptions,
  documents: DocumentChecks
): AttestationResult {
  // 1. parse
  let raw: unknown;
  let att: Attestation;
  try {
    raw = parseJsonBytes(bytesOf(input));
    att = parseAttestation(raw);
  } catch (e) {
    return { ...parseFailure(e, 'attestation'), phase: 'parse' };
  }
  // the digest is computed over the parsed statement: it must be exactly the statement received
  // (a parser that dropped or rewrote a member would let unsigned content through)
  const stmtText = canonicalize(statementOf(att));
  if (isObject(raw)) {
    const { signatures: _s, ...rawStatement } = raw;
    if (canonicalize(rawStatement) !== stmtText)
      return {
        ...fail('SCHEMA', 'the parsed statement differs from the document (internal check)'),
        phase: 'parse',
      };
  }
  // JCS(statement) once: both digests and the chain hash come from these bytes
  const stmtBytes = utf8Raw(stmtText);
  const withDoc = (
    f: VerifyFailure<AttestCode>,
    phase: AttestPhase,
    failedSigners?: readonly FailedSigner[]
  ): AttestationRefused => ({
    ...f,
    attestation: att,
    phase,
    ...(failedSigners ? { failedSigners } : {}),
  });

  // 2. trust
  let trust: TrustFile;
  try {
    trust =
      typeof opts.trust === 'string' || opts.trust instanceof Uint8Array
        ? parseTrust(parseJsonBytes(bytesOf(opts.trust)))
        : parseTrust(opts.trust);
  } catch (e) {
    const code = e instanceof KuraError && e.code === 'KEY_IN_TWO_ROLES' ? e.code : 'TRUST_INVALID';
    return withDoc(fail(code, `trust file: ${(e as Error).message}`), 'trust');
  }

  // 3. signatures
  const sigs = checkSignatures(att, raw, trust, opts.requiredRoles ?? ROLES, stmtBytes);
  if (!sigs.ok) return withDoc(sigs, 'signatures', failedSigners(att, raw, trust, stmtBytes));

  // 4. the document's own numbers
  const own = checkNumbers(att);
  if (!own.ok) return withDoc(own, 'numbers');

  // 5. time
  const tm = checkTime(
    att,
    opts.now ?? Date.now(),
    opts.maxClockSkewMs ?? DEFAULT_SKEW_MS,
    opts.maxSnapshotSkewMs ?? DEFAULT_MAX_SNAPSHOT_SKEW_MS
  );
  if (!tm.ok) return withDoc(tm, 'time');

  // 6–8. the documents the caller holds
  const docs = documents(att, raw, opts);
  if (docs !== undefined) return withDoc(docs.check, docs.phase);
  if (opts.previous !== undefined) {
    const r = checkPrevious(att, opts.previous);
    if (!r.ok) return withDoc(r, 'previous');
  } else if (att.sequence > 1 && opts.noPrevious !== true)
    return withDoc(
      fail(
        'PREVIOUS_REQUIRED',
        `could not check the chain: sequence ${att.sequence} links to a previous attestation (${att.previousSha256}) that was not given; give it, or verify explicitly without it (the result then says "chain not checked")`
      ),
      'previous'
    );

  // 9. the verdict
  if (!att.coverage.pass)
    return withDoc(
      fail(
        'NOT_COVERED',
        `the attestation is authentic but reports that coverage fails (${failingTerms(att)})`
      ),
      'verdict'
    );
  return {
    ok: true,
    attestation: att,
    signers: sigs.signers,
    statementSha256: bytesToHex(sha256(stmtBytes)),
    checked: {
      root: opts.root !== undefined,
      evidence: opts.evidence !== undefined,
      previous: opts.previous !== undefined,
      policy: opts.policyFile !== undefined,
    },
    chain: att.sequence === 1 ? 'first' : opts.previous !== undefined ? 'linked' : 'not-checked',
  };
}

function failingTerms(att: Attestation): string {
  const out: string[] = [];
  for (const a of att.coverage.assets)
    if (!a.pass) out.push(`${a.asset} reserves ${a.reserves} < liabilities ${a.liabilities}`);
  const o = att.coverage.overall;
  if (!o.pass) out.push(`value ${o.reservesValue} < required ${o.required} ${o.currency}`);
  if (!att.coverage.policyPass) out.push(`policy ${att.policy.id} fails`);
  return out.join('; ');
}

type Ok<T = object> = { ok: true } & T;
type Check<T = object> = Ok<T> | VerifyFailure<AttestCode>;

function checkSignatures(
  att: Attestation,
  raw: unknown,
  trust: TrustFile,
  required: readonly Role[],
  stmtBytes: Uint8Array
): Check<{ signers: VerifiedSigner[] }> {
  if (att.signatures.length === 0) return fail('MISSING_SIGNATURE', 'the attestation is unsigned');
  const keyRole = new Map<string, Role>();
  for (const s of att.signatures) {
    const id = `${s.alg}:${s.publicKey}`;
    const prev = keyRole.get(id);
    if (prev !== undefined && prev !== s.role)
      return fail('KEY_IN_TWO_ROLES', `one key signs as ${prev} and as ${s.role}`);
    if (prev !== undefined)
      return fail(
        'DUPLICATE_SIGNATURE',
        `the ${s.role} key ${s.publicKey.slice(0, 16)}… signs twice`
      );
    keyRole.set(id, s.role);
  }
  const roles = new Set<Role>();
  for (const s of att.signatures) {
    if (roles.has(s.role)) return fail('DUPLICATE_ROLE', `two signatures claim the ${s.role} role`);
    roles.add(s.role);
  }
  const issuedMs = Date.parse(att.issuedAt);
  const signers: VerifiedSigner[] = [];
  for (const s of att.signatures) {
    const pinned = trust.keys.find((k) => k.alg === s.alg && k.publicKey === s.publicKey);
    if (!pinned)
      return fail(
        'UNTRUSTED_KEY',
        `the ${s.role} key ${keyFingerprint(s.alg, hexToBytes(s.publicKey)).slice(0, 16)}… is not in the trust file`
      );
    if (pinned.role !== s.role)
      return fail('WRONG_ROLE', `a key pinned for the ${pinned.role} signs as ${s.role}`);
    const win = keyWindow(pinned, issuedMs);
    if (win) return fail('KEY_NOT_VALID', `the ${s.role} key ${win}`);
    const r = verifySignature(
      s.alg,
      hexToBytes(s.publicKey),
      taggedHash(`kura/v1/attest/${s.role}`, stmtBytes),
      hexToBytes(s.signature)
    );
    if (!r.ok) {
      if (r.code === 'SIGNATURE_INVALID' && signedNonCanonical(raw, s))
        return fail(
          'NON_CANONICAL_SIGNED',
          `the ${s.role} signed a non-canonical serialisation, not JCS(statement)`
        );
      return fail(r.code, `${s.role} signature: ${r.message}`);
    }
    signers.push({
      role: s.role,
      alg: s.alg,
      publicKey: s.publicKey,
      fingerprint: pinned.fingerprint,
      ...(pinned.name !== undefined ? { name: pinned.name } : {}),
    });
  }
  for (const role of required)
    if (!roles.has(role)) return fail('MISSING_SIGNATURE', `no ${role} signature`);
  return { ok: true, signers };
}

/**
 * Which signer failed: each role's signatures checked alone, with only that role required (the
 * signed statement is the same for every role, so nothing else changes).
 */
function failedSigners(
  att: Attestation,
  raw: unknown,
  trust: TrustFile,
  stmtBytes: Uint8Array
): FailedSigner[] {
  const out: FailedSigner[] = [];
  for (const role of ROLES) {
    const only: Attestation = { ...att, signatures: att.signatures.filter((s) => s.role === role) };
    const r = checkSignatures(only, raw, trust, [role], stmtBytes);
    if (!r.ok) out.push({ role, code: r.code, message: r.message });
  }
  return out;
}

function keyWindow(k: TrustKey, issuedMs: number): string | null {
  if (k.validFrom !== undefined && issuedMs < Date.parse(k.validFrom))
    return `is valid from ${k.validFrom}, the attestation was issued before`;
  if (k.validUntil !== undefined && issuedMs > Date.parse(k.validUntil))
    return `was valid until ${k.validUntil}, the attestation was issued after`;
  return null;
}

/** Did the signer sign JSON text other than JCS (the file's member order, or indented)? */
function signedNonCanonical(raw: unknown, s: SignatureEntry): boolean {
  if (!isObject(raw)) return false;
  const { signatures: _s, ...stmt } = raw;
  const tag = `kura/v1/attest/${s.role}`;
  const pk = hexToBytes(s.publicKey);
  const sig = hexToBytes(s.signature);
  for (const text of [JSON.stringify(stmt), JSON.stringify(stmt, null, 2)]) {
    const d = taggedHash(tag, utf8Raw(text));
    if (verifySignature(s.alg, pk, d, sig).ok) return true;
  }
  return false;
}

/**
 * The checks of step 4 alone (the document's own numbers), for builders that want to refuse to
 * write an inconsistent statement. Never throws.
 */
export function checkStatementNumbers(att: Attestation): VerifyResult<AttestCode> {
  try {
    return checkNumbers(att);
  } catch (e) {
    return fail('VERIFY_ERROR', (e as Error).message);
  }
}

function checkNumbers(att: Attestation): Check {
  const L = att.liabilities;
  const rid = roundId(att.round);
  if (bytesToHex(rid) !== att.roundId)
    return fail('ROUND_ID_MISMATCH', 'roundId is not TH("kura/v1/round", JCS(round))');
  const totals = L.totals.map(BigInt);
  const rcCheck = L.protocol === 2 ? checkRootV2(att) : checkRootV1(att, rid, totals);
  if (!rcCheck.ok) return rcCheck;
  for (const a of att.reserves.assets)
    if (BigInt(a.total) !== BigInt(a.customerCold) + BigInt(a.customerHot) + BigInt(a.exchangeOwn))
      return fail(
        'RESERVES_SUM_MISMATCH',
        `reserves ${a.asset}: total ≠ customerCold + customerHot + exchangeOwn`
      );
  const chains = new Set<string>();
  for (const s of att.reserves.snapshots) {
    if (chains.has(s.chain)) return fail('SCHEMA', `reserves.snapshots: ${s.chain} twice`);
    chains.add(s.chain);
  }
  const pol = att.policy;
  for (const p of att.prices)
    if (p.currency !== pol.reportingCurrency)
      return fail(
        'PRICE_MISMATCH',
        `the ${p.asset} price is in ${p.currency}; the reporting currency is ${pol.reportingCurrency}`
      );
  const inputPrices = isObject(pol.inputs) ? pol.inputs.prices : undefined;
  const same = (q: unknown, p: PriceEntry) =>
    isObject(q) &&
    q.asset === p.asset &&
    q.price === p.price &&
    q.currency === p.currency &&
    q.source === p.source &&
    q.time === p.time;
  if (Array.isArray(inputPrices))
    for (const p of att.prices)
      if (!inputPrices.some((q) => same(q, p)))
        return fail(
          'PRICE_MISMATCH',
          `the ${p.asset} price is not the one in the policy inputs the requirement was computed from`
        );
  const pn = checkPolicyNumbers(att);
  if (pn) return fail(pn.code, pn.message);
  const pm = checkPolicy(att);
  if (!pm.ok) return pm;
  let expected: ReturnType<typeof computeCoverage>;
  try {
    expected = computeCoverage({
      assets: L.assets,
      liabilities: totals,
      reserves: att.reserves.assets.map((a) => BigInt(a.total)),
      prices: att.prices,
      currency: pol.reportingCurrency,
      valueDecimals: att.coverage.overall.valueDecimals,
      requiredReserve: pol.requiredReserve,
      policyPass: pol.pass,
    });
  } catch (e) {
    if (e instanceof CoverageError && (e.code === 'PRICE_MISMATCH' || e.code === 'POLICY_MISMATCH'))
      return fail(e.code, e.message);
    return fail('COVERAGE_MISMATCH', `coverage cannot be recomputed: ${(e as Error).message}`);
  }
  const diff = firstDifference(expected, att.coverage, 'coverage');
  if (diff) return fail('COVERAGE_MISMATCH', `${diff} does not follow from the numbers`);
  return { ok: true };
}

function checkPolicy(att: Attestation): Check {
  const pol = att.policy;
  // @kura/policy: pass only if there is at least one check and every check passes
  const allChecks = pol.checks.length > 0 && pol.checks.every((c) => c.pass);
  if (pol.pass !== allChecks)
    return fail(
      'POLICY_MISMATCH',
      `policy.pass is ${pol.pass} but ${allChecks ? 'every check passes' : 'a check fails'}`
    );
  const bind: [string, unknown, string][] = [
    ['roundId', pol.roundId, att.roundId],
    ['rootCommitment', pol.rootCommitment, att.liabilities.rootCommitment],
    ['evidenceSha256', pol.evidenceSha256, att.reserves.evidenceSha256],
  ];
  for (const [k, v, want] of bind)
    if (v !== undefined && v !== want)
      return fail('POLICY_MISMATCH', `policy.${k} is not this attestation's ${k}`);
  return { ok: true };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

/** The JSON path of the first difference between two JSON-like values, or null. */
function firstDifference(want: unknown, got: unknown, path: string): string | null {
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) return path;
    for (let i = 0; i < want.length; i++) {
      const d = firstDifference(want[i], got[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObject(want) && isObject(got)) {
    const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
    for (const k of keys) {
      const d = firstDifference(want[k], got[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return want === got
    ? null
    : `${path} (stated ${JSON.stringify(got)}, computed ${JSON.stringify(want)})`;
}

/** Default of {@link VerifyAttestationOptions.maxSnapshotSkewMs}: 24 hours. */
export const DEFAULT_MAX_SNAPSHOT_SKEW_MS = 24 * 3600 * 1000;

function checkTime(att: Attestation, now: number, skew: number, snapshotSkew: number): Check {
  const issued = Date.parse(att.issuedAt);
  const snap = Date.parse(att.round.snapshotTime);
  let latest = snap;
  let what = `the snapshot time ${att.round.snapshotTime}`;
  for (const s of att.reserves.snapshots) {
    const t = Date.parse(s.time);
    const gap = Math.abs(t - snap);
    if (gap > snapshotSkew)
      return fail(
        'SNAPSHOT_SKEW',
        `the ${s.chain} snapshot block (height ${s.height}, ${s.time}) is ${Math.round(gap / 60000)} minutes from the liabilities snapshot ${att.round.snapshotTime} (at most ${Math.round(snapshotSkew / 60000)} allowed)`
      );
    if (t > latest) {
      latest = t;
      what = `the ${s.chain} snapshot block (${s.time})`;
    }
  }
  if (issued < latest)
    return fail('ISSUED_BEFORE_SNAPSHOT', `issuedAt ${att.issuedAt} is before ${what}`);
  if (issued > now + skew)
    return fail('ISSUED_IN_FUTURE', `issuedAt ${att.issuedAt} is in the future`);
  if (now >= Date.parse(att.expiresAt))
    return fail('EXPIRED', `the attestation expired at ${att.expiresAt}`);
  return { ok: true };
}

/** v1 liabilities: assetSetHash and the §6.5 root commitment over the base-unit totals. */
function checkRootV1(att: Attestation, rid: Uint8Array, totals: readonly bigint[]): Check {
  const L = att.liabilities;
  const ash = assetSetHash(L.assets);
  if (bytesToHex(ash) !== L.assetSetHash)
    return fail('ASSET_SET_MISMATCH', 'liabilities.assetSetHash does not match the asset list');
  if (totals.some((t) => t >= 1n << 128n))
    return fail('ROOT_COMMITMENT_MISMATCH', 'a liabilities total exceeds u128');
  const rc = rootCommitment(rid, ash, L.height, hexToBytes(L.rootHash), totals);
  if (bytesToHex(rc) !== L.rootCommitment)
    return fail(
      'ROOT_COMMITMENT_MISMATCH',
      'liabilities.rootCommitment does not commit to this round, asset list, height, root hash and totals'
    );
  return { ok: true };
}

/**
 * v2 liabilities (SPEC.md §16.14): the v2 asset-set hash; every base-unit total equals its tree
 * total times `10^(decimals − treeDecimals)`; the v2 root commitment recomputes from the round,
 * asset list, height, root hash, tree totals and root blindings.
 */
function checkRootV2(att: Attestation): Check {
  const L = att.liabilities;
  const assets = L.assets as readonly AssetV2[];
  const tree = (L.treeTotals ?? []).map(BigInt);
  if (tree.length !== assets.length || (L.rootBlindings ?? []).length !== assets.length)
    return fail('SCHEMA', 'liabilities: protocol 2 needs treeTotals and rootBlindings per asset');
  if (tree.some((t) => t >= 1n << 64n))
    return fail('ROOT_COMMITMENT_MISMATCH', 'a liabilities tree total is not < 2^64');
  for (let i = 0; i < assets.length; i++)
    if (fromTreeUnits(tree[i]!, assets[i]!) !== BigInt(L.totals[i]!))
      return fail(
        'ROOT_COMMITMENT_MISMATCH',
        `liabilities.totals[${i}] is not treeTotals[${i}] × 10^(decimals − treeDecimals) of ${assets[i]!.symbol}`
      );
  const file = makeRootFileV2({
    round: att.round,
    assets,
    placement: L.placement,
    height: L.height,
    rootHash: hexToBytes(L.rootHash),
    totals: tree,
    rootBlindings: (L.rootBlindings ?? []).map((b, i) =>
      parseScalarB64(b, `liabilities.rootBlindings[${i}]`)
    ),
  });
  if (file.assetSetHash !== L.assetSetHash)
    return fail('ASSET_SET_MISMATCH', 'liabilities.assetSetHash does not match the v2 asset list');
  if (file.rootCommitment !== L.rootCommitment)
    return fail(
      'ROOT_COMMITMENT_MISMATCH',
      'liabilities.rootCommitment does not commit to protocol 2, this round, asset list, height, root hash, tree totals and root blindings'
    );
  return { ok: true };
}

function checkRoot(att: Attestation, input: DocumentInput): Check {
  let json: unknown;
  try {
    json = parseJsonBytes(bytesOf(input));
  } catch (e) {
    return fail('ROOT_FILE_INVALID', `root.json: ${(e as Error).message}`);
  }
  const protocol = att.liabilities.protocol ?? 1;
  if (documentProtocol(json) === 2 || protocol === 2) {
    if (documentProtocol(json) !== protocol)
      return fail(
        'ROOT_MISMATCH',
        `root.json is a protocol ${documentProtocol(json) ?? '?'} root; the attestation states protocol ${protocol}`
      );
    return checkRootFileV2(att, json);
  }
  let root: RootFile;
  try {
    root = parseRootFile(json);
  } catch (e) {
    return fail('ROOT_FILE_INVALID', `root.json: ${(e as Error).message}`);
  }
  const L = att.liabilities;
  if (JSON.stringify(root.totals) !== JSON.stringify(L.totals))
    return fail(
      'ROOT_TOTALS_MISMATCH',
      `liabilities.totals [${L.totals.join(', ')}] ≠ root.json totals [${root.totals.join(', ')}]`
    );
  return sameRoot(att, root);
}

/** The members of a root file the attestation repeats, in order: the first that differs fails. */
function sameRoot(
  att: Attestation,
  root: Pick<RootFile, 'rootCommitment' | 'rootHash' | 'height' | 'placement' | 'assetSetHash'> & {
    readonly roundId: string;
  },
  /** Members of one protocol only, compared right after the root commitment. */
  more: readonly [string, unknown, unknown][] = []
): Check {
  const L = att.liabilities;
  const pairs: (readonly [string, unknown, unknown])[] = [
    ['rootCommitment', root.rootCommitment, L.rootCommitment],
    ...more,
    ['rootHash', root.rootHash, L.rootHash],
    ['height', root.height, L.height],
    ['placement', root.placement, L.placement],
    ['assetSetHash', root.assetSetHash, L.assetSetHash],
    ['roundId', root.roundId, att.roundId],
  ];
  for (const [k, a, b] of pairs)
    if (a !== b) return fail('ROOT_MISMATCH', `root.json ${k} differs from the attestation's`);
  return { ok: true };
}

function checkRootFileV2(att: Attestation, json: unknown): Check {
  let root: ReturnType<typeof parseRootFileV2>['file'];
  try {
    root = parseRootFileV2(json).file;
  } catch (e) {
    return fail('ROOT_FILE_INVALID', `root.json: ${(e as Error).message}`);
  }
  const L = att.liabilities;
  if (JSON.stringify(root.totals) !== JSON.stringify(L.treeTotals))
    return fail(
      'ROOT_TOTALS_MISMATCH',
      `liabilities.treeTotals [${(L.treeTotals ?? []).join(', ')}] ≠ root.json totals [${root.totals.join(', ')}]`
    );
  return sameRoot(att, root, [
    ['rootBlindings', JSON.stringify(root.rootBlindings), JSON.stringify(L.rootBlindings)],
  ]);
}

function checkEvidence(att: Attestation, bytes: Uint8Array): Check {
  if (!equalBytes(sha256(bytes), hexToBytes(att.reserves.evidenceSha256)))
    return fail(
      'EVIDENCE_HASH_MISMATCH',
      `SHA-256 of the evidence file is ${bytesToHex(sha256(bytes))}, the attestation binds ${att.reserves.evidenceSha256}`
    );
  let ev: Evidence;
  try {
    ev = parseEvidence(parseJsonBytes(bytes));
  } catch (e) {
    return fail('EVIDENCE_INVALID', `evidence file: ${(e as Error).message}`);
  }
  if (ev.roundId !== att.roundId || canonicalize(ev.round) !== canonicalize(att.round))
    return fail('EVIDENCE_ROUND_MISMATCH', 'the evidence file is for another round');
  const v = validateEvidence(ev, { assets: att.liabilities.assets });
  if (!v.ok) return fail(v.code, `evidence file: ${v.message}`);
  const want = new Map(att.reserves.snapshots.map((s) => [s.chain, JSON.stringify(sortKeys(s))]));
  if (want.size !== ev.snapshots.length)
    return fail('EVIDENCE_SNAPSHOT_MISMATCH', 'the evidence file reads other chains');
  for (const s of ev.snapshots)
    if (want.get(s.chain) !== JSON.stringify(sortKeys(s)))
      return fail('EVIDENCE_SNAPSHOT_MISMATCH', `the ${s.chain} snapshot block differs`);
  const totals = reserveTotals(ev, att.liabilities.assets);
  for (const [i, t] of totals.entries()) {
    const a = att.reserves.assets[i]!;
    const fields = ['total', 'customerCold', 'customerHot', 'exchangeOwn'] as const;
    for (const f of fields)
      if (BigInt(a[f]) !== t[f])
        return fail(
          'EVIDENCE_TOTALS_MISMATCH',
          `reserves ${a.asset}.${f} is ${a[f]}; the evidence file sums to ${t[f]}`
        );
  }
  return { ok: true };
}

const RERUN_CODES: Record<PolicyVerifyCode, AttestCode> = {
  BAD_ENCODING: 'POLICY_EVALUATION_MISMATCH',
  POLICY_MISMATCH: 'POLICY_FILE_MISMATCH',
  INPUTS_MISMATCH: 'POLICY_INPUTS_MISMATCH',
  RECOMPUTE_FAILED: 'POLICY_RECOMPUTE_FAILED',
  EVALUATION_MISMATCH: 'POLICY_EVALUATION_MISMATCH',
};

/** Step 7b: @kura/policy re-evaluates the policy on root.json and the evidence file. */
function rerunPolicy(att: Attestation, raw: unknown, opts: VerifyAttestationOptions): Check {
  if (opts.policyFile === undefined)
    return fail('POLICY_RERUN_NEEDS_DATA', 'policy inputs given without the policy file');
  if (opts.policyEngine === undefined)
    return fail(
      'POLICY_RERUN_NEEDS_DATA',
      're-running the policy needs the policy engine (policyEngine: verifyPolicyEvaluation of @kura/policy)'
    );
  if (opts.root === undefined || opts.evidence === undefined)
    return fail(
      'POLICY_RERUN_NEEDS_DATA',
      're-running the policy needs root.json and the evidence file as well'
    );
  // the embedded evaluation exactly as received (the parser keeps extra members, but compare
  // what was signed)
  const embedded = isObject(raw) ? raw.policy : att.policy;
  const r = opts.policyEngine(embedded, {
    policy: opts.policyFile,
    liabilities: bytesOf(opts.root),
    reserves: opts.evidence,
    ...(opts.policyInputs !== undefined ? { inputsBytes: opts.policyInputs } : {}),
  });
  if (!r.ok) return fail(RERUN_CODES[r.code], `policy re-run (${att.policy.id}): ${r.message}`);
  return { ok: true };
}

function checkPrevious(att: Attestation, input: DocumentInput): Check {
  let prev: Statement;
  try {
    prev = parseAttestation(parseJsonBytes(bytesOf(input)));
  } catch (e) {
    return fail('PREVIOUS_INVALID', `previous attestation: ${(e as Error).message}`);
  }
  const h = statementSha256(prev);
  if (att.previousSha256 !== h)
    return fail(
      'PREVIOUS_HASH_MISMATCH',
      `previousSha256 is ${att.previousSha256 ?? 'null'}; the previous statement hashes to ${h}`
    );
  if (att.sequence !== prev.sequence + 1)
    return fail(
      'SEQUENCE_MISMATCH',
      `sequence ${att.sequence} does not follow the previous ${prev.sequence}`
    );
  if (prev.exchange.id !== att.exchange.id)
    return fail('PREVIOUS_MISMATCH', 'the previous attestation is by another exchange');
  if (Date.parse(prev.round.snapshotTime) >= Date.parse(att.round.snapshotTime))
    return fail('PREVIOUS_MISMATCH', 'the previous attestation is not for an earlier snapshot');
  return { ok: true };
}
