/**
 * Esplora REST source (Blockstream's esplora / electrs, mempool.space's API).
 *
 * Calls: `GET /block-height/:h`, `/blocks/tip/height`, `/block/:hash/header`, `/tx/:txid/hex`,
 * `/tx/:txid/status`, `/tx/:txid/outspend/:vout`, `/tx/:txid/merkleblock-proof` (bitcoind's
 * `CMerkleBlock` format), `/address/:a/utxo`.
 *
 * "Unspent at H": `/tx/:txid/outspend/:vout` names the spending transaction and its
 * confirmation status; the output counts as unspent at H unless the spender is confirmed at a
 * height ≤ H. A spender still in the mempool leaves the output unspent.
 *
 * Discovery: `/address/:a/utxo` lists the *current* UTXOs (with their confirmation height), so
 * outputs created after H are dropped, but outputs spent between H and now are not seen — run
 * `collect` at the snapshot.
 * @module
 */
import { SourceError } from '@kura/codec';
import { HttpClient, type HttpOptions } from './http.js';
import {
  type ChainSource,
  isRecord,
  type SourceTx,
  type SpendStatus,
  type UtxoRef,
} from './types.js';

/** Esplora REST as a {@link ChainSource}. */
export class EsploraSource implements ChainSource {
  readonly kind = 'esplora';
  readonly spendMethod =
    '/tx/:txid/outspend/:vout: spent at H only if the spending transaction is confirmed at a height ≤ H';
  readonly http: HttpClient;

  constructor(url: string, opts: HttpOptions = {}) {
    this.http = new HttpClient(url, { minIntervalMs: 100, ...opts });
  }
  get endpoint(): string {
    return this.http.endpoint;
  }

  /** GET a path: the body of a 200 reply; `SOURCE_NOT_FOUND` on 404, `SOURCE_HTTP` on any other status. */
  private async need(call: string, path: string): Promise<string> {
    const b = await this.http.get(call, path);
    if (b === undefined)
      throw new SourceError('SOURCE_NOT_FOUND', this.endpoint, call, 'HTTP 404: not found');
    return b;
  }
  async genesisHash(): Promise<string> {
    return this.blockHash(0);
  }
  async tipHeight(): Promise<number> {
    const call = 'GET /blocks/tip/height';
    const t = (await this.need(call, '/blocks/tip/height')).trim();
    if (!/^(0|[1-9][0-9]*)$/.test(t)) throw this.http.badReply(call, 'not a height');
    return Number(t);
  }
  async blockHash(height: number): Promise<string> {
    const call = `GET /block-height/${height}`;
    return this.http
      .reply(call)
      .hash((await this.need(call, `/block-height/${height}`)).trim(), 'block hash');
  }
  async blockHeader(hash: string): Promise<Uint8Array> {
    const call = `GET /block/${hash}/header`;
    const h = this.http.reply(call).hex(await this.need(call, `/block/${hash}/header`), 'header');
    if (h.length !== 80) throw this.http.badReply(call, `header of ${h.length} bytes`);
    return h;
  }
  async transaction(txid: string): Promise<SourceTx | undefined> {
    const hexCall = `GET /tx/${txid}/hex`;
    const hex = await this.http.get(hexCall, `/tx/${txid}/hex`);
    if (hex === undefined) return undefined;
    const raw = this.http.reply(hexCall).hex(hex, 'transaction hex');
    const call = `GET /tx/${txid}/status`;
    const reply = this.http.reply(call);
    const st = reply.json(await this.need(call, `/tx/${txid}/status`));
    if (!isRecord(st) || typeof st.confirmed !== 'boolean')
      throw reply.bad('expected {"confirmed": …}');
    if (!st.confirmed) return { raw, confirmed: false };
    return {
      raw,
      confirmed: true,
      blockHash: reply.hash(st.block_hash, 'block_hash'),
      height: reply.int(st.block_height, 'block_height'),
    };
  }
  async spendStatus(txid: string, vout: number, snapshotHeight: number): Promise<SpendStatus> {
    const call = `GET /tx/${txid}/outspend/${vout}`;
    const reply = this.http.reply(call);
    const r = reply.json(await this.need(call, `/tx/${txid}/outspend/${vout}`));
    if (!isRecord(r) || typeof r.spent !== 'boolean') throw reply.bad('expected {"spent": …}');
    if (!r.spent) return { spentAtOrBefore: false };
    const spendingTxid = reply.hash(r.txid, 'txid');
    const st = r.status;
    if (!isRecord(st) || typeof st.confirmed !== 'boolean') throw reply.bad('expected "status"');
    if (!st.confirmed) return { spentAtOrBefore: false, spendingTxid };
    const h = reply.int(st.block_height, 'status.block_height');
    return { spentAtOrBefore: h <= snapshotHeight, spendingTxid, spendingHeight: h };
  }
  async txOutProof(txid: string): Promise<Uint8Array> {
    const call = `GET /tx/${txid}/merkleblock-proof`;
    return this.http
      .reply(call)
      .hex(await this.need(call, `/tx/${txid}/merkleblock-proof`), 'merkleblock proof');
  }
  async listUnspent(address: string, _spk: Uint8Array, snapshotHeight: number): Promise<UtxoRef[]> {
    const call = `GET /address/${address}/utxo`;
    const reply = this.http.reply(call);
    const r = reply.json(await this.need(call, `/address/${address}/utxo`));
    if (!Array.isArray(r)) throw reply.bad('expected an array');
    const out: UtxoRef[] = [];
    for (const u of r) {
      if (!isRecord(u) || !isRecord(u.status)) throw reply.bad('UTXO entry without "status"');
      if (u.status.confirmed !== true) continue;
      const ref = reply.utxo(u, u.status.block_height, 'status.block_height');
      if (ref.height <= snapshotHeight) out.push(ref);
    }
    return out;
  }
}
