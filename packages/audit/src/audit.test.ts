/**
 * The audit as a library, the way an audit firm's own tooling calls it: a month published by
 * `@kura/month` (XRP only, recorded rippled replies: `packages/month/test/xrp-month.ts`), audited
 * with `runAudit` given the auditor's XRPL client, an injected clock for the report's time stamps
 * and an injected scratch root; then a customer's balance changed in the export is a failed
 * liabilities check. An XRP-only month has no Bitcoin snapshot to count the beacon from, so the
 * sample is "could not check" and nothing is counter-signed (the full audit against real bcoin,
 * anvil and PostgreSQL nodes is test/e2e/audit.test.ts).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMonth } from '@kura/month';
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
import { REPORT_FILES, writeReport } from './write.js';

let root: string;
const p = (f: string) => join(root, f);

/** The audit's options; `clock` reads 09:30:00, then 09:30:05, … (one step of 5 s per reading). */
function options(liabilities: string, scratch: string, seen: string[][]): AuditOptions {
  let t = NOW;
  return xrpAuditOptions(p('work/publication'), liabilities, {
    sampleSize: 60,
    clock: () => {
      const r = t;
      t += 5000;
      return r;
    },
    tmpDir: scratch,
    onProgress: (phase) => {
      if (phase === 'liabilities') seen.push(readdirSync(scratch));
    },
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kura-audit-lib-'));
  writeInputs(root);
  await runMonth(monthConfig(root, 'work'), { now: NOW, keys, sources });
}, 120_000);
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('runAudit as a library', () => {
  it('every check of an XRP-only month, time stamps from the injected clock, scratch under the injected root', async () => {
    const scratch = p('scratch');
    mkdirSync(scratch);
    const seen: string[][] = [];
    const out = await runAudit(options(p('customers.csv'), scratch, seen));
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
    expect(r.checks.find((c) => c.id === 'sample')!.errors[0]).toMatch(/no Bitcoin snapshot/);
    expect(r).toMatchObject({ result: 'error', exitCode: 2, counterSigned: false });
    expect(out.signed).toBeUndefined();
    expect(r.startedAt).toBe('2026-12-01T09:30:00Z');
    expect(r.finishedAt).toBe('2026-12-01T09:30:05Z');
    // the scratch directory was made under the injected root and removed afterwards
    expect(seen[0]).toHaveLength(1);
    expect(seen[0]![0]).toMatch(/^kura-audit-/);
    expect(readdirSync(scratch)).toEqual([]);
    // the library never writes the report; the caller does
    expect(existsSync(p('report'))).toBe(false);
    writeReport(p('report'), r, out.sample, out.signed);
    const written = JSON.parse(readFileSync(p(`report/${REPORT_FILES.json}`), 'utf8'));
    expect(written.startedAt).toBe('2026-12-01T09:30:00Z');
    expect(existsSync(p(`report/${REPORT_FILES.attestation}`))).toBe(false);
  });

  it("a customer's balance changed in the export: the liabilities check fails (exit 1), nothing signed", async () => {
    writeFileSync(p('changed.csv'), CUSTOMERS.replace('bob,20000.5', 'bob,20000.4'));
    const out = await runAudit(options(p('changed.csv'), tmpdir(), []));
    const L = out.report.checks.find((c) => c.id === 'liabilities')!;
    expect(L.status).toBe('fail');
    expect(L.problems.join('\n')).toMatch(/XRP/);
    // bob's published proof, read by the strict reader, states what the exchange published
    expect(L.problems.join('\n')).toMatch(
      /customer "bob": the published proof holds balances \[[0-9, ]+\], the export \[[0-9, ]+\]/
    );
    expect(out.report).toMatchObject({ result: 'fail', exitCode: 1, counterSigned: false });
    expect(out.signed).toBeUndefined();
  });
});
