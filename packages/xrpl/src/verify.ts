/**
 * `verifyXrplEvidence`: check the XRP Ledger entries of an evidence file against one or two
 * rippled endpoints, re-reading everything at the pinned ledger. Never throws for bad data:
 * each snapshot and entry gets `valid`, `invalid` (with a stable code) or `unchecked` (an
 * endpoint failed: could not check). Entries of other chains are skipped and counted.
 *
 * Per snapshot: the ledger at `height` is validated and its hash is `blockHash`
 * (`XRPL_LEDGER_NOT_VALIDATED`, `XRPL_LEDGER_HASH_MISMATCH`), the server follows the chain's
 * network (`XRPL_NETWORK`). Per entry: the address belongs to the chain's network
 * (`XRPL_ADDRESS`, `XRPL_NETWORK`); the ownership proof signs this round's challenge and passes
 * every `xrpl-tx` check (codes of ./ownership.ts); the balances and `ledgerState` equal those
 * recomputed at the ledger (`XRPL_BALANCE_MISMATCH`, `XRPL_RESERVE_MISMATCH`).
 * @module
 */
import {
  type ChainCheckStatus,
  type ChainEntryResult,
  type ChainSnapshotResult,
  type ChainVerifyReport,
  type Evidence,
  overallStatus,
  parseEvidence,
} from '@kura/attest';
import { bytesToHex, KuraError } from '@kura/codec';
import { ownershipChallenge, roundId } from '@kura/tree';
import { checkXrplAddress, isXrplChain, xrplNetworkId } from './address.js';
import { stateLookup } from './collect.js';
import { entryFigures } from './entry.js';
import { DEFAULT_XRPL_ASSETS, type XrplAsset } from './inputs.js';
import { resolveLedger, type XrplSnapshot } from './ledger.js';
import { verifyOwnership, XRPL_OWNERSHIP_TYPE } from './ownership.js';
import type { XrplClient } from './rpc.js';

/** valid / invalid / could not check. */
export type XrplCheckStatus = ChainCheckStatus;

/** One snapshot's result. */
export type XrplSnapshotReport = ChainSnapshotResult;

/** One entry's result. */
export type XrplEntryReport = ChainEntryResult;

/** The whole report. */
export type XrplVerifyReport = ChainVerifyReport<XrplSnapshotReport, XrplEntryReport>;

/** Options of {@link verifyXrplEvidence}. */
export interface VerifyXrplOptions {
  readonly clients: readonly XrplClient[];
  /** The auditor's asset table per chain (default XRP only). */
  readonly assets?: ReadonlyMap<string, readonly XrplAsset[]>;
  readonly onProgress?: (done: number, total: number) => void;
}

function canon(v: unknown): string {
  return JSON.stringify(v);
}

