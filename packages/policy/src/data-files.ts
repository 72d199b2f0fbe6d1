/**
 * Small readers for exactly the fields the policy engine needs from the two pinned data files:
 * the tree root file `root.json` (`kura-root/1`: round, roundId, assets, totals,
 * rootCommitment) and the reserves evidence file (`kura-evidence/1`: roundId and each entry's
 * custody class and balances). The full evidence parser and its signature and chain checks live
 * in @kura/attest; this module does not verify evidence, it only sums balances per asset and
 * custody class, refusing what would make the sums wrong (an unknown asset, an address listed
 * twice, a malformed amount).
 * @module
 */
import { bytesToHex, sha256, utf8Raw } from '@kura/codec';
import { child, openJson, type Reader } from './reader.js';
import type { CustodyClass, Liabilities, LiabilityAsset, Reserves } from './types.js';

const AMOUNT_RE = /^(0|[1-9][0-9]*)$/;
const HEX64 = /^[0-9a-f]{64}$/;
const CUSTODY: readonly CustodyClass[] = ['customer-cold', 'customer-hot', 'exchange-own'];

/**
 * Read the fields of a `root.json` the policy engine uses. Other fields are left to @kura/tree.
 *
 * Protocol v2 (`kura-root/2`, SPEC.md §16): the totals are opened in tree units; each becomes
 * base units as `V_a · 10^(decimals − treeDecimals)` — the sum of the customers' balances each
 * rounded UP to tree units, so liabilities are never understated (by at most one tree unit per
 * customer and asset).
 */
export function parseLiabilities(data: Uint8Array | string, file = 'root.json'): Liabilities {
  const { value, reader: r } = openJson(data, file);
  const $ = '$';
  const version =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as { version?: unknown }).version
      : undefined;
  const v2 = version === 'kura-root/2';
  const o = r.obj(
    value,
    $,
    v2
      ? ['version', 'round', 'roundId', 'assets', 'totals', 'rootBlindings', 'rootCommitment']
      : ['version', 'round', 'roundId', 'assets', 'totals', 'rootCommitment'],
    ['assetSetHash', 'placement', 'height', 'rootHash']
  );
  if (o.version !== 'kura-root/1' && !v2)
    r.fail(
      child($, 'version'),
      `expected "kura-root/1" or "kura-root/2", got ${JSON.stringify(o.version)}`
    );
  const rq = child($, 'round');
  const ro = r.obj(o.round, rq, ['exchange', 'period', 'snapshotTime'], []);
  const snapshotTime = r.str(
    ro.snapshotTime,
    child(rq, 'snapshotTime'),
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/
  );
  const seen = new Set<string>();
  const scales: bigint[] = [];
  const assets = r.arr(o.assets, child($, 'assets'), 1).map((a, i): LiabilityAsset => {
    const q = child(child($, 'assets'), i);
    const x = r.obj(a, q, v2 ? ['symbol', 'decimals', 'treeDecimals'] : ['symbol', 'decimals'], [
      'network',
    ]);
    const symbol = r.str(x.symbol, child(q, 'symbol'));
    if (seen.has(symbol)) r.fail(child(q, 'symbol'), `duplicate symbol "${symbol}"`);
    seen.add(symbol);
    const decimals = r.int(x.decimals, child(q, 'decimals'), 0, 36);
    if (v2)
      scales.push(
        10n ** BigInt(decimals - r.int(x.treeDecimals, child(q, 'treeDecimals'), 0, decimals))
      );
    return { symbol, decimals };
  });
  const totals = r
    .arr(o.totals, child($, 'totals'))
    .map((t, i) => amount(r, t, child(child($, 'totals'), i)) * (v2 ? (scales[i] ?? 1n) : 1n));
  if (totals.length !== assets.length)
    r.fail(
      child($, 'totals'),
      `expected ${assets.length} totals (one per asset), got ${totals.length}`
    );
  return {
    round: {
      exchange: r.str(ro.exchange, child(rq, 'exchange')),
      period: r.str(ro.period, child(rq, 'period')),
      snapshotTime,
    },
    roundId: r.str(o.roundId, child($, 'roundId'), HEX64),
    rootCommitment: r.str(o.rootCommitment, child($, 'rootCommitment'), HEX64),
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
  const { value, reader: r } = openJson(data, file);
  const $ = '$';
  const o = r.obj(value, $, ['version', 'roundId', 'entries'], ['round', 'snapshots']);
  if (o.version !== 'kura-evidence/1')
    r.fail(child($, 'version'), `expected "kura-evidence/1", got ${JSON.stringify(o.version)}`);
  const roundId = r.str(o.roundId, child($, 'roundId'), HEX64);
  if (roundId !== liabilities.roundId)
    r.fail(
      child($, 'roundId'),
      `evidence is for round ${roundId}, liabilities for ${liabilities.roundId}`
    );
  const symbols = new Set(liabilities.assets.map((a) => a.symbol));
  const byAsset = new Map<string, Record<CustodyClass, bigint>>();
  for (const a of liabilities.assets)
    byAsset.set(a.symbol, { 'customer-cold': 0n, 'customer-hot': 0n, 'exchange-own': 0n });
  const seenAddr = new Set<string>();
  r.arr(o.entries, child($, 'entries')).forEach((e, i) => {
    const q = child(child($, 'entries'), i);
    if (typeof e !== 'object' || e === null || Array.isArray(e)) r.fail(q, 'expected an object');
    const x = e as Record<string, unknown>;
    const chain = r.str(x.chain, child(q, 'chain'));
    const address = r.str(x.address, child(q, 'address'));
    const key = `${chain} ${normaliseAddress(address)}`;
    if (seenAddr.has(key))
      r.fail(child(q, 'address'), `address ${address} on ${chain} is listed twice`);
    seenAddr.add(key);
    const custody = r.oneOf(x.custody, child(q, 'custody'), CUSTODY);
    r.arr(x.balances, child(q, 'balances')).forEach((b, k) => {
      const bq = child(child(q, 'balances'), k);
      if (typeof b !== 'object' || b === null || Array.isArray(b)) r.fail(bq, 'expected an object');
      const bo = b as Record<string, unknown>;
      const asset = r.str(bo.asset, child(bq, 'asset'));
      if (!symbols.has(asset))
        r.fail(child(bq, 'asset'), `asset "${asset}" is not in the liabilities' asset list`);
      const sums = byAsset.get(asset) as Record<CustodyClass, bigint>;
      sums[custody] += amount(r, bo.amount, child(bq, 'amount'));
    });
  });
  return { reserves: { roundId, byAsset }, sha256: bytesToHex(sha256(bytes)) };
}

function amount(r: Reader, v: unknown, path: string): bigint {
  if (typeof v !== 'string' || !AMOUNT_RE.test(v))
    r.fail(path, `expected a base-unit amount as a decimal string, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

/** Addresses compared case-insensitively where the encoding is (hex, bech32); base58 as is. */
function normaliseAddress(a: string): string {
  if (/^0x[0-9a-fA-F]+$/.test(a)) return a.toLowerCase();
  if (/^(bc|tb|bcrt)1[0-9a-zA-Z]+$/i.test(a)) return a.toLowerCase();
  return a;
}
