/**
 * Valuation and the custody checks: in-kind coverage per asset, the cold-storage minimum
 * (aggregate by reporting-currency value, or per asset) and Japan's hot-wallet backing
 * (資金決済法 Art. 63-11-2(1): own crypto of the same kind and quantity as customer crypto held
 * outside cold storage).
 *
 * Rounding points (all documented in the README):
 * - R1 valuation, per asset: liabilities `ceil(L × price)`, every holding `floor(H × price)`, to
 *   the reporting currency's minor unit; aggregates are sums of these rounded values.
 * - Per-asset requirements in base units are `ceil(ratio × amount)`.
 * - Published ratios are rounded down to 6 digits; the checks never use them.
 * @module
 */
import { add, cmp, type Decimal, dec, fromBaseUnits, max, mul, sub } from '@kura/codec';
import {
  type Book,
  ceilInt,
  fromData,
  fromParams,
  type Ref,
  ratio6,
  s,
  sum,
  units,
  ZERO,
} from './book.js';
import type { CustodyClass, Liabilities, Policy, Price, Reserves } from './types.js';

/** Per-asset figures used by every later step. */
export interface AssetFigures {
  readonly symbol: string;
  readonly decimals: number;
  readonly price: Decimal;
  readonly liabilities: bigint;
  readonly cold: bigint;
  readonly hot: bigint;
  readonly own: bigint;
  /** Base units of customer holdings the in-kind rule needs (ceil(minRatio × L), or L). */
  readonly neededCustomer: bigint;
  /** Base units of own crypto the hot-backing rule needs (0 without the rule). */
  readonly neededBacking: bigint;
}

/** Aggregate values in the reporting currency (rounded per asset as in R1). */
export interface Valuation {
  readonly assets: readonly AssetFigures[];
  readonly liabilitiesValue: Decimal;
  readonly coldValue: Decimal;
  readonly hotValue: Decimal;
  readonly ownValue: Decimal;
  /** floor value of on-chain holdings above what the custody rules need. */
  readonly excessValue: Decimal;
}

/** Value base units at a price, rounded by `round` (R1). */
function value(
  book: Book,
  amount: bigint,
  decimals: number,
  price: Decimal,
  round: 'up' | 'down'
): Decimal {
  const exact = mul(fromBaseUnits(amount, decimals), price);
  return round === 'up' ? book.up(exact) : book.down(exact);
}

