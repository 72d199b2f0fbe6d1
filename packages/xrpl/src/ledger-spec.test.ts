import { describe, expect, it } from 'vitest';
import { isXrplLedgerSpec, XRPL_LEDGER_SPEC } from './ledger-spec.js';

describe('isXrplLedgerSpec', () => {
  it('accepts a decimal ledger index without leading zeros, up to 10 digits', () => {
    for (const v of ['1', '32570', '94000000', '4294967295', '9999999999'])
      expect(isXrplLedgerSpec(v), v).toBe(true);
  });

  it('accepts a 64-hex ledger hash in either case', () => {
    expect(
      isXrplLedgerSpec('4109C6F2045FC7EFF4CDE8F9905D19C28820D86304080FF886B299F0206E42B5')
    ).toBe(true);
    expect(
      isXrplLedgerSpec('4109c6f2045fc7eff4cde8f9905d19c28820d86304080ff886b299f0206e42b5')
    ).toBe(true);
  });

  it('refuses 0, leading zeros, 11 digits, signs, spaces, a short hash, keywords', () => {
    for (const v of [
      '0',
      '01',
      '12345678901',
      '-1',
      '+1',
      ' 1',
      '1 ',
      `${'a'.repeat(63)}`,
      `${'a'.repeat(65)}`,
      'validated',
      'current',
      '',
    ])
      expect(isXrplLedgerSpec(v), JSON.stringify(v)).toBe(false);
    expect(XRPL_LEDGER_SPEC.flags).toBe('');
  });
});
