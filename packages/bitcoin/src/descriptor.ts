/**
 * Output script descriptors (BIP-380 … BIP-386), the subset a reserve wallet is declared with:
 *
 * ```
 * pkh(KEY)  wpkh(KEY)  sh(wpkh(KEY))  tr(KEY)
 * wsh(multi(k,KEY,…))  wsh(sortedmulti(k,KEY,…))  sh(wsh(multi|sortedmulti(…)))
 * KEY = [fingerprint/origin/path]? ( 66-hex compressed key | 64-hex x-only key (tr only)
 *                                  | xpub/tpub ( /n )* ( /* )? )
 * ```
 *
 * Everything else — private keys, hardened steps after an xpub (`/n'`, `/*'`), multipath
 * `<a;b>`, taproot script trees, `raw`, `addr`, `combo`, miniscript — is rejected with a
 * {@link DescriptorError} naming the position. The BIP-380 checksum (`#` + 8 characters) is
 * required and verified. `tr(KEY)` derives the BIP-86 output key `P + TH("TapTweak", P)·G`.
 * @module
 */

import * as ecc from '@bitcoinerlab/secp256k1';
import { concatBytes, equalBytes, KuraError, sha256, taggedHash } from '@kura/codec';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { BIP32Factory, type BIP32Interface } from 'bip32';
import { type AddressType, scriptOf } from './address.js';
import { hash160 } from './hashes.js';
import { type BitcoinNetwork, NETWORKS, networksOfChain, toBitcoinJs } from './networks.js';
import { OP, pushData } from './script.js';
import { toBig, tweakTaprootKey } from './sig.js';

const bip32 = BIP32Factory(ecc);

/** A descriptor that Kura cannot use (bad syntax, bad checksum, unsupported construct). */
export class DescriptorError extends KuraError {
  constructor(message: string) {
    super('E_DESCRIPTOR', message);
  }
}

// ---- BIP-380 checksum -------------------------------------------------------------------------

const INPUT_CHARSET =
  '0123456789()[],\'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#"\\ ';
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

function polymod(symbols: readonly number[]): bigint {
  let chk = 1n;
  for (const v of symbols) {
    const top = chk >> 35n;
    chk = ((chk & 0x7ffffffffn) << 5n) ^ BigInt(v);
    for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) chk ^= GENERATOR[i]!;
  }
  return chk;
}

function expand(s: string): number[] {
  const symbols: number[] = [];
  const groups: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const v = INPUT_CHARSET.indexOf(s[i]!);
    if (v < 0)
      throw new DescriptorError(
        `character ${JSON.stringify(s[i])} at position ${i} is not allowed in a descriptor`
      );
    symbols.push(v & 31);
    groups.push(v >> 5);
    if (groups.length === 3) {
      symbols.push(groups[0]! * 9 + groups[1]! * 3 + groups[2]!);
      groups.length = 0;
    }
  }
  if (groups.length === 1) symbols.push(groups[0]!);
  else if (groups.length === 2) symbols.push(groups[0]! * 3 + groups[1]!);
  return symbols;
}

/** The 8-character BIP-380 checksum of a descriptor (without `#`). */
export function descriptorChecksum(desc: string): string {
  const c = polymod([...expand(desc), 0, 0, 0, 0, 0, 0, 0, 0]) ^ 1n;
  let out = '';
  for (let i = 0; i < 8; i++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - i))) & 31n)]!;
  return out;
}

/** Split `desc#checksum` and verify the checksum; throws {@link DescriptorError}. */
export function checkDescriptorChecksum(text: string): string {
  const hash = text.lastIndexOf('#');
  if (hash < 0)
    throw new DescriptorError(
      'missing checksum: a descriptor must end in "#" and 8 checksum characters'
    );
  const body = text.slice(0, hash);
  const sum = text.slice(hash + 1);
  if (sum.length !== 8 || ![...sum].every((c) => CHECKSUM_CHARSET.includes(c)))
    throw new DescriptorError(`checksum "${sum}" is not 8 bech32 characters`);
  const symbols = [...expand(body), ...[...sum].map((c) => CHECKSUM_CHARSET.indexOf(c))];
  if (polymod(symbols) !== 1n)
    throw new DescriptorError(
      `checksum mismatch: expected #${descriptorChecksum(body)}, got #${sum}`
    );
  return body;
}

// ---- parsing ----------------------------------------------------------------------------------

/** One key expression. */
export interface DescriptorKey {
  /** The key text as written (with origin). */
  readonly text: string;
  /** A fixed key (compressed 33 bytes, or x-only 32 bytes inside `tr`). */
  readonly fixed?: Uint8Array;
  /** An extended public key and the unhardened steps after it. */
  readonly xpub?: {
    readonly node: BIP32Interface;
    readonly path: readonly number[];
    readonly wildcard: boolean;
    /** The key and chain code after the fixed `path` (derived once at parse time). */
    readonly base: ExtendedPub;
  };
}

