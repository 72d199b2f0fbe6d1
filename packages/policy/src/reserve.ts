/**
 * The liability reserve: components (volume-tiered over an N-year average, custody charges by
 * storage type, fixed amounts) combined by max or sum; the incident-history multiplier (loss rate
 * over a lookback window, from a table) and its largest-loss floor; security-posture multipliers
 * applied only when their evidence is present; min / max bounds; the insurance offset capped at a
 * fraction of the requirement; eligible reserve assets with haircuts.
 *
 * Rounding points (README "Rounding"):
 * - R2 average volume: `ceil(Σ volumes / N)` to the minor unit.
 * - R3 each component: `ceil(…)` to the minor unit.
 * - R4 loss rate: `ceil(losses / average customer assets)` to 9 digits; the band is looked up on
 *   this rounded rate.
 * - R5 reserve before bounds: `ceil(base × m_incident × m_security)`; largest-loss floor
 *   `ceil(fraction × largest loss)`.
 * - R6 insurance cap: `floor(maxFraction × requirement)`.
 * - R7 each eligible asset class: `floor(amount × (1 − haircut))`.
 * @module
 */
import {
  cmp,
  type Decimal,
  dec,
  div,
  formatFixed,
  fromBaseUnits,
  max,
  min,
  mul,
  sub,
} from '@kura/codec';
import { type Book, fromData, fromParams, label, ONE, type Ref, s, sum, ZERO } from './book.js';
import { coldShareAtLeast, type Valuation } from './custody.js';
import { dayNumber } from './dates.js';
import type { LoadedInputs } from './inputs-file.js';
import type {
  CustodyComponent,
  IncidentBand,
  InsuranceOffset,
  InsurancePolicy,
  LiabilityReserve,
  Policy,
  ReserveComponent,
  Tier,
} from './types.js';

/** Outcome of the reserve step. */
export interface ReserveResult {
  readonly required: Decimal;
  readonly sources: Decimal;
  /** Off-chain reserve assets after haircuts (for the published coverage ratio). */
  readonly offchainAssets: Decimal;
  readonly insuranceOffset: Decimal;
  readonly pass: boolean;
}

const P = '/liabilityReserve';

