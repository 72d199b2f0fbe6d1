/**
 * Kura's own worked examples, computed by hand (arithmetic in the comments): a Japanese exchange
 * with an incident at awkward prices (every rounding point exercised), insurance hitting its cap
 * (and the yen that the cap's rounding costs), VARA capital across activities, and the
 * per-asset (Bahrain) versus aggregate (Singapore) cold-storage rules on the same books.
 */
import { describe, expect, it } from 'vitest';
import { caseFiles, check, JP_ASSETS, jpInputs, shipped, term } from '../test/fixtures.js';
import { evaluatePolicy } from './index.js';

describe('JP-FSA-2026: small exchange with a recent hack, odd prices', () => {
  // BTC at ¥15,000,000.5: liabilities 1,234.56789012, cold 1,200.5, hot 34.06789012, own 34.06789012
  // ETH at ¥450,000.25: liabilities 20,000.123456789012345678, cold 19,500,
  //   hot 500.123456789012345678, own 600.123456789012345678 (100 ETH above the hot backing)
  const assets = [
    {
      symbol: 'BTC',
      decimals: 8,
      price: '15000000.5',
      liabilities: '1234.56789012',
      cold: '1200.5',
      hot: '34.06789012',
      own: '34.06789012',
    },
    {
      symbol: 'ETH',
      decimals: 18,
      price: '450000.25',
      liabilities: '20000.123456789012345678',
      cold: '19500',
      hot: '500.123456789012345678',
      own: '600.123456789012345678',
    },
  ];
  const inputs = jpInputs({
    tradingVolumes: [
      { year: 2023, basis: 'spot-notional', amount: '40000000000', currency: 'JPY' },
      { year: 2024, basis: 'spot-notional', amount: '50000000001', currency: 'JPY' },
      { year: 2025, basis: 'spot-notional', amount: '60000000000', currency: 'JPY' },
      { year: 2025, basis: 'derivatives-notional', amount: '999000000000000', currency: 'JPY' },
    ],
    incidents: [
      {
        date: '2026-02-10',
        loss: '900000000',
        currency: 'JPY',
        description: 'hot wallet key compromise',
      },
      {
        date: '2019-08-01',
        loss: '3000000000',
        currency: 'JPY',
        description: 'earlier hack (outside 3 years, inside 10)',
      },
    ],
    averageCustomerAssets: { value: '40000000000', currency: 'JPY', lookbackYears: 3 },
    insurance: [
      {
        id: 'crime-2026',
        insurer: 'Example Marine & Fire',
        appliesTo: 'liabilityReserve',
        limit: '1500000001',
        deductible: '1',
        currency: 'JPY',
        start: '2026-04-01',
        end: '2027-04-01',
        cancellationNoticeDays: 90,
        thirdParty: true,
        authorisedInsurer: true,
        perils: ['unauthorised-outflow'],
      },
    ],
    reserveFund: [
      { class: 'cash-jpy-trust', amount: '400000000', currency: 'JPY' },
      { class: 'jgb', amount: '100000001', currency: 'JPY' },
      { class: 'listed-equity', amount: '900000000', currency: 'JPY' },
    ],
    securityEvidence: [
      { type: 'key-management-attestation', date: '2025-10-01', reference: 'HSM report 2025' },
      { type: 'independent-security-assessment', date: '2026-09-01', reference: 'pentest 2026-09' },
    ],
  });
  const ev = evaluatePolicy({ policy: shipped('JP-FSA-2026'), ...caseFiles(assets, inputs) });

  it('values per asset, rounded: liabilities up, holdings down', () => {
    // L: 1,234.56789012 × 15,000,000.5 = 18,518,518,969.08394506 → 18,518,518,970
    //    20,000.123456789012345678 × 450,000.25 = 9,000,060,555.5859… → 9,000,060,556
    expect(term(ev, 'liabilitiesValue')).toBe('27518579526');
    // cold: 1,200.5 × 15,000,000.5 = 18,007,500,600.25 → 18,007,500,600; 19,500 × 450,000.25 = 8,775,004,875
    expect(term(ev, 'customerColdValue')).toBe('26782505475');
    // hot: 34.06789012 × 15,000,000.5 = 511,018,368.83394506 → 511,018,368;
    //      500.123456789012345678 × 450,000.25 = 225,055,680.5859… → 225,055,680
    expect(term(ev, 'customerHotValue')).toBe('736074048');
    // cold share 26,782,505,475 / 27,518,579,523 = 0.97325174… → 0.973251
    expect(term(ev, 'coldRatio')).toBe('0.973251');
    // required cold = ceil(0.95 × 27,518,579,523) = ceil(26,142,650,546.85) = 26,142,650,547
    expect(check(ev, 'coldStorage')).toMatchObject({
      required: '26142650547',
      actual: '26782505475',
      pass: true,
    });
    expect(check(ev, 'hotBacking:ETH')).toMatchObject({
      required: '500.123456789012345678',
      actual: '600.123456789012345678',
      pass: true,
    });
  });

  it('components, incident multiplier, largest-loss floor, security evidence age, bounds', () => {
    // average spot volume = ceil((40,000,000,000 + 50,000,000,001 + 60,000,000,000) / 3)
    //   = ceil(50,000,000,000.33…) = 50,000,000,001 (the derivatives line is another basis)
    expect(term(ev, 'volumeAverage:volume')).toBe('50000000001');
    // first tier only: ceil(0.0003 × 50,000,000,001) = ceil(15,000,000.0003) = 15,000,001
    expect(term(ev, 'component:volume')).toBe('15000001');
    // custody: ceil(0.01 × 26,782,505,475) = ceil(267,825,054.75) = 267,825,055
    expect(term(ev, 'component:coldCustody')).toBe('267825055');
    expect(term(ev, 'baseReserve')).toBe('267825055');
    // 3-year window (2023-11-30, 2026-11-30]: only the 2026 loss, 900,000,000
    expect(term(ev, 'incidentLosses')).toBe('900000000');
    // loss rate = 900,000,000 / 40,000,000,000 = 0.0225 → band (0.01, ∞) → 2
    expect(term(ev, 'lossRate')).toBe('0.022500000');
    expect(term(ev, 'incidentMultiplier')).toBe('2');
    // 10-year window includes the 2019 loss: ceil(0.5 × 3,000,000,000) = 1,500,000,000
    expect(term(ev, 'largestLossFloor')).toBe('1500000000');
    // HSM attestation is 425 days old (> 365): not applied; the assessment (90 days) applies: 0.95
    expect(term(ev, 'security:key-management')).toBe('1');
    expect(term(ev, 'security:security-audit')).toBe('0.95');
    expect(term(ev, 'securityMultiplier')).toBe('0.95');
    // max(ceil(267,825,055 × 2 × 0.95) = ceil(508,867,604.5) = 508,867,605, 1,500,000,000)
    expect(term(ev, 'reserveBeforeBounds')).toBe('1500000000');
    // the reported ¥2bn lower bound binds
    expect(ev.requiredReserve).toBe('2000000000');
  });

  it('offsets and assets: insurance capped, haircuts floored, ineligible class counts 0; FAIL', () => {
    // credit 1,500,000,001 − 1 = 1,500,000,000; cap floor(0.5 × 2,000,000,000) = 1,000,000,000
    expect(term(ev, 'insurance:crime-2026')).toBe('1500000000');
    expect(term(ev, 'insuranceOffset')).toBe('1000000000');
    // JGB floor(100,000,001 × 0.98) = floor(98,000,000.98) = 98,000,000
    expect(term(ev, 'reserveAsset:jgb')).toBe('98000000');
    // on-chain excess: 100 ETH own above the backing; floor(100 × 450,000.25) = 45,000,025;
    // after the 0.5 haircut floor(22,500,012.5) = 22,500,012
    expect(term(ev, 'reserveAsset:onchain-excess')).toBe('22500012');
    expect(term(ev, 'reserveAsset:listed-equity')).toBe('0');
    // 400,000,000 + 98,000,000 + 22,500,012 = 520,500,012
    expect(term(ev, 'reserveAssets')).toBe('520500012');
    // 520,500,012 + 1,000,000,000 = 1,520,500,012 < 2,000,000,000
    expect(check(ev, 'liabilityReserve')).toMatchObject({
      required: '2000000000',
      actual: '1520500012',
      pass: false,
    });
    expect(ev.pass).toBe(false);
  });
});

