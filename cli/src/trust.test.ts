/**
 * `kura trust`: trust.json from public-key files, checked as a verifier checks it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrustBytes } from '@kura/attest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKura } from './testing.js';

let dir: string;
const f = (n: string) => join(dir, n);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-trust-'));
  expect(
    runKura(['keys', 'gen', '--alg', 'ed25519', '--out', f('ex.key'), '--name', 'Ex K.K.']).code
  ).toBe(0);
  expect(runKura(['keys', 'gen', '--alg', 'ecdsa-secp256k1', '--out', f('au.key')]).code).toBe(0);
  expect(
    runKura(['keys', 'gen', '--alg', 'ed25519', '--out', f('au2.key'), '--role', 'auditor']).code
  ).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kura trust', () => {
  it('builds kura-trust/1 from .pub.json files by role; a verifier accepts it', () => {
    const r = runKura([
      'trust',
      '--exchange',
      f('ex.key.pub.json'),
      '--auditor',
      f('au.key.pub.json'),
      '--key',
      f('au2.key.pub.json'),
      '--out',
      f('trust.json'),
    ]);
    expect(r.code).toBe(0);
    const t = parseTrustBytes(readFileSync(f('trust.json')), f('trust.json'));
    expect(t.keys.map((k) => [k.role, k.alg])).toEqual([
      ['exchange', 'ed25519'],
      ['auditor', 'ecdsa-secp256k1'],
      ['auditor', 'ed25519'],
    ]);
    expect(t.keys[0]!.name).toBe('Ex K.K.');
  });
  it('refuses to replace an existing trust file without --force', () => {
    const args = ['trust', '--exchange', f('ex.key.pub.json'), '--out', f('trust.json')];
    const before = readFileSync(f('trust.json'), 'utf8');
    const r = runKura(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to overwrite/);
    expect(readFileSync(f('trust.json'), 'utf8')).toBe(before);
    expect(runKura([...args, '--force']).code).toBe(0);
  });
  it('one key in two roles, a private key file, a tampered fingerprint, no role: exit 2 naming the file', () => {
    const two = runKura([
      'trust',
      '--exchange',
      f('ex.key.pub.json'),
      '--auditor',
      f('ex.key.pub.json'),
      '--out',
      f('t2.json'),
      '--json',
    ]);
    expect(two.code).toBe(2);
    expect(JSON.parse(two.stdout).error.message).toMatch(/KEY_IN_TWO_ROLES/);
    const priv = runKura(['trust', '--exchange', f('ex.key'), '--out', f('t3.json')]);
    expect(priv.code).toBe(2);
    expect(priv.stderr).toContain('kura-key/1');
    const pub = JSON.parse(readFileSync(f('ex.key.pub.json'), 'utf8'));
    writeFileSync(f('bad.pub.json'), JSON.stringify({ ...pub, fingerprint: '00'.repeat(32) }));
    const bad = runKura(['trust', '--exchange', f('bad.pub.json'), '--out', f('t4.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.pub\.json: .*fingerprint/);
    const norole = runKura(['trust', '--key', f('ex.key.pub.json'), '--out', f('t5.json')]);
    expect(norole.code).toBe(2);
    expect(norole.stderr).toMatch(/no role/);
    for (const n of ['t2.json', 't3.json', 't4.json', 't5.json'])
      expect(() => readFileSync(f(n))).toThrow();
  });
});
