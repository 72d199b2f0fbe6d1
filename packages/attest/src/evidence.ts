/**
 * The reserves-evidence file `kura-evidence/1`: every reserve address with its chain, custody
 * class, balances at the snapshot block, ownership proof and (Bitcoin) UTXOs or (Ethereum) state
 * proofs. Written by the Bitcoin and Ethereum collectors, combined by {@link mergeEvidence}, and
 * bound into the attestation by the SHA-256 of the file's exact bytes (`reserves.evidenceSha256`).
 *
 * This module parses the file strictly ({@link parseEvidence}, throws {@link SchemaError}) and
 * checks its rules ({@link validateEvidence}, returns a {@link VerifyResult}; attacks C2, C4, D1,
 * D7, E8):
 * - `EVIDENCE_ROUND_ID`: `roundId ≠ TH("kura/v1/round", JCS(round))`;
 * - `EVIDENCE_CHALLENGE`: an ownership proof signed a text other than this round's challenge;
 * - `EVIDENCE_SNAPSHOT`: an entry's chain has no snapshot, or a chain has two snapshots, or a
 *   UTXO is younger than the snapshot block;
 * - `EVIDENCE_DUPLICATE_UTXO`: one outpoint listed twice anywhere in the file;
 * - `EVIDENCE_DUPLICATE_BALANCE`: one asset or contract twice in an entry, or one token balance
 *   (chain, holder, contract) in two entries;
 * - `EVIDENCE_DUPLICATE_ADDRESS`: one (chain, normalised address) — or one (chain, scriptPubKey)
 *   — in two entries;
 * - `EVIDENCE_UTXO_SUM`: a Bitcoin entry's balance ≠ Σ of its UTXO values;
 * - `EVIDENCE_ADDRESS`: an EVM address that is not EIP-55 checksummed, or mixed-case bech32;
 * - `EVIDENCE_ASSET`: a symbol not in the liabilities asset list, a balance on a chain other than
 *   the asset's `network` (or an asset with reserves but no `network`), one (chain, asset) backed
 *   by two different contracts, or one chain's native coin counted as two assets.
 * @module
 */
import {
  amount,
  arr,
  bytesToHex,
  canonicalize,
  fail,
  hex,
  type Infer,
  int,
  isObject,
  json,
  KuraError,
  literal,
  obj,
  oneOf,
  ordered,
  parseAmount,
  parseJsonBytes,
  readJson,
  refine,
  type Shape,
  ShapeIssue,
  select,
  str,
  utcTime,
  utf8Raw,
  type VerifyResult,
} from '@kura/codec';
import { type Asset, ownershipChallenge, type Round, roundId, roundShape } from '@kura/tree';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { check, isLooseHex, spelling } from './fields.js';

/** The version string of the evidence file. */
export const EVIDENCE_VERSION = 'kura-evidence/1';

/** Custody classes: customers' cold and hot wallets, and the exchange's own backing. */
export const CUSTODY_CLASSES = ['customer-cold', 'customer-hot', 'exchange-own'] as const;
/** A custody class. */
export type Custody = (typeof CUSTODY_CLASSES)[number];

/** Ownership-proof kinds (the signature itself is checked by @kura/bitcoin / @kura/ethereum). */
export const OWNERSHIP_TYPES = [
  'bip322-simple',
  'bip322-full',
  'bip137',
  'bip127-psbt',
  'eip191',
  'eip712',
  'eip1271',
  'xrpl-tx',
] as const;
/** An ownership-proof kind. */
export type OwnershipType = (typeof OWNERSHIP_TYPES)[number];

/** The block each chain was read at. */
export interface EvidenceSnapshot {
  /** CAIP-2 chain id. */
  readonly chain: string;
  readonly height: number;
  /** Bitcoin: 64 lowercase hex (display order); EVM: `0x` + 64 lowercase hex. */
  readonly blockHash: string;
  /** Block time, RFC 3339 UTC. */
  readonly time: string;
}

