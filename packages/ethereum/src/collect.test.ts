/**
 * collectEthEvidence and verifyEthEvidence end to end on a real anvil: balances at the snapshot
 * (funds moved after it do not count), state proofs, ownership, two endpoints, reorg protection,
 * configuration errors, and every tampering of the evidence rejected with its code.
 */
import { type Evidence, validateEvidence } from '@kura/attest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../test/anvil.js';
import { buildScenario, ROUND, type Scenario } from '../test/scenario.js';
import { parseAssetTable } from './assets.js';
import { type CollectOptions, CollectProblemsError, collectEthEvidence } from './collect.js';
import { parseAddressList, parseSignatureList } from './inputs.js';
import { type FetchLike, RpcClient } from './rpc.js';
import { verifyEthEvidence } from './verify.js';

let anvil: Anvil;
let sc: Scenario;
let rpc: RpcClient;
let ev: Evidence;
const clone = <T = unknown>(x: unknown): T => JSON.parse(JSON.stringify(x)) as T;

function opts(over: Partial<CollectOptions> = {}): CollectOptions {
  return {
    rpcs: [rpc],
    round: ROUND,
    block: String(sc.snapshot.number),
    addresses: parseAddressList(sc.addressesJsonl),
    signatures: parseSignatureList(sc.signaturesJsonl),
    assets: parseAssetTable(sc.assetTable),
    confirmations: 3,
    acceptedWalletCodeHashes: [sc.walletCodeHash],
    ...over,
  };
}
const table = (mut: (t: { networks: Record<string, Record<string, unknown>[]> }) => void) => {
  const t = clone(sc.assetTable) as { networks: Record<string, Record<string, unknown>[]> };
  mut(t);
  return parseAssetTable(t);
};
const verify = (e: unknown, over: Partial<Parameters<typeof verifyEthEvidence>[1]> = {}) =>
  verifyEthEvidence(e, {
    rpcs: [rpc],
    confirmations: 3,
    assets: parseAssetTable(sc.assetTable),
    acceptedWalletCodeHashes: [sc.walletCodeHash],
    ...over,
  });
const codes = (r: Awaited<ReturnType<typeof verify>>) => r.entries.map((e) => e.code ?? e.status);

beforeAll(async () => {
  anvil = await startAnvil();
  sc = await buildScenario(anvil);
  rpc = new RpcClient({ url: anvil.url, retries: 0 });
  ev = (await collectEthEvidence(opts())).evidence;
});
afterAll(async () => {
  await anvil?.stop();
});

