/**
 * The contract-wallet trust model (issue 12) against a real anvil with the real Safe v1.3.0 and
 * v1.4.1 contracts (bytecode from their npm packages): a Safe counts only when Kura itself reads
 * its singleton, modules, owners and threshold from storage proofs and checks each owner's
 * signature; a forgeable wallet (magic value for ~1 in 256 pairs, a ground "signature") never
 * counts; every attack asserts its exact code.
 */
import { bytesToHex, concatBytes, hexToBytes } from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Interface, type Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../test/anvil.js';
import {
  deployRaw,
  deploySafe,
  deploySafeInfra,
  groundSignature,
  type SafeDeployment,
  safeArtifacts,
} from '../test/safe.js';
import { ROUND } from '../test/scenario.js';
import { checkAddress } from './address.js';
import { ownershipRecord, verifyOwnership } from './ownership.js';
import { RpcClient } from './rpc.js';
import {
  SAFE_PROXY_CODE_HASHES,
  SAFE_SINGLETONS,
  type SafeWalletJson,
  safeMessageHash,
  safeOwnerSlot,
} from './safe.js';
import { ownershipDigest712 } from './typed-data.js';
import { readWalletProofs } from './wallet.js';

const CHAIN = 31337n;
let anvil: Anvil;
let rpc: RpcClient;
let v141: SafeDeployment;
let v130: SafeDeployment;
let safe2of3: string; // v1.4.1, owners dev 1, 2, 3, threshold 2
let safe130: string; // v1.3.0 L2 singleton, owners dev 1, 2, threshold 1
let rogue: string; // a v1.4.1 proxy pointing to a non-Safe "singleton"
let moduled: string; // a v1.4.1 Safe with a module enabled
let grind: string; // GrindWallet
let snap: string;
const d0 = () => devWallet(0).address;
const owners = [devWallet(1), devWallet(2), devWallet(3)];

beforeAll(async () => {
  anvil = await startAnvil();
  rpc = new RpcClient({ url: anvil.url, retries: 0 });
  v141 = await deploySafeInfra(anvil, '1.4.1', d0());
  v130 = await deploySafeInfra(anvil, '1.3.0', d0());
  safe2of3 = await deploySafe(
    anvil,
    v141,
    owners.map((w) => w.address),
    2,
    d0()
  );
  safe130 = await deploySafe(anvil, v130, [owners[0]!.address, owners[1]!.address], 1, d0(), {
    singleton: v130.singletonL2,
  });
  grind = await anvil.deploy('GrindWallet', [], d0());
  rogue = await deploySafe(anvil, v141, [], 0, d0(), { singleton: grind, setup: false });
  moduled = await deploySafe(anvil, v141, [owners[0]!.address], 1, d0());
  // a module enabled: modules[0x1] = module, modules[module] = 0x1 (as enableModule leaves it)
  const mod = '0x000000000000000000000000000000000000dead';
  const modSlot = (k: bigint) => `0x${bytesToHex(keccak_256(concatBytes(word(k), word(1n))))}`;
  await anvil.rpc('anvil_setStorageAt', [
    moduled,
    modSlot(1n),
    `0x${mod.slice(2).padStart(64, '0')}`,
  ]);
  await anvil.rpc('anvil_setStorageAt', [
    moduled,
    modSlot(BigInt(mod)),
    `0x${'1'.padStart(64, '0')}`,
  ]);
  await anvil.mine(1);
  snap = (await anvil.head()).hash;
}, 120_000);
afterAll(async () => {
  await anvil?.stop();
});

function word(v: bigint): Uint8Array {
  return hexToBytes(v.toString(16).padStart(64, '0'));
}

function ownerSign(safe: string, signers: readonly Wallet[]): Uint8Array {
  const a = checkAddress(safe);
  if (!a.ok) throw new Error(a.message);
  const h = safeMessageHash(CHAIN, a.bytes, ownershipDigest712(ROUND, CHAIN, a.address));
  return concatBytes(...signers.map((w) => hexToBytes(w.signingKey.sign(h).serialized.slice(2))));
}

