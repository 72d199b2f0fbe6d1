/**
 * Bitcoin networks Kura knows: their genesis hash (hence the CAIP-2 chain id
 * `bip122:<first 32 hex chars of the genesis block hash>`) and their address prefixes.
 *
 * One chain id may have more than one address encoding: Bitcoin Core's regtest writes `bcrt1…`
 * and base58 versions 0x6f/0xc4, while bcoin's regtest writes `rb1…` and 0x3c/0x26 for the same
 * genesis block. Kura keys every Bitcoin item by its scriptPubKey, so either spelling names the
 * same reserve.
 * @module
 */
import type { Network as BitcoinJsNetwork } from 'bitcoinjs-lib';
import type { PowAlgorithm } from './merkleblock.js';

/** Address and key prefixes of one network spelling. */
export interface BitcoinNetwork {
  /** Short name: `mainnet`, `testnet3`, `testnet4`, `signet`, `regtest`, `regtest-bcoin`. */
  readonly name: string;
  /** Genesis block hash in display (RPC) byte order. */
  readonly genesis: string;
  /** Coin of the Bitcoin family this network belongs to. */
  readonly coin: BitcoinFamilyCoin;
  /** bech32 / bech32m human-readable part (empty: the chain has no segwit addresses). */
  readonly bech32: string;
  /** Second P2SH version byte (Litecoin's `M…` 0x32, Monacoin's `P…` 0x37), if any. */
  readonly scriptHash2?: number;
  /** CashAddr prefix (Bitcoin Cash only). */
  readonly cashaddr?: string;
  /** Text of the signed-message magic ("<Coin> Signed Message:\n"), without its length byte. */
  readonly messageMagic: string;
  /** How Kura checks a header's proof of work (merkleblock.ts). */
  readonly pow: PowAlgorithm;
  /** Headers may carry merged-mining data (Dogecoin, auxpow.ts). */
  readonly auxpow?: boolean;
  /** Whether the chain enforces segwit (BIP-141/143): BIP-322 and BIP-127 need it. */
  readonly segwit: boolean;
  /**
   * The chain shares its genesis with another (Bitcoin Cash ↔ Bitcoin): the first block after
   * the split names it, in CAIP-2 (`bip122:` + first 32 hex of that block's hash) and on a node.
   */
  readonly fork?: { readonly height: number; readonly hash: string };
  /** base58check version byte of P2PKH addresses. */
  readonly pubKeyHash: number;
  /** base58check version byte of P2SH addresses. */
  readonly scriptHash: number;
  /** BIP-32 extended public key version (xpub / tpub). */
  readonly bip32Public: number;
  /** BIP-32 extended private key version (never used by Kura; needed by bitcoinjs). */
  readonly bip32Private: number;
  /** WIF version byte (tests only). */
  readonly wif: number;
}

const MAIN_GENESIS = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';
const TEST3_GENESIS = '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943';
const TEST4_GENESIS = '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043';
const SIGNET_GENESIS = '00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6';
const REGTEST_GENESIS = '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206';

/** Coins of the Bitcoin family Kura verifies. */
export type BitcoinFamilyCoin = 'btc' | 'ltc' | 'bch' | 'doge' | 'mona';

const BTC_MAGIC = 'Bitcoin Signed Message:\n';
const btc = {
  coin: 'btc' as const,
  messageMagic: BTC_MAGIC,
  segwit: true,
  pow: 'sha256d' as const,
};

const tpub = { bip32Public: 0x043587cf, bip32Private: 0x04358394 };
const xpub = { bip32Public: 0x0488b21e, bip32Private: 0x0488ade4 };
/** The test and regression networks' key prefixes (Bitcoin's testnet values). */
const testKeys = { pubKeyHash: 0x6f, scriptHash: 0xc4, ...tpub, wif: 0xef };
const test = { ...btc, ...testKeys };

