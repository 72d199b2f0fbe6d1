/**
 * `collectXrplEvidence`: the XRP Ledger part of a reserves evidence file (`kura-evidence/1`):
 * for every reserve account its XRP (spendable, reserve shown apart) and issued-currency balances
 * at one validated ledger pinned by index and hash, and its `xrpl-tx` ownership proof — checked
 * before anything is returned. Every endpoint must report the same ledger and the same state.
 * Throws a {@link KuraError} on any problem (the caller writes nothing).
 * @module
 */
import {
  EVIDENCE_VERSION,
  type Evidence,
  type EvidenceEntry,
  liabilityAssetMismatch,
} from '@kura/attest';
import { answerKey, bytesToHex, crossCheck, KuraError } from '@kura/codec';
import { type Asset, ownershipChallenge, type Round, roundId } from '@kura/tree';
import { xrplNetworkId } from './address.js';
import { entryFigures } from './entry.js';
import {
  DEFAULT_XRPL_ASSETS,
  type XrplAddressRow,
  type XrplAsset,
  type XrplSignatureRow,
} from './inputs.js';
import { type AccountState, readAccount, resolveLedger, type XrplSnapshot } from './ledger.js';
import { verifyOwnership, XRPL_OWNERSHIP_TYPE } from './ownership.js';
import type { XrplClient } from './rpc.js';

/** A collection problem that is not an RPC failure (the code says which). */
export class XrplCollectError extends KuraError {}

/** Options of {@link collectXrplEvidence}. */
export interface XrplCollectOptions {
  /** One endpoint, or two to cross-check. */
  readonly clients: readonly XrplClient[];
  /** `xrpl:0` mainnet, `xrpl:1` testnet, … */
  readonly chain: string;
  readonly round: Round;
  /** Ledger index (decimal) or 64-hex ledger hash; must be validated. */
  readonly ledger: string;
  readonly addresses: readonly XrplAddressRow[];
  readonly signatures: readonly XrplSignatureRow[];
  /** This chain's assets (default: XRP only). */
  readonly assets?: readonly XrplAsset[];
  /** The liabilities asset list: every symbol must be in it, with the same decimals. */
  readonly liabilityAssets?: readonly Asset[];
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link collectXrplEvidence} returns. */
export interface XrplCollectResult {
  readonly evidence: Evidence;
  readonly snapshot: XrplSnapshot;
}

/** Stringify a state for comparison between endpoints. */
export function stateKey(s: AccountState | null): string {
  return answerKey(s);
}

/** A lookup of account states at the ledger on every endpoint (they must agree), cached. */
export function stateLookup(
  clients: readonly XrplClient[],
  hash: string
): (a: string) => Promise<AccountState | null> {
  const cache = new Map<string, Promise<AccountState | null>>();
  return (a) => {
    let p = cache.get(a);
    if (!p) {
      p = crossCheck(
        clients,
        (c) => readAccount(c, a, hash),
        (d) =>
          new XrplCollectError(
            'XRPL_ENDPOINTS_DISAGREE',
            `${d.a.endpoint} and ${d.b.endpoint} report different state for ${a} at ledger ${hash}`
          )
      );
      cache.set(a, p);
    }
    return p;
  };
}

/** Collect the evidence (see the module doc). */
export async function collectXrplEvidence(opts: XrplCollectOptions): Promise<XrplCollectResult> {
  const { clients, chain, round } = opts;
  if (clients.length < 1 || clients.length > 2)
    throw new RangeError('"clients" must hold one or two endpoints');
  const nid = xrplNetworkId(chain);
  if (nid === null) throw new RangeError(`"chain": ${chain} is not xrpl:<network_id>`);
  const assets = opts.assets ?? DEFAULT_XRPL_ASSETS;
  if (opts.liabilityAssets) {
    const m = liabilityAssetMismatch(assets, opts.liabilityAssets, chain);
    if (m) throw new XrplCollectError(m.code, m.message);
  }
  const sigs = new Map(opts.signatures.map((s) => [s.address, s]));
  const listed = new Set(opts.addresses.map((a) => a.address));
  const stray = opts.signatures.filter((s) => !listed.has(s.address));
  if (stray.length)
    throw new XrplCollectError(
      'SIGNATURE_WITHOUT_ADDRESS',
      `signatures for accounts not in the address list: ${stray.map((s) => `line ${s.line} ${s.address}`).join('; ')}`
    );
  const missing = opts.addresses.filter((a) => !sigs.has(a.address));
  if (missing.length)
    throw new XrplCollectError(
      'OWNERSHIP_MISSING',
      `no ownership proof for ${missing.length} account(s): ${missing.map((a) => a.address).join('; ')}`
    );

  const snap = await resolveLedger(clients, chain, nid, opts.ledger);
  const lookup = stateLookup(clients, snap.ledgerHash);
  const challenge = ownershipChallenge(round);
  const entries: EvidenceEntry[] = [];
  const bad: string[] = [];
  let done = 0;
  for (const a of opts.addresses) {
    const s = sigs.get(a.address)!;
    const st = await lookup(a.address);
    if (!st)
      throw new XrplCollectError(
        'XRPL_ACCOUNT_NOT_FOUND',
        `${a.address} does not exist at ledger ${snap.ledgerIndex} ${snap.ledgerHash}`
      );
    const v = await verifyOwnership(s.signature, { chain, account: a.address, challenge }, lookup);
    if (!v.ok) {
      bad.push(`${a.address} (signatures line ${s.line}): ${v.code}: ${v.message}`);
      continue;
    }
    const f = entryFigures(snap, st, assets);
    entries.push({
      chain,
      address: a.address,
      custody: a.custody,
      ...(a.label === undefined ? {} : { label: a.label }),
      balances: f.balances,
      ownership: {
        type: XRPL_OWNERSHIP_TYPE,
        signature: s.signature,
        challenge,
        key: v.key,
      } as unknown as EvidenceEntry['ownership'],
      ledgerState: f.ledgerState,
    } as EvidenceEntry);
    opts.onProgress?.(++done, opts.addresses.length);
  }
  if (bad.length)
    throw new XrplCollectError(
      'OWNERSHIP_INVALID',
      `${bad.length} ownership proof(s) failed: ${bad.slice(0, 5).join('; ')}`
    );
  const evidence: Evidence = {
    version: EVIDENCE_VERSION,
    round,
    roundId: bytesToHex(roundId(round)),
    snapshots: [
      {
        chain,
        height: snap.ledgerIndex,
        blockHash: snap.ledgerHash.toLowerCase(),
        time: snap.time,
      },
    ],
    entries,
  };
  return { evidence, snapshot: snap };
}
