/**
 * ETH and ERC-20 balances of many holders at one block, pinned by hash (EIP-1898
 * `{ "blockHash": … }`), read through Multicall3 when it is deployed at that block and through
 * JSON-RPC batch requests of `eth_getBalance` / `eth_call balanceOf` otherwise.
 *
 * Multicall3 (`aggregate3`, selector `0x82ad56cb`, with `allowFailure`, and `getEthBalance`,
 * `0x4d2301cc`) sits at the same address on most EVM chains. Every token reply must be exactly
 * one 32-byte word: a call to an address without code "succeeds" with empty data, which is
 * refused rather than read as zero.
 * @module
 */
import { KuraError, SourceError } from '@kura/codec';
import { parseQuantity } from './hex.js';
import { decodeAggregate3, encodeAggregate3 } from './multicall.js';
import { pool, type RpcClient } from './rpc.js';

/** The address of Multicall3 on most EVM chains. */
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11';

/** `balanceOf(address)` calldata. */
export function balanceOfData(holder: string): string {
  return `0x70a08231${holder.slice(2).toLowerCase().padStart(64, '0')}`;
}
/** Multicall3 `getEthBalance(address)` calldata. */
function getEthBalanceData(holder: string): string {
  return `0x4d2301cc${holder.slice(2).toLowerCase().padStart(64, '0')}`;
}

/** A token whose reply is not a balance. */
export class TokenReplyError extends KuraError {
  constructor(message: string) {
    super('BAD_TOKEN_REPLY', message);
  }
}

/** Options of {@link readBalances}. */
export interface ReadBalancesOptions {
  /** `auto` (default): use Multicall3 if it has code at the block; `off`: batches only. */
  readonly multicall?: 'auto' | 'off';
  /** Sub-calls per `aggregate3` call (default 400). */
  readonly callsPerMulticall?: number;
  /** Progress callback: calls done, calls total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Balances per holder: `eth[h]` and `tokens[t][h]`. */
export interface BalanceTable {
  readonly eth: bigint[];
  readonly tokens: bigint[][];
  /** How they were read. */
  readonly via: 'multicall3' | 'rpc-batch';
}

/** Run a reply decoder; its error becomes an `RPC_BAD_REPLY` naming the endpoint and call. */
function badReplyOn<T>(rpc: RpcClient, call: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    throw new SourceError('RPC_BAD_REPLY', rpc.endpoint, call, (e as Error).message);
  }
}

/** Does `address` have code at `blockHash`? */
export async function hasCode(
  rpc: RpcClient,
  address: string,
  blockHash: string
): Promise<boolean> {
  const code = await rpc.call('eth_getCode', [address, { blockHash }]);
  if (typeof code !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(code))
    throw new SourceError('RPC_BAD_REPLY', rpc.endpoint, 'eth_getCode', 'malformed code');
  return code !== '0x';
}

function word(reply: unknown, what: string): bigint {
  if (typeof reply !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(reply))
    throw new TokenReplyError(
      `${what}: expected one 32-byte word, got ${typeof reply === 'string' ? `${(reply.length - 2) / 2} bytes` : typeof reply}`
    );
  return BigInt(reply);
}

/** Read a token's `decimals()` at the block (a uint8 or, as some tokens do, a uint256). */
export async function readDecimals(
  rpc: RpcClient,
  token: string,
  blockHash: string
): Promise<number> {
  const r = await rpc.call('eth_call', [{ to: token, data: '0x313ce567' }, { blockHash }]);
  const v = word(r, `${token} decimals()`);
  if (v > 255n) throw new TokenReplyError(`${token} decimals() = ${v} is not a uint8`);
  return Number(v);
}

