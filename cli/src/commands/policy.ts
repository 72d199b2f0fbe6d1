/**
 * `kura policy list|explain|check`: the reserve policies shipped with @kura/policy, what each
 * parameter is and where it comes from, and the evaluation of an exchange's books against one.
 *
 * Exit codes of `check`: 0 every check passes, 1 a check fails (the breakdown says which),
 * 2 could not check (a bad or missing file; the message names file, line and field).
 * @module
 */
import { DOCUMENTS, expectDocument, readFileOrThrow, writeFileAtomic } from '@kura/codec/node';
import {
  evaluatePolicy,
  explainPolicy,
  type PolicyEvaluation,
  type Provenance,
  type TermProvenance,
} from '@kura/policy';
import { listPolicies, loadPolicy, REGULATION_NOTE } from '@kura/policy/node';
import type { Command } from 'commander';
import { action, EXIT_INVALID, EXIT_OK, printJson } from '../util.js';

const out = (s = ''): void => {
  process.stdout.write(`${s}\n`);
};

function kindTag(p: Provenance | TermProvenance): string {
  return `[${p.kind}${'verified' in p && p.verified === false ? ', unverified' : ''}]`;
}

/** Register `kura policy …`. */
export function registerPolicy(parent: Command): void {
  const policy = parent
    .command('policy')
    .description('regulatory reserve policies: list, explain, check an exchange against one');

  policy
    .command('list')
    .description('list the shipped policies')
    .option('--json', 'machine-readable output')
    .action(
      action((opts: { json?: boolean }) => {
        const all = listPolicies();
        if (opts.json) {
          printJson(
            all.map(({ policy: p, sha256 }) => ({
              id: p.id,
              version: p.version,
              status: p.status,
              jurisdiction: p.jurisdiction,
              reportingCurrency: p.reportingCurrency,
              title: p.title,
              sha256,
            }))
          );
          return EXIT_OK;
        }
        const w = Math.max(...all.map((x) => x.policy.id.length));
        for (const { policy: p } of all)
          out(
            `${p.id.padEnd(w)}  ${p.version.padEnd(6)}  ${p.status.padEnd(8)}  ${p.reportingCurrency}  ${p.title}`
          );
        return EXIT_OK;
      })
    );

  policy
    .command('explain')
    .description('show every parameter of a policy with its value and provenance')
    .argument('<policy>', 'shipped policy id (see `kura policy list`) or a policy file')
    .option('--json', 'machine-readable output')
    .action(
      action((id: string, opts: { json?: boolean }) => {
        const lp = loadPolicy(id);
        const rows = explainPolicy(lp.json);
        const p = lp.policy;
        if (opts.json) {
          printJson({
            id: p.id,
            version: p.version,
            sha256: lp.sha256,
            status: p.status,
            parameters: rows,
          });
          return EXIT_OK;
        }
        out(`${p.id} ${p.version} — ${p.title}`);
        out(
          `status: ${p.status}; regulator: ${p.regulator}; reporting currency: ${p.reportingCurrency}`
        );
        out(`file: ${lp.file}`);
        out(`sha256: ${lp.sha256}`);
        if (p.description) out(`\n${p.description}`);
        const counts = new Map<string, number>();
        for (const r of rows)
          counts.set(r.provenance.kind, (counts.get(r.provenance.kind) ?? 0) + 1);
        out(
          `\n${rows.length} parameters: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}\n`
        );
        let context: string | undefined;
        for (const r of rows) {
          if (r.context !== context) {
            context = r.context;
            if (context) out(`${context}:`);
          }
          out(`  ${r.pointer} = ${r.value}  ${kindTag(r.provenance)}`);
          out(`      source: ${r.provenance.source}`);
          if (r.provenance.reason) out(`      reason: ${r.provenance.reason}`);
          if (r.note) out(`      note:   ${r.note}`);
        }
        if (
          rows.some((r) => /regulation\.md/.test(`${r.provenance.source} ${r.provenance.reason}`))
        )
          out(`\nregulation.md (cited above, with its sources): ${REGULATION_NOTE}`);
        return EXIT_OK;
      })
    );

  policy
    .command('check')
    .description('evaluate liabilities and reserves against a policy; prints the breakdown')
    .requiredOption('--policy <policy>', 'shipped policy id or a policy file')
    .requiredOption('--inputs <file>', 'the exchange inputs (kura-policy-inputs/1)')
    .requiredOption('--liabilities <file>', 'the tree root file root.json (kura-root/1)')
    .requiredOption('--reserves <file>', 'the reserves evidence file (kura-evidence/1)')
    .option(
      '--json',
      'print the PolicyEvaluation (what `kura attest create --policy-result` takes)'
    )
    .option('--out <file>', 'also write the PolicyEvaluation JSON to <file> (atomically)')
    .action(
      action(
        (opts: {
          policy: string;
          inputs: string;
          liabilities: string;
          reserves: string;
          json?: boolean;
          out?: string;
        }) => {
          expectDocument(opts.inputs, DOCUMENTS.policyInputs);
          expectDocument(opts.liabilities, DOCUMENTS.root);
          expectDocument(opts.reserves, DOCUMENTS.evidence);
          const lp = loadPolicy(opts.policy);
          const ev = evaluatePolicy({
            policy: lp,
            inputs: readFileOrThrow(opts.inputs),
            liabilities: readFileOrThrow(opts.liabilities),
            reserves: readFileOrThrow(opts.reserves),
            files: { inputs: opts.inputs, liabilities: opts.liabilities, reserves: opts.reserves },
          });
          if (opts.out) writeFileAtomic(opts.out, `${JSON.stringify(ev, null, 2)}\n`);
          if (opts.json) printJson(ev);
          else printBreakdown(ev, lp.policy.title, lp.policy.status);
          return ev.pass ? EXIT_OK : EXIT_INVALID;
        }
      )
    );
}

function printBreakdown(ev: PolicyEvaluation, title: string, status: string): void {
  out(`${ev.id} ${ev.version} (${status}) — ${title}`);
  out(`policy sha256 ${ev.sha256}; inputs sha256 ${ev.inputsSha256}`);
  if (ev.roundId) out(`round ${ev.roundId}`);
  out('\nTerms');
  const w = Math.min(40, Math.max(...ev.terms.map((t) => t.id.length)));
  for (const t of ev.terms) {
    out(`  ${t.id.padEnd(w)}  ${t.value} ${t.unit}  ${kindTag(t.provenance)}`);
    out(`  ${''.padEnd(w)}    ${t.label}: ${t.formula}`);
  }
  out('\nChecks');
  for (const c of ev.checks) {
    const unit = c.unit ? ` ${c.unit}` : '';
    out(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.label}`);
    out(`        required ${c.required}${unit}, actual ${c.actual}${unit}  (${c.id})`);
  }
  out(`\nRequired reserve: ${ev.requiredReserve} ${ev.reportingCurrency}`);
  const failed = ev.checks.filter((c) => !c.pass).map((c) => c.id);
  out(`Verdict: ${ev.pass ? 'PASS' : `FAIL (${failed.join(', ')})`}`);
}
