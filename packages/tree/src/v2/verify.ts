/**
 * The one verification of a `kura-proof/2` document (SPEC.md §16.13), shared by the CLI, the web
 * verifier, `kura serve`, `kura audit` and the conformance runner. Total and fail-closed: it
 * returns a result for every input and never throws.
 * @module
 */
import {
  bytesToHex,
  EncodingError,
  equalBytes,
  fail,
  hex,
  hexToBytes,
  KuraError,
  parseJsonBytes,
  parseJsonStrict,
  type VerifyResult,
  validate,
} from '@kura/codec';
import {
  decodeScalar,
  type InclusionV2Code,
  type RangeVerifyOptions,
  VALUE_BOUND,
  verifyInclusionV2,
} from '@kura/confidential';
import { uidHash } from '../leaf.js';
import { parseRound, type Round, roundId } from '../round.js';
import type { ProofVerified } from '../verify.js';
import { type AssetV2, assetSetHashV2, parseAssetsV2, treeValue } from './assets.js';
import { type ParsedProofV2, parseProofV2 } from './proof.js';
import { type ParsedRootV2, parseRootFileV2 } from './rootfile.js';

/**
 * Stable failure codes of {@link verifyProofDocumentV2}, in the order the checks run:
 * `BAD_ENCODING` (not a well-formed `kura-proof/2`, or a malformed root argument / expectation),
 * `VALUE_OUT_OF_RANGE` (level 0: an own balance whose tree value is ≥ 2^64) and
 * `SCALAR_NON_CANONICAL` (level 0: an own leaf blinding ≥ ℓ), `ROUND_MISMATCH`,
 * `ASSET_SET_MISMATCH`, `BAD_LENGTH`, `BAD_POSITION`, `POINT_INVALID` / `POINT_IDENTITY`
 * (with the sibling's level), `SIBLING_EQUALS_CURRENT` (with the level: a duplicated node),
 * `ROOT_OPENING_MISMATCH`, `ROOT_MISMATCH`, then the range proof's
 * codes (`RANGE_PROOF_MALFORMED`, `GENERATORS_MISMATCH`, `RANGE_COUNT_MISMATCH`,
 * `RANGE_PROOF_FORGED` — a negative or oversized sibling is `RANGE_PROOF_FORGED`).
 */
export type ProofV2Code = InclusionV2Code | 'ROUND_MISMATCH' | 'ASSET_SET_MISMATCH';

/** Options of {@link verifyProofDocumentV2}: what the caller knows from the signed attestation. */
export interface ProofV2Options {
  /** The attested round; a proof of another round is `ROUND_MISMATCH`. */
  readonly round?: Round;
  /** The attested v2 asset list; another list is `ASSET_SET_MISMATCH`. */
  readonly assets?: readonly AssetV2[];
  /**
   * The range-proof verification engine (`@kura/confidential`): `'noble'` (default, the
   * reference) or `fastEngine` (the same equations on the package's own arithmetic,
   * cross-checked against noble in its tests; a caller that passes it imports it, so the web
   * page, which does not, never downloads it).
   */
  readonly engine?: RangeVerifyOptions['engine'];
}

/**
 * What a verified v2 proof shows (hex and decimal strings, ready for display): the fields of a
 * verified v1 proof (own balances in base units, as the proof states them), and these.
 */
export interface ProofV2Verified extends ProofVerified {
  readonly protocol: 2;
  /** Own tree values (balances rounded up to tree units): what the leaf commits to. */
  readonly treeValues: readonly string[];
  /** Opened root totals `V_a`, tree units. */
  readonly totals: readonly string[];
  /** The round and v2 asset list of the proof (for display). */
  readonly round: Round;
  readonly assets: readonly AssetV2[];
}

/**
 * The root argument: a `kura-root/2` document (object, already parsed from strict JSON), or the
 * attested root commitment (64 lowercase hex or 32 bytes).
 */
