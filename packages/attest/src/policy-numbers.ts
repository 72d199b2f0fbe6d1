/**
 * Every number of the embedded policy evaluation that follows from the others, checked from the
 * attestation alone (issue 12, SPEC.md §"Self-consistent attestations"). The evaluation is the
 * pinned `PolicyEvaluation` of @kura/policy: terms and checks with stable ids
 * (`price:<A>`, `liabilities:<A>`, `customer-cold:<A>`, `inKind:<A>`, `liabilityReserve`, …).
 *
 * What is recomputed (each relation only where the terms it needs are present; the full re-run
 * with the policy file — `verifyAttestation`'s `policyFile` — checks the rest):
 * - every check: `pass` = (actual ≥ required) — the only comparator of `kura-policy/1`
 *   (`POLICY_CHECK_VALUE` when a figure is not a decimal, `POLICY_CHECK_PASS_MISMATCH`);
 * - `policy.requiredReserve` = the `liabilityReserve` check's required = the `requiredReserve`
 *   term, and the reserve is stated whole (the check with the `baseReserve`,
 *   `reserveBeforeBounds`, `requiredReserve` and `reserveAssets` terms) or not at all
 *   (`REQUIRED_RESERVE_MISMATCH`);
 * - the data terms = the attestation's own prices, liabilities totals and reserves by custody
 *   class, and the embedded inputs (their currency and round, own funds, each insurance credit
 *   0 or limit − deductible, each reserve-fund credit floor(declared × (1 − the haircut its
 *   formula states))) (`POLICY_DATA_MISMATCH`);
 * - the custody checks' actual holdings = the attested reserves (`inKind:<A>` cold + hot,
 *   `coldStorage:<A>` cold, `hotBacking:<A>` own) and their requirements = ceil(ratio × the
 *   attested base) with the ratio their label states; the aggregate cold-storage, reserve and
 *   capital checks = their terms (`POLICY_CHECK_MISMATCH`);
 * - the valuations Σ ceil(L × price) and Σ floor(H × price), the cold share and the cold
 *   requirement, the published regulatory coverage ratio, in-kind coverage ratios, the base
 *   reserve (max or sum of the components, as its formula states), the reserve before bounds
 *   (ceil(base × incident × security multiplier), at least the largest-loss floor), the clamp to
 *   the bounds, the insurance counted (min of credit and cap), the eligible reserve assets
 *   (Σ of the credits) and the capital requirement (Σ over the licensed classes of the fixed
 *   minimum, or its max / sum with ceil(fraction × the declared overheads))
 *   (`POLICY_TERM_MISMATCH`);
 * - term and check ids are unique (`POLICY_DUPLICATE_ID`).
 * @module
 */
import {
  add,
  cmp,
  type Decimal,
  div,
  formatDecimal,
  fromBaseUnits,
  max,
  min,
  mul,
  parseDecimal,
  rescale,
  sub,
} from '@kura/codec';
import type { Attestation, PolicyCheck, PolicyTerm } from './attestation.js';

/** Codes of {@link checkPolicyNumbers}. */
export type PolicyNumbersCode =
  | 'POLICY_DUPLICATE_ID'
  | 'POLICY_CHECK_VALUE'
  | 'POLICY_CHECK_PASS_MISMATCH'
  | 'REQUIRED_RESERVE_MISMATCH'
  | 'POLICY_DATA_MISMATCH'
  | 'POLICY_CHECK_MISMATCH'
  | 'POLICY_TERM_MISMATCH';

/** The first relation that does not hold, or null. */
export type PolicyNumbersFailure = { code: PolicyNumbersCode; message: string } | null;

class Mismatch extends Error {
  constructor(
    readonly code: PolicyNumbersCode,
    message: string
  ) {
    super(message);
  }
}

