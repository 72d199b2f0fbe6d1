/**
 * Unit checks of the page's own (non-protocol) logic, in Node: exact locale formatting of amounts,
 * the fail-closed verdict, and the mapping of every @kura/attest code to a checking phase.
 */
import { readFileSync } from 'node:fs';
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
  // Codes of options the page never passes (root.json, evidence file, policy file) and the
  // package's own "could not check": unknown to the page's phases, so they fail every signature
  // check.
  const NOT_USED =
    /^(ROOT_FILE_INVALID|ROOT_TOTALS_MISMATCH|ROOT_MISMATCH|EVIDENCE_.*|POLICY_RERUN_NEEDS_DATA|POLICY_FILE_MISMATCH|POLICY_INPUTS_MISMATCH|POLICY_RECOMPUTE_FAILED|POLICY_EVALUATION_MISMATCH|VERIFY_ERROR)$/;
  test('every code @kura/attest returns is mapped to the phase it belongs to', () => {
    for (const code of ATTEST_CODES)
      if (!NOT_USED.test(code)) expect([code, phaseOf(code)]).not.toEqual([code, 'other']);
    expect(phaseOf('SOMETHING_NEW')).toBe('other');
  });
  test('issue 12: a self-contradicting document fails the document check, the chain rule is the previous check', () => {
    for (const code of [
      'POLICY_CHECK_PASS_MISMATCH',
      'REQUIRED_RESERVE_MISMATCH',
      'POLICY_DATA_MISMATCH',
      'POLICY_CHECK_MISMATCH',
      'POLICY_TERM_MISMATCH',
    ])
      expect(phaseOf(code)).toBe('document');
    expect(phaseOf('PREVIOUS_REQUIRED')).toBe('previous');
  });
});

describe('colour contrast (WCAG 2.2 AA)', () => {
  const css = readFileSync(new URL('../src/style.css', import.meta.url), 'utf8');
  const vars = Object.fromEntries(
    [...css.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!])
  );
  const hex = (c: string): string => (c.startsWith('#') ? c : vars[c]!) ?? c;
  /** Relative luminance per WCAG 2.x. */
  const lum = (c: string): number => {
    const h = hex(c);
    const [r, g, b] = [1, 3, 5].map((i) => {
      const v = Number.parseInt(h.slice(i, i + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const ratio = (a: string, b: string): number => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x! + 0.05) / (y! + 0.05);
  };
  // [foreground, background]: text needs 4.5:1.
  const TEXT: [string, string][] = [
    ['fg', 'bg'],
    ['fg', 'card'],
    ['muted', 'card'],
    ['muted', 'bg'],
    ['accent', 'card'],
    ['pass', 'pass-bg'],
    ['fail', 'fail-bg'],
    ['fail', 'card'],
    ['skip', 'card'],
    ['fg', 'info-bg'],
    ['#ffffff', 'accent'],
    ['#ffffff', 'cold'],
    ['tag-law', 'card'],
    ['tag-proposal', 'card'],
    ['tag-reported', 'card'],
    ['tag-assumption', 'card'],
    ['code-fg', 'code-bg'],
    ['fg', 'track'],
    ['warn', 'warn-bg'],
    ['fg', 'warn-bg'],
    ['accent', 'info-bg'],
    ['muted', 'info-bg'],
    ['pass', 'card'],
  ];
  // Chart marks and the focus ring need 3:1 against the card.
  const GRAPHICS = ['liab', 'req', 'cold', 'hot', 'own', 'res-0', 'res-1', 'focus', 'accent'];
  test('every text colour pair is at least 4.5:1', () => {
    for (const [f, b] of TEXT) expect([f, b, ratio(f, b) >= 4.5]).toEqual([f, b, true]);
  });
  test('every chart colour and the focus ring are at least 3:1 against the card', () => {
    for (const g of GRAPHICS) expect([g, ratio(g, 'card') >= 3]).toEqual([g, true]);
  });
});
