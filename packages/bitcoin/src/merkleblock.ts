/**
 * Transaction inclusion proofs in Bitcoin Core's `gettxoutproof` format (a serialised
 * `CMerkleBlock`), verified against block headers alone — no node needed.
 *
 * ```
 * CMerkleBlock = header (80 bytes)
 *              ‖ u32le nTransactions
 *              ‖ CompactSize nHashes ‖ nHashes × 32-byte hash (internal byte order)
 *              ‖ CompactSize nFlagBytes ‖ flag bits (least significant bit first)
 * header = u32le version ‖ prevBlock (32) ‖ merkleRoot (32) ‖ u32le time ‖ u32le bits ‖ u32le nonce
 * blockHash = SHA-256(SHA-256(header)), displayed byte-reversed
 * node = SHA-256(SHA-256(left ‖ right)), a missing right child duplicates the left
 * ```
 *
 * The partial merkle tree is walked depth-first as in Core's `TraverseAndExtract`, with its
 * defences: a right child equal to its left sibling is rejected (CVE-2012-2459 duplicate
 * subtrees), every hash and flag bit must be consumed (no trailing data; padding bits zero),
 * more hashes than transactions or zero transactions are rejected, and the header's proof of
 * work must meet its own `bits` target.
 * @module
 */
import { equalBytes, fail, type VerifyResult } from '@kura/codec';
import { scrypt } from '@noble/hashes/scrypt.js';
import { readHeaderMaybeAuxPow } from './auxpow.js';
import { hash256 } from './hashes.js';
import { ByteReader, displayHex as hexDisplay } from './wire.js';

/** A parsed 80-byte block header. */
export interface BlockHeader {
  readonly version: number;
  /** Previous block hash, display order hex. */
  readonly prevBlock: string;
  /** Merkle root, display order hex. */
  readonly merkleRoot: string;
  readonly time: number;
  readonly bits: number;
  readonly nonce: number;
  /** This block's hash, display order hex. */
  readonly hash: string;
}

/** A parsed `CMerkleBlock`. */
export interface MerkleBlock {
  readonly header: BlockHeader;
  readonly headerBytes: Uint8Array;
  readonly nTransactions: number;
  readonly hashes: readonly Uint8Array[];
  readonly flags: Uint8Array;
}

/** Largest transaction count a block can have (4,000,000 weight / 240-weight minimal tx). */
export const MAX_BLOCK_TXS = 16_666;

/** Parse an 80-byte block header. Throws {@link EncodingError}. */
export function parseBlockHeader(bytes: Uint8Array, field = 'header'): BlockHeader {
  const r = new ByteReader(bytes, field);
  const version = r.u32le();
  const prev = r.take(32);
  const root = r.take(32);
  const time = r.u32le();
  const bits = r.u32le();
  const nonce = r.u32le();
  r.end();
  return {
    version,
    prevBlock: hexDisplay(prev),
    merkleRoot: hexDisplay(root),
    time,
    bits,
    nonce,
    hash: hexDisplay(hash256(bytes)),
  };
}

/**
 * Parse a serialised `CMerkleBlock` (the hex of `gettxoutproof`). With `auxpow` (Dogecoin), a
 * merged-mined header's CAuxPow is skipped (auxpow.ts). Throws {@link EncodingError}.
 */
export function parseMerkleBlock(
  bytes: Uint8Array,
  field = 'merkleProof',
  auxpow = false
): MerkleBlock {
  const r = new ByteReader(bytes, field);
  const headerBytes = readHeaderMaybeAuxPow(r, auxpow);
  const header = parseBlockHeader(headerBytes, `${field}.header`);
  const nTransactions = r.u32le();
  const nHashes = r.varint(MAX_BLOCK_TXS + 1);
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < nHashes; i++) hashes.push(r.take(32));
  const flags = r.varBytes(Math.ceil((2 * MAX_BLOCK_TXS) / 8) + 1);
  r.end();
  return { header, headerBytes, nTransactions, hashes, flags };
}

/** The target encoded by a header's compact `bits`, or `undefined` if negative / overflowing. */
export function targetOfBits(bits: number): bigint | undefined {
  const exp = bits >>> 24;
  const mant = bits & 0x007fffff;
  if (bits & 0x00800000 && mant !== 0) return undefined; // negative
  const t = exp <= 3 ? BigInt(mant >>> (8 * (3 - exp))) : BigInt(mant) << BigInt(8 * (exp - 3));
  if (t >= 1n << 256n) return undefined;
  return t;
}

