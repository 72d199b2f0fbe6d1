/**
 * @kura/ethereum — Ethereum reserves for Kura: ETH and ERC-20 balances at a snapshot block pinned
 * by hash, EIP-1186 state proofs checked against the block's stateRoot (header hash verified),
 * and EIP-191 / EIP-712 / EIP-1271 ownership proofs over the round's challenge.
 * @module
 */

/** The one `fetch` shape every Kura node client takes (`@kura/codec`). */
export type { FetchLike } from '@kura/codec';
export {
  type AccountState,
  decodeAccount,
  EMPTY_ACCOUNT,
  EMPTY_CODE_HASH,
  type StateProofErrorCode,
  verifyAccountProof,
  verifyStorageProof,
} from './account.js';
export { type AddressErrorCode, addressKey, checkAddress } from './address.js';
export {
  ASSET_TABLE_VERSION,
  type BalanceEncoding,
  decodeBalanceWord,
  type EthAsset,
  type EthAssetTable,
  ethAssetTableShape,
  parseAssetTable,
  readAssetTable,
} from './assets.js';
export {
  type BalanceTable,
  balanceOfData,
  hasCode,
  MULTICALL3_ADDRESS,
  type ReadBalancesOptions,
  readBalances,
  readDecimals,
  TokenReplyError,
} from './balances.js';
export {
  EVM_CHAINS,
  type EvmChain,
  type EvmNetworkResult,
  evmChainById,
  type GetProofSupport,
  MAX_CHAIN_ID,
  parseEvmNetwork,
} from './chains.js';
export {
  CollectError,
  type CollectOptions,
  type CollectProblem,
  CollectProblemsError,
  type CollectResult,
  collectEthEvidence,
} from './collect.js';
export { parseCodeHashes, rpcClients } from './endpoints.js';
export { type EthFamilyCollect, ethEntryStateProven, ethereumFamily } from './family.js';
export { type BlockHeader, encodeHeader, type HeaderErrorCode, verifyHeader } from './header.js';
export { parseData, parseQuantity, toData, toQuantity } from './hex.js';
export {
  type AddressRow,
  parseAddressList,
  parseSignatureList,
  type SignatureRow,
} from './inputs.js';
export { EMPTY_TRIE_ROOT, type MptErrorCode, verifyMptProof } from './mpt.js';
export {
  checkOwnershipOffline,
  ETH_OWNERSHIP_TYPES,
  type EthOwnershipType,
  type OwnershipContext,
  type OwnershipErrorCode,
  ownershipRecord,
  verifyOwnership,
} from './ownership.js';
export { RlpError, type RlpErrorCode, type RlpItem, rlpDecode, rlpEncode } from './rlp.js';
export {
  mapRpcError,
  type RpcCall,
  RpcClient,
  type RpcErrorCode,
  type RpcOptions,
  type RpcSettled,
  redactEndpoint,
} from './rpc.js';
export {
  isSafeProxyCode,
  SAFE_PROXY_CODE_HASHES,
  SAFE_SINGLETONS,
  type SafeErrorCode,
  type SafeFacts,
  type SafeImplementation,
  safeMessageHash,
  verifySafeOwnership,
} from './safe.js';
export { recoverSigner, SECP256K1_N, type SignatureErrorCode } from './signature.js';
export { balanceSlot, type SlotLayout } from './slot.js';
export {
  checkFinalized,
  resolveSnapshot,
  rfc3339,
  type Snapshot,
  SnapshotError,
  type SnapshotOptions,
} from './snapshot.js';
export {
  type AccountProofJson,
  type EntryProofErrorCode,
  type StateProofJson,
  type TokenProofJson,
  verifyAccountJson,
  verifyTokenJson,
} from './stateproof.js';
export {
  EIP712_DOMAIN_NAME,
  EIP712_DOMAIN_VERSION,
  EIP712_PRIMARY_TYPE,
  eip191Digest,
  eip712Digest,
  OWNERSHIP_TYPES,
  type OwnershipDomain,
  type OwnershipMessage,
  type OwnershipTypedData,
  ownershipDigest712,
  ownershipTypedData,
} from './typed-data.js';
export {
  type CheckStatus,
  type EntryReport,
  type EthVerifyReport,
  type SnapshotReport,
  type VerifyEthOptions,
  verifyEthEvidence,
  type Warning,
} from './verify.js';
export {
  type ContractWalletCheck,
  EIP1271_MAGIC_WORD,
  type EthCaller,
  parseCodeHash,
  readWalletProofs,
  verifyContractWallet,
  type WalletErrorCode,
  type WalletModel,
} from './wallet.js';
