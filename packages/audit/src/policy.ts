/**
 * The policy check of `kura audit`: the published policy file's SHA-256 is the attested one
 * (and, for a policy Kura ships under the same id and version, the shipped bytes — a warning
 * otherwise), the inputs file's SHA-256 is the attested one, and `@kura/policy`
 * `evaluatePolicy` re-run on the published policy, inputs, root.json and evidence.json gives
 * the embedded evaluation term by term, check by check (exact decimal strings), down to the
 * required reserve and the verdict. `policy-evaluation.json` must be the embedded evaluation.
 * @module
 */
import type { Attestation } from '@kura/attest';
import { bytesToHex, canonicalize, type JsonValue, parseJsonBytes, sha256 } from '@kura/codec';
import { evaluatePolicy, type PolicyEvaluation } from '@kura/policy';
import { listPolicies } from '@kura/policy/node';
import { type AuditCheck, Check, messageOf } from './check.js';
import type { Publication } from './publication.js';

/** Re-run the policy and compare. */
export function checkPolicy(att: Attestation, pub: Publication): AuditCheck {
  const c = new Check('policy', 'Policy arithmetic re-computed term by term');
  const P = att.policy;
  c.fact('policy', `${P.id} ${P.version} (${pub.policyPath ?? 'policy file'})`);
  const f = pub.files;
  if (!f.policy || !f.policyInputs || !f.root || !f.evidence) {
    c.fail(
      'the policy file, its inputs, root.json or evidence.json is missing (see the publication check)'
    );
    return c.done('');
  }
  const policySha = bytesToHex(sha256(f.policy));
  c.fact('policy file SHA-256', policySha);
  if (policySha !== P.sha256)
    c.fail(`${pub.policyPath}: SHA-256 ${policySha}, the attestation names ${P.sha256}`);
  const inputsSha = bytesToHex(sha256(f.policyInputs));
  if (inputsSha !== P.inputsSha256)
    c.fail(`policy-inputs.json: SHA-256 ${inputsSha}, the attestation names ${P.inputsSha256}`);
  try {
    const shipped = listPolicies().find(
      (p) => p.policy.id === P.id && p.policy.version === P.version
    );
    if (shipped && shipped.sha256 !== policySha)
      c.note(
        `${pub.policyPath} differs from ${P.id} ${P.version} as shipped with Kura (SHA-256 ${shipped.sha256}): compare the parameters with \`kura policy explain ${P.id}\``
      );
    else if (shipped) c.fact('shipped with Kura', 'identical bytes');
  } catch {
    // the shipped policies are a cross-check only
  }
  if (f.policyEvaluation) {
    try {
      if (
        canonicalize(parseJsonBytes(f.policyEvaluation)) !== canonicalize(P as unknown as JsonValue)
      )
        c.fail('policy-evaluation.json is not the evaluation embedded in the attestation');
    } catch (e) {
      c.fail(`policy-evaluation.json does not parse: ${messageOf(e)}`);
    }
  }
  let mine: PolicyEvaluation;
  try {
    mine = evaluatePolicy({
      policy: f.policy,
      inputs: f.policyInputs,
      liabilities: f.root,
      reserves: f.evidence,
      files: {
        policy: pub.policyPath,
        inputs: 'policy-inputs.json',
        liabilities: 'root.json',
        reserves: 'evidence.json',
      },
    });
  } catch (e) {
    c.fail(`the policy cannot be evaluated on the published files: ${messageOf(e)}`);
    return c.done('');
  }
  const terms = compareById(P.terms, mine.terms);
  c.table(
    'Terms',
    ['term', 'attested', 'recomputed', 'unit', ''],
    terms.map(({ id, a, m, same }) => [
      id,
      a?.value ?? '—',
      m?.value ?? '—',
      m?.unit ?? a?.unit ?? '',
      same ? 'match' : 'MISMATCH',
    ])
  );
  for (const { id, a, m, same } of terms) {
    if (same) continue;
    if (!a)
      c.fail(`policy term ${id}: computed ${m!.value} ${m!.unit}, missing from the attestation`);
    else if (!m)
      c.fail(
        `policy term ${id}: attested ${a.value} ${a.unit}, not a term of this policy's evaluation`
      );
    else
      c.fail(
        a.value !== m.value
          ? `policy term ${id}: the attestation states ${a.value} ${a.unit}, recomputed ${m.value} ${m.unit}`
          : `policy term ${id}: its ${firstKeyDiff(a, m)} differs from the recomputed term`
      );
  }
  const checks = compareById(P.checks, mine.checks);
  const show = (x?: { required: string; actual: string; pass: boolean }) =>
    x ? `required ${x.required}, actual ${x.actual}, ${x.pass ? 'pass' : 'fail'}` : 'nothing';
  c.table(
    'Checks',
    ['check', 'attested', 'recomputed', ''],
    checks.map(({ id, a, m, same }) => [id, show(a), show(m), same ? 'match' : 'MISMATCH'])
  );
  for (const { id, a, m, same } of checks)
    if (!same)
      c.fail(`policy check ${id}: the attestation states ${show(a)}; recomputed ${show(m)}`);
  c.fact('required reserve', `${mine.requiredReserve} ${mine.reportingCurrency}`);
  if (mine.requiredReserve !== P.requiredReserve)
    c.fail(
      `required reserve: the attestation states ${P.requiredReserve} ${P.reportingCurrency}, recomputed ${mine.requiredReserve}`
    );
  if (mine.pass !== P.pass)
    c.fail(
      `policy verdict: the attestation states ${P.pass ? 'pass' : 'fail'}, recomputed ${mine.pass ? 'pass' : 'fail'}`
    );
  else if (!mine.pass)
    c.fail(
      `the policy ${P.id} is not met: ${mine.checks
        .filter((x) => !x.pass)
        .map((x) => x.id)
        .join(', ')}`
    );
  // anything else (inputs verbatim, bindings, currency)
  if (c.problems.length === 0) {
    const rest = firstKeyDiff(P, mine);
    if (rest) c.fail(`the embedded evaluation's ${rest} differs from the recomputed one`);
  }
  return c.done(
    `${mine.terms.length} terms and ${mine.checks.length} checks recomputed exactly; required reserve ${mine.requiredReserve} ${mine.reportingCurrency}; policy met`
  );
}

/** Pair two lists by `id` (attested order, then recomputed-only ids), with JCS equality. */
function compareById<A extends { readonly id: string }, M extends { readonly id: string }>(
  attested: readonly A[],
  recomputed: readonly M[]
): { id: string; a?: A; m?: M; same: boolean }[] {
  const ids = [...new Set([...attested.map((x) => x.id), ...recomputed.map((x) => x.id)])];
  return ids.map((id) => {
    const a = attested.find((x) => x.id === id);
    const m = recomputed.find((x) => x.id === id);
    const same =
      a !== undefined &&
      m !== undefined &&
      canonicalize(a as unknown as JsonValue) === canonicalize(m as unknown as JsonValue);
    return { id, ...(a ? { a } : {}), ...(m ? { m } : {}), same };
  });
}

/** The first member (JSON path) where two JSON-like values differ, or ''. */
function firstKeyDiff(a: unknown, b: unknown, path = ''): string {
  if (a === undefined || b === undefined) return a === b ? '' : path || '(value)';
  if (canonicalize(a as JsonValue) === canonicalize(b as JsonValue)) return '';
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstKeyDiff(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k
      );
      if (d) return d;
    }
  }
  return path || '(value)';
}
