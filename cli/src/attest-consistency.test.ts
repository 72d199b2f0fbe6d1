/**
 * Issue 12 through `kura attest verify` as a real process: the self-contradicting attestations
 * (re-signed with the real keys) exit 1 with their exact code — from the document alone, with
 * --root and --evidence, and with the policy re-run (--policy, --policy-inputs); a sequence-2
 * attestation without --previous exits 2 ("could not check the chain") unless --no-previous is
 * given, and then the output says "chain not checked".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attestation } from '../../packages/attest/src/attestation.js';
import {
  consistentUnsigned,
  FULL_EVIDENCE_TEXT,
  forged,
  INPUTS_BYTES,
  POLICY_FILE,
  rewriteReserveChain,
} from '../../packages/attest/test/consistent.js';
import {
  rootJson,
  signBoth,
  signed,
  text,
  trustJson,
  unsigned,
} from '../../packages/attest/test/fixtures.js';
import { runKura } from './testing.js';

let dir: string;
const p = (f: string) => join(dir, f);
const NOW = '2026-12-05T12:00:00Z';
type Fig = { id: string; required: string; actual: string; pass: boolean };
const check = (a: unknown, id: string): Fig =>
  (a as { policy: { checks: Fig[] } }).policy.checks.find((c) => c.id === id) as Fig;

const write = (name: string, a: Attestation): string => {
  writeFileSync(p(name), text(a));
  return p(name);
};
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
const data = () => ['--root', p('root.json'), '--evidence', p('evidence.json')];
const policy = () => ['--policy', p('policy.json'), '--policy-inputs', p('inputs.json')];

/** An attestation for the month before (only its statement hash and sequence are used). */
const october = (): Attestation => {
  const a = JSON.parse(text(signed())) as { round: Record<string, string> } & Record<
    string,
    unknown
  >;
  a.round.period = '2026-10';
  a.round.snapshotTime = '2026-10-31T15:00:00Z';
  return signBoth({ ...a, signatures: [] } as unknown as Attestation);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-attest12-'));
  writeFileSync(p('trust.json'), trustJson());
  writeFileSync(p('root.json'), rootJson());
  writeFileSync(p('evidence.json'), FULL_EVIDENCE_TEXT);
  writeFileSync(p('policy.json'), POLICY_FILE);
  writeFileSync(p('inputs.json'), INPUTS_BYTES);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kura attest verify: every number follows from the others (issue 12)', () => {
  it('the honest document: NOT_COVERED (exit 1) with or without the policy re-run', () => {
    const f = write('honest.json', signBoth(consistentUnsigned()));
    for (const extra of [[], data(), [...data(), ...policy()]]) {
      const r = verify(f, [...extra, '--json']);
      expect([r.code, JSON.parse(r.stdout).code], r.stderr).toEqual([1, 'NOT_COVERED']);
    }
    const t = verify(f, [...data(), ...policy()]);
    expect(t.stdout).toContain('NOT_COVERED');
  });

  it('attack 1 — required reserve 0 while the liabilityReserve check says ¥2,000,000,000: exit 1 REQUIRED_RESERVE_MISMATCH', () => {
    const f = write(
      'attack1.json',
      forged((a) => {
        a.policy.requiredReserve = '0';
      })
    );
    for (const extra of [[], data(), [...data(), ...policy()]]) {
      const r = verify(f, [...extra, '--json']);
      expect(r.code, r.stdout).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: 'REQUIRED_RESERVE_MISMATCH' });
    }
    const t = verify(f, data());
    expect(t.code).toBe(1);
    expect(t.stdout).toContain('INVALID');
    expect(t.stdout).toContain('REQUIRED_RESERVE_MISMATCH');
    expect(t.stdout).toContain('2000000000');
  });

  it('attack 2 — inKind:BTC required 940.54055106, actual 1.00000000, pass true: exit 1 POLICY_CHECK_PASS_MISMATCH', () => {
    const f = write(
      'attack2.json',
      forged((a) => {
        const c = check(a, 'inKind:BTC');
        c.required = '940.54055106';
        c.actual = '1.00000000';
        c.pass = true;
      })
    );
    for (const extra of [[], data(), [...data(), ...policy()]]) {
      const r = verify(f, [...extra, '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).code).toBe('POLICY_CHECK_PASS_MISMATCH');
    }
  });

  it('a consistent rewrite of the reserve chain: caught by --policy (exit 1 POLICY_EVALUATION_MISMATCH); --policy without --root is exit 2', () => {
    const f = write('rewrite.json', forged(rewriteReserveChain));
    expect(JSON.parse(verify(f, [...data(), '--json']).stdout).code).toBe('NOT_COVERED');
    const r = verify(f, [...data(), ...policy(), '--json']);
    expect([r.code, JSON.parse(r.stdout).code]).toEqual([1, 'POLICY_EVALUATION_MISMATCH']);
    const n = verify(f, ['--policy', p('policy.json'), '--json']);
    expect([n.code, JSON.parse(n.stdout).code]).toEqual([2, 'POLICY_RERUN_NEEDS_DATA']);
    const other = verify(f, [...data(), '--policy', p('inputs.json'), '--json']);
    expect([other.code, JSON.parse(other.stdout).code]).toEqual([1, 'POLICY_FILE_MISMATCH']);
    const inputs = verify(f, [
      ...data(),
      '--policy',
      p('policy.json'),
      '--policy-inputs',
      p('root.json'),
      '--json',
    ]);
    expect([inputs.code, JSON.parse(inputs.stdout).code]).toEqual([1, 'POLICY_INPUTS_MISMATCH']);
    const alone = verify(f, [...data(), '--policy-inputs', p('inputs.json'), '--json']);
    expect([alone.code, JSON.parse(alone.stdout).code]).toEqual([2, 'POLICY_RERUN_NEEDS_DATA']);
  });
});

