import { parseJsonStrict, utf8Raw } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import {
  ASSETS,
  BTC_CHAIN,
  btcEntry,
  clone,
  ETH_ADDR_1,
  evidence,
  USDC,
} from '../test/fixtures.js';
import type { Evidence } from './evidence.js';
import {
  mergeEvidence,
  normalizeAddress,
  parseEvidence,
  parseEvidenceBytes,
  reserveTotals,
  toChecksumAddress,
  validateEvidence,
} from './evidence.js';

const check = (ev: unknown) => validateEvidence(parseEvidence(ev), { assets: ASSETS });
const codeOf = (ev: unknown) => {
  const r = check(ev);
  return r.ok ? 'OK' : r.code;
};

describe('evidence file (kura-evidence/1)', () => {
  it('accepts the fixture and totals it per asset and custody class', () => {
    const ev = parseEvidence(clone(evidence()));
    expect(validateEvidence(ev, { assets: ASSETS })).toEqual({ ok: true });
    const t = reserveTotals(ev, ASSETS);
    expect(t[0]).toEqual({
      asset: 'BTC',
      total: 170000000n,
      customerCold: 150000000n,
      customerHot: 20000000n,
      exchangeOwn: 0n,
    });
    expect(t[1]!.total).toBe(5000000000000000000n);
    expect(t[2]).toMatchObject({
      total: 1000000000n,
      customerCold: 600000000n,
      exchangeOwn: 400000000n,
    });
  });

  it('EIP-55: computes the checksum of the EIP-55 examples', () => {
    expect(toChecksumAddress('0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359')).toBe(
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359'
    );
    expect(normalizeAddress('eip155:1', ETH_ADDR_1.toLowerCase())).toBeNull();
    expect(normalizeAddress(BTC_CHAIN, 'BC1QABC')).toBe('bc1qabc');
    expect(normalizeAddress(BTC_CHAIN, 'bc1qAbc')).toBeNull();
  });

  it('EVIDENCE_DUPLICATE_ADDRESS: one EVM address twice (checksummed / same), one bech32 in two cases', () => {
    const ev = clone(evidence());
    ev.entries.push({ ...clone(ev.entries[2]!), balances: [] });
    expect(codeOf(ev)).toBe('EVIDENCE_DUPLICATE_ADDRESS');
    const b = clone(evidence());
    b.entries.push(
      btcEntry('BC1QCOLD', 'customer-hot', [{ txid: '09'.repeat(32), vout: 0, value: '5' }])
    );
    expect(codeOf(b)).toBe('EVIDENCE_DUPLICATE_ADDRESS');
    // two address spellings with the same output script (C2-b)
    const c = clone(evidence());
    c.entries.push(
      btcEntry('bc1qother', 'customer-hot', [
        { txid: '09'.repeat(32), vout: 0, value: '5', spk: `0014${'aa'.repeat(20)}` },
      ])
    );
    expect(codeOf(c)).toBe('EVIDENCE_DUPLICATE_ADDRESS');
  });

  it('EVIDENCE_DUPLICATE_UTXO: one outpoint in two entries, or twice in one', () => {
    const ev = clone(evidence());
    ev.entries.push(
      btcEntry('bc1qother', 'customer-hot', [
        { txid: '01'.repeat(32), vout: 0, value: '100000000' },
      ])
    );
    expect(codeOf(ev)).toBe('EVIDENCE_DUPLICATE_UTXO');
    const one = clone(evidence());
    one.entries[1] = btcEntry('bc1qhot', 'customer-hot', [
      { txid: '03'.repeat(32), vout: 0, value: '1' },
      { txid: '03'.repeat(32), vout: 0, value: '1' },
    ]);
    expect(codeOf(one)).toBe('EVIDENCE_DUPLICATE_UTXO');
  });

  it('EVIDENCE_DUPLICATE_BALANCE: one token balance in two entries, or one asset twice in an entry', () => {
    const ev = clone(evidence());
    ev.entries.push({
      ...clone(ev.entries[2]!),
      address: ETH_ADDR_1,
      custody: 'customer-hot',
      balances: [{ asset: 'USDC', amount: '600000000', contract: USDC }],
    });
    expect(codeOf(ev)).toBe('EVIDENCE_DUPLICATE_BALANCE');
    const twice = clone(evidence());
    twice.entries[2]!.balances.push({ asset: 'ETH', amount: '1' });
    expect(codeOf(twice)).toBe('EVIDENCE_DUPLICATE_BALANCE');
  });

  it('EVIDENCE_UTXO_SUM, EVIDENCE_CHALLENGE, EVIDENCE_ROUND_ID, EVIDENCE_SNAPSHOT, EVIDENCE_ASSET, EVIDENCE_ADDRESS', () => {
    const sum = clone(evidence());
    sum.entries[0]!.balances[0]!.amount = '150000001';
    expect(codeOf(sum)).toBe('EVIDENCE_UTXO_SUM');
    const ch = clone(evidence());
    ch.entries[3]!.ownership.challenge = ch.entries[3]!.ownership.challenge.replace(
      'example-exchange',
      'other-exchange'
    );
    expect(codeOf(ch)).toBe('EVIDENCE_CHALLENGE');
    const rid = clone(evidence());
    rid.round.period = '2026-10';
    expect(codeOf(rid)).toBe('EVIDENCE_ROUND_ID');
    const snap = clone(evidence());
    snap.snapshots.pop();
    expect(codeOf(snap)).toBe('EVIDENCE_SNAPSHOT');
    const late = clone(evidence());
    late.entries[0]!.utxos![0]!.height = 840_001;
    expect(codeOf(late)).toBe('EVIDENCE_SNAPSHOT');
    const asset = clone(evidence());
    asset.entries[2]!.balances[0]!.asset = 'DOGE';
    expect(codeOf(asset)).toBe('EVIDENCE_ASSET');
    const net = clone(evidence());
    net.entries[2]!.chain = 'eip155:10';
    net.snapshots.push({ ...net.snapshots[1]!, chain: 'eip155:10' });
    expect(codeOf(net)).toBe('EVIDENCE_ASSET');
    const addr = clone(evidence());
    addr.entries[2]!.address = ETH_ADDR_1.toLowerCase();
    expect(codeOf(addr)).toBe('EVIDENCE_ADDRESS');
  });

  it('EVIDENCE_ASSET: relabelled reserves — an asset without a network, one native coin counted as two assets', () => {
    // Attack (hardening finding): with no `network` in the asset list, 5e18 wei of native ETH
    // relabelled as BTC would count as 5·10^18 satoshi. Every asset with reserves needs a network.
    const noNet = ASSETS.map(({ symbol, decimals }) => ({ symbol, decimals }));
    const relabel = clone(evidence());
    relabel.entries[2]!.balances[0]!.asset = 'BTC';
    const r = validateEvidence(parseEvidence(relabel), { assets: noNet });
    expect(r.ok ? 'OK' : r.code).toBe('EVIDENCE_ASSET');
    expect(r.ok ? '' : r.message).toMatch(/has no network/);
    // the honest file with networks given still passes; without networks it cannot be bound
    expect(check(clone(evidence()))).toEqual({ ok: true });
    const honestNoNet = validateEvidence(parseEvidence(clone(evidence())), { assets: noNet });
    expect(honestNoNet.ok ? 'OK' : honestNoNet.code).toBe('EVIDENCE_ASSET');
    // with networks: native ETH relabelled as USDC (same chain) — one native coin, two assets
    const nativeUsdc = clone(evidence());
    nativeUsdc.entries[3]!.balances[0] = { asset: 'USDC', amount: '400000000' };
    nativeUsdc.entries[2]!.balances = [{ asset: 'ETH', amount: '5000000000000000000' }];
    const n = check(nativeUsdc);
    expect(n.ok ? 'OK' : n.code).toBe('EVIDENCE_ASSET');
    expect(n.ok ? '' : n.message).toMatch(
      /native coin of eip155:1 is counted as both ETH and USDC/
    );
  });

  it('parses strictly: amounts as numbers, non-canonical amounts, unknown members, duplicate keys', () => {
    const num = clone(evidence()) as unknown as { entries: { balances: { amount: unknown }[] }[] };
    num.entries[2]!.balances[0]!.amount = 5;
    expect(() => parseEvidence(num)).toThrow(expect.objectContaining({ code: 'JSON_NUMBER' }));
    const lead = clone(evidence());
    lead.entries[2]!.balances[0]!.amount = '05';
    expect(() => parseEvidence(lead)).toThrow(
      expect.objectContaining({
        code: 'NON_CANONICAL_ENCODING',
        field: '$.entries[2].balances[0].amount',
      })
    );
    const extra = { ...clone(evidence()), solvent: true };
    expect(() => parseEvidence(extra)).toThrow(expect.objectContaining({ code: 'SCHEMA' }));
    const text = JSON.stringify(evidence()).replace('"version":', '"roundId":"00","version":');
    expect(() => parseEvidenceBytes(utf8Raw(text), 'ev.json')).toThrow(
      expect.objectContaining({ code: 'JSON_DUPLICATE_KEY' })
    );
    expect(parseEvidence(parseJsonStrict(JSON.stringify(evidence())))).toEqual(evidence());
  });

  it('mergeEvidence combines per-chain parts and refuses overlaps or other rounds', () => {
    const full = evidence();
    const btc: Evidence = {
      ...full,
      snapshots: [full.snapshots[0]!],
      entries: full.entries.slice(0, 2),
    };
    const eth: Evidence = {
      ...full,
      snapshots: [full.snapshots[1]!],
      entries: full.entries.slice(2),
    };
    expect(mergeEvidence([btc, eth], { assets: ASSETS })).toEqual(full);
    expect(() => mergeEvidence([btc, btc])).toThrow(
      expect.objectContaining({ code: 'EVIDENCE_DUPLICATE_UTXO' })
    );
    const other = clone(eth);
    other.round.period = '2026-12';
    expect(() => mergeEvidence([btc, other])).toThrow(
      expect.objectContaining({ code: 'EVIDENCE_ROUND_ID' })
    );
    const snap = clone(eth);
    snap.entries = [];
    snap.snapshots = [{ ...full.snapshots[0]!, height: 1 }];
    expect(() => mergeEvidence([btc, snap])).toThrow(
      expect.objectContaining({ code: 'EVIDENCE_SNAPSHOT' })
    );
  });
});
