/**
 * The inclusion proof (protocol v1 §Inclusion proof; JSON format pinned as `kura-proof/1`).
 * @module
 */
import { bytesToHex, EncodingError } from '@kura/codec';
import type { TreeNode } from './inner.js';
import { MAX_HEIGHT } from './inner.js';
import { checkUid } from './leaf.js';
import { type Asset, parseAssets, parseRound, type Round } from './round.js';
import { decimals, exactObject, hex32, intIn } from './strict.js';

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

const PROOF_KEYS = [
  'version',
  'round',
  'assets',
  'height',
  'position',
  'uid',
  'nonce',
  'balances',
  'siblings',
  'rootCommitment',
] as const;

/**
 * Parse a proof strictly: exactly the pinned fields; hex of the right length; decimal strings
 * `^(0|[1-9][0-9]*)$`; `k` balances and `k` sums per sibling; height 1 … 32; position a
 * non-negative safe integer. Does NOT check the number of siblings, the position's range or
 * any sum's range (later verification steps with their own codes). Throws
 * {@link EncodingError} naming the field.
 */
export function parseProof(v: unknown): ParsedProof {
  const o = exactObject(v, PROOF_KEYS, 'proof');
  if (o.version !== PROOF_VERSION)
    throw new EncodingError(`expected "${PROOF_VERSION}"`, 'proof.version');
  const round = parseRound(o.round, 'proof.round');
  const assets = parseAssets(o.assets, 'proof.assets');
  const k = assets.length;
  const height = intIn(o.height, 1, MAX_HEIGHT, 'proof.height');
  const position = intIn(o.position, 0, Number.MAX_SAFE_INTEGER, 'proof.position');
  const uid = checkUid(o.uid, 'proof.uid');
  const nonce = hex32(o.nonce, 'proof.nonce');
  const balances = decimals(o.balances, k, 'proof.balances');
  if (!Array.isArray(o.siblings)) throw new EncodingError('expected an array', 'proof.siblings');
  const siblings: TreeNode[] = [];
  for (let i = 0; i < o.siblings.length; i++) {
    // the checks of exactObject/hex32/decimals, with the field names (strings) built only when
    // one fails: this loop runs `height` times for every proof a verifier checks
    const s = o.siblings[i] as Record<string, unknown>;
    if (!isSiblingShape(s)) exactObject(s, ['hash', 'sums'], `proof.siblings[${i}]`); // throws
    let node: TreeNode;
    try {
      node = { hash: hex32(s.hash, ''), sums: decimals(s.sums, k, '') };
    } catch {
      const f = `proof.siblings[${i}]`;
      node = { hash: hex32(s.hash, `${f}.hash`), sums: decimals(s.sums, k, `${f}.sums`) }; // throws
    }
    siblings.push(node);
  }
  const rootCommitment = hex32(o.rootCommitment, 'proof.rootCommitment');
  return { round, assets, height, position, uid, nonce, balances, siblings, rootCommitment };
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

/** Exactly the own enumerable members `hash` and `sums` (what `exactObject` would accept). */
function isSiblingShape(s: unknown): boolean {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
  const ks = Object.keys(s);
  return (
    ks.length === 2 &&
    ((ks[0] === 'hash' && ks[1] === 'sums') || (ks[0] === 'sums' && ks[1] === 'hash'))
  );
}
