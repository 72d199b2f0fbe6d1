/**
 * `verifyEthEvidence`: check the Ethereum entries of a reserves evidence file, trusting the RPC
 * endpoints for as little as possible.
 *
 * Per snapshot (`eip155:*`): the header is fetched by the pinned hash and must hash to it
 * (keccak256 of its RLP); its height and time must be the snapshot's; it must be the canonical
 * block at that height with ≥ N blocks on it; every endpoint must agree; token decimals read at
 * the block must match the asset table.
 *
 * Per entry, in this order (the first failure is the entry's code; warnings accumulate):
 * 1. asset table (when given): each balance's symbol and contract are the table's (attack C7-b),
 *    and a state proof's balanceSlot / layout / encoding are the table's;
 * 2. state proofs against the header's stateRoot (no trust in the node): the ETH amount is the
 *    proven account balance; a token amount is the proven storage word decoded (0 when the
 *    token's blacklist flag is set); a balance without proof is invalid (`NOT_STATE_PROVEN`)
 *    unless `allowUnproven` accepts it (then valid with that warning; issue 12);
 * 3. ownership (EIP-191 / EIP-712 offline; EIP-1271 by the contract-wallet trust model of
 *    `wallet.ts`: a pinned Safe checked from storage proofs, or code the auditor accepts);
 * 4. balances read at the snapshot block through every endpoint must equal the amounts (for
 *    proven balances this checks the slot really is `balanceOf`'s).
 * Statuses: `valid`, `invalid` (a check failed), `unchecked` (an endpoint failed or disagreed,
 * too few confirmations, no endpoint for the chain). Never throws.
 * @module
 */
import {
  type ChainCheckStatus,
  type ChainEntryResult,
  type ChainSnapshotResult,
  type ChainVerifyReport,
  type Evidence,
  type EvidenceEntry,
  type EvidenceSnapshot,
  isEvmChain,
  overallStatus,
  parseEvidence,
  validateEvidence,
} from '@kura/attest';
import { isObject, KuraError } from '@kura/codec';
import type { AccountState } from './account.js';
import { addressKey, checkAddress } from './address.js';
import type { EthAsset, EthAssetTable } from './assets.js';
import { type BalanceTable, readBalances, readDecimals } from './balances.js';
import { type BlockHeader, verifyHeader } from './header.js';
import { parseData, parseQuantity } from './hex.js';
import { verifyOwnership } from './ownership.js';
import type { RpcClient } from './rpc.js';
import { checkFinalized, rfc3339 } from './snapshot.js';
import { verifyAccountJson, verifyTokenJson } from './stateproof.js';
import { parseCodeHash, type WalletModel } from './wallet.js';

/** The outcome of one check. */
export type CheckStatus = ChainCheckStatus;

/** A warning attached to a valid result. */
export interface Warning {
  readonly code: string;
  readonly message: string;
}

/** The result of one snapshot. */
export interface SnapshotReport extends ChainSnapshotResult {
  /** Endpoints that served this chain. */
  readonly endpoints: readonly string[];
}

/** The result of one entry. */
export interface EntryReport extends ChainEntryResult {
  readonly warnings: readonly Warning[];
  /** For a valid EIP-1271 entry: how the contract wallet was trusted. */
  readonly wallet?: WalletModel;
}

/** The result of {@link verifyEthEvidence} (no entries at all: `unchecked`). */
export interface EthVerifyReport extends ChainVerifyReport<SnapshotReport, EntryReport> {
  /** Whether balances without a state proof were accepted (`allowUnproven`). */
  readonly allowUnproven: boolean;
}

