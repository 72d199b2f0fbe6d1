/**
 * Safe (formerly Gnosis Safe) contract wallets, checked by Kura itself (issue 12: a trust model
 * for contract wallets, not a probe).
 *
 * A Safe is a proxy whose slot 0 holds the address of a *singleton* (mastercopy) that it
 * DELEGATECALLs. Kura counts an EIP-1271 entry as a Safe only when
 * 1. the entry's code hash (from its account proof) is a pinned Safe proxy runtime, and
 * 2. slot 0, proven by a storage proof, names a singleton whose code hash (proven by its own
 *    account proof) is a pinned Safe singleton (v1.3.0 / v1.4.1, L1 or L2);
 * 3. no module is enabled (`modules[0x1]` ∈ {0, 0x1}, proven): a module moves funds without the
 *    owners (`SAFE_MODULES_ENABLED`);
 * 4. the owners (the linked list `owners`, from the sentinel 0x1 back to it), `ownerCount` and
 *    `threshold` are read from storage proofs under the account's storageHash;
 * 5. the signature is `threshold` or more 65-byte owner signatures, each verified offline by Kura
 *    over the Safe's EIP-1271 message hash, each by a distinct owner.
 *
 * Storage layout (both versions; Safe sources `Singleton`, `ModuleManager`, `OwnerManager`):
 * slot 0 `singleton`, 1 `modules` (mapping address→address), 2 `owners` (mapping address→address),
 * 3 `ownerCount`, 4 `threshold`. `mapping[k]` lives at `keccak256(pad32(k) ‖ pad32(p))`.
 *
 * Message hash (CompatibilityFallbackHandler v1.3.0 and v1.4.1, `isValidSignature(bytes32,bytes)`
 * over `message = abi.encode(digest)`):
 * `keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ keccak256(SAFE_MSG_TYPEHASH ‖ keccak256(digest)))`,
 * `domainSeparator = keccak256(DOMAIN_TYPEHASH ‖ pad32(chainId) ‖ pad32(safe))`,
 * `DOMAIN_TYPEHASH = keccak256("EIP712Domain(uint256 chainId,address verifyingContract)")`,
 * `SAFE_MSG_TYPEHASH = keccak256("SafeMessage(bytes message)")`.
 * Signature parts (`r ‖ s ‖ v`, Safe `checkNSignatures`): `v ∈ {27, 28}` ECDSA over the message
 * hash; `v ∈ {31, 32}` ECDSA over the EIP-191 text hash of it (eth_sign); `v = 0` (contract
 * owner) and `v = 1` (approved hash), and an empty signature (on-chain `signMessage`) are refused
 * with `SAFE_SIGNATURE_UNSUPPORTED`.
 *
 * Pinned code hashes: keccak256 of the runtime bytecode, as listed in npm
 * `@safe-global/safe-deployments` 1.37.63 (`codeHash` of each singleton) and recomputed from the
 * `deployedBytecode` of npm `@gnosis.pm/safe-contracts` 1.3.0 and `@safe-global/safe-contracts`
 * 1.4.1 (the proxies, which safe-deployments does not list); `safe.test.ts` recomputes them all.
 *
 * Evidence form, `stateProof.wallet` of the entry:
 * ```json
 * { "kind": "safe", "singleton": "0x<EIP-55>", "singletonAccount": { …account proof… },
 *   "storage": [ { "slot": "0x<32 bytes>", "value": "<decimal word>", "proof": ["0x…", …] } ] }
 * ```
 * @module
 */
import {
  bytesToHex,
  concatBytes,
  equalBytes,
  fail,
  isObject,
  type VerifyResult,
} from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { type AccountState, verifyStorageProof } from './account.js';
import { addressKey, checkAddress } from './address.js';
import { parseDataLower, toData, word } from './hex.js';
import { recoverSigner } from './signature.js';
import { balanceSlot } from './slot.js';
import { type EntryProofErrorCode, verifyAccountJson } from './stateproof.js';

/** A pinned Safe implementation. */
export interface SafeImplementation {
  readonly version: '1.3.0' | '1.4.1';
  readonly variant: 'L1' | 'L2';
  /** keccak256 of the singleton's runtime code, `0x…` lowercase. */
  readonly codeHash: string;
}

/** Pinned Safe singletons (source: npm @safe-global/safe-deployments 1.37.63, `codeHash`). */
export const SAFE_SINGLETONS: readonly SafeImplementation[] = [
  {
    version: '1.3.0',
    variant: 'L1',
    codeHash: '0xbba688fbdb21ad2bb58bc320638b43d94e7d100f6f3ebaab0a4e4de6304b1c2e',
  },
  {
    version: '1.3.0',
    variant: 'L2',
    codeHash: '0x21842597390c4c6e3c1239e434a682b054bd9548eee5e9b1d6a4482731023c0f',
  },
  {
    version: '1.4.1',
    variant: 'L1',
    codeHash: '0x1fe2df852ba3299d6534ef416eefa406e56ced995bca886ab7a553e6d0c5e1c4',
  },
  {
    version: '1.4.1',
    variant: 'L2',
    codeHash: '0xb1f926978a0f44a2c0ec8fe822418ae969bd8c3f18d61e5103100339894f81ff',
  },
];

