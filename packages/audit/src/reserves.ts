/**
 * The reserves check of `kura audit`: every entry of the published evidence file re-verified
 * against the auditor's own nodes with `@kura/bitcoin` `verifyBitcoinEvidence` (snapshot block,
 * UTXOs unspent at it, merkle proofs, ownership) and `@kura/ethereum` `verifyEthEvidence`
 * (header hash, state proofs against the stateRoot, ownership incl. EIP-1271 at the snapshot
 * block, balances), and bound to THIS round: the evidence names the attestation's round and
 * roundId, and every ownership proof signs this round's challenge (protocol v1) — last month's
 * signatures prove nothing. Finally the reserves that verified are summed per asset and must
 * equal the attested totals.
 * @module
 */
import {
  type Attestation,
  type Evidence,
  isBitcoinChain,
  isEvmChain,
  isXrplChain,
  parseEvidenceBytes,
} from '@kura/attest';
import { type ChainSource, verifyBitcoinEvidence } from '@kura/bitcoin';
import { formatUnits, parseJsonBytes } from '@kura/codec';
import { type EthAssetTable, type RpcClient, verifyEthEvidence } from '@kura/ethereum';
import { ownershipChallenge } from '@kura/tree';
import { verifyXrplEvidence, type XrplAsset, type XrplClient } from '@kura/xrpl';
import { type AuditCheck, Check, messageOf } from './check.js';

/** Inputs of {@link checkReserves}. */
export interface ReservesInput {
  readonly att: Attestation;
  readonly evidenceBytes?: Uint8Array;
  readonly btc?: ChainSource;
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

  // which entries verified, by index
  const valid = new Set<number>();
  const rows = new Map<number, string[]>();
  const symbolOf = (e: Evidence['entries'][number]) =>
    e.balances.map((b) => `${formatAmount(att, b.asset, b.amount)} ${b.asset}`).join(', ');
  const btcEntries = ev.entries.filter((e) => isBitcoinChain(e.chain));
  const ethEntries = ev.entries.filter((e) => isEvmChain(e.chain));
  const xrpEntries = ev.entries.filter((e) => isXrplChain(e.chain));
  const other = ev.entries.filter(
    (e) => !isBitcoinChain(e.chain) && !isEvmChain(e.chain) && !isXrplChain(e.chain)
  );
  for (const e of other) c.error(`no verifier for the chain of ${e.address} (${e.chain})`);

  if (btcEntries.length > 0 && !i.btc)
    c.error(
      `${btcEntries.length} Bitcoin entries, but no Bitcoin node: give --btc-rpc, --btc-bcoin or --btc-esplora`
    );
  else if (btcEntries.length > 0 && i.btc) {
    c.fact('Bitcoin node', `${i.btc.kind} ${i.btc.endpoint}`);
    try {
      const r = await verifyBitcoinEvidence(ev, i.btc, {
        confirmations: i.btcConfirmations,
        assets: att.liabilities.assets,
        onEntry: (d, n) => i.onProgress?.('bitcoin entries', d, n),
      });
      if (!r.file.ok) c.fail(`evidence.json: ${r.file.code}: ${r.file.message}`);
      if (!r.snapshot.ok)
        c.fail(
          `Bitcoin snapshot block ${r.snapshot.height} ${r.snapshot.blockHash}: ${r.snapshot.code}: ${r.snapshot.message}`
        );
      else
        c.fact(
          'Bitcoin snapshot',
          `height ${r.snapshot.height}, ${r.snapshot.confirmations} confirmations on the auditor's node`
        );
      for (const e of r.entries) {
        if (e.status === 'skipped') continue;
        const entry = ev.entries[e.index]!;
        const detail = e.result.ok
          ? `${e.utxos.length} UTXO(s), ownership ${entry.ownership.type}`
          : `${e.result.code}: ${e.result.message}`;
        rows.set(e.index, [
          String(e.index),
          e.chain,
          e.address,
          e.custody,
          symbolOf(entry),
          e.status,
          detail,
        ]);
        if (e.status === 'valid') valid.add(e.index);
        else
          c.fail(
            `entries[${e.index}] ${e.address} (${e.custody}) is not a reserve of this exchange on the auditor's node: ${detail}`
          );
      }
    } catch (e) {
      c.error(`the Bitcoin entries could not be checked: ${messageOf(e)}`);
    }
  }