/** Options of {@link verifyEthEvidence}. */
export interface VerifyEthOptions {
  /** Endpoints; each serves the chain it reports. Two for one chain are cross-checked. */
  readonly rpcs: readonly RpcClient[];
  /** The auditor's asset table: which contract is which asset (recommended). */
  readonly assets?: EthAssetTable;
  /** Blocks required on the snapshot block (default 64). */
  readonly confirmations?: number;
  /** Require the snapshot block to be finalized (else `NOT_FINALIZED`, unchecked). */
  readonly requireFinalized?: boolean;
  /**
   * Accept balances without a state proof (valid with a `NOT_STATE_PROVEN` warning). Default
   * false: such a balance is invalid. Contract wallets always need their account proof.
   */
  readonly allowUnproven?: boolean;
  /** Contract-wallet code hashes (`0x…`) the auditor accepts for their own `isValidSignature`. */
  readonly acceptedWalletCodeHashes?: readonly string[];
  /** Progress: entries done, total. */
  readonly onProgress?: (done: number, total: number) => void;
}

class Acc {
  invalid?: { code: string; message: string };
  unchecked?: { code: string; message: string };
  warnings: Warning[] = [];
  wallet?: WalletModel;
  bad(code: string, message: string): void {
    this.invalid ??= { code, message };
  }
  skip(code: string, message: string): void {
    this.unchecked ??= { code, message };
  }
  report(index: number, e: EvidenceEntry): EntryReport {
    const base = { index, chain: e.chain, address: e.address, warnings: this.warnings };
    if (this.invalid) return { ...base, status: 'invalid', ...this.invalid };
    if (this.unchecked) return { ...base, status: 'unchecked', ...this.unchecked };
    return { ...base, status: 'valid', ...(this.wallet ? { wallet: this.wallet } : {}) };
  }
}

