/**
 * Issue 17 through the audit path (`checkReserves` of `kura audit`, every entry dispatched to its
 * chain family): one evidence file holding Litecoin (Core-shaped replies over a chain on
 * Litecoin's regtest genesis, `@kura/bitcoin/testing`) and XRP Ledger entries (recorded rippled
 * replies, signatures by the `xrpl` library), checked on the auditor's nodes — one per chain. Per
 * chain, each attack is rejected with its code: a signature over last month's challenge, a
 * balance changed by one base unit, an address of another chain or network, and (XRPL) a
 * submittable blob; a node of another chain leaves the entries unchecked.
 */
import { type Attestation, type Evidence, formatEvidence, mergeEvidence } from '@kura/attest';
import {
  addressOfScript,
  CoreRpcSource,
  chainIdOfNetwork,
  collectBitcoinEvidence,
  hash160,
  networkByName,
  scriptOf,
  signBip137,
} from '@kura/bitcoin';
import { FamilyChain } from '@kura/bitcoin/testing';
import { bytesToHex, sha256, utf8 } from '@kura/codec';
import { ownershipChallenge, roundId } from '@kura/tree';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { world } from '../../xrpl/test/rippled.js';
import { ED, K1, LAST_MONTH, ROUND, signTx, txFor } from '../../xrpl/test/sign.js';
import { xrpEvidence, xrplClientOf } from '../test/xrp-evidence.js';
import { checkReserves } from './reserves.js';

const LTC = networkByName('ltc-regtest');
const LTC_CHAIN = chainIdOfNetwork(LTC);
const sk = sha256(utf8('audit family ltc'));
const spk = scriptOf('p2wpkh', hash160(secp256k1.getPublicKey(sk, true)));
const LTC_ADDR = addressOfScript(spk, LTC);
const ltcChain = new FamilyChain(
  LTC,
  8,
  [{ scriptPubKey: spk, value: 7_654_321_000n, height: 2 }],
  {},
  {
    time: Math.floor(Date.parse(ROUND.snapshotTime) / 1000) - 2_000,
  }
);
const ltcNode = () =>
  new CoreRpcSource('http://u:pw@ltc.invalid:19443', { fetch: ltcChain.fetch(), retries: 0 });
// a Dogecoin node: another coin of the family
const dogeChain = new FamilyChain(networkByName('doge-regtest'), 8, []);
const dogeNode = () =>
  new CoreRpcSource('http://u:pw@doge.invalid:18332', { fetch: dogeChain.fetch(), retries: 0 });

const w = world({
  [ED.classicAddress]: { Balance: '125000000000' },
  [K1.classicAddress]: { Balance: '51000000' },
});
w.closeTime = Date.parse(ROUND.snapshotTime) / 1000 - 946_684_800;
const xrpNode = () => xrplClientOf(w);

const LTC_TOTAL = 7_654_321_000n;
const XRP_TOTAL = 124_999_000_000n + 50_000_000n;
let evidence: Evidence;

beforeAll(async () => {
  const ltc = await collectBitcoinEvidence({
    source: ltcNode(),
    chain: LTC_CHAIN,
    round: ROUND,
    height: 3,
    addresses: [{ address: LTC_ADDR, custody: 'customer-cold' }],
    signatures: [
      {
        address: LTC_ADDR,
        type: 'bip137',
        signature: signBip137(ownershipChallenge(ROUND), sk, 'p2wpkh', LTC.messageMagic),
      },
    ],
    asset: 'LTC',
    confirmations: 6,
  });
  expect(ltc.problems).toEqual([]);
  const xrp = await xrpEvidence(w);
  evidence = mergeEvidence([ltc.evidence, xrp]);
});

const att = (ltc = LTC_TOTAL, xrp = XRP_TOTAL) =>
  ({
    round: ROUND,
    roundId: bytesToHex(roundId(ROUND)),
    liabilities: {
      assets: [
        { symbol: 'LTC', decimals: 8, network: LTC_CHAIN },
        { symbol: 'XRP', decimals: 6, network: 'xrpl:0' },
      ],
    },
    reserves: {
      assets: [
        { asset: 'LTC', total: ltc.toString() },
        { asset: 'XRP', total: xrp.toString() },
      ],
    },
  }) as unknown as Attestation;
