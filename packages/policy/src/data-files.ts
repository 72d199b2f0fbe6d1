/**
 * Small readers for exactly the fields the policy engine needs from the two pinned data files,
 * declared as shapes and read with @kura/codec's one document reader: the tree root file
 * `root.json` (`kura-root/1`: round, roundId, assets, totals, rootCommitment) and the reserves
 * evidence file (`kura-evidence/1`: roundId and each entry's custody class and balances). The
 * full evidence parser and its signature and chain checks live in @kura/attest; this module does
 * not verify evidence, it only sums balances per asset and custody class, refusing what would
 * make the sums wrong (an unknown asset, an address listed twice, a malformed amount).
 * @module
 */
import {
  AMOUNT_RE,
  arr,
  bytesToHex,
  distinctBy,
  int,
  isObject,
  literal,
  obj,
  oneOf,
  refine,
  type Shape,
  ShapeIssue,
  sha256,
  str,
  utf8Raw,
} from '@kura/codec';
import { readFile } from './reader.js';
import { anything } from './shapes.js';
import type { CustodyClass, Liabilities, LiabilityAsset, Reserves } from './types.js';

const CUSTODY: readonly CustodyClass[] = ['customer-cold', 'customer-hot', 'exchange-own'];

const text = str({ nfc: false });
/** A base-unit amount, a decimal string `^(0|[1-9][0-9]*)$`. */
const baseUnits: Shape<string> = {
  check(v) {
    if (typeof v !== 'string' || !AMOUNT_RE.test(v))
      throw new ShapeIssue(
        'schema',
        `expected a base-unit amount as a decimal string, got ${JSON.stringify(v)}`
      );
    return v;
  },
  def: { t: 'amount' },
};

const ROOT_VERSIONS = ['kura-root/1', 'kura-root/2'];
const rootVersion: Shape<string> = {
  check(v) {
    if (typeof v !== 'string' || !ROOT_VERSIONS.includes(v))
      throw new ShapeIssue(
        'schema',
        `expected "kura-root/1" or "kura-root/2", got ${JSON.stringify(v)}`
      );
    return v;
  },
  def: { t: 'enum', values: ROOT_VERSIONS },
};
const hex32 = str({ nfc: false, pattern: /^[0-9a-f]{64}$/ });
const assetV1 = obj({ symbol: text, decimals: int(0, 36) }, { network: anything });
const assetV2 = refine(
  obj({ symbol: text, decimals: int(0, 36), treeDecimals: int(0, 36) }, { network: anything }),
  (a) =>
    a.treeDecimals > a.decimals
      ? {
          at: ['treeDecimals'],
          reason: `expected an integer in 0..${a.decimals}, got ${a.treeDecimals}`,
        }
      : undefined
);
type AssetFields = {
  readonly symbol: string;
  readonly decimals: number;
  readonly treeDecimals?: number;
};

/** The fields of `kura-root/1` or (`v2`) `kura-root/2` the engine reads. */
function rootFields(v2: boolean) {
  const asset: Shape<AssetFields> = v2 ? assetV2 : assetV1;
  const root = obj(
    {
      version: v2 ? literal('kura-root/2') : rootVersion,
      round: obj({
        exchange: text,
        period: text,
        snapshotTime: str({
          nfc: false,
          pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/,
        }),
      }),
      roundId: hex32,
      assets: refine(
        arr(asset, { min: 1 }),
        distinctBy(
          (a) => a.symbol,
          ['symbol'],
          (a) => `duplicate symbol "${a.symbol}"`
        )
      ),
      totals: arr(baseUnits),
      rootCommitment: hex32,
      ...(v2 ? { rootBlindings: anything } : {}),
    },
    {
      assetSetHash: anything,
      placement: anything,
      height: anything,
      rootHash: anything,
    }
  );
  return refine(root, (r) =>
    r.totals.length === r.assets.length
      ? undefined
      : {
          at: ['totals'],
          reason: `expected ${r.assets.length} totals (one per asset), got ${r.totals.length}`,
        }
  );
}
const rootV1 = rootFields(false);
const rootV2 = rootFields(true);
/** The root file's fields, v1 or v2 by its `version`. */
const rootShape: Shape<ReturnType<typeof rootV1.check>> = {
  check: (v) => (isObject(v) && v.version === 'kura-root/2' ? rootV2 : rootV1).check(v),
  def: rootV1.def,
};

