/**
 * `kura keys gen`, `kura attest create | sign | verify` as real processes (runKura), on the
 * attestation fixtures of @kura/attest: the full monthly flow, exit codes 0/1/2, --json, refusals.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@kura/codec';
import { evaluatePolicy } from '@kura/policy';
import { makeRootFile, ownershipChallenge, roundId } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSETS,
  evidence,
  PRICES,
  policy,
  ROUND,
  rootJson,
  SCOPE,
  TOTALS,
} from '../../packages/attest/test/fixtures.js';
import { jpInputs, shipped } from '../../packages/policy/test/fixtures.js';
import { runKura } from './testing.js';

let dir: string;
const p = (f: string) => join(dir, f);
const NOW = '2026-12-05T12:00:00Z';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-attest-'));
  writeFileSync(p('root.json'), rootJson());
  const ev = evidence();
  // two partial files, as the Bitcoin and Ethereum collectors write them
  writeFileSync(
    p('ev-btc.json'),
    JSON.stringify(
      { ...ev, snapshots: [ev.snapshots[0]], entries: ev.entries.slice(0, 2) },
      null,
      2
    )
  );
  writeFileSync(
    p('ev-eth.json'),
    JSON.stringify({ ...ev, snapshots: [ev.snapshots[1]], entries: ev.entries.slice(2) }, null, 2)
  );
  writeFileSync(p('policy.json'), JSON.stringify(policy(), null, 2));
  writeFileSync(p('scope.json'), JSON.stringify(SCOPE, null, 2));
  writeFileSync(p('prices.json'), JSON.stringify(PRICES, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const create = (out: string, extra: string[] = []) =>
  runKura([
    'attest',
    'create',
    '--root',
    p('root.json'),
    '--evidence',
    p('ev-btc.json'),
    '--evidence',
    p('ev-eth.json'),
    '--evidence-out',
    p('evidence.json'),
    '--policy-result',
    p('policy.json'),
    '--scope',
    p('scope.json'),
    '--exchange-name',
    'Example Exchange K.K.',
    '--auditor-name',
    'Audit LLC',
    '--issued-at',
    '2026-12-05T00:00:00Z',
    '--out',
    out,
    ...extra,
  ]);
const verify = (att: string, extra: string[] = []) =>
  runKura([
    'attest',
    'verify',
    '--attestation',
    att,
    '--trust',
    p('trust.json'),
    '--now',
    NOW,
    ...extra,
  ]);

describe('kura keys gen', () => {
  it('writes a 0600 key file and a trust-entry snippet; prints key and fingerprint; never overwrites', () => {
    const r = runKura([
      'keys',
      'gen',
      '--alg',
      'ed25519',
      '--out',
      p('exchange.key'),
      '--role',
      'exchange',
      '--name',
      'Example K.K.',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(p('exchange.key')).mode & 0o777).toBe(0o600);
    const pub = JSON.parse(readFileSync(p('exchange.key.pub.json'), 'utf8'));
    expect(pub).toMatchObject({ role: 'exchange', alg: 'ed25519', name: 'Example K.K.' });
    expect(r.stdout).toContain(pub.publicKey);
    expect(r.stdout).toContain(pub.fingerprint);
    const again = runKura(['keys', 'gen', '--alg', 'ed25519', '--out', p('exchange.key')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exchange\.key.*refusing to overwrite/);
    const a = runKura([
      'keys',
      'gen',
      '--alg',
      'ecdsa-secp256k1',
      '--out',
      p('auditor.key'),
      '--role',
      'auditor',
      '--json',
    ]);
    expect(a.code, a.stderr).toBe(0);
    const aj = JSON.parse(a.stdout);
    expect(aj.publicKey).toMatch(/^0[23][0-9a-f]{64}$/);
    const other = runKura([
      'keys',
      'gen',
      '--alg',
      'ed25519',
      '--out',
      p('other.key'),
      '--role',
      'exchange',
    ]);
    expect(other.code).toBe(0);
    writeFileSync(
      p('trust.json'),
      JSON.stringify({
        version: 'kura-trust/1',
        keys: [pub, JSON.parse(readFileSync(p('auditor.key.pub.json'), 'utf8'))],
      })
    );
    expect(runKura(['keys', 'gen', '--alg', 'rsa', '--out', p('x.key')]).code).toBe(2);
  });
});

describe('kura attest create / sign / verify', () => {
  it('the monthly flow: create (merging evidence), sign as exchange and auditor, verify → 0', () => {
    const c = create(p('att.json'));
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('unsigned; sequence 1');
    const unsigned = JSON.parse(readFileSync(p('att.json'), 'utf8'));
    expect(unsigned.signatures).toEqual([]);
    expect(unsigned.expiresAt).toBe('2027-01-09T00:00:00Z'); // 35 days
    expect(unsigned.coverage.overall.valueDecimals).toBe(0); // JPY
    // unsigned: not valid
    expect(verify(p('att.json')).code).toBe(1);
    const s1 = runKura([
      'attest',
      'sign',
      '--attestation',
      p('att.json'),
      '--key',
      p('exchange.key'),
      '--role',
      'exchange',
    ]);
    expect(s1.code, s1.stderr).toBe(0);
    const one = verify(p('att.json'), ['--json']);
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout)).toMatchObject({ ok: false, code: 'MISSING_SIGNATURE' });
    expect(verify(p('att.json'), ['--require-roles', 'exchange']).code).toBe(0);
    const s2 = runKura([
      'attest',
      'sign',
      '--attestation',
      p('att.json'),
      '--key',
      p('auditor.key'),
      '--role',
      'auditor',
    ]);
    expect(s2.code, s2.stderr).toBe(0);
    const v = verify(p('att.json'), ['--root', p('root.json'), '--evidence', p('evidence.json')]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^VALID/);
    expect(v.stdout).toContain('signed by exchange');
    expect(v.stdout).toContain('BTC      reserves 1.7 vs liabilities 1.6  106.25%  pass');
    expect(v.stdout).toContain('checked: root.json yes, evidence yes, previous no');
    const j = verify(p('att.json'), ['--json', '--evidence', p('evidence.json')]);
    expect(JSON.parse(j.stdout)).toMatchObject({
      ok: true,
      sequence: 1,
      checked: { evidence: true },
    });
  });

  it('sign refuses a role that already signed and a key file that is not one', () => {
    const r = runKura([
      'attest',
      'sign',
      '--attestation',
      p('att.json'),
      '--key',
      p('exchange.key'),
      '--role',
      'exchange',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already signed/);
    writeFileSync(p('bad.key'), '{"version":"kura-key/1"}');
    expect(
      runKura([
        'attest',
        'sign',
        '--attestation',
        p('att.json'),
        '--key',
        p('bad.key'),
        '--role',
        'auditor',
      ]).code
    ).toBe(2);
  });

  it('verify exits 1 for a tampered document, an untrusted key or a wrong evidence file', () => {
    const t = readFileSync(p('att.json'), 'utf8');
    writeFileSync(p('tampered.json'), t.replace('"160000000"', '"160000001"'));
    const r = verify(p('tampered.json'), ['--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).code).toBe('SIGNATURE_INVALID');
    const ev = verify(p('att.json'), ['--evidence', p('ev-btc.json')]);
    expect(ev.code).toBe(1);
    expect(ev.stdout).toContain('EVIDENCE_HASH_MISMATCH');
    writeFileSync(
      p('trust-other.json'),
      JSON.stringify({
        version: 'kura-trust/1',
        keys: [
          JSON.parse(readFileSync(p('other.key.pub.json'), 'utf8')),
          JSON.parse(readFileSync(p('auditor.key.pub.json'), 'utf8')),
        ],
      })
    );
    const u = runKura([
      'attest',
      'verify',
      '--attestation',
      p('att.json'),
      '--trust',
      p('trust-other.json'),
      '--now',
      NOW,
    ]);
    expect(u.code).toBe(1);
    expect(u.stdout).toContain('UNTRUSTED_KEY');
    expect(verify(p('att.json'), ['--now', '2027-02-01T00:00:00Z']).stdout).toContain('EXPIRED');
  });

  it('verify exits 2 when it cannot check: a broken trust file, a missing file, a bad option', () => {
    writeFileSync(p('trust-bad.json'), '{"version":"kura-trust/1","keys":[{"role":"exchange"}]}');
    const r = runKura([
      'attest',
      'verify',
      '--attestation',
      p('att.json'),
      '--trust',
      p('trust-bad.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/COULD NOT CHECK/);
    const m = runKura([
      'attest',
      'verify',
      '--attestation',
      p('missing.json'),
      '--trust',
      p('trust.json'),
    ]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/missing\.json: file not found/);
    expect(verify(p('att.json'), ['--require-roles', 'regulator']).code).toBe(2);
  });

  it('create chains to the previous attestation; verify checks the link (--previous)', () => {
    // month 2: a later round, its own root.json and evidence, previous = att.json
    const round = { ...ROUND, period: '2026-12', snapshotTime: '2026-12-31T15:00:00Z' };
    const rid = bytesToHex(roundId(round));
    writeFileSync(
      p('root2.json'),
      JSON.stringify(
        makeRootFile({
          round,
          assets: ASSETS,
          placement: 'dense',
          height: 20,
          rootHash: new Uint8Array(32).fill(7),
          totals: TOTALS,
        })
      )
    );
    const ev = JSON.parse(JSON.stringify(evidence()));
    ev.round = round;
    ev.roundId = rid;
    for (const s of ev.snapshots) s.time = '2026-12-31T15:05:00Z';
    for (const e of ev.entries) e.ownership.challenge = ownershipChallenge(round);
    writeFileSync(p('evidence2.json'), JSON.stringify(ev, null, 2));
    const month2 = (previous: string, out: string) =>
      runKura([
        'attest',
        'create',
        '--root',
        p('root2.json'),
        '--evidence',
        p('evidence2.json'),
        '--policy-result',
        p('policy.json'),
        '--scope',
        p('scope.json'),
        '--prices',
        p('prices.json'),
        '--exchange-name',
        'Example Exchange K.K.',
        '--previous',
        previous,
        '--issued-at',
        '2027-01-05T00:00:00Z',
        '--out',
        out,
      ]);
    const c = month2(p('att.json'), p('att2.json'));
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('sequence 2');
    for (const [key, role] of [
      ['exchange.key', 'exchange'],
      ['auditor.key', 'auditor'],
    ] as const)
      expect(
        runKura([
          'attest',
          'sign',
          '--attestation',
          p('att2.json'),
          '--key',
          p(key),
          '--role',
          role,
        ]).code
      ).toBe(0);
    const later = ['--now', '2027-01-06T00:00:00Z'];
    const v = verify(p('att2.json'), [
      ...later,
      '--previous',
      p('att.json'),
      '--evidence',
      p('evidence2.json'),
      '--root',
      p('root2.json'),
    ]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('previous yes');
    // history rewritten: the previous file changed after the fact
    writeFileSync(
      p('att-rewritten.json'),
      readFileSync(p('att.json'), 'utf8').replace('"Audit LLC"', '"Other LLC"')
    );
    const b = verify(p('att2.json'), [...later, '--previous', p('att-rewritten.json'), '--json']);
    expect(b.code).toBe(1);
    expect(JSON.parse(b.stdout).code).toBe('PREVIOUS_HASH_MISMATCH');
    // chaining to a document of the same snapshot is refused, nothing written
    const same = month2(p('att2.json'), p('att3.json'));
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('PREVIOUS_MISMATCH');
    expect(() => statSync(p('att3.json'))).toThrow();
  });

  it('embeds a real @kura/policy evaluation (JP-FSA-2026) and verifies its binding', () => {
    const inputs = {
      ...jpInputs({ round: { exchange: ROUND.exchange, period: ROUND.period } }),
      prices: PRICES,
    };
    const ev = evaluatePolicy({
      policy: shipped('JP-FSA-2026'),
      inputs: JSON.stringify(inputs),
      liabilities: rootJson(),
      reserves: readFileSync(p('evidence.json')),
    });
    writeFileSync(p('policy-real.json'), JSON.stringify(ev, null, 2));
    const c = runKura([
      'attest',
      'create',
      '--root',
      p('root.json'),
      '--evidence',
      p('evidence.json'),
      '--policy-result',
      p('policy-real.json'),
      '--scope',
      p('scope.json'),
      '--exchange-name',
      'Example Exchange K.K.',
      '--issued-at',
      '2026-12-05T00:00:00Z',
      '--out',
      p('att-real.json'),
    ]);
    expect(c.code, c.stderr).toBe(0);
    for (const [key, role] of [
      ['exchange.key', 'exchange'],
      ['auditor.key', 'auditor'],
    ] as const)
      expect(
        runKura([
          'attest',
          'sign',
          '--attestation',
          p('att-real.json'),
          '--key',
          p(key),
          '--role',
          role,
        ]).code
      ).toBe(0);
    const v = verify(p('att-real.json'), [
      '--json',
      '--evidence',
      p('evidence.json'),
      '--root',
      p('root.json'),
    ]);
    const j = JSON.parse(v.stdout);
    expect(j.coverage.policyPass).toBe(ev.pass);
    // a tiny exchange cannot meet the JP reserve: authentic, consistent, and reported as not covered
    if (ev.pass) expect([v.code, j.ok]).toEqual([0, true]);
    else expect([v.code, j.code]).toEqual([1, 'NOT_COVERED']);
    // the evaluation names the evidence it was computed on: another evidence file is refused
    const other = JSON.parse(readFileSync(p('policy-real.json'), 'utf8'));
    other.evidenceSha256 = '00'.repeat(32);
    writeFileSync(p('policy-other.json'), JSON.stringify(other));
    const bad = runKura([
      'attest',
      'create',
      '--root',
      p('root.json'),
      '--evidence',
      p('evidence.json'),
      '--policy-result',
      p('policy-other.json'),
      '--scope',
      p('scope.json'),
      '--exchange-name',
      'X',
      '--out',
      p('never2.json'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('POLICY_MISMATCH');
  });

  it('create refuses bad input with the file and field, writing nothing', () => {
    const num = JSON.parse(readFileSync(p('ev-btc.json'), 'utf8'));
    num.entries[0].balances[0].amount = 150000000;
    writeFileSync(p('ev-num.json'), JSON.stringify(num));
    const r = runKura([
      'attest',
      'create',
      '--root',
      p('root.json'),
      '--evidence',
      p('ev-num.json'),
      '--policy-result',
      p('policy.json'),
      '--scope',
      p('scope.json'),
      '--exchange-name',
      'X',
      '--out',
      p('never.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ev-num\.json.*entries\[0\]\.balances\[0\]\.amount/);
    expect(() => statSync(p('never.json'))).toThrow();
    const two = create(p('never.json'), []);
    expect(two.code).toBe(0); // sanity: the normal inputs work
    rmSync(p('never.json'));
    const noOut = runKura([
      'attest',
      'create',
      '--root',
      p('root.json'),
      '--evidence',
      p('ev-btc.json'),
      '--evidence',
      p('ev-eth.json'),
      '--policy-result',
      p('policy.json'),
      '--scope',
      p('scope.json'),
      '--exchange-name',
      'X',
      '--out',
      p('never.json'),
    ]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--evidence-out');
  });
});
