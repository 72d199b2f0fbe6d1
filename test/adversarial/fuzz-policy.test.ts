/**
 * Fuzzing the reserve-policy engine (fast-check): policy files, inputs files, liabilities and
 * reserves files parse to a value or throw an InputError (a KuraError naming the file) — never
 * another exception, never a hang; an embedded evaluation with any one number or verdict
 * changed is never accepted by `verifyPolicyEvaluation`.
 */
import { KuraError, utf8Raw } from '@kura/codec';
import {
  evaluatePolicy,
  parseInputs,
  parseLiabilities,
  parsePolicy,
  parseReserves,
  verifyPolicyEvaluation,
} from '@kura/policy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseFiles, JP_ASSETS, jpInputs, shipped } from '../../packages/policy/test/fixtures.js';
import {
  byteMutationsOf,
  expectRefused,
  type Json,
  mutationsOf,
  throwsOnlyKuraError,
  timed,
} from './fuzz-helpers.js';

const policyBytes = shipped('JP-FSA-2026');
const policyJson = JSON.parse(new TextDecoder().decode(policyBytes)) as Json;
const files = caseFiles(JP_ASSETS, jpInputs());
const evaluation = JSON.parse(
  JSON.stringify(evaluatePolicy({ policy: policyBytes, ...files }))
) as Record<string, Json>;
const ctx = { policy: policyBytes, liabilities: files.liabilities, reserves: files.reserves };

describe('policy engine inputs', () => {
  it('policy files: structural and byte mutations parse or throw a KuraError, within the bound', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mutationsOf(policyJson).map((m) => utf8Raw(JSON.stringify(m, null, 2))),
          byteMutationsOf(policyBytes)
        ),
        (b) => {
          throwsOnlyKuraError(() => parsePolicy(b, 'fuzz-policy.json'));
        }
      ),
      { numRuns: 200 }
    );
  });

  it('inputs, liabilities and reserves files: parse or a KuraError', () => {
    const inputs = JSON.parse(files.inputs) as Json;
    const liab = JSON.parse(files.liabilities) as Json;
    const res = JSON.parse(files.reserves) as Json;
    fc.assert(
      fc.property(
        mutationsOf(inputs),
        mutationsOf(liab),
        mutationsOf(res),
        fc.jsonValue({ maxDepth: 3 }),
        (i, l, r, junk) => {
          throwsOnlyKuraError(() => parseInputs(JSON.stringify(i), 'in.json'));
          throwsOnlyKuraError(() => parseInputs(JSON.stringify(junk), 'in.json'));
          throwsOnlyKuraError(() => parseLiabilities(JSON.stringify(l), 'root.json'));
          throwsOnlyKuraError(() => parseLiabilities(JSON.stringify(junk), 'root.json'));
          const lib = parseLiabilities(files.liabilities, 'root.json');
          throwsOnlyKuraError(() => parseReserves(JSON.stringify(r), lib, 'ev.json'));
        }
      ),
      { numRuns: 200 }
    );
  });

  it('the evaluation over mutated inputs: a result or a KuraError, never a crash', () => {
    const inputs = JSON.parse(files.inputs) as Json;
    fc.assert(
      fc.property(
        mutationsOf(inputs, ['bumpDecimal', 'editString', 'delete', 'dropItem', 'dupItem']),
        (i) => {
          try {
            const e = timed(() =>
              evaluatePolicy({ policy: policyBytes, ...files, inputs: JSON.stringify(i) })
            );
            expect(typeof e.pass).toBe('boolean');
          } catch (e) {
            if (!(e instanceof KuraError)) throw e;
          }
        }
      ),
      { numRuns: 120 }
    );
  });
});

describe('verifyPolicyEvaluation', () => {
  it('baseline: the honest evaluation verifies', () => {
    expect(verifyPolicyEvaluation(evaluation, ctx).ok).toBe(true);
  });

  it('any one changed number, verdict, term or check of the evaluation is refused, never thrown', () => {
    // the embedded inputs are the data the evaluation is recomputed from (bound by the
    // attestation signature and, given the file, by inputsSha256); optional members may be
    // added or left out by design — so mutate everything else
    const keys = JSON.stringify(Object.keys(evaluation).sort());
    const results = mutationsOf(evaluation).filter((m) => {
      if (m === null || typeof m !== 'object' || Array.isArray(m)) return false;
      return (
        JSON.stringify(Object.keys(m).sort()) === keys &&
        JSON.stringify(m.inputs) === JSON.stringify(evaluation.inputs) &&
        m.inputsSha256 === (evaluation as Record<string, Json>).inputsSha256
      );
    });
    fc.assert(
      fc.property(results, (m) => {
        const r = timed(() => verifyPolicyEvaluation(m, ctx));
        expectRefused(r);
      }),
      { numRuns: 250 }
    );
  });

  it('random values as the embedded evaluation are refused', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
        expectRefused(timed(() => verifyPolicyEvaluation(v, ctx)));
      }),
      { numRuns: 200 }
    );
  });
});
