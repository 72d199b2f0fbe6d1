/**
 * The reserves check of `kura audit`: every entry of the published evidence file re-verified
 * against the auditor's own nodes by the chain family of its CAIP-2 namespace (`@kura/month`
 * `FAMILIES`, one code path for every family): the Bitcoin family (snapshot block, UTXOs unspent
 * at it, merkle proofs, ownership; each chain — BTC, LTC, BCH, … — on its own node), every EVM
 * chain (header hash, state proofs against the stateRoot, ownership incl. EIP-1271 at the
 * snapshot block, balances) and the XRP Ledger (validated ledger, balances net of the reserve,
 * `xrpl-tx` ownership), and bound to THIS round: the evidence names the attestation's round and
 * roundId, and every ownership proof signs this round's challenge (protocol v1) — last month's
 * signatures prove nothing. Finally the reserves that verified are summed per asset and must
 * equal the attested totals.
 * @module
 */
import {
  type Attestation,
  type Evidence,
  type FamilyRegistry,
  type FamilyReport,
  parseEvidenceBytes,
} from '@kura/attest';
import type { BtcFamilyVerify, ChainSource } from '@kura/bitcoin';
import { formatUnits } from '@kura/codec';
import type { EthAssetTable, RpcClient, VerifyEthOptions } from '@kura/ethereum';
import { FAMILIES } from '@kura/month';
import { ownershipChallenge } from '@kura/tree';
import type { VerifyXrplOptions, XrplAsset, XrplClient } from '@kura/xrpl';
import { type AuditCheck, Check, messageOf } from './check.js';

/** Inputs of {@link checkReserves}. */
export interface ReservesInput {
  readonly att: Attestation;
  readonly evidenceBytes?: Uint8Array;
  /**
   * The auditor's node of each Bitcoin-family chain (BTC, LTC, BCH, …): each checks the entries
   * of the chain it serves.
   */
  readonly btc?: ChainSource | readonly ChainSource[];
  readonly btcConfirmations: number;
  readonly eth: readonly RpcClient[];
  readonly ethAssets?: EthAssetTable;
  readonly ethConfirmations: number;
  /** Accept Ethereum balances without a state proof (`--allow-unproven`; default: invalid). */
  readonly allowUnproven: boolean;
  /** EIP-1271 wallet code hashes the auditor accepts (`--accept-wallet-code`). */
  readonly acceptedWalletCodeHashes: readonly string[];
  /** The auditor's rippled endpoints (one, or two cross-checked). */
  readonly xrp?: readonly XrplClient[];
  /** The auditor's XRPL asset table (default XRP only). */
  readonly xrpAssets?: ReadonlyMap<string, readonly XrplAsset[]>;
  readonly onProgress?: (phase: string, done: number, total?: number) => void;
  /** The chain families (default: `@kura/month`'s {@link FAMILIES}). */
  readonly families?: FamilyRegistry;
}

/** What a family's entries need when no node of it was given (for the error). */
const NEEDS: Readonly<Record<string, { name: string; node: string; flags: string }>> = {
  bip122: {
    name: 'Bitcoin-family',
    node: 'Bitcoin node',
    flags: '--btc-rpc, --btc-bcoin or --btc-esplora',
  },
  eip155: { name: 'Ethereum', node: 'Ethereum node', flags: '--eth-rpc' },
  xrpl: { name: 'XRP Ledger', node: 'XRPL node', flags: '--xrp-rpc' },
};
const need = (ns: string): string => NEEDS[ns]?.name ?? ns;

/**
 * Each family's verify input from the auditor's nodes and options (namespace → input); a family
 * whose nodes were not given has none.
 */
function familyInputs(i: ReservesInput, att: Attestation): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const btc = i.btc === undefined ? [] : Array.isArray(i.btc) ? i.btc : [i.btc as ChainSource];
  if (btc.length > 0) {
    const v: BtcFamilyVerify = {
      sources: btc,
      confirmations: i.btcConfirmations,
      assets: att.liabilities.assets,
      onEntry: (d, n) => i.onProgress?.('bitcoin entries', d, n),
    };
    m.set('bip122', v);
  }
  if (i.eth.length > 0) {
    const v: VerifyEthOptions = {
      rpcs: i.eth,
      confirmations: i.ethConfirmations,
      allowUnproven: i.allowUnproven,
      acceptedWalletCodeHashes: i.acceptedWalletCodeHashes,
      ...(i.ethAssets ? { assets: i.ethAssets } : {}),
      onProgress: (d, n) => i.onProgress?.('ethereum entries', d, n),
    };
    m.set('eip155', v);
  }
  if ((i.xrp?.length ?? 0) > 0) {
    const v: VerifyXrplOptions = {
      clients: i.xrp!,
      ...(i.xrpAssets ? { assets: i.xrpAssets } : {}),
      onProgress: (d, n) => i.onProgress?.('xrp ledger entries', d, n),
    };
    m.set('xrpl', v);
  }
  return m;
}

const periodOf = (challenge: string): string =>
  /\nperiod: ([^\n]*)/.exec(challenge)?.[1] ?? 'unknown';

