/**
 * The policy inputs (`kura-policy-inputs/1`) of the test months: a JP licence, ¥1.5tn spot
 * volume a year, ¥3bn trust fund and ¥5bn own funds, a key-management attestation 90 days before
 * the snapshot, and fixed JPY prices. Shared by the month fixture (xrp-month.ts) and the CLI's
 * `kura run` tests, which differ only in their assets' prices.
 */
import type { Round } from '@kura/tree';

/** The inputs for `round`, with one fixed JPY price per asset (`{ XRP: '350' }`). */
export function monthPolicyInputs(
  round: Round,
  prices: Readonly<Record<string, string>>,
  reference = 'test'
): Record<string, unknown> {
  const snap = Date.parse(round.snapshotTime);
  return {
    format: 'kura-policy-inputs/1',
    reportingCurrency: 'JPY',
    round: { exchange: round.exchange, period: round.period },
    licenceClasses: ['crypto-exchange'],
    tradingVolumes: [3, 2, 1].map((back) => ({
      year: 2026 - back,
      basis: 'spot-notional',
      amount: '1500000000000',
      currency: 'JPY',
    })),
    incidents: [],
    averageCustomerAssets: { value: '60000000000', currency: 'JPY', lookbackYears: 3 },
    insurance: [],
    reserveFund: [{ class: 'cash-jpy-trust', amount: '3000000000', currency: 'JPY' }],
    ownFunds: { amount: '5000000000', currency: 'JPY' },
    securityEvidence: [
      {
        type: 'key-management-attestation',
        date: new Date(snap - 90 * 86_400_000).toISOString().slice(0, 10),
        reference,
      },
    ],
    prices: Object.entries(prices).map(([asset, price]) => ({
      asset,
      price,
      currency: 'JPY',
      source: 'test fixed rate',
      time: round.snapshotTime,
    })),
  };
}
