/**
 * The sample check of `kura audit`: fetch the beacon block from the auditor's Bitcoin node,
 * draw the sample (`@kura/audit`, SPEC.md §10.3), look the sampled customers up in the
 * auditor's recomputed tree, and compare each one's proof with the proof the exchange
 * published for them (`proofs/<proofFileId>.json`) — the file the customer will check in their
 * browser must be the one the auditor's tree gives. The sample, with each customer's balances
 * and proof, is what the auditor's balance-confirmation letters are built from.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Attestation } from '@kura/attest';
import {
  beaconSnapshot,
  type ChainSource,
  checkBeacon,
  DEFAULT_BEACON_TIME_SKEW_S,
  sourcesByChain,
} from '@kura/bitcoin';
import { bytesToHex, canonicalize, formatUnits, type JsonValue } from '@kura/codec';
import { readJsonFile } from '@kura/codec/node';
import { PUBLICATION } from '@kura/month';
import {
  deriveRoundKey,
  type InclusionProof,
  type InclusionProofV2,
  type MasterSecret,
  proofFileIdFromKey,
  roundId,
  uidHash,
  verifyProof,
} from '@kura/tree';
import type { TreeStore } from '@kura/tree/node';
import { type AuditCheck, Check } from './check.js';
import {
  type Beacon,
  beaconHeight,
  drawIndexes,
  sampleSeed,
  TAG_DRAW,
  TAG_SEED,
  type UidHashList,
} from './sample.js';

/** One sampled customer. */
export interface SampleDraw {
  /** 1-based draw number. */
  readonly draw: number;
  /** Rank in the sorted uidHash list. */
  readonly index: number;
  readonly uidHash: string;
  readonly uid: string;
  /** Balances in base units, asset-list order. */
  readonly balances: readonly string[];
  /** The same, as decimals of each asset's unit. */
  readonly amounts: Readonly<Record<string, string>>;
  /**
   * The published proof for this customer: identical to the auditor's, missing or different;
   * protocol v2: `on-demand` (served by `kura serve`, none published) or `matches` (a published
   * proof whose leaf and siblings are the auditor's; its range proof carries fresh randomness).
   */
  readonly published: 'identical' | 'missing' | 'differs' | 'on-demand' | 'matches';
  /** The auditor's proof (written to the report directory; a `kura-proof/2` for v2). */
  readonly proof: InclusionProof | InclusionProofV2;
}

/**
 * A protocol v2 tree for the sample (SPEC.md §16): the customers of the rebuilt tree, and the
 * auditor's proof of one of them, checked against the attested root commitment and compared with
 * a published proof (if the exchange published one).
 */
export interface SampleTreeV2 {
  /** Every customer; `balances` may be empty (then the auditor's proof gives them). */
  leaves(): Iterable<{ readonly uid: string; readonly balances: readonly bigint[] }>;
  /** Release the tree (called when the sample is drawn). */
  close?(): void;
  proof(uid: string): {
    readonly proof: InclusionProofV2;
    /** Why the auditor's proof does not verify against the attested root (undefined: it does). */
    readonly invalid?: string;
    /** Why a published proof does not match the auditor's tree (undefined: it does). */
    compare(published: unknown): string | undefined;
  };
}

/** The drawn sample. */
export interface Sample {
  readonly beacon: Beacon;
  readonly seed: string;
  readonly derivation: string;
  /** Customers in the recomputed tree. */
  readonly population: number;
  readonly size: number;
  readonly draws: readonly SampleDraw[];
}

/** Inputs of {@link checkSample}. */
export interface SampleInput {
  readonly att: Attestation;
  /** The auditor's v1 tree store; or, for a v2 attestation, `v2`. */
  readonly store?: TreeStore;
  readonly v2?: SampleTreeV2;
  readonly uidHashes: UidHashList;
  readonly masterSecret: MasterSecret;
  /** The auditor's Bitcoin-family node(s); the beacon is read from the one serving Bitcoin. */
  readonly btc?: ChainSource | readonly ChainSource[];
  readonly depth: number;
  readonly minHeight: number;
  /** Allowed beacon time-stamp skew, seconds (default 7,200). */
  readonly skewSeconds?: number;
  readonly size: number;
  readonly publicationDir: string;
}