/**
 * The other coins of the family. Every value comes from the chain's own `src/chainparams.cpp`
 * (base58Prefixes, bech32_hrp, hashGenesisBlock) and its wallet's `strMessageMagic`:
 * - Litecoin: litecoin-project/litecoin @17f16ce (main/test/regtest; SCRIPT_ADDRESS2 = 50/58);
 * - Dogecoin: dogecoin/dogecoin 1.14 (PUBKEY 30 / SCRIPT 22; testnet 113 / 196; regtest 111 / 196;
 *   no segwit, no bech32), magic hash cross-checked with bitcoinjs-message's fixture;
 * - Monacoin: monacoinproject/monacoin (PUBKEY 50 `M`, SCRIPT 5 and SCRIPT_ADDRESS2 55 `P`;
 *   bech32_hrp mona / tmona / rmona);
 * - Bitcoin Cash: Bitcoin-ABC/bitcoin-abc (same genesis and base58 versions as Bitcoin; the UAHF
 *   fork blocks 478559 / 1155876 from its checkpoints; CashAddr prefixes bitcoincash / bchtest
 *   per the CashAddr spec, bitcoincashorg/bitcoincash.org spec/cashaddr.md). The CAIP-2 id of
 *   BCH mainnet is `bip122:000000000000000000651ef99cb9fcbe` (ChainAgnostic namespaces, bip122).
 *   BCH regtest has no fork block and so no id distinct from Bitcoin's regtest: not listed.
 */
const ltc = {
  coin: 'ltc' as const,
  pow: 'scrypt' as const,
  messageMagic: 'Litecoin Signed Message:\n',
  segwit: true,
};
const bch = {
  coin: 'bch' as const,
  pow: 'sha256d' as const,
  messageMagic: BTC_MAGIC,
  segwit: false,
};
const doge = {
  coin: 'doge' as const,
  pow: 'unchecked' as const,
  auxpow: true,
  messageMagic: 'Dogecoin Signed Message:\n',
  segwit: false,
};
const mona = {
  coin: 'mona' as const,
  pow: 'unchecked' as const,
  messageMagic: 'Monacoin Signed Message:\n',
  segwit: true,
};
const FAMILY: readonly BitcoinNetwork[] = [
  {
    name: 'ltc-mainnet',
    ...ltc,
    genesis: '12a765e31ffd4059bada1e25190f6e98c99d9714d334efa41a195a7e7e04bfe2',
    bech32: 'ltc',
    pubKeyHash: 0x30,
    scriptHash: 0x05,
    scriptHash2: 0x32,
    ...xpub,
    wif: 0xb0,
  },
  {
    name: 'ltc-testnet',
    ...ltc,
    genesis: '4966625a4b2851d9fdee139e56211a0d88575f59ed816ff5e6a63deb4e3e29a0',
    bech32: 'tltc',
    ...testKeys,
    scriptHash2: 0x3a,
  },
  {
    name: 'ltc-regtest',
    ...ltc,
    genesis: '530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9',
    bech32: 'rltc',
    ...testKeys,
    scriptHash2: 0x3a,
  },
  {
    name: 'bch-mainnet',
    ...bch,
    genesis: MAIN_GENESIS,
    fork: {
      height: 478559,
      hash: '000000000000000000651ef99cb9fcbe0dadde1d424bd9f15ff20136191a5eec',
    },
    bech32: '',
    cashaddr: 'bitcoincash',
    pubKeyHash: 0x00,
    scriptHash: 0x05,
    ...xpub,
    wif: 0x80,
  },
  {
    name: 'bch-testnet',
    ...bch,
    genesis: TEST3_GENESIS,
    fork: {
      height: 1155876,
      hash: '00000000000e38fef93ed9582a7df43815d5c2ba9fd37ef70c9a0ea4a285b8f5',
    },
    bech32: '',
    cashaddr: 'bchtest',
    ...testKeys,
  },
  {
    name: 'doge-mainnet',
    ...doge,
    genesis: '1a91e3dace36e2be3bf030a65679fe821aa1d6ef92e7c9902eb318182c355691',
    bech32: '',
    pubKeyHash: 0x1e,
    scriptHash: 0x16,
    bip32Public: 0x02facafd,
    bip32Private: 0x02fac398,
    wif: 0x9e,
  },
  {
    name: 'doge-testnet',
    ...doge,
    genesis: 'bb0a78264637406b6360aad926284d544d7049f45189db5664f3c4d07350559e',
    bech32: '',
    ...testKeys,
    pubKeyHash: 0x71,
    wif: 0xf1,
  },
  {
    name: 'doge-regtest',
    ...doge,
    genesis: '3d2160a3b5dc4a9d62e7e66a295f70313ac808440ef7400d6c0772171ce973a5',
    bech32: '',
    ...testKeys,
  },
  {
    name: 'mona-mainnet',
    ...mona,
    genesis: 'ff9f1c0116d19de7c9963845e129f9ed1bfc0b376eb54fd7afa42e0d418c8bb6',
    bech32: 'mona',
    pubKeyHash: 0x32,
    scriptHash: 0x05,
    scriptHash2: 0x37,
    ...xpub,
    wif: 0xb0,
  },
  {
    name: 'mona-testnet',
    ...mona,
    genesis: 'a2b106ceba3be0c6d097b2a6a6aacf9d638ba8258ae478158f449c321061e0b2',
    bech32: 'tmona',
    ...testKeys,
    scriptHash2: 0x75,
  },
  {
    name: 'mona-regtest',
    ...mona,
    genesis: '7543a69d7c2fcdb29a5ebec2fc064c074a35253b6f3072c8a749473aa590a29c',
    bech32: 'rmona',
    ...testKeys,
    scriptHash2: 0x75,
  },
];

