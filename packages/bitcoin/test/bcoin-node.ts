/**
 * Test harness: a real bcoin 1.0.2 regtest full node on loopback (`BcoinRegtest` of
 * `@kura/bitcoin/testing`: random free ports, an API key, in-memory chain, tx and address
 * indexes), plus wallet-free helpers to mine and to fund
 * outputs built with bitcoinjs-lib. One node per test file: start in `beforeAll`, stop in
 * `afterAll`.
 */
import { hexToBytes } from '@kura/codec';
import { Transaction } from 'bitcoinjs-lib';
import { addressOfScript } from '../src/address.js';
import { networkByName } from '../src/networks.js';
import { type SignerScript, signerScriptPubKey, signInput } from '../src/sign.js';
import { BcoinRegtest } from '../src/testing.js';

/** bcoin's regtest address spelling (hrp `rb`, base58 0x3c / 0x26). */
export const BCOIN_REGTEST = networkByName('regtest-bcoin');

/** A spendable output the harness knows the keys of. */
export interface Coin {
  readonly txid: string;
  readonly vout: number;
  readonly value: bigint;
  readonly signer: SignerScript;
}

/** A running bcoin node (the launcher of `@kura/bitcoin/testing`) with mining and funding. */
export class BcoinNode {
  private readonly node: BcoinRegtest;

  private constructor(node: BcoinRegtest) {
    this.node = node;
  }

  /** Start a node and wait until its HTTP API answers. */
  static async start(): Promise<BcoinNode> {
    return new BcoinNode(await BcoinRegtest.start({ logLevel: 'warning' }));
  }

  get url(): string {
    return this.node.url;
  }

  get apiKey(): string {
    return this.node.apiKey;
  }

  /** URL with the API key as basic-auth password (what Kura's sources take). */
  get authUrl(): string {
    return this.node.authUrl;
  }

  /** The last 4 kB of the node's log. */
  get log(): string {
    return this.node.log;
  }

  /** Stop the node and remove its directory. */
  stop(): Promise<void> {
    return this.node.stop();
  }

  /** Call a JSON-RPC method; throws with the node's error message. */
  rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.node.rpc<T>(method, params);
  }

  /** GET a REST path as JSON. */
  get<T = unknown>(path: string): Promise<T> {
    return this.node.get<T>(path);
  }

  /** Blocks needed before segwit is active on bcoin's regtest (BIP-9: 3 periods of 144). */
  static readonly SEGWIT_HEIGHT = 432;

  /** Mine `n` blocks paying `script`; returns their hashes. */
  async mine(n: number, script: Uint8Array): Promise<string[]> {
    return this.rpc<string[]>('generatetoaddress', [n, addressOfScript(script, BCOIN_REGTEST)]);
  }

  async height(): Promise<number> {
    return this.rpc<number>('getblockcount');
  }

  /** The coinbase output of the block at `height` (paid to `signer` by {@link mine}). */
  async coinbase(height: number, signer: SignerScript): Promise<Coin> {
    const hash = await this.rpc<string>('getblockhash', [height]);
    const block = await this.rpc<{ tx: string[] }>('getblock', [hash, true, false]);
    const txid = block.tx[0]!;
    const raw = await this.rpc<string>('getrawtransaction', [txid, false]);
    const tx = Transaction.fromHex(raw);
    return { txid, vout: 0, value: tx.outs[0]!.value, signer };
  }

  /**
   * Spend `inputs` into `outputs` (script, value) with the remainder minus `fee` to
   * `change`; broadcast; return the txid. Nothing is mined.
   */
  async send(
    inputs: readonly Coin[],
    outputs: readonly { script: Uint8Array; value: bigint }[],
    change?: SignerScript,
    fee = 10_000n
  ): Promise<{ txid: string; raw: string }> {
    const tx = new Transaction();
    tx.version = 2;
    for (const c of inputs) tx.addInput(hexToBytes(c.txid).reverse(), c.vout, 0xfffffffd);
    let out = 0n;
    for (const o of outputs) {
      tx.addOutput(o.script, o.value);
      out += o.value;
    }
    const total = inputs.reduce((s, c) => s + c.value, 0n);
    if (change) tx.addOutput(signerScriptPubKey(change), total - out - fee);
    const prevouts = inputs.map((c) => ({ script: signerScriptPubKey(c.signer), value: c.value }));
    inputs.forEach((c, i) => {
      signInput(tx, i, prevouts, c.signer);
    });
    const raw = tx.toHex();
    await this.rpc('sendrawtransaction', [raw]);
    // bcoin's sendrawtransaction swallows policy rejections: check the mempool
    // (it also returns before the mempool has taken the transaction)
    for (let i = 0; ; i++) {
      const pool = await this.get<string[]>('/mempool');
      if (pool.includes(tx.getId())) break;
      if (i >= 50) throw new Error(`bcoin rejected ${tx.getId()}: ${this.log.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { txid: tx.getId(), raw };
  }
}