  if (ethEntries.length > 0 && i.eth.length === 0)
    c.error(`${ethEntries.length} Ethereum entries, but no Ethereum node: give --eth-rpc`);
  else if (ethEntries.length > 0) {
    c.fact('Ethereum node(s)', i.eth.map((r) => r.endpoint).join(', '));
    c.fact(
      'Ethereum state proofs',
      i.allowUnproven
        ? "NOT required (--allow-unproven): unproven balances rest on the nodes' word"
        : 'required for every balance'
    );
    c.fact(
      'contract wallets',
      `pinned Safe v1.3.0 / v1.4.1 checked from storage proofs${i.acceptedWalletCodeHashes.length ? `; code accepted by the auditor: ${i.acceptedWalletCodeHashes.join(', ')}` : '; no other code accepted'}`
    );
    if (!i.ethAssets)
      c.note(
        "no --eth-assets: token contracts were not checked against an asset table of the auditor's own"
      );
    const r = await verifyEthEvidence(parseJsonBytes(i.evidenceBytes), {
      rpcs: i.eth,
      confirmations: i.ethConfirmations,
      allowUnproven: i.allowUnproven,
      acceptedWalletCodeHashes: i.acceptedWalletCodeHashes,
      ...(i.ethAssets ? { assets: i.ethAssets } : {}),
      onProgress: (d, n) => i.onProgress?.('ethereum entries', d, n),
    });
    if (r.file) c.fail(`evidence.json: ${r.file.code}: ${r.file.message}`);
    for (const s of r.snapshots) {
      if (s.status === 'valid') c.fact(`snapshot ${s.chain}`, `height ${s.height} ${s.blockHash}`);
      else if (s.status === 'invalid')
        c.fail(`snapshot ${s.chain} ${s.blockHash}: ${s.code}: ${s.message}`);
      else c.error(`snapshot ${s.chain} not checked: ${s.code}: ${s.message}`);
    }
    for (const e of r.entries) {
      const entry = ev.entries[e.index]!;
      const detail =
        e.status === 'valid'
          ? `ownership ${entry.ownership.type}${e.wallet ? ` (${e.wallet.kind === 'safe' ? `Safe ${e.wallet.safe.version}, ${e.wallet.safe.signers.length} of ${e.wallet.safe.owners.length} owners, threshold ${e.wallet.safe.threshold}` : `accepted code ${e.wallet.codeHash}`})` : ''}`
          : `${e.code}: ${e.message}`;
      rows.set(e.index, [
        String(e.index),
        e.chain,
        e.address,
        entry.custody,
        symbolOf(entry),
        e.status,
        detail,
      ]);
      for (const w of e.warnings)
        c.note(`entries[${e.index}] ${e.address}: ${w.code}: ${w.message}`);
      if (e.status === 'valid') valid.add(e.index);
      else if (e.status === 'invalid')
        c.fail(
          `entries[${e.index}] ${e.address} (${entry.custody}) is not a reserve of this exchange on the auditor's node: ${detail}`
        );
      else c.error(`entries[${e.index}] ${e.address} not checked: ${detail}`);
    }
  }
  if (xrpEntries.length > 0 && (i.xrp?.length ?? 0) === 0)
    c.error(`${xrpEntries.length} XRP Ledger entries, but no XRPL node: give --xrp-rpc`);
  else if (xrpEntries.length > 0 && i.xrp) {
    c.fact('XRP Ledger node(s)', i.xrp.map((r) => r.endpoint).join(', '));
    if (!i.xrpAssets)
      c.note(
        "no --xrp-assets: only XRP balances are recomputed (issued currencies need the auditor's asset table)"
      );
    const r = await verifyXrplEvidence(parseJsonBytes(i.evidenceBytes), {
      clients: i.xrp,
      ...(i.xrpAssets ? { assets: i.xrpAssets } : {}),
      onProgress: (d, n) => i.onProgress?.('xrp ledger entries', d, n),
    });
    if (r.file) c.fail(`evidence.json: ${r.file.code}: ${r.file.message}`);
    for (const s of r.snapshots) {
      if (s.status === 'valid')
        c.fact(`snapshot ${s.chain}`, `validated ledger ${s.height} ${s.blockHash}`);
      else if (s.status === 'invalid')
        c.fail(`snapshot ${s.chain} ${s.blockHash}: ${s.code}: ${s.message}`);
      else c.error(`snapshot ${s.chain} not checked: ${s.code}: ${s.message}`);
    }
    for (const e of r.entries) {
      const entry = ev.entries[e.index]!;
      const detail =
        e.status === 'valid'
          ? `ownership ${entry.ownership.type} (${String(entry.ownership.key ?? '')})`
          : `${e.code}: ${e.message}`;
      rows.set(e.index, [
        String(e.index),
        e.chain,
        e.address,
        entry.custody,
        symbolOf(entry),
        e.status,
        detail,
      ]);
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
