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
import {
  amount,
  arr,
  bytesToHex,
  DocumentError,
  equalBytes,
  fail,
  hexToBytes,
  type Infer,
  obj,
  oneOf,
  refine,
  type Shape,
  str,
  type VerifyResult,
  validate,
} from '@kura/codec';
import {
  type AccountState,
  type StateProofErrorCode,
  verifyAccountProof,
  verifyStorageProof,
} from './account.js';
import { checkAddress } from './address.js';
import { type BalanceEncoding, decodeBalanceWord } from './assets.js';
import { parseData, toData } from './hex.js';
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

/** `0x`-prefixed hex of `bytes` bytes (any number of bytes when omitted); lowercase unless `anyCase`. */
function data(bytes?: number, anyCase = false): Shape<string> {
  const digit = anyCase ? '[0-9a-fA-F]' : '[0-9a-f]';
  return str({
    nfc: false,
    pattern: new RegExp(bytes === undefined ? `^0x(${digit}{2})*$` : `^0x${digit}{${bytes * 2}}$`),
    expected:
      bytes === undefined
        ? `expected 0x-prefixed ${anyCase ? '' : 'lowercase '}hex of even length`
        : `expected ${bytes} bytes of 0x-prefixed ${anyCase ? '' : 'lowercase '}hex`,
  });
}
/** A JSON-RPC QUANTITY (`0x0`, `0x1f`; no leading zeros). */
const quantity = str({
  nfc: false,
  pattern: /^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/,
  expected: 'expected a 0x-prefixed hex quantity without leading zeros',
});
/** A decimal string of at most 78 digits (a 256-bit word fits). */
const word = amount(78);
/** Trie nodes: at most 66 (a 64-nibble path plus an extension and the root). */
const trieNodes = arr(data(), { max: 66 });

/** An account proof in evidence form (see the module doc). */
export const accountProofShape = obj({
  nonce: word,
  balance: word,
  storageHash: data(32),
  codeHash: data(32),
  proof: trieNodes,
});

/** A token balance proof in evidence form (see the module doc). */
export const tokenProofShape = obj(
  {
    contract: refine(str({ nfc: false }), (c) => {
      const r = checkAddress(c);
      return r.ok && r.address === c ? undefined : 'expected an EIP-55 address';
    }),
    balanceSlot: word,
    layout: oneOf(['solidity', 'vyper']),
    encoding: oneOf(['uint256', 'fiattoken-v2.2']),
    slot: data(32),
    value: word,
    proof: trieNodes,
  },
  // checked where it is used, against the token contract (verifyAccountJson)
  { account: obj({}, {}, { open: true }) }
);

/** The account part of an `eth_getProof` reply (other members are the storage proofs). */
const rpcAccountShape = obj(
  {
    nonce: quantity,
    balance: quantity,
    storageHash: data(32, true),
    codeHash: data(32, true),
    accountProof: arr(data(undefined, true)),
  },
  {},
  { open: true }
);

/** The storage proofs of an `eth_getProof` reply. */
const rpcStorageShape = obj(
  {
    storageProof: arr(
      obj(
        { key: str({ nfc: false }), value: quantity, proof: arr(data(undefined, true)) },
        {},
        {
          open: true,
        }
      )
    ),
  },
  {},
  { open: true }
);

/** Codes of a bad node reply read as a document. */
const RPC_CODES = {
  schema: 'RPC_BAD_REPLY',
  number: 'RPC_BAD_REPLY',
  noncanonical: 'RPC_BAD_REPLY',
};

/** Convert an `eth_getProof` reply's account part into evidence form (validating it). */
export function accountProofFromRpc(reply: unknown): AccountProofJson {
  const r = validate(rpcAccountShape, reply, { codes: RPC_CODES });
  return {
    nonce: BigInt(r.nonce).toString(),
    balance: BigInt(r.balance).toString(),
    storageHash: r.storageHash.toLowerCase(),
    codeHash: r.codeHash.toLowerCase(),
    proof: r.accountProof.map((n) => n.toLowerCase()),
  };
}

/** The storage proof items of an `eth_getProof` reply: `{ key, value, proof }` each. */
export function storageProofsFromRpc(
  reply: unknown
): { key: Uint8Array; value: bigint; proof: string[] }[] {
  const r = validate(rpcStorageShape, reply, { codes: RPC_CODES });
  return r.storageProof.map((sp, i) => ({
    // nodes echo the key as given or as a quantity: normalise to 32 bytes
    key: parseData(
      `0x${sp.key.replace(/^0x/, '').padStart(64, '0')}`,
      `storageProof[${i}].key`,
      32
    ),
    value: BigInt(sp.value),
    proof: sp.proof.map((n) => n.toLowerCase()),
  }));
}

/** A state-proof document error as the message of a failure: `<field>.<path>: <reason>`. */
function at(field: string, e: unknown): string {
  if (e instanceof DocumentError) return `${field}${e.path.slice(1)}: ${e.reason}`;
  return e instanceof Error ? e.message : String(e);
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
  let claimed: Infer<typeof accountProofShape>;
  try {
    claimed = validate(accountProofShape, json);
  } catch (e) {
    return fail('BAD_STATE_PROOF', at(field, e));
  }
  // one token contract's account proof is shared by many entries: verify each distinct one once
  const cacheKey = `${bytesToHex(stateRoot)}${bytesToHex(address)}${claimed.proof.join(',')}`;
  let account = verifiedAccounts.get(cacheKey);
  if (!account) {
    const r = verifyAccountProof(stateRoot, address, claimed.proof.map(hexData));
    if (!r.ok) return fail(r.code, `${field}: ${r.message}`, r.level);
    account = r.account;
    if (verifiedAccounts.size > 10_000) verifiedAccounts.clear();
    verifiedAccounts.set(cacheKey, account);
  }
  if (
    account.nonce !== BigInt(claimed.nonce) ||
    account.balance !== BigInt(claimed.balance) ||
    !equalBytes(account.storageHash, hexData(claimed.storageHash)) ||
    !equalBytes(account.codeHash, hexData(claimed.codeHash))
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
    const j = validate(tokenProofShape, json);
    t = {
      contract: j.contract,
      contractBytes: hexData(j.contract.toLowerCase()),
      balanceSlot: BigInt(j.balanceSlot),
      layout: j.layout,
      encoding: j.encoding,
      slot: hexData(j.slot),
      value: BigInt(j.value),
      proof: j.proof.map(hexData),
    };
  } catch (e) {
    return fail('BAD_STATE_PROOF', at(field, e));
  }
  if (t.balanceSlot >> 256n !== 0n || t.value >> 256n !== 0n)
    return fail('BAD_STATE_PROOF', `${field}: number above 2^256`);
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

/** Checked `0x`-prefixed lowercase hex as bytes. */
function hexData(s: string): Uint8Array {
  return hexToBytes(s.slice(2));
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
