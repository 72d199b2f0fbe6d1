/**
 * No false alarm (fast-check): every evaluation @kura/policy itself produces — random books
 * (the generator shared with @kura/policy's properties, packages/policy/test/books.ts) under
 * every shipped policy, both verdicts, with incidents, insurance, reserve funds, security
 * evidence — satisfies every relation `checkPolicyNumbers` checks. A self-consistency check that
 * refused an honest document would be as bad as one that passed a forged one.
 */
import { evaluatePolicy } from '@kura/policy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOOK_POLICY_BYTES,
  bookArbitrary,
  bookFiles,
  BOOK_SYMBOLS as SYMBOLS,
} from '../../policy/test/books.js';
import type { Attestation } from './attestation.js';
import { checkPolicyNumbers } from './policy-numbers.js';

const book = bookArbitrary();

describe('checkPolicyNumbers never refuses an evaluation @kura/policy produced', () => {
  it('property: random books under every shipped policy → no mismatch', () => {
    fc.assert(
      fc.property(book, (b) => {
        const files = bookFiles(b);
        const ev = evaluatePolicy({ policy: BOOK_POLICY_BYTES[b.policy]!, ...files });
        const root = JSON.parse(files.liabilities) as {
          assets: { symbol: string; decimals: number }[];
          totals: string[];
        };
        const withPrices = JSON.parse(files.inputs) as { prices: { price: string }[] };
        // the members checkPolicyNumbers reads, as an attestation of these files holds them
        const doc = {
          liabilities: { assets: root.assets, totals: root.totals },
          reserves: {
            assets: b.assets.map((a, i) => ({
              asset: SYMBOLS[i]!,
              total: String(a.cold + a.hot + a.own),
              customerCold: String(a.cold),
              customerHot: String(a.hot),
              exchangeOwn: String(a.own),
            })),
          },
          prices: withPrices.prices,
          policy: ev,
        } as unknown as Attestation;
        expect(checkPolicyNumbers(doc)).toBeNull();
        // and the check is not vacuous on these documents: one flipped flag is caught
        const flipped = {
          ...doc,
          policy: {
            ...ev,
            checks: ev.checks.map((c, i) => (i === 0 ? { ...c, pass: !c.pass } : c)),
          },
        } as unknown as Attestation;
        expect(checkPolicyNumbers(flipped)?.code).toBe('POLICY_CHECK_PASS_MISMATCH');
      }),
      { numRuns: 300 }
    );
  });
});
