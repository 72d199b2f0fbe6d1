/**
 * Every EVM chain through the same code (issue 17): one real anvil per chain id (`anvil
 * --chain-id N`) for ETC, Polygon PoS, Avalanche C-Chain, BNB Smart Chain, Arbitrum One,
 * OP Mainnet, Base and a chain id Kura has no name for. On each: collect + verify succeed with
 * the chain's native coin, state-proven; a signature over last month's challenge, a balance
 * changed by one base unit, an EIP-712 signature made for another chain id, an entry moved to
 * another chain and a node on another chain are each rejected with their code; a node that does
 * not serve `eth_getProof` (geth's -32601 reply) is refused unless unproven entries are allowed,
 * and then its entries are marked not state-proven.
 */
import type { Evidence } from '@kura/attest';
import type { KuraError } from '@kura/codec';
import type { Round } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Anvil, devWallet, startAnvil } from '../test/anvil.js';
import { ROUND, signFor } from '../test/scenario.js';
import { parseAssetTable } from './assets.js';
import { evmChainById } from './chains.js';
import { type CollectOptions, collectEthEvidence } from './collect.js';
import { ethereumFamily } from './family.js';
import { parseAddressList, parseSignatureList } from './inputs.js';
import { type FetchLike, RpcClient } from './rpc.js';
import { verifyEthEvidence } from './verify.js';

const CHAIN_IDS = [1, 61, 137, 43114, 56, 42161, 10, 8453, 424242];
const LAST_MONTH: Round = {
  exchange: ROUND.exchange,
  period: '2026-10',
  snapshotTime: '2026-10-31T15:00:00Z',
};
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

interface Chain {
  id: number;
  anvil: Anvil;
  rpc: RpcClient;
  symbol: string;
  height: number;
  addressesJsonl: string;
  signatures: { address: string; type: 'eip191' | 'eip712'; signature: string }[];
  evidence?: Evidence;
}
const chains = new Map<number, Chain>();
const [A, B] = [devWallet(1).address, devWallet(2).address];

