/**
 * The shapes of the policy engine's two documents — the policy `kura-policy/1` and the exchange's
 * inputs `kura-policy-inputs/1` — declared once with @kura/codec's shapes. The readers
 * (policy-file.ts, inputs-file.ts) check every file through them; the published JSON Schemas are
 * circuits-free-spec/schemas/policy.schema.json and policy-inputs.schema.json, and
 * circuits-free-spec/test/agreement.test.ts proves each schema and its shape agree.
 *
 * Rates and amounts are decimal strings ≥ 0 (`"0.95"`, never a JSON number); the engine parses
 * them exactly. Checks marked semantic (JSON Schema cannot express them, or the shapes declare
 * them only as plain members): an assumption states its reason, money has at most the reporting
 * currency's fraction digits, dates exist, ids and years are unique, tiers increase and only the
 * last is open-ended, incident bands are contiguous, bounds min ≤ max, floor ≤ cap, at least one
 * licence class, every currency is the reporting currency, prices and the average customer
 * assets are positive, insurance ends after it starts, no declared `onchain-excess` fund.
 * @module
 */
import {
  arr,
  bool,
  cmp,
  type Decimal,
  describeValue,
  distinctBy,
  type Infer,
  int,
  isCanonicalInt,
  isObject,
  literal,
  nullable,
  obj,
  oneOf,
  parseDecimal,
  record,
  refine,
  type Shape,
  ShapeIssue,
  str,
} from '@kura/codec';
import { dayNumber } from './dates.js';

/** The `format` value of a policy file. */
export const POLICY_FORMAT = 'kura-policy/1';
/** The `format` value of an inputs file. */
export const INPUTS_FORMAT = 'kura-policy-inputs/1';
/** Special eligible-asset class: on-chain holdings above what the custody rules already need. */
export const ONCHAIN_EXCESS = 'onchain-excess';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const CURRENCY_RE = /^[A-Z]{3}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** What the schemas call `decimal` and `fraction` (a decimal in [0, 1]). */
const DECIMAL_RE = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const FRACTION_RE = /^(0(\.[0-9]+)?|1(\.0+)?)$/;
const ONE: Decimal = { n: 1n, scale: 0 };

/** Texts are not hashed by JCS (the files are hashed as bytes): no NFC rule. */
const text = str({ nfc: false });
const id = str({ nfc: false, pattern: ID_RE });
const currency = str({ nfc: false, pattern: CURRENCY_RE });

/** Any value (a member checked later, or left to another package's reader). */
export const anything: Shape<unknown> = { check: (v) => v, def: { t: 'anyOf', options: [] } };

function refuse(reason: string): never {
  throw new ShapeIssue('schema', reason);
}

/**
 * A decimal string ≥ 0 as the engine reads it (@kura/codec's `parseDecimal`, then no sign);
 * `fraction`: at most 1.
 */
function decimal(fraction: boolean): Shape<string> {
  return {
    check(v) {
      let d: Decimal;
      try {
        d = parseDecimal(v);
      } catch {
        return refuse(`expected a decimal string such as "0.95", got ${describeValue(v)}`);
      }
      const s = v as string;
      if (s.startsWith('-')) refuse(`must not be negative, got ${s}`);
      if (fraction && cmp(d, ONE) > 0) refuse(`must be at most 1, got ${s}`);
      return s;
    },
    def: { t: 'str', min: 1, pattern: fraction ? FRACTION_RE : DECIMAL_RE },
  };
}

/** A rate, multiplier or price: a decimal string ≥ 0. */
const dec = decimal(false);
/** A fraction in [0, 1]. */
const frac = decimal(true);

/** Money: a decimal ≥ 0 with at most `digits` fraction digits (the currency's: semantic). */
function money(digits: number): Shape<string> {
  return refine(dec, (s) => {
    const dot = s.indexOf('.');
    return dot >= 0 && s.length - dot - 1 > digits
      ? `at most ${digits} fraction digit(s) allowed, got ${s}`
      : undefined;
  });
}

