/** Issued-currency amounts to base units (exact, toward zero) and the account reserve. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashes } from 'xrpl';
import { accountReserve, iouToUnits, ledgerHeaderHash } from './ledger.js';

describe('iouToUnits', () => {
  it('reads rippled decimal text, with and without exponents', () => {
    expect(iouToUnits('1234.5678909', 6)).toEqual({ units: 1_234_567_890n, exact: false });
    expect(iouToUnits('5e6', 0)).toEqual({ units: 5_000_000n, exact: true });
    expect(iouToUnits('1.5e-3', 6)).toEqual({ units: 1500n, exact: true });
    expect(iouToUnits('-0.0000015', 6)).toEqual({ units: -1n, exact: false });
    expect(iouToUnits('0', 6)).toEqual({ units: 0n, exact: true });
    expect(iouToUnits('9999999999999999e80', 0).units).toBe(9_999_999_999_999_999n * 10n ** 80n);
  });
  it('refuses text that is not a number', () => {
    for (const s of ['', '1.', '.5', '01', '1e', 'NaN', '1,5', ' 1', '0x10'])
      expect(() => iouToUnits(s, 6), s).toThrow(RangeError);
  });
  it('property: exact for every value with at most `decimals` places; never rounds up', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 18 }),
        (v, places, decimals) => {
          const s = v.toString().padStart(places + 1, '0');
          const text = places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
          const r = iouToUnits(text.replace(/^0+(?=\d)/, ''), decimals);
          const scaled = v * 10n ** BigInt(decimals);
          const d = 10n ** BigInt(places);
          expect(r.units).toBe(scaled / d);
          expect(r.exact).toBe(scaled % d === 0n);
        }
      )
    );
  });
});

describe('accountReserve', () => {
  it('is base + owner count × increment', () => {
    expect(accountReserve({ reserveBase: 1_000_000n, reserveIncrement: 200_000n }, 0)).toBe(
      1_000_000n
    );
    expect(accountReserve({ reserveBase: 10_000_000n, reserveIncrement: 2_000_000n }, 7)).toBe(
      24_000_000n
    );
  });
});

describe('ledgerHeaderHash', () => {
  // XRP Ledger mainnet ledger 82681623, the `ledger` response example of the xrpl.org API
  // reference (xrpl-dev-portal, "ledger (Clio)" method page)
  const MAINNET_82681623 = {
    account_hash: '39D34D858A0FD652143ED84B67A09193772DE0CCEBD2D63619E679293B7A3388',
    close_flags: 0,
    close_time: 748569571,
    close_time_resolution: 10,
    ledger_index: '82681623',
    parent_close_time: 748569570,
    parent_hash: '674FF6C68956E06CB9628833677C3DD71824C87C0AEFB487984CF98C3964DAEE',
    total_coins: '99988406188847858',
    transaction_hash: '11EE9C448D6B07B88A80B4FC7935B485E513816B3B47D0976CE9F51E7CF10A85',
  };
  it('gives the mainnet ledger hash of ledger 82681623', () => {
    expect(ledgerHeaderHash(MAINNET_82681623)).toBe(
      '3787026448652A36491493C1202A443B2A6CC6022599BB0B25DDB0802DD7F1E7'
    );
  });
  it('agrees with the xrpl library on random headers (property); null on malformed fields', () => {
    const h32 = fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map((b) => Buffer.from(b).toString('hex').toUpperCase());
    fc.assert(
      fc.property(
        fc.record({
          account_hash: h32,
          close_flags: fc.integer({ min: 0, max: 255 }),
          close_time: fc.nat({ max: 0xffffffff }),
          close_time_resolution: fc.integer({ min: 2, max: 120 }),
          ledger_index: fc.nat({ max: 0xffffffff }).map(String),
          parent_close_time: fc.nat({ max: 0xffffffff }),
          parent_hash: h32,
          total_coins: fc.bigInt({ min: 0n, max: 10n ** 17n }).map(String),
          transaction_hash: h32,
        }),
        (h) => {
          expect(ledgerHeaderHash(h)).toBe(hashes.hashLedgerHeader(h as never));
        }
      ),
      { numRuns: 200 }
    );
    expect(ledgerHeaderHash({ ...MAINNET_82681623, ledger_index: '-1' })).toBeNull();
    expect(ledgerHeaderHash({ ...MAINNET_82681623, account_hash: 'zz' })).toBeNull();
  });
});