/** Draw the sample and compare the published proofs of the sampled customers. */
export async function checkSample(i: SampleInput): Promise<{ check: AuditCheck; sample?: Sample }> {
  const c = new Check('sample', 'Random sample for balance confirmation (public beacon)');
  const { att } = i;
  const snap = beaconSnapshot(att.reserves.snapshots);
  if (!snap) {
    c.error('the attestation has no Bitcoin snapshot block to count the beacon from');
    return { check: c.done('') };
  }
  const sources = i.btc === undefined ? [] : Array.isArray(i.btc) ? i.btc : [i.btc as ChainSource];
  if (sources.length === 0) {
    c.error('the beacon needs a Bitcoin node: give --btc-rpc, --btc-bcoin or --btc-esplora');
    return { check: c.done('') };
  }
  // one node: it must serve the snapshot's chain (checkBeacon says if not); several (one per coin
  // of the family): the one serving the snapshot's chain
  let btc: ChainSource | undefined = sources.length === 1 ? sources[0] : undefined;
  if (!btc) {
    try {
      btc = (await sourcesByChain(sources, [snap.chain])).byChain.get(snap.chain);
    } catch (e) {
      c.error(`the beacon node could not be chosen: ${e instanceof Error ? e.message : String(e)}`);
      return { check: c.done('') };
    }
    if (!btc) {
      c.error(
        `the beacon needs a node of ${snap.chain}: none of the Bitcoin-family nodes given serves it`
      );
      return { check: c.done('') };
    }
  }
  const h = beaconHeight(snap.height, i.depth, i.minHeight);
  const skew = i.skewSeconds ?? DEFAULT_BEACON_TIME_SKEW_S;
  const r = await checkBeacon(btc, {
    issuedAt: att.issuedAt,
    snapshot: snap,
    height: h,
    skewSeconds: skew,
  });
  const b = r.beacon;
  if (b) {
    c.fact('beacon block', `${b.chain} height ${b.height} ${b.blockHash}`);
    c.fact('beacon time', `${b.time}${r.ok ? ` (node tip ${r.tip})` : ''}`);
  }
  c.fact('beacon rule', `block time later than issuedAt ${att.issuedAt} + ${skew} s skew`);
  if (!r.ok) {
    if (r.level === 'fail') c.fail(`${r.code}: ${r.message}`);
    else c.error(`${r.code}: ${r.message}`);
    return { check: c.done('') };
  }
  const beacon: Beacon = {
    chain: r.beacon.chain,
    snapshotHeight: snap.height,
    depth: i.depth,
    height: r.beacon.height,
    blockHash: r.beacon.blockHash,
    time: r.beacon.time,
    issuedAt: att.issuedAt,
    skewSeconds: skew,
  };
  const seed = sampleSeed(
    att.roundId,
    att.liabilities.rootCommitment,
    beacon.height,
    beacon.blockHash
  );
  const N = i.uidHashes.size;
  const idx = drawIndexes(seed, N, i.size);
  const wanted = new Map<string, number>();
  idx.forEach((rank, k) => {
    wanted.set(i.uidHashes.at(rank), k);
  });
  c.fact('seed', bytesToHex(seed));
  c.fact('sample', `${idx.length} of ${N} customers`);

  const found: { uid: string; balances: readonly bigint[] }[] = new Array(idx.length);
  const tree = i.v2 ?? i.store;
  if (!tree) throw new TypeError('checkSample: give store (v1) or v2');
  for (const leaf of tree.leaves()) {
    const k = wanted.get(bytesToHex(uidHash(leaf.uid)));
    if (k !== undefined) found[k] = { uid: leaf.uid, balances: leaf.balances };
  }
  const roundKey = deriveRoundKey(i.masterSecret, roundId(att.round));
  const assets = att.liabilities.assets;
  const draws: SampleDraw[] = [];
  for (const [k, rank] of idx.entries()) {
    const f = found[k];
    if (!f) {
      c.error(`draw ${k + 1}: no customer with uidHash ${i.uidHashes.at(rank)} in the tree`);
      continue;
    }
    if (i.v2) {
      draws.push(drawV2(c, i, i.v2, k, rank, f, roundKey));
      continue;
    }
    const proof = i.store!.proof(f.uid);
    const v = verifyProof(proof, {
      rootCommitment: att.liabilities.rootCommitment,
      round: att.round,
      assets,
    });
    if (!v.ok)
      c.fail(
        `sampled customer ${JSON.stringify(f.uid)}: the auditor's proof does not verify against the attested root (${v.code})`
      );
    const file = join(
      i.publicationDir,
      PUBLICATION.proofsDir,
      `${proofFileIdFromKey(roundKey, uidHash(f.uid))}.json`
    );
    let published: SampleDraw['published'] = 'missing';
    if (existsSync(file)) {
      try {
        const pubProof = readJsonFile(file);
        published =
          canonicalize(pubProof) === canonicalize(proof as unknown as JsonValue)
            ? 'identical'
            : 'differs';
      } catch {
        published = 'differs';
      }
    }
    if (published === 'missing')
      c.fail(`sampled customer ${JSON.stringify(f.uid)} has no published proof`);
    else if (published === 'differs')
      c.fail(
        `sampled customer ${JSON.stringify(f.uid)}: the published proof differs from the auditor's recomputed proof`
      );
    draws.push({
      draw: k + 1,
      index: rank,
      uidHash: i.uidHashes.at(rank),
      uid: f.uid,
      balances: f.balances.map(String),
      amounts: Object.fromEntries(
        assets.map((a, j) => [a.symbol, formatUnits(f.balances[j]!, a.decimals)])
      ),
      published,
      proof,
    });
  }
  c.table(
    'Sampled customers (draw order)',
    ['#', 'uid', ...assets.map((a) => a.symbol), 'published proof'],
    draws.map((d) => [
      String(d.draw),
      d.uid,
      ...assets.map((a) => d.amounts[a.symbol]!),
      d.published,
    ])
  );
  const sample: Sample = {
    beacon,
    seed: bytesToHex(seed),
    derivation: `seed = TH("${TAG_SEED}", roundId ‖ rootCommitment ‖ u32(height) ‖ blockHash); x_j = TH("${TAG_DRAW}", seed ‖ u32(j)) as a 256-bit big-endian integer, rejected if ≥ 2^256 − (2^256 mod N), index = x_j mod N into the ascending list of every customer's uidHash, repeats skipped`,
    population: N,
    size: draws.length,
    draws,
  };
  return {
    check: c.done(
      i.v2
        ? `${draws.length} customers drawn from ${N} with beacon block ${beacon.height}; each one's v2 proof, made from the auditor's tree, verifies against the attested root (published ones match it)`
        : `${draws.length} customers drawn from ${N} with beacon block ${beacon.height}; each one's published proof is the auditor's`
    ),
    sample,
  };
}