/** An RFC 3339 calendar date `YYYY-MM-DD` that exists (the existence check is semantic). */
const date = refine(str({ nfc: false, pattern: DATE_RE }), (s) =>
  dayNumber(s) === undefined ? `not a calendar date: ${s}` : undefined
);

/** A list whose items are distinct by `key`; a repeat is refused at `[i, at]` with `message`. */
function distinct<T>(
  list: Shape<readonly T[]>,
  key: (t: T) => string,
  at: string | undefined,
  message: (t: T) => string
): Shape<readonly T[]> {
  return refine(list, distinctBy(key, at === undefined ? [] : [at], message));
}

// ---------------------------------------------------------------------------------------------
// kura-policy/1

const KINDS = ['law', 'proposal', 'reported', 'assumption'] as const;

/** Where a parameter comes from. An assumption states its reason (schema: if/then; semantic). */
const provenance = refine(
  obj({ kind: oneOf(KINDS), source: text }, { reason: text, verified: bool() }),
  (p) =>
    p.kind === 'assumption' && p.reason === undefined
      ? 'an assumption must state its "reason" (why this value was chosen)'
      : undefined
);

/** A parameter `{ value, provenance, note? }`. */
function param<T>(value: Shape<T>) {
  const inner = obj({ value, provenance }, { note: text });
  const shape: Shape<Infer<typeof inner>> = {
    check(v) {
      if (isObject(v) && !Object.hasOwn(v, 'provenance'))
        refuse('missing "provenance": every parameter states where it comes from');
      return inner.check(v);
    },
    def: inner.def,
  };
  return shape;
}

/**
 * A member that is one of several object shapes chosen by `pick` (a component by its `type`, a
 * condition by whether it has `metric`); `fallback` reports what is wrong when none is picked.
 * Its schema is the options' `anyOf`.
 */
function variant<T>(
  options: readonly Shape<T>[],
  pick: (v: Record<string, unknown>) => Shape<T> | undefined,
  fallback: Shape<unknown>
): Shape<T> {
  return {
    check(v) {
      const chosen = isObject(v) ? pick(v) : undefined;
      if (chosen) return chosen.check(v);
      fallback.check(v);
      return refuse(`expected an object, got ${describeValue(v)}`);
    },
    def: { t: 'anyOf', options },
  };
}

const TIER_OPEN_LAST = 'the last tier must be open-ended (upTo null)';

