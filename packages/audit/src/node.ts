/**
 * @kura/audit/node — the auditor's workflow (Node only; `kura audit` is its command line): read a
 * publication, re-verify the attestation, rebuild the liabilities tree from the export and the
 * master secret, re-verify every reserves entry on the auditor's nodes, recompute the policy,
 * confirm the beacon-drawn sample, counter-sign, and write the report ({@link runAudit},
 * {@link writeReport}). The isomorphic beacon and sample rules are in `@kura/audit`.
 * @module
 */
export { type AttestationCheckInput, checkAttestation } from './attestation.js';
export {
  type AuditOptions,
  type AuditOutcome,
  type AuditorKey,
  type AuditReport,
  type AuditResult,
  runAudit,
} from './audit.js';
export {
  type AuditCheck,
  Check,
  type CheckStatus,
  type FigureTable,
  messageOf,
  skipped,
} from './check.js';
export {
  checkSample,
  type Sample,
  type SampleDraw,
  type SampleInput,
  type SampleTreeV2,
} from './confirm.js';
export { esc, renderHtml } from './html.js';
export {
  checkLiabilities,
  describeSource,
  type LiabilitiesInput,
  type LiabilitiesResult,
  type LiabilitiesSource,
} from './liabilities.js';
export {
  checkLiabilitiesV2,
  type LiabilitiesV2Input,
  type LiabilitiesV2Result,
} from './liabilities-v2.js';
export { defaultAuditOutDir } from './out-dir.js';
export { checkPolicy } from './policy.js';
export {
  expectPublication,
  type Publication,
  type PublicationFiles,
  readPublication,
} from './publication.js';
export { checkReserves, type ReservesInput } from './reserves.js';
export { checkOutDir, REPORT_FILES, writeReport } from './write.js';
