/**
 * The asset lists of Bybit's proof versions: data taken from bybit-exchange/merkle-proof,
 * src/main/java/com/bybit/merkle/generic/Asset*.java (commits in the package README). Order is
 * the enum order (the order balances are concatenated in); every asset has scale 8 and rounding
 * DOWN; `offline` assets are parsed but left out of sums (BUSD from Asset40 on).
 * @module
 */

/** One Bybit asset-list version. */
export interface BybitVersion {
  readonly name: string;
  readonly assets: readonly string[];
  readonly offline: readonly string[];
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

const v = (name: string, list: string, offline: string[] = []): BybitVersion => ({
  name,
  assets: list.split(' '),
  offline,
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
];