/** Compute the liability reserve and its check. */
export function liabilityReserve(
  book: Book,
  policy: Policy,
  lr: LiabilityReserve,
  loaded: LoadedInputs,
  val: Valuation,
  snapshotDate: string
): ReserveResult {
  const inputs = loaded.inputs;
  // Components.
  const values: Decimal[] = [];
  const compRefs: Ref[] = [];
  lr.components.forEach((c, i) => {
    const v = component(book, c, `${P}/components/${i}`, loaded, val);
    values.push(v.value);
    compRefs.push(...v.refs);
  });
  const combineRef: Ref = { pointer: `${P}/combine`, param: lr.combine };
  const base = lr.combine.value === 'max' ? values.reduce((a, b) => max(a, b)) : sum(values);
  book.money(
    'baseReserve',
    `Base reserve (${lr.combine.value} of the components)`,
    `${lr.combine.value}(${values.map((v) => book.fmt(v)).join(', ')})`,
    base,
    fromParams([combineRef, ...compRefs])
  );

  // Incident history.
  let mInc = ONE;
  let lossFloor = ZERO;
  const incRefs: Ref[] = [];
  if (lr.incidentHistory) {
    const ih = lr.incidentHistory;
    const n = ih.lookbackYears.value;
    incRefs.push(
      { pointer: `${P}/incidentHistory/lookbackYears`, param: ih.lookbackYears },
      { pointer: `${P}/incidentHistory/table`, param: ih.table }
    );
    const from = yearsBefore(snapshotDate, n);
    const inWindow = inputs.incidents.filter((x) => x.date > from && x.date <= snapshotDate);
    const losses = sum(inWindow.map((x) => x.loss));
    book.money(
      'incidentLosses',
      `Incident losses in the ${n} years to ${snapshotDate}`,
      inWindow.length
        ? `Σ losses dated after ${from} = ${inWindow.map((x) => s(x.loss)).join(' + ')}`
        : `no incident dated after ${from}`,
      losses,
      fromData('inputs', 'inputs incidents')
    );
    let rate = ZERO;
    if (losses.n > 0n) {
      const avg = inputs.averageCustomerAssets;
      if (!avg)
        loaded.fail(
          '$',
          `missing "averageCustomerAssets": the policy's incident multiplier divides the ${n}-year losses by it`
        );
      if (avg.lookbackYears !== n)
        loaded.fail(
          '$.averageCustomerAssets.lookbackYears',
          `the policy's incident lookback is ${n} years, the inputs give ${avg.lookbackYears}`
        );
      book.money(
        'averageCustomerAssets',
        `Average customer assets over ${n} years`,
        'declared',
        avg.value,
        fromData('inputs', 'inputs averageCustomerAssets')
      );
      rate = div(losses, avg.value, 9, 'ceil');
      book.term(
        'lossRate',
        'Loss rate',
        `ceil9(${s(losses)} / ${s(avg.value)})`,
        formatFixed(rate, 9),
        'ratio',
        fromParams(incRefs.slice(0, 1), 'rounded up to 9 digits')
      );
    } else {
      book.term(
        'lossRate',
        'Loss rate',
        'no losses in the window',
        '0',
        'ratio',
        fromParams(incRefs.slice(0, 1))
      );
    }
    const band = lookup(ih.table.value, rate);
    mInc = band.multiplier;
    book.term(
      'incidentMultiplier',
      'Incident-history multiplier',
      `table band ${band.above === null ? '(−∞' : `(${s(band.above)}`}, ${band.upTo === null ? '∞)' : `${s(band.upTo)}]`} for loss rate ${formatFixed(rate, 9)}`,
      s(mInc),
      'ratio',
      fromParams(incRefs)
    );
    if (ih.largestLossFloor) {
      const f = ih.largestLossFloor;
      const fFrom = yearsBefore(snapshotDate, f.lookbackYears.value);
      const largest = inputs.incidents
        .filter((x) => x.date > fFrom && x.date <= snapshotDate)
        .reduce((a, x) => max(a, x.loss), ZERO);
      lossFloor = book.up(mul(f.fraction.value, largest));
      book.money(
        'largestLossFloor',
        `Largest-loss floor (${s(f.fraction.value)} × largest loss in ${f.lookbackYears.value} years)`,
        `ceil(${s(f.fraction.value)} × ${s(largest)})`,
        lossFloor,
        fromParams([
          { pointer: `${P}/incidentHistory/largestLossFloor/fraction`, param: f.fraction },
          {
            pointer: `${P}/incidentHistory/largestLossFloor/lookbackYears`,
            param: f.lookbackYears,
          },
        ])
      );
    }
  }

  // Security posture: a factor applies only when its evidence is present.
  let mSec = ONE;
  const secRefs: Ref[] = [];
  if (lr.securityPosture) {
    const sp = lr.securityPosture;
    const applied: Decimal[] = [];
    sp.factors.forEach((f, i) => {
      const ref: Ref = {
        pointer: `${P}/securityPosture/factors/${i}/multiplier`,
        param: f.multiplier,
      };
      let ok: boolean;
      let why: string;
      if ('metric' in f.when) {
        ok = coldShareAtLeast(val, f.when.atLeast);
        why = `cold share ${ok ? '≥' : '<'} ${s(f.when.atLeast)}`;
      } else {
        const w = f.when;
        const snapDay = dayNumber(snapshotDate) as number;
        const ev = inputs.securityEvidence.find((e) => {
          if (e.type !== w.evidence) return false;
          const age = snapDay - (dayNumber(e.date) as number);
          return age >= 0 && (w.maxAgeDays === undefined || age <= w.maxAgeDays);
        });
        ok = ev !== undefined;
        why = ev
          ? `evidence "${w.evidence}" dated ${ev.date} (${ev.reference})`
          : `no evidence "${w.evidence}"${w.maxAgeDays !== undefined ? ` within ${w.maxAgeDays} days` : ''}: not applied`;
      }
      if (ok) {
        applied.push(f.multiplier.value);
        secRefs.push(ref);
      }
      book.term(
        `security:${f.id}`,
        label(f),
        why,
        ok ? s(f.multiplier.value) : '1',
        'ratio',
        fromParams([ref])
      );
    });
    if (applied.length > 0) {
      const raw =
        sp.combine.value === 'product'
          ? applied.reduce((a, b) => mul(a, b))
          : applied.reduce((a, b) => min(a, b));
      mSec = min(max(raw, sp.floor.value), sp.cap.value);
      secRefs.push(
        { pointer: `${P}/securityPosture/combine`, param: sp.combine },
        { pointer: `${P}/securityPosture/floor`, param: sp.floor },
        { pointer: `${P}/securityPosture/cap`, param: sp.cap }
      );
      book.term(
        'securityMultiplier',
        'Security-posture multiplier',
        `clamp(${sp.combine.value}(${applied.map(s).join(', ')}), ${s(sp.floor.value)}, ${s(sp.cap.value)})`,
        s(mSec),
        'ratio',
        fromParams(secRefs)
      );
    } else {
      book.term(
        'securityMultiplier',
        'Security-posture multiplier',
        'no factor applies',
        '1',
        'ratio',
        fromParams([{ pointer: `${P}/securityPosture/combine`, param: sp.combine }])
      );
    }
  }

  // Requirement before and after bounds.
  const scaled = book.up(mul(mul(base, mInc), mSec));
  const preRefs = [combineRef, ...compRefs, ...incRefs, ...secRefs];
  const before = max(scaled, lossFloor);
  book.money(
    'reserveBeforeBounds',
    'Reserve before bounds',
    lr.incidentHistory?.largestLossFloor
      ? `max(ceil(${book.fmt(base)} × ${s(mInc)} × ${s(mSec)}), ${book.fmt(lossFloor)})`
      : `ceil(${book.fmt(base)} × ${s(mInc)} × ${s(mSec)})`,
    before,
    fromParams(preRefs)
  );
  let required = before;
  const boundRefs: Ref[] = [];
  if (lr.bounds?.min) {
    required = max(required, lr.bounds.min.value);
    boundRefs.push({ pointer: `${P}/bounds/min`, param: lr.bounds.min });
  }
  if (lr.bounds?.max) {
    required = min(required, lr.bounds.max.value);
    boundRefs.push({ pointer: `${P}/bounds/max`, param: lr.bounds.max });
  }
  book.money(
    'requiredReserve',
    label(
      lr,
      (l) => `${l}: required`,
      (l) => `${l}：必要額`
    ),
    lr.bounds
      ? `clamp(${book.fmt(before)}, ${lr.bounds.min ? book.fmt(lr.bounds.min.value) : '−'}, ${lr.bounds.max ? book.fmt(lr.bounds.max.value) : '−'})`
      : 'reserve before bounds',
    required,
    fromParams([...preRefs, ...boundRefs])
  );

  // Insurance offset.
  const offset = insuranceOffset(
    book,
    policy,
    lr.insurance,
    `${P}/insurance`,
    'liabilityReserve',
    loaded,
    required,
    snapshotDate
  );

  // Eligible reserve assets.
  const credits: Decimal[] = [];
  const offchain: Decimal[] = [];
  const declared = new Map<string, Decimal>();
  for (const h of inputs.reserveFund)
    declared.set(h.class, sum([declared.get(h.class) ?? ZERO, h.amount]));
  lr.eligibleAssets.forEach((ea, i) => {
    const ref: Ref = { pointer: `${P}/eligibleAssets/${i}/haircut`, param: ea.haircut };
    const onchain = ea.class === 'onchain-excess';
    const amount = onchain ? val.excessValue : declared.get(ea.class);
    if (amount === undefined) return;
    const credit = book.down(mul(amount, sub(ONE, ea.haircut.value)));
    credits.push(credit);
    if (!onchain) offchain.push(credit);
    book.money(
      `reserveAsset:${ea.class}`,
      label(
        ea,
        (l) => `${l} (after ${s(ea.haircut.value)} haircut)`,
        (l) => `${l}（掛け目 ${s(ea.haircut.value)} 適用後）`
      ),
      `floor(${book.fmt(amount)} × (1 − ${s(ea.haircut.value)}))${onchain ? ' — on-chain holdings above the custody requirements' : ''}`,
      credit,
      fromParams([ref])
    );
  });
  for (const [cls, amount] of declared)
    if (!lr.eligibleAssets.some((e) => e.class === cls))
      book.money(
        `reserveAsset:${cls}`,
        `${cls}: not an eligible reserve asset under ${policy.id}`,
        `declared ${book.fmt(amount)}; counts 0`,
        ZERO,
        fromData('inputs', 'inputs reserveFund')
      );
  const assets = sum(credits);
  book.money(
    'reserveAssets',
    'Eligible reserve assets after haircuts',
    credits.length ? credits.map((c) => book.fmt(c)).join(' + ') : 'none',
    assets,
    fromParams(
      lr.eligibleAssets.map((ea, i) => ({
        pointer: `${P}/eligibleAssets/${i}/haircut`,
        param: ea.haircut,
      }))
    )
  );
  const sources = sum([assets, offset]);
  const pass = book.moneyCheck(
    'liabilityReserve',
    label(
      lr,
      (l) => `${l}: eligible assets + insurance ≥ required`,
      (l) => `${l}：準備金充当資産＋保険 ≧ 必要額`
    ),
    required,
    sources
  );
  return { required, sources, offchainAssets: sum(offchain), insuranceOffset: offset, pass };
}

