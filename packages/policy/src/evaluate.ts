/**
 * `evaluatePolicy`: one policy, the exchange's inputs, the liabilities (root.json) and the reserves
 * (evidence file) in; the pinned `PolicyEvaluation` out — every term with formula, value, unit and
 * provenance, a pass/fail per check, the required reserve and the overall verdict (pass only if
 * every check passes).
 *
 * Bad files throw an `InputError` naming file, line and field ("could not check"); a shortfall is
 * never an error, it is a failed check.
 * @module
 */
import { type Decimal, div, formatFixed } from '@kura/codec';
import { Book, fromParams, sum, ZERO } from './book.js';
import { capitalCheck } from './capital.js';
import { custodyChecks } from './custody.js';
import { parseLiabilities, parseReserves } from './data-files.js';
import { type LoadedInputs, parseInputs } from './inputs-file.js';
import { type LoadedPolicy, parsePolicy } from './policy-file.js';
import { liabilityReserve } from './reserve.js';
import type { PolicyEvaluation, Price } from './types.js';

/** The four files of an evaluation (exact bytes, or text) and their names for messages. */
export interface EvaluateArgs {
  /** Policy file bytes, or a policy already loaded with {@link parsePolicy}. */
  readonly policy: Uint8Array | string | LoadedPolicy;
  readonly inputs: Uint8Array | string;
  /** The tree root file `root.json`. */
  readonly liabilities: Uint8Array | string;
  /** The reserves evidence file. */
  readonly reserves: Uint8Array | string;
  readonly files?: {
    readonly policy?: string;
    readonly inputs?: string;
    readonly liabilities?: string;
    readonly reserves?: string;
  };
}

/** Evaluate a policy. Throws `InputError` (or a JSON parse error) when a file is bad. */
export function evaluatePolicy(args: EvaluateArgs): PolicyEvaluation {
  const f = args.files ?? {};
  const lp =
    typeof args.policy === 'string' || args.policy instanceof Uint8Array
      ? parsePolicy(args.policy, f.policy ?? '<policy>')
      : args.policy;
  const policy = lp.policy;
  const loaded = parseInputs(args.inputs, f.inputs ?? '<inputs>', policy.reportingDecimals);
  const inputs = loaded.inputs;
  if (inputs.reportingCurrency !== policy.reportingCurrency)
    loaded.fail(
      '$.reportingCurrency',
      `currency mismatch: policy ${policy.id} reports in ${policy.reportingCurrency}, the inputs in ${inputs.reportingCurrency}`
    );
  const liabilities = parseLiabilities(args.liabilities, f.liabilities ?? 'root.json');
  if (inputs.round?.exchange !== undefined && inputs.round.exchange !== liabilities.round.exchange)
    loaded.fail(
      '$.round.exchange',
      `inputs are for exchange "${inputs.round.exchange}", liabilities for "${liabilities.round.exchange}"`
    );
  if (inputs.round?.period !== undefined && inputs.round.period !== liabilities.round.period)
    loaded.fail(
      '$.round.period',
      `inputs are for period "${inputs.round.period}", liabilities for "${liabilities.round.period}"`
    );
  const { reserves, sha256: evidenceSha256 } = parseReserves(
    args.reserves,
    liabilities,
    f.reserves ?? 'evidence.json'
  );
  const prices = priceMap(
    loaded,
    liabilities.assets.map((a) => a.symbol)
  );
  const snapshotDate = liabilities.round.snapshotTime.slice(0, 10);

  const book = new Book(policy.reportingCurrency, policy.reportingDecimals);
  const val = custodyChecks(book, policy, liabilities, reserves, prices);
  let required: Decimal = ZERO;
  let offchain: Decimal = ZERO;
  let insurance: Decimal = ZERO;
  if (policy.liabilityReserve) {
    const r = liabilityReserve(book, policy, policy.liabilityReserve, loaded, val, snapshotDate);
    required = r.required;
    offchain = r.offchainAssets;
    insurance = r.insuranceOffset;
  }
  if (policy.capital) capitalCheck(book, policy, policy.capital, loaded, snapshotDate);

  if (val.liabilitiesValue.n > 0n) {
    const num = sum([val.coldValue, val.hotValue, val.ownValue, offchain, insurance]);
    book.term(
      'regulatoryCoverageRatio',
      'Regulatory coverage ratio (on-chain holdings + off-chain reserve assets + insurance) / liabilities',
      `(${book.fmt(val.coldValue)} + ${book.fmt(val.hotValue)} + ${book.fmt(val.ownValue)} + ${book.fmt(offchain)} + ${book.fmt(insurance)}) / ${book.fmt(val.liabilitiesValue)}, rounded down`,
      formatFixed(div(num, val.liabilitiesValue, 6, 'floor'), 6),
      'ratio',
      fromParams([], 'published ratio; the checks decide, not this ratio')
    );
  }
  const pass = book.checks.length > 0 && book.checks.every((c) => c.pass);
  const out: PolicyEvaluation = {
    id: policy.id,
    version: policy.version,
    sha256: lp.sha256,
    reportingCurrency: policy.reportingCurrency,
    inputs: loaded.json,
    inputsSha256: loaded.sha256,
    terms: book.terms,
    checks: book.checks,
    requiredReserve: book.fmt(required),
    pass,
    roundId: liabilities.roundId,
    rootCommitment: liabilities.rootCommitment,
    evidenceSha256,
  };
  return out;
}

/** Prices by asset: one for every asset in the liabilities, in the reporting currency. */
function priceMap(loaded: LoadedInputs, symbols: readonly string[]): Map<string, Price> {
  const m = new Map<string, Price>();
  loaded.inputs.prices.forEach((p, i) => {
    if (!symbols.includes(p.asset))
      loaded.fail(
        `$.prices[${i}].asset`,
        `price for "${p.asset}", which is not in the liabilities' asset list`
      );
    m.set(p.asset, p);
  });
  for (const sym of symbols)
    if (!m.has(sym))
      loaded.fail('$.prices', `missing a price for "${sym}" (an asset in the liabilities)`);
  return m;
}
