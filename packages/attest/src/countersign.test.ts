import { describe, expect, it } from 'vitest';
import { AUDITOR_KEY, EXCHANGE_KEY, unsigned } from '../test/fixtures.js';
import { verifyExistingSignatures } from './countersign.js';
import { signAttestation } from './digest.js';

describe('verifyExistingSignatures (before kura attest sign adds a signature)', () => {
  it('passes an unsigned attestation and one whose signatures verify', () => {
    const att = unsigned();
    expect(verifyExistingSignatures(att)).toEqual({ ok: true });
    const signed = signAttestation(
      signAttestation(att, 'exchange', EXCHANGE_KEY),
      'auditor',
      AUDITOR_KEY
    );
    expect(verifyExistingSignatures(signed)).toEqual({ ok: true });
  });

  it('names the role of a signature that does not verify, with the signature check code', () => {
    const signed = signAttestation(unsigned(), 'exchange', EXCHANGE_KEY);
    const s = signed.signatures[0]!;
    const flipped = `${s.signature.slice(0, -2)}${s.signature.endsWith('00') ? '01' : '00'}`;
    const bad = { ...signed, signatures: [{ ...s, signature: flipped }] };
    const r = verifyExistingSignatures(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.role).toBe('exchange');
    expect(r.message).toBe(`the existing exchange signature is invalid (${r.code})`);
  });

  it('catches a statement changed after signing (the digest no longer matches)', () => {
    const signed = signAttestation(unsigned(), 'exchange', EXCHANGE_KEY);
    const changed = { ...signed, sequence: signed.sequence + 1 };
    expect(verifyExistingSignatures(changed)).toMatchObject({ ok: false, role: 'exchange' });
  });
});
