/**
 * @kura/month — one month of Kura as a library (Node only): read the run configuration, build the
 * liabilities tree, collect and check the reserves evidence, evaluate the policy, sign the
 * attestation, export every proof and write the publication directory ({@link runMonth}, the code
 * path of `kura run` and of the demo). Also the publication layout ({@link PUBLICATION},
 * SHA256SUMS) that `@kura/audit/node` reads, and the PostgreSQL liabilities export both use.
 * @module
 */
export {
  type BitcoinConfig,
  type BitcoinSources,
  checkConfigDocuments,
  type EthereumConfig,
  type LiabilitiesSource,
  parseConfig,
  type RunConfig,
  readConfig,
  type XrplConfig,
} from './config.js';
export { CONFIG_VERSION, configShape } from './config-shapes.js';
export { FAMILIES } from './families.js';
export {
  type AssetSummary,
  attestMonth,
  buildTree,
  closeMonth,
  collectBitcoin,
  collectEthereum,
  collectLiabilities,
  collectReserves,
  collectSource,
  collectXrpl,
  defaultVerifierDir,
  evaluateMonthPolicy,
  exportMonthProofs,
  type LiabilitiesFile,
  type MonthAttestation,
  type MonthContext,
  type MonthPolicy,
  type MonthProofs,
  type MonthSources,
  type MonthTree,
  mergeReserves,
  openMonth,
  type Progress,
  publishMonth,
  type RunMonthOptions,
  type RunSummary,
  runMonth,
  summarizeMonth,
} from './month.js';
export {
  exportPostgres,
  PG_SOURCE,
  type PostgresExport,
  type PostgresIngestOptions,
} from './postgres.js';
export { queryRowError, readQueryArg } from './postgres-query.js';
export {
  type ExportProofsOptions,
  type ExportProofsResult,
  exportProofs,
  swapDir,
} from './proofs.js';
export {
  checkSums,
  coveredBySums,
  listFiles,
  PUBLICATION,
  policyPath,
  proofPath,
  sumsText,
  WORKDIR,
  writeSums,
} from './publication.js';
export {
  cleanTemps,
  expectedFiles,
  type PublishInput,
  publicationIntact,
  publish,
} from './publish.js';
export { group, percent, stepLines, summaryLines } from './report.js';
export {
  describeSha256,
  fileSha256,
  type RunState,
  STATE_VERSION,
  type StepRecord,
  type StepReport,
  StepRunner,
  type StepSpec,
  type StepStatus,
  sha256Hex,
} from './state.js';
export { buildTreeFromSource, type TreeFromSourceOptions } from './tree-from-source.js';
export {
  buildTreeStepV2,
  type ExportProofsV2Options,
  exportProofsV2,
  type TreeV2Input,
} from './v2.js';
