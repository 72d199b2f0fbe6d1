/**
 * Test fixtures: build the three data files of an evaluation (root.json, evidence, inputs) from a
 * compact description, in the pinned formats, and read the shipped policy files.
 */
import { readFileSync } from 'node:fs';
import { parseUnits } from '@kura/codec';
import type { PolicyEvaluation, Term } from '../src/index.js';

/** A JSON object that tests mutate deeply. */
// biome-ignore lint/suspicious/noExplicitAny: tests mutate parsed JSON at arbitrary depth
export type Json = Record<string, any>;

export const ROUND_ID = 'ab'.repeat(32);
export const ROOT_COMMITMENT = 'cd'.repeat(32);
export const BTC_CHAIN = 'bip122:000000000019d6689c085ae165831e93';

/** One asset of a case: whole-unit amounts as decimal strings. */
export interface AssetCase {
  readonly symbol: string;
  readonly decimals: number;
  readonly price: string;
  readonly liabilities: string;
  readonly cold: string;
  readonly hot: string;
  readonly own: string;
}

export interface CaseFiles {
  readonly liabilities: string;
  readonly reserves: string;
  readonly inputs: string;
}

/** Shipped policy file bytes by id. */
export function shipped(id: string): Uint8Array {
  return readFileSync(new URL(`../policies/${id}.json`, import.meta.url));
}

/** The three data files of a case. `inputs` gets `prices` filled in from the assets. */
export function caseFiles(
  assets: readonly AssetCase[],
  inputs: Record<string, unknown>,
  opts: { snapshotTime?: string; priceCurrency?: string } = {}
): CaseFiles {
  const ccy = inputs.reportingCurrency as string;
  const root = {
    version: 'kura-root/1',
    round: {
      exchange: 'Example KK',
      period: '2026-11',
      snapshotTime: opts.snapshotTime ?? '2026-11-30T15:00:00Z',
    },
    roundId: ROUND_ID,
    assets: assets.map((a) => ({ symbol: a.symbol, decimals: a.decimals })),
    assetSetHash: 'ef'.repeat(32),
    placement: 'dense',
    height: 20,
    rootHash: '01'.repeat(32),
    totals: assets.map((a) => parseUnits(a.liabilities, a.decimals).toString()),
    rootCommitment: ROOT_COMMITMENT,
  };
  const entries: unknown[] = [];
  for (const a of assets)
    for (const [cls, amt] of [
      ['customer-cold', a.cold],
      ['customer-hot', a.hot],
      ['exchange-own', a.own],
    ] as const) {
      const units = parseUnits(amt, a.decimals);
      if (units === 0n) continue;
      entries.push({
        chain: BTC_CHAIN,
        address: `addr-${a.symbol}-${cls}`,
        custody: cls,
        balances: [{ asset: a.symbol, amount: units.toString() }],
        ownership: { type: 'bip322-simple', signature: 'x', challenge: 'x' },
      });
    }
  const evidence = {
    version: 'kura-evidence/1',
    round: root.round,
    roundId: ROUND_ID,
    snapshots: [
      { chain: BTC_CHAIN, height: 1, blockHash: '00'.repeat(32), time: root.round.snapshotTime },
    ],
    entries,
  };
  const withPrices = {
    ...inputs,
    prices: assets.map((a) => ({
      asset: a.symbol,
      price: a.price,
      currency: opts.priceCurrency ?? ccy,
      source: 'test reference rate',
      time: '2026-11-30T15:00:00Z',
    })),
  };
  return {
    liabilities: JSON.stringify(root, null, 2),
    reserves: JSON.stringify(evidence, null, 2),
    inputs: JSON.stringify(withPrices, null, 2),
  };
}

/** Value of a term by id (throws if absent). */
export function term(ev: PolicyEvaluation, id: string): string {
  const t = ev.terms.find((x: Term) => x.id === id);
  if (!t) throw new Error(`no term ${id}; have ${ev.terms.map((x) => x.id).join(', ')}`);
  return t.value;
}

/** A check by id (throws if absent). */
export function check(
  ev: PolicyEvaluation,
  id: string
): { required: string; actual: string; pass: boolean } {
  const c = ev.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}; have ${ev.checks.map((x) => x.id).join(', ')}`);
  return c;
}

/** The reference Japanese exchange (regulation.md §7.3, scenarios jp-example*.json) in coins. */
export const JP_ASSETS: readonly AssetCase[] = [
  // ¥500bn / ¥10,000,000 = 50,000 BTC; cold ¥487bn = 48,700; hot ¥13bn = 1,300; own backing ¥13bn = 1,300
  {
    symbol: 'BTC',
    decimals: 8,
    price: '10000000',
    liabilities: '50000',
    cold: '48700',
    hot: '1300',
    own: '1300',
  },
  // ¥200bn / ¥500,000 = 400,000 ETH; cold ¥194bn = 388,000; hot ¥6bn = 12,000; own 12,000
  {
    symbol: 'ETH',
    decimals: 18,
    price: '500000',
    liabilities: '400000',
    cold: '388000',
    hot: '12000',
    own: '12000',
  },
  // ¥100bn / ¥100 = 1,000,000,000 XRP; cold ¥95bn = 950,000,000; hot ¥5bn = 50,000,000; own 50,000,000
  {
    symbol: 'XRP',
    decimals: 6,
    price: '100',
    liabilities: '1000000000',
    cold: '950000000',
    hot: '50000000',
    own: '50000000',
  },
];

/** Inputs of the reference Japanese exchange (no incident). */
export function jpInputs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'kura-policy-inputs/1',
    reportingCurrency: 'JPY',
    round: { exchange: 'Example KK', period: '2026-11' },
    licenceClasses: ['crypto-exchange'],
    tradingVolumes: [
      { year: 2023, basis: 'spot-notional', amount: '5000000000000', currency: 'JPY' },
      { year: 2024, basis: 'spot-notional', amount: '6000000000000', currency: 'JPY' },
      { year: 2025, basis: 'spot-notional', amount: '7000000000000', currency: 'JPY' },
    ],
    incidents: [],
    averageCustomerAssets: { value: '750000000000', currency: 'JPY', lookbackYears: 3 },
    insurance: [
      {
        id: 'cyber-2026',
        insurer: 'Example Marine & Fire',
        appliesTo: 'liabilityReserve',
        limit: '5000000000',
        deductible: '0',
        currency: 'JPY',
        start: '2026-04-01',
        end: '2027-04-01',
        cancellationNoticeDays: 90,
        thirdParty: true,
        authorisedInsurer: true,
        perils: ['unauthorised-outflow', 'insider-theft'],
      },
    ],
    reserveFund: [
      { class: 'cash-jpy-trust', amount: '3000000000', currency: 'JPY' },
      { class: 'jgb', amount: '600000000', currency: 'JPY' },
    ],
    ownFunds: { amount: '5000000000', currency: 'JPY' },
    securityEvidence: [
      {
        type: 'key-management-attestation',
        date: '2026-06-01',
        reference: 'HSM attestation report 2026-06',
      },
      {
        type: 'independent-security-assessment',
        date: '2026-03-15',
        reference: 'pentest report 2026-03',
      },
    ],
    ...extra,
  };
}