/** One balance of one address at the snapshot block. */
export interface EvidenceBalance {
  /** A symbol of the liabilities asset list. */
  readonly asset: string;
  /** Base units, decimal string. */
  readonly amount: string;
  /** ERC-20 contract (EIP-55); absent for the chain's native coin. */
  readonly contract?: string;
  /** XRP Ledger issued currency: its currency code (3 characters or 40 hex) … */
  readonly currency?: string;
  /** … and its issuer (classic address); both absent for XRP. */
  readonly issuer?: string;
}

/** The proof that the exchange controls the address (type-specific members are kept as given). */
export interface EvidenceOwnership {
  readonly type: OwnershipType;
  readonly signature: string;
  /** The exact text signed: must be the round's ownership challenge (protocol v1). */
  readonly challenge: string;
  readonly [extra: string]: unknown;
}

/** A Bitcoin UTXO of the address, unspent at the snapshot block. */
export interface EvidenceUtxo {
  readonly txid: string;
  readonly vout: number;
  readonly value: string;
  readonly scriptPubKey: string;
  readonly height: number;
  readonly blockHash: string;
  /** `gettxoutproof` hex (optional: not every source can produce one). */
  readonly merkleProof?: string;
}

/** One reserve address. */
export interface EvidenceEntry {
  readonly chain: string;
  /** As the chain writes it (EVM: EIP-55 checksummed). */
  readonly address: string;
  readonly custody: Custody;
  readonly label?: string;
  /** Bitcoin: the address's output script (optional; UTXOs carry it too). */
  readonly scriptPubKey?: string;
  readonly balances: readonly EvidenceBalance[];
  readonly ownership: EvidenceOwnership;
  /** Bitcoin only (required there). */
  readonly utxos?: readonly EvidenceUtxo[];
  /** Ethereum only: `eth_getProof` account / storage proofs, as the collector wrote them. */
  readonly stateProof?: unknown;
  /** XRP Ledger only: balance, account reserve and trust lines at the ledger (@kura/xrpl). */
  readonly ledgerState?: unknown;
}

/** A whole evidence file. */
export interface Evidence {
  readonly version: typeof EVIDENCE_VERSION;
  readonly round: Round;
  /** 64 lowercase hex. */
  readonly roundId: string;
  readonly snapshots: readonly EvidenceSnapshot[];
  readonly entries: readonly EvidenceEntry[];
}

/** Codes of {@link validateEvidence}. */
export type EvidenceCode =
  | 'EVIDENCE_ROUND_ID'
  | 'EVIDENCE_CHALLENGE'
  | 'EVIDENCE_SNAPSHOT'
  | 'EVIDENCE_DUPLICATE_UTXO'
  | 'EVIDENCE_DUPLICATE_BALANCE'
  | 'EVIDENCE_DUPLICATE_ADDRESS'
  | 'EVIDENCE_UTXO_SUM'
  | 'EVIDENCE_ADDRESS'
  | 'EVIDENCE_ASSET';

/** Is this a Bitcoin (`bip122:`) chain id? */
export function isBitcoinChain(chain: string): boolean {
  return chain.startsWith('bip122:');
}
/**
 * Is this an EVM chain id, `eip155:<chainId>` in its one canonical spelling (decimal, no leading
 * zeros, as the evidence schema's pattern)? `eip155:0137` is not: one chain must not have two
 * names in one file (duplicate and asset checks key on the spelling).
 */
export function isEvmChain(chain: string): boolean {
  return EVM_CHAIN.test(chain);
}
/** Is this an XRP Ledger (`xrpl:<network_id>`) chain id? */
export function isXrplChain(chain: string): boolean {
  return XRPL_CHAIN.test(chain);
}

const EVM_CHAIN = /^eip155:[1-9][0-9]{0,31}$/;
const XRPL_CHAIN = /^xrpl:(0|[1-9][0-9]{0,9})$/;
const CAIP2_EXPECTED = 'expected a CAIP-2 chain id such as eip155:1';
const blockHeight = int(0, 2 ** 40);

