/**
 * The trust model for contract wallets (EIP-1271 entries; issue 12). What a contract accepts is
 * a property of its code, so Kura decides by the code hash proven by the entry's account proof —
 * never by probing the contract with random inputs:
 *
 * 1. no code at the snapshot block → `NOT_DEPLOYED` (EIP-1271 cannot apply; ERC-6492 counterfactual
 *    signatures stay refused: the signature is parsed as the wallet's own);
 * 2. a pinned Safe proxy → Kura reads the singleton, modules, owners and threshold from storage
 *    proofs and checks each owner's signature itself ({@link verifySafeOwnership});
 * 3. a code hash the auditor explicitly accepts (`acceptedCodeHashes`, from `--accept-wallet-code`
 *    or the audit config; the exchange declares it the same way at collection) → the wallet's own
 *    `isValidSignature(bytes32,bytes)` by `eth_call` at the snapshot block on every endpoint
 *    (all must return exactly the magic word 0x1626ba7e);
 * 4. anything else → `EIP1271_UNTRUSTED_CODE`: reported, not counted.
 * A contract wallet without an account proof is `NOT_STATE_PROVEN` whatever `--allow-unproven`
 * says: its code hash is the whole basis of trust and cannot rest on a node's word.
 * @module
 */
import { toChecksumAddress } from '@kura/attest';
import { bytesToHex, equalBytes, fail, KuraError, type VerifyResult } from '@kura/codec';
import { Interface } from 'ethers';
import { type AccountState, EMPTY_CODE_HASH } from './account.js';
import { parseData, word } from './hex.js';
import {
  isSafeProxyCode,
  type SafeErrorCode,
  type SafeFacts,
  type SafeWalletJson,
  safeHeadSlots,
  safeOwnerSlot,
  storageItemJson,
  verifySafeOwnership,
} from './safe.js';
import {
  type AccountProofJson,
  accountProofFromRpc,
  storageProofsFromRpc,
  verifyAccountJson,
} from './stateproof.js';

/** What a caller of an RPC method must offer (an `RpcClient` does). */
export interface EthCaller {
  readonly endpoint: string;
  call(method: string, params: readonly unknown[]): Promise<unknown>;
}

/** The magic value of EIP-1271, ABI-encoded as a 32-byte word. */
export const EIP1271_MAGIC_WORD = `0x1626ba7e${'0'.repeat(56)}`;

const IFACE_1271 = new Interface([
  'function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)',
]);

/** Failure codes of {@link verifyContractWallet}. */
export type WalletErrorCode =
  | SafeErrorCode
  | 'NOT_DEPLOYED'
  | 'NOT_STATE_PROVEN'
  | 'EIP1271_UNTRUSTED_CODE'
  | 'EIP1271_INVALID'
  | 'UNCHECKED'
  | 'ENDPOINTS_DISAGREE';

/** How a contract wallet was trusted. */
export type WalletModel =
  | { readonly kind: 'safe'; readonly safe: SafeFacts }
  | { readonly kind: 'accepted-code'; readonly codeHash: string };

/** Arguments of {@link verifyContractWallet}. */
export interface ContractWalletCheck {
  readonly stateRoot: Uint8Array;
  readonly chainId: bigint;
  /** The wallet's address: EIP-55 text and its 20 bytes. */
  readonly address: string;
  readonly addressBytes: Uint8Array;
  /** The wallet's account, proven against `stateRoot` (absent: no account proof). */
  readonly account?: AccountState;
  /** `stateProof.wallet` of the entry. */
  readonly wallet?: unknown;
  readonly digest: Uint8Array;
  readonly signature: Uint8Array;
  /** Code hashes (`0x…` lowercase) the auditor accepts for the wallet's own `isValidSignature`. */
  readonly acceptedCodeHashes?: ReadonlySet<string>;
  readonly rpcs?: readonly EthCaller[];
  readonly blockHash?: string;
}

/** Normalise a code hash given by a user (`0x` + 64 hex) to lowercase; throws a RangeError. */
export function parseCodeHash(s: string, field: string): string {
  const b = parseData(s, field, 32);
  return `0x${bytesToHex(b)}`;
}

