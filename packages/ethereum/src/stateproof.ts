/**
 * The `stateProof` of an Ethereum evidence entry: EIP-1186 proofs that let anyone holding the
 * block hash check the entry's balances against the block's `stateRoot`.
 *
 * ```json
 * "stateProof": {
 *   "account": { "nonce": "0", "balance": "<wei>", "storageHash": "0x…", "codeHash": "0x…",
 *                "proof": ["0x<rlp node>", …] },                  // the holder in the state trie
 *   "tokens": [ { "contract": "0x<EIP-55>", "balanceSlot": "9", "layout": "solidity",
 *                 "encoding": "uint256", "slot": "0x<32 bytes>",
 *                 "account": { …the token contract in the state trie… },   // first entry only
 *                 "value": "<decimal storage word>", "proof": ["0x…", …] } ],
 *   "unproven": [ { "contract": "0x…", "reason": "…" } ] }          // read by balanceOf only
 * ```
 * `slot = keccak256(pad32(holder) ‖ pad32(balanceSlot))` (Solidity; Vyper swaps the halves).
 * A token contract's own account proof (which proves its storageHash) is the same for every
 * holder, so it is written once — in the first entry of the file that has a proof for that token
 * — and the other entries of the same chain use it (it is verified against the stateRoot wherever
 * it sits; when no entry of the file carries it, `BAD_STATE_PROOF`).
 * All hex is lowercase except EIP-55 addresses; numbers are decimal strings.
 * @module
 */
import { AMOUNT_RE, bytesToHex, equalBytes, fail, type VerifyResult } from '@kura/codec';
import {
  type AccountState,
  type StateProofErrorCode,
  verifyAccountProof,
  verifyStorageProof,
} from './account.js';
import { checkAddress } from './address.js';
import { type BalanceEncoding, decodeBalanceWord } from './assets.js';
import { parseData, parseDataLower, parseQuantity, toData } from './hex.js';
import { balanceSlot, type SlotLayout } from './slot.js';

/** Failure codes of state-proof checks. */
export type EntryProofErrorCode = StateProofErrorCode | 'BAD_STATE_PROOF' | 'STATE_PROOF_MISMATCH';

/** An account proof in evidence form. */
export interface AccountProofJson {
  nonce: string;
  balance: string;
  storageHash: string;
  codeHash: string;
  proof: string[];
}

/** A token balance proof in evidence form. */
export interface TokenProofJson {
  contract: string;
  balanceSlot: string;
  layout: SlotLayout;
  encoding: BalanceEncoding;
  slot: string;
  /** The token contract's account proof: in the first entry of the file with this token only. */
  account?: AccountProofJson;
  value: string;
  proof: string[];
}

/** The `stateProof` object of an evidence entry. */
export interface StateProofJson {
  account: AccountProofJson;
  tokens: TokenProofJson[];
  unproven: { contract: string; reason: string }[];
  /** A contract wallet's own proofs (a Safe: see `safe.ts`). */
  wallet?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nodes(v: unknown, field: string): string[] {
  if (!Array.isArray(v)) throw new TypeError(`${field}: expected an array of hex nodes`);
  return v.map((x, i) => toData(parseData(x, `${field}[${i}]`)));
}

/** Convert an `eth_getProof` reply's account part into evidence form (validating it). */
export function accountProofFromRpc(reply: unknown): AccountProofJson {
  if (!isObject(reply)) throw new TypeError('eth_getProof: expected an object');
  return {
    nonce: parseQuantity(reply.nonce, 'nonce').toString(),
    balance: parseQuantity(reply.balance, 'balance').toString(),
    storageHash: toData(parseData(reply.storageHash, 'storageHash', 32)),
    codeHash: toData(parseData(reply.codeHash, 'codeHash', 32)),
    proof: nodes(reply.accountProof, 'accountProof'),
  };
}

/** The storage proof items of an `eth_getProof` reply: `{ key, value, proof }` each. */
export function storageProofsFromRpc(
  reply: unknown
): { key: Uint8Array; value: bigint; proof: string[] }[] {
  if (!isObject(reply) || !Array.isArray(reply.storageProof))
    throw new TypeError('eth_getProof: no storageProof');
  return reply.storageProof.map((sp: unknown, i: number) => {
    if (!isObject(sp)) throw new TypeError(`storageProof[${i}]: expected an object`);
    const k = typeof sp.key === 'string' ? sp.key : '';
    // nodes echo the key as given or as a quantity: normalise to 32 bytes
    const key = parseData(
      `0x${k.replace(/^0x/, '').padStart(64, '0')}`,
      `storageProof[${i}].key`,
      32
    );
    return {
      key,
      value: parseQuantity(sp.value, `storageProof[${i}].value`),
      proof: nodes(sp.proof, `storageProof[${i}].proof`),
    };
  });
}

function parseNodes(v: unknown, field: string): Uint8Array[] {
  if (!Array.isArray(v) || v.length > 66)
    throw new TypeError(`${field}: expected an array of at most 66 nodes`);
  return v.map((x, i) => parseDataLower(x, `${field}[${i}]`));
}

function decimal(v: unknown, field: string): bigint {
  if (typeof v !== 'string' || !AMOUNT_RE.test(v) || v.length > 78)
    throw new TypeError(`${field}: expected a decimal string`);
  return BigInt(v);
}

function keys(o: Record<string, unknown>, allowed: readonly string[], field: string): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) throw new TypeError(`${field}: unknown field "${k}"`);
}

