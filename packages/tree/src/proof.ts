/**
 * The inclusion proof (protocol v1 §Inclusion proof; JSON format pinned as `kura-proof/1`).
 * @module
 */
import { bytesToHex, type DocumentError, hexToBytes, validate } from '@kura/codec';
import type { TreeNode } from './inner.js';
import { type Asset, copyAsset, type Round } from './round.js';
import { proofShape } from './shapes.js';

/** The `version` of an inclusion proof. */
export const PROOF_VERSION = 'kura-proof/1';

/** One sibling on the path, as JSON. */
export interface ProofSiblingJson {
  /** 64 lowercase hex. */
  readonly hash: string;
  /** One decimal string per asset. */
  readonly sums: readonly string[];
}

/**
 * An inclusion proof as JSON — what `kura tree proof` prints and a customer checks:
 * the round and asset list, the tree height, the leaf position, the customer's uid, nonce and
 * balances (base units), `height` siblings from level 0 upward, and the root commitment the
 * proof claims.
 */
export interface InclusionProof {
  readonly version: typeof PROOF_VERSION;
  readonly round: Round;
  readonly assets: readonly Asset[];
  readonly height: number;
  readonly position: number;
  readonly uid: string;
  /** 64 lowercase hex. */
  readonly nonce: string;
  readonly balances: readonly string[];
  readonly siblings: readonly ProofSiblingJson[];
  /** 64 lowercase hex. */
  readonly rootCommitment: string;
}

/** A proof after strict parsing (step 1 of verification): bytes and bigints. */
export interface ParsedProof {
  readonly round: Round;
  readonly assets: Asset[];
  readonly height: number;
  readonly position: number;
  readonly uid: string;
  readonly nonce: Uint8Array;
  readonly balances: bigint[];
  readonly siblings: TreeNode[];
  readonly rootCommitment: Uint8Array;
}

/**
 * Parse a proof strictly ({@link proofShape}): exactly the pinned fields; hex of the right
 * length; decimal strings `^(0|[1-9][0-9]*)$`; `k` balances and `k` sums per sibling; height
 * 1 … 32; position a non-negative safe integer. Does NOT check the number of siblings, the
 * position's range or any sum's range (later verification steps with their own codes). Throws
 * a {@link DocumentError} (code BAD_ENCODING) naming the field's JSON path.
 */
export function parseProof(v: unknown): ParsedProof {
  const o = validate(proofShape, v);
  const siblings: TreeNode[] = new Array(o.siblings.length);
  for (let i = 0; i < siblings.length; i++) {
    const s = o.siblings[i]!;
    siblings[i] = { hash: hexToBytes(s.hash), sums: bigints(s.sums) };
  }
  return {
    round: {
      exchange: o.round.exchange,
      period: o.round.period,
      snapshotTime: o.round.snapshotTime,
    },
    assets: o.assets.map(copyAsset),
    height: o.height,
    position: o.position,
    uid: o.uid,
    nonce: hexToBytes(o.nonce),
    balances: bigints(o.balances),
    siblings,
    rootCommitment: hexToBytes(o.rootCommitment),
  };
}

function bigints(a: readonly string[]): bigint[] {
  const out: bigint[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = toBig(a[i]!);
  return out;
}

/** Above this many digits a sum is certainly out of range; it is not converted. */
const MAX_DIGITS = 60;
/** Stands for any out-of-range decimal longer than {@link MAX_DIGITS} digits. */
export const HUGE: bigint = 1n << 256n;

/**
 * A checked decimal string as a bigint (very long strings come back as {@link HUGE} so they
 * cannot cost a giant conversion; range checks are later steps).
 */
export function toBig(s: string): bigint {
  return s.length > MAX_DIGITS ? HUGE : BigInt(s);
}

/** Build the JSON form of a proof (field order as pinned). */
export function formatProof(p: {
  round: Round;
  assets: readonly Asset[];
  height: number;
  position: number;
  uid: string;
  nonce: Uint8Array;
  balances: readonly bigint[];
  siblings: readonly TreeNode[];
  rootCommitment: Uint8Array;
}): InclusionProof {
  return {
    version: PROOF_VERSION,
    round: {
      exchange: p.round.exchange,
      period: p.round.period,
      snapshotTime: p.round.snapshotTime,
    },
    assets: p.assets.map((a) =>
      a.network === undefined
        ? { symbol: a.symbol, decimals: a.decimals }
        : { symbol: a.symbol, decimals: a.decimals, network: a.network }
    ),
    height: p.height,
    position: p.position,
    uid: p.uid.normalize('NFC'),
    nonce: bytesToHex(p.nonce),
    balances: p.balances.map((b) => b.toString()),
    siblings: p.siblings.map((s) => ({ hash: bytesToHex(s.hash), sums: s.sums.map(String) })),
    rootCommitment: bytesToHex(p.rootCommitment),
  };
}
