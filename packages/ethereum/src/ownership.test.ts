/**
 * Ownership proofs over the round's challenge (protocol v1 §Address-ownership challenge; attacks
 * C3, D1–D5, D7): EIP-191, EIP-712 and EIP-1271 against a real anvil, and every rejection as a
 * constructed attack asserting its exact code.
 */
import { bytesToHex, hexToBytes } from '@kura/codec';
import { ownershipChallenge } from '@kura/tree';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../test/anvil.js';
import { ROUND, signFor } from '../test/scenario.js';
import { checkAddress } from './address.js';
import {
  checkOwnershipOffline,
  type EthOwnershipType,
  type OwnershipContext,
  ownershipRecord,
  verifyOwnership,
} from './ownership.js';
import { type FetchLike, RpcClient } from './rpc.js';
import { SECP256K1_N } from './signature.js';
import { readWalletProofs } from './wallet.js';

let anvil: Anvil;
let rpc: RpcClient;
const CHAIN = 31337n;
let walletA: string; // OwnerWallet owned by dev 3
let walletB: string; // another OwnerWallet owned by dev 3
let permissive: string;
let lateWallet: string; // deployed after snapshot 1
let snap1: string; // after A, B, permissive deployed
let snap2: string; // after A's owner changed to dev 4
let ownerWalletCode: string; // keccak256 of OwnerWallet's runtime code
const bytes = (sig: string) => hexToBytes(sig.slice(2).toLowerCase());

beforeAll(async () => {
  anvil = await startAnvil();
  rpc = new RpcClient({ url: anvil.url, retries: 0 });
  const d0 = devWallet(0).address;
  walletA = await anvil.deploy('OwnerWallet', [devWallet(3).address], d0);
  walletB = await anvil.deploy('OwnerWallet', [devWallet(3).address], d0);
  permissive = await anvil.deploy('PermissiveWallet', [], d0);
  snap1 = (await anvil.head()).hash;
  lateWallet = await anvil.deploy('OwnerWallet', [devWallet(3).address], d0);
  await anvil.exec(
    'OwnerWallet',
    walletA,
    'setOwner',
    [devWallet(4).address],
    devWallet(3).address
  );
  snap2 = (await anvil.head()).hash;
  const code = await anvil.rpc('eth_getCode', [walletA, 'latest']);
  ownerWalletCode = `0x${bytesToHex(keccak_256(hexToBytes(code.slice(2))))}`;
});
afterAll(async () => {
  await anvil?.stop();
});

async function check(
  address: string,
  record: Record<string, unknown>,
  blockHash = snap1,
  rpcs = [rpc]
) {
  // EIP-1271: the wallet's proven account; this file's OwnerWallet code is accepted by the
  // auditor by its code hash (safe.test.ts covers Safes and untrusted code)
  let contract: OwnershipContext['contract'];
  const a = checkAddress(address);
  if (record.type === 'eip1271' && a.ok) {
    const b = await anvil.rpc('eth_getBlockByHash', [blockHash, false]);
    const stateRoot = hexToBytes(b.stateRoot.slice(2));
    const w = await readWalletProofs(rpc, a.address, a.bytes, blockHash, stateRoot);
    contract = { stateRoot, account: w.state, acceptedCodeHashes: new Set([ownerWalletCode]) };
  }
  return verifyOwnership(record, {
    round: ROUND,
    chainId: CHAIN,
    address,
    blockHash,
    rpcs,
    ...(contract ? { contract } : {}),
  });
}
const rec = (
  type: EthOwnershipType,
  sig: string,
  address: string,
  chainId = CHAIN,
  round = ROUND
) => ownershipRecord(type, bytes(sig), round, chainId, address);