/** Verify the XRPL entries of an evidence file's JSON value (see the module doc). */
export async function verifyXrplEvidence(
  json: unknown,
  opts: VerifyXrplOptions
): Promise<XrplVerifyReport> {
  if (opts.clients.length < 1 || opts.clients.length > 2)
    throw new RangeError('"clients" must hold one or two endpoints');
  const fileFail = (code: string, message: string): XrplVerifyReport => ({
    status: 'invalid',
    file: { code, message },
    snapshots: [],
    entries: [],
    skipped: 0,
  });
  // the file is read by attest's evidence reader (kura-evidence/1, strict); its rules beyond
  // the shape are checked per entry below, with XRPL codes
  let ev: Evidence;
  try {
    ev = parseEvidence(json);
  } catch (e) {
    if (!(e instanceof KuraError)) throw e;
    return fileFail(e.code, e.message);
  }
  if (ev.roundId !== bytesToHex(roundId(ev.round)))
    return fileFail('EVIDENCE_ROUND_ID', 'roundId is not the hash of the round');
  const challenge = ownershipChallenge(ev.round);
  const snapshots: XrplSnapshotReport[] = [];
  const snaps = new Map<string, XrplSnapshot | null>();
  for (const s of ev.snapshots) {
    if (!isXrplChain(s.chain)) continue;
    const height = s.height;
    const hash = s.blockHash;
    if (snaps.has(s.chain)) return fileFail('EVIDENCE_SNAPSHOT', `two snapshots for ${s.chain}`);
    const base = { chain: s.chain, height, blockHash: hash };
    try {
      const snap = await resolveLedger(
        opts.clients,
        s.chain,
        xrplNetworkId(s.chain)!,
        String(height),
        hash.toUpperCase()
      );
      if (s.time !== snap.time) {
        snapshots.push({
          ...base,
          status: 'invalid',
          code: 'XRPL_SNAPSHOT_TIME',
          message: `the ledger closed at ${snap.time}, the file says ${s.time}`,
        });
        snaps.set(s.chain, null);
      } else {
        snapshots.push({ ...base, status: 'valid' });
        snaps.set(s.chain, snap);
      }
    } catch (e) {
      if (!(e instanceof KuraError)) throw e;
      const could =
        e.code.startsWith('XRPL_RPC_') ||
        e.code === 'XRPL_NETWORK_UNKNOWN' ||
        e.code === 'XRPL_BAD_REPLY';
      snapshots.push({
        ...base,
        status: could ? 'unchecked' : 'invalid',
        code: e.code,
        message: e.message,
      });
      snaps.set(s.chain, null);
    }
  }
  const entries: XrplEntryReport[] = [];
  let skipped = 0;
  const all = ev.entries;
  const mine = all.filter((e) => isXrplChain(e.chain)).length;
  const lookups = new Map<string, ReturnType<typeof stateLookup>>();
  const seen = new Set<string>();
  for (const [index, e] of all.entries()) {
    if (!isXrplChain(e.chain)) {
      skipped++;
      continue;
    }
    const chain = e.chain;
    const address = e.address;
    const r = (status: XrplCheckStatus, code?: string, message?: string): XrplEntryReport => ({
      index,
      chain,
      address,
      status,
      ...(code ? { code } : {}),
      ...(message ? { message } : {}),
    });
    entries.push(
      await (async (): Promise<XrplEntryReport> => {
        const a = checkXrplAddress(chain, e.address);
        if (!a.ok) return r('invalid', a.code, a.message);
        if (a.address !== e.address)
          return r('invalid', 'XRPL_ADDRESS', 'evidence lists classic addresses only');
        if (seen.has(`${chain} ${a.address}`))
          return r('invalid', 'EVIDENCE_DUPLICATE_ADDRESS', `${a.address} listed twice`);
        seen.add(`${chain} ${a.address}`);
        const ow = e.ownership;
        if (ow.type !== XRPL_OWNERSHIP_TYPE)
          return r(
            'invalid',
            'XRPL_BLOB',
            `ownership must be {type: "${XRPL_OWNERSHIP_TYPE}", signature: <hex blob>, challenge}`
          );
        if (ow.challenge !== challenge)
          return r(
            'invalid',
            'XRPL_CHALLENGE',
            "ownership.challenge is not this round's challenge"
          );
        const snap = snaps.get(chain);
        if (snap === undefined)
          return r('invalid', 'EVIDENCE_SNAPSHOT', `no snapshot for ${chain}`);
        if (snap === null)
          return r('unchecked', 'XRPL_SNAPSHOT', 'the snapshot ledger could not be confirmed');
        let lookup = lookups.get(chain);
        if (!lookup) {
          lookup = stateLookup(opts.clients, snap.ledgerHash);
          lookups.set(chain, lookup);
        }
        try {
          const v = await verifyOwnership(
            ow.signature,
            { chain, account: a.address, challenge },
            lookup
          );
          if (!v.ok) return r('invalid', v.code, v.message);
          if (ow.key !== undefined && ow.key !== v.key)
            return r(
              'invalid',
              'XRPL_KEY_NOT_AUTHORIZED',
              `ownership.key says ${String(ow.key)}, the proof is ${v.key}`
            );
          const st = await lookup(a.address);
          if (!st) return r('invalid', 'XRPL_ACCOUNT_NOT_FOUND', 'no such account at the ledger');
          const f = entryFigures(snap, st, opts.assets?.get(chain) ?? DEFAULT_XRPL_ASSETS);
          if (canon(e.balances) !== canon(f.balances))
            return r(
              'invalid',
              'XRPL_BALANCE_MISMATCH',
              `balances ${canon(e.balances)} ≠ at the ledger ${canon(f.balances)}`
            );
          if (canon(e.ledgerState) !== canon(f.ledgerState))
            return r(
              'invalid',
              'XRPL_RESERVE_MISMATCH',
              `ledgerState ≠ at the ledger ${canon(f.ledgerState)}`
            );
          return r('valid');
        } catch (x) {
          if (!(x instanceof KuraError)) throw x;
          return r(
            x.code === 'XRPL_ENDPOINTS_DISAGREE' || x.code.startsWith('XRPL_LEDGER')
              ? 'invalid'
              : 'unchecked',
            x.code,
            x.message
          );
        } finally {
          opts.onProgress?.(entries.length + 1, mine);
        }
      })()
    );
  }
  return {
    status: overallStatus([...snapshots, ...entries].map((p) => p.status)),
    snapshots,
    entries,
    skipped,
  };
}
