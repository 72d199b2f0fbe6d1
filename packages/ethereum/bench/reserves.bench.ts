/**
 * Reserves benchmark against a real anvil: N addresses (default 10 000, `KURA_BENCH_ADDRESSES`)
 * × 5 ERC-20 tokens + ETH.
 * - balances at the snapshot: Multicall3 vs JSON-RPC batches;
 * - state proofs: eth_getProof for every account and every token balance, verified against the
 *   header's stateRoot;
 * - the whole `collectEthEvidence` (ownership of every address checked, EIP-191) and
 *   `verifyEthEvidence` of its output, with the evidence size.
 * Figures go to stdout and to bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { formatEvidence } from '@kura/attest';
import { ownershipChallenge } from '@kura/tree';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseAssetTable } from '../src/assets.js';
import { readBalances } from '../src/balances.js';
import { collectEthEvidence } from '../src/collect.js';
import { toData } from '../src/hex.js';
import type { AddressRow, SignatureRow } from '../src/inputs.js';
import { RpcClient } from '../src/rpc.js';
import { balanceSlot } from '../src/slot.js';
import { verifyEthEvidence } from '../src/verify.js';
import { type Anvil, devWallet, startAnvil } from '../test/anvil.js';
import { ROUND } from '../test/scenario.js';

const N = Number(process.env.KURA_BENCH_ADDRESSES ?? 10_000);
const FULL = Number(process.env.KURA_BENCH_FULL ?? Math.min(N, 1_000));
const T = 5;
let anvil: Anvil;
let rpc: RpcClient;
let tokens: string[];
let wallets: Wallet[];
let snap: { hash: string; number: number };
const figures: Record<string, unknown> = {
  date: new Date().toISOString(),
  addresses: N,
  tokens: T,
  cpus: (await import('node:os')).cpus().length,
  node: process.version,
};
const secs = (t: number) => Math.round((performance.now() - t) / 10) / 100;

async function rawBatch(calls: { method: string; params: unknown[] }[]): Promise<void> {
  for (let i = 0; i < calls.length; i += 2000) {
    const body = calls.slice(i, i + 2000).map((c, k) => ({ jsonrpc: '2.0', id: k, ...c }));
    const r = (await (
      await fetch(anvil.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as { error?: unknown }[];
    const bad = r.find((x) => x.error);
    if (bad) throw new Error(JSON.stringify(bad.error));
  }
}

beforeAll(async () => {
  anvil = await startAnvil({ args: ['--gas-limit', '1000000000'] });
  rpc = new RpcClient({ url: anvil.url, maxBatch: 200, concurrency: 4 });
  await anvil.installMulticall3();
  const d0 = devWallet(0).address;
  tokens = [];
  for (let t = 0; t < T; t++) tokens.push(await anvil.deploy('UsdtStyleToken', [6], d0));
  let t0 = performance.now();
  wallets = Array.from(
    { length: N },
    (_, i) => new Wallet(toData(keccak_256(new TextEncoder().encode(`kura bench ${i}`))))
  );
  figures.setupWalletsSeconds = secs(t0);
  t0 = performance.now();
  const calls: { method: string; params: unknown[] }[] = [];
  for (const [i, w] of wallets.entries()) {
    calls.push({
      method: 'anvil_setBalance',
      params: [w.address, toData(new Uint8Array([1, (i >> 8) & 255, i & 255]))],
    });
    for (const [t, tok] of tokens.entries())
      if ((i + t) % 7 !== 0)
        // some zero balances
        calls.push({
          method: 'anvil_setStorageAt',
          params: [
            tok,
            toData(balanceSlot(Uint8Array.from(Buffer.from(w.address.slice(2), 'hex')), 2n)),
            toData(
              new Uint8Array(32)
                .fill(0)
                .map((_, k) => (k === 31 ? (i % 250) + 1 : k === 30 ? t + 1 : 0))
            ),
          ],
        });
  }
  await rawBatch(calls);
  await anvil.mine(1);
  snap = await anvil.head();
  await anvil.mine(3);
  figures.setupStateSeconds = secs(t0);
});
afterAll(async () => {
  await anvil?.stop();
  writeFileSync(
    new URL('./results.json', import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`
  );
  console.log(JSON.stringify(figures, null, 2));
});

test(`balances of ${N} addresses × (ETH + ${T} tokens) at the snapshot`, async () => {
  const holders = wallets.map((w) => w.address);
  let t0 = performance.now();
  const mc = await readBalances(rpc, holders, tokens, snap.hash);
  figures.balancesMulticall3Seconds = secs(t0);
  expect(mc.via).toBe('multicall3');
  rpc.requests = 0;
  t0 = performance.now();
  const batch = await readBalances(rpc, holders, tokens, snap.hash, { multicall: 'off' });
  figures.balancesRpcBatchSeconds = secs(t0);
  figures.balancesRpcBatchHttpRequests = rpc.requests;
  expect(batch.tokens).toEqual(mc.tokens);
  expect(batch.eth).toEqual(mc.eth);
  figures.balanceCalls = holders.length * (T + 1);
});

test('eth_getProof latency of the node at this state size', async () => {
  const holders = wallets.slice(0, 20).map((w) => w.address);
  let t0 = performance.now();
  await rpc.batch(
    holders.map((h) => ({ method: 'eth_getProof', params: [h, [], { blockHash: snap.hash }] })),
    { maxBatch: 10 }
  );
  figures.nodeAccountProofMs = Math.round((performance.now() - t0) / holders.length);
  const slots = wallets
    .slice(0, 100)
    .map((w) => toData(balanceSlot(Uint8Array.from(Buffer.from(w.address.slice(2), 'hex')), 2n)));
  t0 = performance.now();
  await rpc.call('eth_getProof', [tokens[0], slots, { blockHash: snap.hash }]);
  figures.nodeTokenProof100SlotsMs = Math.round(performance.now() - t0);
});

test(`full collect (ownership, balances, state proofs) and verify of ${FULL} addresses × (ETH + ${T} tokens)`, async () => {
  const rows: AddressRow[] = wallets
    .slice(0, FULL)
    .map((w, i) => ({ address: w.address, custody: 'customer-cold', line: i + 1 }));
  let t0 = performance.now();
  const text = ownershipChallenge(ROUND);
  const sigs: SignatureRow[] = wallets.slice(0, FULL).map((w, i) => ({
    address: w.address,
    type: 'eip191',
    signature: Uint8Array.from(Buffer.from(w.signMessageSync(text).slice(2), 'hex')),
    line: i + 1,
  }));
  figures.fullSignSeconds = secs(t0);
  const table = parseAssetTable({
    version: 'kura-eth-assets/1',
    networks: {
      'eip155:31337': [
        { symbol: 'ETH', native: true, decimals: 18 },
        ...tokens.map((c, t) => ({
          symbol: `TOK${t}`,
          contract: c,
          decimals: 6,
          balanceSlot: '2',
        })),
      ],
    },
  });
  t0 = performance.now();
  const stages: Record<string, number> = {};
  const r = await collectEthEvidence({
    rpcs: [rpc],
    round: ROUND,
    block: snap.hash,
    addresses: rows,
    signatures: sigs,
    assets: table,
    confirmations: 3,
    onProgress: (s) => {
      stages[s] = secs(t0);
    },
  });
  figures.fullCollectStageEndSeconds = stages;
  figures.fullAddresses = FULL;
  figures.fullCollectSeconds = secs(t0);
  const bytes = Buffer.byteLength(formatEvidence(r.evidence));
  figures.evidenceBytes = bytes;
  figures.evidenceBytesPerAddress = Math.round(bytes / FULL);
  t0 = performance.now();
  const v = await verifyEthEvidence(JSON.parse(JSON.stringify(r.evidence)), {
    rpcs: [rpc],
    assets: table,
    confirmations: 3,
  });
  figures.fullVerifySeconds = secs(t0);
  expect(v.status).toBe('valid');
});
