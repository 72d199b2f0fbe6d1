/**
 * EVM chains Kura knows by name: chain id (EIP-155), CAIP-2 id (`eip155:<chainId>`, CAIP-2 §Syntax
 * with the `eip155` namespace of CASA's namespaces repository), native coin and its decimals, and
 * whether the chain's reference client serves `eth_getProof` (EIP-1186).
 *
 * Any other positive chain id is accepted too (`eip155:<n>`): it has no name and no known native
 * coin, so the asset table must name the native coin itself, and whether the node serves
 * `eth_getProof` is found out at collection (a node that does not is refused unless unproven
 * entries are explicitly allowed).
 *
 * Sources (facts only): chain ids, native coin symbols and decimals from ethereum-lists/chains,
 * `_data/chains/eip155-<chainId>.json` (commit 072355c80ca3a3e9b3f9aeac1356da50aae14ade; Polygon's
 * native coin is POL since its September 2024 migration from MATIC). `eth_getProof`: every chain
 * listed runs a go-ethereum-derived execution client that keeps geth's EIP-1186 handler
 * (core-geth for ETC, bor for Polygon PoS, bsc for BNB Smart Chain, coreth for the Avalanche
 * C-Chain, Nitro for Arbitrum One, op-geth for OP Mainnet and Base); pruned nodes answer only for
 * recent blocks, so an archive node is needed for an older snapshot.
 * @module
 */

/** Whether a chain's nodes answer `eth_getProof`. */
export type GetProofSupport = 'served' | 'not-served' | 'unknown';

/** One EVM chain. */
export interface EvmChain {
  /** EIP-155 chain id. */
  readonly chainId: bigint;
  /** CAIP-2 id, `eip155:<chainId>`. */
  readonly caip2: string;
  readonly name: string;
  /** The native coin's usual symbol (the exchange's liability symbol may differ). */
  readonly nativeSymbol: string;
  /** The native coin's decimals (wei-like base unit). */
  readonly nativeDecimals: number;
  readonly getProof: GetProofSupport;
}

const chain = (
  id: number,
  name: string,
  nativeSymbol: string,
  getProof: GetProofSupport = 'served'
): EvmChain => ({
  chainId: BigInt(id),
  caip2: `eip155:${id}`,
  name,
  nativeSymbol,
  nativeDecimals: 18,
  getProof,
});

/** The EVM chains Kura knows by name (see the module doc for sources). */
export const EVM_CHAINS: readonly EvmChain[] = [
  chain(1, 'Ethereum', 'ETH'),
  chain(61, 'Ethereum Classic', 'ETC'),
  chain(137, 'Polygon PoS', 'POL'),
  chain(43114, 'Avalanche C-Chain', 'AVAX'),
  chain(56, 'BNB Smart Chain', 'BNB'),
  chain(42161, 'Arbitrum One', 'ETH'),
  chain(10, 'OP Mainnet', 'ETH'),
  chain(8453, 'Base', 'ETH'),
  chain(11155111, 'Sepolia (testnet)', 'ETH'),
  chain(31337, 'anvil / Hardhat (local)', 'ETH'),
];

/** Largest chain id Kura accepts: EIP-712 JSON carries it as a safe integer. */
export const MAX_CHAIN_ID: bigint = BigInt(Number.MAX_SAFE_INTEGER);

const CAIP2_EIP155 = /^eip155:([1-9][0-9]{0,15})$/;

/** A parsed `eip155:<chainId>` network. */
export type EvmNetworkResult =
  | {
      readonly ok: true;
      readonly chainId: bigint;
      readonly caip2: string;
      readonly known?: EvmChain;
    }
  | { readonly ok: false; readonly code: 'BAD_NETWORK'; readonly message: string };

/**
 * Parse a CAIP-2 EVM network id (`eip155:<chainId>`, decimal without leading zeros, 1 ≤ id ≤
 * 2^53 − 1). Never throws.
 */
export function parseEvmNetwork(network: string): EvmNetworkResult {
  const m = typeof network === 'string' ? CAIP2_EIP155.exec(network) : null;
  if (!m)
    return {
      ok: false,
      code: 'BAD_NETWORK',
      message: `network ${JSON.stringify(network)}: expected eip155:<chain id> (decimal, no leading zeros)`,
    };
  const chainId = BigInt(m[1]!);
  if (chainId > MAX_CHAIN_ID)
    return {
      ok: false,
      code: 'BAD_NETWORK',
      message: `network ${network}: chain id above 2^53 - 1 cannot be bound in EIP-712 JSON`,
    };
  const known = evmChainById(chainId);
  return { ok: true, chainId, caip2: `eip155:${chainId}`, ...(known ? { known } : {}) };
}

/** The known chain with this chain id, if any. */
export function evmChainById(chainId: bigint): EvmChain | undefined {
  return EVM_CHAINS.find((c) => c.chainId === chainId);
}