function policyShapeFor(decimals: number) {
  const cash = money(decimals);
  const tiers = refine(arr(obj({ upTo: nullable(cash), rate: dec }), { min: 1 }), (list) => {
    let prev: Decimal | undefined;
    for (let i = 0; i < list.length; i++) {
      const up = list[i]!.upTo;
      const last = i === list.length - 1;
      if (up === null) {
        if (!last)
          return { at: [i, 'upTo'], reason: 'only the last tier may be open-ended (upTo null)' };
        continue;
      }
      if (last) return { at: [i, 'upTo'], reason: TIER_OPEN_LAST };
      const d = parseDecimal(up);
      if (prev && cmp(d, prev) <= 0)
        return { at: [i, 'upTo'], reason: 'tier bounds must increase' };
      prev = d;
    }
    return undefined;
  });
  const head = { id, label: text };
  const volume = obj(
    {
      ...head,
      type: literal('volume-tiered'),
      basis: id,
      averagingYears: param(int(1, 50)),
      tierMode: param(oneOf(['marginal', 'flat'])),
      tiers: param(tiers),
    },
    { labelJa: text }
  );
  const custodyComponent = obj(
    { ...head, type: literal('custody'), rates: obj({ cold: param(dec), hot: param(dec) }) },
    { labelJa: text }
  );
  const fixed = obj({ ...head, type: literal('fixed'), amount: param(cash) }, { labelJa: text });
  const TYPES = ['volume-tiered', 'custody', 'fixed'] as const;
  const byType = { 'volume-tiered': volume, custody: custodyComponent, fixed } as const;
  const component = variant<Infer<typeof volume | typeof custodyComponent | typeof fixed>>(
    [volume, custodyComponent, fixed],
    (v) =>
      typeof v.type === 'string' && Object.hasOwn(byType, v.type)
        ? byType[v.type as (typeof TYPES)[number]]
        : undefined,
    // no type to choose by: the members of any type are allowed, the type is named first
    obj(
      { type: oneOf(TYPES), ...head },
      Object.fromEntries(
        ['basis', 'averagingYears', 'tierMode', 'tiers', 'rates', 'amount', 'labelJa'].map((k) => [
          k,
          anything,
        ])
      )
    )
  );

  const bands = refine(
    arr(obj({ above: nullable(dec), upTo: nullable(dec), multiplier: dec }), { min: 1 }),
    (list) => {
      let prev: Decimal | null = null;
      for (let i = 0; i < list.length; i++) {
        const b = list[i]!;
        const above = b.above === null ? null : parseDecimal(b.above);
        const upTo = b.upTo === null ? null : parseDecimal(b.upTo);
        if (i === 0 && above !== null)
          return { at: [i, 'above'], reason: 'the first band must start open (above null)' };
        if (i > 0 && (above === null || prev === null || cmp(above, prev) !== 0))
          return {
            at: [i, 'above'],
            reason: 'bands must be contiguous: "above" equals the previous band\'s "upTo"',
          };
        if (i === list.length - 1 && upTo !== null)
          return { at: [i, 'upTo'], reason: 'the last band must be open-ended (upTo null)' };
        if (i < list.length - 1 && upTo === null)
          return { at: [i, 'upTo'], reason: 'only the last band may be open-ended' };
        if (above !== null && upTo !== null && cmp(upTo, above) <= 0)
          return { at: [i, 'upTo'], reason: 'band is empty: upTo must exceed above' };
        prev = upTo;
      }
      return undefined;
    }
  );
  const years = param(int(1, 50));
  const incidentHistory = obj(
    { lookbackYears: years, table: param(bands) },
    { largestLossFloor: obj({ lookbackYears: years, fraction: param(dec) }) }
  );

  const evidenceCondition = obj({ evidence: id }, { maxAgeDays: int(0, 36_500) });
  const metricCondition = obj({ metric: oneOf(['coldRatio']), atLeast: frac });
  const condition = variant<Infer<typeof evidenceCondition | typeof metricCondition>>(
    [evidenceCondition, metricCondition],
    (v) => (Object.hasOwn(v, 'metric') ? metricCondition : evidenceCondition),
    evidenceCondition
  );
  const securityPosture = refine(
    obj({
      combine: param(oneOf(['product', 'min'])),
      floor: param(dec),
      cap: param(dec),
      factors: distinct(
        arr(obj({ id, label: text, when: condition, multiplier: param(dec) }, { labelJa: text })),
        (f) => f.id,
        'id',
        (f) => `duplicate factor id "${f.id}"`
      ),
    }),
    (s) =>
      cmp(parseDecimal(s.floor.value), parseDecimal(s.cap.value)) > 0
        ? { at: ['floor'], reason: 'floor is greater than cap' }
        : undefined
  );

  const days = int(0, 36_500);
  const insurance = obj({
    maxFraction: param(frac),
    eligibility: param(
      obj(
        {},
        {
          minTermDays: days,
          minCancellationNoticeDays: days,
          thirdPartyInsurer: bool(),
          authorisedInsurer: bool(),
          requiredPerils: arr(id),
        }
      )
    ),
  });

  const bounds = refine(obj({}, { min: param(cash), max: param(cash) }), (b) =>
    b.min && b.max && cmp(parseDecimal(b.min.value), parseDecimal(b.max.value)) > 0
      ? { at: ['min'], reason: 'bounds: min is greater than max' }
      : undefined
  );

  const liabilityReserve = obj(
    {
      label: text,
      combine: param(oneOf(['max', 'sum'])),
      components: distinct(
        arr(component, { min: 1 }),
        (c) => c.id,
        'id',
        (c) => `duplicate component id "${c.id}"`
      ),
      eligibleAssets: distinct(
        arr(obj({ class: id, label: text, haircut: param(frac) }, { labelJa: text })),
        (a) => a.class,
        'class',
        (a) => `duplicate eligible asset class "${a.class}"`
      ),
    },
    { incidentHistory, securityPosture, bounds, insurance, labelJa: text }
  );

  const className: Shape<string> = {
    check(k) {
      if (typeof k !== 'string' || !ID_RE.test(k))
        refuse(`licence class name ${JSON.stringify(k)} does not match ${ID_RE.source}`);
      return k;
    },
    def: id.def,
  };
  const capital = obj(
    {
      combine: param(oneOf(['max', 'sum'])),
      acrossClasses: param(oneOf(['sum', 'single'])),
      classes: refine(
        record(
          obj(
            { label: text, fixedMinimum: param(cash) },
            { overheadFraction: param(frac), labelJa: text }
          ),
          { key: className }
        ),
        (c) => (Object.keys(c).length === 0 ? 'expected at least one licence class' : undefined)
      ),
    },
    { insurance }
  );

  return obj(
    {
      format: literal(POLICY_FORMAT),
      id,
      version: str({ nfc: false, pattern: VERSION_RE }),
      title: text,
      jurisdiction: text,
      regulator: text,
      status: oneOf(['law', 'proposal', 'illustrative']),
      reportingCurrency: currency,
      reportingDecimals: int(0, 8),
      custody: obj(
        {},
        {
          inKindCoverage: obj({ minRatio: param(dec) }),
          coldStorage: obj({
            minRatio: param(frac),
            basis: param(oneOf(['aggregate', 'per-asset'])),
          }),
          hotWalletBacking: obj({ ratio: param(dec) }),
        }
      ),
    },
    { $schema: text, description: text, liabilityReserve, capital }
  );
}

