/**
 * Bad policy and input files are rejected with an `InputError` (code BAD_INPUT) whose message
 * names the file, the line and the field at fault — never a partial evaluation.
 */
import { InputError, KuraError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { caseFiles, JP_ASSETS, type Json, jpInputs, shipped } from '../test/fixtures.js';
import { evaluatePolicy, parsePolicy } from './index.js';

const jpPolicy = (): Json => JSON.parse(new TextDecoder().decode(shipped('JP-FSA-2026')));

/** Evaluate with a mutated policy and/or inputs and return the thrown error. */
function errorOf(opts: {
  policy?: (p: Json) => void;
  inputs?: (i: Json) => void;
  files?: (f: { liabilities: Json; reserves: Json }) => void;
}): KuraError {
  const p = jpPolicy();
  opts.policy?.(p);
  const inputs = jpInputs();
  const f = caseFiles(JP_ASSETS, inputs);
  const i = JSON.parse(f.inputs);
  opts.inputs?.(i);
  const data = { liabilities: JSON.parse(f.liabilities), reserves: JSON.parse(f.reserves) };
  opts.files?.(data);
  try {
    evaluatePolicy({
      policy: JSON.stringify(p, null, 2),
      inputs: JSON.stringify(i, null, 2),
      liabilities: JSON.stringify(data.liabilities, null, 2),
      reserves: JSON.stringify(data.reserves, null, 2),
      files: {
        policy: 'policy.json',
        inputs: 'inputs.json',
        liabilities: 'root.json',
        reserves: 'evidence.json',
      },
    });
  } catch (e) {
    expect(e).toBeInstanceOf(KuraError);
    return e as KuraError;
  }
  throw new Error('expected a rejection');
}

/** Assert the error is a BAD_INPUT naming this file and field, at the line where the field is. */
function expectAt(e: KuraError, file: string, field: string, reason: RegExp): void {
  expect(e).toBeInstanceOf(InputError);
  const ie = e as InputError;
  expect(ie.code).toBe('BAD_INPUT');
  expect(ie.location.file).toBe(file);
  expect(ie.location.field).toBe(field);
  expect(ie.location.line).toBeGreaterThan(0);
  expect(ie.message).toContain(`${file}:${ie.location.line}: field "${field}"`);
  expect(ie.reason).toMatch(reason);
}

describe('bad policy files', () => {
  it('unknown field', () => {
    const e = errorOf({ policy: (p) => (p.custody.coldStorage.extra = 1) });
    expectAt(e, 'policy.json', '$.custody.coldStorage.extra', /unknown field "extra"/);
  });
  it('the line number points at the field', () => {
    const p = jpPolicy();
    p.custody.coldStorage.minRatio.value = '1.5';
    const text = JSON.stringify(p, null, 2);
    const line = text.slice(0, text.indexOf('"1.5"')).split('\n').length;
    try {
      parsePolicy(text, 'p.json');
      throw new Error('accepted');
    } catch (e) {
      expectAt(e as KuraError, 'p.json', '$.custody.coldStorage.minRatio.value', /at most 1/);
      expect((e as InputError).location.line).toBe(line);
    }
  });
  it('negative rate', () => {
    const e = errorOf({
      policy: (p) => (p.liabilityReserve.components[0].tiers.value[1].rate = '-0.0002'),
    });
    expectAt(
      e,
      'policy.json',
      '$.liabilityReserve.components[0].tiers.value[1].rate',
      /must not be negative/
    );
  });
  it('negative custody rate', () => {
    const e = errorOf({
      policy: (p) => (p.liabilityReserve.components[1].rates.cold.value = '-0.01'),
    });
    expectAt(
      e,
      'policy.json',
      '$.liabilityReserve.components[1].rates.cold.value',
      /must not be negative/
    );
  });
  it('bounds with min > max', () => {
    const e = errorOf({ policy: (p) => (p.liabilityReserve.bounds.min.value = '40000000001') });
    expectAt(e, 'policy.json', '$.liabilityReserve.bounds.min', /min is greater than max/);
  });
  it('missing provenance', () => {
    const e = errorOf({ policy: (p) => delete p.custody.coldStorage.minRatio.provenance });
    expectAt(e, 'policy.json', '$.custody.coldStorage.minRatio', /missing "provenance"/);
  });
  it('an assumption without its reason', () => {
    const e = errorOf({
      policy: (p) => delete p.liabilityReserve.insurance.maxFraction.provenance.reason,
    });
    expectAt(
      e,
      'policy.json',
      '$.liabilityReserve.insurance.maxFraction.provenance',
      /must state its "reason"/
    );
  });
  it('an unknown provenance kind', () => {
    const e = errorOf({
      policy: (p) => (p.custody.hotWalletBacking.ratio.provenance.kind = 'rumour'),
    });
    expectAt(
      e,
      'policy.json',
      '$.custody.hotWalletBacking.ratio.provenance.kind',
      /expected one of "law"/
    );
  });
  it('a rate written as a JSON number (floats are refused)', () => {
    const p = jpPolicy();
    const text = JSON.stringify(p, null, 2).replace('"value": "0.95"', '"value": 0.95');
    expect(() => parsePolicy(text, 'p.json')).toThrow(
      /p\.json:\d+:\d+: field "\$\.custody\.coldStorage\.minRatio\.value": number 0\.95/
    );
  });
  it('tiers out of order and incident bands with a gap', () => {
    let e = errorOf({
      policy: (p) => (p.liabilityReserve.components[0].tiers.value[1].upTo = '500'),
    });
    expectAt(
      e,
      'policy.json',
      '$.liabilityReserve.components[0].tiers.value[1].upTo',
      /must increase/
    );
    e = errorOf({
      policy: (p) => (p.liabilityReserve.incidentHistory.table.value[2].above = '0.002'),
    });
    expectAt(
      e,
      'policy.json',
      '$.liabilityReserve.incidentHistory.table.value[2].above',
      /contiguous/
    );
  });
  it('security floor above cap', () => {
    const e = errorOf({ policy: (p) => (p.liabilityReserve.securityPosture.floor.value = '1.1') });
    expectAt(
      e,
      'policy.json',
      '$.liabilityReserve.securityPosture.floor',
      /floor is greater than cap/
    );
  });
  it('money with more fraction digits than the currency has', () => {
    const e = errorOf({ policy: (p) => (p.liabilityReserve.bounds.max.value = '40000000000.5') });
    expectAt(e, 'policy.json', '$.liabilityReserve.bounds.max.value', /at most 0 fraction digit/);
  });
  it('a duplicate key is refused by the strict parser', () => {
    const text = new TextDecoder()
      .decode(shipped('JP-PSA'))
      .replace('"version": "1.0.0",', '"version": "1.0.0", "version": "1.0.1",');
    expect(() => parsePolicy(text, 'dup.json')).toThrow(
      /dup\.json:\d+:\d+: field "\$\.version": duplicate member/
    );
  });
});

describe('bad inputs files', () => {
  it('a price missing for an asset in the liabilities', () => {
    const e = errorOf({
      inputs: (i) => (i.prices = i.prices.filter((p: Json) => p.asset !== 'ETH')),
    });
    expectAt(e, 'inputs.json', '$.prices', /missing a price for "ETH"/);
  });
  it('a price in another currency', () => {
    const e = errorOf({ inputs: (i) => (i.prices[1].currency = 'USD') });
    expectAt(
      e,
      'inputs.json',
      '$.prices[1].currency',
      /currency mismatch: USD is not the reporting currency JPY/
    );
  });
  it('inputs in another reporting currency than the policy', () => {
    const e = errorOf({
      inputs: (i) => {
        i.reportingCurrency = 'USD';
        for (const k of ['prices', 'tradingVolumes', 'insurance', 'reserveFund'])
          for (const x of i[k]) x.currency = 'USD';
        i.averageCustomerAssets.currency = 'USD';
        i.ownFunds.currency = 'USD';
      },
    });
    expectAt(
      e,
      'inputs.json',
      '$.reportingCurrency',
      /currency mismatch: policy JP-FSA-2026 reports in JPY/
    );
  });
  it('unknown field', () => {
    const e = errorOf({ inputs: (i) => (i.reserveFund[0].haircut = '0') });
    expectAt(e, 'inputs.json', '$.reserveFund[0].haircut', /unknown field "haircut"/);
  });
  it('negative amount', () => {
    const e = errorOf({
      inputs: (i) =>
        (i.incidents = [{ date: '2026-01-01', loss: '-5', currency: 'JPY', description: 'x' }]),
    });
    expectAt(e, 'inputs.json', '$.incidents[0].loss', /must not be negative/);
  });
  it('yen with a fraction', () => {
    const e = errorOf({ inputs: (i) => (i.reserveFund[0].amount = '3000000000.5') });
    expectAt(e, 'inputs.json', '$.reserveFund[0].amount', /at most 0 fraction digit/);
  });
  it('too few years of volume for the averaging window', () => {
    const e = errorOf({ inputs: (i) => i.tradingVolumes.pop() });
    expectAt(
      e,
      'inputs.json',
      '$.tradingVolumes',
      /averages 3 years of "spot-notional" volume; the inputs give 2/
    );
  });
  it('an unknown licence class', () => {
    const e = errorOf({ inputs: (i) => (i.licenceClasses = ['bank']) });
    expectAt(e, 'inputs.json', '$.licenceClasses[0]', /unknown licence class "bank"/);
  });
  it('a date that does not exist', () => {
    const e = errorOf({ inputs: (i) => (i.securityEvidence[0].date = '2026-02-30') });
    expectAt(e, 'inputs.json', '$.securityEvidence[0].date', /not a calendar date/);
  });
  it('inputs for another period', () => {
    const e = errorOf({ inputs: (i) => (i.round.period = '2026-10') });
    expectAt(e, 'inputs.json', '$.round.period', /inputs are for period "2026-10"/);
  });
  it('losses but no average customer assets to divide them by', () => {
    const e = errorOf({
      inputs: (i) => {
        i.incidents = [{ date: '2026-01-01', loss: '5', currency: 'JPY', description: 'x' }];
        delete i.averageCustomerAssets;
      },
    });
    expectAt(e, 'inputs.json', '$', /missing "averageCustomerAssets"/);
  });
});

describe('bad liabilities and evidence files', () => {
  it('evidence for another round', () => {
    const e = errorOf({ files: (f) => (f.reserves.roundId = '00'.repeat(32)) });
    expectAt(e, 'evidence.json', '$.roundId', /evidence is for round 0000/);
  });
  it('an evidence asset that is not in the liabilities', () => {
    const e = errorOf({ files: (f) => (f.reserves.entries[0].balances[0].asset = 'WBTC') });
    expectAt(
      e,
      'evidence.json',
      '$.entries[0].balances[0].asset',
      /"WBTC" is not in the liabilities' asset list/
    );
  });
  it('an address listed twice (counted twice otherwise)', () => {
    const e = errorOf({ files: (f) => f.reserves.entries.push({ ...f.reserves.entries[0] }) });
    expectAt(e, 'evidence.json', `$.entries[${JP_ASSETS.length * 3}].address`, /listed twice/);
  });
  it('an unknown custody class', () => {
    const e = errorOf({ files: (f) => (f.reserves.entries[0].custody = 'customer-warm') });
    expectAt(e, 'evidence.json', '$.entries[0].custody', /expected one of "customer-cold"/);
  });
  it('root totals not one per asset', () => {
    const e = errorOf({ files: (f) => f.liabilities.totals.pop() });
    expectAt(e, 'root.json', '$.totals', /expected 3 totals/);
  });
  it('an amount that is not a base-unit decimal string', () => {
    const e = errorOf({ files: (f) => (f.reserves.entries[1].balances[0].amount = '1e8') });
    expectAt(e, 'evidence.json', '$.entries[1].balances[0].amount', /base-unit amount/);
  });
});
