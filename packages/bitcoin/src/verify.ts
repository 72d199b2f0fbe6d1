/**
 * Verifying the Bitcoin part of a `kura-evidence/1` file against a chain source: the file's
 * rules (@kura/attest `validateEvidence`), the snapshot block, and per entry its address
 * (network, type, no duplicate script), its ownership proof for this round and each UTXO at the
 * snapshot. Entries of other chains are reported as skipped.
 *
 * Returns a report; never throws for an invalid file. Throws {@link SourceError} when the
 * source fails or serves another chain (the caller reports "could not check", exit 2), and
 * @kura/attest's `SchemaError` for a file that does not parse.
 * @module
 */

import { type Evidence, type EvidenceEntry, validateEvidence } from '@kura/attest';
import { bytesToHex, fail, SourceError, type VerifyResult } from '@kura/codec';
import { type Asset, ownershipChallenge } from '@kura/tree';
import { decodeAddress } from './address.js';
import { chainOfSource } from './networks.js';
import { type BitcoinOwnership, type OwnershipCode, verifyOwnership } from './ownership.js';
import { type SnapshotCode, type UtxoCode, verifySnapshotBlock, verifyUtxo } from './snapshot.js';
import type { ChainSource } from './sources/types.js';

/** Options of {@link verifyBitcoinEvidence}. */
export interface VerifyEvidenceOptions {
  /** The snapshot block needs at least this many confirmations (reorg guard; default 1). */
  readonly confirmations?: number;
  /** The liabilities asset list (checked by `validateEvidence` when given). */
  readonly assets?: readonly Asset[];
  /** Called after each entry (progress). */
  readonly onEntry?: (done: number, total: number) => void;
}

/** A check that passed or failed. */
export type CheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Per-UTXO result. */
export interface UtxoReport {
  readonly outpoint: string;
  readonly value: string;
  readonly result: CheckResult;
}

/** Codes an entry can fail with. */
export type EntryCode =
  | OwnershipCode
  | UtxoCode
  | 'E_ADDRESS'
  | 'E_NETWORK'
  | 'E_DUPLICATE_RESERVE'
  | 'E_UTXO_SUM';

/** Per-entry result. */
export interface EntryReport {
  readonly index: number;
  readonly chain: string;
  readonly address: string;
  readonly custody: string;
  readonly label?: string;
  /** The BTC amount the entry claims (base units). */
  readonly amount: string;
  /** `skipped` for entries of other chains. */
  readonly status: 'valid' | 'invalid' | 'skipped';
  readonly result: CheckResult;
  readonly ownership?: CheckResult & { readonly detail?: string };
  readonly utxos: readonly UtxoReport[];
}

/** The report of {@link verifyBitcoinEvidence}. */
export interface EvidenceReport {
  readonly ok: boolean;
  readonly chain: string;
  readonly source: {
    readonly kind: string;
    readonly endpoint: string;
    readonly spendMethod: string;
  };
  /** The file's rules (@kura/attest). */
  readonly file: CheckResult;
  readonly snapshot: CheckResult & {
    readonly height?: number;
    readonly blockHash?: string;
    readonly confirmations?: number;
  };
  readonly entries: readonly EntryReport[];
  /** Verified BTC per custody class (base units), valid entries only. */
  readonly totals: Readonly<Record<string, string>>;
}

const okResult: CheckResult = { ok: true };
const toCheck = (r: VerifyResult<string>): CheckResult =>
  r.ok ? okResult : { ok: false, code: r.code, message: r.message };

