/**
 * EIP-1186 proofs and block headers from a real anvil node: account proofs (EOA, contract,
 * absent account), storage proofs (present and absent slots), header hash = keccak256(RLP),
 * proofs of another block, and every tampering rejected with its code.
 */
import { bytesToHex } from '@kura/codec';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../test/anvil.js';
import { buildTrie } from '../test/trie.js';
import { EMPTY_ACCOUNT, verifyAccountProof, verifyStorageProof } from './account.js';
import { encodeHeader, verifyHeader } from './header.js';
import { bigintToMinimalBytes, parseData, toData, word } from './hex.js';
import { rlpEncode } from './rlp.js';
import { balanceSlot } from './slot.js';
import {
  accountProofFromRpc,
  tokenProofJson,
  verifyAccountJson,
  verifyTokenJson,
} from './stateproof.js';

let anvil: Anvil;
let usdt: string;
let block: { hash: string; number: number };
const holders = Array.from(
  { length: 40 },
  (_, i) => `0x${(0x1000 + i).toString(16).padStart(40, '0')}`
);
const amount = (i: number) => BigInt(1000 + i * 7919);
const nodes = (p: string[]) => p.map((x) => parseData(x, 'node'));
const addr = (a: string) => parseData(a, 'address', 20);

beforeAll(async () => {
  anvil = await startAnvil();
  const d0 = devWallet(0).address;
  usdt = await anvil.deploy('UsdtStyleToken', [6], d0);
  for (const [i, h] of holders.entries())
    await anvil.exec('UsdtStyleToken', usdt, 'issue', [h, amount(i)], d0);
  block = await anvil.head();
});
afterAll(async () => {
  await anvil?.stop();
});

async function header(hash: string) {
  const b = await anvil.rpc('eth_getBlockByHash', [hash, false]);
  const v = verifyHeader(b, parseData(hash, 'hash', 32));
  if (!v.ok) throw new Error(v.message);
  return v.header;
}

