/**
 * Balances at the snapshot: a UTXO counts only if (attacks C4)
 * 1. the snapshot block at height H has the stated hash on the source's best chain, with at
 *    least N confirmations (`E_REORG`, `E_CONFIRMATIONS`);
 * 2. its transaction is confirmed (`E_UTXO_UNCONFIRMED`) at a height ≤ H
 *    (`E_UTXO_NOT_AT_SNAPSHOT`) in exactly the block and height the evidence states
 *    (`E_UTXO_BLOCK`), and a coinbase output is mature at H (`E_UTXO_IMMATURE`);
 * 3. the output exists (`E_UTXO_MISSING`), pays the entry's scriptPubKey (`E_UTXO_SCRIPT`) and
 *    has the stated value (`E_UTXO_VALUE`);
 * 4. the recorded `gettxoutproof` proves the transaction in that block's header alone
 *    (`E_MERKLE_PROOF`);
 * 5. it was not spent by a transaction confirmed at ≤ H (`E_UTXO_SPENT`; each source documents
 *    how it decides this).
 * Source failures throw {@link SourceError} (the caller reports "could not check").
 * @module
 */

import type { EvidenceSnapshot, EvidenceUtxo } from '@kura/attest';
import { bytesToHex, fail, hexToBytes, SourceError, type VerifyResult } from '@kura/codec';
import { Transaction } from 'bitcoinjs-lib';
import { parseBlockHeader, verifyMerkleProof } from './merkleblock.js';
import { auxPowOfChain, powOfChain } from './networks.js';
import type { ChainSource } from './sources/types.js';

/** A snapshot of the evidence file (pinned shape, @kura/attest). */
export type SnapshotRef = EvidenceSnapshot;
/** A UTXO of the evidence file (pinned shape, @kura/attest). */
export type UtxoRecord = EvidenceUtxo;

/** Codes of {@link verifySnapshotBlock}. */
export type SnapshotCode = 'E_REORG' | 'E_CONFIRMATIONS' | 'E_SNAPSHOT_TIME';
/** Codes of {@link verifyUtxo}. */
export type UtxoCode =
  | 'E_UTXO_UNCONFIRMED'
  | 'E_UTXO_NOT_AT_SNAPSHOT'
  | 'E_UTXO_BLOCK'
  | 'E_UTXO_IMMATURE'
  | 'E_UTXO_MISSING'
  | 'E_UTXO_SCRIPT'
  | 'E_UTXO_VALUE'
  | 'E_MERKLE_PROOF'
  | 'E_UTXO_SPENT';

/** Coinbase outputs need this many confirmations before they can be spent. */
export const COINBASE_MATURITY = 100;

