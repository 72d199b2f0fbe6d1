/**
 * `@kura/bitcoin/testing` — for tests and the demo, not for production use. A harness for the
 * Bitcoin-family coins no node of which runs here (Litecoin, Dogecoin,
 * Monacoin): a small chain built in the test on the coin's own regtest genesis — every header
 * linked by hash, mined to the regtest target under the coin's proof of work where Kura checks
 * it (scrypt for Litecoin) — and a `fetch` that answers the Core-derived JSON-RPC calls Kura's
 * {@link CoreRpcSource} makes (`getblockcount`, `getblockhash`, `getblockheader`,
 * `getrawtransaction`, `gettxoutproof`, `gettxout`, `getblock`, `scantxoutset`) in the exact
 * reply shapes of Bitcoin Core, which litecoind, dogecoind and monacoind inherit. And the one
 * launcher of a real bcoin regtest node ({@link BcoinRegtest}, Node only; needs the `bcoin`
 * package installed beside Kura): the demo's node and the tests' (`test/bcoin-node.ts`).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bytesToHex, type FetchLike } from '@kura/codec';
import { fetchOnce, freePort, SupervisedProcess } from '@kura/codec/testing';
import { Transaction } from 'bitcoinjs-lib';
import { addressOfScript } from './address.js';
import { buildMerkleBlock, checkProofOfWork, merkleRoot, parseBlockHeader } from './merkleblock.js';
import type { BitcoinNetwork } from './networks.js';
import { ByteWriter } from './wire.js';

interface Block {
  hash: string;
  header: Uint8Array;
  txs: Transaction[];
  height: number;
}

/** One payment to a reserve script, mined at `height`. */
export interface Payment {
  readonly scriptPubKey: Uint8Array;
  readonly value: bigint;
  readonly height: number;
}

/** A synthetic chain of `tip + 1` blocks on `net`'s genesis, with `payments` mined in it. */
export class FamilyChain {
  readonly blocks: Block[] = [];
  /** outpoint → spent */
  readonly spent = new Set<string>();

  /**
   * `pinned`: block hashes answered by `getblockhash` at heights above this short chain (the
   * Bitcoin Cash fork block, which tells a BCH node from a Bitcoin node with the same genesis).
   */
  constructor(
    readonly net: BitcoinNetwork,
    tip: number,
    payments: readonly Payment[],
    readonly pinned: Readonly<Record<number, string>> = {},
    /** `time`: the time stamp of block 0's successor minus 150 s (blocks are 150 s apart). */
    opts: { readonly time?: number } = {}
  ) {
    const time0 = opts.time ?? 1_764_514_800;
    this.blocks.push({ hash: net.genesis, header: new Uint8Array(80), txs: [], height: 0 });
    let prev = net.genesis;
    for (let h = 1; h <= tip; h++) {
      const cb = new Transaction();
      cb.version = 1;
      const hScript = Uint8Array.of(0x03, h & 0xff, (h >> 8) & 0xff, 0);
      cb.addInput(Buffer.alloc(32), 0xffffffff, 0xffffffff, Buffer.from(hScript));
      cb.addOutput(Buffer.from([0x6a]), 0n);
      const txs = [cb];
      const mine = payments.filter((p) => p.height === h);
      if (mine.length) {
        const t = new Transaction();
        t.version = 2;
        // spends the previous block's coinbase (not checked by Kura: reserve UTXOs are outputs)
        t.addInput(Buffer.from(this.blocks[h - 1]!.txs[0]?.getHash() ?? Buffer.alloc(32, 1)), 0);
        for (const p of mine) t.addOutput(Buffer.from(p.scriptPubKey), p.value);
        txs.push(t);
      }
      const root = merkleRoot(txs.map((t) => Uint8Array.from(t.getHash())));
      let header: Uint8Array;
      for (let nonce = 0; ; nonce++) {
        header = new ByteWriter()
          .u32le(0x20000000)
          .bytes(Uint8Array.from(Buffer.from(prev, 'hex')).reverse())
          .bytes(root)
          .u32le(time0 + h * 150)
          .u32le(0x207fffff)
          .u32le(nonce)
          .finish();
        const parsed = parseBlockHeader(header);
        const pow = net.pow === 'unchecked' ? 'sha256d' : net.pow;
        if (checkProofOfWork(parsed, pow, header)) break;
      }
      const hash = parseBlockHeader(header).hash;
      this.blocks.push({ hash, header, txs, height: h });
      prev = hash;
    }
  }

  get tip(): number {
    return this.blocks.length - 1;
  }

  private findTx(txid: string): { tx: Transaction; block: Block } | undefined {
    for (const b of this.blocks)
      for (const tx of b.txs) if (tx.getId() === txid) return { tx, block: b };
    return undefined;
  }

