/**
 * The two digests an Ethereum key signs over the ownership challenge (protocol v1
 * §Address-ownership challenge; attacks D1–D3, D5).
 *
 * **EIP-191** (`personal_sign`, version 0x45):
 * `keccak256("\x19Ethereum Signed Message:\n" ‖ decimal byte length of utf8(challenge) ‖ utf8(challenge))`.
 * The challenge text names exchange, period and round id but no chain and no account: the
 * signature proves control of a private key, and a key controls its address on every EVM chain.
 *
 * **EIP-712** typed data (Kura's design):
 * - domain `EIP712Domain(string name,string version,uint256 chainId)` with
 *   name `"Kura Proof of Reserves"`, version `"1"`, chainId = the snapshot chain (no
 *   verifyingContract: no contract is involved);
 * - primary type
 *   `ReserveOwnership(string challenge,string exchange,string period,bytes32 roundId,address account)`
 *   where `challenge` is the exact protocol text (shown by wallets), `exchange` / `period` come
 *   from the round, `roundId` is the 32-byte round id and `account` is the address whose
 *   ownership is proven;
 * - digest `keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message))`.
 * Binding chainId and account means a signature cannot be replayed on another chain or for
 * another account owned by the same key (ERC-7739's replay across contract wallets), which is
 * why EIP-1271 wallets are always asked about this digest.
 * @module
 */
import { bytesToHex } from '@kura/codec';
import { ownershipChallenge, type Round, roundId } from '@kura/tree';
import { hashMessage, TypedDataEncoder } from 'ethers';
import { parseData } from './hex.js';

/** EIP-712 domain name of Kura ownership proofs. */
export const EIP712_DOMAIN_NAME = 'Kura Proof of Reserves';
/** EIP-712 domain version of Kura ownership proofs. */
export const EIP712_DOMAIN_VERSION = '1';
/** EIP-712 primary type of Kura ownership proofs. */
export const EIP712_PRIMARY_TYPE = 'ReserveOwnership';

/** The EIP-712 struct types (without `EIP712Domain`). */
export const OWNERSHIP_TYPES: Readonly<Record<string, readonly { name: string; type: string }[]>> =
  {
    ReserveOwnership: [
      { name: 'challenge', type: 'string' },
      { name: 'exchange', type: 'string' },
      { name: 'period', type: 'string' },
      { name: 'roundId', type: 'bytes32' },
      { name: 'account', type: 'address' },
    ],
  };

/** The EIP-712 domain of a Kura ownership proof. */
export interface OwnershipDomain {
  readonly name: string;
  readonly version: string;
  readonly chainId: number;
}

/** The EIP-712 message of a Kura ownership proof. */
export interface OwnershipMessage {
  readonly challenge: string;
  readonly exchange: string;
  readonly period: string;
  /** `0x` + 64 lowercase hex. */
  readonly roundId: string;
  /** EIP-55 address. */
  readonly account: string;
}

/** A full `eth_signTypedData_v4` payload. */
export interface OwnershipTypedData {
  readonly types: Record<string, readonly { name: string; type: string }[]>;
  readonly primaryType: string;
  readonly domain: OwnershipDomain;
  readonly message: OwnershipMessage;
}

/** Check a chain id fits EIP-712 JSON as a safe integer. */
function chainIdNumber(chainId: bigint | number): number {
  const n = Number(chainId);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new RangeError(`"chainId" out of range: ${chainId}`);
  return n;
}

/** The domain and message Kura expects for `account` on `chainId` in `round`. */
export function ownershipTypedData(
  round: Round,
  chainId: bigint | number,
  account: string
): OwnershipTypedData {
  return {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
      ],
      ...OWNERSHIP_TYPES,
    },
    primaryType: EIP712_PRIMARY_TYPE,
    domain: {
      name: EIP712_DOMAIN_NAME,
      version: EIP712_DOMAIN_VERSION,
      chainId: chainIdNumber(chainId),
    },
    message: {
      challenge: ownershipChallenge(round),
      exchange: round.exchange,
      period: round.period,
      roundId: `0x${bytesToHex(roundId(round))}`,
      account,
    },
  };
}

/** The EIP-712 digest of a domain and message (any values: used to diagnose claims too). */
export function eip712Digest(domain: OwnershipDomain, message: OwnershipMessage): Uint8Array {
  const types = { ...OWNERSHIP_TYPES } as Record<string, { name: string; type: string }[]>;
  return parseData(TypedDataEncoder.hash(domain, types, message), 'digest', 32);
}

/** The EIP-712 digest Kura expects for `account` on `chainId` in `round`. */
export function ownershipDigest712(
  round: Round,
  chainId: bigint | number,
  account: string
): Uint8Array {
  const t = ownershipTypedData(round, chainId, account);
  return eip712Digest(t.domain, t.message);
}

/** The EIP-191 `personal_sign` digest of a text (UTF-8, decimal byte length). */
export function eip191Digest(text: string): Uint8Array {
  return parseData(hashMessage(text), 'digest', 32);
}
