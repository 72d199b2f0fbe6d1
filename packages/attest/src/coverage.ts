/**
 * Coverage arithmetic (attack C9): per asset in kind, and overall in value including the
 * required liability reserve. Exact: bigint base units and decimal strings, no floats.
 *
 * For asset i with `d_i` decimals and price `p_i` (one whole unit, reporting currency):
 * - in kind: `pass_i ⇔ R_i ≥ L_i`; `ratioBps_i = ⌊R_i · 10000 / L_i⌋` (null when L_i = 0);
 * - value: `LV_i = ⌈L_i · p_i / 10^d_i⌉` and `RV_i = ⌊R_i · p_i / 10^d_i⌋`, both to
 *   `valueDecimals` fraction digits — liabilities round up, reserves round down;
 * - overall: `LV = Σ LV_i`, `RV = Σ RV_i`, `required = LV + requiredReserve`;
 *   `pass ⇔ RV ≥ required`; `ratioBps = ⌊RV · 10000 / required⌋` (null when required = 0);
 * - verdict: `pass = (∀i pass_i) ∧ overall.pass ∧ policy.pass`.
 *
 * The verifier calls the same function on the document's own numbers and requires the
 * document's `coverage` to equal the result exactly — a verdict never comes from a stored flag.
 * @module
 */
import {
  add,
  cmp,
  type Decimal,
  dec,
  div,
  formatDecimal,
  KuraError,
  mul,
  parseDecimal,
  rescale,
  sub,
} from '@kura/codec';
import type { Asset } from '@kura/tree';
import type { Coverage, CoverageAsset, PriceEntry } from './attestation.js';

/** What coverage is computed from. */
export interface CoverageInput {
  readonly assets: readonly Asset[];
  /** Σroot per asset (base units), asset-list order. */
  readonly liabilities: readonly bigint[];
  /** Reserves per asset (base units), asset-list order. */
  readonly reserves: readonly bigint[];
  /** One price per asset, asset-list order. */
  readonly prices: readonly PriceEntry[];
  /** The reporting currency (policy.reportingCurrency). */
  readonly currency: string;
  /** Fraction digits of values, 0 … 18. */
  readonly valueDecimals: number;
  /** policy.requiredReserve, a non-negative decimal string. */
  readonly requiredReserve: string;
  /** policy.pass. */
  readonly policyPass: boolean;
}

/** A coverage input that cannot be valued (a missing price, another currency). */
export class CoverageError extends KuraError {}

const BPS: Decimal = dec(10000n);
const ratioBps = (num: Decimal, den: Decimal): string | null =>
  den.n === 0n ? null : formatDecimal(div(mul(num, BPS), den, 0, 'floor'));

/** Compute the coverage block (see the module doc). Throws {@link CoverageError}. */
export function computeCoverage(c: CoverageInput): Coverage {
  const k = c.assets.length;
  if (c.liabilities.length !== k || c.reserves.length !== k || c.prices.length !== k)
    throw new CoverageError('COVERAGE_INPUT', 'one liability total, reserve and price per asset');
  if (!Number.isInteger(c.valueDecimals) || c.valueDecimals < 0 || c.valueDecimals > 18)
    throw new RangeError('"valueDecimals" expected 0 … 18');
  let lv: Decimal = dec(0n, c.valueDecimals);
  let rv: Decimal = dec(0n, c.valueDecimals);
  const assets: CoverageAsset[] = c.assets.map((a, i) => {
    const p = c.prices[i]!;
    if (p.asset !== a.symbol)
      throw new CoverageError('PRICE_MISMATCH', `prices[${i}] is for ${p.asset}, not ${a.symbol}`);
    if (p.currency !== c.currency)
      throw new CoverageError(
        'PRICE_MISMATCH',
        `the ${a.symbol} price is in ${p.currency}, the reporting currency is ${c.currency}`
      );
    const price = parseDecimal(p.price, `prices[${i}].price`);
    if (price.n < 0n)
      throw new CoverageError('PRICE_MISMATCH', `the ${a.symbol} price is negative`);
    const L = c.liabilities[i]!;
    const R = c.reserves[i]!;
    const lvi = rescale(mul(dec(L, a.decimals), price), c.valueDecimals, 'ceil');
    const rvi = rescale(mul(dec(R, a.decimals), price), c.valueDecimals, 'floor');
    lv = add(lv, lvi);
    rv = add(rv, rvi);
    return {
      asset: a.symbol,
      liabilities: L.toString(),
      reserves: R.toString(),
      surplus: (R - L).toString(),
      ratioBps: L === 0n ? null : ((R * 10000n) / L).toString(),
      pass: R >= L,
      price: p.price,
      liabilitiesValue: formatDecimal(lvi),
      reservesValue: formatDecimal(rvi),
    };
  });
  const reserve = parseDecimal(c.requiredReserve, 'requiredReserve');
  if (reserve.n < 0n) throw new CoverageError('POLICY_MISMATCH', 'requiredReserve is negative');
  const required = add(lv, reserve);
  const overallPass = cmp(rv, required) >= 0;
  const overall = {
    currency: c.currency,
    valueDecimals: c.valueDecimals,
    liabilitiesValue: formatDecimal(lv),
    reservesValue: formatDecimal(rv),
    requiredReserve: c.requiredReserve,
    required: formatDecimal(required),
    surplus: formatDecimal(sub(rv, required)),
    ratioBps: ratioBps(rv, required),
    pass: overallPass,
  };
  return {
    assets,
    overall,
    policyPass: c.policyPass,
    pass: assets.every((a) => a.pass) && overallPass && c.policyPass,
  };
}
