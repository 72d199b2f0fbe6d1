/**
 * Property tests (fast-check) over random books and every shipped policy:
 * - the verdict passes iff every check passes, and a check passes iff actual ≥ required;
 * - adding reserves (cold holdings, exchange-own crypto, reserve-fund assets, insurance, own
 *   funds) never turns a pass into a fail;
 * - adding liabilities never turns a fail into a pass.
 *
 * Hot holdings are deliberately not among the reserves added: moving more into hot storage can
 * rightly fail a cold-storage minimum or raise a hot-storage charge (Hong Kong's 100%).
 * Cold additions are whole coins at integer prices ≥ 100, so the on-chain-excess credit they bring
 * (Japan: 50% haircut) outgrows the 1-yen rounding of the custody charge they also raise.
 */
import { cmp, formatUnits, parseDecimal, rescale } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseFiles, shipped } from '../test/fixtures.js';
import { evaluatePolicy, type PolicyEvaluation } from './index.js';

interface Book {
  policy: string;
  assets: { decimals: number; price: number; l: bigint; cold: bigint; hot: bigint; own: bigint }[];
  fund: bigint;
  insurance: bigint;
  ownFunds: bigint;
  overheads: bigint;
  loss: bigint;
  volume: bigint;
  evidence: boolean;
}