describe('JP-FSA-2026: insurance hits its cap, and the cap rounds down', () => {
  // The reference exchange with BTC at ¥10,000,000.3 and a ¥9bn policy.
  const assets = JP_ASSETS.map((a) => (a.symbol === 'BTC' ? { ...a, price: '10000000.3' } : a));
  const withCash = (cash: string) =>
    jpInputs({
      insurance: [{ ...(jpInputs().insurance as object[])[0], limit: '9000000000' }],
      reserveFund: [{ class: 'cash-jpy-trust', amount: cash, currency: 'JPY' }],
    });
  const evaluate = (cash: string) =>
    evaluatePolicy({ policy: shipped('JP-FSA-2026'), ...caseFiles(assets, withCash(cash)) });

  it('R = 7,003,400,133; cap floor(3,501,700,066.5) = 3,501,700,066 binds below the ¥9bn limit', () => {
    const ev = evaluate('3501700067');
    // BTC cold 48,700 × 10,000,000.3 = 487,000,014,610; cold total + 194bn + 95bn = 776,000,014,610
    expect(term(ev, 'customerColdValue')).toBe('776000014610');
    // custody ceil(7,760,000,146.1) = 7,760,000,147; R = ceil(7,760,000,147 × 0.9025)
    //   = ceil(7,003,400,132.6675) = 7,003,400,133
    expect(term(ev, 'component:coldCustody')).toBe('7760000147');
    expect(ev.requiredReserve).toBe('7003400133');
    expect(term(ev, 'insurance:cyber-2026')).toBe('9000000000');
    expect(term(ev, 'insuranceCap')).toBe('3501700066');
    expect(term(ev, 'insuranceOffset')).toBe('3501700066');
    // 3,501,700,067 + 3,501,700,066 = 7,003,400,133 = R: PASS exactly
    expect(check(ev, 'liabilityReserve')).toMatchObject({
      required: '7003400133',
      actual: '7003400133',
      pass: true,
    });
    expect(ev.pass).toBe(true);
  });

  it('one yen less cash fails: the half yen dropped from the cap is not given back', () => {
    const ev = evaluate('3501700066');
    expect(check(ev, 'liabilityReserve')).toMatchObject({
      required: '7003400133',
      actual: '7003400132',
      pass: false,
    });
    expect(ev.pass).toBe(false);
  });
});