const base = {
  btcConfirmations: 6,
  eth: [],
  ethConfirmations: 64,
  allowUnproven: false,
  acceptedWalletCodeHashes: [],
};
// biome-ignore lint/suspicious/noExplicitAny: tests mutate arbitrary JSON documents
type Json = any;
const bytesOf = (f?: (ev: Json) => void): Uint8Array => {
  const ev = JSON.parse(formatEvidence(evidence)) as Json;
  f?.(ev);
  return new TextEncoder().encode(`${JSON.stringify(ev, null, 2)}\n`);
};
const audit = (f?: (ev: Json) => void, o: { btc?: CoreRpcSource[]; a?: Attestation } = {}) =>
  checkReserves({
    ...base,
    att: o.a ?? att(),
    evidenceBytes: bytesOf(f),
    btc: o.btc ?? [dogeNode(), ltcNode()],
    xrp: [xrpNode()],
  });
const ltcIdx = (ev: Json) => ev.entries.findIndex((e: Json) => e.chain === LTC_CHAIN);
const xrpIdx = (ev: Json, a: string) => ev.entries.findIndex((e: Json) => e.address === a);

describe('kura audit reserves: Litecoin and XRP Ledger entries, each on its own node', () => {
  it('the LTC entry on the Litecoin node (beside a Dogecoin node) and the XRP entries verify; totals match', async () => {
    const c = await audit();
    expect(c.problems).toEqual([]);
    expect(c.errors).toEqual([]);
    expect(c.status).toBe('pass');
    expect(c.facts.map(([k]) => k)).toEqual(
      expect.arrayContaining([`node ${LTC_CHAIN}`, `snapshot ${LTC_CHAIN}`, 'snapshot xrpl:0'])
    );
    expect(c.notes.join('\n')).toMatch(/the evidence has no entry of that chain/);
  });

  it("LTC: a signature over last month's challenge → E_SIGNATURE", async () => {
    const old = signBip137(ownershipChallenge(LAST_MONTH), sk, 'p2wpkh', LTC.messageMagic);
    const c = await audit((ev) => {
      ev.entries[ltcIdx(ev)].ownership.signature = old;
    });
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(new RegExp(`${LTC_ADDR} .*E_SIGNATURE`));
  });

  it('LTC: a balance one litoshi above the UTXOs → E_UTXO_SUM', async () => {
    const c = await audit(
      (ev) => {
        ev.entries[ltcIdx(ev)].balances[0].amount = (LTC_TOTAL + 1n).toString();
      },
      { a: att(LTC_TOTAL + 1n) }
    );
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(/E_UTXO_SUM/);
  });

  it('LTC: the address of the same key on Litecoin mainnet in regtest evidence → E_NETWORK', async () => {
    const main = addressOfScript(spk, networkByName('ltc-mainnet'));
    const c = await audit((ev) => {
      ev.entries[ltcIdx(ev)].address = main;
    });
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(/E_NETWORK/);
  });

  it('LTC: only a node of another coin (Dogecoin) → the LTC entry is not checked (NO_NODE), not passed', async () => {
    const c = await audit(undefined, { btc: [dogeNode()] });
    expect(c.status).not.toBe('pass');
    expect(c.errors.join('\n')).toMatch(new RegExp(`${LTC_ADDR} not checked: NO_NODE`));
  });

  it("XRPL: a blob signed over last month's challenge → XRPL_CHALLENGE", async () => {
    const old = signTx(ED, txFor(ED.classicAddress, LAST_MONTH));
    const c = await audit((ev) => {
      ev.entries[xrpIdx(ev, ED.classicAddress)].ownership.signature = old;
    });
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(/XRPL_CHALLENGE/);
  });

  it('XRPL: a balance one drop above the ledger → XRPL_BALANCE_MISMATCH', async () => {
    const c = await audit(
      (ev) => {
        const e = ev.entries[xrpIdx(ev, K1.classicAddress)];
        e.balances[0].amount = (BigInt(e.balances[0].amount) + 1n).toString();
      },
      { a: att(LTC_TOTAL, XRP_TOTAL + 1n) }
    );
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(/XRPL_BALANCE_MISMATCH/);
  });

  it('XRPL: a blob signed for another network (xrpl:1) → XRPL_NETWORK', async () => {
    const other = signTx(ED, txFor(ED.classicAddress, ROUND, 'xrpl:1'));
    const c = await audit((ev) => {
      ev.entries[xrpIdx(ev, ED.classicAddress)].ownership.signature = other;
    });
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(/XRPL_NETWORK/);
  });

  it('XRPL: a submittable blob (a real Sequence) → XRPL_SUBMITTABLE_SEQUENCE', async () => {
    const live = signTx(ED, { ...txFor(ED.classicAddress), Sequence: 81_000_000 });
    const c = await audit((ev) => {
      ev.entries[xrpIdx(ev, ED.classicAddress)].ownership.signature = live;
    });
    expect(c.status).toBe('fail');
    expect(c.problems.join('\n')).toMatch(/XRPL_SUBMITTABLE_SEQUENCE/);
  });
});
