/**
 * `kura run` of a protocol v2 (confidential) month, as a process (issue 18): the config's
 * `"protocol": 2` and v2 asset list (treeDecimals), the v2 tree of Pedersen commitments, a
 * `kura-root/2` with opened totals, an attestation naming protocol 2 with the v2 root commitment,
 * liabilities rounded up to tree units, the private index of every customer's proof file id, a
 * pre-built sample proof that verifies against the attested root and carries no other customer's
 * amount, and v1 untouched. Reserves: recorded rippled replies as in `run-xrp.test.ts`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyProofDocumentV2 } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rippled } from '../../../packages/xrpl/test/rippled.js';
import { serveFetch } from '../../test/loopback.js';
import {
  writeExchangeKeyFiles,
  writeXrplMonthFiles,
  xrplMonthWorld,
} from '../../test/month-files.js';
import { runKuraAsync, startKuraServe } from '../testing.js';

/** uid, XRP balance; tree units are 0.001 XRP, so 0.000001 XRP counts as 0.001 (rounded up). */
const CUSTOMERS: [string, string][] = [
  ['alice', '100000'],
  ['bob', '20000.5'],
  ['carol', '0.000001'],
  ['dave', '7.123456'],
  ['erin', '0'],
];

let dir: string;
let server: Server;
let url: string;
const w = xrplMonthWorld();
const p = (f: string) => join(dir, f);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kura-run-v2-'));
  ({ server, url } = await serveFetch(() => rippled(w).fetch));

  writeExchangeKeyFiles(dir, '5a'.repeat(32));
  writeXrplMonthFiles(dir, {
    rpc: url,
    ledger: w.ledgerIndex,
    customersCsv: `uid,XRP\n${CUSTOMERS.map(([u, b]) => `${u},${b}`).join('\n')}\n`,
    protocol: 2,
  });
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kura run, protocol 2', () => {
  it('runs the v2 month: kura-root/2, an attestation naming protocol 2, proofs on demand with a verified sample', async () => {
    const r = await runKuraAsync(['run', '--config', p('kura.json'), '--json']);
    expect(r.stderr).not.toMatch(/kura: [A-Z_]+:/);
    expect(r.code).toBe(0);
    const pub = (f: string) => join(p('work/publication'), f);
    const root = JSON.parse(readFileSync(pub('root.json'), 'utf8'));
    expect(root.version).toBe('kura-root/2');
    expect(root.assets).toEqual([
      { symbol: 'XRP', decimals: 6, treeDecimals: 3, network: 'xrpl:0' },
    ]);
    // Σ ⌈balance / 1000 drops⌉: 100 000 000 + 20 000 500 + 1 + 7 124 + 0 tree units
    expect(root.totals).toEqual([String(100_000_000 + 20_000_500 + 1 + 7_124)]);
    const att = JSON.parse(readFileSync(pub('attestation.json'), 'utf8'));
    expect(att.liabilities.protocol).toBe(2);
    expect(att.liabilities.rootCommitment).toBe(root.rootCommitment);
    expect(att.liabilities.treeTotals).toEqual(root.totals);
    expect(att.liabilities.rootBlindings).toEqual(root.rootBlindings);
    // base units for coverage and policy: never below the customers' balances
    expect(att.liabilities.totals).toEqual([String((100_000_000 + 20_000_500 + 1 + 7_124) * 1000)]);
    expect(att.coverage.assets[0]).toMatchObject({ asset: 'XRP', pass: true });
    // one pre-built proof in the publication, verified against the attested root commitment
    const files = readdirSync(pub('proofs'));
    expect(files).toHaveLength(1);
    const text = readFileSync(pub(`proofs/${files[0]}`), 'utf8');
    const proof = JSON.parse(text);
    const v = verifyProofDocumentV2(proof, att.liabilities.rootCommitment, {
      round: att.round,
      assets: att.liabilities.assets,
    });
    expect(v.ok).toBe(true);
    for (const s of proof.siblings) expect(Object.keys(s).sort()).toEqual(['commitments', 'hash']);
    for (const [uid, bal] of CUSTOMERS)
      if (uid !== proof.uid && bal !== '0') expect(text).not.toContain(bal.replace('.', ''));
    // the private index names every customer's proof file (served on demand)
    const index = readFileSync(p('work/proofs/index.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(index.map((e: { uid: string }) => e.uid).sort()).toEqual(
      CUSTOMERS.map(([u]) => u).sort()
    );
    expect(index.filter((e: { onDemand?: boolean }) => e.onDemand)).toHaveLength(
      CUSTOMERS.length - 1
    );
    expect(index.find((e: { uid: string }) => e.uid === proof.uid).file).toBe(`proofs/${files[0]}`);
    const summary = JSON.parse(r.stdout);
    expect(summary.rootCommitment).toBe(root.rootCommitment);
    // a second run changes nothing
    const again = await runKuraAsync(['run', '--config', p('kura.json'), '--json']);
    expect(again.code).toBe(0);
    expect(
      JSON.parse(again.stdout).steps.every((s: { status: string }) => s.status !== 'done')
    ).toBe(true);
    // the v2 tree store (kura-store/2) that kura serve opens
    expect(JSON.parse(readFileSync(p('work/tree/store.json'), 'utf8')).version).toBe(
      'kura-store/2'
    );
  });

  it('kura serve --config serves the month’s v2 proofs on demand over HTTP; SIGTERM exits 0', async () => {
    const token = 'serve-v2-token-0123456789abcdefghij';
    writeFileSync(p('token'), `${token}\n`, { mode: 0o600 });
    const s = await startKuraServe(
      [
        'serve',
        '--config',
        p('kura.json'),
        '--token-file',
        p('token'),
        '--port',
        '0',
        '--provers',
        '1',
      ],
      { timeoutMs: 120_000 }
    );
    const { base } = s;
    try {
      const att = JSON.parse(readFileSync(p('work/publication/attestation.json'), 'utf8'));
      expect(s.stdout()).toContain(`rootCommitment ${att.liabilities.rootCommitment}, protocol 2`);
      const none = await fetch(`${base}/v1/proof?uid=nobody`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(none.status).toBe(404);
      expect((await none.json()).error.code).toBe('UID_NOT_FOUND');
      const r = await fetch(`${base}/v1/proof?uid=dave`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(r.status).toBe(200);
      const doc = await r.json();
      expect(doc).toMatchObject({ version: 'kura-proof/2', uid: 'dave', balances: ['7123456'] });
      expect(
        verifyProofDocumentV2(doc, att.liabilities.rootCommitment, {
          round: att.round,
          assets: att.liabilities.assets,
        }).ok
      ).toBe(true);
      const h = await (await fetch(`${base}/healthz`)).json();
      expect(h.protocol).toBe(2);
      expect(s.stderr()).not.toContain(token);
      expect(s.stderr()).not.toContain('7123456');
    } finally {
      s.proc.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
  });

  it('a v2 asset list without protocol 2 (or the reverse) is refused naming the field', async () => {
    const cfg = JSON.parse(readFileSync(p('kura.json'), 'utf8'));
    writeFileSync(p('bad1.json'), JSON.stringify({ ...cfg, protocol: undefined }));
    const a = await runKuraAsync(['run', '--config', p('bad1.json')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/bad1\.json.*\$\.assets/);
    writeFileSync(
      p('bad2.json'),
      JSON.stringify({ ...cfg, assets: [{ symbol: 'XRP', decimals: 6, network: 'xrpl:0' }] })
    );
    const b = await runKuraAsync(['run', '--config', p('bad2.json')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad2\.json.*\$\.assets.*treeDecimals/);
    // kura serve --config is for a protocol 2 month; --tree and --config exclude each other
    writeFileSync(
      p('v1.json'),
      JSON.stringify({
        ...cfg,
        protocol: 1,
        assets: [{ symbol: 'XRP', decimals: 6, network: 'xrpl:0' }],
      })
    );
    const s1 = await runKuraAsync(['serve', '--config', p('v1.json'), '--token-file', p('token')]);
    expect(s1.code).toBe(2);
    expect(s1.stderr).toMatch(/v1\.json.*\$\.protocol.*protocol 2 month/);
    const s2 = await runKuraAsync([
      'serve',
      ...['--config', p('kura.json'), '--tree', p('work/tree'), '--token-file', p('token')],
    ]);
    expect(s2.code).toBe(2);
    expect(s2.stderr).toMatch(/exactly one of --tree/);
    writeFileSync(p('bad3.json'), JSON.stringify({ ...cfg, protocol: 3 }));
    const c = await runKuraAsync(['run', '--config', p('bad3.json')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/\$\.protocol/);
  });
});
