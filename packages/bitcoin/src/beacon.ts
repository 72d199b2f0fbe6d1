/**
 * The audit beacon rule: a Bitcoin block whose hash seeds the auditor's customer sample must be
 * one the exchange could not know when it issued the attestation, read from a node on the chain
 * the attestation names.
 *
 * Given the attestation's `issuedAt` and its Bitcoin snapshot (chain, height, block hash), the
 * beacon block at height `hB` of the auditor's node passes when, in order:
 * 1. the node serves the snapshot's CAIP-2 chain (its genesis, and for chains sharing a genesis
 *    its block at the fork height: a Bitcoin Cash node is not a Bitcoin node) — else
 *    `BEACON_WRONG_CHAIN`;
 * 2. the node's block at the snapshot height is the snapshot block — else
 *    `BEACON_SNAPSHOT_MISMATCH` (the node follows another chain with the same genesis: another
 *    regtest, a fork, a chain the exchange built);
 * 3. `hB` > snapshot height and the block is mined (`BEACON_NOT_MINED`, level `error`: wait; a
 *    node below the snapshot height is `BEACON_NODE_BEHIND`, also `error`);
 * 4. the block's own header time is later than `issuedAt + skew` — else
 *    `BEACON_NOT_AFTER_ISSUE`. `skew` (default {@link DEFAULT_BEACON_TIME_SKEW_S} = 7,200 s) is
 *    how far a block's time stamp may run ahead of the clock (Bitcoin's consensus limit is two
 *    hours), so a block stamped less than `skew` after issuance may have been mined before it.
 *
 * Failures 1, 2 and 4 are verdicts against the evidence (`level: 'fail'`); node trouble and a
 * beacon not mined yet are `level: 'error'` (could not check). Throws only `RangeError` for bad
 * arguments.
 * @module
 */

import { parseBlockHeader } from './merkleblock.js';
import { chainOfSource, networksOfChain } from './networks.js';
import { blockTimeIso } from './snapshot.js';
import type { ChainSource } from './sources/types.js';

/** Default allowed time-stamp skew of the beacon block, seconds (Bitcoin's 2-hour limit). */
export const DEFAULT_BEACON_TIME_SKEW_S = 7200;

/** Rejection codes of {@link checkBeacon}. */
export type BeaconCode =
  | 'BEACON_WRONG_CHAIN'
  | 'BEACON_SNAPSHOT_MISMATCH'
  | 'BEACON_NOT_AFTER_ISSUE'
  | 'BEACON_NOT_MINED'
  | 'BEACON_NODE_BEHIND'
  | 'BEACON_SOURCE';

/** The beacon block as recorded in the sample. */
export interface BeaconBlock {
  /** CAIP-2 chain id of the auditor's node (from its genesis block). */
  readonly chain: string;
  readonly height: number;
  /** Display byte order, lowercase hex. */
  readonly blockHash: string;
  /** The block header's time, RFC 3339 UTC. */
  readonly time: string;
}

/** What {@link checkBeacon} needs. */
export interface BeaconInput {
  /** The attestation's `issuedAt` (RFC 3339). */
  readonly issuedAt: string;
  /** The attestation's Bitcoin snapshot. */
  readonly snapshot: {
    readonly chain: string;
    readonly height: number;
    readonly blockHash: string;
  };
  /** Height of the beacon block. */
  readonly height: number;
  /** Allowed time-stamp skew, seconds (default {@link DEFAULT_BEACON_TIME_SKEW_S}). */
  readonly skewSeconds?: number;
}

/** Result of {@link checkBeacon}. */
export type BeaconResult =
  | { readonly ok: true; readonly beacon: BeaconBlock; readonly tip: number }
  | {
      readonly ok: false;
      readonly code: BeaconCode;
      readonly level: 'fail' | 'error';
      readonly message: string;
      /** The beacon block, when it was read before the rule failed. */
      readonly beacon?: BeaconBlock;
    };

