/**
 * The shapes of the protocol-v2 tree documents, declared once (SPEC.md §16.12): the v2 asset
 * list, the inclusion proof `kura-proof/2` and the root file `kura-root/2`. The readers
 * (`parseAssetsV2`, `parseProofV2`, `parseRootFileV2`) check with these;
 * circuits-free-spec/test/agreement.test.ts proves each agrees with its published JSON Schema
 * (`assets-v2`, `proof-v2`, `root-v2`).
 *
 * Byte strings too long for hex are standard base64 (RFC 4648 §4, padded, canonical): a 32-byte
 * scalar or group element is 44 characters whose last data character leaves the unused bits
 * zero; the range proof is any canonical base64 up to its largest length.
 * @module
 */
import { amount, arr, hex, type Infer, int, literal, obj, oneOf, refine, str } from '@kura/codec';
import { MAX_AGGREGATION, MAX_HEIGHT_V2, rangeProofLength } from '@kura/confidential';
import { MAX_ASSETS, networkShape, roundShape, uidShape, uniqueSymbols } from '../shapes.js';

/** 32 bytes (a scalar or a group element) as canonical padded base64: 44 characters. */
export const b64x32Shape = str({
  pattern: /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/,
  expected: 'expected 32 bytes in canonical base64 (44 characters)',
});

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RANGE_PROOF_CHARS = Math.ceil(rangeProofLength(MAX_AGGREGATION) / 3) * 4;

/**
 * The aggregated range proof: base64 of at most the largest proof's bytes (empty included, as
 * in the published schema: a proof of the wrong length is `RANGE_PROOF_MALFORMED`, later).
 */
export const rangeProofShape = str({
  min: 0,
  pattern: B64,
  max: RANGE_PROOF_CHARS,
  expected: 'expected standard base64 with padding',
});

/** One entry of a v2 asset list: the v1 entry plus `treeDecimals` (0 … `decimals`). */
export const assetV2Shape = refine(
  obj({ symbol: str(), decimals: int(0, 36), treeDecimals: int(0, 36) }, { network: networkShape }),
  (a) =>
    a.treeDecimals <= a.decimals
      ? undefined
      : {
          at: ['treeDecimals'],
          reason: `expected an integer 0 … ${a.decimals} (the asset's decimals)`,
        }
);

/** The v2 asset list (SPEC.md §16.12): 1 … 4096 entries, unique symbols. */
export const assetsV2Shape = refine(arr(assetV2Shape, { min: 1, max: MAX_ASSETS }), uniqueSymbols);

const hex32 = hex(32);
const amounts = arr(amount(), { min: 1, max: MAX_ASSETS });
const scalars = arr(b64x32Shape, { min: 1, max: MAX_ASSETS });

/** Per-asset arrays (and each sibling's commitments) have one entry per asset. */
function perAssetV2(
  k: number,
  arrays: readonly (readonly [string, readonly unknown[]])[],
  siblings: readonly { commitments: readonly unknown[] }[] = []
): { at: (string | number)[]; reason: string } | undefined {
  for (const [name, a] of arrays)
    if (a.length !== k) return { at: [name], reason: `expected ${k} entries, got ${a.length}` };
  for (let i = 0; i < siblings.length; i++) {
    const n = siblings[i]!.commitments.length;
    if (n !== k)
      return { at: ['siblings', i, 'commitments'], reason: `expected ${k} entries, got ${n}` };
  }
  return undefined;
}

/**
 * `kura-proof/2` (SPEC.md §16.12.2). The sibling count against the height, the position's range,
 * scalar canonicity and point validity are later verification steps with their own codes.
 */
export const proofV2Shape = refine(
  obj({
    version: literal('kura-proof/2'),
    round: roundShape,
    assets: assetsV2Shape,
    height: int(1, MAX_HEIGHT_V2),
    position: int(0),
    uid: uidShape,
    nonce: hex32,
    balances: amounts,
    blindings: scalars,
    siblings: arr(obj({ hash: hex32, commitments: scalars }), { max: MAX_HEIGHT_V2 }),
    totals: amounts,
    rootBlindings: scalars,
    rangeProof: rangeProofShape,
    rootCommitment: hex32,
  }),
  (p) =>
    perAssetV2(
      p.assets.length,
      [
        ['balances', p.balances],
        ['blindings', p.blindings],
        ['totals', p.totals],
        ['rootBlindings', p.rootBlindings],
      ],
      p.siblings
    )
);

/**
 * `kura-root/2` (SPEC.md §16.12.3). That roundId, assetSetHash and rootCommitment recompute from
 * the other members, each total's range and each blinding's canonicity are checked by
 * `parseRootFileV2`.
 */
export const rootV2Shape = refine(
  obj({
    version: literal('kura-root/2'),
    round: roundShape,
    roundId: hex32,
    assets: assetsV2Shape,
    assetSetHash: hex32,
    placement: oneOf(['dense', 'sparse']),
    height: int(1, MAX_HEIGHT_V2),
    rootHash: hex32,
    totals: amounts,
    rootBlindings: scalars,
    rootCommitment: hex32,
  }),
  (r) =>
    perAssetV2(r.assets.length, [
      ['totals', r.totals],
      ['rootBlindings', r.rootBlindings],
    ])
);

/** A v2 proof as checked (JSON strings, not yet bytes and bigints). */
export type ProofV2Json = Infer<typeof proofV2Shape>;
/** A v2 root file as checked. */
export type RootV2Json = Infer<typeof rootV2Shape>;
