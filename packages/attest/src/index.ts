/**
 * @kura/attest — the monthly attestation: the reserves-evidence file, the attestation document,
 * exchange signature and auditor counter-signature, the trust file and verification.
 * Isomorphic: depends only on @kura/codec, @kura/tree, @noble/curves and @noble/hashes.
 * @module
 */
export {
  CUSTODY_CLASSES,
  type Custody,
  EVIDENCE_VERSION,
  type Evidence,
  type EvidenceBalance,
  type EvidenceCode,
  type EvidenceEntry,
  EvidenceMergeError,
  type EvidenceOwnership,
  type EvidenceSnapshot,
  type EvidenceUtxo,
  formatEvidence,
  isBitcoinChain,
  isEvidence,
  isEvmChain,
  mergeEvidence,
  normalizeAddress,
  OWNERSHIP_TYPES,
  type OwnershipType,
  parseEvidence,
  parseEvidenceBytes,
  type ReserveTotals,
  reserveTotals,
  toChecksumAddress,
  type ValidateEvidenceOptions,
  validateEvidence,
} from './evidence.js';
export { type SchemaCode, SchemaError } from './fields.js';