describe('HK-SFC-VATP: insurance above the arrangement counts only up to 100% of it', () => {
  const assets = [
    {
      symbol: 'BTC',
      decimals: 8,
      price: '500000.01',
      liabilities: '100',
      cold: '98.5',
      hot: '1.5',
      own: '0',
    },
  ];
  const ins = (id: string, limit: string, thirdParty: boolean) => ({
    id,
    insurer: 'X',
    appliesTo: 'liabilityReserve',
    limit,
    deductible: '0',
    currency: 'HKD',
    start: '2026-01-01',
    end: '2026-12-31',
    cancellationNoticeDays: 30,
    thirdParty,
    authorisedInsurer: true,
    perils: [],
  });
  const ev = evaluatePolicy({
    policy: shipped('HK-SFC-VATP'),
    ...caseFiles(assets, {
      format: 'kura-policy-inputs/1',
      reportingCurrency: 'HKD',
      licenceClasses: ['vatp'],
      ownFunds: { amount: '5000000', currency: 'HKD' },
      insurance: [ins('big', '100000000.00', true), ins('captive', '50000000', false)],
    }),
  });
  it('arrangement = 0.5 × 49,250,000.98 + 1 × 750,000.01 = 25,375,000.50; offset = all of it', () => {
    // cold 98.5 × 500,000.01 = 49,250,000.985 → 49,250,000.98; hot 1.5 × 500,000.01 = 750,000.015 → 750,000.01
    // ceil(24,625,000.49 + 750,000.01) = 25,375,000.50
    expect(term(ev, 'component:compensation')).toBe('25375000.50');
    // the captive (not third-party) policy does not count
    expect(term(ev, 'insurance:captive')).toBe('0.00');
    expect(term(ev, 'insurance:big')).toBe('100000000.00');
    expect(term(ev, 'insuranceCap')).toBe('25375000.50');
    expect(term(ev, 'insuranceOffset')).toBe('25375000.50');
    expect(check(ev, 'liabilityReserve').pass).toBe(true);
    expect(ev.pass).toBe(true);
  });
});

