/**
 * The one interface every Bitcoin chain source implements (Bitcoin Core JSON-RPC, Esplora REST,
 * bcoin); the reply checks the adapters share are {@link Reply} (`http.ts`).
 *
 * Hashes and txids are lowercase hex in display (RPC) byte order throughout.
 * @module
 */
import { isObject } from '@kura/codec';

/** A transaction as a source reports it. */
export interface SourceTx {
  /** Consensus serialisation (with witness data). */
  readonly raw: Uint8Array;
  /** Confirmed in a block of the source's best chain. */
  readonly confirmed: boolean;
  readonly blockHash?: string;
  readonly height?: number;
}

/** Whether an output had been spent by the snapshot height. */
export interface SpendStatus {
  /** Spent by a transaction confirmed at a height ≤ the snapshot height. */
  readonly spentAtOrBefore: boolean;
  /** The spending transaction, when the source names it. */
  readonly spendingTxid?: string;
  /** Its confirmation height, when known (undefined: unconfirmed or not reported). */
  readonly spendingHeight?: number;
}

/** An output found while discovering an address's UTXOs at the snapshot. */
export interface UtxoRef {
  readonly txid: string;
  readonly vout: number;
  readonly height: number;
}

/** What every chain source offers. Every method throws {@link SourceError} on failure. */
export interface ChainSource {
  /** `core-rpc`, `esplora`, `bcoin` or `cross-checked`. */
  readonly kind: string;
  /** Endpoint(s) for messages — never with credentials. */
  readonly endpoint: string;
  /** How this source decides "unspent at the snapshot height" (shown in reports). */
  readonly spendMethod: string;
  /** Hash of block 0. */
  genesisHash(): Promise<string>;
  /** Height of the best chain's tip. */
  tipHeight(): Promise<number>;
  /** Hash of the best chain's block at `height`; throws `SOURCE_NOT_FOUND` above the tip. */
  blockHash(height: number): Promise<string>;
  /** The 80-byte header of a block. */
  blockHeader(hash: string): Promise<Uint8Array>;
  /**
   * A transaction and where it is confirmed; `undefined` if the source does not know it.
   * `blockHashHint` is the block the evidence claims (needed by Core without `-txindex`).
   */
  transaction(txid: string, blockHashHint?: string): Promise<SourceTx | undefined>;
  /** Was output `txid:vout` spent at a height ≤ `snapshotHeight`? */
  spendStatus(txid: string, vout: number, snapshotHeight: number): Promise<SpendStatus>;
  /** `gettxoutproof`-format merkle proof of `txid` in block `blockHash`. */
  txOutProof(txid: string, blockHash: string): Promise<Uint8Array>;
  /** Outputs paying `address` that were unspent at `snapshotHeight` (as far as the source can tell). */
  listUnspent(
    address: string,
    scriptPubKey: Uint8Array,
    snapshotHeight: number
  ): Promise<UtxoRef[]>;
}

/** Is `v` a plain object? (The codec's one test.) */
export const isRecord: (v: unknown) => v is Record<string, unknown> = isObject;
