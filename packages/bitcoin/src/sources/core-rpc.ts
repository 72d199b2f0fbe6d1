/**
 * Bitcoin Core JSON-RPC source (`bitcoind -server`), and the RPC plumbing bcoin reuses.
 *
 * Calls: `getblockhash`, `getblockheader` (raw), `getblockcount`, `getrawtransaction` (verbose,
 * with the block hash so no `-txindex` is needed), `gettxout` (mempool excluded), `getblock`
 * (raw, for the spend scan), `gettxoutproof`, `scantxoutset` (UTXO discovery).
 *
 * "Unspent at H": `gettxout` shows the current UTXO set; an output still there is unspent at H.
 * An output gone from it is looked for in blocks H+1 … tip (see `scan.ts`): spent there means
 * it was unspent at H; not found means it was spent at or before H.
 *
 * Discovery: `scantxoutset "start" ["addr(<address>)"]` reads the UTXO set *at the tip*, so
 * outputs younger than H are dropped by height, but outputs spent between H and the tip cannot
 * be seen — run `collect` at the snapshot (the total can only be understated, never overstated).
 * @module
 */
import { SourceError } from '@kura/codec';
import { readHeaderMaybeAuxPow } from '../auxpow.js';
import { ByteReader } from '../wire.js';
import { HttpClient, type HttpOptions } from './http.js';
import { DEFAULT_MAX_SCAN_BLOCKS, scanForSpend } from './scan.js';
import {
  type ChainSource,
  isRecord,
  type SourceTx,
  type SpendStatus,
  type UtxoRef,
} from './types.js';

/** Options of the RPC sources. */
export interface RpcSourceOptions extends HttpOptions {
  /** Upper bound of the spend scan in blocks (default 2016). */
  readonly maxScanBlocks?: number;
}

/** A JSON-RPC error reply (`{"error": {"code", "message"}}`). */
export class RpcError extends SourceError {
  readonly rpcCode: number;
  constructor(endpoint: string, call: string, rpcCode: number, message: string) {
    super('SOURCE_RPC', endpoint, call, `RPC error ${rpcCode}: ${message}`);
    this.rpcCode = rpcCode;
  }
}

/** JSON-RPC 1.0 over HTTP POST (Bitcoin Core and bcoin). */
export class JsonRpc {
  readonly http: HttpClient;
  private id = 0;
  constructor(url: string, opts: HttpOptions = {}) {
    this.http = new HttpClient(url, opts);
  }
  get endpoint(): string {
    return this.http.endpoint;
  }
  /** Call `method` with `params`; throws {@link RpcError} for an error reply. */
  async call(method: string, params: unknown[]): Promise<unknown> {
    const call = method;
    const reply = await this.http.request(call, '/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '1.0', id: ++this.id, method, params }),
    });
    this.http.checkAuth(call, reply.status);
    if (reply.status === 404 && !reply.body.includes('"error"'))
      throw new SourceError(
        'SOURCE_HTTP',
        this.endpoint,
        call,
        'HTTP 404: no JSON-RPC server at this URL'
      );
    const json = this.http.json(call, reply.body);
    if (!isRecord(json)) throw this.http.badReply(call, 'reply is not a JSON object');
    if (isRecord(json.error)) {
      const code = typeof json.error.code === 'number' ? json.error.code : 0;
      throw new RpcError(this.endpoint, call, code, String(json.error.message ?? 'unknown error'));
    }
    if (reply.status !== 200)
      throw new SourceError('SOURCE_HTTP', this.endpoint, call, `HTTP ${reply.status}`);
    if (!('result' in json)) throw this.http.badReply(call, 'reply has no "result"');
    return json.result;
  }
}