/** One component's value (R2, R3), recorded as terms. */
function component(
  book: Book,
  c: ReserveComponent,
  ptr: string,
  loaded: LoadedInputs,
  val: Valuation
): { value: Decimal; refs: Ref[] } {
  if (c.type === 'fixed') {
    const refs: Ref[] = [{ pointer: `${ptr}/amount`, param: c.amount }];
    book.money(`component:${c.id}`, label(c), 'fixed amount', c.amount.value, fromParams(refs));
    return { value: c.amount.value, refs };
  }
  if (c.type === 'custody') {
    const refs: Ref[] = [
      { pointer: `${ptr}/rates/cold`, param: c.rates.cold },
      { pointer: `${ptr}/rates/hot`, param: c.rates.hot },
    ];
    const { cold, hot } = clientAssetsByStorage(book, val, c);
    const v = book.up(sum([mul(c.rates.cold.value, cold), mul(c.rates.hot.value, hot)]));
    book.money(
      `component:${c.id}`,
      label(c),
      `ceil(${s(c.rates.cold.value)} × ${book.fmt(cold)} (client assets in cold) + ${s(c.rates.hot.value)} × ${book.fmt(hot)} (client assets in hot))`,
      v,
      fromParams(refs)
    );
    return { value: v, refs };
  }
  const n = c.averagingYears.value;
  const refs: Ref[] = [
    { pointer: `${ptr}/averagingYears`, param: c.averagingYears },
    { pointer: `${ptr}/tierMode`, param: c.tierMode },
    { pointer: `${ptr}/tiers`, param: c.tiers },
  ];
  const vols = loaded.inputs.tradingVolumes
    .filter((v) => v.basis === c.basis)
    .sort((a, b) => b.year - a.year);
  if (vols.length < n)
    loaded.fail(
      '$.tradingVolumes',
      `component "${c.id}" averages ${n} years of "${c.basis}" volume; the inputs give ${vols.length}`
    );
  const used = vols.slice(0, n);
  used.forEach((v, k) => {
    if (k > 0 && v.year !== (used[k - 1]?.year as number) - 1)
      loaded.fail(
        '$.tradingVolumes',
        `component "${c.id}" needs ${n} consecutive years of "${c.basis}" volume; ${v.year + 1} is missing`
      );
  });
  const chron = [...used].reverse();
  const avg = book.up(div(sum(chron.map((v) => v.amount)), dec(n), book.decimals, 'ceil'));
  book.money(
    `volumeAverage:${c.id}`,
    `Average ${c.basis} volume, ${chron[0]?.year}–${chron[chron.length - 1]?.year}`,
    `ceil((${chron.map((v) => s(v.amount)).join(' + ')}) / ${n})`,
    avg,
    fromParams(refs.slice(0, 1))
  );
  const { value, formula } = tiered(c.tiers.value, c.tierMode.value, avg);
  const v = book.up(value);
  book.money(`component:${c.id}`, label(c), `ceil(${formula})`, v, fromParams(refs));
  return { value: v, refs };
}

