/**
 * `verifyPolicyEvaluation`: recompute an embedded `PolicyEvaluation` (the attestation's `policy`
 * member) from the policy file, the embedded inputs, root.json and the evidence, and accept it only
 * if every term, check, the required reserve and the verdict match — never trusting its `pass`
 * (attacks C9). Returns a `VerifyResult`, never throws.
 * @module
 */
import { bytesToHex, canonicalize, fail, sha256, type VerifyResult } from '@kura/codec';
import { evaluatePolicy } from './evaluate.js';
import type { PolicyEvaluation } from './types.js';

/** Failure codes of {@link verifyPolicyEvaluation}. */
export type PolicyVerifyCode =
  | 'BAD_ENCODING'
  | 'POLICY_MISMATCH'
  | 'INPUTS_MISMATCH'
  | 'RECOMPUTE_FAILED'
  | 'EVALUATION_MISMATCH';

/** What the verifier holds besides the embedded evaluation. */
export interface PolicyVerifyContext {
  /** The policy file's exact bytes (its SHA-256 must equal the embedded `sha256`). */
  readonly policy: Uint8Array;
  readonly liabilities: Uint8Array | string;
  readonly reserves: Uint8Array | string;
  /** The inputs file's exact bytes, if available: then `inputsSha256` is checked too. */
  readonly inputsBytes?: Uint8Array;
}

const FIELDS = [
  'id',
  'version',
  'sha256',
  'reportingCurrency',
  'inputs',
  'inputsSha256',
  'terms',
  'checks',
  'requiredReserve',
  'pass',
] as const;

/** Recompute and compare an embedded policy evaluation. */
export function verifyPolicyEvaluation(
  embedded: unknown,
  ctx: PolicyVerifyContext
): VerifyResult<PolicyVerifyCode, { evaluation: PolicyEvaluation }> {
  if (typeof embedded !== 'object' || embedded === null || Array.isArray(embedded))
    return fail('BAD_ENCODING', 'policy evaluation: expected an object');
  const e = embedded as Record<string, unknown>;
  for (const f of FIELDS)
    if (!Object.hasOwn(e, f)) return fail('BAD_ENCODING', `policy evaluation: missing "${f}"`);
  const policySha = bytesToHex(sha256(ctx.policy));
  if (e.sha256 !== policySha)
    return fail(
      'POLICY_MISMATCH',
      `policy file SHA-256 ${policySha} ≠ embedded ${String(e.sha256)}`
    );
  let inputs: Uint8Array | string;
  if (ctx.inputsBytes) {
    const h = bytesToHex(sha256(ctx.inputsBytes));
    if (h !== e.inputsSha256)
      return fail('INPUTS_MISMATCH', `inputs SHA-256 ${h} ≠ embedded ${String(e.inputsSha256)}`);
    inputs = ctx.inputsBytes;
  } else inputs = JSON.stringify(e.inputs);
  let ev: PolicyEvaluation;
  try {
    ev = evaluatePolicy({
      policy: ctx.policy,
      inputs,
      liabilities: ctx.liabilities,
      reserves: ctx.reserves,
    });
  } catch (err) {
    return fail(
      'RECOMPUTE_FAILED',
      `cannot recompute the policy evaluation: ${(err as Error).message}`
    );
  }
  if (ctx.inputsBytes === undefined && canonicalize(ev.inputs) !== canonicalize(e.inputs))
    return fail('INPUTS_MISMATCH', 'embedded inputs changed in re-serialisation');
  for (const f of ['roundId', 'rootCommitment', 'evidenceSha256'] as const)
    if (e[f] !== undefined && e[f] !== ev[f])
      return fail(
        'EVALUATION_MISMATCH',
        `"${f}": embedded ${JSON.stringify(e[f])}, recomputed ${JSON.stringify(ev[f])} (another data file)`
      );
  for (const f of ['id', 'version', 'reportingCurrency', 'requiredReserve', 'pass'] as const)
    if (e[f] !== ev[f])
      return fail(
        'EVALUATION_MISMATCH',
        `"${f}": embedded ${JSON.stringify(e[f])}, recomputed ${JSON.stringify(ev[f])}`
      );
  for (const [name, mine] of [
    ['terms', ev.terms],
    ['checks', ev.checks],
  ] as const) {
    const theirs = e[name];
    if (!Array.isArray(theirs) || theirs.length !== mine.length)
      return fail(
        'EVALUATION_MISMATCH',
        `"${name}": embedded list does not match the recomputed one (${mine.length} entries)`
      );
    for (let i = 0; i < mine.length; i++) {
      const a = canonicalize(mine[i]);
      let b: string;
      try {
        b = canonicalize(theirs[i]);
      } catch {
        return fail('BAD_ENCODING', `"${name}"[${i}] is not canonicalisable JSON`);
      }
      if (a !== b)
        return fail(
          'EVALUATION_MISMATCH',
          `"${name}"[${i}] (${mine[i]?.id}) differs from the recomputed value`
        );
    }
  }
  return { ok: true, evaluation: ev };
}
