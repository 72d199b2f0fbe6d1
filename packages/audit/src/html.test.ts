/**
 * The HTML audit report: self-contained (a CSP that forbids every external resource and any
 * script, no script or link element), and every value escaped — a uid, label or address from
 * the exchange's files cannot inject markup into the auditor's report.
 */
import { describe, expect, test } from 'vitest';
import type { AuditReport } from './audit.js';
import { Check } from './check.js';
import type { Sample } from './confirm.js';
import { esc, renderHtml } from './html.js';

const EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>';

function report(result: AuditReport['result']): AuditReport {
  const c = new Check('liabilities', 'Liabilities tree recomputed from the full export');
  if (result === 'fail')
    c.fail(`customer ${JSON.stringify(EVIL)} is missing from the published tree`);
  c.fact('customers in the export', 3);
  c.table(
    'Totals per asset',
    ['asset', 'attested', 'recomputed', ''],
    [['BTC', '1.5', '1.5', 'match']]
  );
  c.note(`label ${EVIL}`);
  const check = c.done('the tree matches');
  return {
    version: 'kura-audit/1',
    result,
    exitCode: result === 'pass' ? 0 : 1,
    startedAt: '2026-12-01T00:00:00Z',
    finishedAt: '2026-12-01T00:01:00Z',
    auditor: { alg: 'ed25519', publicKey: 'ab'.repeat(32), fingerprint: 'cd'.repeat(32) },
    attestation: {
      exchange: `Ex ${EVIL}`,
      exchangeName: `Example & Co ${EVIL}`,
      period: '2026-11',
      snapshotTime: '2026-11-30T15:00:00Z',
      sequence: 1,
      roundId: '11'.repeat(32),
      rootCommitment: '22'.repeat(32),
      statementSha256: '33'.repeat(32),
    },
    inputs: { publication: '/p', liabilities: 'x.csv' },
    parameters: { sampleSize: 60 },
    checks: [check],
    counterSigned: result === 'pass',
    problems: check.problems.map((p) => `liabilities: ${p}`),
  };
}

const sample = {
  beacon: {
    chain: 'bip122:000000000019d6689c085ae165831e93',
    snapshotHeight: 840_000,
    depth: 6,
    height: 840_006,
    blockHash: '44'.repeat(32),
    time: '2026-11-30T16:00:00Z',
    issuedAt: '2026-11-30T12:00:00Z',
    skewSeconds: 7200,
  },
  seed: '55'.repeat(32),
  derivation: 'seed = TH(…)',
  population: 3,
  size: 0,
  draws: [],
} satisfies Sample;

describe('renderHtml', () => {
  test('escapes every value; no script, no external resource', () => {
    for (const r of ['pass', 'fail'] as const) {
      const html = renderHtml(report(r), sample);
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
      expect(html).not.toMatch(/<(link|iframe|object)[\s>]|<[a-z]+[^>]*\s(src|href)=/i);
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`
      );
      expect(html).toContain('Example &amp; Co');
      expect(html).toContain('44'.repeat(32));
    }
  });
  test('the verdict line says whether the attestation was counter-signed', () => {
    expect(renderHtml(report('pass'))).toContain(
      'the attestation is counter-signed by the auditor'
    );
    const failed = renderHtml(report('fail'));
    expect(failed).toContain('FAILED — 1 problem(s); the attestation is NOT counter-signed.');
    expect(failed).toContain('class="badge fail">FAIL</span>');
  });
  test('esc covers the five HTML specials', () => {
    expect(esc(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