const POLICIES: Record<string, { ccy: string; dec: number; classes: string[]; fund: string[] }> = {
  'JP-FSA-2026': {
    ccy: 'JPY',
    dec: 0,
    classes: ['crypto-exchange'],
    fund: ['cash-jpy-trust', 'jgb'],
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
const POLICY_BYTES = Object.fromEntries(Object.keys(POLICIES).map((id) => [id, shipped(id)]));
const SYMBOLS = ['BTC', 'ETH', 'XRP'];

const money = (max: bigint) => fc.bigInt({ min: 0n, max });
// Holdings near the liabilities, hot a few percent, own near the hot amount: both verdicts occur.
const asset = fc
  .record({
    decimals: fc.integer({ min: 0, max: 18 }),
    price: fc.integer({ min: 100, max: 20_000_000 }),
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
const book: fc.Arbitrary<Book> = fc.record({
  policy: fc.constantFrom(...Object.keys(POLICIES)),
  assets: fc.array(asset, { minLength: 1, maxLength: 3 }),
  fund: money(10n ** 13n),
  insurance: money(10n ** 9n),
  ownFunds: money(10n ** 8n),
  overheads: money(10n ** 8n),
  loss: money(10n ** 10n),
  volume: money(10n ** 14n),
  evidence: fc.boolean(),
});

function evaluate(b: Book): PolicyEvaluation {
  const p = POLICIES[b.policy]!;
  const scale = 10n ** BigInt(p.dec);
  const m = (v: bigint) => formatUnits(v * scale, p.dec); // whole units of the currency
  const assets = b.assets.map((a, i) => ({
    symbol: SYMBOLS[i]!,
    decimals: a.decimals,
    price: String(a.price),
    liabilities: formatUnits(a.l, a.decimals),
    cold: formatUnits(a.cold, a.decimals),
    hot: formatUnits(a.hot, a.decimals),
    own: formatUnits(a.own, a.decimals),
  }));
  const inputs = {
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
    insurance: [
      {
        id: 'ins',
        insurer: 'X',
        appliesTo: 'liabilityReserve',
        limit: m(b.insurance),
        deductible: '0',
        currency: p.ccy,
        start: '2026-01-01',
        end: '2027-01-01',
        cancellationNoticeDays: 90,
        thirdParty: true,
        authorisedInsurer: true,
        perils: ['unauthorised-outflow'],
      },
    ],
    reserveFund: p.fund.map((cls) => ({
      class: cls,
      amount: formatUnits(b.fund, p.dec),
      currency: p.ccy,
    })),
    fixedOverheads: { amount: m(b.overheads), currency: p.ccy, period: 'FY2025' },
    ownFunds: { amount: m(b.ownFunds), currency: p.ccy },
    securityEvidence: b.evidence
      ? [{ type: 'independent-security-assessment', date: '2026-10-01', reference: 'r' }]
      : [],
  };
  return evaluatePolicy({ policy: POLICY_BYTES[b.policy]!, ...caseFiles(assets, inputs) });
}

const dec = (s: string) => parseDecimal(s);

/**
 * Bring a passing book to the edge: lower the reserve fund (minor units) by about the slack of
 * the liability-reserve check, so that additions are tested where a wrong sign would show.
 */
function tighten(b: Book): Book {
  const c = evaluate(b).checks.find((x) => x.id === 'liabilityReserve');
  const n = BigInt(POLICIES[b.policy]!.fund.length);
  if (!c?.pass || n === 0n) return b;
  const d = POLICIES[b.policy]!.dec;
  const minor = (v: string) => rescale(parseDecimal(v), d, 'floor').n;
  const cut = (minor(c.actual) - minor(c.required)) / 2n;
  return { ...b, fund: b.fund > cut ? b.fund - cut : 0n };
}

describe('properties', () => {
  it('the verdict passes iff every check passes; a check passes iff actual ≥ required', () => {
    let passes = 0;
    let fails = 0;
    fc.assert(
      fc.property(book, (b) => {
        const ev = evaluate(b);
        expect(ev.checks.length).toBeGreaterThan(0);
        for (const c of ev.checks) expect(c.pass).toBe(cmp(dec(c.actual), dec(c.required)) >= 0);
        const short = ev.checks.some((c) => cmp(dec(c.actual), dec(c.required)) < 0);
        expect(ev.pass).toBe(!short);
        if (ev.pass) passes++;
        else fails++;
      }),
      { numRuns: 300 }
    );
    // the generator reaches both outcomes (else the property would be vacuous)
    expect(passes).toBeGreaterThan(10);
    expect(fails).toBeGreaterThan(10);
  });

  it('adding reserves never turns a pass into a fail', () => {
    const more = fc.record({
      asset: fc.nat(2),
      coldCoins: fc.bigInt({ min: 0n, max: 1000n }),
      own: fc.bigInt({ min: 0n, max: 10n ** 20n }),
      fund: money(10n ** 13n),
      insurance: money(10n ** 9n),
      ownFunds: money(10n ** 8n),
    });
    const tested: Record<string, number> = {};
    fc.assert(
      fc.property(book, more, (loose, x) => {
        const b = tighten(loose);
        const before = evaluate(b);
        fc.pre(before.pass);
        tested[b.policy] = (tested[b.policy] ?? 0) + 1;
        const k = x.asset % b.assets.length;
        const assets = b.assets.map((a, i) =>
          i === k
            ? { ...a, cold: a.cold + x.coldCoins * 10n ** BigInt(a.decimals), own: a.own + x.own }
            : a
        );
        const after = evaluate({
          ...b,
          assets,
          fund: b.fund + x.fund,
          insurance: b.insurance + x.insurance,
          ownFunds: b.ownFunds + x.ownFunds,
        });
        expect(after.pass).toBe(true);
      }),
      { numRuns: 200 }
    );
    // every policy had passing books to add to (else the property would be vacuous for it)
    expect(Object.keys(tested).sort()).toEqual(Object.keys(POLICIES).sort());
  });

  it('adding liabilities never turns a fail into a pass', () => {
    fc.assert(
      fc.property(book, fc.nat(2), fc.bigInt({ min: 1n, max: 10n ** 22n }), (b, i, extra) => {
        const before = evaluate(b);
        fc.pre(!before.pass);
        const k = i % b.assets.length;
        const assets = b.assets.map((a, j) => (j === k ? { ...a, l: a.l + extra } : a));
        expect(evaluate({ ...b, assets }).pass).toBe(false);
      }),
      { numRuns: 200 }
    );
  });
});
