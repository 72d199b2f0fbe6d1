/**
 * Test helper: a real `anvil` node (npm `@foundry-rs/anvil`; the launcher of
 * `@kura/ethereum/testing`, {@link AnvilNode}) on 127.0.0.1 with a random port,
 * plus the few calls tests need to deploy fixtures and move funds (unlocked dev accounts,
 * automine). One node per test file: start in `beforeAll`, `stop()` in `afterAll`.
 * @module
 */
import { getAddress, HDNodeWallet, Interface, type InterfaceAbi, Wallet } from 'ethers';
import { MULTICALL3_ADDRESS } from '../src/balances.js';
import { AnvilNode } from '../src/testing.js';
import { compileContracts } from './contracts.js';

/** anvil's default dev mnemonic. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
/** The canonical Multicall3 address. */
export const MULTICALL3: string = MULTICALL3_ADDRESS;

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

/** Start anvil (10 dev accounts); resolves when it answers. */
export async function startAnvil(opts: { chainId?: number; args?: string[] } = {}): Promise<Anvil> {
  const node = await AnvilNode.start({
    ...(opts.chainId !== undefined ? { chainId: opts.chainId } : {}),
    ...(opts.args ? { args: opts.args } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: raw JSON-RPC replies in a test helper
  const rpc = (method: string, params: unknown[] = []): Promise<any> => node.rpc(method, params);
  const contracts = compileContracts();
  const send: Anvil['send'] = async (tx) => {
    const r = await node.send(tx);
    return {
      contractAddress: r.contractAddress ?? undefined,
      blockNumber: Number(r.blockNumber),
      status: r.status,
    };
  };
  const iface = (name: string) => new Interface(contracts[name]!.abi as InterfaceAbi);
  const accounts: string[] = await rpc('eth_accounts');
  const a: Anvil = {
    url: node.url,
    chainId: node.chainId,
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
    stop: () => node.stop(),
  };
  return a;
}
