/**
 * The v2 inclusion proof `kura-proof/2` (SPEC.md §16.12): the customer's own uid, balances,
 * nonce and leaf blindings; every sibling's hash and per-asset commitments (never a sibling's
 * amount); the opened root totals with their root blindings; one aggregated range proof over
 * the siblings; and the root commitment it claims.
 * @module
 */
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes, validate } from '@kura/codec';
import { encodeScalar, type SiblingV2 } from '@kura/confidential';
import { toBig } from '../proof.js';
import { parseRound, type Round } from '../round.js';
import { type AssetV2, parseAssetsV2 } from './assets.js';
import { proofV2Shape } from './shapes.js';

/** The `version` of a v2 inclusion proof. */
export const PROOF_VERSION_V2 = 'kura-proof/2';

/** One sibling as JSON: hash in hex, one base64 commitment per asset. */
export interface ProofSiblingJsonV2 {
  readonly hash: string;
  readonly commitments: readonly string[];
}

/** A `kura-proof/2` document (member order as pinned). */
export interface InclusionProofV2 {
  readonly version: typeof PROOF_VERSION_V2;
  readonly round: Round;
  readonly assets: readonly AssetV2[];
  readonly height: number;
  readonly position: number;
  readonly uid: string;
  /** 64 lowercase hex. */
  readonly nonce: string;
  /** The customer's balances in base units (decimal strings). */
  readonly balances: readonly string[];
  /** The customer's leaf blindings, 32-byte little-endian scalars in base64. */
  readonly blindings: readonly string[];
  readonly siblings: readonly ProofSiblingJsonV2[];
  /** Opened root totals `V_a` in tree units (decimal strings). */
  readonly totals: readonly string[];
  /** Root blindings `R_a`, base64 scalars. */
  readonly rootBlindings: readonly string[];
  /** The aggregated range proof over the siblings' commitments, base64. */
  readonly rangeProof: string;
  /** 64 lowercase hex. */
  readonly rootCommitment: string;
}

/** A v2 proof after strict parsing: bytes and bigints; scalars and points not yet decoded. */
export interface ParsedProofV2 {
  readonly round: Round;
  readonly assets: AssetV2[];
  readonly height: number;
  readonly position: number;
  readonly uid: string;
  readonly nonce: Uint8Array;
  readonly balances: bigint[];
  readonly blindings: Uint8Array[];
  readonly siblings: SiblingV2[];
  readonly totals: bigint[];
  readonly rootBlindings: Uint8Array[];
  readonly rangeProof: Uint8Array;
  readonly rootCommitment: Uint8Array;
}

/**
 * Parse a `kura-proof/2` strictly ({@link proofV2Shape}: closed objects at every depth,
 * lowercase hex, canonical base64 of exactly 32 bytes for every scalar and commitment, decimal
 * strings, `k` entries per per-asset array, height 1 … 32, position a non-negative safe
 * integer). Does NOT check the number of siblings against the height, the position's range,
 * scalar canonicity or point validity: later steps of {@link verifyProofDocumentV2} report those
 * with their own codes. Throws a {@link DocumentError} naming the JSON path.
 */
export function parseProofV2(v: unknown): ParsedProofV2 {
  const o = validate(proofV2Shape, v);
  const b64s = (a: readonly string[], ...at: (string | number)[]): Uint8Array[] =>
    a.map((x, i) => base64ToBytes(x, [...at, i].join('.')));
  return {
    round: parseRound(o.round),
    assets: parseAssetsV2(o.assets),
    height: o.height,
    position: o.position,
    uid: o.uid,
    nonce: hexToBytes(o.nonce),
    balances: o.balances.map(toBig),
    blindings: b64s(o.blindings, 'blindings'),
    siblings: o.siblings.map((s, i) => ({
      hash: hexToBytes(s.hash),
      commitments: b64s(s.commitments, 'siblings', i, 'commitments'),
    })),
    totals: o.totals.map(toBig),
    rootBlindings: b64s(o.rootBlindings, 'rootBlindings'),
    rangeProof: base64ToBytes(o.rangeProof, 'rangeProof'),
    rootCommitment: hexToBytes(o.rootCommitment),
  };
}

/** Copy of an asset with members in the pinned order. */
export function cleanAssetV2(a: AssetV2): AssetV2 {
  return a.network === undefined
    ? { symbol: a.symbol, decimals: a.decimals, treeDecimals: a.treeDecimals }
    : { symbol: a.symbol, decimals: a.decimals, treeDecimals: a.treeDecimals, network: a.network };
}

/** Build the JSON form of a v2 proof (member order as pinned). */
export function formatProofV2(p: {
  round: Round;
  assets: readonly AssetV2[];
  height: number;
  position: number;
  uid: string;
  nonce: Uint8Array;
  balances: readonly bigint[];
  blindings: readonly bigint[];
  siblings: readonly SiblingV2[];
  totals: readonly bigint[];
  rootBlindings: readonly bigint[];
  rangeProof: Uint8Array;
  rootCommitment: Uint8Array;
}): InclusionProofV2 {
  return {
    version: PROOF_VERSION_V2,
    round: {
      exchange: p.round.exchange,
      period: p.round.period,
      snapshotTime: p.round.snapshotTime,
    },
    assets: p.assets.map(cleanAssetV2),
    height: p.height,
    position: p.position,
    uid: p.uid.normalize('NFC'),
    nonce: bytesToHex(p.nonce),
    balances: p.balances.map(String),
    blindings: p.blindings.map(scalarB64),
    siblings: p.siblings.map((s) => ({
      hash: bytesToHex(s.hash),
      commitments: s.commitments.map(bytesToBase64),
    })),
    totals: p.totals.map(String),
    rootBlindings: p.rootBlindings.map(scalarB64),
    rangeProof: bytesToBase64(p.rangeProof),
    rootCommitment: bytesToHex(p.rootCommitment),
  };
}

/** A scalar as base64 of its 32-byte little-endian encoding. */
export function scalarB64(s: bigint): string {
  return bytesToBase64(encodeScalar(s));
}
