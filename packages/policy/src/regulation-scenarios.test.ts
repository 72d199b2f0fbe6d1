/**
 * The four worked examples of regulation.md §7.3 (inputs: policy-examples/scenarios/*.json),
 * reproduced to the last yen / cent with Kura's own policy files. The scenario files give values
 * in the reporting currency; the fixtures turn them into coin amounts at round prices so the
 * values are exact (see JP_ASSETS in test/fixtures.ts).
 */
import { describe, expect, it } from 'vitest';
import { caseFiles, check, JP_ASSETS, jpInputs, shipped, term } from '../test/fixtures.js';
import { evaluatePolicy } from './index.js';

function run(
  policy: string,
  assets: Parameters<typeof caseFiles>[0],
  inputs: Record<string, unknown>
) {
  const f = caseFiles(assets, inputs);
  return evaluatePolicy({ policy: shipped(policy), ...f });
}

describe('JP-FSA-2026, reference exchange without incidents (§7.3 row 1)', () => {
  const ev = run('JP-FSA-2026', JP_ASSETS, jpInputs());

  it('custody: in-kind, 95% cold (aggregate), same-kind hot backing', () => {
    // customer holdings: cold 487bn + 194bn + 95bn = 776,000,000,000; hot 13 + 6 + 5 = 24,000,000,000
    expect(term(ev, 'customerColdValue')).toBe('776000000000');
    expect(term(ev, 'customerHotValue')).toBe('24000000000');
    expect(term(ev, 'liabilitiesValue')).toBe('800000000000');
    // cold share 776 / 800 = 0.97
    expect(term(ev, 'coldRatio')).toBe('0.970000');
    // required cold = ceil(0.95 × 800,000,000,000) = 760,000,000,000
    expect(check(ev, 'coldStorage')).toEqual({
      id: 'coldStorage',
      label: expect.any(String),
      required: '760000000000',
      actual: '776000000000',
      pass: true,
      unit: 'JPY',
    });
    expect(check(ev, 'inKind:BTC')).toMatchObject({
      required: '50000.00000000',
      actual: '50000.00000000',
      pass: true,
    });
    expect(check(ev, 'hotBacking:ETH')).toMatchObject({
      required: '12000.000000000000000000',
      actual: '12000.000000000000000000',
      pass: true,
    });
    expect(check(ev, 'hotBacking:XRP').pass).toBe(true);
  });

  it('liability reserve = ¥7,003,400,000 and passes with insurance capped at 50%', () => {
    // average volume = ceil((5tn + 6tn + 7tn) / 3) = 6,000,000,000,000
    expect(term(ev, 'volumeAverage:volume')).toBe('6000000000000');
    // marginal tiers: 0.0003 × 1tn + 0.0002 × 4tn + 0.0001 × 1tn = 300m + 800m + 100m = 1,200,000,000
    expect(term(ev, 'component:volume')).toBe('1200000000');
    // custody: 0.01 × 776,000,000,000 (cold) + 0 × 24,000,000,000 (hot) = 7,760,000,000
    expect(term(ev, 'component:coldCustody')).toBe('7760000000');
    // combine max(1.2bn, 7.76bn)
    expect(term(ev, 'baseReserve')).toBe('7760000000');
    // no losses → multiplier 1
    expect(term(ev, 'lossRate')).toBe('0');
    expect(term(ev, 'incidentMultiplier')).toBe('1');
    // security: cold 97% < 99% → not applied; HSM 0.95 × audit 0.95 = 0.9025 (within [0.8, 1])
    expect(term(ev, 'security:cold-ratio-99')).toBe('1');
    expect(term(ev, 'securityMultiplier')).toBe('0.9025');
    // R = ceil(7,760,000,000 × 1 × 0.9025) = 7,003,400,000; bounds [2bn, 40bn] do not bind
    expect(term(ev, 'reserveBeforeBounds')).toBe('7003400000');
    expect(term(ev, 'requiredReserve')).toBe('7003400000');
    expect(ev.requiredReserve).toBe('7003400000');
    // insurance: limit 5bn − 0; cap floor(0.5 × 7,003,400,000) = 3,501,700,000 → counts 3,501,700,000
    expect(term(ev, 'insurance:cyber-2026')).toBe('5000000000');
    expect(term(ev, 'insuranceCap')).toBe('3501700000');
    expect(term(ev, 'insuranceOffset')).toBe('3501700000');
    // assets: cash 3,000,000,000 + JGB floor(600,000,000 × 0.98) = 588,000,000 → 3,588,000,000
    expect(term(ev, 'reserveAsset:jgb')).toBe('588000000');
    expect(term(ev, 'reserveAsset:onchain-excess')).toBe('0');
    expect(term(ev, 'reserveAssets')).toBe('3588000000');
    // 3,588,000,000 + 3,501,700,000 = 7,089,700,000 ≥ 7,003,400,000
    expect(check(ev, 'liabilityReserve')).toMatchObject({
      required: '7003400000',
      actual: '7089700000',
      pass: true,
    });
    // published ratio (776 + 24 + 24 + 3.588 + 3.5017)bn / 800bn = 1.038862125 → 103.8862% (§7.3: 103.9%)
    expect(term(ev, 'regulatoryCoverageRatio')).toBe('1.038862');
    expect(ev.pass).toBe(true);
  });

  it('names the provenance: the reserve is an assumption, the cold rule law', () => {
    const t = (id: string) => ev.terms.find((x) => x.id === id);
    expect(t('requiredReserve')?.provenance.kind).toBe('assumption');
    expect(t('coldRequired')?.provenance.kind).toBe('law');
    expect(t('coldRequired')?.provenance.parameters).toEqual([
      '/custody/coldStorage/minRatio',
      '/custody/coldStorage/basis',
    ]);
    expect(ev.id).toBe('JP-FSA-2026');
    expect(ev.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ev.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((ev.inputs as { reportingCurrency: string }).reportingCurrency).toBe('JPY');
  });
});

describe('JP-FSA-2026, reference exchange with a ¥2bn hack (§7.3 row 2)', () => {
  const ev = run(
    'JP-FSA-2026',
    JP_ASSETS,
    jpInputs({
      incidents: [
        { date: '2025-05-31', loss: '2000000000', currency: 'JPY', description: 'hot wallet hack' },
      ],
    })
  );
  it('R = ¥10,505,100,000; insurance limit binds; FAIL', () => {
    expect(term(ev, 'incidentLosses')).toBe('2000000000');
    // loss rate = ceil9(2,000,000,000 / 750,000,000,000) = ceil9(0.0026666…) = 0.002666667 → band (0.001, 0.01] → 1.5
    expect(term(ev, 'lossRate')).toBe('0.002666667');
    expect(term(ev, 'incidentMultiplier')).toBe('1.5');
    // largest-loss floor = ceil(0.5 × 2,000,000,000) = 1,000,000,000
    expect(term(ev, 'largestLossFloor')).toBe('1000000000');
    // R = max(ceil(7,760,000,000 × 1.5 × 0.9025), 1,000,000,000) = 10,505,100,000
    expect(ev.requiredReserve).toBe('10505100000');
    // cap floor(0.5 × 10,505,100,000) = 5,252,550,000 > limit 5,000,000,000 → the limit binds
    expect(term(ev, 'insuranceCap')).toBe('5252550000');
    expect(term(ev, 'insuranceOffset')).toBe('5000000000');
    // 3,588,000,000 + 5,000,000,000 = 8,588,000,000 < 10,505,100,000 (funded 5.51bn vs 3.59bn of assets)
    expect(check(ev, 'liabilityReserve')).toMatchObject({
      required: '10505100000',
      actual: '8588000000',
      pass: false,
    });
    expect(ev.pass).toBe(false);
    // the custody checks still pass: only the reserve is short
    expect(ev.checks.filter((c) => !c.pass).map((c) => c.id)).toEqual(['liabilityReserve']);
  });
});

describe('HK-SFC-VATP (§7.3 row 3)', () => {
  // HK$6bn BTC at HK$500,000 = 12,000 BTC (cold 11,820 = HK$5.91bn, hot 180 = HK$0.09bn);
  // HK$4bn ETH at HK$20,000 = 200,000 ETH (cold 197,000 = HK$3.94bn, hot 3,000 = HK$0.06bn)
  const assets = [
    {
      symbol: 'BTC',
      decimals: 8,
      price: '500000',
      liabilities: '12000',
      cold: '11820',
      hot: '180',
      own: '0',
    },
    {
      symbol: 'ETH',
      decimals: 18,
      price: '20000',
      liabilities: '200000',
      cold: '197000',
      hot: '3000',
      own: '0',
    },
  ];
  const inputs = {
    format: 'kura-policy-inputs/1',
    reportingCurrency: 'HKD',
    licenceClasses: ['vatp'],
    ownFunds: { amount: '10000000.00', currency: 'HKD' },
    insurance: [
      {
        id: 'custody-cover',
        insurer: 'Example Insurance (HK)',
        appliesTo: 'liabilityReserve',
        limit: '3000000000',
        deductible: '0',
        currency: 'HKD',
        start: '2026-01-01',
        end: '2026-12-31',
        cancellationNoticeDays: 30,
        thirdParty: true,
        authorisedInsurer: true,
        perils: ['theft'],
      },
    ],
    reserveFund: [
      { class: 'demand-deposit-on-trust', amount: '1500000000', currency: 'HKD' },
      { class: 'fixed-deposit-on-trust', amount: '600000000', currency: 'HKD' },
    ],
  };
  const ev = run('HK-SFC-VATP', assets, inputs);
  it('arrangement HK$5,075,000,000; funded HK$2,075,000,000 ≤ HK$2,100,000,000: PASS', () => {
    // cold share 9.85 / 10 = 0.985 ≥ 0.98: required ceil(0.98 × 10,000,000,000.00) = 9,800,000,000.00
    expect(term(ev, 'coldRatio')).toBe('0.985000');
    expect(check(ev, 'coldStorage')).toMatchObject({
      required: '9800000000.00',
      actual: '9850000000.00',
      pass: true,
    });
    // 0.5 × 9,850,000,000.00 (cold) + 1 × 150,000,000.00 (hot and other) = 5,075,000,000.00
    expect(term(ev, 'component:compensation')).toBe('5075000000.00');
    expect(ev.requiredReserve).toBe('5075000000.00');
    // insurance HK$3bn, cap 100% → counts 3,000,000,000.00; deposits 1.5bn + 0.6bn (no haircut)
    expect(term(ev, 'insuranceOffset')).toBe('3000000000.00');
    expect(term(ev, 'reserveAssets')).toBe('2100000000.00');
    expect(check(ev, 'liabilityReserve')).toMatchObject({
      required: '5075000000.00',
      actual: '5100000000.00',
      pass: true,
    });
    expect(check(ev, 'capital')).toMatchObject({
      required: '5000000.00',
      actual: '10000000.00',
      pass: true,
    });
    expect(ev.pass).toBe(true);
  });
});

describe('EU-MiCA class 3 (§7.3 row 4)', () => {
  // €300m BTC at €50,000 = 6,000 BTC (cold 5,600, hot 400); €100m ETH at €2,000 = 50,000 ETH (45,000 / 5,000)
  const assets = [
    {
      symbol: 'BTC',
      decimals: 8,
      price: '50000',
      liabilities: '6000',
      cold: '5600',
      hot: '400',
      own: '0',
    },
    {
      symbol: 'ETH',
      decimals: 18,
      price: '2000',
      liabilities: '50000',
      cold: '45000',
      hot: '5000',
      own: '0',
    },
  ];
  const inputs = (own: string) => ({
    format: 'kura-policy-inputs/1',
    reportingCurrency: 'EUR',
    licenceClasses: ['3'],
    fixedOverheads: {
      amount: '4000000',
      currency: 'EUR',
      period: 'FY2025',
      basis: 'audited, Art. 67(3) exclusions applied',
    },
    ownFunds: { amount: own, currency: 'EUR' },
  });
  it('requirement = max(€150,000.00, ceil(0.25 × €4,000,000)) = €1,000,000.00', () => {
    const ev = run('EU-MiCA', assets, inputs('1000000.00'));
    expect(term(ev, 'capital:3:fixedMinimum')).toBe('150000.00');
    expect(term(ev, 'capital:3:overheadShare')).toBe('1000000.00');
    expect(term(ev, 'capitalRequirement')).toBe('1000000.00');
    expect(check(ev, 'capital')).toMatchObject({
      required: '1000000.00',
      actual: '1000000.00',
      pass: true,
    });
    // no liability reserve in MiCA
    expect(ev.requiredReserve).toBe('0.00');
    expect(ev.pass).toBe(true);
  });
  it('one cent short fails', () => {
    const ev = run('EU-MiCA', assets, inputs('999999.99'));
    expect(check(ev, 'capital')).toMatchObject({
      required: '1000000.00',
      actual: '999999.99',
      pass: false,
    });
    expect(ev.pass).toBe(false);
  });
});
