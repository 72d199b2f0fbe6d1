/**
 * Issue 12: every number in the signed document follows from the others, the chain is checked
 * or the result says so, and integers are canonical. Each attack is a document re-signed with
 * the real (pinned) keys, so only the check under test can catch it; the exact code is asserted.
 */
import { utf8Raw } from '@kura/codec';
import { verifyPolicyEvaluation } from '@kura/policy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistentUnsigned,
  FULL_EVIDENCE_BYTES,
  forged,
  INPUTS_BYTES,
  POLICY_FILE,
  ROOT_BYTES,
  rewriteReserveChain,
} from '../test/consistent.js';
import { NOW, signBoth, signed, text, trust, unsigned } from '../test/fixtures.js';
import { type Attestation, parseAttestation } from './attestation.js';
import { checkPolicyNumbers } from './policy-numbers.js';
import { type VerifyAttestationOptions, verifyAttestation } from './verify.js';

type Opts = Partial<VerifyAttestationOptions>;
const verify = (doc: Attestation | string, o: Opts = {}) =>
  verifyAttestation(typeof doc === 'string' ? doc : text(doc), { trust: trust(), now: NOW, ...o });
const codeOf = (doc: Attestation | string, o: Opts = {}) => {
  const r = verify(doc, o);
  return r.ok ? 'OK' : r.code;
};
const unsignedAfter = (previous: Attestation) => unsigned({ previous });
const withData: Opts = { root: ROOT_BYTES, evidence: FULL_EVIDENCE_BYTES };
const engine: Opts = { policyEngine: verifyPolicyEvaluation };
const rerun: Opts = {
  ...withData,
  ...engine,
  policyFile: POLICY_FILE,
  policyInputs: INPUTS_BYTES,
};
const honest = signBoth(consistentUnsigned());
type Fig = { id: string; label: string; required: string; actual: string; pass: boolean };
type TermFig = { id: string; value: string; formula: string };
type Pol = { policy: { checks: Fig[]; terms: TermFig[] } };
const check = (a: unknown, id: string): Fig =>
  (a as Pol).policy.checks.find((c) => c.id === id) as Fig;
const term = (a: unknown, id: string): TermFig =>
  (a as Pol).policy.terms.find((t) => t.id === id) as TermFig;

describe('the honest document (real JP-FSA-2026 evaluation) verifies to its true verdict', () => {
  it('NOT_COVERED: authentic and consistent, coverage fails only by the ¥2,000,000,000 reserve', () => {
    expect(check(honest, 'liabilityReserve')).toMatchObject({ required: '2000000000', pass: true });
    expect(honest.policy.requiredReserve).toBe('2000000000');
    expect(codeOf(honest)).toBe('NOT_COVERED');
    expect(codeOf(honest, withData)).toBe('NOT_COVERED');
    expect(codeOf(honest, rerun)).toBe('NOT_COVERED');
    // the embedded inputs are evaluated when the inputs file is not given
    expect(codeOf(honest, { ...withData, ...engine, policyFile: POLICY_FILE })).toBe('NOT_COVERED');
    expect(checkPolicyNumbers(honest)).toBeNull();
  });
});