/** RFC 3339 UTC (whole seconds) of a block timestamp. */
export function blockTimeIso(time: number): string {
  return new Date(time * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Check the snapshot block against the source: the block at `height` has `blockHash`, its
 * header hashes to it and carries the stated time, and the tip is ≥ `confirmations − 1`
 * blocks above it. Throws {@link SourceError} when the source fails.
 */
export async function verifySnapshotBlock(
  source: ChainSource,
  snap: SnapshotRef,
  confirmations = 1
): Promise<VerifyResult<SnapshotCode, { tip: number; confirmations: number }>> {
  const tip = await source.tipHeight();
  if (snap.height > tip)
    return fail('E_REORG', `the snapshot height ${snap.height} is above the source's tip ${tip}`);
  const onChain = await source.blockHash(snap.height);
  if (onChain !== snap.blockHash)
    return fail(
      'E_REORG',
      `block ${snap.blockHash} is not the best chain's block at height ${snap.height} (that is ${onChain})`
    );
  const header = parseBlockHeader(await source.blockHeader(snap.blockHash));
  if (header.hash !== snap.blockHash)
    return fail('E_REORG', `the source's header for ${snap.blockHash} hashes to ${header.hash}`);
  if (blockTimeIso(header.time) !== snap.time)
    return fail(
      'E_SNAPSHOT_TIME',
      `the snapshot block's time is ${blockTimeIso(header.time)}, not ${snap.time}`
    );
  const conf = tip - snap.height + 1;
  if (conf < confirmations)
    return fail(
      'E_CONFIRMATIONS',
      `the snapshot block has ${conf} confirmation(s); ${confirmations} required`
    );
  return { ok: true, tip, confirmations: conf };
}

/**
 * Verify one UTXO of an entry whose scriptPubKey is `entryScript` against the snapshot at
 * `snap` (already checked with {@link verifySnapshotBlock}). Throws {@link SourceError} when
 * the source fails.
 */
export async function verifyUtxo(
  source: ChainSource,
  snap: SnapshotRef,
  entryScript: Uint8Array,
  u: UtxoRecord
): Promise<VerifyResult<UtxoCode, { value: bigint; spendingHeight?: number }>> {
  const op = `${u.txid}:${u.vout}`;
  if (u.height > snap.height)
    return fail(
      'E_UTXO_NOT_AT_SNAPSHOT',
      `${op} claims height ${u.height}, after the snapshot ${snap.height}`
    );
  const tx = await source.transaction(u.txid, u.blockHash);
  if (!tx)
    return fail(
      'E_UTXO_UNCONFIRMED',
      `${op}: the transaction is not known on this chain (not in block ${u.blockHash})`
    );
  let parsed: Transaction;
  try {
    parsed = Transaction.fromBuffer(tx.raw);
  } catch (e) {
    throw new SourceError(
      'SOURCE_BAD_REPLY',
      source.endpoint,
      `transaction ${u.txid}`,
      `does not parse: ${(e as Error).message}`
    );
  }
  if (parsed.getId() !== u.txid)
    throw new SourceError(
      'SOURCE_BAD_REPLY',
      source.endpoint,
      `transaction ${u.txid}`,
      `returned transaction ${parsed.getId()}`
    );
  if (!tx.confirmed || tx.height === undefined || tx.blockHash === undefined)
    return fail('E_UTXO_UNCONFIRMED', `${op}: the transaction is not confirmed`);
  if (tx.height > snap.height)
    return fail(
      'E_UTXO_NOT_AT_SNAPSHOT',
      `${op} was confirmed at height ${tx.height}, after the snapshot ${snap.height}`
    );
  if (tx.blockHash !== u.blockHash || tx.height !== u.height)
    return fail(
      'E_UTXO_BLOCK',
      `${op} is confirmed in block ${tx.blockHash} at height ${tx.height}, not in ${u.blockHash} at ${u.height}`
    );
  if (parsed.isCoinbase() && snap.height - tx.height + 1 < COINBASE_MATURITY)
    return fail('E_UTXO_IMMATURE', `${op} is a coinbase output not yet mature at the snapshot`);
  const out = parsed.outs[u.vout];
  if (!out)
    return fail('E_UTXO_MISSING', `${op}: the transaction has ${parsed.outs.length} output(s)`);
  const actual = bytesToHex(out.script);
  if (actual !== bytesToHex(entryScript))
    return fail(
      'E_UTXO_SCRIPT',
      `${op} pays script ${actual}, not this address's ${bytesToHex(entryScript)}`
    );
  if (actual !== u.scriptPubKey)
    return fail(
      'E_UTXO_SCRIPT',
      `${op}: the evidence states script ${u.scriptPubKey}, the chain ${actual}`
    );
  if (out.value.toString() !== u.value)
    return fail('E_UTXO_VALUE', `${op} holds ${out.value} sat, not ${u.value}`);
  if (u.merkleProof === undefined) return fail('E_MERKLE_PROOF', `${op} has no merkle proof`);
  let proof: Uint8Array;
  try {
    proof = hexToBytes(u.merkleProof, undefined, 'merkleProof');
  } catch (e) {
    return fail('E_MERKLE_PROOF', `${op}: ${(e as Error).message}`);
  }
  const mp = verifyMerkleProof(
    proof,
    u.txid,
    u.blockHash,
    powOfChain(snap.chain),
    auxPowOfChain(snap.chain)
  );
  if (!mp.ok) return fail('E_MERKLE_PROOF', `${op}: ${mp.message}`);
  const spend = await source.spendStatus(u.txid, u.vout, snap.height);
  if (spend.spentAtOrBefore)
    return fail(
      'E_UTXO_SPENT',
      `${op} was spent at or before the snapshot height ${snap.height}${spend.spendingTxid ? ` by ${spend.spendingTxid}` : ''}${spend.spendingHeight !== undefined ? ` (height ${spend.spendingHeight})` : ''}`
    );
  return spend.spendingHeight !== undefined
    ? { ok: true, value: out.value, spendingHeight: spend.spendingHeight }
    : { ok: true, value: out.value };
}
