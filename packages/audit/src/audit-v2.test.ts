/**
 * `runAudit` of a protocol v2 month (issue 18), as a library: the XRP-only month of
 * `packages/month/test/xrp-month.ts` run with `protocol: 2` (a v2 asset list with treeDecimals),
 * then audited — the v2 tree rebuilt from the export and the master secret passes, as do the
 * attestation (naming protocol 2), the reserves and the policy; an export with one customer
 * changed fails the liabilities check with the v2 codes. (No Bitcoin snapshot: the beacon sample
 * is "could not check", as for the v1 month of `audit.test.ts`; the full audit that counter-signs
 * is `npm run demo -- --protocol 2`.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type RunConfig, runMonth } from '@kura/month';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CUSTOMERS,
  keys,
  monthConfig,
  NOW,
  sources,
  writeInputs,
} from '../../month/test/xrp-month.js';
import { xrpAuditOptions } from '../test/auditor.js';
import { type AuditOptions, runAudit } from './audit.js';

let root: string;
const p = (f: string) => join(root, f);
const options = (liabilities: string): AuditOptions =>
  xrpAuditOptions(p('work/publication'), liabilities);

/** The fixture's month with `protocol: 2` and a v2 asset list (tree unit 0.001 XRP). */
function v2Config(): RunConfig {
  const v1 = monthConfig(root, 'work');
  return parseConfig(
    {
      version: 'kura-config/1',
      protocol: 2,
      round: v1.round,
      assets: [{ symbol: 'XRP', decimals: 6, treeDecimals: 3, network: 'xrpl:0' }],
      exchange: { name: v1.exchange.name },
      keys: { masterSecret: 'no-such-secret.hex', exchange: 'no-such-exchange.key' },
      trust: 'trust.json',
      workDir: 'work',
      liabilities: { file: 'customers.csv', format: 'csv' },
      tree: { placement: 'dense', workers: 1 },
      xrpl: {
        rpc: ['http://127.0.0.1:9/never-dialled'],
        ledger: v1.xrpl!.ledger,
        addresses: 'xrp-addresses.jsonl',
        signatures: 'xrp-signatures.jsonl',
      },
      policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
      scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
      attestation: { validDays: 35 },
    },
    '(v2 config)',
    '',
    { root }
  );
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kura-audit-v2-'));
  writeInputs(root);
  await runMonth(v2Config(), { now: NOW, keys, sources });
}, 300_000);
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('runAudit of a protocol v2 month', () => {
  it('the v2 tree rebuilt from the export passes with every other check of the month', async () => {
    const att = JSON.parse(readFileSync(p('work/publication/attestation.json'), 'utf8'));
    expect(att.liabilities.protocol).toBe(2);
    const out = await runAudit(options(p('customers.csv')));
    const r = out.report;
    expect(Object.fromEntries(r.checks.map((c) => [c.id, c.status]))).toEqual({
      publication: 'pass',
      attestation: 'pass',
      chain: 'pass',
      liabilities: 'pass',
      reserves: 'pass',
      policy: 'pass',
      sample: 'error',
    });
    const L = r.checks.find((c) => c.id === 'liabilities')!;
    expect(L.facts).toContainEqual(['protocol', '2']);
    expect(L.facts).toContainEqual(['published proofs checked', '1 of 1']);
    expect(L.facts).toContainEqual(['recomputed rootCommitment', att.liabilities.rootCommitment]);
  }, 300_000);

  it('one customer changed in the auditor’s export: ROOT_HASH_MISMATCH and TOTALS_MISMATCH, exit 1', async () => {
    writeFileSync(p('changed.csv'), CUSTOMERS.replace('bob,20000.5', 'bob,20000.4'));
    const out = await runAudit(options(p('changed.csv')));
    const L = out.report.checks.find((c) => c.id === 'liabilities')!;
    expect(L.status).toBe('fail');
    const codes = L.problems.map((x) => x.split(':')[0]);
    expect(codes).toContain('ROOT_HASH_MISMATCH');
    expect(codes).toContain('TOTALS_MISMATCH');
    expect(codes).toContain('ROOT_OPENING_MISMATCH');
    expect(out.report).toMatchObject({ result: 'fail', exitCode: 1, counterSigned: false });
    expect(out.signed).toBeUndefined();
  }, 300_000);
});