/** A snapshot of an EVM chain: `blockHash` is `0x` + 64 lowercase hex. */
const evmSnapshotShape = obj({
  chain: str({ nfc: false, pattern: EVM_CHAIN, expected: CAIP2_EXPECTED }),
  height: blockHeight,
  blockHash: spelling(
    /^0x[0-9a-f]{64}$/,
    (h) => h.startsWith('0x') && isLooseHex(h.slice(2)),
    'expected 0x + 64 lowercase hex',
    'hex must be lowercase'
  ),
  time: utcTime(),
});
/** A snapshot of any other chain: `blockHash` is 64 lowercase hex (Bitcoin: display order). */
const otherSnapshotShape = obj({
  chain: str({
    nfc: false,
    pattern: /^(?!eip155:[1-9][0-9]{0,31}$)[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/,
    expected: CAIP2_EXPECTED,
  }),
  height: blockHeight,
  blockHash: hex(32),
  time: utcTime(),
});

/** The block a chain was read at, `{chain, height, blockHash, time}` (`$defs/snapshot`). */
export const snapshotShape = select([otherSnapshotShape, evmSnapshotShape], (s) =>
  typeof s.chain === 'string' && isEvmChain(s.chain) ? 1 : 0
);

const asset = str({ max: 64 });
const balanceAmount = amount(80);
const ownershipShape = obj(
  {
    type: oneOf(OWNERSHIP_TYPES),
    signature: str({ max: 1 << 20 }),
    challenge: str({ nfc: false, max: 4096, expected: 'expected the signed challenge text' }),
  },
  {},
  { open: true }
);
const scriptHex = hex({ max: 10_000 });
const utxoShape = obj(
  {
    txid: hex(32),
    vout: int(0, 0xffffffff),
    value: amount(16),
    scriptPubKey: scriptHex,
    height: blockHeight,
    blockHash: hex(32),
  },
  { merkleProof: hex({ max: 1 << 20 }) }
);
/** A classic XRPL address: `r` and 24–34 characters of the XRPL base58 alphabet. */
const XRPL_ADDR = /^r[1-9A-HJ-NP-Za-km-z]{24,34}$/;
const xrplBalanceShape = refine(
  obj(
    { asset, amount: balanceAmount },
    {
      currency: str({
        max: 40,
        pattern: /^(?!XRP$)([A-Za-z0-9?!@#$%^&*<>(){}[\]|]{3}|[0-9A-F]{40})$/,
        expected: 'expected a currency code or 40 hex',
      }),
      issuer: str({ max: 35, pattern: XRPL_ADDR, expected: 'expected a classic XRPL address' }),
    }
  ),
  (b) =>
    (b.currency === undefined) === (b.issuer === undefined)
      ? undefined
      : {
          at: [b.currency === undefined ? 'currency' : 'issuer'],
          reason: 'an issued currency has both currency and issuer',
        }
);
const address = str({ max: 128 });
const custody = oneOf(CUSTODY_CLASSES);
const label = str({ max: 256 });
const SUPPORTED = 'only bip122:, eip155: and xrpl: chains are supported';

/** A Bitcoin-family entry: native balances only, its UTXOs listed. */
const bitcoinEntryShape = obj(
  {
    chain: str({ nfc: false, pattern: /^bip122:[-_a-zA-Z0-9]{1,32}$/, expected: SUPPORTED }),
    address,
    custody,
    balances: arr(obj({ asset, amount: balanceAmount }), { max: 4096 }),
    ownership: ownershipShape,
    utxos: arr(utxoShape, { max: 1_000_000 }),
  },
  { label, scriptPubKey: scriptHex },
  {
    order: [
      'chain',
      'address',
      'custody',
      'balances',
      'ownership',
      'label',
      'scriptPubKey',
      'utxos',
    ],
  }
);
/** An EVM entry: ERC-20 balances name their contract; optional state proofs. */
const evmEntryShape = obj(
  {
    chain: str({ nfc: false, pattern: EVM_CHAIN, expected: SUPPORTED }),
    address,
    custody,
    balances: arr(obj({ asset, amount: balanceAmount }, { contract: str({ max: 42 }) }), {
      max: 4096,
    }),
    ownership: ownershipShape,
  },
  { label, stateProof: json('eth_getProof account / storage proofs (EVM only).') }
);
/** An XRP Ledger entry: issued currencies name currency and issuer; optional ledger state. */
const xrplEntryShape = obj(
  {
    chain: str({ nfc: false, pattern: XRPL_CHAIN, expected: SUPPORTED }),
    address,
    custody,
    balances: arr(xrplBalanceShape, { max: 4096 }),
    ownership: ownershipShape,
  },
  { label, ledgerState: json('XRP Ledger only: balance, account reserve and trust lines.') }
);

const byFamily = select([bitcoinEntryShape, evmEntryShape, xrplEntryShape], (e) => {
  const c = typeof e.chain === 'string' ? e.chain : '';
  return isEvmChain(c) ? 1 : isXrplChain(c) ? 2 : 0;
});
const CAIP2 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/;

/** `entry`, checking first that an object's `chain` is of a supported family. */
/* @__NO_SIDE_EFFECTS__ */
function supportedChainFirst<T>(entry: Shape<T>): Shape<T> {
  return {
    check(v) {
      const c = isObject(v) ? v.chain : undefined;
      if (typeof c === 'string' && !isEvmChain(c) && !isXrplChain(c) && !isBitcoinChain(c)) {
        const i = new ShapeIssue('schema', CAIP2.test(c) ? SUPPORTED : CAIP2_EXPECTED);
        i.path.push('chain');
        throw i;
      }
      return entry.check(v);
    },
    def: entry.def,
  };
}

/**
 * One reserve address (`$defs/entry`): its members depend on the chain's family, so the chain
 * is checked first (a chain of no supported family is refused before its members are read).
 */
export const evidenceEntryShape = supportedChainFirst(byFamily);

/**
 * `kura-evidence/1` (circuits-free-spec/schemas/evidence.schema.json), declared once: closed
 * except `ownership` (type-specific members), `stateProof` and `ledgerState`. The file's rules
 * (round id, challenge, snapshots, duplicates, sums, addresses, assets) are
 * {@link validateEvidence}'s.
 */
export const evidenceShape = obj({
  version: literal(EVIDENCE_VERSION),
  round: roundShape,
  roundId: hex(32),
  snapshots: arr(snapshotShape, { min: 1, max: 64 }),
  entries: arr(evidenceEntryShape, { max: 1_000_000 }),
});

/** An evidence file as its shape gives it. */
export type EvidenceJson = Infer<typeof evidenceShape>;

/**
 * Parse an evidence file's JSON value strictly ({@link evidenceShape}). Throws a DocumentError
 * (`SCHEMA`, `JSON_NUMBER`, `NON_CANONICAL_ENCODING`) naming the JSON path; `field` is where
 * the file sits (`$` for a file of its own). Does not check the rules of
 * {@link validateEvidence}.
 */
export function parseEvidence(v: unknown, field = '$'): Evidence {
  // a copy in the documented member order (as the collectors write it); `ownership`,
  // `stateProof` and `ledgerState` as given
  return ordered(evidenceShape, check(evidenceShape, v, field)) as Evidence;
}

/** The EIP-55 checksummed spelling of a 20-byte hex address (input in any case, `0x` prefix). */
export function toChecksumAddress(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const h = bytesToHex(keccak_256(utf8Raw(lower)));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const c = lower[i]!;
    out += Number.parseInt(h[i]!, 16) >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

const EVM_ADDR = /^0x[0-9a-fA-F]{40}$/;
const BECH32 = /^(bc|tb|bcrt)1/i;

/**
 * The key two spellings of one address share (attack D7): EVM → lowercase; bech32 → lowercase;
 * base58 → as given. Returns null when the address is malformed for its chain.
 */
export function normalizeAddress(chain: string, address: string): string | null {
  if (isEvmChain(chain)) {
    if (!EVM_ADDR.test(address) || toChecksumAddress(address) !== address) return null;
    return address.toLowerCase();
  }
  if (isXrplChain(chain)) return XRPL_ADDR.test(address) ? address : null;
  if (BECH32.test(address)) {
    if (address !== address.toLowerCase() && address !== address.toUpperCase()) return null;
    return address.toLowerCase();
  }
  return address;
}

/** Options of {@link validateEvidence}. */
export interface ValidateEvidenceOptions {
  /** The liabilities asset list: every balance must name one of its symbols. */
  readonly assets?: readonly Asset[];
}

/**
 * Check the rules of an evidence file (see the module doc for the codes, in checking order).
 * Never throws.
 */
export function validateEvidence(
  ev: Evidence,
  opts: ValidateEvidenceOptions = {}
): VerifyResult<EvidenceCode> {
  try {
    return validate(ev, opts);
  } catch (e) {
    return fail('EVIDENCE_ASSET', `evidence could not be checked: ${(e as Error).message}`);
  }
}

function validate(ev: Evidence, opts: ValidateEvidenceOptions): VerifyResult<EvidenceCode> {
  if (bytesToHex(roundId(ev.round)) !== ev.roundId)
    return fail('EVIDENCE_ROUND_ID', 'roundId does not match the round');
  const challenge = ownershipChallenge(ev.round);
  const snaps = new Map<string, EvidenceSnapshot>();
  for (const s of ev.snapshots) {
    if (snaps.has(s.chain)) return fail('EVIDENCE_SNAPSHOT', `chain ${s.chain} has two snapshots`);
    snaps.set(s.chain, s);
  }
  // per-entry checks
  for (const [i, e] of ev.entries.entries()) {
    const at = `entries[${i}] (${e.chain} ${e.address})`;
    if (e.ownership.challenge !== challenge)
      return fail(
        'EVIDENCE_CHALLENGE',
        `${at}: the ownership proof signed a text other than this round's challenge`
      );
    const snap = snaps.get(e.chain);
    if (!snap) return fail('EVIDENCE_SNAPSHOT', `${at}: no snapshot for chain ${e.chain}`);
    for (const u of e.utxos ?? [])
      if (u.height > snap.height)
        return fail(
          'EVIDENCE_SNAPSHOT',
          `${at}: UTXO ${u.txid}:${u.vout} is at height ${u.height}, after the snapshot ${snap.height}`
        );
  }
  // EVIDENCE_DUPLICATE_UTXO — an outpoint anywhere twice
  const outpoints = new Map<string, number>();
  for (const [i, e] of ev.entries.entries())
    for (const u of e.utxos ?? []) {
      const k = `${e.chain}|${u.txid}:${u.vout}`;
      const prev = outpoints.get(k);
      if (prev !== undefined)
        return fail(
          'EVIDENCE_DUPLICATE_UTXO',
          `UTXO ${u.txid}:${u.vout} is listed in entries[${prev}] and entries[${i}]`
        );
      outpoints.set(k, i);
    }
  // EVIDENCE_DUPLICATE_BALANCE — within an entry, or one token balance in two entries
  const tokenBalances = new Map<string, number>();
  for (const [i, e] of ev.entries.entries()) {
    const holder = e.address.toLowerCase();
    const assets = new Set<string>();
    const contracts = new Set<string>();
    for (const b of e.balances) {
      if (assets.has(b.asset))
        return fail('EVIDENCE_DUPLICATE_BALANCE', `entries[${i}]: asset ${b.asset} listed twice`);
      assets.add(b.asset);
      const c = tokenOf(b);
      if (c === undefined) continue;
      if (contracts.has(c))
        return fail('EVIDENCE_DUPLICATE_BALANCE', `entries[${i}]: token ${c} listed twice`);
      contracts.add(c);
      const k = `${e.chain}|${holder}|${c}`;
      const prev = tokenBalances.get(k);
      if (prev !== undefined)
        return fail(
          'EVIDENCE_DUPLICATE_BALANCE',
          `the ${b.asset} balance of ${e.address} is counted in entries[${prev}] and entries[${i}]`
        );
      tokenBalances.set(k, i);
    }
  }
  // EVIDENCE_ADDRESS / EVIDENCE_DUPLICATE_ADDRESS
  const addrs = new Map<string, number>();
  for (const [i, e] of ev.entries.entries()) {
    const norm = normalizeAddress(e.chain, e.address);
    if (norm === null)
      return fail(
        'EVIDENCE_ADDRESS',
        isEvmChain(e.chain)
          ? `entries[${i}]: ${e.address} is not an EIP-55 checksummed address`
          : isXrplChain(e.chain)
            ? `entries[${i}]: ${e.address} is not a classic XRPL address`
            : `entries[${i}]: ${e.address} mixes upper and lower case`
      );
    const keys = [`a|${e.chain}|${norm}`];
    const scripts = new Set<string>();
    if (e.scriptPubKey !== undefined) scripts.add(e.scriptPubKey);
    for (const u of e.utxos ?? []) scripts.add(u.scriptPubKey);
    for (const s of scripts) keys.push(`s|${e.chain}|${s}`);
    for (const k of keys) {
      const prev = addrs.get(k);
      if (prev !== undefined && prev !== i)
        return fail(
          'EVIDENCE_DUPLICATE_ADDRESS',
          `entries[${prev}] and entries[${i}] are one address (${e.chain} ${e.address})`
        );
      addrs.set(k, i);
    }
  }
  // EVIDENCE_UTXO_SUM
  for (const [i, e] of ev.entries.entries()) {
    if (!isBitcoinChain(e.chain)) continue;
    let sum = 0n;
    for (const u of e.utxos ?? []) sum += BigInt(u.value);
    const native = e.balances.filter((b) => b.contract === undefined);
    const stated = native.reduce((s, b) => s + BigInt(b.amount), 0n);
    if (native.length !== 1 || e.balances.length !== 1 || stated !== sum)
      return fail(
        'EVIDENCE_UTXO_SUM',
        `entries[${i}]: a Bitcoin entry has one balance equal to the sum of its UTXOs (${sum})`
      );
  }
  // EVIDENCE_ASSET
  const bySymbol = opts.assets ? new Map(opts.assets.map((a) => [a.symbol, a])) : undefined;
  const backing = new Map<string, string>(); // chain|asset → contract or 'native'
  const contractAsset = new Map<string, string>(); // chain|contract → asset
  const nativeAsset = new Map<string, string>(); // chain|native → asset
  for (const [i, e] of ev.entries.entries())
    for (const b of e.balances) {
      if (bySymbol) {
        const a = bySymbol.get(b.asset);
        if (!a)
          return fail(
            'EVIDENCE_ASSET',
            `entries[${i}]: ${b.asset} is not in the liabilities asset list`
          );
        if (a.network === undefined)
          return fail(
            'EVIDENCE_ASSET',
            `entries[${i}]: ${b.asset} has no network in the asset list, so its reserves cannot be bound to a chain (give every asset with reserves its CAIP-2 network)`
          );
        if (a.network !== e.chain)
          return fail(
            'EVIDENCE_ASSET',
            `entries[${i}]: ${b.asset} is an asset of ${a.network}, not ${e.chain}`
          );
      }
      if (b.contract !== undefined && normalizeAddress(e.chain, b.contract) === null)
        return fail('EVIDENCE_ADDRESS', `entries[${i}]: contract ${b.contract} is not EIP-55`);
      const via = tokenOf(b) ?? 'native';
      const k = `${e.chain}|${b.asset}`;
      const prev = backing.get(k);
      if (prev !== undefined && prev !== via)
        return fail(
          'EVIDENCE_ASSET',
          `entries[${i}]: ${b.asset} on ${e.chain} is backed by both ${prev} and ${via}`
        );
      backing.set(k, via);
      if (via === 'native') {
        // a chain has one native coin: two assets both counted as native balances on one chain
        // means one of them is relabelled (e.g. ETH counted as a stablecoin)
        const nk = `${e.chain}|native`;
        const pn = nativeAsset.get(nk);
        if (pn !== undefined && pn !== b.asset)
          return fail(
            'EVIDENCE_ASSET',
            `entries[${i}]: the native coin of ${e.chain} is counted as both ${pn} and ${b.asset}`
          );
        nativeAsset.set(nk, b.asset);
      }
      if (via !== 'native') {
        const ck = `${e.chain}|${via}`;
        const pa = contractAsset.get(ck);
        if (pa !== undefined && pa !== b.asset)
          return fail(
            'EVIDENCE_ASSET',
            `entries[${i}]: contract ${b.contract ?? via} is counted as both ${pa} and ${b.asset}`
          );
        contractAsset.set(ck, b.asset);
      }
    }
  return { ok: true };
}

/** What backs a non-native balance: the ERC-20 contract (lowercase) or the XRPL currency.issuer. */
function tokenOf(b: EvidenceBalance): string | undefined {
  if (b.contract !== undefined) return b.contract.toLowerCase();
  if (b.issuer !== undefined) return `${b.currency}.${b.issuer}`;
  return undefined;
}

/** Reserves of one asset by custody class, in base units. */
export interface ReserveTotals {
  readonly asset: string;
  readonly total: bigint;
  readonly customerCold: bigint;
  readonly customerHot: bigint;
  readonly exchangeOwn: bigint;
}

/**
 * Sum an evidence file's balances per asset of `assets` (in list order) and custody class.
 * Call {@link validateEvidence} first: this function does not deduplicate.
 */
export function reserveTotals(ev: Evidence, assets: readonly Asset[]): ReserveTotals[] {
  const acc = new Map<string, { cold: bigint; hot: bigint; own: bigint }>(
    assets.map((a) => [a.symbol, { cold: 0n, hot: 0n, own: 0n }])
  );
  for (const e of ev.entries)
    for (const b of e.balances) {
      const t = acc.get(b.asset);
      if (!t) continue;
      const v = parseAmount(b.amount);
      if (e.custody === 'customer-cold') t.cold += v;
      else if (e.custody === 'customer-hot') t.hot += v;
      else t.own += v;
    }
  return assets.map((a) => {
    const t = acc.get(a.symbol)!;
    return {
      asset: a.symbol,
      total: t.cold + t.hot + t.own,
      customerCold: t.cold,
      customerHot: t.hot,
      exchangeOwn: t.own,
    };
  });
}

/** A failed {@link mergeEvidence}. */
export class EvidenceMergeError extends KuraError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/**
 * Combine partial evidence files (one per collector / chain) into one. All parts must share the
 * round and roundId; a chain present in two parts must have the identical snapshot. Entries keep
 * the order of the parts. The result must pass {@link validateEvidence} (an address, UTXO or
 * token balance in two parts is refused), else {@link EvidenceMergeError} with that code.
 */
export function mergeEvidence(
  parts: readonly Evidence[],
  opts: ValidateEvidenceOptions = {}
): Evidence {
  if (parts.length === 0) throw new RangeError('"parts" must hold at least one evidence file');
  const first = parts[0]!;
  const snaps = new Map<string, EvidenceSnapshot>();
  const entries: EvidenceEntry[] = [];
  for (const [i, p] of parts.entries()) {
    if (p.roundId !== first.roundId || canonicalize(p.round) !== canonicalize(first.round))
      throw new EvidenceMergeError(
        'EVIDENCE_ROUND_ID',
        `part ${i + 1} is for another round than part 1`
      );
    for (const s of p.snapshots) {
      const prev = snaps.get(s.chain);
      if (prev && canonicalize(prev) !== canonicalize(s))
        throw new EvidenceMergeError(
          'EVIDENCE_SNAPSHOT',
          `part ${i + 1} reads ${s.chain} at another block than an earlier part`
        );
      snaps.set(s.chain, s);
    }
    entries.push(...p.entries);
  }
  const merged: Evidence = {
    version: EVIDENCE_VERSION,
    round: first.round,
    roundId: first.roundId,
    snapshots: [...snaps.values()],
    entries,
  };
  const r = validateEvidence(merged, opts);
  if (!r.ok) throw new EvidenceMergeError(r.code, r.message);
  return merged;
}

/** The text Kura writes for an evidence file: 2-space JSON and a final newline. */
export function formatEvidence(ev: Evidence): string {
  return `${JSON.stringify(ev, null, 2)}\n`;
}

/** True when `v` looks like an evidence file (its `version` member). */
export function isEvidence(v: unknown): boolean {
  return isObject(v) && v.version === EVIDENCE_VERSION;
}

/**
 * Decode and parse evidence-file bytes: the strict JSON parser (duplicate keys, unsafe numbers,
 * lone surrogates → `JSON_*` codes) and then {@link parseEvidence}; errors name `file`, line
 * and column. Throws.
 */
export function parseEvidenceBytes(bytes: Uint8Array, file?: string): Evidence {
  // without a file name the error names none (a caller may add it with `withFile`)
  if (file === undefined) return parseEvidence(parseJsonBytes(bytes));
  return readJson(bytes, (v) => parseEvidence(v), { file });
}
