/**
 * Test harness: a real bcoin 1.0.2 regtest full node on loopback (random free ports, an API
 * key, in-memory chain, tx and address indexes), plus wallet-free helpers to mine and to fund
 * outputs built with bitcoinjs-lib. One node per test file: start in `beforeAll`, stop in
 * `afterAll`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes } from '@kura/codec';
import { Transaction } from 'bitcoinjs-lib';
import { addressOfScript } from '../src/address.js';
import { networkByName } from '../src/networks.js';
import { type SignerScript, signerScriptPubKey, signInput } from '../src/sign.js';

const BCOIN_BIN = fileURLToPath(new URL('../../../node_modules/bcoin/bin/node', import.meta.url));
/** bcoin's regtest address spelling (hrp `rb`, base58 0x3c / 0x26). */
export const BCOIN_REGTEST = networkByName('regtest-bcoin');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A spendable output the harness knows the keys of. */
export interface Coin {
  readonly txid: string;
  readonly vout: number;
  readonly value: bigint;
  readonly signer: SignerScript;
}

/** A running bcoin node. */
export class BcoinNode {
  readonly url: string;
  readonly apiKey: string;
  private readonly proc: ChildProcess;
  private readonly dir: string;
  /** The last 4 kB of the node's log. */
  log = '';
  private id = 0;

  private constructor(proc: ChildProcess, url: string, apiKey: string, dir: string) {
    this.proc = proc;
    this.url = url;
    this.apiKey = apiKey;
    this.dir = dir;
    proc.stdout?.on('data', (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-4000);
    });
    proc.stderr?.on('data', (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-4000);
    });
  }

  /** URL with the API key as basic-auth password (what Kura's sources take). */
  get authUrl(): string {
    const u = new URL(this.url);
    u.username = 'x';
    u.password = this.apiKey;
    return u.toString().replace(/\/$/, '');
  }

  /** Start a node and wait until its HTTP API answers. */
  static async start(): Promise<BcoinNode> {
    const httpPort = await freePort();
    const p2pPort = await freePort();
    const apiKey = bytesToHex(randomBytes(16));
    const dir = mkdtempSync(join(tmpdir(), 'kura-bcoin-'));
    const proc = spawn(
      process.execPath,
      [
        BCOIN_BIN,
        '--network=regtest',
        '--memory=true',
        '--workers=false',
        '--listen=false',
        '--no-wallet',
        '--index-tx=true',
        '--index-address=true',
        `--prefix=${dir}`,
        '--http-host=127.0.0.1',
        `--http-port=${httpPort}`,
        `--port=${p2pPort}`,
        `--api-key=${apiKey}`,
        '--log-level=warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    );
    const node = new BcoinNode(proc, `http://127.0.0.1:${httpPort}`, apiKey, dir);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`bcoin exited: ${node.log}`);
      try {
        const r = await fetch(node.url, { headers: node.authHeader() });
        if (r.status === 200) return node;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await node.stop();
    throw new Error(`bcoin did not start: ${node.log}`);
  }

  private authHeader(): Record<string, string> {
    return { authorization: `Basic ${Buffer.from(`x:${this.apiKey}`).toString('base64')}` };
  }

  /** Stop the node (SIGTERM, then SIGKILL) and remove its directory. */
  async stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
      this.proc.kill('SIGTERM');
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Call a JSON-RPC method; throws with the node's error message. */
  async rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const r = await fetch(this.url, {
      method: 'POST',
      headers: { ...this.authHeader(), 'content-type': 'application/json' },
      body: JSON.stringify({ method, params, id: ++this.id }),
    });
    const j = (await r.json()) as { result: T; error: { message: string } | null };
    if (j.error) throw new Error(`${method}: ${j.error.message}`);
    return j.result;
  }

  /** GET a REST path as JSON. */
  async get<T = unknown>(path: string): Promise<T> {
    const r = await fetch(this.url + path, { headers: this.authHeader() });
    return (await r.json()) as T;
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
