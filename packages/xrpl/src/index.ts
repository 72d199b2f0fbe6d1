/**
 * @kura/xrpl — XRP Ledger reserves for Kura: XRP (spendable, account reserve shown apart) and
 * issued-currency balances at one validated ledger pinned by index and hash, and the `xrpl-tx`
 * ownership proof (a never-applicable AccountSet carrying the round's challenge in a memo,
 * signed by the master key, the regular key or a SignerList quorum; SPEC §11.3).
 * @module
 */

/** The one `fetch` shape every Kura node client takes (`@kura/codec`). */
export type { FetchLike } from '@kura/codec';
export { checkXrplAddress, isXrplChain, type XrplAddressCode, xrplNetworkId } from './address.js';
export { xrplFamily } from './chain-family.js';
export {
  collectXrplEvidence,
  stateKey,
  stateLookup,
  XrplCollectError,
  type XrplCollectOptions,
  type XrplCollectResult,
} from './collect.js';
export { xrplClients } from './endpoints.js';
export { entryFigures, type XrplBalance, type XrplLedgerState } from './entry.js';
export {
  DEFAULT_XRPL_ASSETS,
  parseXrplAddressList,
  parseXrplAssetTable,
  parseXrplSignatureList,
  readXrplAssetTable,
  XRPL_ASSET_TABLE_VERSION,
  type XrplAddressRow,
  type XrplAsset,
  type XrplSignatureRow,
} from './inputs.js';
export {
  type AccountState,
  accountReserve,
  checkPinned,
  FEE_SETTINGS_INDEX,
  iouToUnits,
  LedgerError,
  type LedgerHeader,
  LSF_DISABLE_MASTER,
  ledgerHeaderHash,
  RIPPLE_EPOCH,
  readAccount,
  resolveLedger,
  type SignerList,
  type TrustLine,
  type XrplSnapshot,
} from './ledger.js';
export { isXrplLedgerSpec, XRPL_LEDGER_EXPECTED, XRPL_LEDGER_SPEC } from './ledger-spec.js';
export {
  checkOwnershipBlob,
  MEMO_CHALLENGE,
  MEMO_NETWORK,
  type OwnershipContext,
  ownershipTx,
  type SignerSet,
  verifyOwnership,
  XRPL_OWNERSHIP_TYPE,
  type XrplKeyKind,
  type XrplOwnershipCode,
} from './ownership.js';
export {
  redactEndpoint,
  XrplClient,
  type XrplClientOptions,
  type XrplRpcErrorCode,
} from './rpc.js';
export {
  type VerifyXrplOptions,
  verifyXrplEvidence,
  type XrplCheckStatus,
  type XrplEntryReport,
  type XrplSnapshotReport,
  type XrplVerifyReport,
} from './verify.js';
