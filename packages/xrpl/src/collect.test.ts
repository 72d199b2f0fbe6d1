/**
 * collect → verify against recorded rippled replies (test/rippled.ts; no rippled runs here) with
 * real `xrpl`-made signatures: XRP at a validated ledger pinned by index and hash, the account
 * reserve shown apart, issued currencies, ownership by master / regular key / SignerList; and the
 * attacks of issue 17 for the XRP Ledger each refused with its code.
 */
import { readFileSync } from 'node:fs';
import { formatEvidence, parseEvidence, parseEvidenceBytes, validateEvidence } from '@kura/attest';
import { KuraError } from '@kura/codec';
import { parseLiabilities, parseReserves } from '@kura/policy';
import { type Asset, makeRootFile } from '@kura/tree';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { encodeForSigning } from 'ripple-binary-codec';
import { describe, expect, it } from 'vitest';
import { rippled, type World, world } from '../test/rippled.js';
import {
  ED,
  ISSUER,
  K1,
  MS,
  multiSignTx,
  REG,
  ROUND,
  S1,
  S2,
  signTx,
  txFor,
} from '../test/sign.js';
import { collectXrplEvidence } from './collect.js';
import type { XrplAsset } from './inputs.js';
import { LSF_DISABLE_MASTER } from './ledger.js';
import { XrplClient } from './rpc.js';
import { verifyXrplEvidence } from './verify.js';

const ASSETS: XrplAsset[] = [
  { symbol: 'XRP', decimals: 6, native: true },
  { symbol: 'USDX', decimals: 6, native: false, currency: 'USD', issuer: ISSUER.classicAddress },
  {
    symbol: 'JPYX',
    decimals: 0,
    native: false,
    currency: '4A50590000000000000000000000000000000000',
    issuer: ISSUER.classicAddress,
  },
];

function ledger(): World {
  return world({
    [ED.classicAddress]: {
      Balance: '125000000000',
      OwnerCount: 3,
      lines: [
        { account: ISSUER.classicAddress, currency: 'USD', balance: '1234.5678909' },
        {
          account: ISSUER.classicAddress,
          currency: '4A50590000000000000000000000000000000000',
          balance: '5e6',
        },
        { account: ISSUER.classicAddress, currency: 'EUR', balance: '99' },
      ],
    },
    [K1.classicAddress]: {
      Balance: '900000',
      OwnerCount: 1,
      Flags: LSF_DISABLE_MASTER,
      RegularKey: REG.classicAddress,
    },
    [MS.classicAddress]: {
      Balance: '30000000',
      OwnerCount: 1,
      Flags: LSF_DISABLE_MASTER,
      signerList: {
        quorum: 2,
        entries: [
          { account: S1.classicAddress, weight: 1 },
          { account: S2.classicAddress, weight: 1 },
        ],
      },
    },
    [ISSUER.classicAddress]: { Balance: '20000000' },
  });
}

const addresses = [
  { address: ED.classicAddress, custody: 'customer-cold' as const, line: 1 },
  { address: K1.classicAddress, custody: 'customer-hot' as const, line: 2 },
  { address: MS.classicAddress, custody: 'exchange-own' as const, line: 3 },
];
const signatures = () => [
  {
    address: ED.classicAddress,
    type: 'xrpl-tx' as const,
    signature: signTx(ED, txFor(ED.classicAddress)),
    line: 1,
  },
  {
    address: K1.classicAddress,
    type: 'xrpl-tx' as const,
    signature: signTx(REG, { ...txFor(K1.classicAddress), SigningPubKey: REG.publicKey }),
    line: 2,
  },
  {
    address: MS.classicAddress,
    type: 'xrpl-tx' as const,
    signature: multiSignTx([S1, S2], txFor(MS.classicAddress)),
    line: 3,
  },
];

const client = (w: World, tweak?: Parameters<typeof rippled>[1]) => {
  const r = rippled(w, tweak);
  return {
    c: new XrplClient({ url: 'https://xrpl.example/rpc', fetch: r.fetch, retries: 0 }),
    calls: r.calls,
  };
};

