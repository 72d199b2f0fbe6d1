/**
 * Evaluation speed (`npm run bench` → `vitest bench --run`): the reference Japanese exchange
 * (3 assets, 9 evidence entries), a large book (500 assets, 20,000 evidence entries), and parsing
 * the largest shipped policy.
 */
import { bench, describe } from 'vitest';
import { type AssetCase, caseFiles, JP_ASSETS, jpInputs, shipped } from '../test/fixtures.js';
import { evaluatePolicy } from './evaluate.js';
import { parsePolicy } from './policy-file.js';

const jp = shipped('JP-FSA-2026');
const small = caseFiles(JP_ASSETS, jpInputs());
const many: AssetCase[] = Array.from({ length: 500 }, (_, i) => ({
  symbol: `T${i}`,
  decimals: 18,
  price: `${1000 + i}.25`,
  liabilities: '1000000.000000000000000001',
  cold: '980000',
  hot: '20000.000000000000000001',
  own: '20000.000000000000000001',
}));
const bigFiles = caseFiles(many, jpInputs());
// split every asset's balances over 40 addresses (20,000 evidence entries in all)
const ev = JSON.parse(bigFiles.reserves);
ev.entries = ev.entries
  .flatMap((e: { address: string; balances: { asset: string; amount: string }[] }) => {
    const amt = BigInt(e.balances[0]!.amount);
    const part = amt / 40n;
    return Array.from({ length: 40 }, (_, k) => ({
      ...e,
      address: `${e.address}-${k}`,
      balances: [
        { asset: e.balances[0]!.asset, amount: String(k === 0 ? amt - part * 39n : part) },
      ],
    }));
  })
  .slice(0, 20_000);
const big = { ...bigFiles, reserves: JSON.stringify(ev) };

describe('policy evaluation', () => {
  bench('JP-FSA-2026, reference exchange (3 assets)', () => {
    if (!evaluatePolicy({ policy: jp, ...small }).pass) throw new Error('bench: expected pass');
  });
  bench('JP-FSA-2026, 500 assets, 20,000 evidence entries', () => {
    evaluatePolicy({ policy: jp, ...big });
  });
  bench('parse JP-FSA-2026 policy file', () => {
    parsePolicy(jp);
  });
});
