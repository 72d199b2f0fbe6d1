/**
 * `kura audit`'s reserves check over several EVM chains (issue 17): evidence collected on
 * Polygon PoS (anvil --chain-id 137) and the Avalanche C-Chain (anvil --chain-id 43114), merged
 * as `kura run` merges its parts, re-verified with one auditor endpoint per chain (each endpoint
 * serves the chain its eth_chainId reports). Without an endpoint for one chain its entries are
 * "not checked"; a balance changed by one wei on one chain fails the check.
 */
import { type Attestation, type Evidence, formatEvidence, mergeEvidence } from '@kura/attest';
import {
  collectEthEvidence,
  parseAddressList,
  parseAssetTable,
  parseSignatureList,
  RpcClient,
} from '@kura/ethereum';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../../ethereum/test/anvil.js';
import { ROUND, signFor } from '../../ethereum/test/scenario.js';
import { checkReserves } from './reserves.js';

const CHAINS = [
  { id: 137, symbol: 'POL' },
  { id: 43114, symbol: 'AVAX' },
] as const;
const A = devWallet(1).address;
const anvils: Anvil[] = [];
const rpcs: RpcClient[] = [];
let ev: Evidence;

const assetTable = parseAssetTable({
  version: 'kura-eth-assets/1',
  networks: Object.fromEntries(
    CHAINS.map((c) => [`eip155:${c.id}`, [{ symbol: c.symbol, native: true, decimals: 18 }]])
  ),
});

beforeAll(async () => {
  const parts: Evidence[] = [];
  for (const c of CHAINS) {
    const anvil = await startAnvil({ chainId: c.id });
    anvils.push(anvil);
    // (not the genesis block: anvil's genesis header does not commit to its dev-account state)
    await anvil.send({ from: A, to: devWallet(2).address, value: BigInt(c.id) });
    const height = (await anvil.head()).number;
    await anvil.mine(3);
    const rpc = new RpcClient({ url: anvil.url, retries: 0 });
    rpcs.push(rpc);
    const sig = await signFor('eip191', 1, A, c.id);
    const r = await collectEthEvidence({
      rpcs: [rpc],
      round: ROUND,
      block: String(height),
      addresses: parseAddressList(`${JSON.stringify({ address: A, custody: 'customer-cold' })}\n`),
      signatures: parseSignatureList(
        `${JSON.stringify({ address: A, type: 'eip191', signature: sig })}\n`
      ),
      assets: assetTable,
      confirmations: 3,
      network: `eip155:${c.id}`,
    });
    parts.push(r.evidence);
  }
  ev = mergeEvidence(parts);
}, 60_000);
afterAll(async () => {
  await Promise.all(anvils.map((a) => a.stop()));
});

const attestation = (e: Evidence): Attestation =>
  ({
    round: e.round,
    roundId: e.roundId,
    liabilities: { assets: CHAINS.map((c) => ({ symbol: c.symbol, decimals: 18 })) },
    reserves: {
      assets: CHAINS.map((c, i) => ({
        asset: c.symbol,
        total: e.entries[i]!.balances[0]!.amount,
        customerCold: e.entries[i]!.balances[0]!.amount,
        customerHot: '0',
        exchangeOwn: '0',
      })),
    },
  }) as unknown as Attestation;

const check = (e: Evidence, eth: RpcClient[], att = attestation(ev)) =>
  checkReserves({
    att,
    evidenceBytes: new TextEncoder().encode(formatEvidence(e)),
    btcConfirmations: 1,
    eth,
    ethAssets: assetTable,
    ethConfirmations: 3,
    allowUnproven: false,
    acceptedWalletCodeHashes: [],
  });

describe('kura audit reserves over two EVM chains', () => {
  test('one endpoint per chain: every entry verifies, totals per native coin match', async () => {
    expect(ev.snapshots.map((s) => s.chain)).toEqual(['eip155:137', 'eip155:43114']);
    const c = await check(ev, rpcs);
    expect(c.problems).toEqual([]);
    expect(c.errors).toEqual([]);
    expect(c.status).toBe('pass');
    expect(c.facts.map(([k]) => k)).toEqual(
      expect.arrayContaining(['snapshot eip155:137', 'snapshot eip155:43114'])
    );
  });
  test("no endpoint for one chain: that chain's entries are not checked (NO_ENDPOINT)", async () => {
    const c = await check(ev, [rpcs[0]!]);
    expect(c.problems).toEqual([]);
    expect(c.errors.join('\n')).toMatch(/snapshot eip155:43114 not checked: NO_ENDPOINT/);
  });
  test('one wei more on one chain: the check fails naming the entry and BALANCE_MISMATCH', async () => {
    const bad = JSON.parse(JSON.stringify(ev)) as {
      entries: { balances: { amount: string }[] }[];
    };
    const b = bad.entries[1]!.balances[0]!;
    b.amount = (BigInt(b.amount) + 1n).toString();
    const c = await check(bad as unknown as Evidence, rpcs);
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(/entries\[1\] .*BALANCE_MISMATCH/);
  });
});
