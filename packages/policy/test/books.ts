/**
 * Random books for property tests (fast-check) — the ONE generator shared by @kura/policy's
 * properties (`src/properties.test.ts`) and @kura/attest's self-consistency property
 * (`packages/attest/src/policy-numbers.property.test.ts`): an exchange's liabilities and holdings
 * per asset, reserve fund, insurance, own funds, overheads, incidents, trading volume and security
 * evidence, under every shipped policy, and the evaluation's data files built from it.
 *
 * Holdings sit near the liabilities (cold about −0.5 % … +2 % of them after the hot part, hot up
 * to 4 %, own funds near the hot amount), so both verdicts occur.
 */
import { formatUnits } from '@kura/codec';
import fc from 'fast-check';
import { type AssetCase, type CaseFiles, caseFiles, shipped } from './fixtures.js';

/** Reporting currency (and its decimals), licence classes and reserve-fund classes per policy. */
export const BOOK_POLICIES: Readonly<
  Record<string, { ccy: string; dec: number; classes: string[]; fund: string[] }>
> = {
  'JP-FSA-2026': {
    ccy: 'JPY',
    dec: 0,
    classes: ['crypto-exchange'],
    fund: ['cash-jpy-trust', 'jgb', 'gold'],
  },
  'JP-PSA': { ccy: 'JPY', dec: 0, classes: ['crypto-exchange'], fund: [] },
  'HK-SFC-VATP': {
    ccy: 'HKD',
    dec: 2,
    classes: ['vatp'],
    fund: ['demand-deposit-on-trust', 'bank-guarantee'],
  },
  'EU-MiCA': { ccy: 'EUR', dec: 2, classes: ['2'], fund: [] },
  'Dubai-VARA': { ccy: 'AED', dec: 2, classes: ['exchange', 'custody'], fund: [] },
  'SG-MAS-DPT': { ccy: 'SGD', dec: 2, classes: [], fund: [] },
  'BH-CBB-CRA': { ccy: 'BHD', dec: 3, classes: [], fund: [] },
};

/** Shipped policy bytes by id. */
export const BOOK_POLICY_BYTES: Readonly<Record<string, Uint8Array>> = Object.fromEntries(
  Object.keys(BOOK_POLICIES).map((id) => [id, shipped(id)])
);

/** The asset symbols, in order. */
export const BOOK_SYMBOLS: readonly string[] = ['BTC', 'ETH', 'XRP'];

/** One asset of a book: price (reporting currency per coin), base-unit amounts. */
export interface BookAsset {
  readonly decimals: number;
  readonly price: string;
  readonly l: bigint;
  readonly cold: bigint;
  readonly hot: bigint;
  readonly own: bigint;
}

/** A random book: amounts in whole units of the reporting currency unless said otherwise. */
export interface Book {
  readonly policy: string;
  readonly assets: readonly BookAsset[];
  /** Per reserve-fund class, in minor units of the currency. */
  readonly fund: bigint;
  readonly insurance: bigint;
  readonly ownFunds: bigint;
  readonly overheads: bigint;
  readonly loss: bigint;
  readonly volume: bigint;
  readonly evidence: boolean;
}

/** A non-negative amount up to `max`. */
export const money = (max: bigint): fc.Arbitrary<bigint> => fc.bigInt({ min: 0n, max });

/**
 * Random books. `wholePrices`: integer prices ≥ 100 only (so that a whole coin added to cold
 * storage outgrows the custody charge's rounding — @kura/policy's monotonicity properties); else
 * also fractional prices such as `0.001`.
 */