describe('collect', () => {
  test('balances are those at the snapshot block, not after (funds were moved)', () => {
    expect(ev.entries.map((e) => e.balances.map((b) => b.amount))).toEqual(
      sc.atSnapshot.map((r) => r.map(String))
    );
    expect(ev.snapshots).toEqual([
      {
        chain: 'eip155:31337',
        height: sc.snapshot.number,
        blockHash: sc.snapshot.hash,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    ]);
    expect(ev.entries.map((e) => [e.custody, e.label, e.ownership.type])).toEqual([
      ['customer-cold', 'reserve 1', 'eip191'],
      ['customer-hot', 'reserve 2', 'eip712'],
      ['exchange-own', 'reserve 3', 'eip1271'],
    ]);
    expect(ev.entries[0]!.balances[1]).toEqual({
      asset: 'USDC',
      amount: '1500000000',
      contract: sc.usdc,
    });
    const sp = (i: number) => ev.entries[i]!.stateProof as { tokens: { account?: unknown }[] };
    expect(sp(0).tokens).toHaveLength(2);
    // the token contracts' account proofs are written once, in the first entry
    expect(sp(0).tokens.map((t) => t.account !== undefined)).toEqual([true, true]);
    expect(sp(1).tokens.map((t) => t.account !== undefined)).toEqual([false, false]);
    expect(validateEvidence(ev)).toEqual({ ok: true });
  });
  test('by block hash = by number; batches = Multicall3', async () => {
    const byHash = await collectEthEvidence(opts({ block: sc.snapshot.hash }));
    expect(byHash.evidence).toEqual(ev);
    const batches = await collectEthEvidence(opts({ multicall: 'off' }));
    expect(batches.via).toBe('rpc-batch');
    expect(batches.evidence).toEqual(ev);
  });
  test('two endpoints that agree', async () => {
    const r = await collectEthEvidence(opts({ rpcs: [rpc, new RpcClient({ url: anvil.url })] }));
    expect(r.evidence).toEqual(ev);
  });
  test('ENDPOINTS_DISAGREE: a second endpoint reporting another balance', async () => {
    const target = sc.reserves[1]!.toLowerCase();
    const lying: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      let text = await res.text();
      const body = JSON.parse(init.body ?? '') as
        | { method: string; params: unknown[] }
        | { method: string; params: unknown[] }[];
      if (Array.isArray(body)) {
        const reply = JSON.parse(text) as { id: number; result: string }[];
        for (const r of reply) {
          const req = body.find((b) => (b as unknown as { id: number }).id === r.id)!;
          if (req.method === 'eth_getBalance' && String(req.params[0]).toLowerCase() === target)
            r.result = `0x${(BigInt(r.result) + 1n).toString(16)}`;
        }
        text = JSON.stringify(reply);
      }
      return { ok: res.ok, status: res.status, text: async () => text };
    };
    await expect(
      collectEthEvidence(
        opts({ multicall: 'off', rpcs: [rpc, new RpcClient({ url: anvil.url, fetch: lying })] })
      )
    ).rejects.toMatchObject({
      code: 'ENDPOINTS_DISAGREE',
      message: expect.stringContaining(sc.reserves[1]!),
    });
  });
  test('ENDPOINTS_DISAGREE: two nodes with different chains at the same height', async () => {
    const other = await startAnvil();
    try {
      await other.mine(sc.snapshot.number + 5);
      await expect(
        collectEthEvidence(opts({ rpcs: [rpc, new RpcClient({ url: other.url })] }))
      ).rejects.toMatchObject({ code: 'ENDPOINTS_DISAGREE' });
    } finally {
      await other.stop();
    }
  });
});

describe('snapshot block and reorg protection', () => {
  test('TOO_FEW_CONFIRMATIONS', async () => {
    await expect(collectEthEvidence(opts({ confirmations: 1000 }))).rejects.toMatchObject({
      code: 'TOO_FEW_CONFIRMATIONS',
    });
  });
  test('a reorged-out block: BLOCK_NOT_FOUND on a node that dropped it, NOT_CANONICAL on one that keeps it', async () => {
    const id = await anvil.rpc('evm_snapshot');
    await anvil.mine(1);
    const orphan = await anvil.head();
    const orphanBlock = await anvil.rpc('eth_getBlockByHash', [orphan.hash, false]);
    await anvil.rpc('evm_revert', [id]);
    await anvil.rpc('evm_increaseTime', [7]);
    await anvil.mine(5);
    try {
      await expect(
        collectEthEvidence(opts({ block: orphan.hash, confirmations: 1 }))
      ).rejects.toMatchObject({ code: 'BLOCK_NOT_FOUND' });
      const keeps: FetchLike = async (url, init) => {
        const body = JSON.parse(init.body ?? '') as {
          id: number;
          method: string;
          params: unknown[];
        };
        if (
          !Array.isArray(body) &&
          body.method === 'eth_getBlockByHash' &&
          body.params[0] === orphan.hash
        )
          return {
            ok: true,
            status: 200,
            text: async () => JSON.stringify({ jsonrpc: '2.0', id: body.id, result: orphanBlock }),
          };
        return fetch(url, init) as unknown as ReturnType<FetchLike>;
      };
      await expect(
        collectEthEvidence(
          opts({
            block: orphan.hash,
            confirmations: 1,
            rpcs: [new RpcClient({ url: anvil.url, fetch: keeps })],
          })
        )
      ).rejects.toMatchObject({ code: 'NOT_CANONICAL' });
    } finally {
      expect((await anvil.head()).number).toBeGreaterThan(orphan.number);
    }
  });
  test("NOT_FINALIZED until the node's finalized block reaches the snapshot (collect error, verify unchecked)", async () => {
    await expect(collectEthEvidence(opts({ requireFinalized: true }))).rejects.toMatchObject({
      code: 'NOT_FINALIZED',
    });
    const v = await verify(clone(ev), { requireFinalized: true });
    expect(v.status).toBe('unchecked');
    expect(v.snapshots[0]!.code).toBe('NOT_FINALIZED');
    await anvil.mine(70); // anvil finalizes latest − 64
    expect((await collectEthEvidence(opts({ requireFinalized: true }))).evidence).toEqual(ev);
    expect((await verify(clone(ev), { requireFinalized: true })).status).toBe('valid');
  });
  test('BAD_BLOCK and BLOCK_NOT_FOUND', async () => {
    await expect(collectEthEvidence(opts({ block: 'latest' }))).rejects.toMatchObject({
      code: 'BAD_BLOCK',
    });
    await expect(collectEthEvidence(opts({ block: `0x${'cd'.repeat(32)}` }))).rejects.toMatchObject(
      { code: 'BLOCK_NOT_FOUND' }
    );
  });
  test('a node serving a header that does not hash to its block hash → HEADER_HASH_MISMATCH', async () => {
    const forging: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      const text = (await res.text()).replace(
        /"stateRoot":"0x[0-9a-f]{64}"/,
        `"stateRoot":"0x${'77'.repeat(32)}"`
      );
      return { ok: res.ok, status: res.status, text: async () => text };
    };
    await expect(
      collectEthEvidence(opts({ rpcs: [new RpcClient({ url: anvil.url, fetch: forging })] }))
    ).rejects.toMatchObject({ code: 'HEADER_HASH_MISMATCH' });
  });
});

