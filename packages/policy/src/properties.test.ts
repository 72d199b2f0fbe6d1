/**
 * Property tests (fast-check) over random books (`../test/books.ts`) and every shipped policy:
 * - the verdict passes iff every check passes, and a check passes iff actual ≥ required;
 * - adding reserves (cold holdings, exchange-own crypto, reserve-fund assets, insurance, own
 *   funds) never turns a pass into a fail;
 * - adding liabilities never turns a fail into a pass.
 *
 * Hot holdings are deliberately not among the reserves added: moving more into hot storage can
 * rightly fail a cold-storage minimum or raise a hot-storage charge (Hong Kong's 100%).
 * Cold additions are whole coins at integer prices ≥ 100, so the on-chain-excess credit they bring
 * (Japan: 50% haircut) outgrows the 1-yen rounding of the custody charge they also raise.
 */
import { cmp, parseDecimal, rescale } from '@kura/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOOK_POLICY_BYTES,
  type Book,
  bookArbitrary,
  bookFiles,
  money,
  BOOK_POLICIES as POLICIES,
} from '../test/books.js';
import { evaluatePolicy, type PolicyEvaluation } from './index.js';

const book: fc.Arbitrary<Book> = bookArbitrary({ wholePrices: true });

function evaluate(b: Book): PolicyEvaluation {
  return evaluatePolicy({ policy: BOOK_POLICY_BYTES[b.policy]!, ...bookFiles(b) });
}

const dec = (s: string) => parseDecimal(s);

/**
 * Bring a passing book to the edge: lower the reserve fund (minor units) by about the slack of
 * the liability-reserve check, so that additions are tested where a wrong sign would show.
 */
function tighten(b: Book): Book {
  const c = evaluate(b).checks.find((x) => x.id === 'liabilityReserve');
  const n = BigInt(POLICIES[b.policy]!.fund.length);
  if (!c?.pass || n === 0n) return b;
  const d = POLICIES[b.policy]!.dec;
  const minor = (v: string) => rescale(parseDecimal(v), d, 'floor').n;
  const cut = (minor(c.actual) - minor(c.required)) / 2n;
  return { ...b, fund: b.fund > cut ? b.fund - cut : 0n };
}

describe('properties', () => {
  it('the verdict passes iff every check passes; a check passes iff actual ≥ required', () => {
    let passes = 0;
    let fails = 0;
    fc.assert(
      fc.property(book, (b) => {
        const ev = evaluate(b);
        expect(ev.checks.length).toBeGreaterThan(0);
        for (const c of ev.checks) expect(c.pass).toBe(cmp(dec(c.actual), dec(c.required)) >= 0);
        const short = ev.checks.some((c) => cmp(dec(c.actual), dec(c.required)) < 0);
        expect(ev.pass).toBe(!short);
        if (ev.pass) passes++;
        else fails++;
      }),
      { numRuns: 300 }
    );
    // the generator reaches both outcomes (else the property would be vacuous)
    expect(passes).toBeGreaterThan(10);
    expect(fails).toBeGreaterThan(10);
  });

  it('adding reserves never turns a pass into a fail', () => {
    const more = fc.record({
      asset: fc.nat(2),
      coldCoins: fc.bigInt({ min: 0n, max: 1000n }),
      own: fc.bigInt({ min: 0n, max: 10n ** 20n }),
      fund: money(10n ** 13n),
      insurance: money(10n ** 9n),
      ownFunds: money(10n ** 8n),
    });
    const tested: Record<string, number> = {};
    fc.assert(
      fc.property(book, more, (loose, x) => {
        const b = tighten(loose);
        const before = evaluate(b);
        fc.pre(before.pass);
        tested[b.policy] = (tested[b.policy] ?? 0) + 1;
        const k = x.asset % b.assets.length;
        const assets = b.assets.map((a, i) =>
          i === k
            ? { ...a, cold: a.cold + x.coldCoins * 10n ** BigInt(a.decimals), own: a.own + x.own }
            : a
        );
        const after = evaluate({
          ...b,
          assets,
          fund: b.fund + x.fund,
          insurance: b.insurance + x.insurance,
          ownFunds: b.ownFunds + x.ownFunds,
        });
        expect(after.pass).toBe(true);
      }),
      { numRuns: 200 }
    );
    // every policy had passing books to add to (else the property would be vacuous for it)
    expect(Object.keys(tested).sort()).toEqual(Object.keys(POLICIES).sort());
  });

  it('adding liabilities never turns a fail into a pass', () => {
    fc.assert(
      fc.property(book, fc.nat(2), fc.bigInt({ min: 1n, max: 10n ** 22n }), (b, i, extra) => {
        const before = evaluate(b);
        fc.pre(!before.pass);
        const k = i % b.assets.length;
        const assets = b.assets.map((a, j) => (j === k ? { ...a, l: a.l + extra } : a));
        expect(evaluate({ ...b, assets }).pass).toBe(false);
      }),
      { numRuns: 200 }
    );
  });
});