/** Verify every Bitcoin entry of `ev` on the chain `source` serves. */
export async function verifyBitcoinEvidence(
  ev: Evidence,
  source: ChainSource,
  opts: VerifyEvidenceOptions = {}
): Promise<EvidenceReport> {
  // the evidence may hold several coins of the family (BTC, LTC, BCH, …): this source checks
  // the entries of the one chain it serves (BCH told from BTC by its fork block)
  const claimed = [
    ...new Set(
      [...ev.entries.map((e) => e.chain), ...ev.snapshots.map((s) => s.chain)].filter((c) =>
        c.startsWith('bip122:')
      )
    ),
  ];
  // with a claim, chains sharing a genesis are told apart by their fork blocks (never BCH for BTC)
  let chain = await chainOfSource(source, claimed[0]);
  for (const c of claimed) {
    if (c === chain) break;
    const r = await chainOfSource(source, c);
    if (r === c) {
      chain = c;
      break;
    }
  }
  const src = { kind: source.kind, endpoint: source.endpoint, spendMethod: source.spendMethod };
  const otherBtc = ev.entries.find((e) => e.chain.startsWith('bip122:') && e.chain !== chain);
  if (otherBtc && !ev.entries.some((e) => e.chain === chain))
    throw new SourceError(
      'SOURCE_CHAIN',
      source.endpoint,
      'genesisHash',
      `the source serves ${chain}, but the evidence has Bitcoin entries for ${otherBtc.chain}`
    );
  const file = toCheck(validateEvidence(ev, opts.assets ? { assets: opts.assets } : {}));
  const snap = ev.snapshots.find((s) => s.chain === chain);
  const mine = ev.entries.filter((e) => e.chain === chain).length;
  if (!snap) {
    const r = fail('E_REORG', `the evidence has no snapshot for ${chain}`);
    return {
      ok: false,
      chain,
      source: src,
      file,
      snapshot: toCheck(r),
      entries: ev.entries.map((e, i) => skipped(e, i)),
      totals: {},
    };
  }
  const sres = await verifySnapshotBlock(source, snap, opts.confirmations ?? 1);
  const snapshot = {
    ...toCheck(sres as VerifyResult<SnapshotCode>),
    height: snap.height,
    blockHash: snap.blockHash,
    ...(sres.ok ? { confirmations: sres.confirmations } : {}),
  };
  const challenge = ownershipChallenge(ev.round);
  const entries: EntryReport[] = [];
  const scripts = new Map<string, number>();
  const totals = new Map<string, bigint>();
  let done = 0;
  for (const [i, e] of ev.entries.entries()) {
    if (e.chain !== chain) {
      entries.push(skipped(e, i));
      continue;
    }
    const r = await verifyEntry(source, snap, e, i, challenge, scripts);
    entries.push(r);
    if (r.status === 'valid')
      totals.set(e.custody, (totals.get(e.custody) ?? 0n) + BigInt(r.amount));
    opts.onEntry?.(++done, mine);
  }
  const ok = file.ok && snapshot.ok && entries.every((e) => e.status !== 'invalid');
  return {
    ok,
    chain,
    source: src,
    file,
    snapshot,
    entries,
    totals: Object.fromEntries([...totals].map(([k, v]) => [k, v.toString()])),
  };
}

function btcAmount(e: EvidenceEntry): string {
  return e.balances.find((b) => b.contract === undefined)?.amount ?? '0';
}

function entryBase(e: EvidenceEntry, index: number) {
  return {
    index,
    chain: e.chain,
    address: e.address,
    custody: e.custody,
    ...(e.label !== undefined ? { label: e.label } : {}),
    amount: btcAmount(e),
  };
}

function skipped(e: EvidenceEntry, index: number): EntryReport {
  return { ...entryBase(e, index), status: 'skipped', result: okResult, utxos: [] };
}

async function verifyEntry(
  source: ChainSource,
  snap: Evidence['snapshots'][number],
  e: EvidenceEntry,
  index: number,
  challenge: string,
  scripts: Map<string, number>
): Promise<EntryReport> {
  const base = entryBase(e, index);
  const done = (result: CheckResult, extra: Partial<EntryReport> = {}): EntryReport => ({
    ...base,
    status: result.ok ? 'valid' : 'invalid',
    result,
    utxos: [],
    ...extra,
  });
  const addr = decodeAddress(e.address, e.chain);
  if (!addr.ok) return done(toCheck(addr));
  const spkHex = bytesToHex(addr.scriptPubKey);
  const prev = scripts.get(spkHex);
  if (prev !== undefined)
    return done({
      ok: false,
      code: 'E_DUPLICATE_RESERVE',
      message: `${e.address} is the same script as entries[${prev}]`,
    });
  scripts.set(spkHex, index);
  if (e.scriptPubKey !== undefined && e.scriptPubKey !== spkHex)
    return done({
      ok: false,
      code: 'E_ADDRESS',
      message: `${e.address}: entry scriptPubKey ${e.scriptPubKey} is not the address's ${spkHex}`,
    });

  const utxos = e.utxos ?? [];
  const reserve = utxos.map((u) => ({
    txid: u.txid,
    vout: u.vout,
    value: BigInt(u.value),
    scriptPubKey: addr.scriptPubKey,
  }));
  const own = verifyOwnership({
    chain: e.chain,
    address: addr,
    ownership: e.ownership as BitcoinOwnership,
    challenge,
    utxos: reserve,
  });
  const ownership = own.ok ? { ok: true as const, detail: own.detail } : toCheck(own);

  const reports: UtxoReport[] = [];
  let sum = 0n;
  let firstBad: CheckResult | undefined;
  for (const u of utxos) {
    const r = await verifyUtxo(source, snap, addr.scriptPubKey, u);
    reports.push({ outpoint: `${u.txid}:${u.vout}`, value: u.value, result: toCheck(r) });
    if (r.ok) sum += r.value;
    else firstBad ??= toCheck(r);
  }
  let result: CheckResult = okResult;
  if (!own.ok) result = toCheck(own);
  else if (firstBad) result = firstBad;
  else if (sum.toString() !== base.amount)
    result = {
      ok: false,
      code: 'E_UTXO_SUM',
      message: `${e.address} claims ${base.amount} sat; its UTXOs hold ${sum}`,
    };
  return done(result, { ownership, utxos: reports });
}