const fail = (code: BeaconCode, message: string, beacon?: BeaconBlock): BeaconResult => ({
  ok: false,
  code,
  level:
    code === 'BEACON_NOT_MINED' || code === 'BEACON_NODE_BEHIND' || code === 'BEACON_SOURCE'
      ? 'error'
      : 'fail',
  message,
  ...(beacon ? { beacon } : {}),
});

/**
 * The snapshot the beacon is counted from: the attestation's Bitcoin snapshot (a `bip122` chain
 * whose coin is BTC: mainnet, testnet, signet, regtest) when there is exactly one; else, when the
 * attestation holds a single `bip122` snapshot, that one (a Bitcoin-family coin on its own).
 * Undefined when there is none or it is ambiguous — another coin of the family (LTC, BCH, …)
 * never stands in for Bitcoin beside it.
 */
export function beaconSnapshot<S extends { readonly chain: string }>(
  snapshots: readonly S[]
): S | undefined {
  const family = snapshots.filter((s) => s.chain.startsWith('bip122:'));
  const btc = family.filter((s) => networksOfChain(s.chain)[0]?.coin === 'btc');
  if (btc.length === 1) return btc[0];
  return btc.length === 0 && family.length === 1 ? family[0] : undefined;
}

/** Apply the beacon rule (module doc) against the auditor's node. */
export async function checkBeacon(source: ChainSource, i: BeaconInput): Promise<BeaconResult> {
  const skew = i.skewSeconds ?? DEFAULT_BEACON_TIME_SKEW_S;
  if (!Number.isSafeInteger(skew) || skew < 0)
    throw new RangeError('skewSeconds: expected a whole number of seconds ≥ 0');
  const issued = Date.parse(i.issuedAt);
  if (Number.isNaN(issued)) throw new RangeError('issuedAt: expected an RFC 3339 time');
  const snap = i.snapshot;
  try {
    const chain = await chainOfSource(source, snap.chain);
    if (chain !== snap.chain)
      return fail(
        'BEACON_WRONG_CHAIN',
        `the auditor's Bitcoin node is on ${chain}, the attestation's snapshot is on ${snap.chain}`
      );
    const tip = await source.tipHeight();
    if (tip < snap.height)
      return fail(
        'BEACON_NODE_BEHIND',
        `the auditor's Bitcoin node is at height ${tip}, below the snapshot height ${snap.height}: let it sync`
      );
    const atSnapshot = await source.blockHash(snap.height);
    if (atSnapshot !== snap.blockHash)
      return fail(
        'BEACON_SNAPSHOT_MISMATCH',
        `the auditor's Bitcoin node has block ${atSnapshot} at the snapshot height ${snap.height}, the attestation names ${snap.blockHash}: another chain`
      );
    if (i.height <= snap.height)
      throw new RangeError('height: the beacon must be above the snapshot height');
    if (tip < i.height)
      return fail(
        'BEACON_NOT_MINED',
        `the beacon block ${i.height} is not mined yet (the node's tip is ${tip}): run the audit again once it is`
      );
    const blockHash = await source.blockHash(i.height);
    const header = parseBlockHeader(await source.blockHeader(blockHash));
    const beacon: BeaconBlock = {
      chain,
      height: i.height,
      blockHash,
      time: blockTimeIso(header.time),
    };
    if (header.time * 1000 <= issued + skew * 1000)
      return fail(
        'BEACON_NOT_AFTER_ISSUE',
        `the beacon block ${i.height} is stamped ${beacon.time}, not later than the attestation's issuedAt ${i.issuedAt} + ${skew} s allowed skew: the exchange may have known it when it fixed its tree — give a beacon height above the chain tip at the time the publication reached you`,
        beacon
      );
    return { ok: true, beacon, tip };
  } catch (e) {
    if (e instanceof RangeError) throw e;
    return fail('BEACON_SOURCE', `the beacon could not be read: ${(e as Error).message}`);
  }
}
