/**
 * Bitcoin addresses ↔ scriptPubKeys for the output types Kura supports: P2PKH, P2SH, P2WPKH,
 * P2WSH (BIP-173 bech32) and P2TR (BIP-350 bech32m). bech32 for witness v1+ and bech32m for
 * v0 are rejected (attacks D7). Addresses are checked against the networks of a CAIP-2 chain id,
 * so a testnet address in a mainnet evidence file fails with `E_NETWORK` (attacks C4-d).
 *
 * The other coins of the family (networks.ts) are decoded with *their* prefixes only: an
 * address is read against the networks of the evidence's chain first, so a version byte that
 * means P2PKH on one chain and P2SH on another (0x32: Monacoin `M…` P2PKH, Litecoin `M…` P2SH)
 * takes that chain's meaning. Bitcoin Cash entries must be written in CashAddr: a base58
 * address on BCH is Bitcoin's spelling and fails with `E_NETWORK` (attacks S17-b3), as does a
 * CashAddr on any other chain. Segwit addresses on a chain without segwit fail with `E_NETWORK`.
 * @module
 */
import { bytesToHex, fail, type VerifyResult } from '@kura/codec';
import { address as bjsAddress } from 'bitcoinjs-lib';
import { decodeCashAddress, encodeCashAddress } from './cashaddr.js';
import { type BitcoinNetwork, NETWORKS, networksOfChain } from './networks.js';

/** Output types Kura can prove ownership of. */
export type AddressType = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr';

/** A decoded address. */
export interface DecodedAddress {
  /** Canonical spelling (bech32 in lower case; base58 unchanged). */
  readonly address: string;
  readonly type: AddressType;
  /** The hash or witness program the address carries (20 or 32 bytes). */
  readonly program: Uint8Array;
  readonly scriptPubKey: Uint8Array;
  /** The network spelling the address was written in. */
  readonly network: BitcoinNetwork;
}

/** Codes of {@link decodeAddress}. */
export type AddressErrorCode = 'E_ADDRESS' | 'E_NETWORK';

/** scriptPubKey of an address type and its program. */
export function scriptOf(type: AddressType, program: Uint8Array): Uint8Array {
  switch (type) {
    case 'p2pkh':
      return Uint8Array.of(0x76, 0xa9, 0x14, ...program, 0x88, 0xac);
    case 'p2sh':
      return Uint8Array.of(0xa9, 0x14, ...program, 0x87);
    case 'p2wpkh':
      return Uint8Array.of(0x00, 0x14, ...program);
    case 'p2wsh':
      return Uint8Array.of(0x00, 0x20, ...program);
    case 'p2tr':
      return Uint8Array.of(0x51, 0x20, ...program);
  }
}

/** Classify a scriptPubKey as one of the supported output types, or `undefined`. */
export function classifyScript(
  spk: Uint8Array
): { type: AddressType; program: Uint8Array } | undefined {
  const n = spk.length;
  if (
    n === 25 &&
    spk[0] === 0x76 &&
    spk[1] === 0xa9 &&
    spk[2] === 0x14 &&
    spk[23] === 0x88 &&
    spk[24] === 0xac
  )
    return { type: 'p2pkh', program: spk.slice(3, 23) };
  if (n === 23 && spk[0] === 0xa9 && spk[1] === 0x14 && spk[22] === 0x87)
    return { type: 'p2sh', program: spk.slice(2, 22) };
  if (n === 22 && spk[0] === 0x00 && spk[1] === 0x14)
    return { type: 'p2wpkh', program: spk.slice(2) };
  if (n === 34 && spk[0] === 0x00 && spk[1] === 0x20)
    return { type: 'p2wsh', program: spk.slice(2) };
  if (n === 34 && spk[0] === 0x51 && spk[1] === 0x20)
    return { type: 'p2tr', program: spk.slice(2) };
  return undefined;
}

