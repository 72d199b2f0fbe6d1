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

/** Address and key prefixes of one network spelling. */
export interface BitcoinNetwork {
  /** Short name: `mainnet`, `testnet3`, `testnet4`, `signet`, `regtest`, `regtest-bcoin`. */
  readonly name: string;
  /** Genesis block hash in display (RPC) byte order. */
  readonly genesis: string;
  /** bech32 / bech32m human-readable part. */
  readonly bech32: string;
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

const test = {
  pubKeyHash: 0x6f,
  scriptHash: 0xc4,
  bip32Public: 0x043587cf,
  bip32Private: 0x04358394,
  wif: 0xef,
};

/** Every network spelling Kura accepts, mainnet first. */
export const NETWORKS: readonly BitcoinNetwork[] = [
  {
    name: 'mainnet',
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
    genesis: REGTEST_GENESIS,
    bech32: 'rb',
    pubKeyHash: 0x3c,
    scriptHash: 0x26,
    bip32Public: 0x043587cf,
    bip32Private: 0x04358394,
    wif: 0x5a,
  },
];

/** CAIP-2 chain id of a genesis hash: `bip122:` + its first 32 hex characters. */
export function chainIdOfGenesis(genesis: string): string {
  return `bip122:${genesis.slice(0, 32)}`;
}

/** Mainnet's CAIP-2 id. */
export const BITCOIN_MAINNET: string = chainIdOfGenesis(MAIN_GENESIS);
/** Regtest's CAIP-2 id (Bitcoin Core and bcoin share the genesis block). */
export const BITCOIN_REGTEST: string = chainIdOfGenesis(REGTEST_GENESIS);

/** The network spellings of a CAIP-2 chain id (empty when Kura does not know the chain). */
export function networksOfChain(chainId: string): BitcoinNetwork[] {
  return NETWORKS.filter((n) => chainIdOfGenesis(n.genesis) === chainId);
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
    messagePrefix: '\x18Bitcoin Signed Message:\n',
    bech32: n.bech32,
    bip32: { public: n.bip32Public, private: n.bip32Private },
    pubKeyHash: n.pubKeyHash,
    scriptHash: n.scriptHash,
    wif: n.wif,
  };
}
