/**
 * `collectEthEvidence`: the Ethereum half of a reserves evidence file (`kura-evidence/1`) — for
 * every reserve address its ETH and ERC-20 balances at the snapshot block, its ownership proof
 * (checked before anything is written) and EIP-1186 state proofs for every balance whose storage
 * slot is known.
 *
 * Order of work: snapshot block (hash-verified header, canonical, ≥ N confirmations, every
 * endpoint agreeing) → token decimals read at the block and checked against the asset table →
 * ownership (every address must have a valid proof) → balances on every endpoint (Multicall3 or
 * batches; every endpoint must report the same numbers) → state proofs from the first endpoint,
 * verified here against the header's stateRoot and against the balances read.
 * @module
 */
import {
  EVIDENCE_VERSION,
  type Evidence,
  type EvidenceEntry,
  liabilityAssetMismatch,
} from '@kura/attest';
import { bytesToHex, KuraError } from '@kura/codec';
import { type Asset, type Round, roundId } from '@kura/tree';
import { addressKey, checkAddress } from './address.js';
import type { EthAsset, EthAssetTable } from './assets.js';
import { type BalanceTable, readBalances, readDecimals } from './balances.js';
import { parseEvmNetwork } from './chains.js';
import { toData } from './hex.js';
import type { AddressRow, SignatureRow } from './inputs.js';
import { type OwnershipContext, ownershipRecord, verifyOwnership } from './ownership.js';
import { pool, type RpcClient } from './rpc.js';
import type { SafeWalletJson } from './safe.js';
import { balanceSlot } from './slot.js';
import { chainIdOf, resolveSnapshot, type Snapshot } from './snapshot.js';
import {
  type AccountProofJson,
  accountProofFromRpc,
  type StateProofJson,
  storageProofsFromRpc,
  type TokenProofJson,
  tokenProofJson,
  verifyAccountJson,
  verifyTokenJson,
} from './stateproof.js';
import { parseCodeHash, readWalletProofs } from './wallet.js';

/** A collection problem that is not an RPC failure (the code says which). */
export class CollectError extends KuraError {}