type PolicyShape = ReturnType<typeof policyShapeFor>;
/** A policy document as its shape accepts it (amounts and rates still decimal strings). */
export type PolicyDocument = Infer<PolicyShape>;

const policyShapes = new Map<number, PolicyShape>();
function policyShapeOf(decimals: number): PolicyShape {
  const known = policyShapes.get(decimals);
  if (known) return known;
  const s = policyShapeFor(decimals);
  policyShapes.set(decimals, s);
  return s;
}

/**
 * `kura-policy/1`: money has at most `reportingDecimals` fraction digits (a semantic check; a
 * `reportingDecimals` outside 0 … 8 is refused before any money is read).
 */
export const policyShape: Shape<PolicyDocument> = {
  check(v) {
    const d = isObject(v) ? v.reportingDecimals : undefined;
    return policyShapeOf(isCanonicalInt(d) && d >= 0 && d <= 8 ? d : 8).check(v);
  },
  def: policyShapeOf(8).def,
};

// ---------------------------------------------------------------------------------------------
// kura-policy-inputs/1

const RESERVED_CLASS = `"${ONCHAIN_EXCESS}" is computed from the evidence, not declared`;

function inputsShapeFor(maxDecimals: number) {
  const cash = money(maxDecimals);
  const positive = (why: string) =>
    refine(dec, (s) => (parseDecimal(s).n === 0n ? why : undefined));
  const members = obj(
    {
      format: literal(INPUTS_FORMAT),
      reportingCurrency: currency,
      prices: distinct(
        arr(
          obj({
            asset: text,
            price: positive('a price must be positive'),
            currency,
            source: text,
            time: str({ nfc: false, pattern: RFC3339 }),
          })
        ),
        (p) => p.asset,
        'asset',
        (p) => `duplicate price for ${p.asset}`
      ),
    },
    {
      $schema: text,
      round: obj({}, { exchange: text, period: text }),
      licenceClasses: distinct(
        arr(id),
        (c) => c,
        undefined,
        (c) => `duplicate licence class "${c}"`
      ),
      tradingVolumes: distinct(
        arr(obj({ year: int(1900, 9999), basis: id, amount: cash, currency })),
        (t) => `${t.basis}/${t.year}`,
        'year',
        (t) => `duplicate ${t.basis} volume for ${t.year}`
      ),
      incidents: arr(obj({ date, loss: cash, currency, description: text })),
      averageCustomerAssets: obj(
        {
          value: refine(cash, (s) =>
            parseDecimal(s).n === 0n ? 'must be positive (it divides the losses)' : undefined
          ),
          currency,
          lookbackYears: int(1, 50),
        },
        { basis: text }
      ),
      insurance: distinct(
        arr(
          refine(
            obj({
              id,
              insurer: text,
              appliesTo: oneOf(['liabilityReserve', 'capital']),
              limit: cash,
              deductible: cash,
              currency,
              start: date,
              end: date,
              cancellationNoticeDays: int(0, 36_500),
              thirdParty: bool(),
              authorisedInsurer: bool(),
              perils: arr(id),
            }),
            (p) =>
              p.end < p.start
                ? { at: ['end'], reason: 'the policy ends before it starts' }
                : undefined
          )
        ),
        (p) => p.id,
        'id',
        (p) => `duplicate insurance id "${p.id}"`
      ),
      reserveFund: arr(
        obj(
          {
            class: refine(id, (c) => (c === ONCHAIN_EXCESS ? RESERVED_CLASS : undefined)),
            amount: cash,
            currency,
          },
          { description: text }
        )
      ),
      fixedOverheads: obj({ amount: cash, currency, period: text }, { basis: text }),
      ownFunds: obj({ amount: cash, currency }, { description: text }),
      securityEvidence: arr(obj({ type: id, date, reference: text }, { issuer: text })),
    }
  );
  // every amount names its currency, which is the reporting currency
  return refine(members, (o) => {
    const ccy = o.reportingCurrency;
    const at: [(string | number)[], string][] = [];
    const list = (key: string, xs: readonly { currency: string }[] | undefined) => {
      if (xs) for (let i = 0; i < xs.length; i++) at.push([[key, i], xs[i]!.currency]);
    };
    const one = (key: string, x: { currency: string } | undefined) => {
      if (x) at.push([[key], x.currency]);
    };
    list('prices', o.prices);
    list('tradingVolumes', o.tradingVolumes);
    list('incidents', o.incidents);
    one('averageCustomerAssets', o.averageCustomerAssets);
    list('insurance', o.insurance);
    list('reserveFund', o.reserveFund);
    one('fixedOverheads', o.fixedOverheads);
    one('ownFunds', o.ownFunds);
    for (const [path, c] of at)
      if (c !== ccy)
        return {
          at: [...path, 'currency'],
          reason: `currency mismatch: ${c} is not the reporting currency ${ccy}`,
        };
    return undefined;
  });
}

type InputsShape = ReturnType<typeof inputsShapeFor>;
/** An inputs document as its shape accepts it (amounts still decimal strings). */
export type PolicyInputsDocument = Infer<InputsShape>;

const inputsShapes = new Map<number, InputsShape>();
/**
 * `kura-policy-inputs/1` with money of at most `maxDecimals` fraction digits (the reporting
 * currency's, known from the policy; a semantic check).
 */
export function policyInputsShapeFor(maxDecimals: number): Shape<PolicyInputsDocument> {
  const known = inputsShapes.get(maxDecimals);
  if (known) return known;
  const s = inputsShapeFor(maxDecimals);
  inputsShapes.set(maxDecimals, s);
  return s;
}

/** `kura-policy-inputs/1`, money of at most 8 fraction digits (before the policy is known). */
export const policyInputsShape: Shape<PolicyInputsDocument> = policyInputsShapeFor(8);
