/**
 * Local chain nodes for the demo (and the end-to-end tests): a bcoin regtest full node
 * (`@kura/bitcoin/testing`'s launcher) and an anvil node, each on 127.0.0.1 with random free
 * ports, each under `@kura/codec/testing`'s watchdog (no orphans, even if the demo is killed).
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BcoinRegtest } from '@kura/bitcoin/testing';
import {
  fetchOnce,
  freePort,
  killAllSupervisedNow,
  SupervisedProcess,
  stopAllSupervised,
} from '@kura/codec/testing';

/** The demo's bcoin regtest node (in-memory chain, tx and address indexes, no wallet). */
export { BcoinRegtest as BcoinDemoNode };

/** Stop every node this process started (for signal handlers: nodes still starting included). */
export const stopAllNodes: () => Promise<void> = stopAllSupervised;

/** Synchronous last resort on process exit: SIGKILL every node's process group. */
export const killAllNodesNow: () => void = killAllSupervisedNow;

/** The anvil binary: the platform package's executable, else the npm wrapper. */
function anvilBin(): string {
  const require = createRequire(import.meta.url);
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

/** A running anvil node with its unlocked dev accounts. */
export class AnvilDemoNode {
  readonly url: string;
  readonly chainId: number;
  private readonly sup: SupervisedProcess;
  private id = 0;

  private constructor(sup: SupervisedProcess, url: string, chainId: number) {
    this.sup = sup;
    this.url = url;
    this.chainId = chainId;
  }

  get pid(): number | undefined {
    return this.sup.pid;
  }

  /** Start anvil; `balance` is each dev account's ETH. */
  static async start(opts: { chainId?: number; balance?: number } = {}): Promise<AnvilDemoNode> {
    const port = await freePort();
    const chainId = opts.chainId ?? 31337;
    const sup = new SupervisedProcess(anvilBin(), [
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
      await sup.waitUntil(
        'anvil',
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
