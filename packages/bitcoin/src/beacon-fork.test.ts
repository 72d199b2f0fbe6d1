/**
 * Chains that share a genesis block (Bitcoin ↔ Bitcoin Cash) are told apart by the fork block:
 * the audit beacon, the chain of a source and the evidence verifier never take a Bitcoin Cash node
 * for a Bitcoin node, nor the reverse (attack S17-b9). Core-shaped replies over chains on Bitcoin
 * testnet3's genesis (`@kura/bitcoin/testing`; no Bitcoin Cash node installs here), the BCH node
 * answering BCH testnet's fork block at its height and the Bitcoin node another block there.
 */
import type { Evidence } from '@kura/attest';
import { describe, expect, it } from 'vitest';
import { checkBeacon } from './beacon.js';
import { chainIdOfNetwork, chainOfSource, networkByName } from './networks.js';
import { CoreRpcSource } from './sources/core-rpc.js';
import { FamilyChain } from './testing.js';
import { verifyBitcoinEvidence } from './verify.js';

const BCH = networkByName('bch-testnet');
const BTC = networkByName('testnet3');
const BCH_ID = chainIdOfNetwork(BCH);
const BTC_ID = chainIdOfNetwork(BTC);
const fork = BCH.fork!;
// blocks are stamped from 2025-11-30T15:02:30Z, 150 s apart (FamilyChain's default)
const bchChain = new FamilyChain(BCH, 8, [], { [fork.height]: fork.hash });
const btcChain = new FamilyChain(BTC, 8, [], { [fork.height]: 'ab'.repeat(32) });
const src = (c: FamilyChain) =>
  new CoreRpcSource('http://u:pw@node.invalid:18332', { fetch: c.fetch(), retries: 0 });
const snapshotOf = (c: FamilyChain, chain: string) => ({
  chain,
  height: 2,
  blockHash: c.blocks[2]!.hash,
});
const issuedAt = '2025-11-30T12:00:00Z';

describe('Bitcoin Cash is not Bitcoin (same genesis, told apart by the fork block)', () => {
  it('both chains share the genesis; their CAIP-2 ids differ (BCH is named by its fork block)', () => {
    expect(BCH.genesis).toBe(BTC.genesis);
    expect(BCH_ID).not.toBe(BTC_ID);
    expect(BCH_ID).toBe(`bip122:${fork.hash.slice(0, 32)}`);
  });

  it('chainOfSource: a BCH node is BCH whatever is claimed; a Bitcoin node is Bitcoin', async () => {
    expect(await chainOfSource(src(bchChain), BCH_ID)).toBe(BCH_ID);
    expect(await chainOfSource(src(bchChain), BTC_ID)).toBe(BCH_ID);
    expect(await chainOfSource(src(btcChain), BTC_ID)).toBe(BTC_ID);
    expect(await chainOfSource(src(btcChain), BCH_ID)).toBe(BTC_ID);
  });

  it('S17-b9: a beacon read from a BCH node for a Bitcoin snapshot → BEACON_WRONG_CHAIN', async () => {
    const r = await checkBeacon(src(bchChain), {
      issuedAt,
      snapshot: snapshotOf(bchChain, BTC_ID),
      height: 6,
    });
    expect(r).toMatchObject({ ok: false, code: 'BEACON_WRONG_CHAIN', level: 'fail' });
  });

  it('S17-b9: a beacon read from a Bitcoin node for a BCH snapshot → BEACON_WRONG_CHAIN', async () => {
    const r = await checkBeacon(src(btcChain), {
      issuedAt,
      snapshot: snapshotOf(btcChain, BCH_ID),
      height: 6,
    });
    expect(r).toMatchObject({ ok: false, code: 'BEACON_WRONG_CHAIN', level: 'fail' });
  });

  it('the beacon of a BCH snapshot on a BCH node names BCH and passes', async () => {
    const r = await checkBeacon(src(bchChain), {
      issuedAt,
      snapshot: snapshotOf(bchChain, BCH_ID),
      height: 6,
    });
    expect(r.ok).toBe(true);
    expect(r.beacon?.chain).toBe(BCH_ID);
    expect(r.beacon?.blockHash).toBe(bchChain.blocks[6]!.hash);
  });

  it('S17-b9: Bitcoin evidence checked on a BCH node → SOURCE_CHAIN (could not check)', async () => {
    const ev = {
      version: 'kura-evidence/1',
      round: { exchange: 'X', period: '2025-11', snapshotTime: '2025-11-30T15:00:00Z' },
      roundId: '00'.repeat(32),
      snapshots: [{ ...snapshotOf(btcChain, BTC_ID), time: '2025-11-30T15:07:30Z' }],
      entries: [
        {
          chain: BTC_ID,
          address: 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn',
          custody: 'customer-cold',
          balances: [{ asset: 'BTC', amount: '1' }],
          ownership: { type: 'bip137', challenge: 'x', signature: 'x' },
          utxos: [],
        },
      ],
    } as unknown as Evidence;
    await expect(verifyBitcoinEvidence(ev, src(bchChain))).rejects.toMatchObject({
      code: 'SOURCE_CHAIN',
    });
  });
});