export type RootV2Argument = unknown;

function toFailure(e: unknown, what: string): { ok: false; code: 'BAD_ENCODING'; message: string } {
  const msg = e instanceof KuraError || e instanceof RangeError ? e.message : String(e);
  return { ok: false, code: 'BAD_ENCODING', message: `${what}: ${msg}` };
}

/**
 * Verify a `kura-proof/2` (a parsed value, or its JSON text or bytes, parsed strictly) against the attested root (a `kura-root/2` object, or the root
 * commitment as hex or bytes).
 *
 * 1. Parse the proof strictly (`BAD_ENCODING`), then the root argument and the options
 *    (`BAD_ENCODING` naming the argument).
 * 2. Own values: each balance maps to `⌈balance / 10^(decimals − treeDecimals)⌉`, which must be
 *    `< 2^64` (`VALUE_OUT_OF_RANGE`, level 0); each leaf blinding must be `< ℓ`
 *    (`SCALAR_NON_CANONICAL`, level 0).
 * 3. The proof's round and asset list against the expected ones (options, then the root file):
 *    `ROUND_MISMATCH`, `ASSET_SET_MISMATCH`.
 * 4. The opened totals and root blindings, and the path: {@link verifyInclusionV2} against the
 *    expected root commitment (`BAD_LENGTH`, `BAD_POSITION`, point codes with the level,
 *    `ROOT_OPENING_MISMATCH`, `ROOT_MISMATCH`, range-proof codes).
 * 5. The proof's own `rootCommitment` must equal the expected one (`ROOT_MISMATCH`).
 */
export function verifyProofDocumentV2(
  proofDoc: unknown,
  root: RootV2Argument,
  opts: ProofV2Options = {}
): VerifyResult<ProofV2Code, ProofV2Verified> {
  try {
    return verifyDocument(proofDoc, root, opts);
  } catch (e) {
    return toFailure(e, 'verification aborted');
  }
}

function parseRootArgument(root: unknown): { rc: Uint8Array; file?: ParsedRootV2 } {
  if (root instanceof Uint8Array) {
    if (root.length !== 32) throw new EncodingError('expected 32 bytes', 'rootCommitment');
    return { rc: Uint8Array.from(root) };
  }
  if (typeof root === 'string')
    return { rc: hexToBytes(validate(hex(32), root, { at: ['rootCommitment'] })) };
  const file = parseRootFileV2(root);
  return { rc: file.rootCommitment, file };
}