/** Methods Core and bcoin answer identically. */
export abstract class RpcSourceBase {
  readonly rpc: JsonRpc;
  protected readonly maxScanBlocks: number;
  constructor(url: string, opts: RpcSourceOptions = {}) {
    this.rpc = new JsonRpc(url, opts);
    this.maxScanBlocks = opts.maxScanBlocks ?? DEFAULT_MAX_SCAN_BLOCKS;
  }
  get endpoint(): string {
    return this.rpc.endpoint;
  }
  async genesisHash(): Promise<string> {
    return this.blockHash(0);
  }
  async tipHeight(): Promise<number> {
    return this.rpc.http
      .reply('getblockcount')
      .int(await this.rpc.call('getblockcount', []), 'block count');
  }
  async blockHash(height: number): Promise<string> {
    try {
      return this.rpc.http
        .reply('getblockhash')
        .hash(await this.rpc.call('getblockhash', [height]), 'block hash');
    } catch (e) {
      if (e instanceof RpcError && (e.rpcCode === -8 || /out of range|not found/i.test(e.message)))
        throw new SourceError(
          'SOURCE_NOT_FOUND',
          this.endpoint,
          `getblockhash ${height}`,
          'no block at this height'
        );
      throw e;
    }
  }
  async blockHeader(hash: string): Promise<Uint8Array> {
    const h = this.rpc.http
      .reply('getblockheader')
      .hex(await this.rpc.call('getblockheader', [hash, false]), 'header');
    if (h.length === 80) return h;
    // a merged-mined (Dogecoin AuxPoW) header: the 80-byte pure header, its CAuxPow skipped
    try {
      const r = new ByteReader(h, 'header');
      const pure = readHeaderMaybeAuxPow(r, true);
      r.end();
      if ((pure[1]! & 1) === 1) return pure;
    } catch {
      // fall through
    }
    throw this.rpc.http.badReply('getblockheader', `header of ${h.length} bytes`);
  }
  async txOutProof(txid: string, blockHash: string): Promise<Uint8Array> {
    return this.rpc.http
      .reply('gettxoutproof')
      .hex(await this.rpc.call('gettxoutproof', [[txid], blockHash]), 'proof');
  }
  /** Current UTXO-set entry (mempool excluded), or null. */
  protected async txOut(txid: string, vout: number): Promise<unknown> {
    return this.rpc.call('gettxout', [txid, vout, false]);
  }
  async rawBlock(height: number): Promise<Uint8Array> {
    const hash = await this.blockHash(height);
    return this.rpc.http
      .reply('getblock')
      .hex(await this.rpc.call('getblock', [hash, false]), 'block');
  }
  async spendStatus(txid: string, vout: number, snapshotHeight: number): Promise<SpendStatus> {
    if ((await this.txOut(txid, vout)) !== null) return { spentAtOrBefore: false };
    const tip = await this.tipHeight();
    return scanForSpend({
      endpoint: this.endpoint,
      txid,
      vout,
      snapshotHeight,
      tip,
      maxScanBlocks: this.maxScanBlocks,
      rawBlock: (h) => this.rawBlock(h),
    });
  }
  /** Height of a block by hash (via the verbose header). */
  protected async heightOf(blockHash: string): Promise<{ height: number; inBestChain: boolean }> {
    const call = 'getblockheader';
    const reply = this.rpc.http.reply(call);
    const h = reply.record(await this.rpc.call(call, [blockHash, true]), 'expected an object');
    const height = reply.int(h.height, 'height');
    const conf = typeof h.confirmations === 'number' ? h.confirmations : -1;
    return { height, inBestChain: conf >= 1 };
  }
}

/** Bitcoin Core JSON-RPC as a {@link ChainSource}. */
export class CoreRpcSource extends RpcSourceBase implements ChainSource {
  readonly kind = 'core-rpc';
  readonly spendMethod =
    'gettxout (mempool excluded) for outputs still unspent; otherwise the blocks after the snapshot are scanned for the spending transaction';

  async transaction(txid: string, blockHashHint?: string): Promise<SourceTx | undefined> {
    const call = 'getrawtransaction';
    let r: unknown;
    try {
      r = await this.rpc.call(call, blockHashHint ? [txid, true, blockHashHint] : [txid, true]);
    } catch (e) {
      if (e instanceof RpcError && e.rpcCode === -5) return undefined; // not found (in that block)
      throw e;
    }
    const reply = this.rpc.http.reply(call);
    const t = reply.record(r, 'expected an object');
    const raw = reply.hex(t.hex, 'hex');
    if (typeof t.blockhash !== 'string') return { raw, confirmed: false };
    const blockHash = reply.hash(t.blockhash, 'blockhash');
    const { height, inBestChain } = await this.heightOf(blockHash);
    if (t.in_active_chain === false || !inBestChain) return { raw, confirmed: false };
    return { raw, confirmed: true, blockHash, height };
  }

  async listUnspent(address: string, _spk: Uint8Array, snapshotHeight: number): Promise<UtxoRef[]> {
    const call = 'scantxoutset';
    const reply = this.rpc.http.reply(call);
    const r = await this.rpc.call(call, ['start', [`addr(${address})`]]);
    if (!isRecord(r) || r.success !== true || !Array.isArray(r.unspents))
      throw reply.bad('expected {"success": true, "unspents": [...]}');
    const out: UtxoRef[] = [];
    for (const u of r.unspents) {
      const e = reply.record(u, 'unspent entry is not an object');
      const ref = reply.utxo(e, e.height, 'height');
      if (ref.height <= snapshotHeight) out.push(ref);
    }
    return out;
  }
}
