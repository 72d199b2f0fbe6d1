/**
 * @kura/bitcoin — Bitcoin reserves for Kura: ownership proofs (BIP-322, BIP-137, BIP-127),
 * descriptor wallets, UTXO balances at a snapshot block with merkle inclusion proofs, and chain
 * sources (Bitcoin Core RPC, Esplora, bcoin).
 * @module
 */

export type { FetchLike } from '@kura/codec';
export {
  type AddressErrorCode,
  type AddressType,
  addressOfScript,
  classifyScript,
  type DecodedAddress,
  decodeAddress,
  encodeSegwitAddress,
  scriptOf,
} from './address.js';
export {
  type BeaconBlock,
  type BeaconCode,
  type BeaconInput,
  type BeaconResult,
  beaconSnapshot,
  checkBeacon,
  DEFAULT_BEACON_TIME_SKEW_S,
} from './beacon.js';
export {
  type Bip127Code,
  type Bip127Ok,
  bip127CommitmentHash,
  hasRelativeLock,
  type ReserveUtxo,
  verifyBip127,
} from './bip127.js';
export { type Bip137ErrorCode, bip137Digest, verifyBip137 } from './bip137.js';
export {
  type Bip322Format,
  type Bip322Options,
  type Bip322Result,
  bip322MessageHash,
  bip322ToSign,
  bip322ToSpend,
  decodeBip322Signature,
  verifyBip322,
} from './bip322.js';
export {
  type CashAddress,
  cashChecksumValid,
  cashPolymod,
  decodeCashAddress,
  encodeCashAddress,
} from './cashaddr.js';
export { type BtcFamilyVerify, bitcoinFamily } from './chain-family.js';
export {
  type CollectAddress,
  type CollectDescriptor,
  type CollectOptions,
  type CollectProblem,
  type CollectResult,
  type CollectSignature,
  collectBitcoinEvidence,
  networkForSource,
} from './collect.js';
export {
  checkDescriptorChecksum,
  type DerivedOutput,
  type Descriptor,
  DescriptorError,
  type DescriptorKey,
  deriveDescriptor,
  descriptorChecksum,
  findInDescriptor,
  parseDescriptor,
} from './descriptor.js';
export { hash160, hash256 } from './hashes.js';
export {
  type AddressRow,
  BTC_OWNERSHIP_TYPES,
  type DescriptorRow,
  MAX_DESCRIPTOR_RANGE,
  parseAddressFile,
  parseDescriptorFile,
  parseSignatureFile,
  type SignatureRow,
} from './inputs.js';
export {
  type FlagsOutcome,
  type Prevout,
  SCRIPT_FLAGS,
  type ScriptFlag,
  type ScriptOutcome,
  verifyInput,
  verifyInputWithFlags,
} from './interpreter.js';
export {
  type BlockHeader,
  buildMerkleBlock,
  checkProofOfWork,
  extractMatches,
  type MerkleBlock,
  type MerkleProofCode,
  type MerkleProofOk,
  merkleRoot,
  parseBlockHeader,
  parseMerkleBlock,
  targetOfBits,
  verifyMerkleProof,
} from './merkleblock.js';
export {
  BITCOIN_MAINNET,
  BITCOIN_REGTEST,
  type BitcoinFamilyCoin,
  type BitcoinNetwork,
  chainIdOfGenesis,
  chainIdOfNetwork,
  chainOfCoin,
  chainOfSource,
  NETWORKS,
  networkByName,
  networksOfChain,
  parseChainOption,
  powOfChain,
  toBitcoinJs,
  unitOfChain,
} from './networks.js';
export {
  type BitcoinOwnership,
  type OwnershipCode,
  type OwnershipInput,
  type OwnershipOk,
  verifyOwnership,
} from './ownership.js';
export { type FinalPsbt, type PsbtInputInfo, parseFinalPsbt } from './psbt.js';
export { findAndDelete, legacySighash } from './sighash-legacy.js';
export {
  type Bip127SignInput,
  type Bip137Kind,
  publicKeyOf,
  type SignBip127Options,
  type SignBip322Options,
  type SignerScript,
  type SignInputOptions,
  signBip127,
  signBip137,
  signBip322,
  signerAddressType,
  signerScriptPubKey,
  signInput,
  taprootOutputKey,
} from './sign.js';
export {
  blockTimeIso,
  COINBASE_MATURITY,
  type SnapshotCode,
  type SnapshotRef,
  type UtxoCode,
  type UtxoRecord,
  verifySnapshotBlock,
  verifyUtxo,
} from './snapshot.js';
export { BcoinSource } from './sources/bcoin.js';
export { CoreRpcSource, JsonRpc, RpcError, type RpcSourceOptions } from './sources/core-rpc.js';
export {
  createSource,
  createSources,
  type SourcesByChain,
  type SourceUrls,
  sourcesByChain,
} from './sources/create.js';
export { CrossCheckedSource } from './sources/cross.js';
export { EsploraSource } from './sources/esplora.js';
export {
  type ChainProbe,
  defaultAssetOfChain,
  discoveryWarning,
  expectSourceChain,
} from './sources/from-options.js';
export { HttpClient, type HttpOptions, type HttpReply } from './sources/http.js';
export { DEFAULT_MAX_SCAN_BLOCKS } from './sources/scan.js';
export type { ChainSource, SourceTx, SpendStatus, UtxoRef } from './sources/types.js';
export {
  type CheckResult,
  type EntryCode,
  type EntryReport,
  type EvidenceReport,
  type UtxoReport,
  type VerifyEvidenceOptions,
  verifyBitcoinEvidence,
} from './verify.js';
