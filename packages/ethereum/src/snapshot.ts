/**
 * The snapshot block: resolve `--block <number|hash>` on every endpoint, check the endpoints
 * agree, check the header hashes to the block hash (keccak256 of its RLP), and protect against
 * reorgs: the block must be the canonical block at its height on every endpoint and have at
 * least N blocks built on it.
 * @module
 */
import { crossCheck, KuraError, SourceError } from '@kura/codec';
import { type BlockHeader, verifyHeader } from './header.js';
import { parseData, parseQuantity, toData, toQuantity } from './hex.js';
import type { RpcClient } from './rpc.js';

/** A snapshot-block problem (not an RPC failure). */
export class SnapshotError extends KuraError {}

/** The verified snapshot block. */
export interface Snapshot {
  /** CAIP-2, `eip155:<chainId>`. */
  readonly chain: string;
  readonly chainId: bigint;
  readonly header: BlockHeader;
  /** `0x` + 64 lowercase hex. */
  readonly blockHash: string;
  readonly height: number;
  /** RFC 3339 UTC, seconds precision. */
  readonly time: string;
}

/** Seconds since the epoch as RFC 3339 UTC without fractions. */
export function rfc3339(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The chain id every endpoint reports; they must agree. */
export async function chainIdOf(rpcs: readonly RpcClient[]): Promise<bigint> {
  return crossCheck(
    rpcs,
    async (r) => {
      const v = await r.call('eth_chainId', []);
      try {
        return parseQuantity(v, 'chainId');
      } catch (e) {
        throw new SourceError('RPC_BAD_REPLY', r.endpoint, 'eth_chainId', (e as Error).message);
      }
    },
    (d) =>
      new SnapshotError(
        'ENDPOINTS_DISAGREE',
        `the endpoints serve different chains: ${d.a.endpoint} → ${d.x}, ${d.b.endpoint} → ${d.y}`
      )
  );
}

async function blockOf(rpc: RpcClient, block: string): Promise<Record<string, unknown>> {
  const byHash = block.startsWith('0x');
  const method = byHash ? 'eth_getBlockByHash' : 'eth_getBlockByNumber';
  const r = await rpc.call(method, [
    byHash ? block.toLowerCase() : toQuantity(BigInt(block)),
    false,
  ]);
  if (r === null || r === undefined)
    throw new SnapshotError(
      'BLOCK_NOT_FOUND',
      `${rpc.endpoint} ${method}: block ${block} not found`
    );
  if (typeof r !== 'object' || Array.isArray(r))
    throw new SourceError('RPC_BAD_REPLY', rpc.endpoint, method, 'not a block object');
  return r as Record<string, unknown>;
}

/** Options of {@link resolveSnapshot}. */
export interface SnapshotOptions {
  /** Blocks that must be built on the snapshot block (default 64). */
  readonly confirmations?: number;
  /** Also require the block to be at or below the node's `finalized` block (post-merge chains). */
  readonly requireFinalized?: boolean;
}

/**
 * Throw `NOT_FINALIZED` unless `height` is at or below the `finalized` block of `rpc`.
 * (The node must support the `finalized` block tag.)
 */
export async function checkFinalized(rpc: RpcClient, height: bigint): Promise<void> {
  const f = (await rpc.call('eth_getBlockByNumber', ['finalized', false])) as {
    number?: unknown;
  } | null;
  if (f === null || typeof f !== 'object')
    throw new SourceError(
      'RPC_BAD_REPLY',
      rpc.endpoint,
      'eth_getBlockByNumber(finalized)',
      'no finalized block'
    );
  const n = parseQuantity(f.number, 'finalized.number');
  if (n < height)
    throw new SnapshotError(
      'NOT_FINALIZED',
      `${rpc.endpoint}: the snapshot block ${height} is not finalized yet (finalized: ${n})`
    );
}

/**
 * Resolve and verify the snapshot block on every endpoint. `block` is a decimal height or a
 * `0x` + 64 hex block hash. Throws {@link SnapshotError} (`BAD_BLOCK`, `BLOCK_NOT_FOUND`,
 * `HEADER_HASH_MISMATCH`, `ENDPOINTS_DISAGREE`, `NOT_CANONICAL`, `TOO_FEW_CONFIRMATIONS`,
 * `NOT_FINALIZED`) or {@link SourceError}.
 */
export async function resolveSnapshot(
  rpcs: readonly RpcClient[],
  block: string,
  opts: SnapshotOptions = {}
): Promise<Snapshot> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(block) && !/^(0|[1-9][0-9]{0,15})$/.test(block))
    throw new SnapshotError(
      'BAD_BLOCK',
      `--block: expected a decimal height or a 0x block hash, got "${block}"`
    );
  const confirmations = opts.confirmations ?? 64;
  const chainId = await chainIdOf(rpcs);
  const headers = await Promise.all(
    rpcs.map(async (rpc) => {
      const b = await blockOf(rpc, block);
      let claimed: Uint8Array;
      try {
        claimed = parseData(b.hash, 'block.hash', 32);
      } catch (e) {
        throw new SourceError('RPC_BAD_REPLY', rpc.endpoint, 'block', (e as Error).message);
      }
      const v = verifyHeader(b, claimed);
      if (!v.ok)
        throw new SnapshotError(
          v.code,
          `${rpc.endpoint}: the block ${toData(claimed)} does not verify: ${v.message}`
        );
      return v.header;
    })
  );
  const header = headers[0]!;
  const hash = toData(header.hash);
  if (headers.some((h) => toData(h.hash) !== hash))
    throw new SnapshotError(
      'ENDPOINTS_DISAGREE',
      `the endpoints disagree on block ${block}: ${rpcs.map((r, i) => `${r.endpoint} → ${toData(headers[i]!.hash)}`).join(', ')}`
    );
  await Promise.all(
    rpcs.map(async (rpc) => {
      const canon = await blockOf(rpc, header.number.toString());
      if (typeof canon.hash !== 'string' || canon.hash.toLowerCase() !== hash)
        throw new SnapshotError(
          'NOT_CANONICAL',
          `${rpc.endpoint}: block ${hash} is not the canonical block at height ${header.number} (reorged out?)`
        );
      const head = parseQuantity(await rpc.call('eth_blockNumber', []), 'eth_blockNumber');
      const on = head - header.number;
      if (on < BigInt(confirmations))
        throw new SnapshotError(
          'TOO_FEW_CONFIRMATIONS',
          `${rpc.endpoint}: the snapshot block ${header.number} has ${on} block(s) on it, ${confirmations} required (--confirmations)`
        );
      if (opts.requireFinalized) await checkFinalized(rpc, header.number);
    })
  );
  if (header.number > BigInt(2 ** 40))
    throw new SnapshotError('BAD_BLOCK', 'block height out of range');
  return {
    chain: `eip155:${chainId}`,
    chainId,
    header,
    blockHash: hash,
    height: Number(header.number),
    time: rfc3339(header.timestamp),
  };
}