/**
 * Client assets by storage type, valued (R1, rounded down): per asset, the customer liabilities
 * are attributed to the storage type with the higher rate first, never more than is held there;
 * holdings above the liabilities are the exchange's, not client assets, and are not charged.
 * (With holdings equal to liabilities this is simply the value held in each storage type.)
 */
function clientAssetsByStorage(
  book: Book,
  val: Valuation,
  c: CustodyComponent
): { cold: Decimal; hot: Decimal } {
  const hotFirst = cmp(c.rates.hot.value, c.rates.cold.value) >= 0;
  const cold: Decimal[] = [];
  const hot: Decimal[] = [];
  for (const a of val.assets) {
    const first = hotFirst ? a.hot : a.cold;
    const firstC = minBig(first, a.liabilities);
    const second = hotFirst ? a.cold : a.hot;
    const rest = a.liabilities - firstC;
    const secondC = minBig(second, rest);
    const hotC = hotFirst ? firstC : secondC;
    const coldC = hotFirst ? secondC : firstC;
    cold.push(book.down(mul(fromBaseUnits(coldC, a.decimals), a.price)));
    hot.push(book.down(mul(fromBaseUnits(hotC, a.decimals), a.price)));
  }
  return { cold: sum(cold), hot: sum(hot) };
}