async function stateRootOf(blockHash: string): Promise<Uint8Array> {
  const b = await anvil.rpc('eth_getBlockByHash', [blockHash, false]);
  return hexToBytes(b.stateRoot.slice(2));
}

async function check(
  address: string,
  signature: Uint8Array,
  opts: { accepted?: string[]; tamper?: (w: SafeWalletJson) => unknown } = {}
) {
  const a = checkAddress(address);
  if (!a.ok) throw new Error(a.message);
  const stateRoot = await stateRootOf(snap);
  const w = await readWalletProofs(rpc, a.address, a.bytes, snap, stateRoot);
  const wallet = opts.tamper && w.wallet ? opts.tamper(structuredClone(w.wallet)) : w.wallet;
  return verifyOwnership(ownershipRecord('eip1271', signature, ROUND, CHAIN, a.address), {
    round: ROUND,
    chainId: CHAIN,
    address: a.address,
    blockHash: snap,
    rpcs: [rpc],
    contract: {
      stateRoot,
      account: w.state,
      wallet,
      acceptedCodeHashes: new Set(opts.accepted ?? []),
    },
  });
}

/** What the Safe contract itself answers for (digest, signature) at the snapshot block. */
async function contractSays(address: string, signature: Uint8Array): Promise<boolean> {
  const data = new Interface([
    'function isValidSignature(bytes32,bytes) view returns (bytes4)',
  ]).encodeFunctionData('isValidSignature', [ownershipDigest712(ROUND, CHAIN, address), signature]);
  try {
    const r = await anvil.rpc('eth_call', [{ to: address, data }, { blockHash: snap }]);
    return r.toLowerCase().startsWith('0x1626ba7e');
  } catch {
    return false;
  }
}

describe('pinned code hashes', () => {
  test('every pinned hash is keccak256 of the npm artifacts, and anvil runs that code', async () => {
    for (const v of ['1.3.0', '1.4.1'] as const) {
      const art = safeArtifacts(v);
      const h = (code: string) => `0x${bytesToHex(keccak_256(hexToBytes(code.slice(2))))}`;
      expect(SAFE_SINGLETONS).toContainEqual({
        version: v,
        variant: 'L1',
        codeHash: h(art.singleton.deployedBytecode),
      });
      expect(SAFE_SINGLETONS).toContainEqual({
        version: v,
        variant: 'L2',
        codeHash: h(art.singletonL2.deployedBytecode),
      });
      expect(SAFE_PROXY_CODE_HASHES[h(art.proxy.deployedBytecode)]).toBe(v);
    }
    const code = await anvil.rpc('eth_getCode', [safe2of3, 'latest']);
    expect(SAFE_PROXY_CODE_HASHES[`0x${bytesToHex(keccak_256(hexToBytes(code.slice(2))))}`]).toBe(
      '1.4.1'
    );
  });
});