/** Every network spelling Kura accepts, mainnet first. */
export const NETWORKS: readonly BitcoinNetwork[] = [
  {
    name: 'mainnet',
    ...btc,
    genesis: MAIN_GENESIS,
    bech32: 'bc',
    pubKeyHash: 0x00,
    scriptHash: 0x05,
    bip32Public: 0x0488b21e,
    bip32Private: 0x0488ade4,
    wif: 0x80,
  },
  { name: 'testnet3', genesis: TEST3_GENESIS, bech32: 'tb', ...test },
  { name: 'testnet4', genesis: TEST4_GENESIS, bech32: 'tb', ...test },
  { name: 'signet', genesis: SIGNET_GENESIS, bech32: 'tb', ...test },
  { name: 'regtest', genesis: REGTEST_GENESIS, bech32: 'bcrt', ...test },
  // bcoin 1.0.2 regtest (lib/protocol/networks.js): hrp "rb", base58 0x3c / 0x26
  {
    name: 'regtest-bcoin',
    ...btc,
    genesis: REGTEST_GENESIS,
    bech32: 'rb',
    pubKeyHash: 0x3c,
    scriptHash: 0x26,
    bip32Public: 0x043587cf,
    bip32Private: 0x04358394,
    wif: 0x5a,
  },
  ...FAMILY,
];

/** CAIP-2 chain id of a genesis hash: `bip122:` + its first 32 hex characters. */
export function chainIdOfGenesis(genesis: string): string {
  return `bip122:${genesis.slice(0, 32)}`;
}

/** Mainnet's CAIP-2 id. */
export const BITCOIN_MAINNET: string = chainIdOfGenesis(MAIN_GENESIS);
/** Regtest's CAIP-2 id (Bitcoin Core and bcoin share the genesis block). */
export const BITCOIN_REGTEST: string = chainIdOfGenesis(REGTEST_GENESIS);

/** CAIP-2 id of a network: its fork block's for a chain split from another, else its genesis's. */
export function chainIdOfNetwork(n: BitcoinNetwork): string {
  return n.fork ? chainIdOfGenesis(n.fork.hash) : chainIdOfGenesis(n.genesis);
}

/** The network spellings of a CAIP-2 chain id (empty when Kura does not know the chain). */
export function networksOfChain(chainId: string): BitcoinNetwork[] {
  return NETWORKS.filter((n) => chainIdOfNetwork(n) === chainId);
}

/** The CAIP-2 id of a family coin's network (`mainnet`, `testnet`, `regtest`); throws if unknown. */
export function chainOfCoin(coin: string, network = 'mainnet'): string {
  const name =
    coin === 'btc' ? (network === 'testnet' ? 'testnet3' : network) : `${coin}-${network}`;
  const n = NETWORKS.find((x) => x.name === name && x.coin === coin);
  if (!n)
    throw new RangeError(
      `"chain": unknown Bitcoin-family chain "${coin}" on ${network} (known: btc, ltc, bch, doge, mona)`
    );
  return chainIdOfNetwork(n);
}

