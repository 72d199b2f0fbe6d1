import { describe, expect, it } from 'vitest';
import { NOW, signed, text, trust, unsigned } from '../test/fixtures.js';
import { verifyAttestation } from './verify.js';

describe('smoke', () => {
  it('a signed attestation verifies', () => {
    const a = signed();
    console.log(JSON.stringify(a.coverage, null, 1));
    const r = verifyAttestation(text(a), { trust: trust(), now: NOW });
    expect(r).toMatchObject({ ok: true });
    expect(unsigned().signatures).toEqual([]);
  });
});
