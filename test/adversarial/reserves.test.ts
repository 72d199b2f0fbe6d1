/**
 * Adversarial corpus, reserves side (reference/attacks.md C2, D7-b): attacks not already mounted
 * by @kura/attest, @kura/bitcoin and @kura/ethereum's own tests, against the real parsers and
 * offline ownership checks, asserting the exact code.
 */
import { parseEvidence, SchemaError, validateEvidence } from '@kura/attest';
import { hexToBytes } from '@kura/codec';
import { checkOwnershipOffline, ownershipRecord } from '@kura/ethereum';
import { describe, expect, it } from 'vitest';
import { ASSETS, clone, evidence } from '../../packages/attest/test/fixtures.js';
import { devWallet } from '../../packages/ethereum/test/anvil.js';
import { ROUND, signFor } from '../../packages/ethereum/test/scenario.js';

const bytes = (sig: string) => hexToBytes(sig.slice(2).toLowerCase());

describe('D7-b: one EVM address on two chains needs a proof per chain', () => {
  it('an EIP-712 proof made for eip155:1 presented for the same address on eip155:10 → WRONG_CHAIN', async () => {
    const a = devWallet(2).address;
    const sig = await signFor('eip712', 2, a, 1);
    const rec1 = ownershipRecord('eip712', bytes(sig), ROUND, 1n, a);
    expect(checkOwnershipOffline(rec1, { round: ROUND, chainId: 1n, address: a })).toMatchObject({
      ok: true,
    });
    expect(checkOwnershipOffline(rec1, { round: ROUND, chainId: 10n, address: a })).toMatchObject({
      ok: false,
      code: 'WRONG_CHAIN',
    });
    // the record relabelled to chain 10: the signature no longer recovers to the address
    const relabelled = ownershipRecord('eip712', bytes(sig), ROUND, 10n, a);
    expect(
      checkOwnershipOffline(relabelled, { round: ROUND, chainId: 10n, address: a })
    ).toMatchObject({ ok: false, code: 'SIGNER_MISMATCH' });
  });

  it('an entry on the second chain without an ownership proof → SCHEMA (the file does not parse)', () => {
    const ev = clone(evidence());
    ev.snapshots.push({
      chain: 'eip155:10',
      height: 1,
      blockHash: `0x${'12'.repeat(32)}`,
      time: '2026-11-30T15:00:01Z',
    });
    const second = clone(ev.entries[2]!);
    second.chain = 'eip155:10';
    second.balances = [{ asset: 'ETH', amount: '1' }];
    delete (second as { ownership?: unknown }).ownership;
    ev.entries.push(second);
    let err: unknown;
    try {
      parseEvidence(ev);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaError);
    expect((err as SchemaError).code).toBe('SCHEMA');
    expect((err as Error).message).toMatch(/ownership/);
  });
});

describe('C2: the same reserves counted twice', () => {
  it('C2-b: one outpoint under a second (upper-case bech32) spelling of the address → refused', () => {
    const ev = clone(evidence());
    const dup = clone(ev.entries[0]!);
    dup.address = dup.address.toUpperCase();
    ev.entries.push(dup);
    const r = validateEvidence(parseEvidence(ev), { assets: ASSETS });
    expect(r.ok).toBe(false);
    expect(['EVIDENCE_DUPLICATE_UTXO', 'EVIDENCE_DUPLICATE_ADDRESS']).toContain(
      (r as { code: string }).code
    );
    // the same UTXO moved into another address's entry
    const ev2 = clone(evidence());
    ev2.entries[1]!.utxos!.push(clone(ev2.entries[0]!.utxos![0]!));
    ev2.entries[1]!.balances[0]!.amount = (
      BigInt(ev2.entries[1]!.balances[0]!.amount) + BigInt(ev2.entries[0]!.utxos![0]!.value)
    ).toString();
    expect(validateEvidence(parseEvidence(ev2), { assets: ASSETS })).toMatchObject({
      ok: false,
      code: 'EVIDENCE_DUPLICATE_UTXO',
    });
  });
});
