/**
 * `kura audit` argument and input handling as a real process: what the auditor got wrong is
 * "could not check" (exit 2) with a message naming the file or option, and no report is
 * written. (The checks themselves run against real nodes in test/e2e/audit.test.ts.)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, makeKeyFile } from '@kura/attest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runKura } from '../testing.js';

let dir: string;
const f = (n: string) => join(dir, n);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-audit-cli-'));
  writeFileSync(f('secret'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  writeFileSync(
    f('auditor.key'),
    JSON.stringify(makeKeyFile('ed25519', generatePrivateKey('ed25519'))),
    {
      mode: 0o600,
    }
  );
  writeFileSync(f('customers.csv'), 'uid,BTC\nalice,1\n');
  mkdirSync(f('not-a-publication'));
  writeFileSync(f('not-a-publication/readme.txt'), 'hello');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (over: Record<string, string> = {}) => [
  'audit',
  ...['--publication', over.publication ?? f('not-a-publication')],
  ...['--secret', over.secret ?? f('secret')],
  ...['--liabilities', over.liabilities ?? f('customers.csv')],
  ...['--key', over.key ?? f('auditor.key')],
  ...['--out', over.out ?? f('report')],
];

describe('kura audit: could not check (exit 2), nothing written', () => {
  test.each([
    [
      'a directory that is not a publication',
      {},
      [],
      /not-a-publication: no attestation\.json: not a Kura publication directory/,
    ],
    [
      'a missing publication',
      { publication: 'nope' },
      [],
      /nope: no such directory, expected a Kura publication directory/,
    ],
    ['a missing liabilities file', { liabilities: 'nope.csv' }, [], /nope\.csv: file not found/],
    [
      'postgres without --query',
      { liabilities: 'postgres://kura@127.0.0.1:1/kura' },
      [],
      /--query.*needs --query/,
    ],
    [
      '--query with a file source',
      {},
      ['--query', 'SELECT 1'],
      /field "--query": --query is only for a postgres:\/\/ source/,
    ],
    [
      'a bad beacon depth',
      {},
      ['--beacon-depth', '0'],
      /field "--beacon-depth": expected an integer 1/,
    ],
    [
      'a negative beacon time skew',
      {},
      ['--beacon-time-skew', '-1'],
      /field "--beacon-time-skew": expected an integer/,
    ],
    ['a bad sample size', {}, ['--sample', 'many'], /field "--sample"/],
    ['a bad --now', {}, ['--now', 'yesterday'], /field "--now": expected an RFC 3339 time/],
  ])('%s', (_name, over, extra, msg) => {
    // file names are relative to the test directory (created in beforeAll)
    const o = Object.fromEntries(
      Object.entries(over as Record<string, string>).map(([k, v]) => [
        k,
        v.includes('://') ? v : f(v),
      ])
    );
    const r = runKura([...base(o), ...extra]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(msg as RegExp);
    expect(r.stdout).toBe('');
    expect(existsSync(f('report'))).toBe(false);
  });
  test('a bad key file and a bad secret name their files', () => {
    writeFileSync(f('bad.key'), '{"version":"kura-key/1"}', { mode: 0o600 });
    let r = runKura(base({ key: f('bad.key') }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.key/);
    writeFileSync(f('bad-secret'), 'not hex\n', { mode: 0o600 });
    r = runKura(base({ secret: f('bad-secret') }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-secret:1: expected the 32-byte master secret/);
  });
  test('refuses to replace a non-empty directory that is not an audit report', () => {
    mkdirSync(f('precious'));
    writeFileSync(f('precious/thesis.txt'), 'do not delete');
    const r = runKura(base({ out: f('precious') }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /precious: refusing to replace a non-empty directory that is not an audit report/
    );
    expect(existsSync(f('precious/thesis.txt'))).toBe(true);
  });
  test('the secret and the database password never appear in messages', () => {
    const r = runKura(base({ liabilities: 'postgres://kura:hunter2@127.0.0.1:1/kura' }));
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr).not.toContain('ab'.repeat(32));
  });
});

describe('kura audit: the wrong directory or file is could not check (2); a bad publication is a verdict (1)', () => {
  const pub = (name: string, files: Record<string, string>) => {
    mkdirSync(f(name));
    for (const [n, text] of Object.entries(files)) writeFileSync(f(`${name}/${n}`), text);
    return f(name);
  };
  const ROOT = JSON.stringify({ version: 'kura-root/1' });
  const EVIDENCE = JSON.stringify({ version: 'kura-evidence/1' });
  // JSON of the right kind that is not a valid attestation: the exchange's problem, not the caller's
  const BAD_ATTESTATION = JSON.stringify({ version: 'kura-attestation/1' });

  test.each([
    [
      'attestation.json of another kind (a tree store or a report directory, not a publication)',
      { 'attestation.json': ROOT },
      /swapped\/attestation\.json.*this is a kura-root\/1 document, expected an attestation \(kura-attestation\/1\): not a Kura publication directory/,
    ],
    [
      'a truncated attestation.json',
      { 'attestation.json': '{"version":"kura-attestation/1","statem' },
      /truncated\/attestation\.json.*cannot check: truncated or not JSON \(expected an attestation\)/,
    ],
    [
      'an empty attestation.json',
      { 'attestation.json': '' },
      /empty\/attestation\.json.*cannot check: empty file/,
    ],
  ])('%s', (_name, files, msg) => {
    const name = (/^(\w+)\\\//.exec(msg.source) ?? [])[1]!;
    const r = runKura([
      ...base({ publication: pub(name, files), out: f(`report-${name}`) }),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(msg);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: false, exitCode: 2 });
    expect(doc.error.file).toBe(f(`${name}/attestation.json`));
    expect(existsSync(f(`report-${name}`))).toBe(false);
  });

  test('an audit report directory, a kura run work directory or a tree store holding an attestation.json is not a publication', () => {
    const cases: [string, string, RegExp][] = [
      [
        'audit-report.json',
        'was-report',
        /holds audit-report\.json: this is an audit report directory/,
      ],
      [
        'state.json',
        'was-work',
        /holds state\.json: this is the private work directory of kura run/,
      ],
      ['store.json', 'was-store', /holds store\.json: this is a tree store directory/],
    ];
    for (const [marker, name, msg] of cases) {
      const p = pub(name, { 'attestation.json': BAD_ATTESTATION, [marker]: '{}' });
      const r = runKura([...base({ publication: p, out: f(`report-${name}`) }), '--json']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(JSON.parse(r.stdout).error.file).toBe(p);
      expect(existsSync(f(`report-${name}`))).toBe(false);
    }
  });

  test('a file given as --publication, and --trust / --previous of another kind, are named', () => {
    const p = pub('caller', { 'attestation.json': BAD_ATTESTATION });
    writeFileSync(f('root.json'), ROOT);
    writeFileSync(f('evidence.json'), EVIDENCE);
    const cases: [Record<string, string>, string[], RegExp][] = [
      [
        { publication: f('root.json') },
        [],
        /root\.json: not a directory, expected a Kura publication directory/,
      ],
      [
        { publication: p },
        ['--trust', f('root.json')],
        /root\.json.*this is a kura-root\/1 document, expected a trust file \(kura-trust\/1\)/,
      ],
      [
        { publication: p },
        ['--previous', f('evidence.json')],
        /evidence\.json.*this is a kura-evidence\/1 document, expected an attestation/,
      ],
      [
        { publication: p },
        ['--eth-assets', f('evidence.json')],
        /this is a kura-evidence\/1 document, expected an Ethereum asset table/,
      ],
    ];
    for (const [over, extra, msg] of cases) {
      const r = runKura([...base({ ...over, out: f('report-caller') }), ...extra]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(f('report-caller'))).toBe(false);
    }
  });

  test('a publication whose files are not what its attestation says is a verdict (1), each named', () => {
    const p = pub('contradicts', {
      'attestation.json': BAD_ATTESTATION,
      'evidence.json': ROOT,
      'root.json': '{"version":"kura-root/1","ro',
      'policy-inputs.json': EVIDENCE,
      'trust.json': EVIDENCE,
    });
    const r = runKura([...base({ publication: p, out: f('report-contradicts') }), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.result).toBe('fail');
    expect(report.counterSigned).toBe(false);
    const problems: string[] = report.checks.find(
      (c: { id: string }) => c.id === 'publication'
    ).problems;
    expect(problems.join('\n')).toMatch(/attestation\.json is not a valid attestation/);
    expect(problems).toContain(
      'evidence.json: this is a kura-root/1 document, expected a reserves evidence file (kura-evidence/1)'
    );
    expect(problems).toContain(
      'root.json: not readable JSON (empty or truncated), expected a tree root file (root.json)'
    );
    expect(problems).toContain(
      'policy-inputs.json: this is a kura-evidence/1 document, expected policy inputs (kura-policy-inputs/1)'
    );
    // trust.json is not attested: unusable, it is "could not check" within the report, named
    const errors: string[] = report.checks.find(
      (c: { id: string }) => c.id === 'attestation'
    ).errors;
    expect(errors).toContain(
      `the trust file ${p}/trust.json is invalid: this is a kura-evidence/1 document, expected a trust file (kura-trust/1)`
    );
  });
});