/** Encode a supported output script as an address of `network`; throws on other scripts. */
export function addressOfScript(spk: Uint8Array, network: BitcoinNetwork): string {
  const c = classifyScript(spk);
  if (!c) throw new RangeError(`"scriptPubKey": ${bytesToHex(spk)} is not a supported output type`);
  if (network.cashaddr) {
    if (c.type !== 'p2pkh' && c.type !== 'p2sh')
      throw new RangeError(`"scriptPubKey": ${c.type} has no CashAddr spelling`);
    return encodeCashAddress(network.cashaddr, c.type === 'p2pkh' ? 0 : 1, c.program);
  }
  if ((c.type === 'p2wpkh' || c.type === 'p2wsh' || c.type === 'p2tr') && !network.bech32)
    throw new RangeError(`"scriptPubKey": ${network.name} has no ${c.type} addresses (no segwit)`);
  switch (c.type) {
    case 'p2pkh':
      return bjsAddress.toBase58Check(c.program, network.pubKeyHash);
    case 'p2sh':
      return bjsAddress.toBase58Check(c.program, network.scriptHash);
    case 'p2wpkh':
    case 'p2wsh':
      return bjsAddress.toBech32(c.program, 0, network.bech32);
    case 'p2tr':
      return bjsAddress.toBech32(c.program, 1, network.bech32);
  }
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/**
 * Encode a witness program with either checksum constant (BIP-173 bech32 = 1, BIP-350
 * bech32m = 0x2bc830a3) regardless of the version — used for bcoin 1.0.2, which predates
 * BIP-350, and by tests that build wrongly-checksummed addresses.
 */
export function encodeSegwitAddress(
  hrp: string,
  version: number,
  program: Uint8Array,
  variant: 'bech32' | 'bech32m'
): string {
  const words = [version];
  let acc = 0;
  let bits = 0;
  for (const b of program) {
    acc = ((acc << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const polymod = (values: number[]): number => {
    let chk = 1;
    for (const v of values) {
      const top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (let i = 0; i < 5; i++) if ((top >> i) & 1) chk ^= GEN[i]!;
    }
    return chk;
  };
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  const hrpExp = [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
  const mod =
    (polymod([...hrpExp, ...words, 0, 0, 0, 0, 0, 0]) ^ (variant === 'bech32' ? 1 : 0x2bc830a3)) >>>
    0;
  const sum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...sum].map((w) => CHARSET[w]).join('')}`;
}

interface Raw {
  type: AddressType;
  program: Uint8Array;
  canonical: string;
  /** Networks whose prefix matches. */
  nets: BitcoinNetwork[];
}

function decodeRaw(address: string, candidates: readonly BitcoinNetwork[]): Raw | string {
  if (typeof address !== 'string' || address.length === 0 || address.length > 120)
    return 'expected an address string of 1 … 120 characters';
  if (address.includes(':')) {
    const c = decodeCashAddress(address);
    if (typeof c === 'string') return `not a valid CashAddr (${c})`;
    if (c.hash.length !== 20 || c.type > 1)
      return `CashAddr type ${c.type} with a ${c.hash.length}-byte hash is not P2PKH or P2SH`;
    const nets = candidates.filter((n) => n.cashaddr === c.prefix);
    return {
      type: c.type === 0 ? 'p2pkh' : 'p2sh',
      program: c.hash,
      canonical: address.toLowerCase(),
      nets,
    };
  }
  let r: ReturnType<typeof bjsAddress.fromBech32> | undefined;
  let bechError = '';
  if (address.length <= 90) {
    try {
      r = bjsAddress.fromBech32(address);
    } catch (e) {
      bechError = (e as Error).message;
    }
  }
  if (r) {
    const hrp = r.prefix.toLowerCase();
    const nets = candidates.filter((n) => n.bech32 !== '' && n.bech32 === hrp);
    let type: AddressType;
    if (r.version === 0 && r.data.length === 20) type = 'p2wpkh';
    else if (r.version === 0 && r.data.length === 32) type = 'p2wsh';
    else if (r.version === 1 && r.data.length === 32) type = 'p2tr';
    else return `unsupported witness version ${r.version} with a ${r.data.length}-byte program`;
    return { type, program: r.data, canonical: address.toLowerCase(), nets };
  }
  let b: ReturnType<typeof bjsAddress.fromBase58Check>;
  try {
    b = bjsAddress.fromBase58Check(address);
  } catch (e) {
    return `neither valid bech32/bech32m (${bechError}) nor valid base58check (${(e as Error).message})`;
  }
  // CashAddr chains do not take base58 spellings (BCH legacy = Bitcoin's bytes)
  const b58 = candidates.filter((n) => !n.cashaddr);
  const p2pkh = b58.filter((n) => n.pubKeyHash === b.version);
  const p2sh = b58.filter((n) => n.scriptHash === b.version || n.scriptHash2 === b.version);
  if (p2pkh.length) return { type: 'p2pkh', program: b.hash, canonical: address, nets: p2pkh };
  if (p2sh.length) return { type: 'p2sh', program: b.hash, canonical: address, nets: p2sh };
  return { type: 'p2pkh', program: b.hash, canonical: address, nets: [] };
}

/**
 * Decode `address` for the chain `chainId` (CAIP-2). Fails with `E_NETWORK` when the address
 * is well-formed but belongs to another network, `E_ADDRESS` when it is malformed or of an
 * unsupported type. Never throws.
 */
export function decodeAddress(
  address: string,
  chainId: string
): VerifyResult<AddressErrorCode, DecodedAddress> {
  const chainNets = networksOfChain(chainId);
  const raw = decodeRaw(address, chainNets);
  if (typeof raw === 'string') return fail('E_ADDRESS', `address "${String(address)}": ${raw}`);
  if (chainNets.length === 0) return fail('E_NETWORK', `unknown Bitcoin chain "${chainId}"`);
  const net = raw.nets[0];
  if (!net) {
    const other = decodeRaw(address, NETWORKS);
    const names =
      (typeof other === 'string' ? [] : other.nets).map((n) => n.name).join('/') ||
      'an unknown network';
    if (names === 'an unknown network' && typeof other !== 'string' && !address.includes(':')) {
      // a base58 version byte no known network uses
      const v = bjsAddress.fromBase58Check(address).version;
      if (!NETWORKS.some((n) => n.pubKeyHash === v || n.scriptHash === v || n.scriptHash2 === v))
        return fail(
          'E_ADDRESS',
          `address "${address}": unknown base58 version byte 0x${v.toString(16).padStart(2, '0')}`
        );
    }
    const hint =
      chainNets[0]!.cashaddr && !address.includes(':')
        ? ` (Bitcoin Cash reserves must be written in CashAddr, ${chainNets[0]!.cashaddr}:…)`
        : '';
    return fail(
      'E_NETWORK',
      `address "${address}" is for ${names}, but the evidence is for ${chainNets[0]!.name} (${chainId})${hint}`
    );
  }
  return {
    ok: true,
    address: raw.canonical,
    type: raw.type,
    program: raw.program,
    scriptPubKey: scriptOf(raw.type, raw.program),
    network: net,
  };
}