export function bookArbitrary(opts: { wholePrices?: boolean } = {}): fc.Arbitrary<Book> {
  const whole = fc.integer({ min: 100, max: 20_000_000 }).map(String);
  const price = opts.wholePrices
    ? whole
    : fc.oneof(
        whole,
        fc
          .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 999 }))
          .map(([a, b]) => `${a}.${String(b).padStart(3, '0')}`)
      );
  const asset: fc.Arbitrary<BookAsset> = fc
    .record({
      decimals: fc.integer({ min: 0, max: 18 }),
      price,
      coins: fc.bigInt({ min: 0n, max: 10_000n }),
      frac: fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
      hotPermille: fc.bigInt({ min: 0n, max: 40n }),
      coldDelta: fc.bigInt({ min: -5n, max: 20n }),
      ownDelta: fc.bigInt({ min: -100n, max: 100n }),
    })
    .map(({ decimals, price, coins, frac, hotPermille, coldDelta, ownDelta }) => {
      const one = 10n ** BigInt(decimals);
      const l = coins * one + (frac % one);
      const hot = (l * hotPermille) / 1000n;
      const cold = l - hot + (l * coldDelta) / 1000n;
      const own = hot + (hot * ownDelta) / 1000n;
      return { decimals, price, l, cold: cold < 0n ? 0n : cold, hot, own: own < 0n ? 0n : own };
    });
  return fc.record({
    policy: fc.constantFrom(...Object.keys(BOOK_POLICIES)),
    assets: fc.array(asset, { minLength: 1, maxLength: 3 }),
    fund: money(10n ** 13n),
    insurance: money(10n ** 9n),
    ownFunds: money(10n ** 8n),
    overheads: money(10n ** 8n),
    loss: money(10n ** 10n),
    volume: money(10n ** 14n),
    evidence: fc.boolean(),
  });
}

/** The book's assets as an evaluation case describes them. */
export function bookAssets(b: Book): AssetCase[] {
  return b.assets.map((a, i) => ({
    symbol: BOOK_SYMBOLS[i]!,
    decimals: a.decimals,
    price: a.price,
    liabilities: formatUnits(a.l, a.decimals),
    cold: formatUnits(a.cold, a.decimals),
    hot: formatUnits(a.hot, a.decimals),
    own: formatUnits(a.own, a.decimals),
  }));
}

/** The book's policy inputs (`kura-policy-inputs/1`, without prices: `caseFiles` adds them). */
export function bookInputs(b: Book): Record<string, unknown> {
  const p = BOOK_POLICIES[b.policy]!;
  const m = (v: bigint) => formatUnits(v * 10n ** BigInt(p.dec), p.dec); // whole units
  return {
    format: 'kura-policy-inputs/1',
    reportingCurrency: p.ccy,
    licenceClasses: p.classes,
    tradingVolumes: [2023, 2024, 2025].map((year) => ({
      year,
      basis: 'spot-notional',
      amount: m(b.volume),
      currency: p.ccy,
    })),
    incidents:
      b.loss > 0n
        ? [{ date: '2025-06-01', loss: m(b.loss), currency: p.ccy, description: 'x' }]
        : [],
    averageCustomerAssets: { value: m(10n ** 11n), currency: p.ccy, lookbackYears: 3 },
    insurance: ['liabilityReserve', 'capital'].map((appliesTo, i) => ({
      id: `ins-${i}`,
      insurer: 'X',
      appliesTo,
      limit: m(b.insurance),
      deductible: '0',
      currency: p.ccy,
      start: '2026-01-01',
      end: '2027-01-01',
      cancellationNoticeDays: 90,
      thirdParty: true,
      authorisedInsurer: true,
      perils: ['unauthorised-outflow'],
    })),
    reserveFund: p.fund.map((cls) => ({
      class: cls,
      amount: formatUnits(b.fund, p.dec),
      currency: p.ccy,
    })),
    fixedOverheads: { amount: m(b.overheads), currency: p.ccy, period: 'FY2025' },
    ownFunds: { amount: m(b.ownFunds), currency: p.ccy },
    securityEvidence: b.evidence
      ? [
          { type: 'independent-security-assessment', date: '2026-10-01', reference: 'r' },
          { type: 'key-management-attestation', date: '2026-10-01', reference: 'r' },
        ]
      : [],
  };
}

/** The evaluation's three data files (root.json, evidence, inputs with prices) of a book. */
export function bookFiles(b: Book): CaseFiles {
  return caseFiles(bookAssets(b), bookInputs(b));
}