function verifyDocument(
  proofDoc: unknown,
  root: unknown,
  opts: ProofV2Options
): VerifyResult<ProofV2Code, ProofV2Verified> {
  let p: ParsedProofV2;
  try {
    // JSON text or bytes are parsed strictly first (no duplicate keys, no lossy numbers)
    const doc =
      typeof proofDoc === 'string'
        ? parseJsonStrict(proofDoc)
        : proofDoc instanceof Uint8Array
          ? parseJsonBytes(proofDoc)
          : proofDoc;
    p = parseProofV2(doc);
  } catch (e) {
    return toFailure(e, 'proof');
  }
  let expectedRc: Uint8Array;
  let file: ParsedRootV2 | undefined;
  let expRound: Round | undefined;
  let expAssets: AssetV2[] | undefined;
  try {
    ({ rc: expectedRc, file } = parseRootArgument(root));
    if (opts === null || typeof opts !== 'object')
      throw new EncodingError('expected an object', 'opts');
    if (opts.round !== undefined) expRound = parseRound(opts.round, ['opts', 'round']);
    if (opts.assets !== undefined) expAssets = parseAssetsV2(opts.assets, ['opts', 'assets']);
  } catch (e) {
    return toFailure(e, 'expected values');
  }

  // 2. own values
  const k = p.assets.length;
  const values: bigint[] = [];
  const blindings: bigint[] = [];
  for (let a = 0; a < k; a++) {
    const v = treeValue(p.balances[a]!, p.assets[a]!, `balances[${a}]`);
    if (v >= VALUE_BOUND)
      return fail(
        'VALUE_OUT_OF_RANGE',
        `balance of ${p.assets[a]!.symbol} is ${v} tree units, not < 2^64`,
        0
      );
    values.push(v);
    const r = decodeScalar(p.blindings[a]!);
    if (!r.ok) return fail('SCALAR_NON_CANONICAL', `blindings[${a}]: ${r.message}`, 0);
    blindings.push(r.value);
  }
  const rootBlindings: bigint[] = [];
  for (let a = 0; a < k; a++) {
    const r = decodeScalar(p.rootBlindings[a]!);
    if (!r.ok) return fail('SCALAR_NON_CANONICAL', `rootBlindings[${a}]: ${r.message}`);
    rootBlindings.push(r.value);
  }
  const totals = p.totals;
  for (let a = 0; a < k; a++)
    if (totals[a]! >= VALUE_BOUND)
      return fail('VALUE_OUT_OF_RANGE', `totals[${a}] is not < 2^64 tree units`);

  // 3. round and asset list
  const rid = roundId(p.round);
  const ash = assetSetHashV2(p.assets);
  const wantRid = expRound ? roundId(expRound) : file?.roundId;
  if (wantRid && !equalBytes(wantRid, rid))
    return fail('ROUND_MISMATCH', 'the proof is for another round');
  if (expRound && file && !equalBytes(file.roundId, rid))
    return fail('ROUND_MISMATCH', 'the root file is for another round');
  const wantAsh = expAssets ? assetSetHashV2(expAssets) : file?.assetSetHash;
  if (wantAsh && !equalBytes(wantAsh, ash))
    return fail('ASSET_SET_MISMATCH', 'the proof is for another asset list');
  if (expAssets && file && !equalBytes(file.assetSetHash, ash))
    return fail('ASSET_SET_MISMATCH', 'the root file is for another asset list');

  // 4. the path, the root opening, the root commitment, the range proof
  const uh = uidHash(p.uid);
  const r = verifyInclusionV2(
    {
      roundId: rid,
      assetSetHash: ash,
      height: p.height,
      position: p.position,
      uidHash: uh,
      nonce: p.nonce,
      values,
      blindings,
      siblings: p.siblings,
      rangeProof: p.rangeProof,
      totals: totals.map((value, a) => ({ value, blinding: rootBlindings[a]! })),
      rootCommitment: expectedRc,
    },
    { engine: opts.engine ?? 'noble' }
  );
  if (!r.ok) return r;
  // 5. the proof's own claim
  if (!equalBytes(p.rootCommitment, expectedRc))
    return fail('ROOT_MISMATCH', 'the proof claims another root commitment');

  return {
    ok: true,
    protocol: 2,
    uid: p.uid,
    balances: p.balances.map(String),
    treeValues: values.map(String),
    height: p.height,
    position: p.position,
    roundId: bytesToHex(rid),
    assetSetHash: bytesToHex(ash),
    uidHash: bytesToHex(uh),
    leafHash: bytesToHex(r.leafHash),
    rootHash: bytesToHex(r.rootHash),
    totals: totals.map(String),
    rootCommitment: bytesToHex(expectedRc),
    round: p.round,
    assets: p.assets,
  };
}

/**
 * The protocol a proof or root document claims by its `version` member: `kura-proof/1` and
 * `kura-root/1` are 1, `kura-proof/2` and `kura-root/2` are 2; anything else `undefined`.
 * A reader dispatches on this and then parses strictly with that version's parser.
 */
export function documentProtocol(doc: unknown): 1 | 2 | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const v = (doc as { version?: unknown }).version;
  if (v === 'kura-proof/1' || v === 'kura-root/1') return 1;
  if (v === 'kura-proof/2' || v === 'kura-root/2') return 2;
  return undefined;
}