describe('block headers', () => {
  test('keccak256(RLP(header)) is the block hash, for the genesis and later blocks', async () => {
    for (const n of [0, 1, block.number]) {
      const b = await anvil.rpc('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
      const h = encodeHeader(b);
      expect(toData(h.hash)).toBe(b.hash);
      expect(h.number).toBe(BigInt(n));
    }
  });
  test('a changed field (stateRoot, timestamp) → HEADER_HASH_MISMATCH', async () => {
    const b = await anvil.rpc('eth_getBlockByHash', [block.hash, false]);
    const want = parseData(block.hash, 'h', 32);
    expect(verifyHeader({ ...b, stateRoot: `0x${'11'.repeat(32)}` }, want)).toMatchObject({
      ok: false,
      code: 'HEADER_HASH_MISMATCH',
    });
    expect(verifyHeader({ ...b, timestamp: '0x1' }, want)).toMatchObject({
      ok: false,
      code: 'HEADER_HASH_MISMATCH',
    });
    const { hash: _h, ...noHash } = b;
    expect(verifyHeader(noHash, want).ok).toBe(true);
    expect(verifyHeader({ ...b, hash: `0x${'22'.repeat(32)}` }, want)).toMatchObject({
      ok: false,
      code: 'HEADER_HASH_MISMATCH',
    });
  });
  test('malformed or out-of-order fields → HEADER_BAD naming the field', async () => {
    const b = await anvil.rpc('eth_getBlockByHash', [block.hash, false]);
    const want = parseData(block.hash, 'h', 32);
    expect(verifyHeader({ ...b, gasUsed: '0x00' }, want)).toMatchObject({
      ok: false,
      code: 'HEADER_BAD',
      message: expect.stringContaining('gasUsed'),
    });
    expect(verifyHeader({ ...b, miner: '0x1234' }, want)).toMatchObject({
      ok: false,
      code: 'HEADER_BAD',
      message: expect.stringContaining('miner'),
    });
    expect(verifyHeader({ ...b, baseFeePerGas: undefined }, want)).toMatchObject({
      ok: false,
      code: 'HEADER_BAD',
      message: expect.stringContaining('withdrawalsRoot'),
    });
    expect(verifyHeader(null, want)).toMatchObject({ ok: false, code: 'HEADER_BAD' });
  });
});

describe('account proofs', () => {
  test('an EOA, a contract and an absent account, against the header stateRoot', async () => {
    const h = await header(block.hash);
    const eoa = devWallet(0).address;
    for (const a of [eoa, usdt]) {
      const p = await anvil.rpc('eth_getProof', [a, [], { blockHash: block.hash }]);
      const r = verifyAccountProof(h.stateRoot, addr(a), nodes(p.accountProof));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.exists).toBe(true);
      expect(r.account.balance).toBe(BigInt(p.balance));
      expect(r.account.nonce).toBe(BigInt(p.nonce));
      expect(toData(r.account.storageHash)).toBe(p.storageHash);
      expect(toData(r.account.codeHash)).toBe(p.codeHash);
    }
    const absent = '0x000000000000000000000000000000000000dEaD';
    const p = await anvil.rpc('eth_getProof', [absent, [], { blockHash: block.hash }]);
    expect(verifyAccountProof(h.stateRoot, addr(absent), nodes(p.accountProof))).toEqual({
      ok: true,
      account: EMPTY_ACCOUNT,
      exists: false,
    });
  });
  test('tampered real proofs, each with its code', async () => {
    const h = await header(block.hash);
    const a = devWallet(0).address;
    const p: string[] = (await anvil.rpc('eth_getProof', [a, [], { blockHash: block.hash }]))
      .accountProof;
    expect(p.length).toBeGreaterThanOrEqual(2);
    const flip = (i: number) =>
      nodes(p).map((n, j) => (j === i ? n.map((x, k) => (k === 10 ? x ^ 0x40 : x)) : n));
    expect(verifyAccountProof(h.stateRoot, addr(a), flip(0))).toMatchObject({
      ok: false,
      code: 'MPT_ROOT_MISMATCH',
    });
    expect(verifyAccountProof(h.stateRoot, addr(a), flip(p.length - 1))).toMatchObject({
      ok: false,
      code: 'MPT_HASH_MISMATCH',
    });
    expect(verifyAccountProof(h.stateRoot, addr(a), nodes(p).slice(0, -1))).toMatchObject({
      ok: false,
      code: 'MPT_MISSING_NODE',
    });
    expect(verifyAccountProof(h.stateRoot, addr(a), [...nodes(p), nodes(p)[0]!])).toMatchObject({
      ok: false,
      code: 'MPT_EXTRA_NODES',
    });
  });
  test('a proof of the state after the snapshot does not verify against the snapshot stateRoot (C7-a)', async () => {
    const a = devWallet(0).address;
    await anvil.send({ from: a, to: devWallet(9).address, value: 1n });
    const later = await anvil.head();
    const p = await anvil.rpc('eth_getProof', [a, [], { blockHash: later.hash }]);
    const snap = await header(block.hash);
    expect(verifyAccountProof(snap.stateRoot, addr(a), nodes(p.accountProof))).toMatchObject({
      ok: false,
      code: 'MPT_ROOT_MISMATCH',
    });
  });
  test('claimed account fields that are not the proven ones → STATE_PROOF_MISMATCH', async () => {
    const h = await header(block.hash);
    const a = devWallet(0).address;
    const json = accountProofFromRpc(
      await anvil.rpc('eth_getProof', [a, [], { blockHash: block.hash }])
    );
    expect(verifyAccountJson(h.stateRoot, addr(a), json).ok).toBe(true);
    expect(
      verifyAccountJson(h.stateRoot, addr(a), {
        ...json,
        balance: (BigInt(json.balance) + 1n).toString(),
      })
    ).toMatchObject({ ok: false, code: 'STATE_PROOF_MISMATCH' });
    expect(
      verifyAccountJson(h.stateRoot, addr(a), {
        ...json,
        proof: json.proof.map((n) => n.toUpperCase().replace('0X', '0x')),
      })
    ).toMatchObject({ ok: false, code: 'BAD_STATE_PROOF' });
    expect(verifyAccountJson(h.stateRoot, addr(a), { ...json, extra: 1 })).toMatchObject({
      ok: false,
      code: 'BAD_STATE_PROOF',
    });
  });
});

