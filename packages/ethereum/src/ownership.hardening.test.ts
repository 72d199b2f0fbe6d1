/**
 * Hardening (issue 9): an EIP-712 ownership record must show exactly the typed data whose digest
 * is verified — a record with extra domain or message members (which the wallet never signed,
 * e.g. a `verifyingContract`) is refused, not silently verified against the canonical digest.
 */
import { hexToBytes } from '@kura/codec';
import { describe, expect, test } from 'vitest';
import { devWallet } from '../test/anvil.js';
import { ROUND, signFor } from '../test/scenario.js';
import { checkOwnershipOffline, ownershipRecord } from './ownership.js';

describe('EIP-712 ownership records are closed', () => {
  test('extra typedData.domain or typedData.message members → BAD_OWNERSHIP', async () => {
    const a = devWallet(2).address;
    const sig = hexToBytes((await signFor('eip712', 2, a, 31337)).slice(2).toLowerCase());
    const rec = ownershipRecord('eip712', sig, ROUND, 31337n, a) as {
      typedData: { domain: Record<string, unknown>; message: Record<string, unknown> };
    };
    const ctx = { round: ROUND, chainId: 31337n, address: a };
    expect(checkOwnershipOffline(rec, ctx).ok).toBe(true);
    const withContract = structuredClone(rec);
    withContract.typedData.domain.verifyingContract = a;
    expect(checkOwnershipOffline(withContract, ctx)).toMatchObject({
      ok: false,
      code: 'BAD_OWNERSHIP',
    });
    const withNote = structuredClone(rec);
    withNote.typedData.message.note = 'also owns 0xdead…';
    expect(checkOwnershipOffline(withNote, ctx)).toMatchObject({
      ok: false,
      code: 'BAD_OWNERSHIP',
    });
  });
});

describe('an ownership record whose members are objects is refused, never thrown', () => {
  // found by test/adversarial/fuzz-reserves.test.ts: `String(v)` of `{"toString": 1}` throws
  test('S19-e1 typed data chainId or account that are objects (or arrays) → WRONG_CHAIN / WRONG_ACCOUNT', async () => {
    const a = devWallet(2).address;
    const sig = hexToBytes((await signFor('eip712', 2, a, 31337)).slice(2).toLowerCase());
    const rec = ownershipRecord('eip712', sig, ROUND, 31337n, a) as {
      typedData: { domain: Record<string, unknown>; message: Record<string, unknown> };
    };
    const ctx = { round: ROUND, chainId: 31337n, address: a };
    const hostile = JSON.parse('{"toString": 1, "valueOf": 1}') as unknown;
    for (const [where, v, code] of [
      ['domain', hostile, 'WRONG_CHAIN'],
      ['domain', [31337], 'WRONG_CHAIN'],
      ['message', hostile, 'WRONG_ACCOUNT'],
    ] as const) {
      const r = structuredClone(rec);
      if (where === 'domain') r.typedData.domain.chainId = v;
      else r.typedData.message.account = v;
      expect(checkOwnershipOffline(r, ctx)).toMatchObject({ ok: false, code });
    }
  });
});
