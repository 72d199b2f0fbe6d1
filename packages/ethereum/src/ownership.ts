/**
 * Verification of an Ethereum ownership record of an evidence entry (protocol v1
 * §Address-ownership challenge; attacks C3, D1–D5, D7):
 *
 * ```json
 * { "type": "eip191" | "eip712" | "eip1271", "signature": "0x…", "challenge": "<protocol text>",
 *   "typedData": { "domain": {…}, "message": {…} } }       // eip712 and eip1271 only
 * ```
 * The verifier never takes the signed content from the record: it rebuilds the challenge and the
 * typed data from the round, the entry's chain and the entry's address, and recovers or asks the
 * wallet about *that* digest. The record's own `challenge` / `typedData` are compared first only
 * to name the failure precisely (`WRONG_ROUND`, `WRONG_CHAIN`, `WRONG_ACCOUNT`).
 *
 * EIP-1271 entries are decided by the trust model of `wallet.ts` (issue 12): by the wallet's
 * code hash proven by the entry's account proof — a pinned Safe whose owners Kura checks itself,
 * or code the auditor accepts explicitly — never by probing the contract (`EIP1271_UNTRUSTED_CODE`
 * for anything else).
 * @module
 */
import { bytesToHex, fail, isObject, showValue, type VerifyResult } from '@kura/codec';
import { ownershipChallenge, type Round, roundId } from '@kura/tree';
import type { AccountState } from './account.js';
import { addressKey, checkAddress } from './address.js';
import { parseDataLower, toData } from './hex.js';
import { recoverSigner } from './signature.js';
import {
  EIP712_DOMAIN_NAME,
  EIP712_DOMAIN_VERSION,
  eip191Digest,
  ownershipDigest712,
  ownershipTypedData,
} from './typed-data.js';
import {
  type EthCaller,
  verifyContractWallet,
  type WalletErrorCode,
  type WalletModel,
} from './wallet.js';

/** Ownership proof types for EVM addresses. */
export type EthOwnershipType = 'eip191' | 'eip712' | 'eip1271';
/** All EVM ownership types. */
export const ETH_OWNERSHIP_TYPES: readonly EthOwnershipType[] = ['eip191', 'eip712', 'eip1271'];

/** Failure codes of ownership verification. */
export type OwnershipErrorCode =
  | 'BAD_OWNERSHIP'
  | 'UNSUPPORTED_OWNERSHIP'
  | 'CHALLENGE_MISMATCH'
  | 'WRONG_ROUND'
  | 'WRONG_CHAIN'
  | 'WRONG_ACCOUNT'
  | 'BAD_SIGNATURE'
  | 'HIGH_S'
  | 'SIGNER_MISMATCH'
  | 'NOT_DEPLOYED'
  | WalletErrorCode
  | 'BAD_ADDRESS'
  | 'BAD_CHECKSUM'
  | 'ENDPOINTS_DISAGREE'
  | 'UNCHECKED';

/** Context of an ownership check. */
export interface OwnershipContext {
  readonly round: Round;
  /** The EIP-155 chain id of the entry's chain. */
  readonly chainId: bigint;
  /** The entry's address (any valid spelling). */
  readonly address: string;
  /** Snapshot block hash (`0x…`), for EIP-1271. */
  readonly blockHash?: string;
  /** Endpoints to ask for EIP-1271 of auditor-accepted code (all must agree). */
  readonly rpcs?: readonly EthCaller[];
  /** For EIP-1271: the snapshot's stateRoot and the wallet's proven account (see `wallet.ts`). */
  readonly contract?: {
    readonly stateRoot: Uint8Array;
    readonly account?: AccountState;
    /** `stateProof.wallet` of the entry. */
    readonly wallet?: unknown;
    /** Code hashes (`0x…` lowercase) accepted for the wallet's own `isValidSignature`. */
    readonly acceptedCodeHashes?: ReadonlySet<string>;
  };
}

/** The parts of a structurally valid ownership record. */
interface ParsedOwnership {
  type: EthOwnershipType;
  signature: Uint8Array;
  challenge: string;
  typedData?: { domain: Record<string, unknown>; message: Record<string, unknown> };
}

