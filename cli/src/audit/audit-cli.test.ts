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
    ['a missing publication', { publication: 'nope' }, [], /nope: not a directory/],
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