describe('Safe: counted when Kura checks the owners itself', () => {
  test('v1.4.1 2-of-3: two owner signatures → valid; the Safe contract agrees', async () => {
    const sorted = [owners[0]!, owners[2]!].sort((x, y) =>
      x.address.toLowerCase() < y.address.toLowerCase() ? -1 : 1
    );
    // the Safe wants its signers in ascending order; Kura only wants them distinct
    const descending = ownerSign(safe2of3, [sorted[1]!, sorted[0]!]);
    expect(await contractSays(safe2of3, descending)).toBe(false);
    expect(await check(safe2of3, descending)).toMatchObject({ ok: true });
    const sig2 = ownerSign(safe2of3, sorted);
    expect(await contractSays(safe2of3, sig2)).toBe(true); // Kura's message hash is the Safe's
    const r = await check(safe2of3, sig2);
    expect(r).toMatchObject({
      ok: true,
      type: 'eip1271',
      wallet: { kind: 'safe', safe: { version: '1.4.1', variant: 'L1', threshold: 2 } },
    });
    if (r.ok && r.wallet?.kind === 'safe')
      expect(r.wallet.safe.owners).toEqual(owners.map((w) => w.address));
  });
  test('eth_sign owner signatures (v 31/32) → valid; the Safe contract agrees', async () => {
    const a = checkBytes(safe2of3);
    const h = safeMessageHash(CHAIN, a, ownershipDigest712(ROUND, CHAIN, safe2of3));
    const sorted = [owners[1]!, owners[2]!].sort((x, y) =>
      x.address.toLowerCase() < y.address.toLowerCase() ? -1 : 1
    );
    const sig = concatBytes(
      ...sorted.map((w) => {
        const b = hexToBytes(w.signMessageSync(h).slice(2)); // EIP-191 over the 32-byte hash
        b[64] = b[64]! + 4;
        return b;
      })
    );
    expect(await contractSays(safe2of3, sig)).toBe(true);
    expect(await check(safe2of3, sig)).toMatchObject({ ok: true, wallet: { kind: 'safe' } });
  });
  test('v1.3.0 (L2 singleton) 1-of-2 → valid; the Safe contract agrees', async () => {
    const sig = ownerSign(safe130, [owners[1]!]);
    expect(await contractSays(safe130, sig)).toBe(true);
    expect(await check(safe130, sig)).toMatchObject({
      ok: true,
      wallet: { kind: 'safe', safe: { version: '1.3.0', variant: 'L2', threshold: 1 } },
    });
  });
});

describe('Safe attacks, each with its code', () => {
  test('SAFE_THRESHOLD_NOT_MET: one owner signature for a 2-of-3 Safe', async () => {
    const sig = ownerSign(safe2of3, [owners[0]!]);
    expect(await check(safe2of3, sig)).toMatchObject({ ok: false, code: 'SAFE_THRESHOLD_NOT_MET' });
  });
  test('SAFE_NOT_OWNER: a signature by a key that is not an owner', async () => {
    const sig = ownerSign(safe2of3, [owners[0]!, devWallet(7)]);
    expect(await check(safe2of3, sig)).toMatchObject({ ok: false, code: 'SAFE_NOT_OWNER' });
  });
  test('SAFE_DUPLICATE_SIGNER: one owner signing twice for a 2-of-3 Safe', async () => {
    const sig = ownerSign(safe2of3, [owners[0]!, owners[0]!]);
    expect(await check(safe2of3, sig)).toMatchObject({ ok: false, code: 'SAFE_DUPLICATE_SIGNER' });
  });
  test('SAFE_UNKNOWN_SINGLETON: a genuine Safe proxy delegating to unpinned code', async () => {
    expect(await check(rogue, ownerSign(rogue, [owners[0]!]))).toMatchObject({
      ok: false,
      code: 'SAFE_UNKNOWN_SINGLETON',
    });
  });
  test('SAFE_MODULES_ENABLED: a module can move the funds without the owners', async () => {
    expect(await check(moduled, ownerSign(moduled, [owners[0]!]))).toMatchObject({
      ok: false,
      code: 'SAFE_MODULES_ENABLED',
    });
  });
  test('SAFE_STATE_UNPROVEN: owners, threshold or the whole wallet proof missing', async () => {
    const sig = ownerSign(safe2of3, [owners[0]!, owners[1]!]);
    expect(await check(safe2of3, sig, { tamper: () => undefined })).toMatchObject({
      ok: false,
      code: 'SAFE_STATE_UNPROVEN',
    });
    const ownerKey = `0x${bytesToHex(safeOwnerSlot(checkBytes(owners[0]!.address)))}`;
    expect(
      await check(safe2of3, sig, {
        tamper: (w) => ({ ...w, storage: w.storage.filter((s) => s.slot !== ownerKey) }),
      })
    ).toMatchObject({ ok: false, code: 'SAFE_STATE_UNPROVEN' });
    const thresholdKey = `0x${'4'.padStart(64, '0')}`;
    expect(
      await check(safe2of3, sig, {
        tamper: (w) => ({ ...w, storage: w.storage.filter((s) => s.slot !== thresholdKey) }),
      })
    ).toMatchObject({ ok: false, code: 'SAFE_STATE_UNPROVEN' });
  });
  test('STATE_PROOF_MISMATCH: a claimed threshold of 1 that the proof does not carry', async () => {
    const sig = ownerSign(safe2of3, [owners[0]!]);
    const thresholdKey = `0x${'4'.padStart(64, '0')}`;
    expect(
      await check(safe2of3, sig, {
        tamper: (w) => ({
          ...w,
          storage: w.storage.map((s) => (s.slot === thresholdKey ? { ...s, value: '1' } : s)),
        }),
      })
    ).toMatchObject({ ok: false, code: 'STATE_PROOF_MISMATCH' });
  });
  test('SAFE_SIGNATURE_UNSUPPORTED: an approved-hash (v = 1) part and an empty signature', async () => {
    const part = new Uint8Array(65);
    part.set(hexToBytes(owners[0]!.address.slice(2).toLowerCase()), 12);
    part[64] = 1;
    expect(await check(safe2of3, part)).toMatchObject({
      ok: false,
      code: 'SAFE_SIGNATURE_UNSUPPORTED',
    });
    expect(await check(safe2of3, new Uint8Array(0))).toMatchObject({
      ok: false,
      code: 'SAFE_SIGNATURE_UNSUPPORTED',
    });
  });
});

