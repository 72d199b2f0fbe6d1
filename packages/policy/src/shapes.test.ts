/**
 * The policy engine's declared shapes (shapes.ts) where they decide more than the published
 * schemas say on their own: a negative zero is negative, `$schema` is never empty, money has at
 * most the reporting currency's fraction digits (from `reportingDecimals`, a semantic check), and
 * the inputs' money the digits the policy allows. (Schema agreement on every shipped policy and
 * its mutations: circuits-free-spec/test/agreement.test.ts.)
 */
import { findIssue, InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { caseFiles, JP_ASSETS, type Json, jpInputs, shipped } from '../test/fixtures.js';
import {
  parseInputs,
  parsePolicy,
  policyInputsShape,
  policyInputsShapeFor,
  policyShape,
} from './index.js';
import { listPolicies } from './node.js';

const jp = (): Json => JSON.parse(new TextDecoder().decode(shipped('JP-FSA-2026')));
const inputs = (): Json => JSON.parse(caseFiles(JP_ASSETS, jpInputs()).inputs);

function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return `${(e as InputError).location.field}: ${(e as InputError).reason}`;
  }
  return 'accepted';
}

describe('policy shape', () => {
  it('every shipped policy meets it', () => {
    const shippedPolicies = listPolicies();
    expect(shippedPolicies).toHaveLength(7);
    for (const p of shippedPolicies) expect(findIssue(policyShape, p.json)).toBe(undefined);
  });

  it('a negative zero ("-0.0") is a negative rate: refused as the schema refuses it', () => {
    const p = jp();
    p.custody.hotWalletBacking.ratio.value = '-0.0';
    expect(reasonOf(() => parsePolicy(JSON.stringify(p), 'p.json'))).toBe(
      '$.custody.hotWalletBacking.ratio.value: must not be negative, got -0.0'
    );
  });

  it('an empty "$schema" is refused', () => {
    const p = jp();
    p.$schema = '';
    expect(reasonOf(() => parsePolicy(JSON.stringify(p), 'p.json'))).toBe(
      '$.$schema: expected a non-empty string'
    );
  });

  it('money digits follow reportingDecimals (semantic: JSON Schema cannot tie them)', () => {
    const p = jp();
    p.liabilityReserve.bounds.max.value = '40000000000.5';
    const issue = findIssue(policyShape, p);
    expect([issue?.path, issue?.semantic]).toEqual([
      ['liabilityReserve', 'bounds', 'max', 'value'],
      true,
    ]);
    p.reportingDecimals = 1;
    expect(findIssue(policyShape, p)).toBe(undefined);
    p.liabilityReserve.bounds.max.value = '40000000000.55';
    expect(findIssue(policyShape, p)?.reason).toBe(
      'at most 1 fraction digit(s) allowed, got 40000000000.55'
    );
  });
});

describe('policy inputs shape', () => {
  it("money digits: 8 before the policy is known, the currency's once it is", () => {
    const i = inputs();
    i.reserveFund[0].amount = '3000000000.5';
    expect(findIssue(policyInputsShape, i)).toBe(undefined);
    expect(findIssue(policyInputsShapeFor(0), i)?.path).toEqual(['reserveFund', 0, 'amount']);
    expect(reasonOf(() => parseInputs(JSON.stringify(i), 'i.json', 0))).toBe(
      '$.reserveFund[0].amount: at most 0 fraction digit(s) allowed, got 3000000000.5'
    );
    i.reserveFund[0].amount = '1.123456789';
    expect(findIssue(policyInputsShape, i)?.semantic).toBe(true);
  });

  it('an empty "$schema" and a negative zero amount are refused', () => {
    const i = inputs();
    i.$schema = '';
    expect(findIssue(policyInputsShape, i)?.path).toEqual(['$schema']);
    delete i.$schema;
    i.ownFunds.amount = '-0.0';
    expect(reasonOf(() => parseInputs(JSON.stringify(i), 'i.json'))).toBe(
      '$.ownFunds.amount: must not be negative, got -0.0'
    );
  });
});