/**
 * Proof-of-work function of a chain: `sha256d` (Bitcoin, Bitcoin Cash: the block hash itself),
 * `scrypt` (Litecoin: scrypt(header, header, N = 1024, r = 1, p = 1, 32 bytes), read as a
 * little-endian number), or `unchecked` where Kura has no implementation (Monacoin's Lyra2REv2,
 * Dogecoin's merged-mined AuxPoW headers): the header is then bound only by its hash.
 */
export type PowAlgorithm = 'sha256d' | 'scrypt' | 'unchecked';

/** Does the header meet its own `bits` target under `pow` (default `sha256d`)? */
export function checkProofOfWork(
  header: BlockHeader,
  pow: PowAlgorithm = 'sha256d',
  headerBytes?: Uint8Array
): boolean {
  if (pow === 'unchecked') return true;
  const target = targetOfBits(header.bits);
  if (target === undefined || target === 0n) return false;
  if (pow === 'scrypt') {
    if (headerBytes?.length !== 80) return false;
    const h = scrypt(headerBytes, headerBytes, { N: 1024, r: 1, p: 1, dkLen: 32 });
    return BigInt(`0x${hexDisplay(h)}`) <= target;
  }
  return BigInt(`0x${header.hash}`) <= target;
}

/** Result of {@link verifyMerkleProof}. */
export interface MerkleProofOk {
  /** Block hash of the header (display hex). */
  readonly blockHash: string;
  readonly header: BlockHeader;
  /** Matched txids (display hex) in tree order, with their positions in the block. */
  readonly matches: readonly { readonly txid: string; readonly index: number }[];
}

/** Walk the partial merkle tree; returns the root and matches, or an error string. */
export function extractMatches(
  mb: MerkleBlock
): { root: Uint8Array; matches: { hash: Uint8Array; index: number }[] } | string {
  const n = mb.nTransactions;
  if (n === 0) return 'the proof claims a block with zero transactions';
  if (n > MAX_BLOCK_TXS) return `the proof claims ${n} transactions, more than a block can hold`;
  if (mb.hashes.length > n) return 'more hashes than transactions';
  const nBits = mb.flags.length * 8;
  if (nBits < mb.hashes.length) return 'fewer flag bits than hashes';
  const width = (h: number): number => Math.floor((n + (1 << h) - 1) / (1 << h));
  let height = 0;
  while (width(height) > 1) height++;
  let bitsUsed = 0;
  let hashUsed = 0;
  let bad: string | undefined;
  const matches: { hash: Uint8Array; index: number }[] = [];
  const bit = (i: number): boolean => ((mb.flags[i >> 3]! >> (i & 7)) & 1) === 1;
  const traverse = (h: number, pos: number): Uint8Array => {
    if (bitsUsed >= nBits) {
      bad = 'ran out of flag bits';
      return new Uint8Array(32);
    }
    const parentOfMatch = bit(bitsUsed++);
    if (h === 0 || !parentOfMatch) {
      if (hashUsed >= mb.hashes.length) {
        bad = 'ran out of hashes';
        return new Uint8Array(32);
      }
      const hash = mb.hashes[hashUsed++]!;
      if (h === 0 && parentOfMatch) matches.push({ hash, index: pos });
      return hash;
    }
    const left = traverse(h - 1, pos * 2);
    let right = left;
    if (pos * 2 + 1 < width(h - 1)) {
      right = traverse(h - 1, pos * 2 + 1);
      if (equalBytes(left, right)) bad ??= 'duplicate sibling hashes (CVE-2012-2459)';
    }
    const buf = new Uint8Array(64);
    buf.set(left, 0);
    buf.set(right, 32);
    return hash256(buf);
  };
  const root = traverse(height, 0);
  if (bad) return bad;
  if (Math.floor((bitsUsed + 7) / 8) !== mb.flags.length) return 'not all flag bytes were used';
  // stricter than Core: the padding bits of the last flag byte must be zero (Core writes zeros),
  // so one proof has exactly one serialisation
  for (let i = bitsUsed; i < nBits; i++) if (bit(i)) return 'non-zero padding bits in the flags';
  if (hashUsed !== mb.hashes.length) return 'not all hashes were used';
  return { root, matches };
}