/** Record the data terms, value everything and run the custody checks. */
export function custodyChecks(
  book: Book,
  policy: Policy,
  liabilities: Liabilities,
  reserves: Reserves,
  prices: ReadonlyMap<string, Price>
): Valuation {
  const c = policy.custody;
  const ccy = policy.reportingCurrency;
  const inKind: Ref | undefined = c.inKindCoverage && {
    pointer: '/custody/inKindCoverage/minRatio',
    param: c.inKindCoverage.minRatio,
  };
  const backing: Ref | undefined = c.hotWalletBacking && {
    pointer: '/custody/hotWalletBacking/ratio',
    param: c.hotWalletBacking.ratio,
  };
  const assets: AssetFigures[] = [];
  const lv: Decimal[] = [];
  const cv: Decimal[] = [];
  const hv: Decimal[] = [];
  const ov: Decimal[] = [];
  const xv: Decimal[] = [];
  liabilities.assets.forEach((a, i) => {
    const price = prices.get(a.symbol) as Price;
    const L = liabilities.totals[i] as bigint;
    const held = reserves.byAsset.get(a.symbol) as Readonly<Record<CustodyClass, bigint>>;
    const cold = held['customer-cold'];
    const hot = held['customer-hot'];
    const own = held['exchange-own'];
    book.term(
      `price:${a.symbol}`,
      `Price of 1 ${a.symbol}`,
      `declared price (${price.source}, ${price.time})`,
      s(price.price),
      `${ccy}/${a.symbol}`,
      fromData('inputs', `inputs prices: ${price.source} at ${price.time}`)
    );
    book.term(
      `liabilities:${a.symbol}`,
      `Customer liabilities in ${a.symbol}`,
      `root.json totals[${i}] = ${L} base units`,
      units(L, a.decimals),
      a.symbol,
      fromData(
        'liabilities',
        `root.json totals[${i}] (rootCommitment ${liabilities.rootCommitment})`
      )
    );
    for (const [cls, amt] of [
      ['customer-cold', cold],
      ['customer-hot', hot],
      ['exchange-own', own],
    ] as const)
      book.term(
        `${cls}:${a.symbol}`,
        `${cls} holdings of ${a.symbol}`,
        `Σ evidence entries with custody "${cls}" = ${amt} base units`,
        units(amt, a.decimals),
        a.symbol,
        fromData('reserves', `evidence entries, custody "${cls}"`)
      );
    const neededCustomer = inKind ? ceilInt(mul(dec(L), c.inKindCoverage!.minRatio.value)) : L;
    const neededBacking = backing ? ceilInt(mul(dec(hot), c.hotWalletBacking!.ratio.value)) : 0n;
    assets.push({
      symbol: a.symbol,
      decimals: a.decimals,
      price: price.price,
      liabilities: L,
      cold,
      hot,
      own,
      neededCustomer,
      neededBacking,
    });
    lv.push(value(book, L, a.decimals, price.price, 'up'));
    cv.push(value(book, cold, a.decimals, price.price, 'down'));
    hv.push(value(book, hot, a.decimals, price.price, 'down'));
    ov.push(value(book, own, a.decimals, price.price, 'down'));
    const excess = cold + hot + own - neededCustomer - neededBacking;
    xv.push(excess > 0n ? value(book, excess, a.decimals, price.price, 'down') : ZERO);
  });

  const val: Valuation = {
    assets,
    liabilitiesValue: sum(lv),
    coldValue: sum(cv),
    hotValue: sum(hv),
    ownValue: sum(ov),
    excessValue: sum(xv),
  };
  const each = (f: (a: AssetFigures) => string): string => assets.map(f).join(' + ');
  const computed = fromParams([], 'valuation at the declared prices');
  book.money(
    'liabilitiesValue',
    'Customer liabilities, value',
    `Σ ceil(L_a × price_a) = ${each((a) => `ceil(${units(a.liabilities, a.decimals)} × ${s(a.price)})`)}`,
    val.liabilitiesValue,
    computed
  );
  book.money(
    'customerColdValue',
    'Customer holdings in cold storage, value',
    `Σ floor(cold_a × price_a) = ${each((a) => `floor(${units(a.cold, a.decimals)} × ${s(a.price)})`)}`,
    val.coldValue,
    computed
  );
  book.money(
    'customerHotValue',
    'Customer holdings in hot (and other) storage, value',
    `Σ floor(hot_a × price_a) = ${each((a) => `floor(${units(a.hot, a.decimals)} × ${s(a.price)})`)}`,
    val.hotValue,
    computed
  );
  book.money(
    'exchangeOwnValue',
    'Exchange-own holdings, value',
    `Σ floor(own_a × price_a) = ${each((a) => `floor(${units(a.own, a.decimals)} × ${s(a.price)})`)}`,
    val.ownValue,
    computed
  );
  const total = add(val.coldValue, val.hotValue);
  if (total.n > 0n)
    book.term(
      'coldRatio',
      'Cold share of customer holdings (by value)',
      `${book.fmt(val.coldValue)} / (${book.fmt(val.coldValue)} + ${book.fmt(val.hotValue)}), rounded down`,
      ratio6(val.coldValue, total),
      'ratio',
      computed
    );

  // In-kind coverage per asset.
  if (inKind) {
    for (const a of assets) {
      const heldC = a.cold + a.hot;
      if (a.liabilities > 0n)
        book.term(
          `coverage:${a.symbol}`,
          `In-kind coverage ratio of ${a.symbol}`,
          `(cold + hot) / liabilities = ${units(heldC, a.decimals)} / ${units(a.liabilities, a.decimals)}, rounded down`,
          ratio6(dec(heldC), dec(a.liabilities)),
          'ratio',
          fromParams([inKind])
        );
      book.check(
        `inKind:${a.symbol}`,
        `Customer holdings of ${a.symbol} ≥ ${s(inKind.param.value as Decimal)} × liabilities`,
        units(a.neededCustomer, a.decimals),
        units(heldC, a.decimals),
        heldC >= a.neededCustomer,
        a.symbol
      );
    }
  }

  // Cold-storage minimum.
  if (c.coldStorage) {
    const ratio = c.coldStorage.minRatio.value;
    const refs: Ref[] = [
      { pointer: '/custody/coldStorage/minRatio', param: c.coldStorage.minRatio },
      { pointer: '/custody/coldStorage/basis', param: c.coldStorage.basis },
    ];
    if (c.coldStorage.basis.value === 'aggregate') {
      const required = book.up(mul(ratio, total));
      book.money(
        'coldRequired',
        `Cold storage required (${s(ratio)} of customer holdings by value)`,
        `ceil(${s(ratio)} × (${book.fmt(val.coldValue)} + ${book.fmt(val.hotValue)}))`,
        required,
        fromParams(refs)
      );
      book.moneyCheck(
        'coldStorage',
        `Cold storage ≥ ${s(ratio)} of customer holdings (aggregate, by ${ccy} value)`,
        required,
        val.coldValue
      );
    } else {
      for (const a of assets) {
        const req = ceilInt(mul(dec(a.cold + a.hot), ratio));
        book.check(
          `coldStorage:${a.symbol}`,
          `Cold storage of ${a.symbol} ≥ ${s(ratio)} of customer holdings of ${a.symbol}`,
          units(req, a.decimals),
          units(a.cold, a.decimals),
          a.cold >= req,
          a.symbol
        );
      }
    }
  }

  // Hot-wallet backing: same kind and quantity.
  if (backing) {
    for (const a of assets)
      book.check(
        `hotBacking:${a.symbol}`,
        `Exchange-own ${a.symbol} ≥ ${s(backing.param.value as Decimal)} × customer ${a.symbol} held hot (履行保証暗号資産)`,
        units(a.neededBacking, a.decimals),
        units(a.own, a.decimals),
        a.own >= a.neededBacking,
        a.symbol
      );
  }
  return val;
}

/** Whether the aggregate cold share is at least `atLeast` (exact, on the R1 values). */
export function coldShareAtLeast(val: Valuation, atLeast: Decimal): boolean {
  const total = add(val.coldValue, val.hotValue);
  if (total.n === 0n) return false;
  return cmp(val.coldValue, mul(atLeast, total)) >= 0;
}

/** `max(0, a − b)`. */
export function posSub(a: Decimal, b: Decimal): Decimal {
  return max(sub(a, b), ZERO);
}