function errText(e: unknown): { code: string; message: string } {
  if (e instanceof KuraError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

interface ChainContext {
  snap: EvidenceSnapshot;
  chainId: bigint;
  rpcs: RpcClient[];
  header?: BlockHeader;
  fail?: { status: 'invalid' | 'unchecked'; code: string; message: string };
  table?: readonly EthAsset[];
}

async function checkSnapshot(ctx: ChainContext, opts: VerifyEthOptions): Promise<void> {
  const { snap, rpcs } = ctx;
  const want = parseData(snap.blockHash, 'blockHash', 32);
  const headers: BlockHeader[] = [];
  for (const rpc of rpcs) {
    let block: unknown;
    try {
      block = await rpc.call('eth_getBlockByHash', [snap.blockHash, false]);
    } catch (e) {
      ctx.fail = { status: 'unchecked', ...errText(e) };
      return;
    }
    if (block === null) {
      ctx.fail = {
        status: 'invalid',
        code: 'BLOCK_NOT_FOUND',
        message: `${rpc.endpoint} does not know block ${snap.blockHash} on ${snap.chain}`,
      };
      return;
    }
    const v = verifyHeader(block, want);
    if (!v.ok) {
      // the endpoint served bytes that are not the pinned block: it is the node that is wrong
      ctx.fail = { status: 'unchecked', code: v.code, message: `${rpc.endpoint}: ${v.message}` };
      return;
    }
    headers.push(v.header);
  }
  const h = headers[0]!;
  if (h.number !== BigInt(snap.height)) {
    ctx.fail = {
      status: 'invalid',
      code: 'SNAPSHOT_MISMATCH',
      message: `block ${snap.blockHash} is at height ${h.number}, the evidence says ${snap.height}`,
    };
    return;
  }
  if (Date.parse(snap.time) !== Number(h.timestamp) * 1000) {
    ctx.fail = {
      status: 'invalid',
      code: 'SNAPSHOT_MISMATCH',
      message: `block time is ${rfc3339(h.timestamp)}, the evidence says ${snap.time}`,
    };
    return;
  }
  const need = BigInt(opts.confirmations ?? 64);
  for (const rpc of rpcs) {
    try {
      const canon = (await rpc.call('eth_getBlockByNumber', [
        `0x${h.number.toString(16)}`,
        false,
      ])) as { hash?: unknown } | null;
      if (!canon || typeof canon.hash !== 'string' || canon.hash.toLowerCase() !== snap.blockHash) {
        ctx.fail = {
          status: 'invalid',
          code: 'NOT_CANONICAL',
          message: `${rpc.endpoint}: ${snap.blockHash} is not the canonical block at height ${h.number}`,
        };
        return;
      }
      const head = parseQuantity(await rpc.call('eth_blockNumber', []), 'eth_blockNumber');
      if (head - h.number < need) {
        ctx.fail = {
          status: 'unchecked',
          code: 'TOO_FEW_CONFIRMATIONS',
          message: `${rpc.endpoint}: ${head - h.number} block(s) on the snapshot block, ${need} required`,
        };
        return;
      }
      if (opts.requireFinalized) await checkFinalized(rpc, h.number);
    } catch (e) {
      ctx.fail = { status: 'unchecked', ...errText(e) };
      return;
    }
  }
  ctx.header = h;
  for (const t of ctx.table ?? []) {
    if (t.native) continue;
    for (const rpc of rpcs) {
      try {
        const d = await readDecimals(rpc, t.contract, snap.blockHash);
        if (d !== t.decimals) {
          ctx.fail = {
            status: 'invalid',
            code: 'DECIMALS_MISMATCH',
            message: `${t.symbol} ${t.contract}: decimals() = ${d} at the snapshot block, the asset table says ${t.decimals}`,
          };
          return;
        }
      } catch (e) {
        ctx.fail = { status: 'unchecked', ...errText(e) };
        return;
      }
    }
  }
}

/** Verify the Ethereum entries of an evidence file (a parsed JSON value). Never throws. */
export async function verifyEthEvidence(
  json: unknown,
  opts: VerifyEthOptions
): Promise<EthVerifyReport> {
  let ev: Evidence;
  try {
    ev = parseEvidence(json);
  } catch (e) {
    return {
      status: 'invalid',
      file: errText(e),
      snapshots: [],
      entries: [],
      skipped: 0,
      allowUnproven: opts.allowUnproven === true,
    };
  }
  const rules = validateEvidence(ev);
  if (!rules.ok)
    return {
      status: 'invalid',
      file: { code: rules.code, message: rules.message },
      snapshots: [],
      entries: [],
      skipped: 0,
      allowUnproven: opts.allowUnproven === true,
    };

  // endpoints by chain
  const byChain = new Map<string, RpcClient[]>();
  const endpointErrors: string[] = [];
  for (const rpc of opts.rpcs) {
    try {
      const id = parseQuantity(await rpc.call('eth_chainId', []), 'eth_chainId');
      const chain = `eip155:${id}`;
      byChain.set(chain, [...(byChain.get(chain) ?? []), rpc]);
    } catch (e) {
      endpointErrors.push(errText(e).message);
    }
  }

  const chains = new Map<string, ChainContext>();
  for (const snap of ev.snapshots) {
    if (!isEvmChain(snap.chain)) continue;
    const ctx: ChainContext = {
      snap,
      chainId: BigInt(snap.chain.slice(7)),
      rpcs: byChain.get(snap.chain) ?? [],
    };
    const table = opts.assets?.networks.get(snap.chain);
    if (table) ctx.table = table;
    chains.set(snap.chain, ctx);
    if (ctx.rpcs.length === 0)
      ctx.fail = {
        status: 'unchecked',
        code: 'NO_ENDPOINT',
        message: `no --rpc endpoint serves ${snap.chain}${endpointErrors.length ? ` (${endpointErrors.join('; ')})` : ''}`,
      };
    else if (opts.assets && !table)
      ctx.fail = {
        status: 'invalid',
        code: 'ASSET_MISMATCH',
        message: `the asset table has no assets for ${snap.chain}`,
      };
    else await checkSnapshot(ctx, opts);
  }

  const evm = ev.entries.map((e, index) => ({ e, index })).filter(({ e }) => isEvmChain(e.chain));
  const reports: EntryReport[] = [];
  let done = 0;
  for (const ctx of chains.values()) {
    const mine = evm.filter(({ e }) => e.chain === ctx.snap.chain);
    // balances through every endpoint, once per chain
    let tables: BalanceTable[] | undefined;
    let readFail: { code: string; message: string } | undefined;
    const contracts = [
      ...new Set(
        mine.flatMap(({ e }) => e.balances.filter((b) => b.contract).map((b) => b.contract!))
      ),
    ];
    if (!ctx.fail && mine.length > 0) {
      try {
        tables = await Promise.all(
          ctx.rpcs.map((rpc) =>
            readBalances(
              rpc,
              mine.map(({ e }) => e.address),
              contracts,
              ctx.snap.blockHash
            )
          )
        );
      } catch (e) {
        readFail = errText(e);
      }
    }
    // token contracts' account proofs: written once per file (see stateproof.ts)
    const shared = new Map<string, unknown>();
    for (const { e } of mine) {
      const sp = e.stateProof;
      if (!isObject(sp) || !Array.isArray(sp.tokens)) continue;
      for (const t of sp.tokens as unknown[])
        if (
          isObject(t) &&
          typeof t.contract === 'string' &&
          t.account !== undefined &&
          !shared.has(addressKey(t.contract))
        )
          shared.set(addressKey(t.contract), t.account);
    }
    for (const [k, { e, index }] of mine.entries()) {
      const acc = new Acc();
      if (ctx.fail) {
        if (ctx.fail.status === 'invalid') acc.bad(ctx.fail.code, ctx.fail.message);
        else acc.skip(ctx.fail.code, ctx.fail.message);
      } else await checkEntry(e, k, ctx, tables, contracts, readFail, ev, opts, acc, shared);
      reports.push(acc.report(index, e));
      opts.onProgress?.(++done, evm.length);
    }
  }
  for (const { e, index } of evm)
    if (!chains.has(e.chain)) {
      const acc = new Acc();
      acc.bad('NO_SNAPSHOT', `no snapshot for ${e.chain}`);
      reports.push(acc.report(index, e));
    }
  reports.sort((a, b) => a.index - b.index);
  const snapshots: SnapshotReport[] = [...chains.values()].map((c) => ({
    chain: c.snap.chain,
    height: c.snap.height,
    blockHash: c.snap.blockHash,
    status: c.fail ? c.fail.status : 'valid',
    ...(c.fail ? { code: c.fail.code, message: c.fail.message } : {}),
    endpoints: c.rpcs.map((r) => r.endpoint),
  }));
  return {
    status: overallStatus(
      [...snapshots.map((s) => s.status), ...reports.map((r) => r.status)],
      'unchecked'
    ),
    snapshots,
    entries: reports,
    skipped: ev.entries.length - evm.length,
    allowUnproven: opts.allowUnproven === true,
  };
}

const acceptedCache = new WeakMap<VerifyEthOptions, ReadonlySet<string>>();
function accepted(opts: VerifyEthOptions): ReadonlySet<string> {
  let s = acceptedCache.get(opts);
  if (!s) {
    s = new Set(
      (opts.acceptedWalletCodeHashes ?? []).map((h, i) =>
        parseCodeHash(h, `acceptedWalletCodeHashes[${i}]`)
      )
    );
    acceptedCache.set(opts, s);
  }
  return s;
}

async function checkEntry(
  e: EvidenceEntry,
  k: number,
  ctx: ChainContext,
  tables: BalanceTable[] | undefined,
  contracts: readonly string[],
  readFail: { code: string; message: string } | undefined,
  ev: Evidence,
  opts: VerifyEthOptions,
  acc: Acc,
  shared: ReadonlyMap<string, unknown>
): Promise<void> {
  const header = ctx.header!;
  const a = checkAddress(e.address);
  if (!a.ok || a.address !== e.address) {
    acc.bad(
      a.ok ? 'BAD_CHECKSUM' : a.code,
      a.ok ? `${e.address} is not in EIP-55 form` : a.message
    );
    return;
  }
  // 1. asset table
  if (ctx.table) {
    for (const b of e.balances) {
      const t = ctx.table.find((x) => x.symbol === b.asset);
      if (!t)
        acc.bad('ASSET_MISMATCH', `${b.asset} is not an asset of ${e.chain} in the asset table`);
      else if (t.native && b.contract !== undefined)
        acc.bad('ASSET_MISMATCH', `${b.asset} is the native coin, not contract ${b.contract}`);
      else if (
        !t.native &&
        (b.contract === undefined || addressKey(b.contract) !== addressKey(t.contract))
      )
        acc.bad(
          'ASSET_MISMATCH',
          `${b.asset} on ${e.chain} is contract ${t.contract}, the entry names ${b.contract ?? 'the native coin'}`
        );
    }
  }
  // 2. state proofs
  const sp = e.stateProof;
  const proven = new Map<string, bigint>(); // contract (lowercase) or '' for ETH → proven amount
  let accountState: AccountState | undefined;
  if (sp === undefined) {
    const m = "the entry carries no state proof: its balances rest on the endpoints' word";
    if (opts.allowUnproven) acc.warnings.push({ code: 'NOT_STATE_PROVEN', message: m });
    else acc.bad('NOT_STATE_PROVEN', `${m} (--allow-unproven accepts it)`);
  } else if (
    !isObject(sp) ||
    Object.keys(sp).some((x) => !['account', 'tokens', 'unproven', 'wallet'].includes(x)) ||
    !Array.isArray(sp.tokens) ||
    !Array.isArray(sp.unproven)
  )
    acc.bad('BAD_STATE_PROOF', 'stateProof: expected {account, tokens: [], unproven: []}');
  else {
    const r = verifyAccountJson(header.stateRoot, a.bytes, sp.account);
    if (!r.ok) acc.bad(r.code, r.message);
    else {
      proven.set('', r.account.balance);
      accountState = r.account;
    }
    const seen = new Set<string>();
    for (const [i, t] of (sp.tokens as unknown[]).entries()) {
      const c = isObject(t) && typeof t.contract === 'string' ? addressKey(t.contract) : '';
      const v = verifyTokenJson(
        header.stateRoot,
        a.bytes,
        t,
        `stateProof.tokens[${i}]`,
        shared.get(c)
      );
      if (!v.ok) {
        acc.bad(v.code, v.message);
        continue;
      }
      const key = addressKey(v.contract);
      if (seen.has(key)) acc.bad('BAD_STATE_PROOF', `stateProof lists ${v.contract} twice`);
      seen.add(key);
      proven.set(key, v.frozen ? 0n : v.balance);
      if (v.frozen)
        acc.warnings.push({
          code: 'FROZEN',
          message: `${v.contract}: the issuer has blacklisted this address; its balance ${v.balance} counts as 0`,
        });
      const t2 = ctx.table?.find((x) => !x.native && addressKey(x.contract) === key);
      if (
        t2 &&
        !t2.native &&
        t2.balanceSlot !== undefined && // a table without a slot accepts the proof's (balanceOf cross-checks it)
        (t2.balanceSlot !== v.balanceSlot || t2.layout !== v.layout || t2.encoding !== v.encoding)
      )
        acc.bad(
          'ASSET_MISMATCH',
          `${v.contract}: the proof uses balanceSlot ${v.balanceSlot} (${v.layout}, ${v.encoding}), the asset table ${t2.balanceSlot ?? 'none'} (${t2.layout}, ${t2.encoding})`
        );
    }
    for (const u of sp.unproven as unknown[]) {
      const c = isObject(u) ? checkAddress(u.contract) : undefined;
      if (!c?.ok || !isObject(u) || typeof u.reason !== 'string' || Object.keys(u).length !== 2) {
        acc.bad('BAD_STATE_PROOF', 'stateProof.unproven: expected {contract, reason}');
        continue;
      }
      if (seen.has(addressKey(c.address)))
        acc.bad('BAD_STATE_PROOF', `stateProof lists ${c.address} twice`);
      seen.add(addressKey(c.address));
    }
    if (sp.wallet !== undefined && e.ownership.type !== 'eip1271')
      acc.bad('BAD_STATE_PROOF', 'stateProof.wallet belongs to EIP-1271 entries only');
    const claimed = new Set(
      e.balances.filter((b) => b.contract).map((b) => addressKey(b.contract!))
    );
    for (const s of seen)
      if (!claimed.has(s))
        acc.bad('BAD_STATE_PROOF', `stateProof covers ${s}, which has no balance in the entry`);
  }
  for (const b of e.balances) {
    const key = b.contract ? addressKey(b.contract) : '';
    const p = proven.get(key);
    if (p === undefined) {
      if (sp !== undefined && !acc.invalid && !b.contract)
        acc.bad('BAD_STATE_PROOF', 'no account proof for the ETH balance');
      const w = {
        code: 'NOT_STATE_PROVEN',
        message: `${b.asset}: read through the endpoint only (balanceOf), not proven against the state root`,
      };
      if (!opts.allowUnproven) acc.bad(w.code, `${w.message} (--allow-unproven accepts it)`);
      else if (sp !== undefined) acc.warnings.push(w);
    } else if (p !== BigInt(b.amount))
      acc.bad(
        'BALANCE_MISMATCH',
        `${b.asset}: the state proof says ${p}, the entry says ${b.amount}`
      );
  }
  // 3. ownership
  if (!acc.invalid) {
    const o = await verifyOwnership(e.ownership, {
      round: ev.round,
      chainId: ctx.chainId,
      address: e.address,
      blockHash: ctx.snap.blockHash,
      rpcs: ctx.rpcs,
      contract: {
        stateRoot: header.stateRoot,
        ...(accountState ? { account: accountState } : {}),
        wallet: isObject(sp) ? sp.wallet : undefined,
        acceptedCodeHashes: accepted(opts),
      },
    });
    if (o.ok && o.wallet) acc.wallet = o.wallet;
    if (!o.ok) {
      if (o.code === 'UNCHECKED' || o.code === 'ENDPOINTS_DISAGREE') acc.skip(o.code, o.message);
      else acc.bad(o.code, o.message);
    }
  }
  // 4. balances through the endpoints
  if (readFail) {
    acc.skip(readFail.code, readFail.message);
    return;
  }
  if (!tables) return;
  for (const b of e.balances) {
    const vals = tables.map((t) =>
      b.contract ? t.tokens[contracts.indexOf(b.contract)]![k]! : t.eth[k]!
    );
    if (vals.some((v) => v !== vals[0])) {
      acc.skip('ENDPOINTS_DISAGREE', `${b.asset}: the endpoints report ${vals.join(' vs ')}`);
      continue;
    }
    const p = proven.get(b.contract ? addressKey(b.contract) : '');
    const frozenZero =
      p === 0n &&
      acc.warnings.some(
        (w) => w.code === 'FROZEN' && b.contract && w.message.startsWith(b.contract)
      );
    if (frozenZero) continue;
    if (vals[0] !== BigInt(b.amount))
      acc.bad(
        'BALANCE_MISMATCH',
        p === undefined
          ? `${b.asset}: the endpoint reads ${vals[0]} at the snapshot block, the entry says ${b.amount}`
          : `${b.asset}: balanceOf reads ${vals[0]} at the snapshot block but the proven storage slot holds ${p}: the slot is not the token's balance`
      );
  }
}
