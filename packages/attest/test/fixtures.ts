/**
 * Test fixtures shared by @kura/attest's tests: a round, an asset list and an evidence file whose
 * numbers the tests know. Not part of the package build.
 */
import { bytesToHex } from '@kura/codec';
import { type Asset, ownershipChallenge, type Round, roundId } from '@kura/tree';
import type { Evidence, EvidenceEntry } from '../src/evidence.js';

export const ROUND: Round = {
  exchange: 'example-exchange',
  period: '2026-11',
  snapshotTime: '2026-11-30T15:00:00Z',
};
export const ROUND_ID: string = bytesToHex(roundId(ROUND));
export const BTC_CHAIN = 'bip122:000000000019d6689c085ae165831e93';
export const ASSETS: Asset[] = [
  { symbol: 'BTC', decimals: 8, network: BTC_CHAIN },
  { symbol: 'ETH', decimals: 18, network: 'eip155:1' },
  { symbol: 'USDC', decimals: 6, network: 'eip155:1' },
];
export const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
export const ETH_ADDR_1 = '0x52908400098527886E0F7030069857D2E4169EE7';
export const ETH_ADDR_2 = '0x8617E340B3D01FA5F11F306F4090FD50E238070D';

const own = (type: 'bip322-simple' | 'eip191') => ({
  type,
  signature: type === 'eip191' ? `0x${'11'.repeat(65)}` : 'AkcwRAIg',
  challenge: ownershipChallenge(ROUND),
});

export function btcEntry(
  address: string,
  custody: EvidenceEntry['custody'],
  utxos: { txid: string; vout: number; value: string; spk?: string }[]
): EvidenceEntry {
  const sum = utxos.reduce((s, u) => s + BigInt(u.value), 0n);
  return {
    chain: BTC_CHAIN,
    address,
    custody,
    balances: [{ asset: 'BTC', amount: sum.toString() }],
    ownership: own('bip322-simple'),
    utxos: utxos.map((u) => ({
      txid: u.txid,
      vout: u.vout,
      value: u.value,
      scriptPubKey: u.spk ?? `0014${address.length.toString(16).padStart(2, '0').repeat(20)}`,
      height: 839_990,
      blockHash: 'ab'.repeat(32),
    })),
  };
}

/** Reserves: BTC cold 150000000 + hot 20000000; ETH 5e18 hot-ish; USDC 1000e6 own. */
export function evidence(): Evidence {
  return {
    version: 'kura-evidence/1',
    round: ROUND,
    roundId: ROUND_ID,
    snapshots: [
      {
        chain: BTC_CHAIN,
        height: 840_000,
        blockHash: 'cd'.repeat(32),
        time: '2026-11-30T15:02:11Z',
      },
      {
        chain: 'eip155:1',
        height: 21_000_000,
        blockHash: `0x${'ef'.repeat(32)}`,
        time: '2026-11-30T15:00:11Z',
      },
    ],
    entries: [
      btcEntry('bc1qcold', 'customer-cold', [
        { txid: '01'.repeat(32), vout: 0, value: '100000000', spk: `0014${'aa'.repeat(20)}` },
        { txid: '02'.repeat(32), vout: 1, value: '50000000', spk: `0014${'aa'.repeat(20)}` },
      ]),
      btcEntry('bc1qhot', 'customer-hot', [
        { txid: '03'.repeat(32), vout: 0, value: '20000000', spk: `0014${'bb'.repeat(20)}` },
      ]),
      {
        chain: 'eip155:1',
        address: ETH_ADDR_1,
        custody: 'customer-cold',
        balances: [
          { asset: 'ETH', amount: '5000000000000000000' },
          { asset: 'USDC', amount: '600000000', contract: USDC },
        ],
        ownership: own('eip191'),
      },
      {
        chain: 'eip155:1',
        address: ETH_ADDR_2,
        custody: 'exchange-own',
        balances: [{ asset: 'USDC', amount: '400000000', contract: USDC }],
        ownership: own('eip191'),
      },
    ],
  };
}

/** A type with every `readonly` removed, deeply. */
export type DeepMutable<T> = T extends (infer U)[]
  ? DeepMutable<U>[]
  : T extends readonly (infer U)[]
    ? DeepMutable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
      : T;

/** A deep, mutable copy of a JSON value. */
export function clone<T>(v: T): DeepMutable<T> {
  return JSON.parse(JSON.stringify(v)) as DeepMutable<T>;
}