describe('configuration and ownership errors', () => {
  test('every ownership failure in one run, each with its address and code (OWNERSHIP_INVALID)', async () => {
    const lines = sc.signaturesJsonl.trim().split('\n');
    // reserve 0: no signature; reserve 1: reserve 0's signature; a stray signature of dev 7
    const bad = [
      lines[1]!.replace(sc.signatures[1]!, sc.signatures[0]!),
      lines[2]!,
      JSON.stringify({
        address: devWallet(7).address,
        type: 'eip191',
        signature: sc.signatures[0],
      }),
    ].join('\n');
    const err = await collectEthEvidence(opts({ signatures: parseSignatureList(bad) })).catch(
      (e: unknown) => e
    );
    expect(err).toBeInstanceOf(CollectProblemsError);
    expect(err).toMatchObject({ code: 'OWNERSHIP_INVALID' });
    expect((err as CollectProblemsError).problems.map((p) => [p.address, p.code])).toEqual([
      [sc.reserves[0], 'OWNERSHIP_MISSING'],
      [sc.reserves[1], 'SIGNER_MISMATCH'],
      [devWallet(7).address, 'SIGNATURE_WITHOUT_ADDRESS'],
    ]);
  });
  test('EIP1271_UNTRUSTED_CODE: a contract wallet the exchange has not declared by code hash', async () => {
    const err = await collectEthEvidence(opts({ acceptedWalletCodeHashes: [] })).catch(
      (e: unknown) => e
    );
    expect((err as CollectProblemsError).problems).toEqual([
      { address: sc.wallet, code: 'EIP1271_UNTRUSTED_CODE', message: expect.any(String) },
    ]);
    // and the auditor who does not accept it: the entry is not counted
    expect(codes(await verify(clone(ev), { acceptedWalletCodeHashes: [] }))).toEqual([
      'valid',
      'valid',
      'EIP1271_UNTRUSTED_CODE',
    ]);
  });
  test('BALANCE_SLOT_MISMATCH: a wrong balanceSlot in the asset table', async () => {
    const t = table((x) => {
      Object.values(x.networks)[0]![2]!.balanceSlot = '1';
    });
    await expect(collectEthEvidence(opts({ assets: t }))).rejects.toMatchObject({
      code: 'BALANCE_SLOT_MISMATCH',
      message: expect.stringContaining('USDT'),
    });
  });
  test('DECIMALS_MISMATCH: the table says 18, the contract 6', async () => {
    const t = table((x) => {
      Object.values(x.networks)[0]![2]!.decimals = 18;
    });
    await expect(collectEthEvidence(opts({ assets: t }))).rejects.toMatchObject({
      code: 'DECIMALS_MISMATCH',
    });
  });
  test('NETWORK_NOT_IN_TABLE', async () => {
    const t = table((x) => {
      x.networks = { 'eip155:1': Object.values(x.networks)[0]! };
    });
    await expect(collectEthEvidence(opts({ assets: t }))).rejects.toMatchObject({
      code: 'NETWORK_NOT_IN_TABLE',
    });
  });
  test('the liabilities asset list: symbols and decimals must match', async () => {
    const l = [
      { symbol: 'ETH', decimals: 18 },
      { symbol: 'USDC', decimals: 6 },
      { symbol: 'USDT', decimals: 6 },
    ];
    expect((await collectEthEvidence(opts({ liabilityAssets: l }))).evidence).toEqual(ev);
    await expect(
      collectEthEvidence(opts({ liabilityAssets: l.slice(0, 2) }))
    ).rejects.toMatchObject({ code: 'ASSET_NOT_IN_LIABILITIES' });
    await expect(
      collectEthEvidence(opts({ liabilityAssets: [l[0]!, l[1]!, { symbol: 'USDT', decimals: 8 }] }))
    ).rejects.toMatchObject({ code: 'DECIMALS_MISMATCH' });
  });
});