/** One v2 draw: the auditor's proof (verified) and the published one, if any (compared). */
function drawV2(
  c: Check,
  i: SampleInput,
  v2: SampleTreeV2,
  k: number,
  rank: number,
  f: { uid: string; balances: readonly bigint[] },
  roundKey: Uint8Array
): SampleDraw {
  const assets = i.att.liabilities.assets;
  const mine = v2.proof(f.uid);
  if (mine.invalid)
    c.fail(
      `sampled customer ${JSON.stringify(f.uid)}: the auditor's v2 proof does not verify against the attested root (${mine.invalid})`
    );
  const file = join(
    i.publicationDir,
    PUBLICATION.proofsDir,
    `${proofFileIdFromKey(roundKey, uidHash(f.uid))}.json`
  );
  let published: SampleDraw['published'] = 'on-demand';
  if (existsSync(file)) {
    let why: string | undefined;
    try {
      why = mine.compare(readJsonFile(file));
    } catch (e) {
      why = `unreadable: ${(e as Error).message}`;
    }
    published = why === undefined ? 'matches' : 'differs';
    if (why !== undefined)
      c.fail(`sampled customer ${JSON.stringify(f.uid)}: the published v2 proof ${why}`);
  }
  const balances = f.balances.length > 0 ? f.balances.map(String) : [...mine.proof.balances];
  return {
    draw: k + 1,
    index: rank,
    uidHash: i.uidHashes.at(rank),
    uid: f.uid,
    balances,
    amounts: Object.fromEntries(
      assets.map((a, j) => [a.symbol, formatUnits(BigInt(balances[j]!), a.decimals)])
    ),
    published,
    proof: mine.proof,
  };
}