describe('valid proofs', () => {
  test('EIP-191 personal_sign by an EOA', async () => {
    const a = devWallet(1).address;
    expect(await check(a, rec('eip191', await signFor('eip191', 1, a, 31337), a))).toEqual({
      ok: true,
      type: 'eip191',
      signer: a,
    });
  });
  test('EIP-712 typed data by an EOA', async () => {
    const a = devWallet(2).address;
    expect(await check(a, rec('eip712', await signFor('eip712', 2, a, 31337), a))).toEqual({
      ok: true,
      type: 'eip712',
      signer: a,
    });
  });
  test('EIP-1271 contract wallet, evaluated at the snapshot block', async () => {
    const r = rec('eip1271', await signFor('eip1271', 3, walletA, 31337), walletA);
    expect(await check(walletA, r, snap1)).toEqual({
      ok: true,
      type: 'eip1271',
      wallet: { kind: 'accepted-code', codeHash: ownerWalletCode },
    });
  });
  test('two endpoints that agree', async () => {
    const r = rec('eip1271', await signFor('eip1271', 3, walletA, 31337), walletA);
    expect(await check(walletA, r, snap1, [rpc, new RpcClient({ url: anvil.url })])).toMatchObject({
      ok: true,
      type: 'eip1271',
    });
  });
});

describe('EIP-1271 is evaluated at the snapshot block (owners change)', () => {
  test('the old owner signed: valid at snapshot 1, EIP1271_INVALID at snapshot 2', async () => {
    const r = rec('eip1271', await signFor('eip1271', 3, walletA, 31337), walletA);
    expect((await check(walletA, r, snap1)).ok).toBe(true);
    expect(await check(walletA, r, snap2)).toMatchObject({
      ok: false,
      code: 'EIP1271_INVALID',
    });
  });
  test('the new owner signed: EIP1271_INVALID at snapshot 1, valid at snapshot 2', async () => {
    const r = rec('eip1271', await signFor('eip1271', 4, walletA, 31337), walletA);
    expect(await check(walletA, r, snap1)).toMatchObject({
      ok: false,
      code: 'EIP1271_INVALID',
    });
    expect((await check(walletA, r, snap2)).ok).toBe(true);
  });
  test('a wallet deployed after the snapshot → NOT_DEPLOYED (D5-c)', async () => {
    const r = rec('eip1271', await signFor('eip1271', 3, lateWallet, 31337), lateWallet);
    expect((await check(lateWallet, r, snap2)).ok).toBe(true);
    expect(await check(lateWallet, r, snap1)).toMatchObject({
      ok: false,
      code: 'NOT_DEPLOYED',
    });
  });
});