describe('verify', () => {
  test('the collected evidence verifies; balances match the state proofs and the node', async () => {
    const r = await verify(clone(ev));
    expect(r.status).toBe('valid');
    expect(r.snapshots).toEqual([
      expect.objectContaining({ status: 'valid', endpoints: [anvil.url] }),
    ]);
    expect(r.entries.map((e) => [e.status, e.warnings])).toEqual([
      ['valid', []],
      ['valid', []],
      ['valid', []],
    ]);
  });
  test('BALANCE_MISMATCH: an amount raised by one', async () => {
    const e = clone(ev) as { entries: { balances: { amount: string }[] }[] };
    e.entries[0]!.balances[0]!.amount = (BigInt(e.entries[0]!.balances[0]!.amount) + 1n).toString();
    e.entries[1]!.balances[2]!.amount = (BigInt(e.entries[1]!.balances[2]!.amount) + 1n).toString();
    const r = await verify(e);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual(['BALANCE_MISMATCH', 'BALANCE_MISMATCH', 'valid']);
  });
  test('a shared token account proof removed from the file → BAD_STATE_PROOF', async () => {
    const e = clone(ev) as { entries: { stateProof: { tokens: { account?: unknown }[] } }[] };
    delete e.entries[0]!.stateProof.tokens[1]!.account;
    expect(codes(await verify(e))).toEqual([
      'BAD_STATE_PROOF',
      'BAD_STATE_PROOF',
      'BAD_STATE_PROOF',
    ]);
  });
  test('a proof node changed → MPT code', async () => {
    const e = clone(ev) as { entries: { stateProof: { account: { proof: string[] } } }[] };
    const p = e.entries[2]!.stateProof.account.proof;
    p[1] = p[1]!.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    expect(codes(await verify(e))).toEqual(['valid', 'valid', 'MPT_HASH_MISMATCH']);
  });
  test('state proofs of a later block → MPT_ROOT_MISMATCH (C7-a)', async () => {
    const later = await collectEthEvidence(
      opts({ block: String(sc.snapshot.number + 1), confirmations: 1 })
    );
    const e = clone(ev) as { entries: { stateProof: unknown }[] };
    e.entries[2]!.stateProof = clone(later.evidence.entries[2]!.stateProof);
    expect(codes(await verify(e))).toEqual(['valid', 'valid', 'MPT_ROOT_MISMATCH']);
    // entry 0 carries the token contracts' account proofs the others share: all fail with it
    const e0 = clone(ev) as typeof e;
    e0.entries[0]!.stateProof = clone(later.evidence.entries[0]!.stateProof);
    expect(codes(await verify(e0))).toEqual([
      'MPT_ROOT_MISMATCH',
      'MPT_ROOT_MISMATCH',
      'MPT_ROOT_MISMATCH',
    ]);
  });
  test('a look-alike token with the same symbol → ASSET_MISMATCH (C7-b)', async () => {
    const fake = await anvil.deploy('UsdtStyleToken', [6], devWallet(0).address);
    const e = clone(ev) as { entries: { balances: { asset: string; contract?: string }[] }[] };
    for (const x of e.entries) x.balances[2]!.contract = fake;
    expect(codes(await verify(e))).toEqual(['ASSET_MISMATCH', 'ASSET_MISMATCH', 'ASSET_MISMATCH']);
    // without the auditor's table the look-alike is not caught by the table, but the state
    // proofs name the real contract and the endpoint reads the fake one's balances
    expect(codes(await verify(e, { assets: undefined }))).not.toContain('valid');
    // one entry only: the file itself backs USDT with two contracts
    const one = clone(ev) as typeof e;
    one.entries[1]!.balances[2]!.contract = fake;
    expect((await verify(one)).file?.code).toBe('EVIDENCE_ASSET');
  });
  test("a state proof with another balanceSlot than the auditor's table → ASSET_MISMATCH", async () => {
    const t = table((x) => {
      Object.values(x.networks)[0]![2]!.balanceSlot = '5';
    });
    expect(codes(await verify(clone(ev), { assets: t }))).toEqual([
      'ASSET_MISMATCH',
      'ASSET_MISMATCH',
      'ASSET_MISMATCH',
    ]);
  });
  test('snapshot height or time changed → SNAPSHOT_MISMATCH; unknown block → BLOCK_NOT_FOUND', async () => {
    const e1 = clone(ev) as { snapshots: { height: number; time: string; blockHash: string }[] };
    e1.snapshots[0]!.height += 1;
    expect((await verify(e1)).snapshots[0]).toMatchObject({
      status: 'invalid',
      code: 'SNAPSHOT_MISMATCH',
    });
    const e2 = clone(ev) as typeof e1;
    e2.snapshots[0]!.time = '2020-01-01T00:00:00Z';
    expect(codes(await verify(e2))).toEqual([
      'SNAPSHOT_MISMATCH',
      'SNAPSHOT_MISMATCH',
      'SNAPSHOT_MISMATCH',
    ]);
    const e3 = clone(ev) as typeof e1;
    e3.snapshots[0]!.blockHash = `0x${'cd'.repeat(32)}`;
    expect((await verify(e3)).status).toBe('invalid');
    expect(codes(await verify(e3))[0]).toBe('BLOCK_NOT_FOUND');
  });
  test('ownership tampered → its code', async () => {
    const e = clone(ev) as { entries: { ownership: Record<string, unknown> }[] };
    e.entries[0]!.ownership.signature = ev.entries[1]!.ownership.signature;
    (e.entries[1]!.ownership.typedData as { domain: { chainId: number } }).domain.chainId = 1;
    expect(codes(await verify(e))).toEqual(['SIGNER_MISMATCH', 'WRONG_CHAIN', 'valid']);
  });
  test('the file rules of @kura/attest: a duplicated entry → EVIDENCE_DUPLICATE_BALANCE / _ADDRESS', async () => {
    const e = clone(ev) as { entries: unknown[] };
    e.entries.push(clone(e.entries[0]));
    const r = await verify(e);
    expect(r.status).toBe('invalid');
    expect(r.file?.code).toMatch(/^EVIDENCE_DUPLICATE_/);
  });
  test('no endpoint for the chain, or the endpoint down → unchecked', async () => {
    const none = await verify(clone(ev), { rpcs: [] });
    expect(none.status).toBe('unchecked');
    expect(codes(none)).toEqual(['NO_ENDPOINT', 'NO_ENDPOINT', 'NO_ENDPOINT']);
    const down = await verify(clone(ev), {
      rpcs: [new RpcClient({ url: 'http://127.0.0.1:9', retries: 0 })],
    });
    expect(down.status).toBe('unchecked');
  });
  test('TOO_FEW_CONFIRMATIONS at verification → unchecked', async () => {
    const r = await verify(clone(ev), { confirmations: 100_000 });
    expect(r.status).toBe('unchecked');
    expect(r.snapshots[0]!.code).toBe('TOO_FEW_CONFIRMATIONS');
  });
});