/** The fields of `kura-evidence/1` the engine sums (entries' other members are attest's). */
const evidenceShape = obj(
  {
    version: literal('kura-evidence/1'),
    roundId: hex32,
    entries: refine(
      arr(
        obj(
          {
            chain: text,
            address: text,
            custody: oneOf(CUSTODY),
            balances: arr(obj({ asset: text, amount: baseUnits }, {}, { open: true })),
          },
          {},
          { open: true }
        )
      ),
      distinctBy(
        (e) => `${e.chain} ${normaliseAddress(e.address)}`,
        ['address'],
        (e) => `address ${e.address} on ${e.chain} is listed twice`
      )
    ),
  },
  { round: anything, snapshots: anything }
);

/**
 * Read the fields of a `root.json` the policy engine uses. Other fields are left to @kura/tree.
 *
 * Protocol v2 (`kura-root/2`, SPEC.md §16): the totals are opened in tree units; each becomes
 * base units as `V_a · 10^(decimals − treeDecimals)` — the sum of the customers' balances each
 * rounded UP to tree units, so liabilities are never understated (by at most one tree unit per
 * customer and asset).
 */
export function parseLiabilities(data: Uint8Array | string, file = 'root.json'): Liabilities {
  const { doc: o } = readFile(data, file, rootShape);
  const v2 = o.version === 'kura-root/2';
  const assets = o.assets.map((a): LiabilityAsset => ({ symbol: a.symbol, decimals: a.decimals }));
  const totals = o.totals.map((t, i) => {
    const a = o.assets[i]!;
    return BigInt(t) * (v2 ? 10n ** BigInt(a.decimals - (a.treeDecimals ?? a.decimals)) : 1n);
  });
  return {
    round: {
      exchange: o.round.exchange,
      period: o.round.period,
      snapshotTime: o.round.snapshotTime,
    },
    roundId: o.roundId,
    rootCommitment: o.rootCommitment,
    assets,
    totals,
  };
}

/** What {@link parseReserves} returns: the sums and the SHA-256 of the file's bytes. */
export interface LoadedReserves {
  readonly reserves: Reserves;
  readonly sha256: string;
}

/**
 * Sum an evidence file's balances per asset and custody class. Every asset must be in the
 * liabilities' asset list; the evidence must be for the same round (roundId).
 */
export function parseReserves(
  data: Uint8Array | string,
  liabilities: Liabilities,
  file = 'evidence.json'
): LoadedReserves {
  const bytes = typeof data === 'string' ? utf8Raw(data) : data;
  const { doc: o, fail } = readFile(data, file, evidenceShape);
  if (o.roundId !== liabilities.roundId)
    fail('$.roundId', `evidence is for round ${o.roundId}, liabilities for ${liabilities.roundId}`);
  const byAsset = new Map<string, Record<CustodyClass, bigint>>();
  for (const a of liabilities.assets)
    byAsset.set(a.symbol, { 'customer-cold': 0n, 'customer-hot': 0n, 'exchange-own': 0n });
  o.entries.forEach((e, i) => {
    e.balances.forEach((b, k) => {
      const sums =
        byAsset.get(b.asset) ??
        fail(
          `$.entries[${i}].balances[${k}].asset`,
          `asset "${b.asset}" is not in the liabilities' asset list`
        );
      sums[e.custody] += BigInt(b.amount);
    });
  });
  return { reserves: { roundId: o.roundId, byAsset }, sha256: bytesToHex(sha256(bytes)) };
}

/** Addresses compared case-insensitively where the encoding is (hex, bech32); base58 as is. */
function normaliseAddress(a: string): string {
  if (/^0x[0-9a-fA-F]+$/.test(a)) return a.toLowerCase();
  if (/^(bc|tb|bcrt)1[0-9a-zA-Z]+$/i.test(a)) return a.toLowerCase();
  return a;
}