describe('issue 12 attack 1: required reserve 0 while the liabilityReserve check says ¥2,000,000,000', () => {
  const attack = forged((a) => {
    a.policy.requiredReserve = '0';
  });
  it('REQUIRED_RESERVE_MISMATCH, from the document alone and with root + evidence', () => {
    expect(attack.coverage.pass).toBe(true); // the forger made coverage follow
    expect(codeOf(attack)).toBe('REQUIRED_RESERVE_MISMATCH');
    expect(codeOf(attack, withData)).toBe('REQUIRED_RESERVE_MISMATCH');
    expect(verify(attack).ok).toBe(false);
  });
  it('the forger removes the reserve check (or one of its terms): the reserve is only partly stated', () => {
    const noCheck = forged((a) => {
      a.policy.requiredReserve = '0';
      a.policy.checks = a.policy.checks.filter((c) => c.id !== 'liabilityReserve');
    });
    expect(codeOf(noCheck)).toBe('REQUIRED_RESERVE_MISMATCH');
    const noTerm = forged((a) => {
      a.policy.terms = a.policy.terms.filter((t) => t.id !== 'reserveBeforeBounds');
    });
    expect(codeOf(noTerm)).toBe('REQUIRED_RESERVE_MISMATCH');
  });
  it('the forger also zeroes the check and the term: the reserve arithmetic catches it (POLICY_TERM_MISMATCH)', () => {
    const deeper = forged((a) => {
      a.policy.requiredReserve = '0';
      check(a, 'liabilityReserve').required = '0';
      term(a, 'requiredReserve').value = '0';
    });
    expect(codeOf(deeper)).toBe('POLICY_TERM_MISMATCH');
  });
  it('a consistent rewrite of the whole reserve chain is caught only by the policy re-run (POLICY_EVALUATION_MISMATCH)', () => {
    const rewrite = forged(rewriteReserveChain);
    expect(codeOf(rewrite)).toBe('NOT_COVERED');
    expect(codeOf(rewrite, rerun)).toBe('POLICY_EVALUATION_MISMATCH');
  });
});

describe('issue 12 attack 2: inKind:BTC required 940.54055106, actual 1.00000000, pass: true', () => {
  it('POLICY_CHECK_PASS_MISMATCH: a check flag that does not follow from its own figures', () => {
    const attack = forged((a) => {
      const c = check(a, 'inKind:BTC');
      c.required = '940.54055106';
      c.actual = '1.00000000';
      c.pass = true;
    });
    expect(codeOf(attack)).toBe('POLICY_CHECK_PASS_MISMATCH');
    expect(codeOf(attack, withData)).toBe('POLICY_CHECK_PASS_MISMATCH');
  });
  it('every check with its flag flipped → POLICY_CHECK_PASS_MISMATCH', () => {
    for (const c of honest.policy.checks) {
      const flipped = forged((a) => {
        const x = check(a, c.id);
        x.pass = !x.pass;
        a.policy.pass = a.policy.checks.every((y) => y.pass);
      });
      expect(codeOf(flipped), c.id).toBe('POLICY_CHECK_PASS_MISMATCH');
    }
  });
  it('POLICY_CHECK_MISMATCH: the check counts holdings other than the attested reserves', () => {
    const attack = forged((a) => {
      const c = check(a, 'inKind:BTC');
      c.actual = '1000.00000000'; // now ≥ required, but the reserves hold 1.65 BTC
    });
    expect(codeOf(attack)).toBe('POLICY_CHECK_MISMATCH');
    const backing = forged((a) => {
      check(a, 'hotBacking:BTC').actual = '0.06000000';
    });
    expect(codeOf(backing)).toBe('POLICY_CHECK_MISMATCH');
    const ghost = forged((a) => {
      a.policy.checks.push({ ...check(a, 'inKind:BTC'), id: 'inKind:DOGE' });
    });
    expect(codeOf(ghost)).toBe('POLICY_CHECK_MISMATCH');
  });
  it('POLICY_CHECK_VALUE: a figure that is not a decimal cannot be compared', () => {
    const attack = forged((a) => {
      check(a, 'inKind:BTC').required = 'enough';
    });
    expect(codeOf(attack)).toBe('POLICY_CHECK_VALUE');
    expect(
      codeOf(
        forged((a) => {
          check(a, 'capital').actual = '1e12';
        })
      )
    ).toBe('POLICY_CHECK_VALUE');
  });
});

