/**
 * The shapes of the protocol-v1 tree documents, declared once (SPEC.md §4.1, §4.2, §8.1, §8.2):
 * the round, the asset list, the inclusion proof `kura-proof/1` and the root file `kura-root/1`.
 * The readers (`parseRound`, `parseAssets`, `parseProof`, `parseRootFile`) check with these;
 * circuits-free-spec/test/agreement.test.ts proves each agrees with its published JSON Schema.
 *
 * Checks marked semantic are those JSON Schema cannot express: NFC strings, unique symbols, a
 * day that exists, no lone surrogate in a uid, and vector lengths tied to the asset count.
 * @module
 */
import {
  amount,
  arr,
  distinctBy,
  hex,
  type Infer,
  int,
  isWellFormed,
  literal,
  obj,
  oneOf,
  refine,
  str,
  utcTime,
} from '@kura/codec';
import { MAX_HEIGHT } from './inner.js';

/** Largest number of assets one tree may carry. */
export const MAX_ASSETS = 4096;

const CAIP2 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/;
/** `round = {"exchange", "period", "snapshotTime"}` (SPEC.md §4.1), strings in NFC. */
export const roundShape = obj({
  exchange: str(),
  period: str(),
  snapshotTime: utcTime(),
});

/** An asset's `network`: a CAIP-2 chain id. */
export const networkShape = str({ pattern: CAIP2, expected: 'expected a CAIP-2 chain id' });

/** One entry of the asset list. */
export const assetShape = obj({ symbol: str(), decimals: int(0, 36) }, { network: networkShape });

/** Symbols of an asset list are unique (a semantic check, for {@link refine}). */
export const uniqueSymbols = distinctBy<{ readonly symbol: string }>(
  (a) => a.symbol,
  ['symbol'],
  (a) => `duplicate symbol "${a.symbol}"`
);

/** The asset list (SPEC.md §4.2): 1 … 4096 entries, unique symbols. */
export const assetsShape = refine(arr(assetShape, { min: 1, max: MAX_ASSETS }), uniqueSymbols);

const amounts = arr(amount(), { min: 1, max: MAX_ASSETS });
const hex32 = hex(32);

/** A uid: a non-empty string without lone surrogates (NFC is applied, not required). */
export const uidShape = refine(str({ nfc: false }), (u) =>
  isWellFormed(u) ? undefined : 'contains a lone UTF-16 surrogate'
);

/** `balances` and every sibling's `sums` have one entry per asset. */
function perAsset(p: {
  assets: readonly unknown[];
  balances: readonly unknown[];
  siblings?: readonly { sums: readonly unknown[] }[];
}): { at: (string | number)[]; reason: string } | undefined {
  const k = p.assets.length;
  if (p.balances.length !== k)
    return { at: ['balances'], reason: `expected ${k} entries, got ${p.balances.length}` };
  const sib = p.siblings ?? [];
  for (let i = 0; i < sib.length; i++)
    if (sib[i]!.sums.length !== k)
      return {
        at: ['siblings', i, 'sums'],
        reason: `expected ${k} entries, got ${sib[i]!.sums.length}`,
      };
  return undefined;
}

/**
 * `kura-proof/1` (SPEC.md §8.1). The sibling count and the position's range are later
 * verification steps with their own codes (BAD_LENGTH, BAD_POSITION), not part of the shape.
 */
export const proofShape = refine(
  obj({
    version: literal('kura-proof/1'),
    round: roundShape,
    assets: assetsShape,
    height: int(1, MAX_HEIGHT),
    position: int(0),
    uid: uidShape,
    nonce: hex32,
    balances: amounts,
    siblings: arr(obj({ hash: hex32, sums: amounts })),
    rootCommitment: hex32,
  }),
  perAsset
);

/**
 * `kura-root/1` (SPEC.md §8.2). That roundId, assetSetHash and rootCommitment recompute from
 * the other members, and each total's range, are checked by `parseRootFile`.
 */
export const rootShape = refine(
  obj({
    version: literal('kura-root/1'),
    round: roundShape,
    roundId: hex32,
    assets: assetsShape,
    assetSetHash: hex32,
    placement: oneOf(['dense', 'sparse']),
    height: int(1, MAX_HEIGHT),
    rootHash: hex32,
    totals: amounts,
    rootCommitment: hex32,
  }),
  (r) =>
    r.totals.length === r.assets.length
      ? undefined
      : { at: ['totals'], reason: `expected ${r.assets.length} entries, got ${r.totals.length}` }
);

/** A round as checked (the type the round shape gives). */
export type RoundJson = Infer<typeof roundShape>;
/** A proof as checked (JSON strings, not yet bytes and bigints). */
export type ProofJson = Infer<typeof proofShape>;
/** A root file as checked. */
export type RootJson = Infer<typeof rootShape>;