describe('kura attest verify: chains are checked or the verdict says so (issue 12)', () => {
  let seq2: string;
  let prev: string;
  beforeAll(() => {
    const first = october();
    prev = write('october.json', first);
    // a sequence-2 document whose coverage passes (the fixtures' hand-built policy)
    seq2 = write('seq2.json', signBoth(unsigned({ previous: first })));
  });

  it('sequence 2 without --previous: exit 2 "could not check the chain" (PREVIOUS_REQUIRED)', () => {
    const t = verify(seq2);
    expect(t.code).toBe(2);
    expect(t.stdout).toContain('COULD NOT CHECK');
    expect(t.stdout).toContain('PREVIOUS_REQUIRED');
    expect(t.stdout).toContain('could not check the chain');
    expect(t.stdout).toContain('--no-previous');
    const j = verify(seq2, ['--json']);
    expect([j.code, JSON.parse(j.stdout).code]).toEqual([2, 'PREVIOUS_REQUIRED']);
  });

  it('--no-previous: exit 0 and the output says "chain not checked" (text and --json)', () => {
    const t = verify(seq2, ['--no-previous']);
    expect(t.code, t.stdout + t.stderr).toBe(0);
    expect(t.stdout).toContain('VALID');
    expect(t.stdout).toContain('chain not checked');
    const j = verify(seq2, ['--no-previous', '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, chain: 'chain not checked' });
  });

  it('--previous: linked, and nothing says "not checked"', () => {
    const t = verify(seq2, ['--previous', prev]);
    expect(t.code, t.stdout).toBe(0);
    expect(t.stdout).toContain('previous yes');
    expect(t.stdout).not.toContain('chain not checked');
    const j = verify(seq2, ['--previous', prev, '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, chain: 'linked' });
  });

  it('a forgery verified with --no-previous is still refused with its own code (exit 1), and says chain not checked', () => {
    const f = write(
      'seq2-forged.json',
      forged((a) => {
        a.policy.requiredReserve = '0';
      }, consistentUnsigned(october()))
    );
    const t = verify(f, ['--no-previous']);
    expect(t.code).toBe(1);
    expect(t.stdout).toContain('REQUIRED_RESERVE_MISMATCH');
    expect(t.stdout).toContain('chain not checked');
  });
});
