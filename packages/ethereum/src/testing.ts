/**
 * `@kura/ethereum/testing` — for tests and the demo, not for production use (Node only; needs the
 * `@foundry-rs/anvil` package installed beside Kura). The one launcher of a real anvil node
 * ({@link AnvilNode}): the demo's node and the tests' (`test/anvil.ts`), on 127.0.0.1 with a random
 * free port under `@kura/codec/testing`'s watchdog (no orphans), with its unlocked dev accounts
 * and automine; and the pinned Solidity fixtures deployed on it ({@link fixtureContracts}).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fetchOnce, freePort, SupervisedProcess } from '@kura/codec/testing';

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

/** One compiled fixture contract. */
export interface FixtureContract {
  readonly abi: unknown[];
  /** Creation bytecode, 0x-prefixed. */
  readonly bytecode: string;
  /** Runtime bytecode, 0x-prefixed. */
  readonly runtime: string;
}

let fixtures: Record<string, FixtureContract> | undefined;

/**
 * The Solidity fixtures (`test/contracts/*.sol`: Multicall3-compatible, USDC-style token, owner
 * wallet, Safe, …) by name, as pinned artifacts (`test/contracts/artifacts.json`, produced by
 * `npm run contracts` with npm `solc` 0.8.37; `src/contracts.test.ts` recompiles and checks them).
 */
export function fixtureContracts(): Record<string, FixtureContract> {
  fixtures ??= (
    JSON.parse(
      readFileSync(new URL('../test/contracts/artifacts.json', import.meta.url), 'utf8')
    ) as { contracts: Record<string, FixtureContract> }
  ).contracts;
  return fixtures;
}

/** Options of {@link AnvilNode.start}. */
export interface AnvilNodeOptions {
  /** EIP-155 chain id (default 31337). */
  readonly chainId?: number;
  /** Number of unlocked dev accounts (default 10, anvil's own default). */
  readonly accounts?: number;
  /** Each dev account's ETH (default: anvil's own, 10,000). */
  readonly balance?: number;
  /** Further anvil arguments (e.g. `['--gas-limit', '1000000000']`). */
  readonly args?: readonly string[];
}

/** A mined transaction's receipt, as far as tests and the demo read it. */
export interface AnvilReceipt {
  readonly status: string;
  readonly contractAddress: string | null;
  readonly blockNumber: string;
}

/** A running anvil node with its unlocked dev accounts (automine). */
export class AnvilNode {
  readonly url: string;
  readonly chainId: number;
  private readonly sup: SupervisedProcess;
  private id = 0;

  private constructor(sup: SupervisedProcess, url: string, chainId: number) {
    this.sup = sup;
    this.url = url;
    this.chainId = chainId;
  }

  /** The watchdog's process id. */
  get pid(): number | undefined {
    return this.sup.pid;
  }

  /** Start anvil; resolves when it answers `eth_chainId`. */
  static async start(opts: AnvilNodeOptions = {}): Promise<AnvilNode> {
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
      String(opts.accounts ?? 10),
      ...(opts.balance !== undefined ? ['--balance', String(opts.balance)] : []),
      '--silent',
      ...(opts.args ?? []),
    ]);
    const node = new AnvilNode(sup, `http://127.0.0.1:${port}`, chainId);
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

  /** Raw JSON-RPC call; throws on a JSON-RPC error. */
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

  /**
   * Send a transaction from an unlocked dev account and wait for its receipt (automine: the
   * receipt follows the block, which may take a moment on a busy machine); throws if it reverted
   * or was not mined.
   */
  async send(tx: {
    readonly from: string;
    readonly to?: string;
    readonly data?: string;
    readonly value?: bigint;
  }): Promise<AnvilReceipt> {
    const hash = await this.rpc<string>('eth_sendTransaction', [
      {
        from: tx.from,
        ...(tx.to ? { to: tx.to } : {}),
        ...(tx.data ? { data: tx.data } : {}),
        ...(tx.value !== undefined ? { value: `0x${tx.value.toString(16)}` } : {}),
      },
    ]);
    let r: AnvilReceipt | null = null;
    for (let i = 0; i < 1000 && r === null; i++) {
      r = await this.rpc<AnvilReceipt | null>('eth_getTransactionReceipt', [hash]);
      if (r === null) await new Promise((res) => setTimeout(res, 10));
    }
    if (r?.status !== '0x1')
      throw new Error(`anvil: transaction ${hash} ${r ? 'reverted' : 'was not mined'}`);
    return r;
  }

  /** Stop anvil (SIGTERM, SIGKILL of its group after 5 s). */
  async stop(): Promise<void> {
    await this.sup.stop();
  }

  /** Synchronous last resort on process exit. */
  killNow(): void {
    this.sup.killNow();
  }
}
