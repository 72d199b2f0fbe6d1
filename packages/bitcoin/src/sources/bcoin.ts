/**
 * bcoin full node source (bcoin 1.0.x HTTP: JSON-RPC at `/` plus REST). Run the node with
 * `--index-tx --index-address` so transactions and address histories can be looked up.
 *
 * What bcoin 1.0.2 really offers (lib/node/http.js, lib/node/rpc.js): REST `GET /tx/:hash`
 * (`height`, `block`, `hex`), `GET /tx/address/:address` (the address's history),
 * `GET /coin/address/:address` (current coins), `GET /block/:height`; RPC `getblockhash`,
 * `getblockheader`, `getblockcount`, `getblock`, `getrawtransaction` (two arguments only),
 * `gettxout`, `gettxoutproof`, `verifytxoutproof`. It has no `scantxoutset` and no spent-output
 * index.
 *
 * "Unspent at H": as Bitcoin Core — `gettxout` (mempool excluded), else a scan of the raw
 * blocks H+1 … tip for the spender.
 *
 * Discovery: exact at H — `GET /tx/address/:address` returns the whole history, so the UTXOs at
 * H are the outputs paying the address confirmed at ≤ H minus those spent by transactions
 * confirmed at ≤ H, whatever happened after H.
 * @module
 */
import { bytesToHex } from '@kura/codec';
import { encodeSegwitAddress } from '../address.js';
import { RpcSourceBase } from './core-rpc.js';
import { type ChainSource, isRecord, type SourceTx, type UtxoRef } from './types.js';

/** bcoin as a {@link ChainSource}. */
export class BcoinSource extends RpcSourceBase implements ChainSource {
  readonly kind = 'bcoin';
  readonly spendMethod =
    'gettxout (mempool excluded) for outputs still unspent; otherwise the blocks after the snapshot are scanned for the spending transaction';

  private async rest(call: string, path: string): Promise<unknown | undefined> {
    const body = await this.rpc.http.get(call, path, true);
    return body === undefined ? undefined : this.rpc.http.json(call, body);
  }

  async transaction(txid: string): Promise<SourceTx | undefined> {
    const call = `GET /tx/${txid}`;
    const t = await this.rest(call, `/tx/${txid}`);
    if (t === undefined) return undefined;
    const reply = this.rpc.http.reply(call);
    if (!isRecord(t)) throw reply.bad('expected an object');
    const raw = reply.hex(t.hex, 'hex');
    if (typeof t.height !== 'number' || t.height < 0 || typeof t.block !== 'string')
      return { raw, confirmed: false };
    return {
      raw,
      confirmed: true,
      blockHash: reply.hash(t.block, 'block'),
      height: reply.int(t.height, 'height'),
    };
  }

  async listUnspent(address: string, spk: Uint8Array, snapshotHeight: number): Promise<UtxoRef[]> {
    // P2TR: bcoin 1.0.2 predates BIP-350 and only parses the original bech32 spelling of
    // witness v1 addresses (it answers "Address is too long." to bech32m)
    const lookup =
      spk.length === 34 && spk[0] === 0x51 && spk[1] === 0x20
        ? encodeSegwitAddress(
            address.slice(0, address.lastIndexOf('1')).toLowerCase(),
            1,
            spk.subarray(2),
            'bech32'
          )
        : address;
    const call = `GET /tx/address/${lookup}`;
    const list = await this.rest(call, `/tx/address/${lookup}`);
    const reply = this.rpc.http.reply(call);
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw reply.bad('expected an array');
    const spkHex = bytesToHex(spk);
    const created = new Map<string, UtxoRef>();
    const spent = new Set<string>();
    for (const t of list) {
      if (!isRecord(t) || !Array.isArray(t.inputs) || !Array.isArray(t.outputs))
        throw reply.bad('transaction without inputs/outputs');
      const h = typeof t.height === 'number' ? t.height : -1;
      if (h < 0 || h > snapshotHeight) continue;
      const txid = reply.hash(t.hash, 'hash');
      t.outputs.forEach((o: unknown, vout: number) => {
        if (isRecord(o) && o.script === spkHex)
          created.set(`${txid}:${vout}`, { txid, vout, height: h });
      });
      for (const i of t.inputs) {
        if (isRecord(i) && isRecord(i.prevout) && typeof i.prevout.hash === 'string')
          spent.add(`${i.prevout.hash}:${String(i.prevout.index)}`);
      }
    }
    return [...created.entries()].filter(([k]) => !spent.has(k)).map(([, v]) => v);
  }
}
