/**
 * The auditor's random sample of customers for balance confirmation, seeded by a public beacon
 * the exchange cannot choose: the hash of a Bitcoin block mined after the snapshot. Normative
 * text and a test vector: SPEC.md §10.1 (the beacon rule) and §10.3 (seed and draws).
 *
 * **Beacon.** `H` = the attestation's Bitcoin snapshot height; `K` ≥ 1 (default 6). The beacon
 * is the block of the auditor's own node at height `hB = max(H + K, minHeight)` — the first
 * block at a height ≥ H + K (and ≥ the optional `--beacon-min-height`, which an auditor sets
 * above the chain tip at the time the publication reached them, so the block is certainly mined
 * after the exchange committed to its tree). Its hash, in the usual display (RPC) byte order,
 * is `beaconHash`. The audit refuses the beacon (`@kura/bitcoin` `checkBeacon`) unless the
 * auditor's node is on the snapshot's chain (same genesis, same block at the snapshot height)
 * and the block's own time is later than the attestation's `issuedAt` plus an allowed
 * time-stamp skew (`--beacon-time-skew`, default 7,200 s).
 *
 * **Seed** (TH = the BIP-340 tagged hash of protocol v1, u32 big-endian):
 * ```
 * seed = TH("kura/v1/audit/seed", roundId ‖ rootCommitment ‖ u32(hB) ‖ beaconHash)   (32+32+4+32 bytes)
 * ```
 * **Draws.** `L` = the uidHash (`TH("kura/v1/uid", utf8(uid))`) of every customer of the
 * auditor's recomputed tree, sorted ascending as bytes; `N = |L|`; `n = min(sampleSize, N)`.
 * For j = 0, 1, 2, …:
 * ```
 * x_j = TH("kura/v1/audit/draw", seed ‖ u32(j))  as a 256-bit big-endian integer
 * ```
 * `x_j` is rejected when `x_j ≥ 2^256 − (2^256 mod N)` (so `x_j mod N` is uniform), otherwise
 * `i = x_j mod N` is drawn unless already drawn; stop at n distinct indexes. The sample is
 * `L[i]` in draw order. Anyone holding the uid list (the exchange, a second auditor, a
 * regulator) recomputes it from the published beacon.
 * @module
 */
import { bytesToHex, concatBytes, hexToBytes, taggedHash, u32 } from '@kura/codec';

/** Tag of the seed. */
export const TAG_SEED = 'kura/v1/audit/seed';
/** Tag of a draw. */
export const TAG_DRAW = 'kura/v1/audit/draw';
/** Default K: blocks after the snapshot height. */
export const DEFAULT_BEACON_DEPTH = 6;
/** Default sample size (zero exceptions in 60 draws: ≥ 95% confidence the rate is < 5%). */
export const DEFAULT_SAMPLE_SIZE = 60;

/** The public beacon. */
export interface Beacon {
  readonly chain: string;
  /** The attestation's Bitcoin snapshot height H. */
  readonly snapshotHeight: number;
  /** K. */
  readonly depth: number;
  /** hB = max(H + K, minHeight). */
  readonly height: number;
  /** Block hash at hB, display byte order, lowercase hex. */
  readonly blockHash: string;
  /** The block's header time (RFC 3339). */
  readonly time: string;
  /** The attestation's issuedAt: the beacon block's time must be later than it + skew. */
  readonly issuedAt: string;
  /** Allowed time-stamp skew of the beacon block, seconds (`--beacon-time-skew`). */
  readonly skewSeconds: number;
}

/** The height of the beacon block. */
export function beaconHeight(snapshotHeight: number, depth: number, minHeight = 0): number {
  if (!Number.isSafeInteger(depth) || depth < 1) throw new RangeError('depth: expected K ≥ 1');
  return Math.max(snapshotHeight + depth, minHeight);
}

/** `seed = TH("kura/v1/audit/seed", roundId ‖ rootCommitment ‖ u32(hB) ‖ beaconHash)`. */
export function sampleSeed(
  roundIdHex: string,
  rootCommitmentHex: string,
  height: number,
  blockHashHex: string
): Uint8Array {
  return taggedHash(
    TAG_SEED,
    concatBytes(
      hexToBytes(roundIdHex, 32, 'roundId'),
      hexToBytes(rootCommitmentHex, 32, 'rootCommitment'),
      u32(height),
      hexToBytes(blockHashHex, 32, 'blockHash')
    )
  );
}

const TWO_256 = 1n << 256n;

/** The first `n` distinct indexes in [0, N) drawn from `seed` (see the module doc). */
export function drawIndexes(seed: Uint8Array, N: number, n: number): number[] {
  if (!Number.isSafeInteger(N) || N < 0) throw new RangeError('N: expected a count');
  const want = Math.min(n, N);
  const bigN = BigInt(N);
  const limit = TWO_256 - (TWO_256 % (bigN === 0n ? 1n : bigN));
  const out: number[] = [];
  const seen = new Set<number>();
  for (let j = 0; out.length < want; j++) {
    const x = BigInt(`0x${bytesToHex(taggedHash(TAG_DRAW, concatBytes(seed, u32(j))))}`);
    if (x >= limit) continue;
    const i = Number(x % bigN);
    if (seen.has(i)) continue;
    seen.add(i);
    out.push(i);
  }
  return out;
}

/**
 * A list of 32-byte uidHashes, filled one by one and then sorted in place (a typed-array index
 * sort: 32 bytes per customer, no per-customer objects).
 */
export class UidHashList {
  private readonly buf: Uint8Array;
  private count = 0;
  private order: Uint32Array | undefined;
  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity * 32);
  }
  get size(): number {
    return this.count;
  }
  push(h: Uint8Array): void {
    this.buf.set(h, this.count * 32);
    this.count++;
    this.order = undefined;
  }
  /** Sort ascending by bytes. */
  sort(): void {
    const b = this.buf;
    const head = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const o = i * 32;
      head[i] = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    }
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    order.sort((x, y) => {
      if (head[x] !== head[y]) return head[x]! < head[y]! ? -1 : 1;
      for (let t = 4; t < 32; t++) {
        const d = b[x * 32 + t]! - b[y * 32 + t]!;
        if (d !== 0) return d;
      }
      return 0;
    });
    this.order = order;
  }
  /** The `rank`-th smallest uidHash (after {@link sort}), hex. */
  at(rank: number): string {
    if (!this.order) throw new Error('sort() first');
    const i = this.order[rank]!;
    return bytesToHex(this.buf.subarray(i * 32, i * 32 + 32));
  }
}
