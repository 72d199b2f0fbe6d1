/**
 * Two sources asked the same questions: any difference in a fact about the chain fails loudly
 * with `SOURCE_DISAGREE` naming both endpoints and the call. The tip height alone may differ
 * (a block can arrive between two requests): the lower tip is used.
 * @module
 */
import { crossCheck, bytesToHex as hex, SourceError } from '@kura/codec';
import type { ChainSource, SourceTx, SpendStatus, UtxoRef } from './types.js';

function sameTx(a: SourceTx | undefined, b: SourceTx | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    hex(a.raw) === hex(b.raw) &&
    a.confirmed === b.confirmed &&
    a.blockHash === b.blockHash &&
    a.height === b.height
  );
}

/** Compare every answer of two sources. */
export class CrossCheckedSource implements ChainSource {
  readonly kind = 'cross-checked';
  readonly endpoint: string;
  readonly spendMethod: string;
  constructor(
    readonly a: ChainSource,
    readonly b: ChainSource
  ) {
    this.endpoint = `${a.endpoint} + ${b.endpoint}`;
    this.spendMethod = `both: (1) ${a.spendMethod}; (2) ${b.spendMethod}`;
  }
  private async both<T>(
    call: string,
    f: (s: ChainSource) => Promise<T>,
    same: (x: T, y: T) => boolean,
    show: (x: T) => string
  ): Promise<T> {
    return crossCheck(
      [this.a, this.b],
      f,
      (d) =>
        new SourceError(
          'SOURCE_DISAGREE',
          this.endpoint,
          call,
          `the sources disagree: ${d.a.endpoint} says ${show(d.x)}, ${d.b.endpoint} says ${show(d.y)}`
        ),
      same
    );
  }
  genesisHash(): Promise<string> {
    return this.both(
      'genesisHash',
      (s) => s.genesisHash(),
      (x, y) => x === y,
      String
    );
  }
  async tipHeight(): Promise<number> {
    const [x, y] = await Promise.all([this.a.tipHeight(), this.b.tipHeight()]);
    return Math.min(x, y);
  }
  blockHash(height: number): Promise<string> {
    return this.both(
      `blockHash ${height}`,
      (s) => s.blockHash(height),
      (x, y) => x === y,
      String
    );
  }
  blockHeader(hash: string): Promise<Uint8Array> {
    return this.both(
      `blockHeader ${hash}`,
      (s) => s.blockHeader(hash),
      (x, y) => hex(x) === hex(y),
      hex
    );
  }
  transaction(txid: string, hint?: string): Promise<SourceTx | undefined> {
    return this.both(
      `transaction ${txid}`,
      (s) => s.transaction(txid, hint),
      sameTx,
      (t) =>
        t
          ? `${t.confirmed ? `confirmed in ${t.blockHash} at ${t.height}` : 'unconfirmed'}`
          : 'unknown'
    );
  }
  spendStatus(txid: string, vout: number, h: number): Promise<SpendStatus> {
    return this.both(
      `spendStatus ${txid}:${vout}`,
      (s) => s.spendStatus(txid, vout, h),
      (x, y) => x.spentAtOrBefore === y.spentAtOrBefore,
      (x) => (x.spentAtOrBefore ? `spent at or before ${h}` : `unspent at ${h}`)
    );
  }
  txOutProof(txid: string, blockHash: string): Promise<Uint8Array> {
    return this.both(
      `txOutProof ${txid}`,
      (s) => s.txOutProof(txid, blockHash),
      (x, y) => hex(x) === hex(y),
      (x) => `${x.length} bytes`
    );
  }
  listUnspent(address: string, spk: Uint8Array, h: number): Promise<UtxoRef[]> {
    const key = (l: UtxoRef[]) =>
      l
        .map((u) => `${u.txid}:${u.vout}@${u.height}`)
        .sort()
        .join(',');
    return this.both(
      `listUnspent ${address}`,
      (s) => s.listUnspent(address, spk, h),
      (x, y) => key(x) === key(y),
      (x) => `[${key(x)}]`
    );
  }
}
