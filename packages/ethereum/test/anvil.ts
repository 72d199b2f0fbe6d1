/**
 * Test helper: a real `anvil` node (npm `@foundry-rs/anvil`) on 127.0.0.1 with a random port,
 * plus the few calls tests need to deploy fixtures and move funds (unlocked dev accounts,
 * automine). One node per test file: start in `beforeAll`, `stop()` in `afterAll`.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getAddress, HDNodeWallet, Interface, type InterfaceAbi, Wallet } from 'ethers';
import { compileContracts } from './contracts.js';

const ANVIL = fileURLToPath(new URL('../../../node_modules/.bin/anvil', import.meta.url));
/** anvil's default dev mnemonic. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
/** The canonical Multicall3 address. */
export const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';

/** The i-th dev account's wallet (private key known: for signing in tests). */
export function devWallet(i: number): Wallet {
  const hd = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
  return new Wallet(hd.privateKey);
}

/** A running anvil. */
export interface Anvil {
  readonly url: string;
  readonly chainId: number;
  /** Raw JSON-RPC call; throws on a JSON-RPC error. */
  // biome-ignore lint/suspicious/noExplicitAny: raw JSON-RPC replies in a test helper
  rpc(method: string, params?: unknown[]): Promise<any>;
  /** Send a transaction from an unlocked dev account and wait for it (automine). */
  send(tx: {
    from: string;
    to?: string;
    data?: string;
    value?: bigint;
  }): Promise<{ contractAddress?: string; blockNumber: number; status: string }>;
  /** Deploy a fixture contract by name with constructor arguments; returns its address. */
  deploy(name: string, args?: unknown[], from?: string): Promise<string>;
  /** Call a fixture contract's function from a dev account (a transaction). */
  exec(name: string, to: string, fn: string, args: unknown[], from: string): Promise<void>;
  /** Mine `n` empty blocks. */
  mine(n: number): Promise<void>;
  /** Install the Multicall3-compatible fixture at the canonical address. */
  installMulticall3(): Promise<void>;
  /** Latest block `{ number, hash }`. */
  head(): Promise<{ number: number; hash: string }>;
  stop(): Promise<void>;
}

/** Start anvil; resolves when it listens. */
export async function startAnvil(opts: { chainId?: number; args?: string[] } = {}): Promise<Anvil> {
  const chainId = opts.chainId ?? 31337;
  const child: ChildProcess = spawn(
    ANVIL,
    [
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--chain-id',
      String(chainId),
      '--accounts',
      '10',
      ...(opts.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new Error(`anvil did not start: ${buf.slice(-500)}`)),
      20_000
    );
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /Listening on (127\.0\.0\.1:\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(`http://${m[1]}`);
      }
    });
    child.on('exit', (c) => reject(new Error(`anvil exited with ${c}: ${buf.slice(-500)}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  let id = 0;
  // biome-ignore lint/suspicious/noExplicitAny: raw JSON-RPC replies in a test helper
  const rpc = async (method: string, params: unknown[] = []): Promise<any> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const j = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (j.error) throw new Error(`${method}: ${j.error.message}`);
    return j.result;
  };
  const contracts = compileContracts();
  const send: Anvil['send'] = async (tx) => {
    const hash = await rpc('eth_sendTransaction', [
      {
        from: tx.from,
        ...(tx.to ? { to: tx.to } : {}),
        ...(tx.data ? { data: tx.data } : {}),
        ...(tx.value !== undefined ? { value: `0x${tx.value.toString(16)}` } : {}),
      },
    ]);
    let r = await rpc('eth_getTransactionReceipt', [hash]);
    for (let i = 0; r === null && i < 400; i++) {
      await new Promise((res) => setTimeout(res, 5));
      r = await rpc('eth_getTransactionReceipt', [hash]);
    }
    if (r === null) throw new Error('no receipt');
    if (r.status !== '0x1')
      throw new Error(`transaction reverted: ${JSON.stringify(tx).slice(0, 200)}`);
    return {
      contractAddress: r.contractAddress ?? undefined,
      blockNumber: Number(r.blockNumber),
      status: r.status,
    };
  };
  const iface = (name: string) => new Interface(contracts[name]!.abi as InterfaceAbi);
  const accounts: string[] = await rpc('eth_accounts');
  const a: Anvil = {
    url,
    chainId,
    rpc,
    send,
    async deploy(name, args = [], from = accounts[0]!) {
      const c = contracts[name];
      if (!c) throw new Error(`no contract ${name}`);
      const data = c.bytecode + iface(name).encodeDeploy(args).slice(2);
      const r = await send({ from, data });
      return getAddress(r.contractAddress!);
    },
    async exec(name, to, fn, args, from) {
      await send({ from, to, data: iface(name).encodeFunctionData(fn, args) });
    },
    async mine(n) {
      await rpc('anvil_mine', [`0x${n.toString(16)}`]);
    },
    async installMulticall3() {
      await rpc('anvil_setCode', [MULTICALL3, contracts.Multicall3Compatible!.runtime]);
      await rpc('anvil_mine', ['0x1']);
    },
    async head() {
      const b = await rpc('eth_getBlockByNumber', ['latest', false]);
      return { number: Number(b.number), hash: b.hash };
    },
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      });
    },
  };
  return a;
}