/** The ratio each custody check's label states (`@kura/policy` custody.ts wording). */
const RATIO_IN_LABEL = {
  inKind: /^Customer holdings of \S+ ≥ ([0-9.]+) × liabilities$/,
  coldStorage: /^Cold storage of \S+ ≥ ([0-9.]+) of customer holdings of \S+$/,
  hotBacking: /^Exchange-own \S+ ≥ ([0-9.]+) × customer \S+ held hot/,
} as const;
const BASE_NAME = {
  inKind: 'liabilities',
  coldStorage: 'customer holdings',
  hotBacking: 'customerHot',
} as const;

const ZERO: Decimal = { n: 0n, scale: 0 };
const ONE: Decimal = { n: 1n, scale: 0 };

/** A decimal figure of the evaluation, or a {@link Mismatch} naming it. */
function num(v: string, what: string, code: PolicyNumbersCode): Decimal {
  try {
    return parseDecimal(v, what);
  } catch {
    throw new Mismatch(code, `${what} is ${JSON.stringify(v)}, not a decimal number`);
  }
}

/** Fraction digits a money figure is written with (the reporting currency's minor unit). */
function scaleOf(v: string): number {
  const dot = v.indexOf('.');
  return dot < 0 ? 0 : v.length - dot - 1;
}

const show = (d: Decimal): string => formatDecimal(d);
const eq = (a: Decimal, b: Decimal): boolean => cmp(a, b) === 0;
const total = (xs: readonly Decimal[]): Decimal => xs.reduce((a, b) => add(a, b), ZERO);

/**
 * Check the relations of the module doc on a parsed attestation. Returns the first failure or
 * null; never throws on a parsed document.
 */
export function checkPolicyNumbers(att: Attestation): PolicyNumbersFailure {
  try {
    run(att);
    return null;
  } catch (e) {
    if (e instanceof Mismatch) return { code: e.code, message: e.message };
    throw e;
  }
}

