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
): DeepMutable<EvidenceEntry> {
  const sum = utxos.reduce((s, u) => s + BigInt(u.value), 0n);
  return clone<EvidenceEntry>({
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
  });
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

// ---------------------------------------------------------------------------------------------
// attestation fixtures

import { bytesToHex as hex, hexToBytes, sha256, utf8Raw } from '@kura/codec';
import { makeRootFile, type RootFile } from '@kura/tree';
import type { Attestation, PolicyResult, Scope } from '../src/attestation.js';
import { createAttestation } from '../src/create.js';
import { signAttestation } from '../src/digest.js';
import { formatEvidence } from '../src/evidence.js';
import { publicKeyOf } from '../src/sig.js';
import { type TrustFile, trustEntry } from '../src/trust.js';

/** Liabilities: 1.6 BTC, 4 ETH, 900 USDC. */
export const TOTALS = [160000000n, 4000000000000000000n, 900000000n];
export const ROOT_HASH = '5a'.repeat(32);

export function rootFile(totals: readonly bigint[] = TOTALS): RootFile {
  return makeRootFile({
    round: ROUND,
    assets: ASSETS,
    placement: 'dense',
    height: 20,
    rootHash: hexToBytes(ROOT_HASH),
    totals,
  });
}
export const rootJson = (totals?: readonly bigint[]): string =>
  `${JSON.stringify(rootFile(totals), null, 2)}\n`;

export const PRICES = [
  {
    asset: 'BTC',
    price: '15000000.5',
    currency: 'JPY',
    source: 'bitFlyer BTC/JPY close',
    time: '2026-11-30T15:00:00Z',
  },
  {
    asset: 'ETH',
    price: '500000',
    currency: 'JPY',
    source: 'bitFlyer ETH/JPY close',
    time: '2026-11-30T15:00:00Z',
  },
  {
    asset: 'USDC',
    price: '150.25',
    currency: 'JPY',
    source: 'MUFG TTM USD/JPY',
    time: '2026-11-30T15:00:00Z',
  },
];

/** A PolicyEvaluation built by hand (the shape pinned for @kura/policy). */
export function policy(pass = true, requiredReserve = '1000000'): PolicyResult {
  return {
    id: 'JP-FSA-2026',
    version: '1.0.0',
    sha256: '77'.repeat(32),
    reportingCurrency: 'JPY',
    inputs: { format: 'kura-policy-inputs/1', reportingCurrency: 'JPY', prices: PRICES },
    inputsSha256: '88'.repeat(32),
    terms: [
      {
        id: 'volumeComponent',
        label: 'Trading-volume component',
        formula: 'volume × 0.0001',
        value: requiredReserve,
        unit: 'JPY',
        provenance: { kind: 'proposal', source: 'FSA WG report 2026' },
      },
    ],
    checks: [
      // reserves hold 1.7 BTC (cold 1.5 + hot 0.2); a failing policy requires more than that
      {
        id: 'inKind:BTC',
        label: 'BTC in kind',
        required: pass ? '1.6' : '1.8',
        actual: '1.7',
        pass,
      },
      {
        id: 'reserve',
        label: 'liability reserve',
        required: requiredReserve,
        actual: requiredReserve,
        pass: true,
      },
    ],
    requiredReserve,
    pass,
  };
}

export const SCOPE: Scope = {
  included: [
    { kind: 'product', id: 'spot', description: 'spot trading accounts' },
    { kind: 'account', id: 'corporate' },
  ],
  excluded: [
    { kind: 'product', id: 'earn', description: 'staking and lending products' },
    { kind: 'fiat', id: 'jpy-deposits' },
  ],
};

export const EXCHANGE_SEED = hexToBytes('11'.repeat(32));
export const AUDITOR_SECRET = hexToBytes('22'.repeat(32));
export const OTHER_SEED = hexToBytes('33'.repeat(32));
export const EXCHANGE_KEY = { alg: 'ed25519' as const, privateKey: EXCHANGE_SEED };
export const AUDITOR_KEY = { alg: 'ecdsa-secp256k1' as const, privateKey: AUDITOR_SECRET };

export function trust(): TrustFile {
  return {
    version: 'kura-trust/1',
    keys: [
      {
        ...trustEntry('ed25519', publicKeyOf('ed25519', EXCHANGE_SEED)),
        role: 'exchange',
        name: 'Example K.K.',
      },
      {
        ...trustEntry('ecdsa-secp256k1', publicKeyOf('ecdsa-secp256k1', AUDITOR_SECRET)),
        role: 'auditor',
        name: 'Audit LLC',
      },
    ],
  } as TrustFile;
}
export const trustJson = (t: TrustFile = trust()): string => JSON.stringify(t);

/** "Now" for the tests: five days after the snapshot. */
export const NOW = Date.parse('2026-12-05T12:00:00Z');
export const EVIDENCE_TEXT = formatEvidence(evidence());
export const EVIDENCE_BYTES = utf8Raw(EVIDENCE_TEXT);

export function unsigned(
  over: { totals?: bigint[]; policy?: PolicyResult; previous?: Attestation } = {}
): Attestation {
  return createAttestation({
    root: rootFile(over.totals),
    evidence: evidence(),
    evidenceSha256: hex(sha256(EVIDENCE_BYTES)),
    policy: over.policy ?? policy(),
    scope: SCOPE,
    exchange: { name: 'Example Exchange K.K.', url: 'https://example.com' },
    auditor: { name: 'Audit LLC' },
    ...(over.previous ? { previous: over.previous } : {}),
    issuedAt: '2026-12-05T00:00:00Z',
    expiresAt: '2027-01-09T00:00:00Z',
    valueDecimals: 0,
  });
}

/** Sign with the exchange and then the auditor. */
export function signBoth(a: Attestation): Attestation {
  return signAttestation(signAttestation(a, 'exchange', EXCHANGE_KEY), 'auditor', AUDITOR_KEY);
}

export const signed = (): Attestation => signBoth(unsigned());
export const text = (a: unknown): string => `${JSON.stringify(a, null, 2)}\n`;
