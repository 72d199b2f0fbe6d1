/**
 * @kura/attest — the monthly attestation: the reserves-evidence file, the attestation document,
 * exchange signature and auditor counter-signature, the trust file and verification.
 * Isomorphic: at run time depends only on @kura/codec, @kura/tree, @noble/curves and
 * @noble/hashes (the @kura/policy evaluation types below are re-exported as types only).
 * @module
 */

/**
 * The policy evaluation's term and check as @kura/policy writes them, and its provenance kinds:
 * re-exported (types only, nothing loaded at run time) for pages that draw an attestation's
 * policy section without depending on the engine.
 */
export type {
  Check as PolicyEvaluationCheck,
  ProvenanceKind,
  Term as PolicyEvaluationTerm,
} from '@kura/policy';
export {
  type AddressLine,
  addressLineShape,
  custodyShape,
  parseAddressLines,
} from './address-list.js';
export {
  ATTESTATION_VERSION,
  type Attestation,
  type AttestationJson,
  type AttestedLiabilities,
  type AttestedReserves,
  type AuditorIdentity,
  attestationShape,
  type Coverage,
  type CoverageAsset,
  type CoverageOverall,
  type ExchangeIdentity,
  type PolicyCheck,
  type PolicyResult,
  type PolicyTerm,
  type PriceEntry,
  parseAttestation,
  parseAttestationBytes,
  parsePolicy,
  parsePrice,
  parseScope,
  policyResultShape,
  priceShape,
  type ReserveAsset,
  ROLES,
  type Role,
  SCOPE_KINDS,
  type Scope,
  type ScopeItem,
  type SignatureEntry,
  type Statement,
  scopeShape,
  statementOf,
} from './attestation.js';
export { verifyExistingSignatures } from './countersign.js';
export { CoverageError, type CoverageInput, computeCoverage } from './coverage.js';
export {
  type CreateAttestationInput,
  CreateError,
  createAttestation,
  currencyMinorUnits,
  DEFAULT_VALID_DAYS,
  pricesFromPolicy,
} from './create.js';
export {
  attestationDigest,
  type DigestSigner,
  type SigningKey,
  signAttestation,
  statementSha256,
} from './digest.js';
export {
  CUSTODY_CLASSES,
  type Custody,
  EVIDENCE_VERSION,
  type Evidence,
  type EvidenceBalance,
  type EvidenceCode,
  type EvidenceEntry,
  type EvidenceJson,
  EvidenceMergeError,
  type EvidenceOwnership,
  type EvidenceSnapshot,
  type EvidenceUtxo,
  evidenceEntryShape,
  evidenceShape,
  formatEvidence,
  isBitcoinChain,
  isEvidence,
  isEvmChain,
  isXrplChain,
  mergeEvidence,
  normalizeAddress,
  OWNERSHIP_TYPES,
  type OwnershipType,
  parseEvidence,
  parseEvidenceBytes,
  type ReserveTotals,
  reserveTotals,
  snapshotShape,
  toChecksumAddress,
  type ValidateEvidenceOptions,
  validateEvidence,
} from './evidence.js';
export {
  type AnyChainFamily,
  type ChainCheckStatus,
  type ChainEntryResult,
  type ChainFamily,
  type ChainSnapshotResult,
  type ChainVerifyReport,
  caip2Namespace,
  type FamilyEntryReport,
  type FamilyNetwork,
  type FamilyNetworkCode,
  FamilyRegistry,
  type FamilyReport,
  type FamilySnapshotReport,
  familyEntry,
  familyReport,
  liabilityAssetMismatch,
  overallStatus,
} from './family.js';
export { ATTEST_DOCUMENT_CODES, type SchemaCode, SchemaError } from './fields.js';
export { KEY_FILE_VERSION, type KeyFile, makeKeyFile, parseKeyFile } from './keyfile.js';
export {
  checkPolicyNumbers,
  type PolicyNumbersCode,
  type PolicyNumbersFailure,
} from './policy-numbers.js';
export { pricesFromList } from './price-list.js';
export {
  checkPublicKey,
  ECDSA_SIGN_OPTS,
  ECDSA_VERIFY_OPTS,
  ED25519_VERIFY_OPTS,
  ecdsaCompactLowS,
  generatePrivateKey,
  keyFingerprint,
  publicKeyOf,
  SIG_ALGS,
  SIG_LENGTHS,
  type SigAlg,
  type SigCode,
  signDigest,
  verifySignature,
} from './sig.js';
export {
  parseTrust,
  parseTrustBytes,
  TRUST_VERSION,
  TrustError,
  type TrustFile,
  type TrustKey,
  trustEntry,
  trustKeyShape,
  trustShape,
} from './trust.js';
export { buildTrustFile, trustEntryFromKeyFile } from './trust-build.js';
export {
  ATTEST_CODES,
  ATTEST_PHASE_ORDER,
  ATTEST_PHASES,
  type AttestationRefused,
  type AttestationResult,
  type AttestationVerified,
  type AttestCode,
  type AttestPhase,
  attestPhaseOf,
  COULD_NOT_CHECK_CODES,
  checkStatementNumbers,
  DEFAULT_MAX_SNAPSHOT_SKEW_MS,
  type DocumentInput,
  type FailedSigner,
  type VerifiedSigner,
  type VerifyAttestationCoreOptions,
  type VerifyAttestationOptions,
  verifyAttestation,
  verifyAttestationCore,
} from './verify.js';
