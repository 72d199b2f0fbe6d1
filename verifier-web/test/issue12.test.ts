/**
 * Issue 12 in the customer's page, through its adapter to `verifyAttestation` (no browser
 * needed): a self-contradicting attestation re-signed with the real keys fails the document
 * check with the package's exact code; a later month without last month's report is verified
 * with the link marked not checked, never failed or passed.
 */
import { parseJsonBytes, utf8Raw } from '@kura/codec';
import { describe, expect, test } from 'vitest';
import { consistentUnsigned, forged } from '../../packages/attest/test/consistent.ts';
import { signBoth, signed, text, trustJson } from '../../packages/attest/test/fixtures.ts';
import { checkAttestation } from '../src/adapters/attestation.ts';
import type { Loaded } from '../src/verify.ts';

const load = (name: string, body: string): Loaded => ({
  name,
  source: 'file',
  bytes: utf8Raw(body),
});
const trust = load('trust.json', trustJson());
const run = (doc: unknown) => {
  const f = load('attestation.json', text(doc));
  const out = checkAttestation(f, parseJsonBytes(f.bytes), trust, []);
  return Object.fromEntries(out.checks.map((c) => [c.id, c]));
};

describe('issue 12 on the page', () => {
  test('required reserve 0 while the reserve check says ¥2,000,000,000: document fails, REQUIRED_RESERVE_MISMATCH', () => {
    const c = run(
      forged((a) => {
        a.policy.requiredReserve = '0';
      })
    );
    expect(c.document).toMatchObject({ state: 'fail', code: 'REQUIRED_RESERVE_MISMATCH' });
    expect(c.coverage?.state).not.toBe('pass');
    // the signatures are genuine: the page says so, and still refuses the document
    expect(c.exchangeSig?.state).toBe('pass');
  });

  test('inKind:BTC required 940.54055106, actual 1.00000000, pass true: POLICY_CHECK_PASS_MISMATCH', () => {
    const c = run(
      forged((a) => {
        const k = (
          a.policy.checks as { id: string; required: string; actual: string; pass: boolean }[]
        ).find((x) => x.id === 'inKind:BTC')!;
        k.required = '940.54055106';
        k.actual = '1.00000000';
        k.pass = true;
      })
    );
    expect(c.document).toMatchObject({ state: 'fail', code: 'POLICY_CHECK_PASS_MISMATCH' });
  });

  test('a sequence-2 report without last month: verified, the link not checked (na), never PREVIOUS_REQUIRED', () => {
    const oct = JSON.parse(text(signed())) as { round: Record<string, string> } & Record<
      string,
      unknown
    >;
    oct.round.period = '2026-10';
    oct.round.snapshotTime = '2026-10-31T15:00:00Z';
    const first = signBoth({ ...oct, signatures: [] } as never);
    const c = run(signBoth(consistentUnsigned(first)));
    expect(c.previous).toMatchObject({ state: 'na' });
    expect(c.document?.state).toBe('pass');
    expect(JSON.stringify(c)).not.toContain('PREVIOUS_REQUIRED');
  });
});
