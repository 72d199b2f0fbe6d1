/**
 * Collecting the Bitcoin part of an evidence file: for each reserve address (listed, or derived
 * from a descriptor over a range) discover its UTXOs at snapshot height H, record per UTXO its
 * transaction's block, height and `gettxoutproof` merkle proof, attach the owner's offline
 * signature over the round's challenge, and check everything before it is written.
 * @module
 */

import {
  type Custody,
  EVIDENCE_VERSION,
  type Evidence,
  type EvidenceEntry,
  type OwnershipType,
} from '@kura/attest';
import { bytesToHex, fail, type VerifyResult } from '@kura/codec';
import { ownershipChallenge, type Round, roundId } from '@kura/tree';
import { Transaction } from 'bitcoinjs-lib';
import { addressOfScript, type DecodedAddress, decodeAddress } from './address.js';
import { type Descriptor, deriveDescriptor } from './descriptor.js';
import { parseBlockHeader } from './merkleblock.js';
import { type BitcoinNetwork, networksOfChain } from './networks.js';
import { type OwnershipCode, verifyOwnership } from './ownership.js';
import { blockTimeIso, type SnapshotCode, verifySnapshotBlock, verifyUtxo } from './snapshot.js';
import { defaultAssetOfChain, expectSourceChain } from './sources/from-options.js';
import type { ChainSource } from './sources/types.js';

/** One reserve address to collect. */
export interface CollectAddress {
  readonly address: string;
  readonly custody: Custody;
  readonly label?: string;
}

/** One descriptor wallet to collect over `range` = [first, last] indexes. */
export interface CollectDescriptor {
  readonly descriptor: Descriptor;
  /** The descriptor text with its checksum, as declared. */
  readonly text: string;
  readonly range: readonly [number, number];
  readonly custody: Custody;
  readonly label?: string;
}

/** An owner's signature over the challenge. */
export interface CollectSignature {
  readonly address: string;
  readonly type: OwnershipType;
  readonly signature: string;
}

/** Options of {@link collectBitcoinEvidence}. */
export interface CollectOptions {
  readonly source: ChainSource;
  readonly round: Round;
  /** Snapshot height H. */
  readonly height: number;
  readonly addresses?: readonly CollectAddress[];
  readonly descriptors?: readonly CollectDescriptor[];
  readonly signatures: readonly CollectSignature[];
  /** The liabilities symbol of the coin (default `BTC`, `LTC`, `BCH`, `DOGE` or `MONA` by chain). */
  readonly asset?: string;
  /**
   * The CAIP-2 chain the reserves are on (default: the source's genesis decides). Needed for
   * Bitcoin Cash, which shares Bitcoin's genesis: the node's fork block is then checked.
   */
  readonly chain?: string;
  /** Reorg guard: the snapshot block needs this many confirmations (default 1). */
  readonly confirmations?: number;
  /** Called after each address (progress). */
  readonly onAddress?: (done: number, total: number) => void;
}

/** A reason the evidence cannot be written. */
export interface CollectProblem {
  readonly address: string;
  readonly code: string;
  readonly message: string;
}

/** The result of {@link collectBitcoinEvidence}. */
export interface CollectResult {
  /** The partial evidence file (Bitcoin entries of one chain). */
  readonly evidence: Evidence;
  /** Empty when every entry verified; otherwise the evidence must not be written. */
  readonly problems: readonly CollectProblem[];
  /** Tip height when collected (discovery sees the UTXO set at the tip). */
  readonly tip: number;
}

/** The address spelling a source expects for a chain (bcoin's regtest writes `rb1…`). */
export function networkForSource(chain: string, sourceKind: string): BitcoinNetwork {
  const nets = networksOfChain(chain);
  if (nets.length === 0) throw new RangeError(`"chain": unknown Bitcoin chain ${chain}`);
  return (
    (sourceKind === 'bcoin' ? nets.find((n) => n.name === 'regtest-bcoin') : undefined) ?? nets[0]!
  );
}

interface Target {
  decoded: DecodedAddress;
  custody: Custody;
  label?: string;
  descriptor?: { text: string; index: number };
  /** Listed explicitly (a signature is required even without UTXOs). */
  explicit: boolean;
}