/** A parsed descriptor of the supported subset. */
export interface Descriptor {
  /** The descriptor without checksum. */
  readonly body: string;
  readonly checksum: string;
  readonly kind: 'pkh' | 'wpkh' | 'sh-wpkh' | 'tr' | 'wsh-multi' | 'sh-wsh-multi';
  readonly keys: readonly DescriptorKey[];
  /** Multisig threshold (m of `keys.length`). */
  readonly threshold?: number;
  /** `sortedmulti`: keys sorted per derivation index. */
  readonly sorted?: boolean;
  /** Any key ends in `/*`. */
  readonly ranged: boolean;
  /** The network the xpubs are for (the chain's first spelling when there are none). */
  readonly network: BitcoinNetwork;
}

class Cursor {
  pos = 0;
  constructor(readonly s: string) {}
  eat(lit: string): boolean {
    if (this.s.startsWith(lit, this.pos)) {
      this.pos += lit.length;
      return true;
    }
    return false;
  }
  expect(lit: string): void {
    if (!this.eat(lit)) throw new DescriptorError(`expected "${lit}" at position ${this.pos}`);
  }
  /** Text up to (not including) the first of `stops` at depth 0. */
  until(stops: string): string {
    const start = this.pos;
    while (this.pos < this.s.length && !stops.includes(this.s[this.pos]!)) this.pos++;
    return this.s.slice(start, this.pos);
  }
}

const HARDENED = 0x80000000;