const verifiedAccounts = new Map<string, AccountState>();

/**
 * Verify an account proof in evidence form for `address` (20 bytes) under `stateRoot`, and that
 * its claimed fields are the proven ones. Never throws.
 */
export function verifyAccountJson(
  stateRoot: Uint8Array,
  address: Uint8Array,
  json: unknown,
  field = 'stateProof.account'
): VerifyResult<EntryProofErrorCode, { account: AccountState }> {
  let claimed: { nonce: bigint; balance: bigint; storageHash: Uint8Array; codeHash: Uint8Array };
  try {
    if (!isObject(json)) throw new TypeError(`${field}: expected an object`);
    keys(json, ['nonce', 'balance', 'storageHash', 'codeHash', 'proof'], field);
    claimed = {
      nonce: decimal(json.nonce, `${field}.nonce`),
      balance: decimal(json.balance, `${field}.balance`),
      storageHash: parseDataLower(json.storageHash, `${field}.storageHash`, 32),
      codeHash: parseDataLower(json.codeHash, `${field}.codeHash`, 32),
    };
    if (!Array.isArray(json.proof) || json.proof.some((n) => typeof n !== 'string'))
      throw new TypeError(`${field}.proof: expected an array of hex nodes`);
  } catch (e) {
    return fail('BAD_STATE_PROOF', (e as Error).message);
  }
  // one token contract's account proof is shared by many entries: verify each distinct one once
  const cacheKey = `${bytesToHex(stateRoot)}${bytesToHex(address)}${(json.proof as string[]).join(',')}`;
  let account = verifiedAccounts.get(cacheKey);
  if (!account) {
    let proof: Uint8Array[];
    try {
      proof = parseNodes(json.proof, `${field}.proof`);
    } catch (e) {
      return fail('BAD_STATE_PROOF', (e as Error).message);
    }
    const r = verifyAccountProof(stateRoot, address, proof);
    if (!r.ok) return fail(r.code, `${field}: ${r.message}`, r.level);
    account = r.account;
    if (verifiedAccounts.size > 10_000) verifiedAccounts.clear();
    verifiedAccounts.set(cacheKey, account);
  }
  if (
    account.nonce !== claimed.nonce ||
    account.balance !== claimed.balance ||
    !equalBytes(account.storageHash, claimed.storageHash) ||
    !equalBytes(account.codeHash, claimed.codeHash)
  )
    return fail(
      'STATE_PROOF_MISMATCH',
      `${field}: the claimed account fields are not the proven ones`
    );
  return { ok: true, account };
}

/**
 * Verify a token balance proof in evidence form for `holder` (20 bytes) under `stateRoot`:
 * the token account proof, the slot derivation and the storage proof. Returns the token
 * contract (EIP-55), the proven storage word and the balance it encodes. Never throws.
 */