describe('the whole class: every derivable number of the evaluation', () => {
  const cases: [string, (a: ReturnType<typeof JSON.parse>) => void, string][] = [
    [
      'price term ≠ the attested price',
      (a) => (term(a, 'price:BTC').value = '1'),
      'POLICY_DATA_MISMATCH',
    ],
    [
      'liabilities term ≠ root totals',
      (a) => (term(a, 'liabilities:ETH').value = '3.000000000000000000'),
      'POLICY_DATA_MISMATCH',
    ],
    [
      'cold term ≠ reserves',
      (a) => (term(a, 'customer-cold:USDC').value = '1.000000'),
      'POLICY_DATA_MISMATCH',
    ],
    [
      'own term ≠ reserves',
      (a) => (term(a, 'exchange-own:BTC').value = '9.00000000'),
      'POLICY_DATA_MISMATCH',
    ],
    [
      'valuation Σ ceil(L × p)',
      (a) => (term(a, 'liabilitiesValue').value = '1'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'valuation Σ floor(cold × p)',
      (a) => (term(a, 'customerColdValue').value = '26635226'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'in-kind coverage ratio',
      (a) => (term(a, 'coverage:BTC').value = '2.000000'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'base reserve ≠ max(components)',
      (a) => (term(a, 'baseReserve').value = '245902'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'base reserve formula neither max nor sum',
      (a) => (term(a, 'baseReserve').formula = 'min(1200000000, 245902)'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'reserve before bounds ≠ ceil(base × m × m)',
      (a) => (term(a, 'reserveBeforeBounds').value = '1'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'insurance counted > min(credit, cap)',
      (a) => (term(a, 'insuranceOffset').value = '5000000000'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'reserve assets ≠ Σ credits',
      (a) => (term(a, 'reserveAssets').value = '9999999999'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'in-kind requirement below ratio × attested liabilities (flag kept consistent)',
      (a) => (check(a, 'inKind:BTC').required = '1.00000000'),
      'POLICY_CHECK_MISMATCH',
    ],
    [
      'hot-backing requirement below ratio × attested hot holdings',
      (a) => (check(a, 'hotBacking:BTC').required = '0.01000000'),
      'POLICY_CHECK_MISMATCH',
    ],
    [
      'cold storage required ≠ ceil(ratio × (cold + hot value))',
      (a) => {
        term(a, 'coldRequired').value = '1';
        check(a, 'coldStorage').required = '1';
      },
      'POLICY_TERM_MISMATCH',
    ],
    [
      'own funds (and the capital check) above what the embedded inputs declare',
      (a) => {
        term(a, 'ownFunds').value = '9000000000';
        check(a, 'capital').actual = '9000000000';
      },
      'POLICY_DATA_MISMATCH',
    ],
    [
      'published regulatory coverage ratio inflated',
      (a) => (term(a, 'regulatoryCoverageRatio').value = '999.000000'),
      'POLICY_TERM_MISMATCH',
    ],
    [
      'an insurance credit above what the embedded policy declares (offset and totals kept consistent)',
      (a) => {
        term(a, 'insurance:cyber-2026').value = '9000000000';
      },
      'POLICY_DATA_MISMATCH',
    ],
    [
      'a reserve-fund credit above floor(declared × (1 − haircut))',
      (a) => {
        term(a, 'reserveAsset:jgb').value = '600000000';
        term(a, 'reserveAssets').value = String(BigInt(term(a, 'reserveAssets').value) + 12000000n);
      },
      'POLICY_DATA_MISMATCH',
    ],
    [
      'embedded inputs for another currency or month',
      (a) => {
        (a.policy.inputs as Record<string, unknown>).reportingCurrency = 'USD';
      },
      'POLICY_DATA_MISMATCH',
    ],
    [
      'capital requirement below Σ of the licensed classes',
      (a) => {
        term(a, 'capitalRequirement').value = '1';
        check(a, 'capital').required = '1';
      },
      'POLICY_TERM_MISMATCH',
    ],
    [
      'a licensed class dropped from the capital terms',
      (a) => {
        (a.policy.inputs as { licenceClasses: string[] }).licenceClasses.push('custody');
      },
      'POLICY_TERM_MISMATCH',
    ],
    [
      'cold-storage check ≠ its terms',
      (a) => (check(a, 'coldStorage').required = '1'),
      'POLICY_CHECK_MISMATCH',
    ],
    [
      'reserve check actual ≠ assets + insurance',
      (a) => (check(a, 'liabilityReserve').actual = '9000000000'),
      'POLICY_CHECK_MISMATCH',
    ],
    [
      'capital check ≠ capitalRequirement',
      (a) => (check(a, 'capital').required = '1'),
      'POLICY_CHECK_MISMATCH',
    ],
    ['duplicate check id', (a) => a.policy.checks.push(a.policy.checks[0]), 'POLICY_DUPLICATE_ID'],
    ['duplicate term id', (a) => a.policy.terms.push(a.policy.terms[0]), 'POLICY_DUPLICATE_ID'],
  ];
  for (const [name, mutate, code] of cases)
    it(`${code}: ${name}`, () => {
      expect(codeOf(forged(mutate))).toBe(code);
    });

  it('property: with the policy file, no single changed figure of any term or check verifies (fast-check)', () => {
    const figures: [number, 'terms' | 'checks', 'value' | 'required' | 'actual'][] = [];
    for (let i = 0; i < honest.policy.terms.length; i++) figures.push([i, 'terms', 'value']);
    honest.policy.checks.forEach((_c, i) => {
      figures.push([i, 'checks', 'required'], [i, 'checks', 'actual']);
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...figures),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n),
        ([i, list, field], delta) => {
          const doc = forged((a) => {
            const x = (a.policy[list] as Record<string, string>[])[i]!;
            const v = x[field]!;
            const dot = v.indexOf('.');
            const digits = BigInt(v.replace('.', '')) + delta;
            const scale = dot < 0 ? 0 : v.length - dot - 1;
            const abs = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, '0');
            x[field] =
              (digits < 0n ? '-' : '') +
              (scale ? `${abs.slice(0, -scale)}.${abs.slice(-scale)}` : abs);
            if (list === 'checks') {
              const c = x as unknown as { required: string; actual: string; pass: boolean };
              const n = (s: string) => Number(s); // only to keep the flag plausible
              c.pass = n(c.actual) >= n(c.required);
            }
            a.policy.pass = a.policy.checks.every((c) => c.pass);
          });
          const r = verify(doc, rerun);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.code).not.toBe('NOT_COVERED');
        }
      ),
      { numRuns: 60 }
    );
  });
});

describe('the policy re-run (policyFile, policyInputs)', () => {
  it('POLICY_FILE_MISMATCH: another policy file than the one the document names', () => {
    expect(codeOf(honest, { ...withData, ...engine, policyFile: utf8Raw('{}') })).toBe(
      'POLICY_FILE_MISMATCH'
    );
  });
  it('POLICY_INPUTS_MISMATCH: an inputs file other than the embedded one', () => {
    expect(codeOf(honest, { ...rerun, policyInputs: utf8Raw('{"format":"x"}') })).toBe(
      'POLICY_INPUTS_MISMATCH'
    );
  });
  it('POLICY_RERUN_NEEDS_DATA (could not check) without root.json or the evidence, or without the policy file', () => {
    expect(codeOf(honest, { ...engine, policyFile: POLICY_FILE })).toBe('POLICY_RERUN_NEEDS_DATA');
    expect(codeOf(honest, { ...engine, root: ROOT_BYTES, policyFile: POLICY_FILE })).toBe(
      'POLICY_RERUN_NEEDS_DATA'
    );
    expect(codeOf(honest, { ...withData, ...engine, policyInputs: INPUTS_BYTES })).toBe(
      'POLICY_RERUN_NEEDS_DATA'
    );
    // and without the engine (a build that does not carry @kura/policy)
    expect(codeOf(honest, { ...withData, policyFile: POLICY_FILE })).toBe(
      'POLICY_RERUN_NEEDS_DATA'
    );
  });
  it('POLICY_RECOMPUTE_FAILED: embedded inputs the policy cannot evaluate', () => {
    const bad = forged((a) => {
      (a.policy.inputs as Record<string, unknown>).notAnInputsField = true;
    });
    expect(codeOf(bad, { ...withData, ...engine, policyFile: POLICY_FILE })).toBe(
      'POLICY_RECOMPUTE_FAILED'
    );
  });
});

/** An attestation for the month before (only its statement hash and sequence are used). */
const october = (): Attestation => {
  const a = JSON.parse(text(signed())) as { round: Record<string, string> } & Record<
    string,
    unknown
  >;
  a.round.period = '2026-10';
  a.round.snapshotTime = '2026-10-31T15:00:00Z';
  return signBoth({ ...a, signatures: [] } as unknown as Attestation);
};

describe('chains are checked or the result says so', () => {
  const first = october();
  const second = signBoth(consistentUnsigned(first));
  it('PREVIOUS_REQUIRED: sequence 2 without the previous attestation (could not check the chain)', () => {
    expect(second.sequence).toBe(2);
    const r = verify(second);
    expect(r).toMatchObject({ ok: false, code: 'PREVIOUS_REQUIRED' });
    if (!r.ok) expect(r.message).toContain('could not check the chain');
    // also when every other check would pass (the chain rule comes before the verdict)
    const passing = forged((a) => {
      a.liabilities.totals = a.liabilities.totals.map(() => '0');
    }, consistentUnsigned(first));
    expect(codeOf(passing)).not.toBe('OK');
  });
  it('noPrevious: the verdict is given and the result says chain not-checked; previous: linked; sequence 1: first', () => {
    const np = verify(second, { noPrevious: true });
    expect(np.ok ? 'OK' : np.code).toBe('NOT_COVERED'); // the option does not hide the verdict
    // the forgeries are still refused without the chain
    const fake = forged((a) => {
      a.policy.requiredReserve = '0';
    }, consistentUnsigned(first));
    expect(codeOf(fake, { noPrevious: true })).toBe('REQUIRED_RESERVE_MISMATCH');
    expect(codeOf(fake)).toBe('REQUIRED_RESERVE_MISMATCH');
    const l = verify(second, { previous: text(first) });
    expect(l.ok ? 'OK' : l.code).toBe('NOT_COVERED');
    const f = verify(signed());
    expect(f.ok && f.chain).toBe('first');
    expect(f.ok && f.checked.previous).toBe(false);
  });
  it('the result field chain: not-checked / linked on a verified sequence-2 document', () => {
    // a sequence-2 document whose coverage passes (the hand-built policy of the fixtures)
    const firstDoc = october();
    const ok2 = signBoth(unsignedAfter(firstDoc));
    const np = verify(ok2, { noPrevious: true });
    expect(np.ok && np.chain).toBe('not-checked');
    const li = verify(ok2, { previous: text(firstDoc) });
    expect(li.ok && li.chain).toBe('linked');
    expect(li.ok && li.checked.previous).toBe(true);
  });
});

describe('SPEC §3.8 canonical integers in the attestation', () => {
  it('JSON_NUMBER for "valueDecimals": -0 and "sequence": -0 in the text; SCHEMA for a parsed -0', () => {
    const t = text(honest);
    expect(codeOf(t.replace('"valueDecimals": 0', '"valueDecimals": -0'))).toBe('JSON_NUMBER');
    expect(codeOf(t.replace('"sequence": 1', '"sequence": -0'))).toBe('JSON_NUMBER');
    const obj = JSON.parse(t) as { coverage: { overall: { valueDecimals: number } } };
    obj.coverage.overall.valueDecimals = -0;
    expect(() => parseAttestation(obj)).toThrow(/integer/);
  });
});