/**
 * The CAIP-2 id of the chain a node serves, given the id the evidence claims. With no claim the
 * genesis decides. With a claim, chains that share the node's genesis (BTC ↔ BCH) are told apart
 * by their fork blocks: a node whose block at a known fork height is that fork's block serves the
 * forked chain (BCH) whatever is claimed, so a Bitcoin Cash node is never taken for the Bitcoin
 * node a Bitcoin snapshot needs, nor the reverse. A failure to read the claimed fork's block is
 * thrown; a node that cannot answer at another fork's height (behind, pruned, a short test
 * chain) is not on that fork.
 */
export async function chainOfSource(
  source: { genesisHash(): Promise<string>; blockHash(height: number): Promise<string> },
  claimed?: string
): Promise<string> {
  const genesis = await source.genesisHash();
  const base = chainIdOfGenesis(genesis);
  if (claimed === undefined) return base;
  for (const n of NETWORKS) {
    if (!n.fork || n.genesis !== genesis) continue;
    const id = chainIdOfNetwork(n);
    let at: string | undefined;
    if (claimed === id) at = await source.blockHash(n.fork.height);
    else
      try {
        at = await source.blockHash(n.fork.height);
      } catch {
        at = undefined;
      }
    if (at === n.fork.hash) return id;
  }
  return base;
}

/** Whether a chain's headers may carry AuxPoW (Dogecoin). */
export function auxPowOfChain(chainId: string): boolean {
  return networksOfChain(chainId)[0]?.auxpow === true;
}

/** Name of a chain's base unit (for reports): sat, litoshi, koinu, watanabe. */
export function unitOfChain(chainId: string): string {
  const coin = networksOfChain(chainId)[0]?.coin;
  return coin === 'ltc'
    ? 'litoshi'
    : coin === 'doge'
      ? 'koinu'
      : coin === 'mona'
        ? 'watanabe'
        : 'sat';
}

/**
 * Parse a `--chain` value: a coin (`btc`, `ltc`, `bch`, `doge`, `mona`), optionally with
 * `-testnet` / `-regtest` (`ltc-regtest`), or a CAIP-2 id Kura knows. Throws RangeError naming
 * the argument.
 */
export function parseChainOption(text: string): string {
  const t = text.trim().toLowerCase();
  if (t.startsWith('bip122:')) {
    if (networksOfChain(t).length === 0)
      throw new RangeError(`"--chain": unknown Bitcoin-family chain id "${text}"`);
    return t;
  }
  const m = /^(btc|ltc|bch|doge|mona)(?:-(mainnet|testnet|regtest))?$/.exec(t);
  if (!m)
    throw new RangeError(
      `"--chain": "${text}" is not btc, ltc, bch, doge or mona (optionally -testnet / -regtest), nor a bip122: id`
    );
  return chainOfCoin(m[1]!, m[2] ?? 'mainnet');
}

/** The proof-of-work check of a chain id (`sha256d` for chains Kura does not know). */
export function powOfChain(chainId: string): PowAlgorithm {
  return networksOfChain(chainId)[0]?.pow ?? 'sha256d';
}

/** Look a network up by its short name; throws on an unknown name. */
export function networkByName(name: string): BitcoinNetwork {
  const n = NETWORKS.find((x) => x.name === name);
  if (!n) throw new RangeError(`"network": unknown Bitcoin network "${name}"`);
  return n;
}

/** The same network as a bitcoinjs-lib `Network` object. */
export function toBitcoinJs(n: BitcoinNetwork): BitcoinJsNetwork {
  return {
    messagePrefix: `${String.fromCharCode(n.messageMagic.length)}${n.messageMagic}`,
    bech32: n.bech32,
    bip32: { public: n.bip32Public, private: n.bip32Private },
    pubKeyHash: n.pubKeyHash,
    scriptHash: n.scriptHash,
    wif: n.wif,
  };
}