  /** `fetch` answering Core-shaped JSON-RPC over this chain. */
  fetch(): FetchLike {
    const coin = (v: bigint) => Number(v) / 1e8;
    return async (_url, init) => {
      const req = JSON.parse(String(init?.body)) as {
        method: string;
        params: unknown[];
        id: unknown;
      };
      const ok = (result: unknown) => ({ result, error: null, id: req.id });
      const err = (code: number, message: string) => ({
        result: null,
        error: { code, message },
        id: req.id,
      });
      const byHash = (h: unknown) => this.blocks.find((b) => b.hash === h);
      const p = req.params;
      let body: unknown;
      switch (req.method) {
        case 'getblockcount':
          body = ok(this.tip);
          break;
        case 'getblockhash': {
          const b = this.blocks[Number(p[0])];
          const pin = this.pinned[Number(p[0])];
          body = b ? ok(b.hash) : pin ? ok(pin) : err(-8, 'Block height out of range');
          break;
        }
        case 'getblockheader': {
          const b = byHash(p[0]);
          if (!b) body = err(-5, 'Block not found');
          else if (p[1] === false) body = ok(bytesToHex(b.header));
          else
            body = ok({
              hash: b.hash,
              confirmations: this.tip - b.height + 1,
              height: b.height,
              version: 0x20000000,
              versionHex: '20000000',
              merkleroot: parseBlockHeader(b.header).merkleRoot,
              time: parseBlockHeader(b.header).time,
              nonce: parseBlockHeader(b.header).nonce,
              bits: '207fffff',
              difficulty: 4.656542373906925e-10,
              nTx: b.txs.length,
              ...(b.height > 0 ? { previousblockhash: this.blocks[b.height - 1]!.hash } : {}),
              ...(b.height < this.tip ? { nextblockhash: this.blocks[b.height + 1]!.hash } : {}),
            });
          break;
        }
        case 'getblock': {
          const b = byHash(p[0]);
          if (!b) body = err(-5, 'Block not found');
          else {
            const w = new ByteWriter().bytes(b.header).varint(b.txs.length);
            for (const t of b.txs) w.bytes(Uint8Array.from(t.toBuffer()));
            body = ok(bytesToHex(w.finish()));
          }
          break;
        }
        case 'getrawtransaction': {
          const f = this.findTx(String(p[0]));
          if (!f || (p[2] !== undefined && f.block.hash !== p[2])) {
            body = err(
              -5,
              'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.'
            );
            break;
          }
          const tx = f.tx;
          body = ok({
            ...(p[2] !== undefined ? { in_active_chain: true } : {}),
            txid: tx.getId(),
            hash: tx.getId(),
            version: tx.version,
            size: tx.byteLength(),
            vsize: tx.virtualSize(),
            weight: tx.weight(),
            locktime: tx.locktime,
            vin: [],
            vout: tx.outs.map((o, n) => ({
              value: coin(o.value),
              n,
              scriptPubKey: { hex: bytesToHex(o.script) },
            })),
            hex: tx.toHex(),
            blockhash: f.block.hash,
            confirmations: this.tip - f.block.height + 1,
            time: parseBlockHeader(f.block.header).time,
            blocktime: parseBlockHeader(f.block.header).time,
          });
          break;
        }
        case 'gettxoutproof': {
          const [ids, bh] = p as [string[], string];
          const b = byHash(bh);
          const i = b?.txs.findIndex((t) => t.getId() === ids[0]) ?? -1;
          body =
            b && i >= 0
              ? ok(
                  bytesToHex(
                    buildMerkleBlock(
                      b.header,
                      b.txs.map((t) => Uint8Array.from(t.getHash())),
                      new Set([i])
                    )
                  )
                )
              : err(-5, 'Transaction not yet in block');
          break;
        }
        case 'gettxout': {
          const f = this.findTx(String(p[0]));
          const o = f?.tx.outs[Number(p[1])];
          if (!f || !o || this.spent.has(`${p[0]}:${p[1]}`)) body = ok(null);
          else
            body = ok({
              bestblock: this.blocks[this.tip]!.hash,
              confirmations: this.tip - f.block.height + 1,
              value: coin(o.value),
              scriptPubKey: { hex: bytesToHex(o.script) },
              coinbase: f.tx.isCoinbase(),
            });
          break;
        }
        case 'scantxoutset': {
          const desc = String((p[1] as string[])[0]);
          const address = desc.slice(5, -1);
          const unspents: Record<string, unknown>[] = [];
          let total = 0n;
          for (const b of this.blocks)
            for (const t of b.txs)
              t.outs.forEach((o, n) => {
                if (o.script.length < 2 || this.spent.has(`${t.getId()}:${n}`)) return;
                let a: string;
                try {
                  a = addressOfScript(Uint8Array.from(o.script), this.net);
                } catch {
                  return;
                }
                if (a !== address) return;
                unspents.push({
                  txid: t.getId(),
                  vout: n,
                  scriptPubKey: bytesToHex(o.script),
                  desc,
                  amount: coin(o.value),
                  coinbase: t.isCoinbase(),
                  height: b.height,
                  blockhash: b.hash,
                });
                total += o.value;
              });
          body = ok({
            success: true,
            txouts: 2 * this.tip,
            height: this.tip,
            bestblock: this.blocks[this.tip]!.hash,
            unspents,
            total_amount: coin(total),
          });
          break;
        }
        default:
          throw new Error(`family chain: no reply for ${req.method}`);
      }
      const text = JSON.stringify(body);
      return {
        status: (body as { error: unknown }).error ? 500 : 200,
        headers: {
          get: (n: string) => (n.toLowerCase() === 'content-type' ? 'application/json' : null),
        },
        text: async () => text,
      };
    };
  }
}