/**
 * Pinned Safe proxy runtimes: keccak256 of `deployedBytecode` of `GnosisSafeProxy` (npm
 * @gnosis.pm/safe-contracts 1.3.0) and `SafeProxy` (npm @safe-global/safe-contracts 1.4.1).
 */
export const SAFE_PROXY_CODE_HASHES: Readonly<Record<string, '1.3.0' | '1.4.1'>> = {
  '0xb89c1b3bdf2cf8827818646bce9a8f6e372885f8c55e5c07acbd307cb133b000': '1.3.0',
  '0xd7d408ebcd99b2b70be43e20253d6d92a8ea8fab29bd3be7f55b10032331fb4c': '1.4.1',
};

/** Whether a code hash (`0x…` or bytes) is a pinned Safe proxy runtime. */
export function isSafeProxyCode(codeHash: Uint8Array): boolean {
  return SAFE_PROXY_CODE_HASHES[`0x${bytesToHex(codeHash)}`] !== undefined;
}

/** Failure codes of {@link verifySafeOwnership}. */
export type SafeErrorCode =
  | EntryProofErrorCode
  | 'SAFE_STATE_UNPROVEN'
  | 'SAFE_UNKNOWN_SINGLETON'
  | 'SAFE_MODULES_ENABLED'
  | 'SAFE_NOT_SET_UP'
  | 'SAFE_BAD_STATE'
  | 'SAFE_SIGNATURE_UNSUPPORTED'
  | 'SAFE_NOT_OWNER'
  | 'SAFE_DUPLICATE_SIGNER'
  | 'SAFE_THRESHOLD_NOT_MET'
  | 'BAD_SIGNATURE'
  | 'HIGH_S';

/** The sentinel of Safe's linked lists (`address(0x1)`). */
const SENTINEL = 1n;
const SLOT_SINGLETON = 0n;
const SLOT_MODULES = 1n;
const SLOT_OWNERS = 2n;
const SLOT_OWNER_COUNT = 3n;
const SLOT_THRESHOLD = 4n;
/** At most this many owners are walked (the list is bounded by ownerCount anyway). */
const MAX_OWNERS = 256;

const utf8 = (s: string) => new TextEncoder().encode(s);
const DOMAIN_TYPEHASH = keccak_256(utf8('EIP712Domain(uint256 chainId,address verifyingContract)'));
const SAFE_MSG_TYPEHASH = keccak_256(utf8('SafeMessage(bytes message)'));

function addressWord(a: Uint8Array): Uint8Array {
  const w = new Uint8Array(32);
  w.set(a, 12);
  return w;
}

function addressOfWord(v: bigint): Uint8Array {
  return word(v).subarray(12);
}

/** The storage slot of `mapping[key]` for an address-keyed mapping at slot `p`. */
function mappingSlot(key: bigint, p: bigint): Uint8Array {
  return balanceSlot(addressOfWord(key), p, 'solidity');
}

/** The storage slots Kura reads first from a Safe (singleton, modules head, count, threshold). */
export function safeHeadSlots(): Uint8Array[] {
  return [
    word(SLOT_SINGLETON),
    mappingSlot(SENTINEL, SLOT_MODULES),
    word(SLOT_OWNER_COUNT),
    word(SLOT_THRESHOLD),
  ];
}

/** The storage slot of `owners[owner]` (owner: 20 bytes, or the sentinel as `1n`). */
export function safeOwnerSlot(owner: Uint8Array | bigint): Uint8Array {
  return typeof owner === 'bigint'
    ? mappingSlot(owner, SLOT_OWNERS)
    : balanceSlot(owner, SLOT_OWNERS, 'solidity');
}

/** The Safe's EIP-1271 message hash of `digest` (see the module doc). */
export function safeMessageHash(chainId: bigint, safe: Uint8Array, digest: Uint8Array): Uint8Array {
  if (safe.length !== 20) throw new RangeError('"safe" expected 20 bytes');
  if (digest.length !== 32) throw new RangeError('"digest" expected 32 bytes');
  const domain = keccak_256(concatBytes(DOMAIN_TYPEHASH, word(chainId), addressWord(safe)));
  const struct = keccak_256(concatBytes(SAFE_MSG_TYPEHASH, keccak_256(digest)));
  return keccak_256(concatBytes(new Uint8Array([0x19, 0x01]), domain, struct));
}