/** Collect and check the Bitcoin evidence at height `height`. Throws a `SourceError`. */
export async function collectBitcoinEvidence(opts: CollectOptions): Promise<CollectResult> {
  const { source, round, height } = opts;
  const chain = await expectSourceChain(source, opts.chain);
  const net = networkForSource(chain, source.kind);
  const problems: CollectProblem[] = [];
  const blockHash = await source.blockHash(height);
  const header = parseBlockHeader(await source.blockHeader(blockHash));
  const snap = { chain, height, blockHash, time: blockTimeIso(header.time) };
  const sres = await verifySnapshotBlock(source, snap, opts.confirmations ?? 1);
  if (!sres.ok) problems.push({ address: '(snapshot)', code: sres.code, message: sres.message });
  const tip = sres.ok ? sres.tip : await source.tipHeight();

  // targets: explicit addresses, then every descriptor output in range
  const targets = new Map<string, Target>();
  for (const a of opts.addresses ?? []) {
    const d = decodeAddress(a.address, chain);
    if (!d.ok) {
      problems.push({ address: a.address, code: d.code, message: d.message });
      continue;
    }
    const key = bytesToHex(d.scriptPubKey);
    if (targets.has(key)) {
      problems.push({
        address: a.address,
        code: 'E_DUPLICATE_RESERVE',
        message: `${a.address} is listed twice`,
      });
      continue;
    }
    targets.set(key, {
      decoded: d,
      custody: a.custody,
      ...(a.label ? { label: a.label } : {}),
      explicit: true,
    });
  }
  for (const w of opts.descriptors ?? []) {
    const [first, last] = w.descriptor.ranged ? w.range : [0, 0];
    for (let i = first; i <= last; i++) {
      const out = deriveDescriptor(w.descriptor, i);
      const key = bytesToHex(out.scriptPubKey);
      if (targets.has(key)) continue;
      const d = decodeAddress(addressOfScript(out.scriptPubKey, net), chain);
      if (!d.ok) throw new Error(`internal: derived address does not decode: ${d.message}`);
      targets.set(key, {
        decoded: d,
        custody: w.custody,
        ...(w.label ? { label: w.label } : {}),
        descriptor: { text: w.text, index: i },
        explicit: false,
      });
    }
  }
  // signatures by scriptPubKey
  const sigs = new Map<string, CollectSignature>();
  for (const s of opts.signatures) {
    const d = decodeAddress(s.address, chain);
    if (!d.ok) {
      problems.push({ address: s.address, code: d.code, message: `signatures file: ${d.message}` });
      continue;
    }
    const key = bytesToHex(d.scriptPubKey);
    if (sigs.has(key))
      problems.push({
        address: s.address,
        code: 'E_DUPLICATE_RESERVE',
        message: 'two signatures for one address',
      });
    sigs.set(key, s);
  }

  const challenge = ownershipChallenge(round);
  const entries: EvidenceEntry[] = [];
  let done = 0;
  for (const [key, t] of targets) {
    const refs = await source.listUnspent(t.decoded.address, t.decoded.scriptPubKey, height);
    const sig = sigs.get(key);
    if (!t.explicit && refs.length === 0 && !sig) {
      opts.onAddress?.(++done, targets.size);
      continue; // an unused descriptor address
    }
    const utxos: NonNullable<EvidenceEntry['utxos']>[number][] = [];
    for (const r of refs.sort(
      (a, b) => a.height - b.height || (a.txid < b.txid ? -1 : 1) || a.vout - b.vout
    )) {
      const tx = await source.transaction(r.txid, await source.blockHash(r.height));
      if (!tx?.confirmed || tx.blockHash === undefined || tx.height === undefined) continue;
      const out = Transaction.fromBuffer(tx.raw).outs[r.vout];
      if (!out) continue;
      const proof = await source.txOutProof(r.txid, tx.blockHash);
      utxos.push({
        txid: r.txid,
        vout: r.vout,
        value: out.value.toString(),
        scriptPubKey: bytesToHex(out.script),
        height: tx.height,
        blockHash: tx.blockHash,
        merkleProof: bytesToHex(proof),
      });
    }
    const amount = utxos.reduce((s, u) => s + BigInt(u.value), 0n);
    const ownership: EvidenceEntry['ownership'] = sig
      ? {
          type: sig.type,
          signature: sig.signature,
          challenge,
          ...(t.descriptor
            ? { descriptor: t.descriptor.text, derivationIndex: t.descriptor.index }
            : {}),
        }
      : { type: 'bip322-simple', signature: '', challenge };
    const entry: EvidenceEntry = {
      chain,
      address: t.decoded.address,
      custody: t.custody,
      ...(t.label !== undefined ? { label: t.label } : {}),
      scriptPubKey: key,
      balances: [{ asset: opts.asset ?? defaultAssetOfChain(chain), amount: amount.toString() }],
      ownership,
      utxos,
    };
    const check = await checkEntry(source, snap, t.decoded, entry, challenge);
    if (!check.ok)
      problems.push({ address: t.decoded.address, code: check.code, message: check.message });
    entries.push(entry);
    opts.onAddress?.(++done, targets.size);
  }
  for (const [key, s] of sigs)
    if (!targets.has(key))
      problems.push({
        address: s.address,
        code: 'E_UNLISTED',
        message: `a signature for ${s.address}, which is neither listed nor derived`,
      });

  const evidence: Evidence = {
    version: EVIDENCE_VERSION,
    round,
    roundId: bytesToHex(roundId(round)),
    snapshots: [snap],
    entries,
  };
  return { evidence, problems, tip };
}

async function checkEntry(
  source: ChainSource,
  snap: { chain: string; height: number; blockHash: string; time: string },
  addr: DecodedAddress,
  e: EvidenceEntry,
  challenge: string
): Promise<VerifyResult<OwnershipCode | SnapshotCode | string>> {
  if (!e.ownership.signature)
    return fail('E_OWNERSHIP_MISSING', `${e.address} has no signature in the signatures file`);
  const own = verifyOwnership({
    chain: e.chain,
    address: addr,
    ownership: e.ownership,
    challenge,
    utxos: (e.utxos ?? []).map((u) => ({
      txid: u.txid,
      vout: u.vout,
      value: BigInt(u.value),
      scriptPubKey: addr.scriptPubKey,
    })),
  });
  if (!own.ok) return own;
  for (const u of e.utxos ?? []) {
    const r = await verifyUtxo(source, snap, addr.scriptPubKey, u);
    if (!r.ok) return r;
  }
  return { ok: true };
}
