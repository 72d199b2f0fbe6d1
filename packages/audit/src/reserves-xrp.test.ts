/**
 * The reserves check of `kura audit` on XRP Ledger entries: re-verified through the auditor's
 * rippled endpoint (recorded replies in rippled's shape: packages/xrpl/test/rippled.ts) and
 * summed against the attested totals; an entry changed by one drop fails the check; no XRPL
 * endpoint is "could not check".
 */
import { type Attestation, formatEvidence } from '@kura/attest';
import { bytesToHex } from '@kura/codec';
import { roundId } from '@kura/tree';
import { describe, expect, it } from 'vitest';
import { world } from '../../xrpl/test/rippled.js';
import { ED, K1, REG, ROUND } from '../../xrpl/test/sign.js';
import { xrpEvidence, xrplClientOf } from '../test/xrp-evidence.js';
import { checkReserves } from './reserves.js';

const w = world({
  [ED.classicAddress]: { Balance: '125000000000', OwnerCount: 3 },
  [K1.classicAddress]: { Balance: '51000000', Flags: 0x00100000, RegularKey: REG.classicAddress },
});
const client = () => xrplClientOf(w);

async function evidence(): Promise<Uint8Array> {
  return new TextEncoder().encode(formatEvidence(await xrpEvidence(w, 'regular')));
}

// spendable: 125 000 XRP − 1.6 XRP reserve, and 51 XRP − 1 XRP reserve
const TOTAL = 124_998_400_000n + 50_000_000n;
const att = (total: bigint) =>
  ({
    round: ROUND,
    roundId: bytesToHex(roundId(ROUND)),
    liabilities: { assets: [{ symbol: 'XRP', decimals: 6, network: 'xrpl:0' }] },
    reserves: { assets: [{ asset: 'XRP', total: total.toString() }] },
  }) as unknown as Attestation;
const base = {
  btcConfirmations: 6,
  eth: [],
  ethConfirmations: 64,
  allowUnproven: false,
  acceptedWalletCodeHashes: [],
};

describe('kura audit reserves: XRP Ledger entries', () => {
  it('verify on the auditor node and hold the attested XRP', async () => {
    const c = await checkReserves({
      ...base,
      att: att(TOTAL),
      evidenceBytes: await evidence(),
      xrp: [client()],
    });
    expect(c.problems).toEqual([]);
    expect(c.errors).toEqual([]);
    expect(c.status).toBe('pass');
    expect(c.tables[1]!.rows).toEqual([['XRP', '125048.4', '125048.4', 'match']]);
  });
  it('an attested total one drop above what verifies fails', async () => {
    const c = await checkReserves({
      ...base,
      att: att(TOTAL + 1n),
      evidenceBytes: await evidence(),
      xrp: [client()],
    });
    expect(c.status).toBe('fail');
  });
  it('an entry changed by one drop fails with XRPL_BALANCE_MISMATCH', async () => {
    const ev = JSON.parse(new TextDecoder().decode(await evidence()));
    ev.entries[1].balances[0].amount = '50000001';
    const c = await checkReserves({
      ...base,
      att: att(TOTAL + 1n),
      evidenceBytes: new TextEncoder().encode(JSON.stringify(ev)),
      xrp: [client()],
    });
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(/XRPL_BALANCE_MISMATCH/);
  });
  it('without --xrp-rpc the XRPL entries could not be checked', async () => {
    const c = await checkReserves({ ...base, att: att(TOTAL), evidenceBytes: await evidence() });
    expect(c.errors.join('\n')).toMatch(/no XRPL node: give --xrp-rpc/);
  });
});
