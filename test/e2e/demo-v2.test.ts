/**
 * A protocol v2 (confidential) month end to end against real nodes (issue 18): the demo's
 * exchange with `"protocol": 2` (bcoin regtest, anvil, and the customers in a throw-away
 * PostgreSQL, read back by `kura run` and by the auditor), `kura run` as the real CLI process,
 * the demo auditor's `kura audit` rebuilding the v2 tree from the export and the master secret,
 * drawing the beacon sample and counter-signing; then `kura attest verify` accepts the
 * counter-signed attestation, `kura tree verify` accepts the published sample proof against the
 * attested root commitment, `kura serve --config` serves another customer's proof on demand, and
 * no proof in the publication holds another customer's amount.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAttestationBytes } from '@kura/attest';
import { verifyProofDocumentV2 } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoHandle, demoAudit, setupDemo } from '../../packages/demo/src/pipeline.js';
import { startPostgres, type TestPostgres } from '../setup/postgres.js';
import { KURA_BIN, kura, type Run } from './helpers/kura.js';

const CUSTOMERS = 400;

let db: TestPostgres;
let demo: DemoHandle;
let dir: string;
let first: Run;
let summary: {
  pass: boolean;
  publication: string;
  rootCommitment: string;
  users: number;
  steps: { id: string }[];
};

describe('a protocol 2 month (bcoin, anvil, PostgreSQL)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kura-e2e-demo-v2-'));
    db = await startPostgres();
    demo = await setupDemo({ dir, customers: CUSTOMERS, protocol: 2, postgres: db.url });
    first = await kura(['run', '--config', demo.config, '--json']);
    if (first.code !== 0) throw new Error(`kura run failed (${first.code}): ${first.stderr}`);
    summary = JSON.parse(first.stdout);
  }, 900_000);
  afterAll(async () => {
    await demo?.stop();
    await db?.stop();
  });

  it('kura audit rebuilds the v2 tree, draws the sample and counter-signs; the attestation verifies', async () => {
    expect(summary.pass).toBe(true);
    expect(summary.users).toBe(CUSTOMERS);
    // the customers were read back from PostgreSQL (the liabilities step exists only for it)
    expect(summary.steps.map((x) => x.id)).toContain('liabilities');
    const audit = await demoAudit(demo, summary.publication);
    const report = JSON.parse(readFileSync(join(audit.report, 'audit-report.json'), 'utf8'));
    expect(report.result).toBe('pass');
    const L = report.checks.find((c: { id: string }) => c.id === 'liabilities');
    expect(L.facts).toContainEqual(['protocol', '2']);
    const sample = report.checks.find((c: { id: string }) => c.id === 'sample');
    expect(sample.status).toBe('pass');
    const att = parseAttestationBytes(readFileSync(join(summary.publication, 'attestation.json')));
    expect(att.liabilities.protocol).toBe(2);
    expect(att.signatures.map((s) => s.role).sort()).toEqual(['auditor', 'exchange']);
    const pub = (f: string) => join(summary.publication, f);
    const v = await kura([
      'attest',
      'verify',
      ...['--attestation', pub('attestation.json'), '--trust', pub('trust.json')],
      ...['--root', pub('root.json'), '--evidence', pub('evidence.json'), '--json'],
    ]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const out = JSON.parse(v.stdout) as { ok: boolean; signers: { role: string }[] };
    expect(out.ok).toBe(true);
    expect(out.signers.map((s) => s.role).sort()).toEqual(['auditor', 'exchange']);
  }, 900_000);

  it('the published sample proof verifies with kura tree verify and holds no other customer’s amount', async () => {
    const files = readdirSync(join(summary.publication, 'proofs'));
    expect(files).toHaveLength(1);
    const file = join(summary.publication, 'proofs', files[0]!);
    const r = await kura([
      'tree',
      'verify',
      '--proof',
      file,
      '--root-commitment',
      summary.rootCommitment,
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.version).toBe('kura-proof/2');
    for (const s of doc.siblings) expect(Object.keys(s).sort()).toEqual(['commitments', 'hash']);
  }, 300_000);

  it('kura serve --config makes another customer’s proof on demand', async () => {
    writeFileSync(join(dir, 'serve.token'), 'e2e-serve-v2-token-0123456789abcdef\n', {
      mode: 0o600,
    });
    const proc = spawn(
      process.execPath,
      [
        KURA_BIN,
        'serve',
        '--config',
        demo.config,
        '--token-file',
        join(dir, 'serve.token'),
        '--port',
        '0',
        '--provers',
        '1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let out = '';
    let err = '';
    proc.stderr.on('data', (d) => {
      err += d;
    });
    const exit = new Promise<number | null>((res) => proc.on('exit', (c) => res(c)));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no start line: ${err}`)), 120_000);
        proc.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]!);
          }
        });
      });
      const res = await fetch(`${base}/v1/proof?uid=c0000007`, {
        headers: { authorization: 'Bearer e2e-serve-v2-token-0123456789abcdef' },
      });
      expect(res.status).toBe(200);
      const doc = await res.json();
      expect(verifyProofDocumentV2(doc, summary.rootCommitment)).toMatchObject({
        ok: true,
        uid: 'c0000007',
      });
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  }, 300_000);
});