/** A storage proof item in evidence form. */
export interface StorageItemJson {
  slot: string;
  value: string;
  proof: string[];
}

/** `stateProof.wallet` for a Safe. */
export interface SafeWalletJson {
  kind: 'safe';
  singleton: string;
  singletonAccount: unknown;
  storage: StorageItemJson[];
}

/** Build a storage item in evidence form. */
export function storageItemJson(slot: Uint8Array, value: bigint, proof: string[]): StorageItemJson {
  return { slot: toData(slot), value: value.toString(), proof };
}

/** What a verified Safe is. */
export interface SafeFacts {
  readonly version: '1.3.0' | '1.4.1';
  readonly variant: 'L1' | 'L2';
  readonly singleton: string;
  readonly owners: readonly string[];
  readonly threshold: number;
  /** The owners whose signatures were checked. */
  readonly signers: readonly string[];
}

/** Arguments of {@link verifySafeOwnership}. */
export interface SafeCheck {
  readonly stateRoot: Uint8Array;
  readonly chainId: bigint;
  /** The Safe (proxy) address, 20 bytes. */
  readonly address: Uint8Array;
  /** The proxy's account, proven against `stateRoot`. */
  readonly account: AccountState;
  /** `stateProof.wallet` of the entry (may be absent: then `SAFE_STATE_UNPROVEN`). */
  readonly wallet: unknown;
  /** The Kura ownership digest (EIP-712) the owners signed through the Safe. */
  readonly digest: Uint8Array;
  readonly signature: Uint8Array;
}