// --- a real bcoin regtest node -----------------------------------------------------------

/** bcoin's node program (`bcoin/bin/node`), found on the module search path. */
function bcoinBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('bcoin/package.json')), 'bin', 'node');
}

/** Options of {@link BcoinRegtest.start}. */
export interface BcoinRegtestOptions {
  /** bcoin's `--log-level` (default `error`). */
  readonly logLevel?: 'error' | 'warning' | 'info' | 'debug' | 'spam';
  /** How long to wait for its HTTP API (default 30 s). */
  readonly timeoutMs?: number;
}

/** A running bcoin regtest node. */
export class BcoinRegtest {
  readonly url: string;
  readonly apiKey: string;
  private readonly sup: SupervisedProcess;
  private readonly dir: string;
  private id = 0;

  private constructor(sup: SupervisedProcess, url: string, apiKey: string, dir: string) {
    this.sup = sup;
    this.url = url;
    this.apiKey = apiKey;
    this.dir = dir;
  }

  /** Start a node and wait until its HTTP API answers. */
  static async start(opts: BcoinRegtestOptions = {}): Promise<BcoinRegtest> {
    const http = await freePort();
    const p2p = await freePort();
    const apiKey = bytesToHex(randomBytes(16));
    const dir = mkdtempSync(join(tmpdir(), 'kura-bcoin-'));
    const sup = new SupervisedProcess(process.execPath, [
      bcoinBin(),
      '--network=regtest',
      '--memory=true',
      '--workers=false',
      '--listen=false',
      '--no-wallet',
      '--index-tx=true',
      '--index-address=true',
      `--prefix=${dir}`,
      '--http-host=127.0.0.1',
      `--http-port=${http}`,
      `--port=${p2p}`,
      `--api-key=${apiKey}`,
      `--log-level=${opts.logLevel ?? 'error'}`,
    ]);
    const node = new BcoinRegtest(sup, `http://127.0.0.1:${http}`, apiKey, dir);
    try {
      await sup.waitUntil(
        'bcoin',
        async () => (await fetch(node.url, { headers: node.auth() })).ok,
        opts.timeoutMs
      );
    } catch (e) {
      await node.stop();
      throw e;
    }
    return node;
  }

  /** The URL with the API key as basic-auth password (what Kura's bcoin source takes). */
  get authUrl(): string {
    const u = new URL(this.url);
    u.username = 'x';
    u.password = this.apiKey;
    return u.toString().replace(/\/$/, '');
  }

  /** The node's process id (the watchdog's), for tests that check nothing is left running. */
  get pid(): number | undefined {
    return this.sup.pid;
  }

  /** The last 4 kB of the node's output. */
  get log(): string {
    return this.sup.log;
  }

  private auth(): Record<string, string> {
    return { authorization: `Basic ${Buffer.from(`x:${this.apiKey}`).toString('base64')}` };
  }

  /** JSON-RPC call; throws with the node's message. */
  async rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const r = await fetchOnce(this.url, {
      method: 'POST',
      headers: { ...this.auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ method, params, id: ++this.id }),
    });
    const j = (await r.json()) as { result: T; error: { message: string } | null };
    if (j.error) throw new Error(`bcoin ${method}: ${j.error.message}`);
    return j.result;
  }

  /** GET a REST path as JSON. */
  async get<T = unknown>(path: string): Promise<T> {
    const r = await fetchOnce(this.url + path, { headers: this.auth() });
    return (await r.json()) as T;
  }

  /** Stop the node and remove its directory. */
  async stop(): Promise<void> {
    await this.sup.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort on process exit: kill the node's process group. */
  killNow(): void {
    this.sup.killNow();
  }
}