describe('tokens without a known balance slot, and frozen balances', () => {
  test('no balanceSlot: NOT_STATE_PROVEN by default; accepted (with that warning) only with allowUnproven', async () => {
    const t = table((x) => {
      delete Object.values(x.networks)[0]![2]!.balanceSlot;
    });
    // an auditor's table without the slot accepts a proof at the exchange's slot
    expect((await verify(clone(ev), { assets: t })).status).toBe('valid');
    await expect(collectEthEvidence(opts({ assets: t }))).rejects.toMatchObject({
      code: 'NOT_STATE_PROVEN',
      message: expect.stringContaining(sc.usdt),
    });
    const r = await collectEthEvidence(opts({ assets: t, allowUnproven: true }));
    expect(r.unproven).toEqual(['USDT']);
    expect((r.evidence.entries[1]!.stateProof as { unproven: unknown[] }).unproven).toEqual([
      { contract: sc.usdt, reason: expect.stringContaining('balanceOf') },
    ]);
    const v = await verify(clone(r.evidence), { assets: t, allowUnproven: true });
    expect(v.status).toBe('valid');
    expect(v.allowUnproven).toBe(true);
    expect(v.entries[1]!.warnings.map((w) => w.code)).toEqual(['NOT_STATE_PROVEN']);
    const strict = await verify(clone(r.evidence), { assets: t });
    expect(strict.allowUnproven).toBe(false);
    expect(codes(strict)).toEqual(['NOT_STATE_PROVEN', 'NOT_STATE_PROVEN', 'NOT_STATE_PROVEN']);
    // an entry without any state proof: the same
    const bare = clone(ev) as { entries: Record<string, unknown>[] };
    delete bare.entries[0]!.stateProof;
    expect(codes(await verify(clone(bare)))[0]).toBe('NOT_STATE_PROVEN');
    expect(codes(await verify(clone(bare), { allowUnproven: true }))[0]).toBe('valid');
    // a contract wallet needs its account proof even with allowUnproven
    delete bare.entries[2]!.stateProof;
    expect(codes(await verify(bare, { allowUnproven: true }))[2]).toBe('NOT_STATE_PROVEN');
    // an unproven amount is still checked through the endpoint
    const e = clone(r.evidence) as { entries: { balances: { amount: string }[] }[] };
    e.entries[1]!.balances[2]!.amount = '1';
    expect(codes(await verify(e, { assets: t, allowUnproven: true }))[1]).toBe('BALANCE_MISMATCH');
  });
  test('a blacklisted FiatToken balance counts 0 and is flagged FROZEN', async () => {
    await anvil.exec(
      'UsdcStyleToken',
      sc.usdc,
      'blacklist',
      [sc.reserves[0]],
      devWallet(0).address
    );
    await anvil.mine(1);
    const head = await anvil.head();
    const r = await collectEthEvidence(opts({ block: String(head.number - 1), confirmations: 1 }));
    expect(r.evidence.entries[0]!.balances[1]).toEqual({
      asset: 'USDC',
      amount: '0',
      contract: sc.usdc,
    });
    const v = await verify(clone(r.evidence), { confirmations: 1 });
    expect(v.entries[0]).toMatchObject({ status: 'valid', warnings: [{ code: 'FROZEN' }] });
    const e = clone(r.evidence) as { entries: { balances: { amount: string }[] }[] };
    e.entries[0]!.balances[1]!.amount = '500000000';
    expect(codes(await verify(e, { confirmations: 1 }))[0]).toBe('BALANCE_MISMATCH');
  });
});
