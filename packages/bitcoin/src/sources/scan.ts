/**
 * Finding the transaction that spent an output by scanning the blocks after the snapshot — how
 * sources without a spent-output index (Bitcoin Core, bcoin) decide "unspent at height H" once
 * the output has left the current UTXO set.
 *
 * If `gettxout` (mempool excluded) still shows the output, it is unspent at the tip and so at H
 * (it was created at ≤ H). Otherwise it was spent in some block: if a block in H+1 … tip
 * spends it, it was unspent at H; if none does, it was spent at or before H. The scan is bounded
 * by `maxScanBlocks`; beyond it the source reports `SOURCE_SCAN_WINDOW` (could not check).
 * @module
 */
import { SourceError } from '@kura/codec';
import { Block } from 'bitcoinjs-lib';
import { displayHex as display } from '../wire.js';
import type { SpendStatus } from './types.js';

/** Default bound of the spend scan (about two weeks of blocks). */
export const DEFAULT_MAX_SCAN_BLOCKS = 2016;

/**
 * Scan blocks `snapshotHeight + 1 … tip` (raw blocks from `rawBlock`) for a spend of
 * `txid:vout`.
 */
export async function scanForSpend(opts: {
  readonly endpoint: string;
  readonly txid: string;
  readonly vout: number;
  readonly snapshotHeight: number;
  readonly tip: number;
  readonly maxScanBlocks: number;
  readonly rawBlock: (height: number) => Promise<Uint8Array>;
}): Promise<SpendStatus> {
  const { txid, vout, snapshotHeight, tip } = opts;
  if (tip - snapshotHeight > opts.maxScanBlocks)
    throw new SourceError(
      'SOURCE_SCAN_WINDOW',
      opts.endpoint,
      `spendStatus ${txid}:${vout}`,
      `the output is spent and the snapshot is ${tip - snapshotHeight} blocks deep; scanning more than ${opts.maxScanBlocks} blocks for the spender is refused (raise maxScanBlocks or use Esplora)`
    );
  for (let h = snapshotHeight + 1; h <= tip; h++) {
    const block = Block.fromBuffer(await opts.rawBlock(h));
    for (const tx of block.transactions ?? []) {
      for (const input of tx.ins) {
        if (input.index === vout && display(input.hash) === txid)
          return { spentAtOrBefore: false, spendingTxid: tx.getId(), spendingHeight: h };
      }
    }
  }
  return { spentAtOrBefore: true };
}
