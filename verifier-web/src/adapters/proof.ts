/**
 * Adapter to @kura/tree `verifyProof` (protocol v1 §Inclusion proof and its verification).
 *
 * The proof is verified twice, both times by the package:
 * 1. against the root commitment the proof itself claims — this isolates the proof's own
 *    checks (leaf from uid and balances; path to the root) and their level;
 * 2. against the root commitment, round and asset list of the attestation — “root matches the
 *    signed attestation”.
 * The app adds no protocol logic: it maps the package's stable codes onto the customer's checks.
 * @module
 */
import { AMOUNT_RE, type VerifyResult } from '@kura/codec';
import type { Asset, Round } from '@kura/tree';
import type { AssetView, Check, ProofView, RungView } from '../model.ts';
import { verifyProof } from './pending.ts';

/** What the attestation says the proof must match. */
export interface Expected {
  readonly rootCommitment: string;
  readonly round: Round;
  readonly assets: Asset[];
}

export interface ProofOutcome {
  /** The `leaf` and `path` checks. */
  readonly checks: readonly Check[];
  /** The readable parts of the proof for the ladder, if its shape allows drawing it. */
  readonly view?: ProofView;
}

/**
 * Codes that concern the leaf itself. The verifier parses the whole proof before it computes
 * anything (spec step 1), so `BAD_ENCODING` means the leaf could not be recomputed; `SUM_RANGE`
 * at level 0 about the customer's own balances is the leaf's too. Everything else from the
 * path walk belongs to “path recomputes to the root”.
 */
function isLeafFailure(r: { code: string; level?: number; message: string }): boolean {
  if (r.code === 'SUM_RANGE') return (r.level ?? 0) === 0 && !/sibling/i.test(r.message);
  // Fail closed: only codes of the path walk (after the leaf was computed) clear the leaf check.
  return !PATH_CODES.has(r.code);
}
const PATH_CODES = new Set([
  'BAD_LENGTH',
  'BAD_POSITION',
  'SIBLING_EQUALS_CURRENT',
  'ROOT_MISMATCH',
]);

/** Checks 1 and 2: the proof against the root it claims. */
export function checkProofSelf(json: unknown): ProofOutcome {
  const claimed = isObj(json) && typeof json.rootCommitment === 'string' ? json.rootCommitment : '';
  const r = verifyProof(json, { rootCommitment: claimed }) as VerifyResult<
    string,
    { leafHash?: string }
  >;
  const view = readProofView(json, r.ok ? r : undefined);
  if (r.ok)
    return {
      checks: [
        { id: 'leaf', state: 'pass' },
        { id: 'path', state: 'pass' },
      ],
      ...(view ? { view } : {}),
    };
  const failure: Check = {
    id: isLeafFailure(r) ? 'leaf' : 'path',
    state: 'fail',
    code: r.code,
    message: r.message,
    ...(r.level !== undefined ? { level: r.level } : {}),
  };
  const checks: Check[] =
    failure.id === 'leaf'
      ? [failure, { id: 'path', state: 'skip' }]
      : [{ id: 'leaf', state: 'pass' }, failure];
  return { checks, ...(view ? { view } : {}) };
}

/** Check 3: the proof against the attestation's root commitment, round and asset list. */
export function checkProofAgainst(json: unknown, expected: Expected): Check {
  const r = verifyProof(json, expected);
  if (r.ok) return { id: 'root', state: 'pass' };
  return {
    id: 'root',
    state: 'fail',
    code: r.code,
    message: r.message,
    ...(r.level !== undefined ? { level: r.level } : {}),
  };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const HEX64 = /^[0-9a-f]{64}$/;

function amounts(v: unknown, k: number): bigint[] | undefined {
  if (!Array.isArray(v) || v.length !== k) return undefined;
  const out: bigint[] = [];
  for (const x of v) {
    if (typeof x !== 'string' || !AMOUNT_RE.test(x)) return undefined;
    out.push(BigInt(x));
  }
  return out;
}

/**
 * The proof's fields for display. This is not validation (the package did that): a proof whose
 * shape does not allow drawing simply gets no ladder. The side at level l is bit l of position.
 */
function readProofView(
  json: unknown,
  ok: { leafHash?: string; path?: readonly { hash: string; sums: readonly string[] }[] } | undefined
): ProofView | undefined {
  if (!isObj(json) || !isObj(json.round) || !Array.isArray(json.assets)) return undefined;
  const { round } = json;
  const assets: AssetView[] = [];
  for (const a of json.assets) {
    if (!isObj(a) || typeof a.symbol !== 'string' || typeof a.decimals !== 'number')
      return undefined;
    if (!Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 36) return undefined;
    assets.push({ symbol: a.symbol, decimals: a.decimals });
  }
  const height = json.height;
  const position = json.position;
  if (typeof height !== 'number' || !Number.isInteger(height) || height < 1 || height > 32)
    return undefined;
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0)
    return undefined;
  const balances = amounts(json.balances, assets.length);
  if (!balances || !Array.isArray(json.siblings)) return undefined;
  const rungs: RungView[] = [];
  for (let l = 0; l < json.siblings.length && l < height; l++) {
    const sib: unknown = json.siblings[l];
    if (!isObj(sib) || typeof sib.hash !== 'string') return undefined;
    const sums = amounts(sib.sums, assets.length);
    if (!sums) return undefined;
    const parent = ok?.path?.[l + 1];
    const parentSums = parent ? amounts(parent.sums, assets.length) : undefined;
    rungs.push({
      level: l,
      side: (BigInt(position) >> BigInt(l)) & 1n ? 'right' : 'left',
      siblingHash: sib.hash,
      siblingSums: sums,
      ...(parent && HEX64.test(parent.hash) ? { parentHash: parent.hash } : {}),
      ...(parentSums ? { parentSums } : {}),
    });
  }
  return {
    uid: typeof json.uid === 'string' ? json.uid : '',
    exchange: typeof round.exchange === 'string' ? round.exchange : '',
    period: typeof round.period === 'string' ? round.period : '',
    snapshotTime: typeof round.snapshotTime === 'string' ? round.snapshotTime : '',
    assets,
    balances,
    height,
    rungs,
    rootCommitment: typeof json.rootCommitment === 'string' ? json.rootCommitment : '',
    ...(ok?.leafHash ? { leafHash: ok.leafHash } : {}),
  };
}