const sigJsonl = (rows: Chain['signatures']) =>
  `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
const tableFor = (c: Chain) =>
  parseAssetTable({
    version: 'kura-eth-assets/1',
    networks: { [`eip155:${c.id}`]: [{ symbol: c.symbol, native: true, decimals: 18 }] },
  });
const collectOpts = (c: Chain, over: Partial<CollectOptions> = {}): CollectOptions => ({
  rpcs: [c.rpc],
  round: ROUND,
  block: String(c.height),
  addresses: parseAddressList(c.addressesJsonl),
  signatures: parseSignatureList(sigJsonl(c.signatures)),
  assets: tableFor(c),
  confirmations: 3,
  network: `eip155:${c.id}`,
  ...over,
});
const verifyOn = (
  c: Chain,
  ev: unknown,
  over: { rpcs?: RpcClient[]; allowUnproven?: boolean } = {}
) =>
  verifyEthEvidence(ev, {
    rpcs: over.rpcs ?? [c.rpc],
    confirmations: 3,
    assets: tableFor(c),
    ...(over.allowUnproven ? { allowUnproven: true } : {}),
  });
/** The chain's collected evidence (collected once, on first use). */
const evidenceOf = async (c: Chain): Promise<Evidence> =>
  (c.evidence ??= (await collectEthEvidence(collectOpts(c))).evidence);
const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return `${(e as KuraError).code}: ${(e as Error).message}`;
  }
  return 'no error';
};

beforeAll(async () => {
  await Promise.all(
    CHAIN_IDS.map(async (id) => {
      const anvil = await startAnvil({ chainId: id });
      // a chain-specific balance: A sends B a different amount on every chain
      await anvil.send({ from: A, to: B, value: BigInt(id) * 10n ** 12n });
      const height = (await anvil.head()).number;
      await anvil.mine(3);
      const signatures: Chain['signatures'] = [
        { address: A, type: 'eip191', signature: await signFor('eip191', 1, A, id) },
        { address: B, type: 'eip712', signature: await signFor('eip712', 2, B, id) },
      ];
      chains.set(id, {
        id,
        anvil,
        rpc: new RpcClient({ url: anvil.url, retries: 0 }),
        symbol: evmChainById(BigInt(id))?.nativeSymbol ?? 'NATIVE',
        height,
        addressesJsonl: `${JSON.stringify({ address: A, custody: 'customer-cold' })}\n${JSON.stringify({ address: B, custody: 'exchange-own' })}\n`,
        signatures,
      });
    })
  );
}, 120_000);
afterAll(async () => {
  await Promise.all([...chains.values()].map((c) => c.anvil.stop()));
});

describe.each(CHAIN_IDS)('eip155:%i on anvil --chain-id', (id) => {
  const c = () => chains.get(id)!;

  test('collect + verify: the chain, its native coin, state-proven, valid', async () => {
    const r = await collectEthEvidence(collectOpts(c()));
    c().evidence = r.evidence;
    expect(r.stateProven).toBe(true);
    expect(r.evidence.snapshots[0]!.chain).toBe(`eip155:${id}`);
    expect(r.evidence.entries.map((e) => [e.chain, e.balances[0]!.asset])).toEqual([
      [`eip155:${id}`, c().symbol],
      [`eip155:${id}`, c().symbol],
    ]);
    const bal = BigInt(await c().anvil.rpc('eth_getBalance', [B, `0x${c().height.toString(16)}`]));
    expect(r.evidence.entries[1]!.balances[0]!.amount).toBe(bal.toString());
    const f = await ethereumFamily.verify(clone(r.evidence), {
      rpcs: [c().rpc],
      confirmations: 3,
      assets: tableFor(c()),
    });
    expect(f.status).toBe('valid');
    expect(f.entries.map((e) => [e.status, e.stateProven])).toEqual([
      ['valid', true],
      ['valid', true],
    ]);
  });

  test("a signature over last month's challenge: refused at collection and at verification", async () => {
    const old = await signFor('eip191', 1, A, id, LAST_MONTH);
    const sigs = [{ ...c().signatures[0]!, signature: old }, c().signatures[1]!];
    const msg = await codeOf(
      collectEthEvidence(collectOpts(c(), { signatures: parseSignatureList(sigJsonl(sigs)) }))
    );
    expect(msg).toMatch(/^OWNERSHIP_INVALID: .*SIGNER_MISMATCH/);
    const ev = clone(await evidenceOf(c())) as unknown as {
      entries: { ownership: { signature: string } }[];
    };
    ev.entries[0]!.ownership.signature = old;
    const v = await verifyOn(c(), ev);
    expect(v.entries.map((e) => e.code ?? e.status)).toEqual(['SIGNER_MISMATCH', 'valid']);
  });

  test('a balance changed by one base unit: BALANCE_MISMATCH', async () => {
    const ev = clone(await evidenceOf(c())) as unknown as {
      entries: { balances: { amount: string }[] }[];
    };
    const b = ev.entries[1]!.balances[0]!;
    b.amount = (BigInt(b.amount) + 1n).toString();
    const v = await verifyOn(c(), ev);
    expect(v.status).toBe('invalid');
    expect(v.entries.map((e) => e.code ?? e.status)).toEqual(['valid', 'BALANCE_MISMATCH']);
  });

  test('an EIP-712 signature made for another chain id: refused (SIGNER_MISMATCH / WRONG_CHAIN)', async () => {
    const other = id === 137 ? 56 : 137;
    const foreign = await signFor('eip712', 2, B, other);
    const sigs = [c().signatures[0]!, { ...c().signatures[1]!, signature: foreign }];
    expect(
      await codeOf(
        collectEthEvidence(collectOpts(c(), { signatures: parseSignatureList(sigJsonl(sigs)) }))
      )
    ).toMatch(/^OWNERSHIP_INVALID: .*SIGNER_MISMATCH/);
    // the record carried over whole from the other chain (its typed data names that chain)
    const ev = clone(await evidenceOf(c())) as unknown as {
      entries: {
        ownership: { signature: string; typedData: { domain: { chainId: number } } };
      }[];
    };
    const o = ev.entries[1]!.ownership;
    o.signature = foreign;
    expect((await verifyOn(c(), ev)).entries[1]!.code).toBe('SIGNER_MISMATCH');
    o.typedData.domain.chainId = other;
    expect((await verifyOn(c(), ev)).entries[1]!.code).toBe('WRONG_CHAIN');
  });

  test('a node on another chain: CHAIN_MISMATCH at collection, no endpoint at verification', async () => {
    const otherId = id === 10 ? 8453 : 10;
    const other = chains.get(otherId)!;
    expect(await codeOf(collectEthEvidence(collectOpts(c(), { rpcs: [other.rpc] })))).toMatch(
      new RegExp(`^CHAIN_MISMATCH: .*eip155:${otherId}.*eip155:${id}`)
    );
    const v = await verifyOn(c(), clone(await evidenceOf(c())), { rpcs: [other.rpc] });
    expect(v.status).toBe('unchecked');
    expect(v.snapshots[0]!.code).toBe('NO_ENDPOINT');
  });

  test('an entry moved to another chain id: refused there', async () => {
    const otherId = id === 56 ? 43114 : 56;
    const other = chains.get(otherId)!;
    // the other chain's evidence with this chain's entry for B relabelled as the other chain's
    const ev = clone(await evidenceOf(other));
    const moved = { ...clone((await evidenceOf(c())).entries[1]!), chain: `eip155:${otherId}` };
    (ev as unknown as { entries: unknown[] }).entries[1] = {
      ...moved,
      balances: [{ asset: other.symbol, amount: moved.balances[0]!.amount }],
    };
    const v = await verifyOn(other, ev);
    expect(v.status).toBe('invalid');
    // its state proof does not lead to the other chain's stateRoot
    expect(v.entries.map((e) => e.code ?? e.status)).toEqual(['valid', 'MPT_ROOT_MISMATCH']);
  });
});

describe('a node that does not serve eth_getProof', () => {
  // geth's reply to an unknown method (rpc/errors.go methodNotFoundError): code -32601
  const noProof: FetchLike = async (url, init) => {
    const res = await fetch(url, init);
    const reply = JSON.parse(await res.text()) as unknown;
    const req = JSON.parse(init.body ?? '') as
      | { id: number; method: string }
      | { id: number; method: string }[];
    const fix = (q: { id: number; method: string } | undefined, r: unknown) =>
      q?.method === 'eth_getProof'
        ? {
            jsonrpc: '2.0',
            id: q.id,
            error: {
              code: -32601,
              message: 'the method eth_getProof does not exist/is not available',
            },
          }
        : r;
    const out = Array.isArray(req)
      ? (reply as { id: number }[]).map((r) =>
          fix(
            req.find((q) => q.id === r.id),
            r
          )
        )
      : fix(req, reply);
    return { ok: true, status: 200, text: async () => JSON.stringify(out) };
  };
  const c = () => chains.get(43114)!;
  const rpc = () => new RpcClient({ url: c().anvil.url, retries: 0, fetch: noProof });

  test('refused with STATE_PROOF_UNAVAILABLE unless unproven entries are allowed', async () => {
    expect(await codeOf(collectEthEvidence(collectOpts(c(), { rpcs: [rpc()] })))).toMatch(
      /^STATE_PROOF_UNAVAILABLE: .*does not serve eth_getProof on eip155:43114/
    );
  });

  test('allowed: entries carry no state proof and are marked not state-proven', async () => {
    const r = await collectEthEvidence(collectOpts(c(), { rpcs: [rpc()], allowUnproven: true }));
    expect(r.stateProven).toBe(false);
    expect(r.unproven).toEqual(['AVAX']);
    expect(r.evidence.entries.map((e) => e.stateProof)).toEqual([undefined, undefined]);
    expect(r.evidence.entries.map((e) => e.balances)).toEqual(
      (await evidenceOf(c())).entries.map((e) => e.balances)
    );
    expect(r.evidence.entries.every((e) => !ethereumFamily.isStateProven(e))).toBe(true);
    // the verifier counts them only when told to accept unproven balances (issue 12)
    const strict = await ethereumFamily.verify(clone(r.evidence), {
      rpcs: [c().rpc],
      confirmations: 3,
      assets: tableFor(c()),
    });
    expect(strict.entries.map((e) => [e.status, e.code])).toEqual([
      ['invalid', 'NOT_STATE_PROVEN'],
      ['invalid', 'NOT_STATE_PROVEN'],
    ]);
    const f = await ethereumFamily.verify(clone(r.evidence), {
      rpcs: [c().rpc],
      confirmations: 3,
      assets: tableFor(c()),
      allowUnproven: true,
    });
    expect(f.entries.map((e) => [e.status, e.stateProven])).toEqual([
      ['valid', false],
      ['valid', false],
    ]);
    // a one-unit change is still caught by reading the balance at the snapshot block
    const ev = clone(r.evidence) as unknown as { entries: { balances: { amount: string }[] }[] };
    ev.entries[0]!.balances[0]!.amount = (
      BigInt(ev.entries[0]!.balances[0]!.amount) - 1n
    ).toString();
    expect((await verifyOn(c(), ev, { allowUnproven: true })).entries[0]!.code).toBe(
      'BALANCE_MISMATCH'
    );
  });
});
