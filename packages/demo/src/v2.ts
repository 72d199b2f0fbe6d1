/**
 * The demo's protocol v2 month (`npm run demo -- --protocol 2`, issue 18): the same exchange,
 * with `"protocol": 2` in its `kura.json` and a v2 asset list — each asset's `treeDecimals`, the
 * precision of one tree unit (balances are rounded UP to it, so no customer is understated):
 * BTC 8 (satoshi), ETH 9 (gwei), USDC 6, any other asset min(decimals, 9). v2 proofs are made on
 * demand (`kura serve --config`); the demo auditor draws a smaller sample (each v2 proof costs
 * seconds).
 * @module
 */

/** The protocol a demo runs. */
export type DemoProtocol = 1 | 2;

/** Sample size of the demo auditor for a v2 month (each sampled proof is made and verified). */
export const DEMO_V2_SAMPLE = 4;

/** Tree decimals of a demo asset. */
export function demoTreeDecimals(a: {
  readonly symbol: string;
  readonly decimals: number;
}): number {
  return Math.min(a.decimals, 9);
}

/** The v2 form of a demo config: `protocol: 2` after `version`, assets with `treeDecimals`. */
export function v2Config<C extends { version: string; assets: readonly object[] }>(
  config: C
): Record<string, unknown> {
  const { version, ...rest } = config;
  return {
    version,
    protocol: 2,
    ...rest,
    assets: config.assets.map((a) => {
      const x = a as { symbol: string; decimals: number; network?: string };
      return {
        symbol: x.symbol,
        decimals: x.decimals,
        treeDecimals: demoTreeDecimals(x),
        ...(x.network !== undefined ? { network: x.network } : {}),
      };
    }),
  };
}