async function collect(
  w = ledger(),
  over: Partial<Parameters<typeof collectXrplEvidence>[0]> = {}
) {
  return collectXrplEvidence({
    clients: [client(w).c],
    chain: 'xrpl:0',
    round: ROUND,
    ledger: String(w.ledgerIndex),
    addresses,
    signatures: signatures(),
    assets: ASSETS,
    ...over,
  });
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KuraError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('collect at a validated ledger', () => {
  it('writes XRP spendable (reserve apart), issued currencies, every proof kind; every state read pinned by hash', async () => {
    const w = ledger();
    const { c, calls } = client(w);
    const r = await collect(w, { clients: [c] });
    expect(r.evidence.snapshots).toEqual([
      {
        chain: 'xrpl:0',
        height: w.ledgerIndex,
        blockHash: w.ledgerHash.toLowerCase(),
        time: '2025-11-21T00:26:40Z',
      },
    ]);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the evidence JSON freely
    const [e0, e1, e2] = r.evidence.entries as unknown as Record<string, any>[];
    // reserve = 1 XRP + 3 × 0.2 XRP = 1 600 000 drops, not spendable
    expect(e0!.balances).toEqual([
      { asset: 'XRP', amount: '124998400000' },
      { asset: 'USDX', amount: '1234567890', currency: 'USD', issuer: ISSUER.classicAddress },
      {
        asset: 'JPYX',
        amount: '5000000',
        currency: '4A50590000000000000000000000000000000000',
        issuer: ISSUER.classicAddress,
      },
    ]);
    expect(e0!.ledgerState).toMatchObject({
      balance: '125000000000',
      reserve: '1600000',
      ownerCount: 3,
    });
    expect(e0!.ownership).toMatchObject({ type: 'xrpl-tx', key: 'master' });
    // balance below the reserve: nothing spendable
    expect(e1!.balances).toEqual([{ asset: 'XRP', amount: '0' }]);
    expect(e1!.ownership.key).toBe('regular');
    expect(e2!.ownership.key).toBe('multisig');
    for (const k of calls.filter((x) => !['server_state', 'ledger'].includes(x.method)))
      expect(k.params.ledger_hash).toBe(w.ledgerHash);
    expect(calls.find((x) => x.method === 'ledger')!.params).toEqual({
      ledger_index: w.ledgerIndex,
    });
    // and the auditor's check passes
    const v = await verifyXrplEvidence(JSON.parse(JSON.stringify(r.evidence)), {
      clients: [client(w).c],
      assets: new Map([['xrpl:0', ASSETS]]),
    });
    expect(v.status).toBe('valid');
    expect(v.entries.map((x) => x.status)).toEqual(['valid', 'valid', 'valid']);
  });

  it('reads every page of account_lines (marker) and the pre-XRPFees FeeSettings fields', async () => {
    const w = { ...ledger(), linesPage: 1, xrpFees: false };
    const r = await collect(w);
    expect((r.evidence.entries[0]!.balances as unknown[]).length).toBe(3);
  });

  it('a frozen trust line counts 0', async () => {
    const w = ledger();
    w.accounts[ED.classicAddress]!.lines![0]!.freeze = true;
    const r = await collect(w);
    expect(r.evidence.entries[0]!.balances[1]).toMatchObject({ asset: 'USDX', amount: '0' });
  });

  it('S17-x9 refuses a ledger that is not validated', async () => {
    const w = { ...ledger(), validated: false };
    expect(await code(collect(w))).toBe('XRPL_LEDGER_NOT_VALIDATED');
  });

  it('S17-x11 refuses a ledger header that does not hash to its ledger hash (a forged close time)', async () => {
    const w = ledger();
    const { c } = client(w, (m, r) => {
      if (m === 'ledger') (r.ledger as { close_time: number }).close_time += 3600;
    });
    expect(await code(collect(w, { clients: [c] }))).toBe('XRPL_LEDGER_HEADER');
  });
  it('refuses a state reply from another ledger than the pinned one', async () => {
    const w = ledger();
    const { c } = client(w, (m, r) => {
      if (m === 'account_info') r.ledger_hash = 'F'.repeat(64);
    });
    expect(await code(collect(w, { clients: [c] }))).toBe('XRPL_LEDGER_HASH_MISMATCH');
  });

  it('S17-x3 refuses a server of another network, and an address of another network', async () => {
    expect(await code(collect({ ...ledger(), networkId: 1 }))).toBe('XRPL_NETWORK');
    expect(await code(collect({ ...ledger(), networkId: undefined }))).toBe('XRPL_NETWORK_UNKNOWN');
    const { parseXrplAddressList } = await import('./inputs.js');
    const { classicAddressToXAddress } = await import('ripple-address-codec');
    const t = classicAddressToXAddress(ED.classicAddress, false, true);
    expect(() =>
      parseXrplAddressList(`{"address":"${t}","custody":"customer-cold"}`, 'xrpl:0', 'a.jsonl')
    ).toThrow(/a\.jsonl:1: field "address": XRPL_NETWORK/);
  });

  it('refuses two endpoints that disagree by one drop', async () => {
    const w2 = ledger();
    w2.accounts[ED.classicAddress]!.Balance = '125000000001';
    expect(await code(collect(ledger(), { clients: [client(ledger()).c, client(w2).c] }))).toBe(
      'XRPL_ENDPOINTS_DISAGREE'
    );
  });

  it('refuses an invalid ownership proof: nothing returned', async () => {
    const w = ledger();
    w.accounts[K1.classicAddress]!.RegularKey = S1.classicAddress; // the regular key was replaced
    expect(await code(collect(w))).toBe('OWNERSHIP_INVALID');
  });
});

describe('verify', () => {
  async function evidence() {
    // biome-ignore lint/suspicious/noExplicitAny: the test edits the evidence JSON freely
    return JSON.parse(JSON.stringify((await collect()).evidence)) as Record<string, any>;
  }
  const check = (ev: unknown, w = ledger()) =>
    verifyXrplEvidence(ev, { clients: [client(w).c], assets: new Map([['xrpl:0', ASSETS]]) });

  it('S17-x2 a balance changed by one drop is XRPL_BALANCE_MISMATCH', async () => {
    const ev = await evidence();
    ev.entries[0].balances[0].amount = (BigInt(ev.entries[0].balances[0].amount) + 1n).toString();
    const r = await check(ev);
    expect(r.status).toBe('invalid');
    expect(r.entries[0]).toMatchObject({ status: 'invalid', code: 'XRPL_BALANCE_MISMATCH' });
  });
  it('a reserve left out (spendable = whole balance) is caught', async () => {
    const ev = await evidence();
    ev.entries[0].balances[0].amount = ev.entries[0].ledgerState.balance;
    expect((await check(ev)).entries[0]!.code).toBe('XRPL_BALANCE_MISMATCH');
    const ev2 = await evidence();
    ev2.entries[0].ledgerState.reserve = '0';
    expect((await check(ev2)).entries[0]!.code).toBe('XRPL_RESERVE_MISMATCH');
  });
  it("a malformed file is refused by attest's evidence reader, naming the JSON path", async () => {
    const ev = await evidence();
    ev.snapshots[0].height = -1;
    const r = await check(ev);
    expect(r.status).toBe('invalid');
    expect(r.file?.code).toBe('SCHEMA');
    expect(r.file?.message).toMatch(/snapshots\[0\]\.height/);
    expect(r.snapshots).toEqual([]);
    const ev2 = await evidence();
    ev2.roundId = 'ab'.repeat(32);
    expect((await check(ev2)).file?.code).toBe('EVIDENCE_ROUND_ID');
  });
  it('a ledger hash that is not the validated one is XRPL_LEDGER_HASH_MISMATCH', async () => {
    const ev = await evidence();
    ev.snapshots[0].blockHash = 'ab'.repeat(32);
    const r = await check(ev);
    expect(r.snapshots[0]).toMatchObject({ status: 'invalid', code: 'XRPL_LEDGER_HASH_MISMATCH' });
    expect(r.entries[0]!.status).toBe('unchecked');
    expect(r.status).toBe('invalid');
  });
  it('a snapshot time other than the ledger close time is XRPL_SNAPSHOT_TIME', async () => {
    const ev = await evidence();
    ev.snapshots[0].time = '2025-11-21T00:26:41Z';
    const r = await check(ev);
    expect(r.snapshots[0]).toMatchObject({ status: 'invalid', code: 'XRPL_SNAPSHOT_TIME' });
    expect(r.status).toBe('invalid');
  });
  it('S17-x9 a ledger no longer (or not yet) validated on the endpoint is refused', async () => {
    const r = await check(await evidence(), { ...ledger(), validated: false });
    expect(r.snapshots[0]).toMatchObject({ status: 'invalid', code: 'XRPL_LEDGER_NOT_VALIDATED' });
  });
  it("S17-x1 last month's proof pasted in is XRPL_CHALLENGE", async () => {
    const ev = await evidence();
    const { LAST_MONTH } = await import('../test/sign.js');
    ev.entries[0].ownership.signature = signTx(ED, txFor(ED.classicAddress, LAST_MONTH));
    expect((await check(ev)).entries[0]!.code).toBe('XRPL_CHALLENGE');
  });
  it('S17-x4 a submittable blob in the evidence is refused', async () => {
    const ev = await evidence();
    ev.entries[0].ownership.signature = signTx(ED, {
      ...txFor(ED.classicAddress),
      Sequence: 81_000_000,
      Fee: '12',
      LastLedgerSequence: 95_000_200,
    });
    expect((await check(ev)).entries[0]!.code).toBe('XRPL_SUBMITTABLE_SEQUENCE');
  });
  it('S17-x5 the master key disabled at the ledger is XRPL_MASTER_DISABLED', async () => {
    const w = ledger();
    w.accounts[ED.classicAddress]!.Flags = LSF_DISABLE_MASTER;
    expect((await check(await evidence(), w)).entries[0]!.code).toBe('XRPL_MASTER_DISABLED');
  });
  it('S17-x7 a SignerList whose quorum was raised is XRPL_QUORUM_NOT_MET', async () => {
    const w = ledger();
    w.accounts[MS.classicAddress]!.signerList!.quorum = 3;
    expect((await check(await evidence(), w)).entries[2]!.code).toBe('XRPL_QUORUM_NOT_MET');
  });
  it('S17-x3 an X-address of a test network on xrpl:0 is XRPL_NETWORK', async () => {
    const ev = await evidence();
    const { classicAddressToXAddress } = await import('ripple-address-codec');
    ev.entries[0].address = classicAddressToXAddress(ED.classicAddress, false, true);
    expect((await check(ev)).entries[0]!.code).toBe('XRPL_NETWORK');
  });
  it('an endpoint that cannot be reached leaves the entries unchecked (exit 2), not invalid', async () => {
    const dead = new XrplClient({
      url: 'https://down.example',
      retries: 0,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const r = await verifyXrplEvidence(await evidence(), { clients: [dead] });
    expect(r.status).toBe('unchecked');
  });
  it('the signing payload is the xrpl STX serialisation (independent check of the signed bytes)', () => {
    const tx = txFor(ED.classicAddress);
    expect(
      encodeForSigning({ ...tx, SigningPubKey: ED.publicKey } as never).startsWith('53545800')
    ).toBe(true);
  });
});

describe('the evidence in the Kura pipeline (@kura/attest, the JSON Schema, @kura/policy)', () => {
  const liabilities: Asset[] = [
    { symbol: 'BTC', decimals: 8, network: 'bip122:000000000019d6689c085ae165831e93' },
    { symbol: 'XRP', decimals: 6, network: 'xrpl:0' },
    { symbol: 'USDX', decimals: 6, network: 'xrpl:0' },
    { symbol: 'JPYX', decimals: 0, network: 'xrpl:0' },
  ];
  async function written() {
    const r = await collect(ledger(), { liabilityAssets: liabilities });
    return formatEvidence(r.evidence);
  }

  it('parses strictly, passes validateEvidence with the liabilities list, and the published schema', async () => {
    const text = await written();
    const ev = parseEvidenceBytes(new TextEncoder().encode(text), 'xrp-evidence.json');
    expect(validateEvidence(ev, { assets: liabilities })).toEqual({ ok: true });
    const load = (n: string) =>
      JSON.parse(
        readFileSync(
          new URL(`../../../circuits-free-spec/schemas/${n}.schema.json`, import.meta.url),
          'utf8'
        )
      );
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    for (const n of ['round', 'evidence']) ajv.addSchema(load(n));
    const valid = ajv.getSchema('urn:kura:schema:v1:evidence')!;
    expect(valid(JSON.parse(text))).toBe(true);
    const evm = JSON.parse(text);
    evm.entries[0].balances[1].contract = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
    expect(valid(evm)).toBe(false);
  });

  it('relabelled XRPL reserves are EVIDENCE_ASSET; one issued balance counted twice is refused', async () => {
    const base = JSON.parse(await written());
    const relabel = JSON.parse(JSON.stringify(base));
    relabel.entries[1].balances[0].asset = 'BTC'; // XRP drops counted as satoshi
    expect(validateEvidence(parseEvidence(relabel), { assets: liabilities })).toMatchObject({
      ok: false,
      code: 'EVIDENCE_ASSET',
    });
    const twoNative = JSON.parse(JSON.stringify(base));
    twoNative.entries[1].balances[0].asset = 'JPYX'; // the native coin counted as an issued currency
    expect(validateEvidence(parseEvidence(twoNative), { assets: liabilities })).toMatchObject({
      ok: false,
      code: 'EVIDENCE_ASSET',
    });
    const otherIssuer = JSON.parse(JSON.stringify(base));
    otherIssuer.entries[1].balances.push({
      asset: 'USDX',
      amount: '5',
      currency: 'USD',
      issuer: ED.classicAddress,
    });
    expect(validateEvidence(parseEvidence(otherIssuer), { assets: liabilities })).toMatchObject({
      ok: false,
      code: 'EVIDENCE_ASSET',
    });
    const twice = JSON.parse(JSON.stringify(base));
    twice.entries[0].balances.push({ ...twice.entries[0].balances[1], asset: 'USDX2' });
    expect(validateEvidence(parseEvidence(twice))).toMatchObject({
      ok: false,
      code: 'EVIDENCE_DUPLICATE_BALANCE',
    });
    const dup = JSON.parse(JSON.stringify(base));
    dup.entries.push(dup.entries[0]);
    expect(validateEvidence(parseEvidence(dup))).toMatchObject({
      ok: false,
      code: 'EVIDENCE_DUPLICATE_BALANCE',
    });
    const badAddr = JSON.parse(JSON.stringify(base));
    badAddr.entries[0].address = '0x0000000000000000000000000000000000000000';
    expect(validateEvidence(parseEvidence(badAddr))).toMatchObject({
      ok: false,
      code: 'EVIDENCE_ADDRESS',
    });
  });

  it('the policy engine sums XRP and the issued currencies per custody class', async () => {
    const root = makeRootFile({
      round: ROUND,
      assets: liabilities,
      placement: 'dense',
      height: 1,
      rootHash: new Uint8Array(32).fill(1),
      totals: [0n, 1n, 2n, 3n],
    });
    const l = parseLiabilities(JSON.stringify(root));
    const { reserves } = parseReserves(await written(), l);
    expect(reserves.byAsset.get('XRP')).toEqual({
      'customer-cold': 124_998_400_000n,
      'customer-hot': 0n,
      'exchange-own': 30_000_000n - 1_200_000n,
    });
    expect(reserves.byAsset.get('USDX')!['customer-cold']).toBe(1_234_567_890n);
  });
});