export function verifyTokenJson(
  stateRoot: Uint8Array,
  holder: Uint8Array,
  json: unknown,
  field: string,
  sharedAccount?: unknown
): VerifyResult<
  EntryProofErrorCode,
  {
    contract: string;
    word: bigint;
    balance: bigint;
    frozen: boolean;
    balanceSlot: bigint;
    layout: SlotLayout;
    encoding: BalanceEncoding;
  }
> {
  let t: {
    contract: string;
    contractBytes: Uint8Array;
    balanceSlot: bigint;
    layout: SlotLayout;
    encoding: BalanceEncoding;
    slot: Uint8Array;
    value: bigint;
    proof: Uint8Array[];
  };
  try {
    if (!isObject(json)) throw new TypeError(`${field}: expected an object`);
    keys(
      json,
      ['contract', 'balanceSlot', 'layout', 'encoding', 'slot', 'account', 'value', 'proof'],
      field
    );
    const c = checkAddress(json.contract);
    if (!c.ok || c.address !== json.contract)
      throw new TypeError(`${field}.contract: expected an EIP-55 address`);
    if (json.layout !== 'solidity' && json.layout !== 'vyper')
      throw new TypeError(`${field}.layout: expected "solidity" or "vyper"`);
    if (json.encoding !== 'uint256' && json.encoding !== 'fiattoken-v2.2')
      throw new TypeError(`${field}.encoding: expected "uint256" or "fiattoken-v2.2"`);
    t = {
      contract: c.address,
      contractBytes: c.bytes,
      balanceSlot: decimal(json.balanceSlot, `${field}.balanceSlot`),
      layout: json.layout,
      encoding: json.encoding,
      slot: parseDataLower(json.slot, `${field}.slot`, 32),
      value: decimal(json.value, `${field}.value`),
      proof: parseNodes(json.proof, `${field}.proof`),
    };
    if (t.balanceSlot >> 256n !== 0n || t.value >> 256n !== 0n)
      throw new TypeError(`${field}: number above 2^256`);
  } catch (e) {
    return fail('BAD_STATE_PROOF', (e as Error).message);
  }
  const own = (json as Record<string, unknown>).account;
  if (own === undefined && sharedAccount === undefined)
    return fail(
      'BAD_STATE_PROOF',
      `${field}.account: no account proof of ${t.contract} in this entry or another entry of the file`
    );
  const acc = verifyAccountJson(
    stateRoot,
    t.contractBytes,
    own ?? sharedAccount,
    `${field}.account`
  );
  if (!acc.ok) return acc;
  const expectedSlot = balanceSlot(holder, t.balanceSlot, t.layout);
  if (!equalBytes(expectedSlot, t.slot))
    return fail(
      'STATE_PROOF_MISMATCH',
      `${field}.slot is not balances[holder] for mapping slot ${t.balanceSlot}`
    );
  const s = verifyStorageProof(acc.account.storageHash, t.slot, t.proof);
  if (!s.ok) return fail(s.code, `${field}.proof: ${s.message}`, s.level);
  if (s.value !== t.value)
    return fail('STATE_PROOF_MISMATCH', `${field}.value is not the proven storage word`);
  const { balance, frozen } = decodeBalanceWord(s.value, t.encoding);
  return {
    ok: true,
    contract: t.contract,
    word: s.value,
    balance,
    frozen,
    balanceSlot: t.balanceSlot,
    layout: t.layout,
    encoding: t.encoding,
  };
}

/** Build a token proof in evidence form. */
export function tokenProofJson(
  contract: string,
  slotNo: bigint,
  layout: SlotLayout,
  encoding: BalanceEncoding,
  slot: Uint8Array,
  account: AccountProofJson | undefined,
  value: bigint,
  proof: string[]
): TokenProofJson {
  return {
    contract,
    balanceSlot: slotNo.toString(),
    layout,
    encoding,
    slot: toData(slot),
    ...(account ? { account } : {}),
    value: value.toString(),
    proof,
  };
}