/** The smaller of two bigints (Math.min does not take bigints). */
function minBig(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

/** Apply a tier schedule to `x`: marginal (each slice at its rate) or flat (all at one rate). */
export function tiered(
  tiers: readonly Tier[],
  mode: 'marginal' | 'flat',
  x: Decimal
): { value: Decimal; formula: string } {
  if (mode === 'flat') {
    const t = tiers.find((t) => t.upTo === null || cmp(x, t.upTo) <= 0) as Tier;
    return { value: mul(t.rate, x), formula: `${s(t.rate)} × ${s(x)}` };
  }
  const parts: string[] = [];
  const terms: Decimal[] = [];
  let lower = ZERO;
  for (const t of tiers) {
    if (cmp(x, lower) <= 0) break;
    const upper = t.upTo === null ? x : min(x, t.upTo);
    const slice = sub(upper, lower);
    terms.push(mul(t.rate, slice));
    parts.push(`${s(t.rate)} × ${s(slice)}`);
    if (t.upTo === null) break;
    lower = t.upTo;
  }
  return { value: sum(terms), formula: parts.length ? parts.join(' + ') : '0' };
}

/** The band whose `(above, upTo]` contains `rate` (bands are contiguous and cover all rates). */
function lookup(bands: readonly IncidentBand[], rate: Decimal): IncidentBand {
  return bands.find(
    (b) =>
      (b.above === null || cmp(rate, b.above) > 0) && (b.upTo === null || cmp(rate, b.upTo) <= 0)
  ) as IncidentBand;
}

/** The date `n` years before `date` (same month and day). */
function yearsBefore(date: string, n: number): string {
  return `${String(Number(date.slice(0, 4)) - n).padStart(4, '0')}${date.slice(4)}`;
}

/** Why an insurance policy does not count, or undefined if it is eligible. */
function ineligible(
  p: InsurancePolicy,
  offset: InsuranceOffset,
  snapshotDate: string
): string | undefined {
  const e = offset.eligibility.value;
  if (p.start > snapshotDate || p.end < snapshotDate) return `not in force on ${snapshotDate}`;
  const term = (dayNumber(p.end) as number) - (dayNumber(p.start) as number);
  if (e.minTermDays !== undefined && term < e.minTermDays)
    return `term ${term} days < ${e.minTermDays}`;
  if (
    e.minCancellationNoticeDays !== undefined &&
    p.cancellationNoticeDays < e.minCancellationNoticeDays
  )
    return `cancellation notice ${p.cancellationNoticeDays} days < ${e.minCancellationNoticeDays}`;
  if (e.thirdPartyInsurer && !p.thirdParty) return 'insurer is not a third party';
  if (e.authorisedInsurer && !p.authorisedInsurer) return 'insurer is not authorised';
  const missing = (e.requiredPerils ?? []).filter((x) => !p.perils.includes(x));
  if (missing.length) return `does not cover ${missing.join(', ')}`;
  return undefined;
}

/**
 * Insurance credit for `purpose`, capped at `floor(maxFraction × requirement)` (R6). Records one
 * term per declared policy, the credit, the cap and the offset; returns the offset.
 */
export function insuranceOffset(
  book: Book,
  policy: Policy,
  offset: InsuranceOffset | undefined,
  ptr: string,
  purpose: 'liabilityReserve' | 'capital',
  loaded: LoadedInputs,
  requirement: Decimal,
  snapshotDate: string
): Decimal {
  const declared = loaded.inputs.insurance.filter((p) => p.appliesTo === purpose);
  const tag = purpose === 'capital' ? 'capital:' : '';
  if (!offset) {
    for (const p of declared)
      book.money(
        `${tag}insurance:${p.id}`,
        `Insurance ${p.id} (${p.insurer})`,
        `${policy.id} allows no insurance offset here; counts 0`,
        ZERO,
        fromData('inputs', 'inputs insurance')
      );
    return ZERO;
  }
  const refs: Ref[] = [{ pointer: `${ptr}/eligibility`, param: offset.eligibility }];
  const credits: Decimal[] = [];
  for (const p of declared) {
    const why = ineligible(p, offset, snapshotDate);
    const credit = why ? ZERO : max(sub(p.limit, p.deductible), ZERO);
    credits.push(credit);
    book.money(
      `${tag}insurance:${p.id}`,
      `Insurance ${p.id} (${p.insurer})`,
      why
        ? `not eligible: ${why}; counts 0`
        : `limit − deductible = ${s(p.limit)} − ${s(p.deductible)}`,
      credit,
      fromParams(refs)
    );
  }
  const credit = sum(credits);
  const capRef: Ref = { pointer: `${ptr}/maxFraction`, param: offset.maxFraction };
  const cap = book.down(mul(offset.maxFraction.value, requirement));
  const used = min(credit, cap);
  book.money(
    `${tag}insuranceCap`,
    `Insurance cap (${s(offset.maxFraction.value)} of the requirement)`,
    `floor(${s(offset.maxFraction.value)} × ${book.fmt(requirement)})`,
    cap,
    fromParams([capRef])
  );
  book.money(
    `${tag}insuranceOffset`,
    'Insurance counted',
    `min(${book.fmt(credit)}, ${book.fmt(cap)})`,
    used,
    fromParams([capRef, ...refs])
  );
  return used;
}