describe('storage proofs', () => {
  test('balances[holder] of a Solidity mapping at slot 2: present and absent slots', async () => {
    const h = await header(block.hash);
    const slots = holders.map((x) => toData(balanceSlot(addr(x), 2n)));
    const absentHolder = '0x00000000000000000000000000000000000fffff';
    const p = await anvil.rpc('eth_getProof', [
      usdt,
      [...slots, toData(balanceSlot(addr(absentHolder), 2n))],
      { blockHash: block.hash },
    ]);
    const acc = verifyAccountProof(h.stateRoot, addr(usdt), nodes(p.accountProof));
    expect(acc.ok).toBe(true);
    if (!acc.ok) return;
    holders.forEach((_, i) => {
      const r = verifyStorageProof(
        acc.account.storageHash,
        parseData(slots[i], 's', 32),
        nodes(p.storageProof[i].proof)
      );
      expect(r).toEqual({ ok: true, value: amount(i) });
    });
    const absent = p.storageProof[holders.length];
    expect(absent.value).toBe('0x0');
    expect(
      verifyStorageProof(
        acc.account.storageHash,
        balanceSlot(addr(absentHolder), 2n),
        nodes(absent.proof)
      )
    ).toEqual({ ok: true, value: 0n });
  });
  test("the independent test trie builder computes anvil's storage root (so constructed-trie tests are meaningful)", async () => {
    const p = await anvil.rpc('eth_getProof', [usdt, [], { blockHash: block.hash }]);
    // storage of UsdtStyleToken: slot 0 owner, 1 totalSupply, 3 decimals, balances at keccak(h, 2)
    const entries: [Uint8Array, Uint8Array][] = [];
    const put = (slot: Uint8Array, v: bigint) =>
      entries.push([keccak_256(slot), rlpEncode(bigintToMinimalBytes(v))]);
    put(word(0n), BigInt(devWallet(0).address));
    put(
      word(1n),
      holders.reduce((s, _, i) => s + amount(i), 0n)
    );
    put(word(3n), 6n);
    for (const [i, x] of holders.entries()) put(balanceSlot(addr(x), 2n), amount(i));
    expect(toData(buildTrie(entries).root)).toBe(p.storageHash);
  });
  test('verifyTokenJson: slot derivation, value and tampering', async () => {
    const h = await header(block.hash);
    const holder = addr(holders[3]!);
    const slot = balanceSlot(holder, 2n);
    const p = await anvil.rpc('eth_getProof', [usdt, [toData(slot)], { blockHash: block.hash }]);
    const account = accountProofFromRpc(p);
    const json = tokenProofJson(
      usdt,
      2n,
      'solidity',
      'uint256',
      slot,
      account,
      amount(3),
      p.storageProof[0].proof
    );
    const contract = (await import('./address.js')).checkAddress(usdt);
    if (!contract.ok) throw new Error('address');
    const good = { ...json, contract: contract.address };
    expect(verifyTokenJson(h.stateRoot, holder, good, 't')).toMatchObject({
      ok: true,
      balance: amount(3),
      frozen: false,
    });
    // the proof of holder 3 claimed for holder 4
    expect(verifyTokenJson(h.stateRoot, addr(holders[4]!), good, 't')).toMatchObject({
      ok: false,
      code: 'STATE_PROOF_MISMATCH',
    });
    // another mapping slot claimed
    expect(verifyTokenJson(h.stateRoot, holder, { ...good, balanceSlot: '3' }, 't')).toMatchObject({
      ok: false,
      code: 'STATE_PROOF_MISMATCH',
    });
    // value inflated
    expect(
      verifyTokenJson(h.stateRoot, holder, { ...good, value: (amount(3) * 10n).toString() }, 't')
    ).toMatchObject({ ok: false, code: 'STATE_PROOF_MISMATCH' });
    // storage proof node changed
    const bad = good.proof.map((n: string, i: number) =>
      i === good.proof.length - 1 ? `${n.slice(0, -2)}${n.endsWith('00') ? '01' : '00'}` : n
    );
    expect(verifyTokenJson(h.stateRoot, holder, { ...good, proof: bad }, 't')).toMatchObject({
      ok: false,
      code: 'MPT_HASH_MISMATCH',
    });
    // lowercase contract (not EIP-55)
    expect(
      verifyTokenJson(h.stateRoot, holder, { ...good, contract: usdt.toLowerCase() }, 't')
    ).toMatchObject({ ok: false, code: 'BAD_STATE_PROOF' });
    expect(bytesToHex(slot)).toHaveLength(64);
  });
});