/** Re-verify every reserve entry. */
export async function checkReserves(i: ReservesInput): Promise<AuditCheck> {
  const c = new Check('reserves', "Reserves re-verified on the auditor's own nodes");
  const { att } = i;
  if (!i.evidenceBytes) {
    c.fail('evidence.json is missing (see the publication check)');
    return c.done('');
  }
  let ev: Evidence;
  try {
    ev = parseEvidenceBytes(i.evidenceBytes, 'evidence.json');
  } catch (e) {
    c.fail(`evidence.json does not parse: ${messageOf(e)}`);
    return c.done('');
  }

  // bound to this round
  const challenge = ownershipChallenge(att.round);
  if (ev.roundId !== att.roundId || JSON.stringify(ev.round) !== JSON.stringify(att.round))
    c.fail(
      `evidence.json is from another round: period ${JSON.stringify(ev.round.period)}, snapshot ${ev.round.snapshotTime}, roundId ${ev.roundId.slice(0, 16)}…; the attestation is for period ${JSON.stringify(att.round.period)}, roundId ${att.roundId.slice(0, 16)}…`
    );
  const stale = ev.entries.filter((e) => e.ownership.challenge !== challenge);
  for (const e of stale.slice(0, 5))
    c.fail(
      `entries[${ev.entries.indexOf(e)}] ${e.address}: the ownership proof signs another round's challenge (period ${JSON.stringify(periodOf(e.ownership.challenge))}), not this round's`
    );
  if (stale.length > 5) c.fail(`… and ${stale.length - 5} more entries signed for another round`);

  // which entries verified, by index: each chain family checks its own (one code path for all)
  const valid = new Set<number>();
  const rows = new Map<number, string[]>();
  const symbolOf = (e: Evidence['entries'][number]) =>
    e.balances.map((b) => `${formatAmount(att, b.asset, b.amount)} ${b.asset}`).join(', ');
  const families = i.families ?? FAMILIES;
  for (const idx of families.unserved(ev)) {
    const e = ev.entries[idx]!;
    c.error(`no verifier for the chain of ${e.address} (${e.chain})`);
  }
  const inputs = familyInputs(i, att);
  for (const ns of families.namespaces()) {
    const family = families.forNamespace(ns)!;
    const mine = ev.entries.filter((e) => families.forChain(e.chain) === family);
    if (mine.length === 0) continue;
    const input = inputs.get(ns);
    if (input === undefined) {
      const need = NEEDS[ns];
      c.error(
        `${mine.length} ${need?.name ?? ns} entries, but no ${need?.node ?? `${ns} node`}: give ${need?.flags ?? 'its node'}`
      );
      continue;
    }
    let r: FamilyReport;
    try {
      r = await family.verify(ev, input);
    } catch (e) {
      c.error(`the ${need(ns)} entries could not be checked: ${messageOf(e)}`);
      continue;
    }
    for (const [k, v] of r.facts ?? []) c.fact(k, v);
    for (const n of r.notes ?? []) c.note(n);
    if (r.file) c.fail(`evidence.json: ${r.file.code}: ${r.file.message}`);
    for (const s of r.snapshots ?? []) {
      if (s.status === 'valid') c.fact(`snapshot ${s.chain}`, s.detail ?? 'valid');
      else if (s.status === 'invalid')
        c.fail(`snapshot ${s.chain} ${s.blockHash ?? ''}: ${s.code}: ${s.message}`);
      else c.error(`snapshot ${s.chain} not checked: ${s.code}: ${s.message}`);
    }
    if (r.status === 'unchecked' && r.entries.length === 0 && r.code !== undefined)
      c.error(`the ${need(ns)} entries could not be checked: ${r.code}: ${r.message ?? ''}`);
    for (const e of r.entries) {
      const entry = ev.entries[e.index]!;
      const detail = e.status === 'valid' ? (e.detail ?? 'valid') : `${e.code}: ${e.message}`;
      rows.set(e.index, [
        String(e.index),
        e.chain,
        e.address,
        entry.custody,
        symbolOf(entry),
        e.status,
        detail,
      ]);
      for (const w of e.warnings ?? []) c.note(`entries[${e.index}] ${e.address}: ${w}`);
      if (e.status === 'valid') valid.add(e.index);
      else if (e.status === 'invalid')
        c.fail(
          `entries[${e.index}] ${e.address} (${entry.custody}) is not a reserve of this exchange on the auditor's node: ${detail}`
        );
      else c.error(`entries[${e.index}] ${e.address} not checked: ${detail}`);
    }
  }
  c.table(
    'Evidence entries',
    ['#', 'chain', 'address', 'custody', 'balances', 'status', 'detail'],
    [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r)
  );

  // what verified, against what is attested
  const verified = new Map<string, bigint>();
  for (const idx of valid)
    for (const b of ev.entries[idx]!.balances)
      verified.set(b.asset, (verified.get(b.asset) ?? 0n) + BigInt(b.amount));
  const totals: string[][] = [];
  for (const a of att.reserves.assets) {
    const d = decimalsOf(att, a.asset);
    const v = verified.get(a.asset) ?? 0n;
    const ok = v === BigInt(a.total);
    totals.push([
      a.asset,
      formatUnits(BigInt(a.total), d),
      formatUnits(v, d),
      ok ? 'match' : 'MISMATCH',
    ]);
    if (!ok && c.problems.length === 0 && c.errors.length === 0)
      c.fail(
        `reserves ${a.asset}: the attestation states ${formatUnits(BigInt(a.total), d)}, the entries that verify hold ${formatUnits(v, d)}`
      );
  }
  c.table('Reserves per asset', ['asset', 'attested', 'verified', ''], totals);
  return c.done(
    `all ${ev.entries.length} entries verify on the auditor's nodes, signed for this round; they hold the attested reserves`
  );
}

function decimalsOf(att: Attestation, symbol: string): number {
  return att.liabilities.assets.find((a) => a.symbol === symbol)?.decimals ?? 0;
}

function formatAmount(att: Attestation, symbol: string, amount: string): string {
  return formatUnits(BigInt(amount), decimalsOf(att, symbol));
}