describe('rejections, each with its code', () => {
  test('WRONG_CHAIN: an EIP-712 signature for chain 1 claimed on chain 31337 (D3-a)', async () => {
    const a = devWallet(2).address;
    const sig = await signFor('eip712', 2, a, 1);
    expect(await check(a, rec('eip712', sig, a, 1n))).toMatchObject({
      ok: false,
      code: 'WRONG_CHAIN',
    });
    // the same signature with the record's chain id rewritten: recovers to someone else
    expect(await check(a, rec('eip712', sig, a))).toMatchObject({
      ok: false,
      code: 'SIGNER_MISMATCH',
    });
    // a domain without chainId (D3-b)
    const noChain = rec('eip712', sig, a) as { typedData: { domain: Record<string, unknown> } };
    const { chainId: _, ...domain } = noChain.typedData.domain;
    expect(
      await check(a, { ...noChain, typedData: { ...noChain.typedData, domain } })
    ).toMatchObject({ ok: false, code: 'WRONG_CHAIN' });
  });
  test('WRONG_ROUND: a signature of another round (D1-a), EIP-191 and EIP-712', async () => {
    const old = { ...ROUND, period: '2026-10', snapshotTime: '2026-10-31T15:00:00Z' };
    const a1 = devWallet(1).address;
    const s191 = await signFor('eip191', 1, a1, 31337, old);
    expect(await check(a1, rec('eip191', s191, a1, CHAIN, old))).toMatchObject({
      ok: false,
      code: 'WRONG_ROUND',
    });
    // the old signature presented with this round's challenge text: recovers to someone else
    expect(await check(a1, rec('eip191', s191, a1))).toMatchObject({
      ok: false,
      code: 'SIGNER_MISMATCH',
    });
    const a2 = devWallet(2).address;
    const s712 = await signFor('eip712', 2, a2, 31337, old);
    const r712 = rec('eip712', s712, a2, CHAIN, old) as Record<string, unknown>;
    expect(await check(a2, { ...r712, challenge: ownershipChallenge(ROUND) })).toMatchObject({
      ok: false,
      code: 'WRONG_ROUND',
    });
    // another exchange (C2-a)
    const other = { ...ROUND, exchange: 'Other Exchange' };
    expect(
      await check(a1, rec('eip191', await signFor('eip191', 1, a1, 31337, other), a1, CHAIN, other))
    ).toMatchObject({ ok: false, code: 'WRONG_ROUND' });
  });
  test('CHALLENGE_MISMATCH: a signature over "I own this address" (D1-b)', async () => {
    const w = devWallet(1);
    const sig = await w.signMessage('I own this address');
    expect(
      await check(w.address, {
        type: 'eip191',
        signature: sig.toLowerCase(),
        challenge: 'I own this address',
      })
    ).toMatchObject({ ok: false, code: 'CHALLENGE_MISMATCH' });
  });
  test("WRONG_ACCOUNT: one owner, two wallets — A's proof replayed for B (D5-b)", async () => {
    const sigA = await signFor('eip1271', 3, walletA, 31337);
    expect(await check(walletB, rec('eip1271', sigA, walletA))).toMatchObject({
      ok: false,
      code: 'WRONG_ACCOUNT',
    });
    // the record rewritten to name B: B is asked about B's digest, which the owner never signed
    expect(await check(walletB, rec('eip1271', sigA, walletB))).toMatchObject({
      ok: false,
      code: 'EIP1271_INVALID',
    });
  });
  test('EIP1271_UNTRUSTED_CODE: a contract that returns the magic value for anything (D5-a)', async () => {
    // no probe decides it: its code is neither a pinned Safe nor accepted by the auditor
    const r = rec('eip1271', `0x${'11'.repeat(65)}`, permissive);
    expect(await check(permissive, r)).toMatchObject({
      ok: false,
      code: 'EIP1271_UNTRUSTED_CODE',
    });
  });
  test('NOT_DEPLOYED: an address without code claiming EIP-1271', async () => {
    const a = devWallet(1).address;
    const r = rec('eip1271', await signFor('eip1271', 1, a, 31337), a);
    expect(await check(a, r)).toMatchObject({ ok: false, code: 'NOT_DEPLOYED' });
  });
  test('SIGNER_MISMATCH: a valid signature by another key', async () => {
    const a = devWallet(1).address;
    expect(await check(a, rec('eip191', await signFor('eip191', 2, a, 31337), a))).toMatchObject({
      ok: false,
      code: 'SIGNER_MISMATCH',
    });
    expect(await check(a, rec('eip712', await signFor('eip712', 2, a, 31337), a))).toMatchObject({
      ok: false,
      code: 'SIGNER_MISMATCH',
    });
  });
  test('HIGH_S: the malleated twin (r, n − s, v ^ 1) of a valid signature (D4-a)', async () => {
    const a = devWallet(1).address;
    const sig = bytes(await signFor('eip191', 1, a, 31337));
    const s = BigInt(`0x${Buffer.from(sig.subarray(32, 64)).toString('hex')}`);
    const twin = sig.slice();
    twin.set(hexToBytes((SECP256K1_N - s).toString(16).padStart(64, '0')), 32);
    twin[64] = twin[64] === 27 ? 28 : 27;
    expect(await check(a, ownershipRecord('eip191', twin, ROUND, CHAIN, a))).toMatchObject({
      ok: false,
      code: 'HIGH_S',
    });
  });
  test('BAD_SIGNATURE: malformed signatures (D4-b, D4-c)', async () => {
    const a = devWallet(1).address;
    const good = bytes(await signFor('eip191', 1, a, 31337));
    const variants: [string, Uint8Array][] = [
      [
        'r = 0',
        (() => {
          const x = good.slice();
          x.fill(0, 0, 32);
          return x;
        })(),
      ],
      [
        's = 0',
        (() => {
          const x = good.slice();
          x.fill(0, 32, 64);
          return x;
        })(),
      ],
      [
        'r = n',
        (() => {
          const x = good.slice();
          x.set(hexToBytes(SECP256K1_N.toString(16)), 0);
          return x;
        })(),
      ],
      [
        'v = 29',
        (() => {
          const x = good.slice();
          x[64] = 29;
          return x;
        })(),
      ],
      ['64 bytes (EIP-2098 compact is not accepted)', good.slice(0, 64)],
      ['66 bytes', Uint8Array.of(...good, 0)],
      ['all zero', new Uint8Array(65)],
    ];
    for (const [name, sig] of variants)
      expect(await check(a, ownershipRecord('eip191', sig, ROUND, CHAIN, a)), name).toMatchObject({
        ok: false,
        code: 'BAD_SIGNATURE',
      });
    // not lowercase hex in the record
    const r = rec('eip191', await signFor('eip191', 1, a, 31337), a) as Record<string, string>;
    expect(
      await check(a, { ...r, signature: r.signature!.toUpperCase().replace('0X', '0x') })
    ).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });
  test('BAD_CHECKSUM: a mixed-case address with a wrong EIP-55 checksum (D7-a)', async () => {
    const a = devWallet(1).address; // 0x70997970C51812dc3A010C7d01b50e0d17dc79C8
    const i = [...a].findIndex((c, k) => k > 1 && /[a-f]/.test(c));
    const bad = a.slice(0, i) + a[i]!.toUpperCase() + a.slice(i + 1);
    const r = rec('eip191', await signFor('eip191', 1, a, 31337), a);
    expect(await check(bad, r)).toMatchObject({ ok: false, code: 'BAD_CHECKSUM' });
  });
  test('UNSUPPORTED_OWNERSHIP / BAD_OWNERSHIP: a Bitcoin proof type, unknown fields, missing typed data', async () => {
    const a = devWallet(1).address;
    const r = rec('eip191', await signFor('eip191', 1, a, 31337), a);
    expect(await check(a, { ...r, type: 'bip322-simple' })).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED_OWNERSHIP',
    });
    expect(await check(a, { ...r, note: 'x' })).toMatchObject({
      ok: false,
      code: 'BAD_OWNERSHIP',
    });
    expect(await check(a, { ...r, type: 'eip712' })).toMatchObject({
      ok: false,
      code: 'BAD_OWNERSHIP',
    });
    expect(await check(a, 'nope' as unknown as Record<string, unknown>)).toMatchObject({
      ok: false,
      code: 'BAD_OWNERSHIP',
    });
  });
});

