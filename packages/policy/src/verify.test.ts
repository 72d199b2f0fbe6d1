/**
 * Re-verifying an embedded evaluation (attacks C9: recompute, never trust `"pass": true`).
 */
import { describe, expect, it } from 'vitest';
import { caseFiles, JP_ASSETS, jpInputs, shipped } from '../test/fixtures.js';
import { evaluatePolicy, verifyPolicyEvaluation } from './index.js';

const policy = shipped('JP-FSA-2026');
const files = caseFiles(JP_ASSETS, jpInputs());
const ctx = { policy, liabilities: files.liabilities, reserves: files.reserves };
const fresh = () => JSON.parse(JSON.stringify(evaluatePolicy({ policy, ...files })));

describe('verifyPolicyEvaluation', () => {
  it('accepts an untouched evaluation (from its embedded JSON, or with the inputs bytes)', () => {
    const r = verifyPolicyEvaluation(fresh(), ctx);
    expect(r.ok).toBe(true);
    expect(
      verifyPolicyEvaluation(fresh(), {
        ...ctx,
        inputsBytes: new TextEncoder().encode(files.inputs),
      }).ok
    ).toBe(true);
  });

  it('C9-b: "pass": true over empty reserves is rejected', () => {
    const empty = caseFiles(
      JP_ASSETS.map((a) => ({ ...a, cold: '0', hot: '0', own: '0' })),
      jpInputs()
    );
    const claimed = fresh(); // the honest evaluation of full reserves, replayed over empty ones
    const r = verifyPolicyEvaluation(claimed, {
      policy,
      liabilities: empty.liabilities,
      reserves: empty.reserves,
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'EVALUATION_MISMATCH',
      message: expect.stringContaining('evidenceSha256'),
    });
    delete claimed.evidenceSha256; // without the binding, the recomputed verdict still differs
    expect(
      verifyPolicyEvaluation(claimed, {
        policy,
        liabilities: empty.liabilities,
        reserves: empty.reserves,
      })
    ).toMatchObject({ ok: false, code: 'EVALUATION_MISMATCH' });
    const forged = JSON.parse(JSON.stringify(evaluatePolicy({ policy, ...empty })));
    expect(forged.pass).toBe(false);
    forged.pass = true;
    expect(
      verifyPolicyEvaluation(forged, {
        policy,
        liabilities: empty.liabilities,
        reserves: empty.reserves,
      })
    ).toMatchObject({
      ok: false,
      code: 'EVALUATION_MISMATCH',
      message: expect.stringContaining('"pass"'),
    });
  });

  it('a lowered required reserve, term or check is rejected', () => {
    const a = fresh();
    a.requiredReserve = '7003399999';
    expect(verifyPolicyEvaluation(a, ctx)).toMatchObject({
      ok: false,
      code: 'EVALUATION_MISMATCH',
    });
    const b = fresh();
    b.terms.find((t: { id: string }) => t.id === 'incidentMultiplier').value = '0.5';
    expect(verifyPolicyEvaluation(b, ctx)).toMatchObject({
      ok: false,
      code: 'EVALUATION_MISMATCH',
      message: expect.stringContaining('incidentMultiplier'),
    });
    const c = fresh();
    c.checks[0].required = '0.00000000';
    expect(verifyPolicyEvaluation(c, ctx)).toMatchObject({
      ok: false,
      code: 'EVALUATION_MISMATCH',
    });
  });

  it('edited inputs change the recomputation; another policy file is refused', () => {
    const d = fresh();
    d.inputs.reserveFund[0].amount = '30000000000';
    expect(verifyPolicyEvaluation(d, ctx)).toMatchObject({
      ok: false,
      code: 'EVALUATION_MISMATCH',
    });
    expect(verifyPolicyEvaluation(fresh(), { ...ctx, policy: shipped('JP-PSA') })).toMatchObject({
      ok: false,
      code: 'POLICY_MISMATCH',
    });
    expect(
      verifyPolicyEvaluation(fresh(), {
        ...ctx,
        inputsBytes: new TextEncoder().encode(`${files.inputs} `),
      })
    ).toMatchObject({ ok: false, code: 'INPUTS_MISMATCH' });
  });

  it('malformed embedded evaluations', () => {
    expect(verifyPolicyEvaluation(null, ctx)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
    const e = fresh();
    delete e.checks;
    expect(verifyPolicyEvaluation(e, ctx)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
    const f = fresh();
    f.inputs.prices = [];
    expect(verifyPolicyEvaluation(f, ctx)).toMatchObject({
      ok: false,
      code: 'RECOMPUTE_FAILED',
      message: expect.stringContaining('missing a price'),
    });
  });
});
