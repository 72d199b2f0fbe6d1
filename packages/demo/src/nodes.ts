/**
 * Local chain nodes for the demo (and the end-to-end test): a bcoin regtest full node and an
 * anvil node, each on 127.0.0.1 with random free ports.
 *
 * No orphans: each node runs under a small watchdog process that kills it when its parent goes
 * away — the watchdog's stdin is a pipe from this process, which closes however this process
 * ends (exit, Ctrl-C, even SIGKILL). Nodes run in their own process group, so a Ctrl-C in the
 * terminal reaches only the demo, which then stops them in order.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The watchdog (run with `node -e`): start argv[1…] as a child, forward SIGTERM/SIGINT, and kill
 * the child when stdin closes (the parent died). Exits with the child.
 */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [cmd, ...args] = process.argv.slice(1);
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 4000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code, sig) => process.exit(code ?? (sig ? 1 : 0)));
`;

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Every node started by this process and not yet stopped. */
const live = new Set<Supervised>();

/** Stop every node this process started (for signal handlers: nodes still starting included). */
export async function stopAllNodes(): Promise<void> {
  await Promise.all([...live].map((s) => s.stop()));
}

/** Synchronous last resort on process exit: SIGKILL every node's process group. */
export function killAllNodesNow(): void {
  for (const s of live) s.killNow();
}

/** A node process under its watchdog. */
class Supervised {
  readonly proc: ChildProcess;
  /** The last 4 kB of the node's output. */
  log = '';

  constructor(cmd: string, args: readonly string[]) {
    this.proc = spawn(process.execPath, ['-e', WATCHDOG, cmd, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-4000);
    };
    this.proc.stdout!.on('data', keep);
    this.proc.stderr!.on('data', keep);
    live.add(this);
    this.proc.once('exit', () => live.delete(this));
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Stop the node (SIGTERM through the watchdog, SIGKILL of the group after 5 s). */
  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => {
      try {
        if (this.proc.pid) process.kill(-this.proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(t);
  }

  /** Synchronous last resort on process exit: kill the whole process group. */
  killNow(): void {
    if (!this.running || !this.proc.pid) return;
    try {
      process.kill(-this.proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const require = createRequire(import.meta.url);

function bcoinBin(): string {
  return join(dirname(require.resolve('bcoin/package.json')), 'bin', 'node');
}

/** The anvil binary: the platform package's executable, else the npm wrapper. */
function anvilBin(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  try {
    const pkg = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`);
    const bin = join(dirname(pkg), 'bin', 'anvil');
    if (existsSync(bin)) return bin;
  } catch {
    // fall through
  }
  return join(dirname(require.resolve('@foundry-rs/anvil/package.json')), 'bin.mjs');
}

/**
 * `fetch`, sent again once when it went out on a kept-alive connection the node had already
 * closed (undici: "fetch failed", cause `UND_ERR_SOCKET` / `ECONNRESET`): the node never read
 * that request. Between the demo's steps a connection can sit idle longer than the node keeps it.
 */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const code = (e as { cause?: { code?: unknown } }).cause?.code;
    if (e instanceof TypeError && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET'))
      return fetch(url, init);
    throw e;
  }
}

async function waitFor(what: string, node: Supervised, probe: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!node.running) throw new Error(`${what} exited: ${node.log.slice(-1500)}`);
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start in ${ms / 1000} s: ${node.log.slice(-1500)}`);
}

/** A running bcoin regtest node (in-memory chain, tx and address indexes, no wallet). */
export class BcoinDemoNode {
  readonly url: string;
  readonly apiKey: string;
  private readonly sup: Supervised;
  private readonly dir: string;
  private id = 0;

  private constructor(sup: Supervised, url: string, apiKey: string, dir: string) {
    this.sup = sup;
    this.url = url;
    this.apiKey = apiKey;
    this.dir = dir;
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
    return this.sup.proc.pid;
  }

  static async start(): Promise<BcoinDemoNode> {
    const http = await freePort();
    const p2p = await freePort();
    const apiKey = randomBytes(16).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'kura-demo-bcoin-'));
    const sup = new Supervised(process.execPath, [
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
      '--log-level=error',
    ]);
    const node = new BcoinDemoNode(sup, `http://127.0.0.1:${http}`, apiKey, dir);
    try {
      await waitFor('bcoin', sup, async () => (await fetch(node.url, { headers: node.auth() })).ok);
    } catch (e) {
      await node.stop();
      throw e;
    }
    return node;
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

  async stop(): Promise<void> {
    await this.sup.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  killNow(): void {
    this.sup.killNow();
  }
}

/** A running anvil node with its unlocked dev accounts. */
export class AnvilDemoNode {
  readonly url: string;
  readonly chainId: number;
  private readonly sup: Supervised;
  private id = 0;

  private constructor(sup: Supervised, url: string, chainId: number) {
    this.sup = sup;
    this.url = url;
    this.chainId = chainId;
  }

  get pid(): number | undefined {
    return this.sup.proc.pid;
  }

  /** Start anvil; `balance` is each dev account's ETH. */
  static async start(opts: { chainId?: number; balance?: number } = {}): Promise<AnvilDemoNode> {
    const port = await freePort();
    const chainId = opts.chainId ?? 31337;
    const sup = new Supervised(anvilBin(), [
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--chain-id',
      String(chainId),
      '--accounts',
      '4',
      '--balance',
      String(opts.balance ?? 100_000),
      '--silent',
    ]);
    const node = new AnvilDemoNode(sup, `http://127.0.0.1:${port}`, chainId);
    try {
      await waitFor(
        'anvil',
        sup,
        async () => (await node.rpc<string>('eth_chainId')) !== undefined
      );
    } catch (e) {
      await node.stop();
      throw e;
    }
    return node;
  }

  // biome-ignore lint/suspicious/noExplicitAny: raw JSON-RPC replies
  async rpc<T = any>(method: string, params: unknown[] = []): Promise<T> {
    const r = await fetchOnce(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params }),
    });
    const j = (await r.json()) as { result?: T; error?: { message: string } };
    if (j.error) throw new Error(`anvil ${method}: ${j.error.message}`);
    return j.result as T;
  }

  async stop(): Promise<void> {
    await this.sup.stop();
  }

  killNow(): void {
    this.sup.killNow();
  }
}