describe('a forgeable wallet never counts (issue 12)', () => {
  test('EIP1271_UNTRUSTED_CODE: GrindWallet accepts a ground "signature", Kura does not count it', async () => {
    const sig = hexToBytes(groundSignature(ownershipDigest712(ROUND, CHAIN, grind)).slice(2));
    expect(await contractSays(grind, sig)).toBe(true); // the attack works on the contract
    expect(await check(grind, sig)).toMatchObject({ ok: false, code: 'EIP1271_UNTRUSTED_CODE' });
  });
  test('code the auditor explicitly accepts by hash is asked itself (and only then)', async () => {
    const code = await anvil.rpc('eth_getCode', [grind, 'latest']);
    const hash = `0x${bytesToHex(keccak_256(hexToBytes(code.slice(2))))}`;
    const digest = ownershipDigest712(ROUND, CHAIN, grind);
    const good = hexToBytes(groundSignature(digest).slice(2));
    const bad = hexToBytes(groundSignature(digest, false).slice(2));
    const g = await check(grind, good, { accepted: [hash] });
    expect(g).toMatchObject({
      ok: true,
      wallet: { kind: 'accepted-code', codeHash: hash },
    });
    expect(await check(grind, bad, { accepted: [hash] })).toMatchObject({
      ok: false,
      code: 'EIP1271_INVALID',
    });
  });
  test('NOT_DEPLOYED: an address without code (ERC-6492 counterfactual wallets stay refused)', async () => {
    const six492 = concatBytes(new Uint8Array(96), hexToBytes('6492'.repeat(16)));
    expect(await check(devWallet(8).address, six492)).toMatchObject({
      ok: false,
      code: 'NOT_DEPLOYED',
    });
  });
  test('a Safe proxy whose code is copied to another address still needs the pinned singleton', async () => {
    // deployRaw of a proxy to the L1 singleton with no setup: threshold 0
    const bare = await deployRaw(anvil, v141.art.proxy, [v141.singleton], d0());
    await anvil.mine(1);
    snap = (await anvil.head()).hash;
    expect(await check(bare, ownerSign(bare, [owners[0]!]))).toMatchObject({
      ok: false,
      code: 'SAFE_NOT_SET_UP',
    });
  });
});

function checkBytes(a: string): Uint8Array {
  const c = checkAddress(a);
  if (!c.ok) throw new Error(c.message);
  return c.bytes;
}