/** Read the Safe's state from the proofs and check the owners' signatures. Never throws. */
export function verifySafeOwnership(
  c: SafeCheck
): VerifyResult<SafeErrorCode, { safe: SafeFacts }> {
  const w = c.wallet;
  if (w === undefined)
    return fail(
      'SAFE_STATE_UNPROVEN',
      'the Safe carries no stateProof.wallet: its owners and threshold are not proven'
    );
  if (
    !isObject(w) ||
    w.kind !== 'safe' ||
    Object.keys(w).some((k) => !['kind', 'singleton', 'singletonAccount', 'storage'].includes(k)) ||
    !Array.isArray(w.storage)
  )
    return fail(
      'BAD_STATE_PROOF',
      'stateProof.wallet: expected {kind: "safe", singleton, singletonAccount, storage: []}'
    );
  // storage items by slot, each verified under the proxy's storageHash
  const proven = new Map<string, bigint>();
  for (const [i, it] of (w.storage as unknown[]).entries()) {
    const f = `stateProof.wallet.storage[${i}]`;
    let slot: Uint8Array;
    let nodes: Uint8Array[];
    if (
      !isObject(it) ||
      Object.keys(it).some((k) => !['slot', 'value', 'proof'].includes(k)) ||
      typeof it.value !== 'string' ||
      !/^(0|[1-9][0-9]{0,77})$/.test(it.value) ||
      !Array.isArray(it.proof) ||
      it.proof.length > 66
    )
      return fail('BAD_STATE_PROOF', `${f}: expected {slot, value, proof}`);
    try {
      slot = parseDataLower(it.slot, `${f}.slot`, 32);
      nodes = (it.proof as unknown[]).map((n, k) => parseDataLower(n, `${f}.proof[${k}]`));
    } catch (e) {
      return fail('BAD_STATE_PROOF', (e as Error).message);
    }
    const s = verifyStorageProof(c.account.storageHash, slot, nodes);
    if (!s.ok) return fail(s.code, `${f}: ${s.message}`, s.level);
    if (s.value !== BigInt(it.value))
      return fail('STATE_PROOF_MISMATCH', `${f}.value is not the proven storage word`);
    proven.set(bytesToHex(slot), s.value);
  }
  const read = (slot: Uint8Array, what: string): bigint | string => {
    const v = proven.get(bytesToHex(slot));
    return v === undefined ? `no storage proof of ${what} (slot 0x${bytesToHex(slot)})` : v;
  };
  // singleton: slot 0, and its code
  const sv = read(word(SLOT_SINGLETON), 'the singleton (slot 0)');
  if (typeof sv === 'string') return fail('SAFE_STATE_UNPROVEN', sv);
  const single = checkAddress(w.singleton);
  if (!single.ok || single.address !== w.singleton)
    return fail('BAD_STATE_PROOF', 'stateProof.wallet.singleton: expected an EIP-55 address');
  if (!equalBytes(single.bytes, addressOfWord(sv)) || sv >> 160n !== 0n)
    return fail(
      'STATE_PROOF_MISMATCH',
      `stateProof.wallet.singleton is ${single.address}, slot 0 holds 0x${bytesToHex(word(sv))}`
    );
  const sa = verifyAccountJson(
    c.stateRoot,
    single.bytes,
    w.singletonAccount,
    'stateProof.wallet.singletonAccount'
  );
  if (!sa.ok) return sa;
  const impl = SAFE_SINGLETONS.find((s) => s.codeHash === `0x${bytesToHex(sa.account.codeHash)}`);
  if (!impl)
    return fail(
      'SAFE_UNKNOWN_SINGLETON',
      `the proxy delegates to ${single.address}, whose code (hash 0x${bytesToHex(sa.account.codeHash)}) is not a pinned Safe singleton`
    );
  // modules: none may be enabled
  const mv = read(mappingSlot(SENTINEL, SLOT_MODULES), 'modules[0x1]');
  if (typeof mv === 'string') return fail('SAFE_STATE_UNPROVEN', mv);
  if (mv !== 0n && mv !== SENTINEL)
    return fail(
      'SAFE_MODULES_ENABLED',
      `module 0x${bytesToHex(addressOfWord(mv))} is enabled: it can move the Safe's funds without the owners`
    );
  const tv = read(word(SLOT_THRESHOLD), 'threshold (slot 4)');
  if (typeof tv === 'string') return fail('SAFE_STATE_UNPROVEN', tv);
  const cv = read(word(SLOT_OWNER_COUNT), 'ownerCount (slot 3)');
  if (typeof cv === 'string') return fail('SAFE_STATE_UNPROVEN', cv);
  if (tv === 0n) return fail('SAFE_NOT_SET_UP', 'the Safe has threshold 0: it was never set up');
  if (cv > BigInt(MAX_OWNERS) || tv > cv)
    return fail('SAFE_BAD_STATE', `threshold ${tv} with ${cv} owner(s)`);
  // owners: the linked list from the sentinel back to it
  const owners: string[] = [];
  let cur = SENTINEL;
  for (;;) {
    const nv = read(safeOwnerSlot(cur), `owners[${owners.at(-1) ?? '0x1'}]`);
    if (typeof nv === 'string') return fail('SAFE_STATE_UNPROVEN', nv);
    if (nv === SENTINEL) break;
    if (nv === 0n || nv >> 160n !== 0n || owners.length >= Number(cv))
      return fail('SAFE_BAD_STATE', 'the owner list does not close after ownerCount owners');
    const a = checkAddress(`0x${bytesToHex(addressOfWord(nv))}`);
    if (!a.ok) return fail('SAFE_BAD_STATE', a.message);
    owners.push(a.address);
    cur = nv;
  }
  if (owners.length !== Number(cv))
    return fail('SAFE_BAD_STATE', `${owners.length} owner(s) listed, ownerCount ${cv}`);
  // signatures
  const sig = c.signature;
  if (sig.length === 0)
    return fail(
      'SAFE_SIGNATURE_UNSUPPORTED',
      'an empty signature (a message approved on-chain with signMessage) is not supported'
    );
  if (sig.length % 65 !== 0)
    return fail('BAD_SIGNATURE', `a Safe signature is 65-byte parts, got ${sig.length} bytes`);
  const hash = safeMessageHash(c.chainId, c.address, c.digest);
  const ownerSet = new Set(owners.map(addressKey));
  const signers: string[] = [];
  for (let i = 0; i < sig.length; i += 65) {
    const part = sig.slice(i, i + 65);
    const v = part[64]!;
    let digest = hash;
    if (v === 31 || v === 32) {
      digest = keccak_256(concatBytes(utf8('\x19Ethereum Signed Message:\n32'), hash));
      part[64] = v - 4;
    } else if (v !== 27 && v !== 28)
      return fail(
        'SAFE_SIGNATURE_UNSUPPORTED',
        `signature part ${i / 65} has v = ${v}: only ECDSA owner signatures (v 27/28, eth_sign 31/32) are checked offline`
      );
    const r = recoverSigner(digest, part);
    if (!r.ok) return fail(r.code, `signature part ${i / 65}: ${r.message}`);
    if (!ownerSet.has(addressKey(r.address)))
      return fail(
        'SAFE_NOT_OWNER',
        `signature part ${i / 65} is by ${r.address}, not an owner of the Safe at the snapshot block`
      );
    if (signers.some((s) => addressKey(s) === addressKey(r.address)))
      return fail('SAFE_DUPLICATE_SIGNER', `owner ${r.address} signed more than once`);
    signers.push(r.address);
  }
  if (BigInt(signers.length) < tv)
    return fail(
      'SAFE_THRESHOLD_NOT_MET',
      `${signers.length} owner signature(s), the Safe's threshold is ${tv} of ${owners.length}`
    );
  return {
    ok: true,
    safe: {
      version: impl.version,
      variant: impl.variant,
      singleton: single.address,
      owners,
      threshold: Number(tv),
      signers,
    },
  };
}
