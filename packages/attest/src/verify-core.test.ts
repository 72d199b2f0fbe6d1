/**
 * `verifyAttestationCore` is `verifyAttestation` without steps 6–7 (root.json, evidence): for every
 * input without those files both return exactly the same result, and given them anyway the core
 * refuses (`VERIFY_ERROR`) instead of skipping the check.
 */
import { utf8Raw } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clone,
  EVIDENCE_BYTES,
  NOW,
  rootJson,
  signBoth,
  signed,
  text,
  trust,
  unsigned,
} from '../test/fixtures.js';
import type { Attestation } from './attestation.js';
import {
  type VerifyAttestationCoreOptions,
  verifyAttestation,
  verifyAttestationCore,
} from './verify.js';

const opts = (o: Partial<VerifyAttestationCoreOptions> = {}): VerifyAttestationCoreOptions => ({
  trust: trust(),
  now: NOW,
  ...o,
});
const both = (doc: string | Uint8Array, o: Partial<VerifyAttestationCoreOptions> = {}) => ({
  full: verifyAttestation(doc, opts(o)),
  core: verifyAttestationCore(doc, opts(o)),
});

describe('verifyAttestationCore', () => {
  it('verifies a valid attestation exactly as verifyAttestation does, nothing extra checked', () => {
    const { full, core } = both(text(signed()));
    expect(core).toEqual(full);
    expect(core).toMatchObject({
      ok: true,
      checked: { root: false, evidence: false, previous: false },
    });
  });

  it('follows the hash chain (previous) like verifyAttestation', () => {
    const oct = clone(unsigned());
    oct.round.period = '2026-10';
    oct.round.snapshotTime = '2026-10-31T15:00:00Z';
    const prev = signBoth(oct as Attestation);
    const cur = signBoth(unsigned({ previous: prev }) as Attestation);
    const ok = both(text(cur), { previous: text(prev) });
    expect(ok.core).toEqual(ok.full);
    expect(ok.core).toMatchObject({ ok: true, checked: { previous: true } });
    const bad = both(text(signed()), { previous: text(prev) });
    expect(bad.core).toEqual(bad.full);
    expect(bad.core).toMatchObject({ ok: false, code: 'PREVIOUS_HASH_MISMATCH' });
  });

  it('gives the same refusal as verifyAttestation for the failures a customer can meet', () => {
    const cases: [string, Partial<VerifyAttestationCoreOptions>, string][] = [
      [text(signed()), { requiredRoles: ['exchange', 'auditor'], now: NOW + 4e12 }, 'EXPIRED'],
      [text({ ...signed(), signatures: signed().signatures.slice(0, 1) }), {}, 'MISSING_SIGNATURE'],
      [text(signed()), { trust: text(signed()) }, 'TRUST_INVALID'],
      ['{', {}, 'JSON_SYNTAX'],
      [text(signed()), { trust: '{}' }, 'TRUST_INVALID'],
    ];
    for (const [doc, o, code] of cases) {
      const { full, core } = both(doc, o);
      expect(core).toEqual(full);
      expect(core.ok).toBe(false);
      if (!core.ok) expect(core.code).toBe(code);
    }
  });

  it('property: any one changed byte gives the same result from both', () => {
    const bytes = utf8Raw(text(signed()));
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const b = bytes.slice();
        b[i] = b[i]! ^ x;
        const { full, core } = both(b);
        expect(core).toEqual(full);
      }),
      { numRuns: 150 }
    );
  });

  it('refuses root.json or an evidence file (VERIFY_ERROR), never skips their checks', () => {
    const doc = text(signed());
    const withRoot = { ...opts(), root: rootJson() } as VerifyAttestationCoreOptions;
    const withEvidence = { ...opts(), evidence: EVIDENCE_BYTES } as VerifyAttestationCoreOptions;
    for (const o of [withRoot, withEvidence]) {
      const r = verifyAttestationCore(doc, o);
      expect(r).toMatchObject({ ok: false, code: 'VERIFY_ERROR' });
      expect(verifyAttestation(doc, o)).toMatchObject({ ok: true });
    }
  });
});