/** Decide an EIP-1271 entry by the trust model (see the module doc). Never throws. */
export async function verifyContractWallet(
  c: ContractWalletCheck
): Promise<VerifyResult<WalletErrorCode, { model: WalletModel }>> {
  if (!c.account)
    return fail(
      'NOT_STATE_PROVEN',
      `${c.address}: a contract wallet needs an account proof: its code hash decides how it is trusted`
    );
  if (equalBytes(c.account.codeHash, EMPTY_CODE_HASH))
    return fail(
      'NOT_DEPLOYED',
      `${c.address} has no code at the snapshot block (proven by the state proof), so EIP-1271 cannot apply`
    );
  if (isSafeProxyCode(c.account.codeHash)) {
    const r = verifySafeOwnership({
      stateRoot: c.stateRoot,
      chainId: c.chainId,
      address: c.addressBytes,
      account: c.account,
      wallet: c.wallet,
      digest: c.digest,
      signature: c.signature,
    });
    return r.ok ? { ok: true, model: { kind: 'safe', safe: r.safe } } : r;
  }
  const codeHash = `0x${bytesToHex(c.account.codeHash)}`;
  if (!c.acceptedCodeHashes?.has(codeHash))
    return fail(
      'EIP1271_UNTRUSTED_CODE',
      `${c.address}: its code (hash ${codeHash}) is neither a pinned Safe nor accepted by the auditor (--accept-wallet-code): what it accepts is not known, so it is not counted`
    );
  const rpcs = c.rpcs ?? [];
  if (rpcs.length === 0 || c.blockHash === undefined)
    return fail('UNCHECKED', 'EIP-1271 needs an RPC endpoint and the snapshot block hash');
  const answers: boolean[] = [];
  for (const rpc of rpcs) {
    try {
      answers.push(await isValidSignature(rpc, c.address, c.digest, c.signature, c.blockHash));
    } catch (e) {
      return fail('UNCHECKED', `EIP-1271 check not possible: ${(e as Error).message}`);
    }
  }
  if (answers.some((a) => a !== answers[0]))
    return fail(
      'ENDPOINTS_DISAGREE',
      `endpoints disagree on EIP-1271 for ${c.address}: ${rpcs.map((r, i) => `${r.endpoint} → ${answers[i]}`).join('; ')}`
    );
  if (!answers[0])
    return fail(
      'EIP1271_INVALID',
      `${c.address} isValidSignature did not return the magic value 0x1626ba7e at the snapshot block`
    );
  return { ok: true, model: { kind: 'accepted-code', codeHash } };
}

/** Ask one endpoint whether `account` accepts `signature` for `digest` at `blockHash`. */
async function isValidSignature(
  rpc: EthCaller,
  account: string,
  digest: Uint8Array,
  signature: Uint8Array,
  blockHash: string
): Promise<boolean> {
  const data = IFACE_1271.encodeFunctionData('isValidSignature', [digest, signature]);
  try {
    const r = await rpc.call('eth_call', [{ to: account, data }, { blockHash }]);
    return typeof r === 'string' && r.toLowerCase() === EIP1271_MAGIC_WORD;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'RPC_REVERTED') return false;
    throw e;
  }
}

/**
 * Read a contract wallet's proofs through `rpc` at `blockHash`: its account proof and, when it
 * is a pinned Safe proxy, `stateProof.wallet` (singleton account, head slots, the owner list).
 * Every proof is verified against `stateRoot` before it is returned. Throws on an RPC or proof
 * failure (the message says which).
 */
export async function readWalletProofs(
  rpc: EthCaller,
  address: string,
  addressBytes: Uint8Array,
  blockHash: string,
  stateRoot: Uint8Array
): Promise<{ account: AccountProofJson; state: AccountState; wallet?: SafeWalletJson }> {
  try {
    return await readWalletProofsOrThrow(rpc, address, addressBytes, blockHash, stateRoot);
  } catch (e) {
    if (e instanceof KuraError) throw e;
    throw new KuraError(
      'STATE_PROOF',
      `${rpc.endpoint} eth_getProof(${address}): ${(e as Error).message}`,
      { cause: e }
    );
  }
}

async function readWalletProofsOrThrow(
  rpc: EthCaller,
  address: string,
  addressBytes: Uint8Array,
  blockHash: string,
  stateRoot: Uint8Array
): Promise<{ account: AccountProofJson; state: AccountState; wallet?: SafeWalletJson }> {
  const block = { blockHash };
  const head = await rpc.call('eth_getProof', [
    address,
    safeHeadSlots().map((s) => `0x${bytesToHex(s)}`),
    block,
  ]);
  const account = accountProofFromRpc(head);
  const v = verifyAccountJson(stateRoot, addressBytes, account);
  if (!v.ok) throw new Error(`${v.code}: ${v.message}`);
  if (!isSafeProxyCode(v.account.codeHash)) return { account, state: v.account };
  const storage = storageProofsFromRpc(head).map((s) => storageItemJson(s.key, s.value, s.proof));
  const singletonAddr = toChecksumAddress(`0x${bytesToHex(word(storage0(head)).subarray(12))}`);
  const singletonAccount = accountProofFromRpc(
    await rpc.call('eth_getProof', [singletonAddr, [], block])
  );
  // walk the owner list from the sentinel (bounded by ownerCount + 1 steps)
  const ownerCount = storageProofsFromRpc(head)[2]!.value;
  let cur: bigint = 1n;
  for (let i = 0n; i <= ownerCount && i <= 256n; i++) {
    const r = storageProofsFromRpc(
      await rpc.call('eth_getProof', [address, [`0x${bytesToHex(safeOwnerSlot(cur))}`], block])
    )[0]!;
    storage.push(storageItemJson(r.key, r.value, r.proof));
    if (r.value === 1n || r.value === 0n) break;
    cur = r.value;
  }
  return {
    account,
    state: v.account,
    wallet: { kind: 'safe', singleton: singletonAddr, singletonAccount, storage },
  };
}

function storage0(reply: unknown): bigint {
  return storageProofsFromRpc(reply)[0]!.value;
}
