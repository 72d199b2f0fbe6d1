/**
 * Balances at a block pinned by hash (EIP-1898) on a real anvil: Multicall3 detection and the
 * JSON-RPC batch fallback give identical numbers; funds moved after the snapshot do not show;
 * USDT-style tokens; replies that are not balances are refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../test/anvil.js';
import { hasCode, MULTICALL3_ADDRESS, readBalances, readDecimals } from './balances.js';
import { RpcClient } from './rpc.js';

let anvil: Anvil;
let rpc: RpcClient;
let usdc: string;
let usdt: string;
let wallet: string;
let snap: { hash: string; number: number };
const holders = Array.from({ length: 25 }, (_, i) =>
  devWallet(0).address.replace(/..$/, (i + 16).toString(16))
);
const H = holders.map((h) => h.toLowerCase());

beforeAll(async () => {
  anvil = await startAnvil();
  rpc = new RpcClient({ url: anvil.url, retries: 0 });
  const d0 = devWallet(0).address;
  usdc = await anvil.deploy('UsdcStyleToken', [], d0);
  usdt = await anvil.deploy('UsdtStyleToken', [6], d0);
  wallet = await anvil.deploy('OwnerWallet', [d0], d0);
  for (const [i, h] of H.entries()) {
    await anvil.exec('UsdcStyleToken', usdc, 'mint', [h, BigInt(i * 1000 + 1)], d0);
    if (i % 2 === 0) await anvil.exec('UsdtStyleToken', usdt, 'issue', [h, BigInt(i * 77)], d0);
    await anvil.rpc('anvil_setBalance', [h, `0x${(BigInt(i) * 10n ** 15n).toString(16)}`]);
  }
  await anvil.mine(1);
  snap = await anvil.head();
  // after the snapshot: balances change
  await anvil.exec('UsdcStyleToken', usdc, 'mint', [H[0]!, 5_000_000n], d0);
  await anvil.exec('UsdtStyleToken', usdt, 'issue', [H[1]!, 5_000_000n], d0);
  await anvil.rpc('anvil_setBalance', [H[2]!, '0x1']);
});
afterAll(async () => {
  await anvil?.stop();
});

const expected = () => ({
  eth: H.map((_, i) => BigInt(i) * 10n ** 15n),
  tokens: [
    H.map((_, i) => BigInt(i * 1000 + 1)),
    H.map((_, i) => (i % 2 === 0 ? BigInt(i * 77) : 0n)),
  ],
});

describe('batch fallback and Multicall3', () => {
  test('without Multicall3 at the block: JSON-RPC batches, balances as of the snapshot', async () => {
    expect(await hasCode(rpc, MULTICALL3_ADDRESS, snap.hash)).toBe(false);
    const r = await readBalances(rpc, holders, [usdc, usdt], snap.hash);
    expect(r.via).toBe('rpc-batch');
    expect({ eth: r.eth, tokens: r.tokens }).toEqual(expected());
  });
  test('with Multicall3 installed after the snapshot: still batches at the snapshot (code is looked up at the block)', async () => {
    await anvil.installMulticall3();
    const r = await readBalances(rpc, holders, [usdc, usdt], snap.hash);
    expect(r.via).toBe('rpc-batch');
  });
  test('Multicall3 at the block: same numbers, in small and large aggregate3 chunks; latest differs', async () => {
    const later = await anvil.head();
    const mc = await readBalances(rpc, holders, [usdc, usdt], later.hash, { callsPerMulticall: 7 });
    const mc2 = await readBalances(rpc, holders, [usdc, usdt], later.hash);
    const batch = await readBalances(rpc, holders, [usdc, usdt], later.hash, { multicall: 'off' });
    expect(mc.via).toBe('multicall3');
    expect(batch.via).toBe('rpc-batch');
    expect(mc.eth).toEqual(batch.eth);
    expect(mc.tokens).toEqual(batch.tokens);
    expect(mc2.tokens).toEqual(batch.tokens);
    expect(mc.tokens[0]![0]).toBe(expected().tokens[0]![0]! + 5_000_000n);
    expect(mc.eth[2]).toBe(1n);
  });
  test('progress is reported up to the total', async () => {
    const seen: number[] = [];
    await readBalances(rpc, holders, [usdc], (await anvil.head()).hash, {
      onProgress: (d, n) => seen.push(d / n),
    });
    expect(seen.at(-1)).toBe(1);
  });
});

describe('tokens', () => {
  test('decimals: a uint8 (USDC-style) and a uint256 storage variable (USDT-style)', async () => {
    expect(await readDecimals(rpc, usdc, snap.hash)).toBe(6);
    expect(await readDecimals(rpc, usdt, snap.hash)).toBe(6);
  });
  test('an address without code → BAD_TOKEN_REPLY (not a zero balance), in both modes', async () => {
    const nothing = '0x000000000000000000000000000000000000bEEF';
    const head = (await anvil.head()).hash;
    await expect(readBalances(rpc, holders, [nothing], head)).rejects.toMatchObject({
      code: 'BAD_TOKEN_REPLY',
    });
    await expect(
      readBalances(rpc, holders, [nothing], head, { multicall: 'off' })
    ).rejects.toMatchObject({ code: 'BAD_TOKEN_REPLY' });
    await expect(readDecimals(rpc, nothing, head)).rejects.toMatchObject({
      code: 'BAD_TOKEN_REPLY',
    });
  });
  test('a contract whose balanceOf reverts → BAD_TOKEN_REPLY naming it, in both modes', async () => {
    const head = (await anvil.head()).hash;
    await expect(readBalances(rpc, holders, [wallet], head)).rejects.toMatchObject({
      code: 'BAD_TOKEN_REPLY',
      message: expect.stringContaining('reverted'),
    });
    await expect(
      readBalances(rpc, holders, [wallet], head, { multicall: 'off' })
    ).rejects.toMatchObject({ code: 'BAD_TOKEN_REPLY', message: expect.stringContaining(wallet) });
  });
  test('a block hash the node does not know → RPC_STATE_UNAVAILABLE naming the endpoint', async () => {
    const unknown = `0x${'ab'.repeat(32)}`;
    await expect(
      readBalances(rpc, holders, [usdc], unknown, { multicall: 'off' })
    ).rejects.toMatchObject({
      code: 'RPC_STATE_UNAVAILABLE',
      message: expect.stringContaining(anvil.url),
    });
    await expect(readBalances(rpc, holders, [usdc], unknown)).rejects.toMatchObject({
      code: 'RPC_STATE_UNAVAILABLE',
    });
  });
});
