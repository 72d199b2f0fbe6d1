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
 * EIP-1271 (`isValidSignature(bytes32,bytes)`, magic `0x1626ba7e`) is evaluated by `eth_call` at
 * the snapshot block (EIP-1898 `{ "blockHash": … }`) over the EIP-712 digest (which holds the
 * account): the account must have code at that block; the reply must be exactly the magic value
 * ABI-encoded as one 32-byte word; and two negative probes — a random 65-byte signature for the
 * digest, and the given signature for a random digest — must not return the magic value, else
 * the contract authenticates nothing (`EIP1271_PERMISSIVE`).
 * @module
 */
import { bytesToHex, fail, type VerifyResult } from '@kura/codec';
import { ownershipChallenge, type Round, roundId } from '@kura/tree';
import { Interface } from 'ethers';
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
  | 'EIP1271_INVALID'
  | 'EIP1271_PERMISSIVE'
  | 'BAD_ADDRESS'
  | 'BAD_CHECKSUM'
  | 'ENDPOINTS_DISAGREE'
  | 'UNCHECKED';

/** What a caller of an RPC method must offer (an {@link RpcClient} does). */
export interface EthCaller {
  readonly endpoint: string;
  call(method: string, params: readonly unknown[]): Promise<unknown>;
}

/** Context of an ownership check. */
export interface OwnershipContext {
  readonly round: Round;
  /** The EIP-155 chain id of the entry's chain. */
  readonly chainId: bigint;
  /** The entry's address (any valid spelling). */
  readonly address: string;
  /** Snapshot block hash (`0x…`), for EIP-1271. */
  readonly blockHash?: string;
  /** Endpoints to ask for EIP-1271 (all must agree). */
  readonly rpcs?: readonly EthCaller[];
  /** Random bytes source for the negative probes (default `crypto.getRandomValues`). */
  readonly random?: (n: number) => Uint8Array;
}

/** The magic value of EIP-1271, ABI-encoded as a 32-byte word. */
export const EIP1271_MAGIC_WORD = `0x1626ba7e${'0'.repeat(56)}`;

const IFACE_1271 = new Interface([
  'function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)',
]);

/** The parts of a structurally valid ownership record. */
interface ParsedOwnership {
  type: EthOwnershipType;
  signature: Uint8Array;
  challenge: string;
  typedData?: { domain: Record<string, unknown>; message: Record<string, unknown> };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
    if (d.chainId === undefined || String(d.chainId) !== ctx.chainId.toString())
      return fail(
        'WRONG_CHAIN',
        `typed data is for chain id ${String(d.chainId ?? 'none')}, the entry is on chain ${ctx.chainId}`
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
        `typed data is for account ${String(m.account)}, not ${a.address}`
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

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  globalThis.crypto.getRandomValues(b);
  return b;
}

type Eip1271Outcome = VerifyResult<OwnershipErrorCode>;

/** Ask one endpoint whether `account` accepts `signature` for `digest` at `blockHash`. */
async function ask1271(
  rpc: EthCaller,
  account: string,
  digest: Uint8Array,
  signature: Uint8Array,
  blockHash: string,
  random: (n: number) => Uint8Array
): Promise<Eip1271Outcome> {
  const block = { blockHash };
  const code = await rpc.call('eth_getCode', [account, block]);
  if (typeof code !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(code))
    return fail('UNCHECKED', `${rpc.endpoint} eth_getCode: malformed reply`);
  if (code === '0x')
    return fail(
      'NOT_DEPLOYED',
      `${account} has no code at the snapshot block, so EIP-1271 cannot apply`
    );
  const isValid = async (h: Uint8Array, s: Uint8Array): Promise<boolean | string> => {
    const data = IFACE_1271.encodeFunctionData('isValidSignature', [h, s]);
    try {
      const r = await rpc.call('eth_call', [{ to: account, data }, block]);
      return typeof r === 'string' && r.toLowerCase() === EIP1271_MAGIC_WORD;
    } catch (e) {
      const c = (e as { code?: unknown }).code;
      if (c === 'RPC_REVERTED') return false;
      throw e;
    }
  };
  const main = await isValid(digest, signature);
  if (main !== true)
    return fail(
      'EIP1271_INVALID',
      `${account} isValidSignature did not return the magic value 0x1626ba7e at the snapshot block`
    );
  if (
    (await isValid(digest, random(65))) === true ||
    (await isValid(random(32), signature)) === true
  )
    return fail(
      'EIP1271_PERMISSIVE',
      `${account} returns the EIP-1271 magic value for a random signature or digest: it authenticates nothing`
    );
  return { ok: true };
}

/**
 * Verify an ownership record completely (EIP-1271 via every endpoint in `ctx.rpcs`, which must
 * agree). A node that cannot be reached yields `UNCHECKED`. Never throws.
 */
export async function verifyOwnership(
  o: unknown,
  ctx: OwnershipContext
): Promise<VerifyResult<OwnershipErrorCode, { type: EthOwnershipType; signer?: string }>> {
  const off = checkOwnershipOffline(o, ctx);
  if (!off.ok) return off;
  if (off.type !== 'eip1271')
    return off.signer === undefined
      ? { ok: true, type: off.type }
      : { ok: true, type: off.type, signer: off.signer };
  const rpcs = ctx.rpcs ?? [];
  if (rpcs.length === 0 || ctx.blockHash === undefined)
    return fail('UNCHECKED', 'EIP-1271 needs an RPC endpoint and the snapshot block hash');
  const account = checkAddress(ctx.address);
  if (!account.ok) return account;
  const outcomes: Eip1271Outcome[] = [];
  for (const rpc of rpcs) {
    try {
      outcomes.push(
        await ask1271(
          rpc,
          account.address,
          off.digest,
          off.signature,
          ctx.blockHash,
          ctx.random ?? randomBytes
        )
      );
    } catch (e) {
      return fail('UNCHECKED', `EIP-1271 check not possible: ${(e as Error).message}`);
    }
  }
  const first = outcomes[0]!;
  const key = (r: Eip1271Outcome) => (r.ok ? 'ok' : r.code);
  if (outcomes.some((r) => key(r) !== key(first)))
    return fail(
      'ENDPOINTS_DISAGREE',
      `endpoints disagree on EIP-1271 for ${account.address}: ${rpcs.map((r, i) => `${r.endpoint} → ${key(outcomes[i]!)}`).join('; ')}`
    );
  if (!first.ok) return first;
  return { ok: true, type: 'eip1271' };
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