describe('Dubai-VARA: capital adds up across licensed activities', () => {
  const assets = [
    {
      symbol: 'BTC',
      decimals: 8,
      price: '350000',
      liabilities: '10',
      cold: '9',
      hot: '1',
      own: '0',
    },
  ];
  const inputs = (own: string) => ({
    format: 'kura-policy-inputs/1',
    reportingCurrency: 'AED',
    licenceClasses: ['exchange', 'custody', 'advisory'],
    fixedOverheads: { amount: '10000000.00', currency: 'AED', period: 'FY2025' },
    ownFunds: { amount: own, currency: 'AED' },
  });
  it('max(1.5m, 2.5m) + max(0.6m, 2.5m) + 0.1m = AED 5,100,000.00', () => {
    const ev = evaluatePolicy({
      policy: shipped('Dubai-VARA'),
      ...caseFiles(assets, inputs('5100000.00')),
    });
    expect(term(ev, 'capital:exchange')).toBe('2500000.00');
    expect(term(ev, 'capital:custody')).toBe('2500000.00');
    expect(term(ev, 'capital:advisory:fixedMinimum')).toBe('100000.00');
    expect(term(ev, 'capitalRequirement')).toBe('5100000.00');
    expect(ev.pass).toBe(true);
    const short = evaluatePolicy({
      policy: shipped('Dubai-VARA'),
      ...caseFiles(assets, inputs('5099999.99')),
    });
    expect(check(short, 'capital')).toMatchObject({
      required: '5100000.00',
      actual: '5099999.99',
      pass: false,
    });
    expect(short.pass).toBe(false);
  });
});

describe('cold storage: per asset (Bahrain) versus aggregate (Singapore) on the same books', () => {
  // BTC 89.9% cold, ETH 99% cold; by value ETH dominates, so the aggregate share is above 90%.
  const assets = [
    {
      symbol: 'BTC',
      decimals: 8,
      price: '30000',
      liabilities: '1000',
      cold: '899',
      hot: '101',
      own: '0',
    },
    {
      symbol: 'ETH',
      decimals: 18,
      price: '1000',
      liabilities: '1000000',
      cold: '990000',
      hot: '10000',
      own: '0',
    },
  ];
  it('Bahrain fails BTC alone: 899 < ceil(0.9 × 1,000) = 900', () => {
    const ev = evaluatePolicy({
      policy: shipped('BH-CBB-CRA'),
      ...caseFiles(assets, { format: 'kura-policy-inputs/1', reportingCurrency: 'BHD' }),
    });
    expect(check(ev, 'coldStorage:BTC')).toMatchObject({
      required: '900.00000000',
      actual: '899.00000000',
      pass: false,
    });
    expect(check(ev, 'coldStorage:ETH').pass).toBe(true);
    expect(ev.pass).toBe(false);
  });
  it('Singapore passes: cold 26,970,000 + 990,000,000 ≥ ceil(0.9 × 1,030,000,000) = 927,000,000', () => {
    const ev = evaluatePolicy({
      policy: shipped('SG-MAS-DPT'),
      ...caseFiles(assets, { format: 'kura-policy-inputs/1', reportingCurrency: 'SGD' }),
    });
    expect(check(ev, 'coldStorage')).toMatchObject({
      required: '927000000.00',
      actual: '1016970000.00',
      pass: true,
    });
    expect(ev.pass).toBe(true);
  });
});