function run(att: Attestation): void {
  const pol = att.policy;
  const terms = new Map<string, PolicyTerm>();
  for (const t of pol.terms) {
    if (terms.has(t.id))
      throw new Mismatch('POLICY_DUPLICATE_ID', `policy term "${t.id}" appears twice`);
    terms.set(t.id, t);
  }
  const checks = new Map<string, PolicyCheck>();
  for (const c of pol.checks) {
    if (checks.has(c.id))
      throw new Mismatch('POLICY_DUPLICATE_ID', `policy check "${c.id}" appears twice`);
    checks.set(c.id, c);
  }

  // 1. each check's flag follows from its own figures: actual ≥ required
  for (const c of pol.checks) {
    const req = num(c.required, `check ${c.id} required`, 'POLICY_CHECK_VALUE');
    const act = num(c.actual, `check ${c.id} actual`, 'POLICY_CHECK_VALUE');
    const pass = cmp(act, req) >= 0;
    if (pass !== c.pass)
      throw new Mismatch(
        'POLICY_CHECK_PASS_MISMATCH',
        `check ${c.id} says pass: ${c.pass}, but actual ${c.actual} is ${pass ? '≥' : '<'} required ${c.required}`
      );
  }

  // 2. the required reserve is the one the reserve check and its term state
  const rr = num(pol.requiredReserve, 'policy.requiredReserve', 'REQUIRED_RESERVE_MISMATCH');
  const lrCheck = checks.get('liabilityReserve');
  if (
    lrCheck &&
    !eq(num(lrCheck.required, 'check liabilityReserve required', 'POLICY_CHECK_VALUE'), rr)
  )
    throw new Mismatch(
      'REQUIRED_RESERVE_MISMATCH',
      `policy.requiredReserve is ${pol.requiredReserve}, but the liabilityReserve check requires ${lrCheck.required}`
    );
  // @kura/policy books the reserve whole or not at all: a part removed hides the rest
  const parts = ['baseReserve', 'reserveBeforeBounds', 'requiredReserve', 'reserveAssets'];
  const present = parts.filter((id) => terms.has(id));
  if ((present.length > 0 || lrCheck) && (present.length < parts.length || !lrCheck))
    throw new Mismatch(
      'REQUIRED_RESERVE_MISMATCH',
      `the liability reserve is only partly stated: ${lrCheck ? 'the liabilityReserve check' : 'no liabilityReserve check'}, terms ${present.join(', ') || 'none'} of ${parts.join(', ')}`
    );
  const rrTerm = terms.get('requiredReserve');
  if (rrTerm && !eq(termNum(rrTerm), rr))
    throw new Mismatch(
      'REQUIRED_RESERVE_MISMATCH',
      `policy.requiredReserve is ${pol.requiredReserve}, but the requiredReserve term is ${rrTerm.value}`
    );

  // 3. the data terms are the attestation's own numbers
  const L = att.liabilities;
  const assets = L.assets.map((a, i) => {
    const r = att.reserves.assets[i]!;
    const units = (x: string | bigint) => fromBaseUnits(BigInt(x), a.decimals);
    return {
      symbol: a.symbol,
      decimals: a.decimals,
      price: num(att.prices[i]!.price, `prices[${i}].price`, 'POLICY_DATA_MISMATCH'),
      liabilities: units(L.totals[i]!),
      cold: units(r.customerCold),
      hot: units(r.customerHot),
      own: units(r.exchangeOwn),
    };
  });
  const bySymbol = new Map(assets.map((a) => [a.symbol, a]));
  for (const a of assets) {
    const data: [string, Decimal, string][] = [
      [`price:${a.symbol}`, a.price, `prices ${a.symbol}`],
      [`liabilities:${a.symbol}`, a.liabilities, `liabilities.totals of ${a.symbol}`],
      [`customer-cold:${a.symbol}`, a.cold, `reserves ${a.symbol}.customerCold`],
      [`customer-hot:${a.symbol}`, a.hot, `reserves ${a.symbol}.customerHot`],
      [`exchange-own:${a.symbol}`, a.own, `reserves ${a.symbol}.exchangeOwn`],
    ];
    for (const [id, want, where] of data) {
      const t = terms.get(id);
      if (t && !eq(termNum(t), want))
        throw new Mismatch(
          'POLICY_DATA_MISMATCH',
          `policy term ${id} is ${t.value}, but the attestation's ${where} is ${show(want)}`
        );
    }
  }
  inputsData(att, terms);
  const declared = (pol.inputs as { ownFunds?: { amount?: unknown } }).ownFunds?.amount;
  const ownT = terms.get('ownFunds');
  if (ownT && typeof declared === 'string') {
    const want = num(declared, 'policy.inputs.ownFunds.amount', 'POLICY_DATA_MISMATCH');
    if (!eq(termNum(ownT), want))
      throw new Mismatch(
        'POLICY_DATA_MISMATCH',
        `policy term ownFunds is ${ownT.value}, but the embedded inputs declare ${declared}`
      );
  }
  for (const id of terms.keys()) {
    const m = /^(price|liabilities|customer-cold|customer-hot|exchange-own|coverage):(.+)$/.exec(
      id
    );
    if (m && !bySymbol.has(m[2]!))
      throw new Mismatch('POLICY_DATA_MISMATCH', `policy term ${id} names an asset not attested`);
  }

  // 4. the custody checks count the attested holdings
  for (const c of pol.checks) {
    const m = /^(inKind|coldStorage|hotBacking):(.+)$/.exec(c.id);
    if (!m) continue;
    const a = bySymbol.get(m[2]!);
    if (!a)
      throw new Mismatch('POLICY_CHECK_MISMATCH', `check ${c.id} names an asset not attested`);
    const want = m[1] === 'inKind' ? add(a.cold, a.hot) : m[1] === 'coldStorage' ? a.cold : a.own;
    const what =
      m[1] === 'inKind'
        ? 'customerCold + customerHot'
        : m[1] === 'coldStorage'
          ? 'customerCold'
          : 'exchangeOwn';
    if (!eq(num(c.actual, c.id, 'POLICY_CHECK_VALUE'), want))
      throw new Mismatch(
        'POLICY_CHECK_MISMATCH',
        `check ${c.id} counts ${c.actual} ${a.symbol}, but the attested ${what} is ${show(want)}`
      );
    // the requirement: ceil(ratio × base) in base units, with the ratio the label states
    const ratio = RATIO_IN_LABEL[m[1] as keyof typeof RATIO_IN_LABEL].exec(c.label)?.[1];
    if (ratio === undefined) continue;
    const base =
      m[1] === 'inKind' ? a.liabilities : m[1] === 'coldStorage' ? add(a.cold, a.hot) : a.hot;
    const need = rescale(
      mul(num(ratio, `check ${c.id} ratio`, 'POLICY_CHECK_MISMATCH'), base),
      a.decimals,
      'ceil'
    );
    if (!eq(num(c.required, c.id, 'POLICY_CHECK_VALUE'), need))
      throw new Mismatch(
        'POLICY_CHECK_MISMATCH',
        `check ${c.id} requires ${c.required} ${a.symbol}, but ${ratio} × the attested ${BASE_NAME[m[1] as keyof typeof BASE_NAME]} is ${show(need)}`
      );
  }

  // 5. valuations: liabilities rounded up, holdings rounded down, per asset, then summed
  const valuations: [string, (a: (typeof assets)[number]) => Decimal, 'ceil' | 'floor'][] = [
    ['liabilitiesValue', (a) => a.liabilities, 'ceil'],
    ['customerColdValue', (a) => a.cold, 'floor'],
    ['customerHotValue', (a) => a.hot, 'floor'],
    ['exchangeOwnValue', (a) => a.own, 'floor'],
  ];
  for (const [id, amount, mode] of valuations) {
    const t = terms.get(id);
    if (!t) continue;
    const sc = scaleOf(t.value);
    const want = total(assets.map((a) => rescale(mul(amount(a), a.price), sc, mode)));
    derived(t, want, `Σ ${mode}(amount × price) over the attested assets`);
  }
  const cv = terms.get('customerColdValue');
  const hv = terms.get('customerHotValue');
  const coldReq = terms.get('coldRequired');
  const coldRatio = coldReq && /^ceil\(([0-9.]+) × \(/.exec(coldReq.formula)?.[1];
  if (coldReq && coldRatio && cv && hv)
    derived(
      coldReq,
      rescale(
        mul(
          num(coldRatio, 'coldRequired ratio', 'POLICY_TERM_MISMATCH'),
          add(termNum(cv), termNum(hv))
        ),
        scaleOf(coldReq.value),
        'ceil'
      ),
      `ceil(${coldRatio} × (customerColdValue + customerHotValue))`
    );
  const cr = terms.get('coldRatio');
  if (cr && cv && hv) {
    const sumCH = add(termNum(cv), termNum(hv));
    if (sumCH.n > 0n)
      derived(cr, div(termNum(cv), sumCH, 6, 'floor'), 'customerColdValue / (cold + hot value)');
  }
  for (const a of assets) {
    const t = terms.get(`coverage:${a.symbol}`);
    if (t && a.liabilities.n > 0n)
      derived(t, div(add(a.cold, a.hot), a.liabilities, 6, 'floor'), '(cold + hot) / liabilities');
  }

  // 6. the reserve's own arithmetic, as each term's formula states it
  const tv = (id: string): Decimal | null => {
    const t = terms.get(id);
    return t ? termNum(t) : null;
  };
  const tvOr = (id: string, d: Decimal): Decimal => tv(id) ?? d;
  const components = pol.terms.filter((t) => t.id.startsWith('component:')).map(termNum);
  const base = terms.get('baseReserve');
  if (base && components.length > 0) {
    const op = /^(max|sum)\(/.exec(base.formula)?.[1];
    if (!op)
      throw new Mismatch(
        'POLICY_TERM_MISMATCH',
        `the baseReserve formula ${JSON.stringify(base.formula)} names neither max nor sum`
      );
    derived(
      base,
      op === 'max' ? components.reduce((a, b) => max(a, b)) : total(components),
      `${op} of the component:* terms`
    );
  }
  const before = terms.get('reserveBeforeBounds');
  if (before && base) {
    const scaled = rescale(
      mul(mul(termNum(base), tvOr('incidentMultiplier', ONE)), tvOr('securityMultiplier', ONE)),
      scaleOf(before.value),
      'ceil'
    );
    derived(
      before,
      max(scaled, tvOr('largestLossFloor', ZERO)),
      'max(ceil(baseReserve × incidentMultiplier × securityMultiplier), largestLossFloor)'
    );
  }
  if (rrTerm && before) {
    const m = /^clamp\(([^,]+), ([^,]+), ([^,)]+)\)$/.exec(rrTerm.formula);
    let want = termNum(before);
    if (m) {
      const bound = (s: string, w: string) =>
        s === '−' ? null : num(s, `requiredReserve ${w} bound`, 'POLICY_TERM_MISMATCH');
      const lo = bound(m[2]!, 'lower');
      const hi = bound(m[3]!, 'upper');
      if (!eq(num(m[1]!, 'requiredReserve clamp', 'POLICY_TERM_MISMATCH'), want))
        throw new Mismatch(
          'POLICY_TERM_MISMATCH',
          `the requiredReserve formula clamps ${m[1]}, not reserveBeforeBounds ${before.value}`
        );
      if (lo) want = max(want, lo);
      if (hi) want = min(want, hi);
    }
    derived(
      rrTerm,
      want,
      m ? 'the clamp of reserveBeforeBounds to the stated bounds' : 'reserveBeforeBounds'
    );
  }
  for (const tag of ['', 'capital:']) {
    const off = terms.get(`${tag}insuranceOffset`);
    const capT = terms.get(`${tag}insuranceCap`);
    if (!off || !capT) continue;
    const credits = pol.terms.filter((t) => t.id.startsWith(`${tag}insurance:`)).map(termNum);
    derived(
      off,
      min(total(credits), termNum(capT)),
      `min(Σ ${tag}insurance:*, ${tag}insuranceCap)`
    );
  }
  const raTerm = terms.get('reserveAssets');
  if (raTerm) {
    const credits = pol.terms.filter((t) => t.id.startsWith('reserveAsset:')).map(termNum);
    derived(raTerm, total(credits), 'Σ reserveAsset:*');
  }
  const rcr = terms.get('regulatoryCoverageRatio');
  const lv = tv('liabilitiesValue');
  if (rcr && lv && lv.n > 0n && cv && hv) {
    const offchain = pol.terms
      .filter((t) => t.id.startsWith('reserveAsset:') && t.id !== 'reserveAsset:onchain-excess')
      .map(termNum);
    const num_ = total([
      termNum(cv),
      termNum(hv),
      tvOr('exchangeOwnValue', ZERO),
      total(offchain),
      tvOr('insuranceOffset', ZERO),
    ]);
    derived(
      rcr,
      div(num_, lv, 6, 'floor'),
      '(cold + hot + own value + off-chain reserve assets + insurance) / liabilitiesValue'
    );
  }
  capitalArithmetic(att, terms);
  // 7. the aggregate cold-storage, reserve and capital checks are their terms
  const same = (
    c: PolicyCheck | undefined,
    field: 'required' | 'actual',
    want: Decimal | null,
    what: string
  ) => {
    if (!c || want === null) return;
    if (!eq(num(c[field], c.id, 'POLICY_CHECK_VALUE'), want))
      throw new Mismatch(
        'POLICY_CHECK_MISMATCH',
        `check ${c.id} ${field} is ${c[field]}, but ${what} is ${show(want)}`
      );
  };
  same(checks.get('coldStorage'), 'required', tv('coldRequired'), 'the coldRequired term');
  same(checks.get('coldStorage'), 'actual', tv('customerColdValue'), 'the customerColdValue term');
  same(lrCheck, 'required', tv('requiredReserve'), 'the requiredReserve term');
  const ra = tv('reserveAssets');
  same(
    lrCheck,
    'actual',
    ra && add(ra, tvOr('insuranceOffset', ZERO)),
    'reserveAssets + insuranceOffset'
  );
  const cap = checks.get('capital');
  same(cap, 'required', tv('capitalRequirement'), 'the capitalRequirement term');
  const own = tv('ownFunds');
  same(
    cap,
    'actual',
    own && add(own, tvOr('capital:insuranceOffset', ZERO)),
    'ownFunds + capital:insuranceOffset'
  );
}

/** The embedded inputs: the round and currency they are for, insurance and reserve-fund credits. */
function inputsData(att: Attestation, terms: ReadonlyMap<string, PolicyTerm>): void {
  const inputs = att.policy.inputs as {
    reportingCurrency?: unknown;
    round?: { exchange?: unknown; period?: unknown };
    insurance?: unknown;
    reserveFund?: unknown;
  };
  const bad = (message: string): never => {
    throw new Mismatch('POLICY_DATA_MISMATCH', message);
  };
  if (inputs.reportingCurrency !== att.policy.reportingCurrency)
    bad(
      `the embedded inputs are in ${String(inputs.reportingCurrency)}, the evaluation in ${att.policy.reportingCurrency}`
    );
  if (inputs.round?.exchange !== undefined && inputs.round.exchange !== att.round.exchange)
    bad('the embedded inputs are for another exchange');
  if (inputs.round?.period !== undefined && inputs.round.period !== att.round.period)
    bad('the embedded inputs are for another period');
  // an insurance credit is the declared limit − deductible, or 0 when the policy does not count it
  const declared = Array.isArray(inputs.insurance) ? inputs.insurance : [];
  for (const [id, t] of terms) {
    const m = /^(capital:)?insurance:(.+)$/.exec(id);
    if (!m) continue;
    const purpose = m[1] ? 'capital' : 'liabilityReserve';
    const p = declared.find((x) => isRecord(x) && x.id === m[2] && x.appliesTo === purpose) as
      | Record<string, unknown>
      | undefined;
    if (!p) bad(`policy term ${id}: no ${purpose} insurance "${m[2]}" in the embedded inputs`);
    const limit = num(String(p!.limit), `insurance ${m[2]} limit`, 'POLICY_DATA_MISMATCH');
    const deductible = num(
      String(p!.deductible),
      `insurance ${m[2]} deductible`,
      'POLICY_DATA_MISMATCH'
    );
    const full = max(sub(limit, deductible), ZERO);
    const v = termNum(t);
    if (!eq(v, ZERO) && !eq(v, full))
      bad(`policy term ${id} is ${t.value}; the embedded inputs allow 0 or ${show(full)}`);
  }
  // a reserve-fund credit is floor(declared × (1 − haircut)), the haircut its formula states
  const funds = Array.isArray(inputs.reserveFund) ? inputs.reserveFund : [];
  for (const [id, t] of terms) {
    const m = /^reserveAsset:(.+)$/.exec(id);
    if (!m || m[1] === 'onchain-excess') continue;
    const held = total(
      funds
        .filter((f) => isRecord(f) && f.class === m[1])
        .map((f) =>
          num(
            String((f as Record<string, unknown>).amount),
            `reserveFund ${m[1]}`,
            'POLICY_DATA_MISMATCH'
          )
        )
    );
    const h = /^floor\([0-9.]+ × \(1 − ([0-9.]+)\)\)/.exec(t.formula)?.[1];
    // not an eligible class ("counts 0") unless the formula applies a haircut
    const want =
      h === undefined
        ? ZERO
        : rescale(
            mul(held, sub(ONE, num(h, `${id} haircut`, 'POLICY_TERM_MISMATCH'))),
            scaleOf(t.value),
            'floor'
          );
    if (!eq(termNum(t), want))
      bad(
        `policy term ${id} is ${t.value}, but the embedded inputs hold ${show(held)} of it${h === undefined ? ' (not eligible: 0)' : ` (haircut ${h})`}: ${show(want)}`
      );
  }
}

/**
 * The capital requirement: per licensed class (the embedded inputs' `licenceClasses`) its fixed
 * minimum, or the max / sum its formula names of that minimum and ceil(fraction × the declared
 * fixed overheads); the requirement is their sum.
 */
function capitalArithmetic(att: Attestation, terms: ReadonlyMap<string, PolicyTerm>): void {
  const req = terms.get('capitalRequirement');
  if (!req) return;
  const inputs = att.policy.inputs as {
    licenceClasses?: unknown;
    fixedOverheads?: { amount?: unknown };
  };
  const classes = Array.isArray(inputs.licenceClasses) ? inputs.licenceClasses : [];
  const parts: Decimal[] = [];
  for (const name of classes) {
    const fixed = terms.get(`capital:${name}:fixedMinimum`);
    if (!fixed)
      throw new Mismatch(
        'POLICY_TERM_MISMATCH',
        `no capital:${String(name)}:fixedMinimum term for the licensed class "${String(name)}"`
      );
    const whole = terms.get(`capital:${name}`);
    const share = terms.get(`capital:${name}:overheadShare`);
    if (share) {
      const m = /^ceil\(([0-9.]+) × ([0-9.]+)\)$/.exec(share.formula);
      const oh = inputs.fixedOverheads?.amount;
      if (m && typeof oh === 'string') {
        if (
          !eq(
            num(m[2]!, 'overheads', 'POLICY_TERM_MISMATCH'),
            num(oh, 'fixedOverheads', 'POLICY_DATA_MISMATCH')
          )
        )
          throw new Mismatch(
            'POLICY_DATA_MISMATCH',
            `capital:${name}:overheadShare uses overheads ${m[2]}, the embedded inputs declare ${oh}`
          );
        derived(
          share,
          rescale(
            mul(
              num(m[1]!, 'fraction', 'POLICY_TERM_MISMATCH'),
              num(oh, 'fixedOverheads', 'POLICY_DATA_MISMATCH')
            ),
            scaleOf(share.value),
            'ceil'
          ),
          `ceil(${m[1]} × fixedOverheads)`
        );
      }
    }
    if (whole) {
      const op = /^(max|sum)\(/.exec(whole.formula)?.[1];
      if (!op || !share)
        throw new Mismatch(
          'POLICY_TERM_MISMATCH',
          `the capital:${name} formula ${JSON.stringify(whole.formula)} does not combine the fixed minimum and the overhead share`
        );
      derived(
        whole,
        op === 'max' ? max(termNum(fixed), termNum(share)) : add(termNum(fixed), termNum(share)),
        `${op}(fixed minimum, overhead share)`
      );
      parts.push(termNum(whole));
    } else parts.push(termNum(fixed));
  }
  derived(req, total(parts), 'Σ over the licensed classes');
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function termNum(t: PolicyTerm): Decimal {
  return num(t.value, `policy term ${t.id}`, 'POLICY_TERM_MISMATCH');
}

function derived(t: PolicyTerm, want: Decimal, how: string): void {
  if (!eq(termNum(t), want))
    throw new Mismatch(
      'POLICY_TERM_MISMATCH',
      `policy term ${t.id} is ${t.value}, but ${how} is ${show(want)}`
    );
}
