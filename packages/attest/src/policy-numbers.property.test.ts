/**
 * No false alarm (fast-check): every evaluation @kura/policy itself produces — random books under
 * every shipped policy, both verdicts, with incidents, insurance, reserve funds, security
 * evidence — satisfies every relation `checkPolicyNumbers` checks. A self-consistency check that
 * refused an honest document would be as bad as one that passed a forged one.
 */
import { formatUnits } from '@kura/codec';
import { evaluatePolicy } from '@kura/policy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseFiles, shipped } from '../../policy/test/fixtures.js';
import type { Attestation } from './attestation.js';
import { checkPolicyNumbers } from './policy-numbers.js';

const POLICIES: Record<string, { ccy: string; dec: number; classes: string[]; fund: string[] }> = {
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
const BYTES = Object.fromEntries(Object.keys(POLICIES).map((id) => [id, shipped(id)]));
const SYMBOLS = ['BTC', 'ETH', 'XRP'];

const asset = fc
  .record({
    decimals: fc.integer({ min: 0, max: 18 }),
    price: fc.oneof(
      fc.integer({ min: 1, max: 20_000_000 }).map(String),
      fc
        .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 999 }))
        .map(([a, b]) => `${a}.${String(b).padStart(3, '0')}`)
    ),
    l: fc.bigInt({ min: 0n, max: 10n ** 22n }),
    coldPermille: fc.bigInt({ min: 0n, max: 1100n }),
    hotPermille: fc.bigInt({ min: 0n, max: 100n }),
    ownPermille: fc.bigInt({ min: 0n, max: 100n }),
  })
  .map(({ decimals, price, l, coldPermille, hotPermille, ownPermille }) => ({
    decimals,
    price,
    l,
    cold: (l * coldPermille) / 1000n,
    hot: (l * hotPermille) / 1000n,
    own: (l * ownPermille) / 1000n,
  }));

const book = fc.record({
  policy: fc.constantFrom(...Object.keys(POLICIES)),
  assets: fc.array(asset, { minLength: 1, maxLength: 3 }),
  fund: fc.bigInt({ min: 0n, max: 10n ** 13n }),
  insurance: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  ownFunds: fc.bigInt({ min: 0n, max: 10n ** 9n }),
  loss: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  volume: fc.bigInt({ min: 0n, max: 10n ** 14n }),
  evidence: fc.boolean(),
});

describe('checkPolicyNumbers never refuses an evaluation @kura/policy produced', () => {
  it('property: random books under every shipped policy → no mismatch', () => {
    fc.assert(
      fc.property(book, (b) => {
        const p = POLICIES[b.policy]!;
        const m = (v: bigint) => formatUnits(v * 10n ** BigInt(p.dec), p.dec);
        const assets = b.assets.map((a, i) => ({
          symbol: SYMBOLS[i]!,
          decimals: a.decimals,
          price: a.price,
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
          fixedOverheads: { amount: m(b.ownFunds), currency: p.ccy, period: 'FY2025' },
          ownFunds: { amount: m(b.ownFunds), currency: p.ccy },
          securityEvidence: b.evidence
            ? [
                { type: 'independent-security-assessment', date: '2026-10-01', reference: 'r' },
                { type: 'key-management-attestation', date: '2026-10-01', reference: 'r' },
              ]
            : [],
        };
        const files = caseFiles(assets, inputs);
        const ev = evaluatePolicy({ policy: BYTES[b.policy]!, ...files });
        const root = JSON.parse(files.liabilities) as {
          assets: { symbol: string; decimals: number }[];
          totals: string[];
        };
        const withPrices = JSON.parse(files.inputs) as { prices: { price: string }[] };
        // the members checkPolicyNumbers reads, as an attestation of these files holds them
        const doc = {
          liabilities: { assets: root.assets, totals: root.totals },
          reserves: {
            assets: b.assets.map((a, i) => ({
              asset: SYMBOLS[i]!,
              total: String(a.cold + a.hot + a.own),
              customerCold: String(a.cold),
              customerHot: String(a.hot),
              exchangeOwn: String(a.own),
            })),
          },
          prices: withPrices.prices,
          policy: ev,
        } as unknown as Attestation;
        expect(checkPolicyNumbers(doc)).toBeNull();
        // and the check is not vacuous on these documents: one flipped flag is caught
        const flipped = {
          ...doc,
          policy: {
            ...ev,
            checks: ev.checks.map((c, i) => (i === 0 ? { ...c, pass: !c.pass } : c)),
          },
        } as unknown as Attestation;
        expect(checkPolicyNumbers(flipped)?.code).toBe('POLICY_CHECK_PASS_MISMATCH');
      }),
      { numRuns: 300 }
    );
  });
});
