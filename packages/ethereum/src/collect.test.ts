import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, startAnvil } from '../test/anvil.js';
import { buildScenario, ROUND, type Scenario } from '../test/scenario.js';
import { parseAssetTable } from './assets.js';
import { collectEthEvidence } from './collect.js';
import { parseAddressList, parseSignatureList } from './inputs.js';
import { RpcClient } from './rpc.js';
import { verifyEthEvidence } from './verify.js';

let anvil: Anvil;
let sc: Scenario;
beforeAll(async () => {
  anvil = await startAnvil();
  sc = await buildScenario(anvil);
});
afterAll(async () => {
  await anvil?.stop();
});

describe('collect and verify', () => {
  test('balances at the snapshot, not after', async () => {
    const rpc = new RpcClient({ url: anvil.url });
    const r = await collectEthEvidence({
      rpcs: [rpc],
      round: ROUND,
      block: String(sc.snapshot.number),
      addresses: parseAddressList(sc.addressesJsonl),
      signatures: parseSignatureList(sc.signaturesJsonl),
      assets: parseAssetTable(sc.assetTable),
      confirmations: 3,
    });
    expect(r.via).toBe('multicall3');
    expect(r.snapshot.blockHash).toBe(sc.snapshot.hash);
    const got = r.evidence.entries.map((e) => e.balances.map((b) => b.amount));
    expect(got).toEqual(sc.atSnapshot.map((row) => row.map(String)));
    const v = await verifyEthEvidence(JSON.parse(JSON.stringify(r.evidence)), {
      rpcs: [rpc],
      confirmations: 3,
      assets: parseAssetTable(sc.assetTable),
    });
    expect(v.entries.map((e) => [e.status, e.code])).toEqual([
      ['valid', undefined],
      ['valid', undefined],
      ['valid', undefined],
    ]);
    expect(v.status).toBe('valid');
  });
});
