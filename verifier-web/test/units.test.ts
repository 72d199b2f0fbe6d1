/**
 * Unit checks of the page's own (non-protocol) logic, in Node: exact locale formatting of amounts,
 * the fail-closed verdict, and the mapping of every @kura/attest code to a checking phase.
 */
import { ATTEST_CODES } from '@kura/attest';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { phaseOf } from '../src/adapters/attestation.ts';
import { formatAmount, localizeDecimal, percent } from '../src/format.ts';
import { CHECK_IDS, type Check, verdictOf } from '../src/model.ts';

describe('exact amounts per locale', () => {
  test('every digit survives, grouped per locale, no float rounding', () => {
    const wei = 12345678901234567890123456789n;
    expect(formatAmount(wei, 18, 'en')).toBe('12,345,678,901.234567890123456789');
    expect(formatAmount(wei, 18, 'ja')).toBe('12,345,678,901.234567890123456789');
    expect(formatAmount(9007199254740993n, 0, 'en')).toBe('9,007,199,254,740,993');
    expect(formatAmount(1n, 8, 'en')).toBe('0.00000001');
    expect(formatAmount(0n, 6, 'ja')).toBe('0');
    expect(localizeDecimal('-1234.5', 'en')).toBe('−1,234.5');
  });

  test('formatting then removing separators gives back the exact decimal (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        fc.integer({ min: 0, max: 36 }),
        (v, d) => {
          const shown = formatAmount(v, d, 'en').replaceAll(',', '');
          const [int, frac = ''] = shown.split('.');
          expect(BigInt(int! + frac.padEnd(d, '0'))).toBe(v);
        }
      )
    );
  });

  test('percentages are computed in bigint and rounded down', () => {
    expect(percent(2n, 3n)).toBe('66.66');
    expect(percent(10413n, 10000n)).toBe('104.13');
    expect(percent(1n, 0n)).toBeNull();
  });
});

describe('the verdict fails closed', () => {
  const all = (state: Check['state']): Check[] => CHECK_IDS.map((id) => ({ id, state }));
  test('every check passed → verified', () => {
    expect(verdictOf(all('pass'))).toBe(true);
  });
  test('only the link to last month may be “not checked”', () => {
    const checks = all('pass').map((c) =>
      c.id === 'previous' ? { ...c, state: 'na' as const } : c
    );
    expect(verdictOf(checks)).toBe(true);
    for (const id of CHECK_IDS.filter((x) => x !== 'previous'))
      for (const state of ['fail', 'skip', 'na'] as const)
        expect(verdictOf(all('pass').map((c) => (c.id === id ? { ...c, state } : c)))).toBe(false);
  });
  test('an empty or partial list is never verified', () => {
    expect(verdictOf([])).toBe(false);
    expect(verdictOf(all('pass').filter((c) => c.id !== 'auditorSig'))).toBe(false);
  });
});

describe('attestation codes', () => {
  // Codes of options the page never passes (root.json, evidence file) and the package's own
  // "could not check": unknown to the page's phases, so they fail every signature check.
  const NOT_USED =
    /^(ROOT_FILE_INVALID|ROOT_TOTALS_MISMATCH|ROOT_MISMATCH|EVIDENCE_.*|VERIFY_ERROR)$/;
  test('every code @kura/attest returns is mapped to the phase it belongs to', () => {
    for (const code of ATTEST_CODES)
      if (!NOT_USED.test(code)) expect([code, phaseOf(code)]).not.toEqual([code, 'other']);
    expect(phaseOf('SOMETHING_NEW')).toBe('other');
  });
});
