/**
 * The human-readable report of a month: the steps and the summary table (liabilities,
 * reserves, required reserve, coverage per asset, pass/fail). Exact numbers only: amounts are
 * formatted from base units with `formatUnits`, never through floats.
 * @module
 */
import { formatUnits } from '@kura/codec';
import type { RunSummary } from './month.js';
import type { StepReport } from './state.js';

/** `12345678.9` → `12,345,678.9` (exact: works on the decimal string). */
export function group(dec: string): string {
  const neg = dec.startsWith('-');
  const [i, f] = (neg ? dec.slice(1) : dec).split('.');
  const g = i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${g}${f !== undefined ? `.${f}` : ''}`;
}

/** Basis points as a percentage with two decimals (`12345` → `123.45%`). */
export function percent(bps: string | null): string {
  if (bps === null) return 'n/a';
  const b = BigInt(bps);
  return `${group((b / 100n).toString())}.${(b % 100n).toString().padStart(2, '0')}%`;
}

function table(rows: string[][], right: readonly boolean[]): string[] {
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (right[c] ? cell.padStart(w[c]!) : cell.padEnd(w[c]!)))
      .join('  ')
      .trimEnd()
  );
}

/** Lines describing what each step did. */
export function stepLines(steps: readonly StepReport[]): string[] {
  return steps.map(
    (s) =>
      `  ${s.id.padEnd(12)} ${s.status.padEnd(9)} ${`${(s.ms / 1000).toFixed(1)} s`.padStart(8)}${
        s.detail ? `  ${s.detail}` : ''
      }`
  );
}

/** The summary table of a month. */
export function summaryLines(s: RunSummary): string[] {
  const ccy = s.reportingCurrency;
  const rows: string[][] = [
    ['asset', 'liabilities', 'reserves', 'cold', 'hot', 'exchange-own', 'coverage', ''],
  ];
  for (const a of s.assets) {
    const f = (x: string) => group(formatUnits(BigInt(x), a.decimals));
    rows.push([
      a.asset,
      f(a.liabilities),
      f(a.reserves),
      f(a.customerCold),
      f(a.customerHot),
      f(a.exchangeOwn),
      percent(a.ratioBps),
      a.pass ? 'pass' : 'FAIL',
    ]);
  }
  const value: string[][] = [
    [`liabilities (${ccy})`, group(s.liabilitiesValue)],
    [`+ required reserve (${s.policy.id})`, group(s.requiredReserve)],
    ['= required on-chain reserves', group(s.requiredTotal)],
    [`reserves (${ccy})`, group(s.reservesValue)],
    ['coverage of the requirement', percent(s.overallRatioBps)],
  ];
  return [
    `${s.round.exchange} — period ${s.round.period}, snapshot ${s.round.snapshotTime}`,
    `customers: ${group(String(s.users))}; rootCommitment ${s.rootCommitment}`,
    '',
    ...table(rows, [false, true, true, true, true, true, true, false]).map((l) => `  ${l}`),
    '',
    ...table(value, [false, true]).map((l) => `  ${l}`),
    '',
    `  policy ${s.policy.id} ${s.policy.version}: ${s.policy.pass ? 'pass' : 'FAIL'}`,
    `  verdict: ${s.pass ? 'PASS — reserves cover liabilities plus the required reserve' : 'FAIL — not covered'}`,
  ];
}