function parseKey(
  text: string,
  inTr: boolean,
  nets: BitcoinNetwork[]
): { key: DescriptorKey; net?: BitcoinNetwork } {
  let rest = text;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new DescriptorError(`key "${text}": unterminated key origin`);
    const origin = rest.slice(1, close);
    if (!/^[0-9a-f]{8}(\/[0-9]+['h]?)*$/.test(origin))
      throw new DescriptorError(`key "${text}": key origin must be [8 hex fingerprint/path]`);
    rest = rest.slice(close + 1);
  }
  if (/^[0-9a-fA-F]+$/.test(rest)) {
    if (!/^[0-9a-f]+$/.test(rest))
      throw new DescriptorError(`key "${text}": hex keys must be lower case`);
    const bytes = Uint8Array.from(rest.match(/../g)!.map((h) => Number.parseInt(h, 16)));
    if (inTr) {
      if (bytes.length === 32) return { key: { text, fixed: bytes } };
      if (bytes.length === 33 && (bytes[0] === 2 || bytes[0] === 3))
        return { key: { text, fixed: bytes.subarray(1) } };
      throw new DescriptorError(
        `key "${text}": tr() needs a 32-byte x-only or 33-byte compressed key`
      );
    }
    if (bytes.length !== 33 || (bytes[0] !== 2 && bytes[0] !== 3))
      throw new DescriptorError(`key "${text}": expected a 33-byte compressed public key`);
    if (!ecc.isPoint(bytes)) throw new DescriptorError(`key "${text}": not a point on secp256k1`);
    return { key: { text, fixed: bytes } };
  }
  if (rest.includes('<') || rest.includes(';'))
    throw new DescriptorError(
      `key "${text}": multipath descriptors (<a;b>) are not supported; list each path separately`
    );
  const parts = rest.split('/');
  const ext = parts.shift()!;
  if (/^[xt]prv/.test(ext) || (/^[5KLc9]/.test(ext) && ext.length >= 51 && ext.length <= 52))
    throw new DescriptorError(
      `key "${text}": private keys must never appear in a reserves descriptor`
    );
  let node: BIP32Interface | undefined;
  let net: BitcoinNetwork | undefined;
  for (const n of [...nets, ...NETWORKS.filter((x) => !nets.includes(x))]) {
    try {
      node = bip32.fromBase58(ext, toBitcoinJs(n));
      net = n;
      break;
    } catch {
      // try the next network's version bytes
    }
  }
  if (!node || !net) throw new DescriptorError(`key "${text}": not a valid extended public key`);
  if (!node.isNeutered())
    throw new DescriptorError(
      `key "${text}": private keys must never appear in a reserves descriptor`
    );
  if (!nets.includes(net))
    throw new DescriptorError(
      `key "${text}": an extended key of ${net.name}, but the chain is ${nets[0]?.name ?? 'unknown'}`
    );
  let wildcard = false;
  const path: number[] = [];
  parts.forEach((p, i) => {
    if (p === '*' && i === parts.length - 1) {
      wildcard = true;
      return;
    }
    if (/^\*['h]$/.test(p) || /^[0-9]+['h]$/.test(p))
      throw new DescriptorError(
        `key "${text}": hardened derivation after an xpub needs the private key`
      );
    if (!/^(0|[1-9][0-9]*)$/.test(p) || Number(p) >= HARDENED)
      throw new DescriptorError(`key "${text}": bad derivation step "${p}"`);
    path.push(Number(p));
  });
  let base: ExtendedPub = { key: node.publicKey, chainCode: node.chainCode };
  for (const step of path) {
    const next = ckdPub(base, step);
    if (!next)
      throw new DescriptorError(`key "${text}": derivation step ${step} gives an invalid key`);
    base = next;
  }
  return { key: { text, xpub: { node, path, wildcard, base } }, net };
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/**
 * Parse `text` (with its `#checksum`) for the chain `chainId` (CAIP-2). Throws
 * {@link DescriptorError} (`E_DESCRIPTOR`) with the reason and position.
 */
export function parseDescriptor(text: string, chainId: string): Descriptor {
  if (typeof text !== 'string' || text.length === 0)
    throw new DescriptorError('expected a descriptor string');
  if (text.length > 10_000) throw new DescriptorError('descriptor longer than 10,000 characters');
  const body = checkDescriptorChecksum(text);
  const checksum = text.slice(body.length + 1);
  const nets = networksOfChain(chainId);
  if (nets.length === 0) throw new DescriptorError(`unknown Bitcoin chain "${chainId}"`);
  const FORMS: readonly [string, Descriptor['kind']][] = [
    ['sh(wpkh(', 'sh-wpkh'],
    ['wpkh(', 'wpkh'],
    ['pkh(', 'pkh'],
    ['tr(', 'tr'],
    ['wsh(sortedmulti(', 'wsh-multi'],
    ['wsh(multi(', 'wsh-multi'],
    ['sh(wsh(sortedmulti(', 'sh-wsh-multi'],
    ['sh(wsh(multi(', 'sh-wsh-multi'],
  ];
  const form = FORMS.find(([prefix]) => {
    const depth = prefix.split('(').length - 1;
    return body.startsWith(prefix) && body.endsWith(')'.repeat(depth));
  });
  if (!form) {
    const fn = new Cursor(body).until('(');
    throw new DescriptorError(
      `unsupported descriptor "${fn}(…)": Kura accepts pkh, wpkh, sh(wpkh), tr(KEY), wsh(multi|sortedmulti) and sh(wsh(multi|sortedmulti))`
    );
  }
  const [prefix, kind] = form;
  if (kind !== 'pkh' && !nets[0]!.segwit)
    throw new DescriptorError(
      `${nets[0]!.name} has no segwit: only pkh(…) descriptors describe its outputs, not ${prefix}…`
    );
  const inner = body.slice(prefix.length, body.length - (prefix.split('(').length - 1));
  let threshold: number | undefined;
  let sorted: boolean | undefined;
  let keyTexts: string[] = [inner];
  if (kind === 'tr' && splitArgs(inner).length !== 1)
    throw new DescriptorError(
      'tr() with a script tree is not supported; only key-path tr(KEY) outputs'
    );
  if (kind === 'wsh-multi' || kind === 'sh-wsh-multi') {
    sorted = prefix.includes('sortedmulti(');
    const args = splitArgs(inner);
    const k = args.shift()!;
    if (!/^[1-9][0-9]*$/.test(k))
      throw new DescriptorError(`multisig threshold "${k}" is not a positive integer`);
    threshold = Number(k);
    if (args.length < 1 || args.length > 20)
      throw new DescriptorError(`multisig needs 1 … 20 keys, got ${args.length}`);
    if (threshold > args.length)
      throw new DescriptorError(`threshold ${threshold} exceeds the ${args.length} keys`);
    keyTexts = args;
  }
  const keys: DescriptorKey[] = [];
  let network: BitcoinNetwork | undefined;
  for (const kt of keyTexts) {
    const { key, net } = parseKey(kt, kind === 'tr', nets);
    if (net) {
      if (network && network !== net && network.bip32Public !== net.bip32Public)
        throw new DescriptorError('extended keys of different networks');
      network ??= net;
    }
    keys.push(key);
  }
  const ranged = keys.some((k) => k.xpub?.wildcard);
  const d: Descriptor = {
    body,
    checksum,
    kind,
    keys,
    ranged,
    network: network ?? nets[0]!,
    ...(threshold !== undefined ? { threshold } : {}),
    ...(sorted !== undefined ? { sorted } : {}),
  };
  // derive once so that an unusable key (e.g. an invalid child) fails now, not later
  deriveDescriptor(d, 0);
  return d;
}

// ---- derivation -------------------------------------------------------------------------------

/** One derived output of a descriptor. */
export interface DerivedOutput {
  readonly index: number;
  readonly type: AddressType;
  readonly scriptPubKey: Uint8Array;
  /** The witness script of a multisig output. */
  readonly witnessScript?: Uint8Array;
  /** Multisig threshold. */
  readonly threshold?: number;
}

/** A compressed public key and its BIP-32 chain code. */
export interface ExtendedPub {
  readonly key: Uint8Array;
  readonly chainCode: Uint8Array;
}

/**
 * BIP-32 public child key derivation (unhardened `index` < 2^31):
 * `I = HMAC-SHA512(chainCode, serP(K) ‖ ser32(index))`, child `K' = K + parse256(I_L)·G`,
 * chain code `I_R`; `undefined` when I_L ≥ n or K' is the point at infinity (BIP-32: skip).
 */
export function ckdPub(parent: ExtendedPub, index: number): ExtendedPub | undefined {
  const data = new Uint8Array(37);
  data.set(parent.key, 0);
  new DataView(data.buffer).setUint32(33, index >>> 0, false);
  const I = hmac(sha512, parent.chainCode, data);
  const il = toBig(I.subarray(0, 32));
  if (il >= secp256k1.Point.CURVE().n) return undefined;
  try {
    const child = secp256k1.Point.fromBytes(parent.key).add(secp256k1.Point.BASE.multiply(il));
    return { key: child.toBytes(true), chainCode: I.slice(32) };
  } catch {
    return undefined; // zero tweak or the point at infinity
  }
}

function keyAt(k: DescriptorKey, index: number): Uint8Array {
  if (k.fixed) return k.fixed;
  const x = k.xpub!;
  if (!x.wildcard) return x.base.key;
  const child = ckdPub(x.base, index);
  if (!child)
    throw new DescriptorError(
      `key "${k.text}": index ${index} gives an invalid key (BIP-32: skip it)`
    );
  return child.key;
}

/** Derive the output at `index` (0 … 2^31 − 1; ignored by unranged descriptors). */
export function deriveDescriptor(d: Descriptor, index: number): DerivedOutput {
  if (!Number.isInteger(index) || index < 0 || index >= HARDENED)
    throw new RangeError(`"index": expected an integer 0 … 2^31 − 1, got ${index}`);
  const keys = d.keys.map((k) => keyAt(k, index));
  switch (d.kind) {
    case 'pkh':
      return { index, type: 'p2pkh', scriptPubKey: scriptOf('p2pkh', hash160(keys[0]!)) };
    case 'wpkh':
      return { index, type: 'p2wpkh', scriptPubKey: scriptOf('p2wpkh', hash160(keys[0]!)) };
    case 'sh-wpkh':
      return {
        index,
        type: 'p2sh',
        scriptPubKey: scriptOf('p2sh', hash160(scriptOf('p2wpkh', hash160(keys[0]!)))),
      };
    case 'tr': {
      const k = keys[0]!;
      const xonly = k.length === 33 ? k.subarray(1) : k;
      const q = tweakTaprootKey(xonly, taggedHash('TapTweak', xonly));
      if (!q) throw new DescriptorError(`tr(): key at index ${index} cannot be tweaked`);
      return { index, type: 'p2tr', scriptPubKey: scriptOf('p2tr', q) };
    }
    case 'wsh-multi':
    case 'sh-wsh-multi': {
      const ordered = d.sorted ? [...keys].sort(compareBytes) : keys;
      const ws = concatBytes(
        Uint8Array.of(OP.OP_1 + d.threshold! - 1),
        ...ordered.map((k) => pushData(k)),
        Uint8Array.of(OP.OP_1 + ordered.length - 1, OP.OP_CHECKMULTISIG)
      );
      const wsh = scriptOf('p2wsh', sha256(ws));
      return d.kind === 'wsh-multi'
        ? { index, type: 'p2wsh', scriptPubKey: wsh, witnessScript: ws, threshold: d.threshold! }
        : {
            index,
            type: 'p2sh',
            scriptPubKey: scriptOf('p2sh', hash160(wsh)),
            witnessScript: ws,
            threshold: d.threshold!,
          };
    }
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Find `scriptPubKey` among the descriptor's outputs `index`, or when `index` is omitted among
 * `range` = [first, last]. Returns the matching output or `undefined`.
 */
export function findInDescriptor(
  d: Descriptor,
  scriptPubKey: Uint8Array,
  range: readonly [number, number]
): DerivedOutput | undefined {
  const [a, b] = d.ranged ? range : [0, 0];
  for (let i = a; i <= b; i++) {
    const o = deriveDescriptor(d, i);
    if (equalBytes(o.scriptPubKey, scriptPubKey)) return o;
  }
  return undefined;
}
