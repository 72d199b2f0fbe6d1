/**
 * The Safe verifier under fuzzing (issue 12): a real Safe v1.4.1 (2-of-3) on anvil, its proofs
 * read once; then fast-check mutates the `stateProof.wallet` JSON and the owners' signature
 * bytes. Property: the verifier never throws, and whenever it says ok, the state it read
 * (singleton, owners, threshold) is the true one and the signers are true owners — no mutation
 * can make Kura believe another owner set, a lower threshold or a forged signer.
 */
import { concatBytes, hexToBytes } from '@kura/codec';
import {
  checkAddress,
  ownershipDigest712,
  RpcClient,
  readWalletProofs,
  safeMessageHash,
  verifyContractWallet,
} from '@kura/ethereum';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../../packages/ethereum/test/anvil.js';
import { deploySafe, deploySafeInfra } from '../../packages/ethereum/test/safe.js';
import { ROUND } from '../../packages/ethereum/test/scenario.js';
import { type Json, mutationsOf } from './fuzz-helpers.js';

const CHAIN = 31337n;
let anvil: Anvil;
let safe: string;
let safeBytes: Uint8Array;
let stateRoot: Uint8Array;
let proofs: Awaited<ReturnType<typeof readWalletProofs>>;
let signature: Uint8Array;
const owners = [devWallet(1), devWallet(2), devWallet(3)];

beforeAll(async () => {
  anvil = await startAnvil();
  const d0 = devWallet(0).address;
  const infra = await deploySafeInfra(anvil, '1.4.1', d0);
  safe = await deploySafe(
    anvil,
    infra,
    owners.map((w) => w.address),
    2,
    d0
  );
  await anvil.mine(1);
  const head = await anvil.head();
  const block = await anvil.rpc('eth_getBlockByHash', [head.hash, false]);
  stateRoot = hexToBytes(block.stateRoot.slice(2));
  const a = checkAddress(safe);
  if (!a.ok) throw new Error(a.message);
  safeBytes = a.bytes;
  proofs = await readWalletProofs(
    new RpcClient({ url: anvil.url }),
    a.address,
    a.bytes,
    head.hash,
    stateRoot
  );
  const h = safeMessageHash(CHAIN, safeBytes, ownershipDigest712(ROUND, CHAIN, safe));
  signature = concatBytes(
    ...[owners[0]!, owners[2]!].map((w) => hexToBytes(w.signingKey.sign(h).serialized.slice(2)))
  );
}, 120_000);
afterAll(async () => {
  await anvil?.stop();
});

async function check(wallet: unknown, sig: Uint8Array) {
  return verifyContractWallet({
    stateRoot,
    chainId: CHAIN,
    address: safe,
    addressBytes: safeBytes,
    account: proofs.state,
    wallet,
    digest: ownershipDigest712(ROUND, CHAIN, safe),
    signature: sig,
  });
}

function expectTruth(r: Awaited<ReturnType<typeof check>>): void {
  if (!r.ok) return;
  expect(r.model.kind).toBe('safe');
  if (r.model.kind !== 'safe') return;
  expect(r.model.safe.owners).toEqual(owners.map((w) => w.address));
  expect(r.model.safe.threshold).toBe(2);
  expect(r.model.safe.singleton).toBe((proofs.wallet as { singleton: string }).singleton);
  for (const s of r.model.safe.signers) expect(owners.map((w) => w.address)).toContain(s);
  expect(new Set(r.model.safe.signers).size).toBeGreaterThanOrEqual(2);
}

describe('Safe verifier fuzzing', () => {
  it('the unmutated proofs and signature verify', async () => {
    const r = await check(proofs.wallet, signature);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expectTruth(r);
  });
  it('property: a mutated stateProof.wallet never makes Kura believe another state', async () => {
    let okCount = 0;
    await fc.assert(
      fc.asyncProperty(mutationsOf(proofs.wallet as unknown as Json), async (m) => {
        const r = await check(m, signature);
        if (r.ok) okCount++;
        expectTruth(r);
      }),
      { numRuns: 300 }
    );
    // only harmless mutations (e.g. a storage item listed twice) may still verify
    expect(okCount).toBeLessThan(300);
  });
  it('property: a mutated signature never verifies with a forged signer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: signature.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (i, x) => {
          const s = signature.slice();
          s[i] = s[i]! ^ x;
          const r = await check(proofs.wallet, s);
          expect(r.ok).toBe(false);
        }
      ),
      { numRuns: 200 }
    );
  });
});
