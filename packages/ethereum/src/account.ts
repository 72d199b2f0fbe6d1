/**
 * Account and storage proofs of EIP-1186 (`eth_getProof`) against a block's `stateRoot`.
 *
 * - State trie: key `keccak256(address)`, value `RLP([nonce, balance, storageRoot, codeHash])`
 *   with `nonce` and `balance` as minimal big-endian scalars (Yellow Paper §4.1).
 * - Storage trie of one account (root `storageRoot`): key `keccak256(slot)` with `slot` the
 *   32-byte slot number, value `RLP(minimal big-endian bytes of the word)`; zero words are not
 *   stored, so a zero balance is proven by an exclusion proof (or, on nodes that keep zeroed
 *   slots, such as anvil, by a leaf holding `RLP("")`).
 * An absent account reads as nonce 0, balance 0, the empty storage root and the empty code hash.
 * Never throws.
 * @module
 */
import { fail, type VerifyResult } from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToBigint } from './hex.js';
import { EMPTY_TRIE_ROOT, type MptErrorCode, verifyMptProof } from './mpt.js';
import { isRlpBytes, type RlpItem, rlpDecode } from './rlp.js';

/** `keccak256("")`, the code hash of an account without code. */
export const EMPTY_CODE_HASH: Uint8Array = keccak_256(new Uint8Array(0));

/** The four fields of an account in the state trie. */
export interface AccountState {
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly storageHash: Uint8Array;
  readonly codeHash: Uint8Array;
}

/** Failure codes of {@link verifyAccountProof} and {@link verifyStorageProof}. */
export type StateProofErrorCode = MptErrorCode | 'ACCOUNT_BAD_VALUE' | 'STORAGE_BAD_VALUE';

/** A canonical RLP scalar: no leading zero byte, at most `max` bytes. */
function scalar(item: RlpItem | undefined, max: number): bigint | null {
  if (item === undefined || !isRlpBytes(item) || item.length > max) return null;
  if (item.length > 0 && item[0] === 0) return null;
  return bytesToBigint(item);
}

/** Decode the state-trie value of an account; null when it is not a canonical account. */
export function decodeAccount(value: Uint8Array): AccountState | null {
  let item: RlpItem;
  try {
    item = rlpDecode(value);
  } catch {
    return null;
  }
  if (isRlpBytes(item) || item.length !== 4) return null;
  const nonce = scalar(item[0], 8);
  const balance = scalar(item[1], 32);
  const sr = item[2]!;
  const ch = item[3]!;
  if (nonce === null || balance === null || !isRlpBytes(sr) || !isRlpBytes(ch)) return null;
  if (sr.length !== 32 || ch.length !== 32) return null;
  return { nonce, balance, storageHash: sr, codeHash: ch };
}

/** The state an absent account reads as. */
export const EMPTY_ACCOUNT: AccountState = {
  nonce: 0n,
  balance: 0n,
  storageHash: EMPTY_TRIE_ROOT,
  codeHash: EMPTY_CODE_HASH,
};

/**
 * Verify an account proof: `proof` proves the state of `address` (20 bytes) under `stateRoot`.
 * `exists` is false for an exclusion proof (the account reads as {@link EMPTY_ACCOUNT}).
 */
export function verifyAccountProof(
  stateRoot: Uint8Array,
  address: Uint8Array,
  proof: readonly Uint8Array[]
): VerifyResult<StateProofErrorCode, { account: AccountState; exists: boolean }> {
  if (!(address instanceof Uint8Array) || address.length !== 20)
    return fail('MPT_BAD_INPUT', '"address" must be 20 bytes');
  const r = verifyMptProof(stateRoot, keccak_256(address), proof);
  if (!r.ok) return r;
  if (r.value === null) return { ok: true, account: EMPTY_ACCOUNT, exists: false };
  const account = decodeAccount(r.value);
  if (!account) return fail('ACCOUNT_BAD_VALUE', 'the proven value is not an RLP account');
  return { ok: true, account, exists: true };
}

/**
 * Verify a storage proof: `proof` proves the word in `slot` (32 bytes) of the storage trie with
 * root `storageRoot`. An absent slot proves the word 0.
 */
export function verifyStorageProof(
  storageRoot: Uint8Array,
  slot: Uint8Array,
  proof: readonly Uint8Array[]
): VerifyResult<StateProofErrorCode, { value: bigint }> {
  if (!(slot instanceof Uint8Array) || slot.length !== 32)
    return fail('MPT_BAD_INPUT', '"slot" must be 32 bytes');
  const r = verifyMptProof(storageRoot, keccak_256(slot), proof);
  if (!r.ok) return r;
  if (r.value === null) return { ok: true, value: 0n };
  let item: RlpItem;
  try {
    item = rlpDecode(r.value);
  } catch {
    return fail('STORAGE_BAD_VALUE', 'the proven value is not RLP');
  }
  // a zero word is normally deleted from the trie, but some nodes (anvil) keep it as RLP("")
  const v = scalar(item, 32);
  if (v === null) return fail('STORAGE_BAD_VALUE', 'the proven value is not a canonical word');
  return { ok: true, value: v };
}