function parseOwnership(o: unknown): VerifyResult<OwnershipErrorCode, { p: ParsedOwnership }> {
  if (!isObject(o)) return fail('BAD_OWNERSHIP', 'ownership: expected an object');
  const type = o.type;
  if (typeof type !== 'string' || !(ETH_OWNERSHIP_TYPES as readonly string[]).includes(type))
    return fail(
      'UNSUPPORTED_OWNERSHIP',
      `ownership.type ${JSON.stringify(type)} is not an EVM proof type`
    );
  const allowed =
    type === 'eip191'
      ? ['type', 'signature', 'challenge']
      : ['type', 'signature', 'challenge', 'typedData'];
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) return fail('BAD_OWNERSHIP', `ownership: unknown field "${k}"`);
  let signature: Uint8Array;
  try {
    signature = parseDataLower(o.signature, 'ownership.signature');
  } catch (e) {
    return fail('BAD_SIGNATURE', (e as Error).message);
  }
  if (typeof o.challenge !== 'string')
    return fail('BAD_OWNERSHIP', 'ownership.challenge: expected a string');
  const p: ParsedOwnership = { type: type as EthOwnershipType, signature, challenge: o.challenge };
  if (type !== 'eip191') {
    const td = o.typedData;
    if (!isObject(td) || !isObject(td.domain) || !isObject(td.message))
      return fail('BAD_OWNERSHIP', 'ownership.typedData: expected {"domain": {…}, "message": {…}}');
    for (const k of Object.keys(td))
      if (k !== 'domain' && k !== 'message')
        return fail('BAD_OWNERSHIP', `ownership.typedData: unknown field "${k}"`);
    // closed: the record must show exactly the typed data whose digest is verified
    for (const [part, keys] of [
      ['domain', ['name', 'version', 'chainId']],
      ['message', ['challenge', 'exchange', 'period', 'roundId', 'account']],
    ] as const)
      for (const k of Object.keys(td[part] as object))
        if (!(keys as readonly string[]).includes(k))
          return fail('BAD_OWNERSHIP', `ownership.typedData.${part}: unknown field "${k}"`);
    p.typedData = { domain: td.domain, message: td.message };
  }
  return { ok: true, p };
}

/** Compare a claimed challenge text with the expected one; names what differs. */
function compareChallenge(claimed: string, expected: string): VerifyResult<OwnershipErrorCode> {
  if (claimed === expected) return { ok: true };
  const c = claimed.split('\n');
  const e = expected.split('\n');
  if (
    c.length === e.length &&
    c[0] === e[0] &&
    c.every((l, i) => i === 0 || l.split(':')[0] === e[i]!.split(':')[0])
  )
    return fail(
      'WRONG_ROUND',
      `the signed challenge is for another round (${c.slice(1).join(', ')}), expected ${e.slice(1).join(', ')}`
    );
  return fail(
    'CHALLENGE_MISMATCH',
    'the signed text is not the Kura ownership challenge of this round'
  );
}

/**
 * Check everything of an ownership record that needs no node, and compute the digest Kura
 * expects. For `eip1271` the signature check itself is left to {@link verifyOwnership}.
 */
export function checkOwnershipOffline(
  o: unknown,
  ctx: Pick<OwnershipContext, 'round' | 'chainId' | 'address'>
): VerifyResult<
  OwnershipErrorCode,
  { type: EthOwnershipType; digest: Uint8Array; signature: Uint8Array; signer?: string }