/** One failed entry of a collection: its address, code and message. */
export interface CollectProblem {
  readonly address: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Ownership failures of a collection (code `OWNERSHIP_INVALID`): every entry was checked and
 * `problems` lists every failure; nothing is written.
 */
export class CollectProblemsError extends CollectError {
  readonly problems: readonly CollectProblem[];
  constructor(problems: readonly CollectProblem[]) {
    super(
      'OWNERSHIP_INVALID',
      `${problems.length} ownership problem(s): ${problems.map((p) => `${p.address}: ${p.code}`).join('; ')}`
    );
    this.problems = problems;
  }
}

/** Options of {@link collectEthEvidence}. */
export interface CollectOptions {
  /** One endpoint, or two to cross-check. */
  readonly rpcs: readonly RpcClient[];
  readonly round: Round;
  /** Decimal height or `0x` block hash. */
  readonly block: string;
  readonly addresses: readonly AddressRow[];
  readonly signatures: readonly SignatureRow[];
  readonly assets: EthAssetTable;
  /** The liabilities asset list (from root.json): symbols and decimals must match it. */
  readonly liabilityAssets?: readonly Asset[];
  /** Blocks required on top of the snapshot block (default 64). */
  readonly confirmations?: number;
  /** Require the snapshot block to be finalized (the node's `finalized` tag). */
  readonly requireFinalized?: boolean;
  /** `auto` (default) or `off` (JSON-RPC batches only). */
  readonly multicall?: 'auto' | 'off';
  /** Storage slots per `eth_getProof` call (default 100). */
  readonly slotsPerProof?: number;
  /** `eth_getProof` calls per batch request (default 10: proofs are slow on some nodes). */
  readonly proofBatch?: number;
  /**
   * Accept balances that cannot be state-proven (`--allow-unproven`): tokens without a
   * balanceSlot in the asset table (read by balanceOf only), and a node that does not serve
   * `eth_getProof` (its entries are then written without a `stateProof`). Default false: such a
   * table is refused with `NOT_STATE_PROVEN`, such a node with `STATE_PROOF_UNAVAILABLE`.
   */
  readonly allowUnproven?: boolean;
  /**
   * Contract-wallet code hashes (`0x…`) the exchange declares for EIP-1271 wallets that are not
   * pinned Safes (their own `isValidSignature` is asked); the auditor must accept them too.
   */
  readonly acceptedWalletCodeHashes?: readonly string[];
  /**
   * The CAIP-2 network the evidence is for (`eip155:<chainId>`): every endpoint's `eth_chainId`
   * must be it, else `CHAIN_MISMATCH` before anything is read.
   */
  readonly network?: string;
  /** Progress: stage, done, total. */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

/** What {@link collectEthEvidence} returns. */
export interface CollectResult {
  readonly evidence: Evidence;
  readonly snapshot: Snapshot;
  readonly via: 'multicall3' | 'rpc-batch';
  /** Symbols read by balanceOf only (no balanceSlot): not state-proven. */
  readonly unproven: readonly string[];
  /** False when the node does not serve `eth_getProof` (entries carry no state proof). */
  readonly stateProven: boolean;
}

type Token = Extract<EthAsset, { native: false }>;

function listSome(items: readonly string[], n = 10): string {
  return items.slice(0, n).join('; ') + (items.length > n ? `; … ${items.length - n} more` : '');
}

/** Collect the evidence (see the module doc). Throws a {@link KuraError} on any problem. */
export async function collectEthEvidence(opts: CollectOptions): Promise<CollectResult> {
  const { rpcs, round } = opts;
  if (rpcs.length < 1 || rpcs.length > 2)
    throw new RangeError('"rpcs" must hold one or two endpoints');
  if (opts.network !== undefined) {
    const want = parseEvmNetwork(opts.network);
    if (!want.ok) throw new RangeError(`"network": ${want.message}`);
    const got = await chainIdOf(rpcs);
    if (got !== want.chainId)
      throw new CollectError(
        'CHAIN_MISMATCH',
        `the endpoint serves eip155:${got} (eth_chainId), the evidence is for ${want.caip2}`
      );
  }
  const snap = await resolveSnapshot(rpcs, opts.block, {
    confirmations: opts.confirmations ?? 64,
    ...(opts.requireFinalized ? { requireFinalized: true } : {}),
  });
  const table = opts.assets.networks.get(snap.chain);
  if (!table)
    throw new CollectError(
      'NETWORK_NOT_IN_TABLE',
      `the asset table has no entry for ${snap.chain} (the endpoint's chain)`
    );
  const tokens = table.filter((a): a is Token => !a.native);
  const native = table.find((a) => a.native);
  const unprovenTokens = tokens.filter((t) => t.balanceSlot === undefined);
  if (unprovenTokens.length && !opts.allowUnproven)
    throw new CollectError(
      'NOT_STATE_PROVEN',
      `no balanceSlot in the asset table for ${unprovenTokens.map((t) => `${t.symbol} ${t.contract}`).join(', ')}: their balances could not be state-proven (allowUnproven / --allow-unproven accepts balanceOf alone)`
    );
  const accepted = new Set(
    (opts.acceptedWalletCodeHashes ?? []).map((h, i) =>
      parseCodeHash(h, `acceptedWalletCodeHashes[${i}]`)
    )
  );

  if (opts.liabilityAssets) {
    const m = liabilityAssetMismatch(table, opts.liabilityAssets, snap.chain);
    if (m) throw new CollectError(m.code, m.message);
  }

  // token decimals at the snapshot, on every endpoint
  for (const t of tokens)
    for (const rpc of rpcs) {
      const d = await readDecimals(rpc, t.contract, snap.blockHash);
      if (d !== t.decimals)
        throw new CollectError(
          'DECIMALS_MISMATCH',
          `${t.symbol} ${t.contract}: decimals() = ${d} at the snapshot block (${rpc.endpoint}), the asset table says ${t.decimals}`
        );
    }

  // ownership: every address proven, nothing else signed; every entry is checked and every
  // failure reported (with its address and code) before anything is written
  const problems: CollectProblem[] = [];
  const sigs = new Map(opts.signatures.map((s) => [addressKey(s.address), s]));
  const listed = new Set(opts.addresses.map((a) => addressKey(a.address)));
  for (const s of opts.signatures)
    if (!listed.has(addressKey(s.address)))
      problems.push({
        address: s.address,
        code: 'SIGNATURE_WITHOUT_ADDRESS',
        message: `signatures line ${s.line}: ${s.address} is not in the address list`,
      });
  const records: Record<string, unknown>[] = [];
  const wallets: (SafeWalletJson | undefined)[] = [];
  let checked = 0;
  await pool(opts.addresses, 8, async (a, i) => {
    const s = sigs.get(addressKey(a.address));
    if (!s) {
      problems.push({
        address: a.address,
        code: 'OWNERSHIP_MISSING',
        message: 'no ownership signature in the signatures file',
      });
      opts.onProgress?.('ownership', ++checked, opts.addresses.length);
      return;
    }
    const rec = ownershipRecord(s.type, s.signature, round, snap.chainId, a.address);
    let contract: OwnershipContext['contract'];
    if (s.type === 'eip1271') {
      // an endpoint failure here is "could not check" (thrown), not a verdict on the entry
      const c = checkAddress(a.address);
      if (!c.ok) throw new RangeError(`"addresses": ${c.message}`);
      const w = await readWalletProofs(
        rpcs[0]!,
        a.address,
        c.bytes,
        snap.blockHash,
        snap.header.stateRoot
      );
      wallets[i] = w.wallet;
      contract = {
        stateRoot: snap.header.stateRoot,
        account: w.state,
        wallet: w.wallet,
        acceptedCodeHashes: accepted,
      };
    }
    const r = await verifyOwnership(rec, {
      round,
      chainId: snap.chainId,
      address: a.address,
      blockHash: snap.blockHash,
      rpcs,
      ...(contract ? { contract } : {}),
    });
    if (!r.ok)
      problems.push({
        address: a.address,
        code: r.code,
        message: `${s.type}, signatures line ${s.line}: ${r.message}`,
      });
    records[i] = rec;
    opts.onProgress?.('ownership', ++checked, opts.addresses.length);
  });
  if (problems.length) {
    const order = new Map(opts.addresses.map((a, i) => [addressKey(a.address), i]));
    problems.sort(
      (x, y) =>
        (order.get(addressKey(x.address)) ?? Infinity) -
        (order.get(addressKey(y.address)) ?? Infinity)
    );
    throw new CollectProblemsError(problems);
  }

  // balances on every endpoint; they must agree
  const holders = opts.addresses.map((a) => a.address);
  const tables = await Promise.all(
    rpcs.map((rpc, k) =>
      readBalances(
        rpc,
        holders,
        tokens.map((t) => t.contract),
        snap.blockHash,
        {
          multicall: opts.multicall ?? 'auto',
          ...(k === 0 && opts.onProgress
            ? { onProgress: (d: number, n: number) => opts.onProgress!('balances', d, n) }
            : {}),
        }
      )
    )
  );
  const bal = tables[0]!;
  for (let k = 1; k < tables.length; k++) {
    const other = tables[k]!;
    const diffs: string[] = [];
    holders.forEach((h, i) => {
      if (bal.eth[i] !== other.eth[i]) diffs.push(`${h} ETH ${bal.eth[i]} vs ${other.eth[i]}`);
      tokens.forEach((t, j) => {
        if (bal.tokens[j]![i] !== other.tokens[j]![i])
          diffs.push(`${h} ${t.symbol} ${bal.tokens[j]![i]} vs ${other.tokens[j]![i]}`);
      });
    });
    if (diffs.length)
      throw new CollectError(
        'ENDPOINTS_DISAGREE',
        `${rpcs[0]!.endpoint} and ${rpcs[k]!.endpoint} report different balances at ${snap.blockHash}: ${listSome(diffs)}`
      );
  }

  // state proofs (first endpoint; each proof is checked against the header's stateRoot)
  const rpc = rpcs[0]!;
  const stateRoot = snap.header.stateRoot;
  const block = { blockHash: snap.blockHash };
  if (!(await servesGetProof(rpc, holders[0]!, block))) {
    if (!opts.allowUnproven)
      throw new CollectError(
        'STATE_PROOF_UNAVAILABLE',
        `${rpc.endpoint} does not serve eth_getProof on ${snap.chain}: no balance could be state-proven (allowUnproven / --allow-unproven writes the entries marked not state-proven)`
      );
    return unprovenResult(opts, snap, native, tokens, bal, records);
  }
  const proofBatch = Math.max(1, opts.proofBatch ?? 10);
  const totalProofs =
    holders.length * (1 + tokens.filter((t) => t.balanceSlot !== undefined).length);
  let proofsDone = 0;
  const holderBytes = holders.map((h) => {
    const c = checkAddress(h);
    if (!c.ok) throw new RangeError(`"addresses": ${c.message}`);
    return c.bytes;
  });
  const accounts: AccountProofJson[] = [];
  const GROUP = 500;
  for (let g = 0; g < holders.length; g += GROUP) {
    const part = holders.slice(g, g + GROUP);
    const replies = await rpc.batch(
      part.map((h) => ({ method: 'eth_getProof', params: [h, [], block] })),
      { maxBatch: proofBatch }
    );
    replies.forEach((reply, k) => {
      const i = g + k;
      const json = proofFromRpc(rpc, reply, holders[i]!);
      const v = verifyAccountJson(stateRoot, holderBytes[i]!, json);
      if (!v.ok)
        throw new CollectError(
          'STATE_PROOF',
          `${rpc.endpoint} eth_getProof(${holders[i]}): ${v.code}: ${v.message}`
        );
      if (v.account.balance !== bal.eth[i])
        throw new CollectError(
          'STATE_PROOF_MISMATCH',
          `${holders[i]}: the state proves ${v.account.balance} wei, eth_getBalance said ${bal.eth[i]}`
        );
      accounts[i] = json;
    });
    proofsDone += part.length;
    opts.onProgress?.('proofs', proofsDone, totalProofs);
  }
  const tokenProofs: (TokenProofJson | undefined)[][] = [];
  const frozen: boolean[][] = [];
  for (const [j, t] of tokens.entries()) {
    tokenProofs[j] = [];
    frozen[j] = [];
    if (t.balanceSlot === undefined) continue;
    const slots = holderBytes.map((h) => balanceSlot(h, t.balanceSlot!, t.layout));
    const per = Math.max(1, opts.slotsPerProof ?? 100);
    const chunks: number[][] = [];
    for (let i = 0; i < slots.length; i += per)
      chunks.push(Array.from({ length: Math.min(per, slots.length - i) }, (_, k) => i + k));
    let sharedAccount: AccountProofJson | undefined;
    for (let g = 0; g < chunks.length; g += 8) {
      const group = chunks.slice(g, g + 8);
      const replies = await rpc.batch(
        group.map((c) => ({
          method: 'eth_getProof',
          params: [t.contract, c.map((i) => toData(slots[i]!)), block],
        })),
        { maxBatch: 1 }
      );
      replies.forEach((reply, ci) => {
        const account = proofFromRpc(rpc, reply, t.contract);
        let items: ReturnType<typeof storageProofsFromRpc>;
        try {
          items = storageProofsFromRpc(reply);
        } catch (e) {
          throw new CollectError(
            'STATE_PROOF',
            `${rpc.endpoint} eth_getProof(${t.contract}): ${(e as Error).message}`
          );
        }
        const idx = group[ci]!;
        if (items.length !== idx.length)
          throw new CollectError(
            'STATE_PROOF',
            `${rpc.endpoint} eth_getProof(${t.contract}): ${items.length} storage proofs for ${idx.length} slots`
          );
        idx.forEach((i, k) => {
          const it = items[k]!;
          if (bytesToHex(it.key) !== bytesToHex(slots[i]!))
            throw new CollectError(
              'STATE_PROOF',
              `${rpc.endpoint} eth_getProof(${t.contract}): storage proofs out of order`
            );
          // the token's own account proof is written once, in the first entry; later entries share it
          const json = tokenProofJson(
            t.contract,
            t.balanceSlot!,
            t.layout,
            t.encoding,
            slots[i]!,
            sharedAccount ? undefined : account,
            it.value,
            it.proof
          );
          const v = verifyTokenJson(
            stateRoot,
            holderBytes[i]!,
            json,
            `${t.symbol} ${holders[i]}`,
            sharedAccount ?? account
          );
          if (!v.ok)
            throw new CollectError(
              'STATE_PROOF',
              `${rpc.endpoint} eth_getProof(${t.contract}): ${v.code}: ${v.message}`
            );
          sharedAccount ??= account;
          if (v.balance !== bal.tokens[j]![i])
            throw new CollectError(
              'BALANCE_SLOT_MISMATCH',
              `${t.symbol} ${t.contract}: storage slot balances[${holders[i]}] at mapping slot ${t.balanceSlot} (${t.layout}, ${t.encoding}) holds ${v.balance}, balanceOf returns ${bal.tokens[j]![i]} — the asset table's balanceSlot is wrong`
            );
          tokenProofs[j]![i] = json;
          frozen[j]![i] = v.frozen;
        });
        proofsDone += idx.length;
      });
      opts.onProgress?.('proofs', proofsDone, totalProofs);
    }
  }

  const entries: EvidenceEntry[] = opts.addresses.map((a, i) => {
    const balances: { asset: string; amount: string; contract?: string }[] = [];
    if (native) balances.push({ asset: native.symbol, amount: bal.eth[i]!.toString() });
    const stateProof: StateProofJson = {
      account: accounts[i]!,
      tokens: [],
      unproven: [],
      ...(wallets[i] ? { wallet: wallets[i] } : {}),
    };
    tokens.forEach((t, j) => {
      const isFrozen = frozen[j]![i] === true;
      balances.push({
        asset: t.symbol,
        amount: isFrozen ? '0' : bal.tokens[j]![i]!.toString(),
        contract: t.contract,
      });
      const p = tokenProofs[j]![i];
      if (p) stateProof.tokens.push(p);
      else
        stateProof.unproven.push({
          contract: t.contract,
          reason: 'no balanceSlot in the asset table: read by balanceOf only',
        });
    });
    return {
      chain: snap.chain,
      address: a.address,
      custody: a.custody,
      ...(a.label === undefined ? {} : { label: a.label }),
      balances,
      ownership: records[i] as unknown as EvidenceEntry['ownership'],
      stateProof,
    };
  });
  const evidence: Evidence = {
    version: EVIDENCE_VERSION,
    round,
    roundId: bytesToHex(roundId(round)),
    snapshots: [
      { chain: snap.chain, height: snap.height, blockHash: snap.blockHash, time: snap.time },
    ],
    entries,
  };
  return {
    evidence,
    snapshot: snap,
    via: bal.via,
    unproven: tokens.filter((t) => t.balanceSlot === undefined).map((t) => t.symbol),
    stateProven: true,
  };
}

/** Does `rpc` serve `eth_getProof`? False only on "method not found / not supported". */
async function servesGetProof(
  rpc: RpcClient,
  holder: string,
  block: { blockHash: string }
): Promise<boolean> {
  try {
    await rpc.call('eth_getProof', [holder, [], block]);
    return true;
  } catch (e) {
    if (e instanceof KuraError && e.code === 'RPC_METHOD_UNSUPPORTED') return false;
    throw e;
  }
}

/** The result without state proofs: every entry lacks `stateProof` (not state-proven). */
function unprovenResult(
  opts: CollectOptions,
  snap: Snapshot,
  native: EthAsset | undefined,
  tokens: readonly Token[],
  bal: BalanceTable,
  records: readonly Record<string, unknown>[]
): CollectResult {
  const entries: EvidenceEntry[] = opts.addresses.map((a, i) => ({
    chain: snap.chain,
    address: a.address,
    custody: a.custody,
    ...(a.label === undefined ? {} : { label: a.label }),
    balances: [
      ...(native ? [{ asset: native.symbol, amount: bal.eth[i]!.toString() }] : []),
      ...tokens.map((t, j) => ({
        asset: t.symbol,
        amount: bal.tokens[j]![i]!.toString(),
        contract: t.contract,
      })),
    ],
    ownership: records[i] as unknown as EvidenceEntry['ownership'],
  }));
  const { round } = opts;
  return {
    evidence: {
      version: EVIDENCE_VERSION,
      round,
      roundId: bytesToHex(roundId(round)),
      snapshots: [
        { chain: snap.chain, height: snap.height, blockHash: snap.blockHash, time: snap.time },
      ],
      entries,
    },
    snapshot: snap,
    via: bal.via,
    unproven: [...(native ? [native.symbol] : []), ...tokens.map((t) => t.symbol)],
    stateProven: false,
  };
}

function proofFromRpc(rpc: RpcClient, reply: unknown, address: string): AccountProofJson {
  try {
    return accountProofFromRpc(reply);
  } catch (e) {
    throw new CollectError(
      'STATE_PROOF',
      `${rpc.endpoint} eth_getProof(${address}): ${(e as Error).message}`
    );
  }
}