/** Codes of {@link verifyMerkleProof}. */
export type MerkleProofCode = 'E_MERKLE_PROOF';

/**
 * Verify that `txid` (display hex) is in the block `expectedBlockHash` (display hex) using only
 * the `gettxoutproof` bytes: header hash, proof of work, partial merkle tree → header merkle root,
 * and the txid among the matches. Never throws.
 */
export function verifyMerkleProof(
  proof: Uint8Array,
  txid: string,
  expectedBlockHash: string,
  pow: PowAlgorithm = 'sha256d',
  auxpow = false
): VerifyResult<MerkleProofCode, MerkleProofOk> {
  let mb: MerkleBlock;
  try {
    mb = parseMerkleBlock(proof, 'merkleProof', auxpow);
  } catch (e) {
    return fail('E_MERKLE_PROOF', `malformed merkle proof: ${(e as Error).message}`);
  }
  if (mb.header.hash !== expectedBlockHash)
    return fail(
      'E_MERKLE_PROOF',
      `the proof's header is block ${mb.header.hash}, not ${expectedBlockHash}`
    );
  if (!checkProofOfWork(mb.header, pow, mb.headerBytes))
    return fail(
      'E_MERKLE_PROOF',
      `header ${mb.header.hash} does not meet its proof-of-work target`
    );
  const ex = extractMatches(mb);
  if (typeof ex === 'string') return fail('E_MERKLE_PROOF', `invalid partial merkle tree: ${ex}`);
  if (hexDisplay(ex.root) !== mb.header.merkleRoot)
    return fail(
      'E_MERKLE_PROOF',
      'the partial merkle tree does not hash to the header merkle root'
    );
  const matches = ex.matches.map((m) => ({ txid: hexDisplay(m.hash), index: m.index }));
  if (!matches.some((m) => m.txid === txid))
    return fail('E_MERKLE_PROOF', `transaction ${txid} is not among the proof's matches`);
  return { ok: true, blockHash: mb.header.hash, header: mb.header, matches };
}

/** Merkle root of txids given in internal byte order (Bitcoin's duplicate-last-node rule). */
export function merkleRoot(txids: readonly Uint8Array[]): Uint8Array {
  if (txids.length === 0) throw new RangeError('"txids": need at least one');
  let level = txids.slice();
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const l = level[i]!;
      const r = level[i + 1] ?? l;
      const buf = new Uint8Array(64);
      buf.set(l, 0);
      buf.set(r, 32);
      next.push(hash256(buf));
    }
    level = next;
  }
  return level[0]!;
}

/**
 * Build a `CMerkleBlock` proving the transactions at `match` positions (as Core's
 * `TraverseAndBuild`). `header` is the block's 80-byte header; txids in internal byte order.
 */
export function buildMerkleBlock(
  header: Uint8Array,
  txids: readonly Uint8Array[],
  match: ReadonlySet<number>
): Uint8Array {
  const n = txids.length;
  const width = (h: number): number => Math.floor((n + (1 << h) - 1) / (1 << h));
  let height = 0;
  while (width(height) > 1) height++;
  const calc = (h: number, pos: number): Uint8Array => {
    if (h === 0) return txids[pos]!;
    const l = calc(h - 1, pos * 2);
    const r = pos * 2 + 1 < width(h - 1) ? calc(h - 1, pos * 2 + 1) : l;
    const buf = new Uint8Array(64);
    buf.set(l, 0);
    buf.set(r, 32);
    return hash256(buf);
  };
  const bits: boolean[] = [];
  const hashes: Uint8Array[] = [];
  const build = (h: number, pos: number): void => {
    let parent = false;
    for (let p = pos << h; p < (pos + 1) << h && p < n; p++) if (match.has(p)) parent = true;
    bits.push(parent);
    if (h === 0 || !parent) hashes.push(calc(h, pos));
    else {
      build(h - 1, pos * 2);
      if (pos * 2 + 1 < width(h - 1)) build(h - 1, pos * 2 + 1);
    }
  };
  build(height, 0);
  const flags = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) flags[i >> 3]! |= 1 << (i & 7);
  });
  const out: number[] = [...header, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  const varint = (v: number): number[] => (v < 0xfd ? [v] : [0xfd, v & 0xff, v >> 8]);
  out.push(...varint(hashes.length));
  for (const h of hashes) out.push(...h);
  out.push(...varint(flags.length), ...flags);
  return Uint8Array.from(out);
}