/** Read balances of `holders` (EIP-55) for ETH and each token in `tokens` at `blockHash`. */
export async function readBalances(
  rpc: RpcClient,
  holders: readonly string[],
  tokens: readonly string[],
  blockHash: string,
  opts: ReadBalancesOptions = {}
): Promise<BalanceTable> {
  const useMc =
    (opts.multicall ?? 'auto') === 'auto' && (await hasCode(rpc, MULTICALL3_ADDRESS, blockHash));
  // one list of sub-calls: row 0 is ETH, row t+1 token t
  const n = holders.length;
  const total = n * (tokens.length + 1);
  const eth = new Array<bigint>(n);
  const tok = tokens.map(() => new Array<bigint>(n));
  const put = (k: number, v: bigint) => {
    const row = Math.floor(k / n);
    if (row === 0) eth[k % n] = v;
    else tok[row - 1]![k % n] = v;
  };
  const describeCall = (k: number) => {
    const row = Math.floor(k / n);
    const h = holders[k % n]!;
    return row === 0 ? `ETH balance of ${h}` : `${tokens[row - 1]} balanceOf(${h})`;
  };
  let done = 0;
  const block = { blockHash };
  if (useMc) {
    const per = Math.max(1, opts.callsPerMulticall ?? 400);
    const chunks: number[][] = [];
    for (let i = 0; i < total; i += per)
      chunks.push(Array.from({ length: Math.min(per, total - i) }, (_, j) => i + j));
    const calls = chunks.map((ks) => ({
      method: 'eth_call',
      params: [
        {
          to: MULTICALL3_ADDRESS,
          data: encodeAggregate3(
            ks.map((k) => {
              const row = Math.floor(k / n);
              const h = holders[k % n]!;
              return row === 0
                ? { target: MULTICALL3_ADDRESS, data: getEthBalanceData(h) }
                : { target: tokens[row - 1]!, data: balanceOfData(h) };
            })
          ),
        },
        block,
      ],
    }));
    // a few aggregate3 calls per HTTP request: each is already large
    const groups: number[][] = [];
    for (let i = 0; i < calls.length; i += 4)
      groups.push(Array.from({ length: Math.min(4, calls.length - i) }, (_, j) => i + j));
    await pool(groups, 4, async (g) => {
      const replies = await rpc.batch(g.map((i) => calls[i]!));
      replies.forEach((reply, j) => {
        const ks = chunks[g[j]!]!;
        if (typeof reply !== 'string')
          throw new SourceError(
            'RPC_BAD_REPLY',
            rpc.endpoint,
            'eth_call aggregate3',
            'reply is not hex'
          );
        const results = badReplyOn(rpc, 'eth_call aggregate3', () => {
          try {
            return decodeAggregate3(reply);
          } catch (e) {
            throw new TypeError(
              `${(e as Error).message} (is Multicall3 really at ${MULTICALL3_ADDRESS} on this chain? --no-multicall reads without it)`
            );
          }
        });
        if (results.length !== ks.length)
          throw new SourceError(
            'RPC_BAD_REPLY',
            rpc.endpoint,
            'eth_call aggregate3',
            'wrong number of results'
          );
        results.forEach(({ success, returnData: data }, m) => {
          const k = ks[m]!;
          if (!success)
            throw new TokenReplyError(`${describeCall(k)} reverted at the snapshot block`);
          put(k, word(data, describeCall(k)));
        });
        done += ks.length;
        opts.onProgress?.(done, total);
      });
    });
    return { eth, tokens: tok, via: 'multicall3' };
  }
  const calls = Array.from({ length: total }, (_, k) => {
    const row = Math.floor(k / n);
    const h = holders[k % n]!;
    return row === 0
      ? { method: 'eth_getBalance', params: [h, block] }
      : { method: 'eth_call', params: [{ to: tokens[row - 1]!, data: balanceOfData(h) }, block] };
  });
  const step = 2000;
  for (let i = 0; i < total; i += step) {
    const part = calls.slice(i, i + step);
    const settled = await rpc.batchSettled(part);
    settled.forEach((s, j) => {
      const k = i + j;
      if (!s.ok) {
        if (s.error.code === 'RPC_REVERTED')
          throw new TokenReplyError(`${describeCall(k)} reverted at the snapshot block`);
        throw s.error;
      }
      if (Math.floor(k / n) === 0) {
        put(
          k,
          badReplyOn(rpc, 'eth_getBalance', () => parseQuantity(s.result, 'balance'))
        );
      } else put(k, word(s.result, describeCall(k)));
    });
    done += part.length;
    opts.onProgress?.(done, total);
  }
  return { eth, tokens: tok, via: 'rpc-batch' };
}
