/**
 * createAttestation's defaults — the one place `kura attest create` and `kura run` take them
 * from: issuedAt = now to the second, expiresAt = issuedAt + validDays (35), valueDecimals = the
 * ISO 4217 minor units of the policy's reporting currency.
 */
import { bytesToHex, sha256 } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_BYTES,
  evidence,
  PRICES,
  policy,
  rootFile,
  SCOPE,
  unsigned,
} from '../test/fixtures.js';
import {
  type CreateAttestationInput,
  CreateError,
  createAttestation,
  currencyMinorUnits,
  DEFAULT_VALID_DAYS,
} from './create.js';

const base = (over: Partial<CreateAttestationInput> = {}): CreateAttestationInput => ({
  root: rootFile(),
  evidence: evidence(),
  evidenceSha256: bytesToHex(sha256(EVIDENCE_BYTES)),
  policy: policy(),
  scope: SCOPE,
  exchange: { name: 'Example Exchange K.K.', url: 'https://example.com' },
  auditor: { name: 'Audit LLC' },
  ...over,
});

describe('createAttestation defaults', () => {
  it('left out, they give exactly the explicit statement (JPY: 0 decimals, 35 days)', () => {
    const a = createAttestation(base({ now: Date.parse('2026-12-05T00:00:00.789Z') }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(unsigned()));
    expect(a.issuedAt).toBe('2026-12-05T00:00:00Z');
    expect(a.expiresAt).toBe('2027-01-09T00:00:00Z');
    expect(a.coverage.overall.valueDecimals).toBe(0);
    expect(DEFAULT_VALID_DAYS).toBe(35);
  });
  it('issuedAt defaults to the clock when no `now` is given', () => {
    const before = Date.now();
    const a = createAttestation(base());
    const t = Date.parse(a.issuedAt);
    expect(a.issuedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(t).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
  it('validDays moves expiresAt; an explicit expiresAt wins', () => {
    const issuedAt = '2026-12-05T10:20:30Z';
    expect(createAttestation(base({ issuedAt, validDays: 10 })).expiresAt).toBe(
      '2026-12-15T10:20:30Z'
    );
    expect(
      createAttestation(base({ issuedAt, validDays: 10, expiresAt: '2026-12-06T00:00:00Z' }))
        .expiresAt
    ).toBe('2026-12-06T00:00:00Z');
  });
  it('validDays outside 1 … 3660 or not an integer is a CreateError naming it', () => {
    for (const validDays of [0, 3661, 1.5, Number.NaN]) {
      let err: unknown;
      try {
        createAttestation(base({ issuedAt: '2026-12-05T00:00:00Z', validDays }));
      } catch (e) {
        err = e;
      }
      expect(err, String(validDays)).toBeInstanceOf(CreateError);
      expect((err as CreateError).message).toMatch(/validDays/);
    }
  });
  it('valueDecimals follows the reporting currency unless given', () => {
    const usd = {
      ...policy(),
      reportingCurrency: 'USD',
      inputs: {
        format: 'kura-policy-inputs/1',
        reportingCurrency: 'USD',
        prices: PRICES.map((p) => ({ ...p, currency: 'USD' })),
      },
    };
    expect(
      createAttestation(base({ issuedAt: '2026-12-05T00:00:00Z', policy: usd })).coverage.overall
        .valueDecimals
    ).toBe(2);
    expect(
      createAttestation(base({ issuedAt: '2026-12-05T00:00:00Z', valueDecimals: 4 })).coverage
        .overall.valueDecimals
    ).toBe(4);
  });
  it('currencyMinorUnits: ISO 4217 minor units, 2 for anything else (no prototype keys)', () => {
    expect(['JPY', 'KRW', 'CLP', 'ISK', 'VND'].map(currencyMinorUnits)).toEqual([0, 0, 0, 0, 0]);
    expect(['BHD', 'KWD', 'OMR'].map(currencyMinorUnits)).toEqual([3, 3, 3]);
    expect(['USD', 'EUR', 'XYZ', '__proto__', 'toString', ''].map(currencyMinorUnits)).toEqual([
      2, 2, 2, 2, 2, 2,
    ]);
  });
});