describe('endpoints', () => {
  test('ENDPOINTS_DISAGREE: a second endpoint that answers differently', async () => {
    const lying: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      const text = await res.text();
      const body = JSON.parse(init.body ?? '') as { method: string };
      const out =
        body.method === 'eth_call'
          ? text.replace(/1626ba7e0{56}/, 'ffffffff'.padEnd(64, '0'))
          : text;
      return { ok: res.ok, status: res.status, text: async () => out };
    };
    const r = rec('eip1271', await signFor('eip1271', 3, walletA, 31337), walletA);
    expect(
      await check(walletA, r, snap1, [rpc, new RpcClient({ url: anvil.url, fetch: lying })])
    ).toMatchObject({ ok: false, code: 'ENDPOINTS_DISAGREE' });
  });
  test('UNCHECKED: the endpoint is down (EIP-1271 cannot be decided offline)', async () => {
    const down = new RpcClient({ url: 'http://127.0.0.1:9/', retries: 0, timeoutMs: 2000 });
    const r = rec('eip1271', await signFor('eip1271', 3, walletA, 31337), walletA);
    expect(await check(walletA, r, snap1, [down])).toMatchObject({
      ok: false,
      code: 'UNCHECKED',
    });
    expect(await check(walletA, r, snap1, [])).toMatchObject({
      ok: false,
      code: 'UNCHECKED',
    });
  });
  test('EIP-191 / EIP-712 need no endpoint', () => {
    const w = Wallet.createRandom();
    const sig = w.signMessageSync(ownershipChallenge(ROUND));
    expect(
      checkOwnershipOffline(rec('eip191', sig, w.address), {
        round: ROUND,
        chainId: CHAIN,
        address: w.address,
      })
    ).toMatchObject({ ok: true, signer: w.address });
  });
});
