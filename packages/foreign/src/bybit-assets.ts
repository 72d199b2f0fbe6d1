/**
 * The asset lists of Bybit's proof versions: data taken from bybit-exchange/merkle-proof,
 * src/main/java/com/bybit/merkle/generic/Asset*.java (commits in the package README). Order is
 * the enum order (the order balances are concatenated in); sums are cut (rounding DOWN) to
 * scale 8 except where `scales` says otherwise; `offline` assets are parsed but left out of sums
 * (BUSD from Asset40 on). `Origin` is the format before the generic asset lists
 * (src/main/java/com/bybit/merkle/MerkleTree.java, Path.java, Balance.java: BTC and ETH sums at
 * scale 8, USDT and USDC at scale 4), the last one Bybit's validator falls back to.
 * @module
 */

/** One Bybit asset-list version. */
export interface BybitVersion {
  readonly name: string;
  readonly assets: readonly string[];
  readonly offline: readonly string[];
  /** Scale of the sums per asset, where not 8. */
  readonly scales?: Readonly<Record<string, number>>;
}

const A20 =
  'AGLA APT ATOM AVAX BIT BTC BUSD DAI DOGE DOT DYDX EOS ETH FTM LTC MATIC SOL USDC USDT XRP';
const MNT20 =
  'AGLA APT ATOM AVAX MNT BTC BUSD DAI DOGE DOT DYDX EOS ETH FTM LTC MATIC SOL USDC USDT XRP';
const A32 = `${MNT20} SHIB OP SAND LDO LINK COMP UNI MANA CRV BLUR SUSHI PEPE`;
const A40 = `${A32} WLD BEAM AGI FET IMX RNDR GALA APEX SHRAP`;
const V2 =
  'AGLA APT ATOM AVAX MNT BTC BUSD DOGE DOT DYDX EOS ETH FTM LTC MATIC SOL USDC USDT XRP SHIB OP SAND LDO LINK COMP UNI MANA CRV BLUR SUSHI PEPE WLD BEAM AGI FET IMX RENDER GALA APEX SHRAP USDE';
const V3 = V2.replace('MATIC', 'POL');
const V4 = V3.replace('FTM', 'S');
const V5 = V4.replace('EOS', 'A');
const A50 = `${V5.replace('BUSD ', '')} GRAM XAUT HYPE STABLE ENA ARB ASTER ONDO AAVE USD1`;

const v = (
  name: string,
  list: string,
  offline: string[] = [],
  scales?: Record<string, number>
): BybitVersion => ({
  name,
  assets: list.split(' '),
  offline,
  ...(scales ? { scales } : {}),
});

/** Newest first: the order in which a file is tried against the versions. */
export const BYBIT_VERSIONS: readonly BybitVersion[] = [
  v('Asset50', A50),
  v('Asset40V5', V5, ['BUSD']),
  v('Asset40V4', V4, ['BUSD']),
  v('Asset40V3', V3, ['BUSD']),
  v('Asset40V2', V2, ['BUSD']),
  v('Asset40', A40, ['BUSD']),
  v('Asset32', A32),
  v('AssetMnt20', MNT20),
  v('Asset20', A20),
  v('Origin', 'BTC ETH USDT USDC', [], { USDT: 4, USDC: 4 }),
];