> {
  const a = checkAddress(ctx.address);
  if (!a.ok) return a;
  const parsed = parseOwnership(o);
  if (!parsed.ok) return parsed;
  const { p } = parsed;
  const expected = ownershipChallenge(ctx.round);
  const ch = compareChallenge(p.challenge, expected);
  if (!ch.ok) return ch;
  let digest: Uint8Array;
  if (p.type === 'eip191') digest = eip191Digest(expected);
  else {
    const d = p.typedData!.domain;
    const m = p.typedData!.message;
    if (d.name !== EIP712_DOMAIN_NAME || d.version !== EIP712_DOMAIN_VERSION)
      return fail(
        'CHALLENGE_MISMATCH',
        `typed data domain is not "${EIP712_DOMAIN_NAME}" version "${EIP712_DOMAIN_VERSION}"`
      );
    if (d.chainId === undefined || showValue(d.chainId) !== ctx.chainId.toString())
      return fail(
        'WRONG_CHAIN',
        `typed data is for chain id ${d.chainId === undefined ? 'none' : showValue(d.chainId)}, the entry is on chain ${ctx.chainId}`
      );
    const rid = `0x${bytesToHex(roundId(ctx.round))}`;
    if (
      m.challenge !== expected ||
      m.exchange !== ctx.round.exchange ||
      m.period !== ctx.round.period ||
      m.roundId !== rid
    )
      return fail('WRONG_ROUND', 'typed data message names another exchange, period or round');
    if (typeof m.account !== 'string' || addressKey(m.account) !== addressKey(a.address))
      return fail(
        'WRONG_ACCOUNT',
        `typed data is for account ${showValue(m.account)}, not ${a.address}`
      );
    try {
      digest = ownershipDigest712(ctx.round, ctx.chainId, a.address);
    } catch (e) {
      return fail('WRONG_CHAIN', (e as Error).message);
    }
  }
  if (p.type === 'eip1271') return { ok: true, type: p.type, digest, signature: p.signature };
  const r = recoverSigner(digest, p.signature);
  if (!r.ok) return r;
  if (addressKey(r.address) !== addressKey(a.address))
    return fail('SIGNER_MISMATCH', `the signature recovers to ${r.address}, not ${a.address}`);
  return { ok: true, type: p.type, digest, signature: p.signature, signer: r.address };
}

/**
 * Verify an ownership record completely (EIP-1271 via every endpoint in `ctx.rpcs`, which must
 * agree). A node that cannot be reached yields `UNCHECKED`. Never throws.
 */
export async function verifyOwnership(
  o: unknown,
  ctx: OwnershipContext
): Promise<
  VerifyResult<
    OwnershipErrorCode,
    { type: EthOwnershipType; signer?: string; wallet?: WalletModel }
  >
> {
  const off = checkOwnershipOffline(o, ctx);
  if (!off.ok) return off;
  if (off.type !== 'eip1271')
    return off.signer === undefined
      ? { ok: true, type: off.type }
      : { ok: true, type: off.type, signer: off.signer };
  if (!ctx.contract)
    return fail(
      'UNCHECKED',
      "EIP-1271 needs the wallet's account proof and the snapshot stateRoot"
    );
  const account = checkAddress(ctx.address);
  if (!account.ok) return account;
  const r = await verifyContractWallet({
    stateRoot: ctx.contract.stateRoot,
    chainId: ctx.chainId,
    address: account.address,
    addressBytes: account.bytes,
    ...(ctx.contract.account ? { account: ctx.contract.account } : {}),
    wallet: ctx.contract.wallet,
    digest: off.digest,
    signature: off.signature,
    ...(ctx.contract.acceptedCodeHashes
      ? { acceptedCodeHashes: ctx.contract.acceptedCodeHashes }
      : {}),
    ...(ctx.rpcs ? { rpcs: ctx.rpcs } : {}),
    ...(ctx.blockHash ? { blockHash: ctx.blockHash } : {}),
  });
  if (!r.ok) return r;
  return { ok: true, type: 'eip1271', wallet: r.model };
}

/**
 * Build the ownership record Kura writes into an evidence entry for a signature of `type`
 * by `address` (EIP-55) on `chainId` in `round`.
 */
export function ownershipRecord(
  type: EthOwnershipType,
  signature: Uint8Array,
  round: Round,
  chainId: bigint,
  address: string
): Record<string, unknown> {
  const challenge = ownershipChallenge(round);
  const sig = toData(signature);
  if (type === 'eip191') return { type, signature: sig, challenge };
  const t = ownershipTypedData(round, chainId, address);
  return {
    type,
    signature: sig,
    challenge,
    typedData: { domain: { ...t.domain }, message: { ...t.message } },
  };
}
