/**
 * The policy file `kura-policy/1`: a versioned JSON document (JSON Schema
 * `circuits-free-spec/schemas/policy.schema.json`) in which every parameter is
 * `{ "value": …, "provenance": { "kind": "law"|"proposal"|"reported"|"assumption", "source": … } }`.
 * Policies are data, never code: this module only reads and checks them.
 * @module
 */
import { bytesToHex, cmp, type Decimal, sha256, utf8Raw } from '@kura/codec';
import { child, type Obj, openJson, type Reader } from './reader.js';
import type {
  CapitalClass,
  CapitalRules,
  CustodyRules,
  EligibleAsset,
  FactorCondition,
  IncidentBand,
  IncidentHistory,
  InsuranceEligibility,
  InsuranceOffset,
  LiabilityReserve,
  Param,
  Policy,
  ReserveComponent,
  SecurityFactor,
  SecurityPosture,
  Tier,
} from './types.js';

/** The `format` value of a policy file. */
export const POLICY_FORMAT = 'kura-policy/1';

/** Special eligible-asset class: on-chain holdings above what the custody rules already need. */
export const ONCHAIN_EXCESS = 'onchain-excess';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const CURRENCY_RE = /^[A-Z]{3}$/;

/** A policy as read from its file: the parsed form, the file's SHA-256 and its raw JSON. */
export interface LoadedPolicy {
  readonly policy: Policy;
  /** Lowercase hex SHA-256 of the exact file bytes. */
  readonly sha256: string;
  /** The file's JSON value (for `explain`). */
  readonly json: unknown;
}

/**
 * Read and check a policy file. `data` are the file's exact bytes (or its text, hashed as UTF-8);
 * `file` names it in errors. Throws an `InputError` naming file, line and field.
 */
export function parsePolicy(data: Uint8Array | string, file = '<policy>'): LoadedPolicy {
  const bytes = typeof data === 'string' ? utf8Raw(data) : data;
  const { value, reader } = openJson(data, file);
  const policy = readPolicy(reader, value);
  return { policy, sha256: bytesToHex(sha256(bytes)), json: value };
}

function readPolicy(r: Reader, v: unknown): Policy {
  const $ = '$';
  const o = r.obj(
    v,
    $,
    [
      'format',
      'id',
      'version',
      'title',
      'jurisdiction',
      'regulator',
      'status',
      'reportingCurrency',
      'reportingDecimals',
      'custody',
    ],
    ['$schema', 'description', 'liabilityReserve', 'capital']
  );
  if (o.format !== POLICY_FORMAT)
    r.fail(child($, 'format'), `expected "${POLICY_FORMAT}", got ${JSON.stringify(o.format)}`);
  if (o.$schema !== undefined) r.str(o.$schema, child($, '$schema'));
  const decimals = r.int(o.reportingDecimals, child($, 'reportingDecimals'), 0, 8);
  const money = (x: unknown, p: string): Decimal => r.dec(x, p, { maxScale: decimals });
  const policy: {
    -readonly [K in keyof Policy]: Policy[K];
  } = {
    format: POLICY_FORMAT,
    id: r.str(o.id, child($, 'id'), ID_RE),
    version: r.str(o.version, child($, 'version'), VERSION_RE),
    title: r.str(o.title, child($, 'title')),
    jurisdiction: r.str(o.jurisdiction, child($, 'jurisdiction')),
    regulator: r.str(o.regulator, child($, 'regulator')),
    status: r.oneOf(o.status, child($, 'status'), ['law', 'proposal', 'illustrative'] as const),
    reportingCurrency: r.str(o.reportingCurrency, child($, 'reportingCurrency'), CURRENCY_RE),
    reportingDecimals: decimals,
    custody: readCustody(r, o.custody, child($, 'custody')),
  };
  if (o.description !== undefined)
    policy.description = r.str(o.description, child($, 'description'));
  if (o.liabilityReserve !== undefined)
    policy.liabilityReserve = readReserve(
      r,
      o.liabilityReserve,
      child($, 'liabilityReserve'),
      money
    );
  if (o.capital !== undefined)
    policy.capital = readCapital(r, o.capital, child($, 'capital'), money);
  return policy;
}

function readCustody(r: Reader, v: unknown, p: string): CustodyRules {
  const o = r.obj(v, p, [], ['inKindCoverage', 'coldStorage', 'hotWalletBacking']);
  const out: { -readonly [K in keyof CustodyRules]: CustodyRules[K] } = {};
  if (o.inKindCoverage !== undefined) {
    const q = child(p, 'inKindCoverage');
    const c = r.obj(o.inKindCoverage, q, ['minRatio'], []);
    out.inKindCoverage = {
      minRatio: r.param(c.minRatio, child(q, 'minRatio'), (x, y) => r.dec(x, y)),
    };
  }
  if (o.coldStorage !== undefined) {
    const q = child(p, 'coldStorage');
    const c = r.obj(o.coldStorage, q, ['minRatio', 'basis'], []);
    out.coldStorage = {
      minRatio: r.param(c.minRatio, child(q, 'minRatio'), (x, y) => r.fraction(x, y)),
      basis: r.param(c.basis, child(q, 'basis'), (x, y) =>
        r.oneOf(x, y, ['aggregate', 'per-asset'] as const)
      ),
    };
  }
  if (o.hotWalletBacking !== undefined) {
    const q = child(p, 'hotWalletBacking');
    const c = r.obj(o.hotWalletBacking, q, ['ratio'], []);
    out.hotWalletBacking = { ratio: r.param(c.ratio, child(q, 'ratio'), (x, y) => r.dec(x, y)) };
  }
  return out;
}

/**
 * The optional Japanese label next to a `label` (`"labelJa": "…"`): carried into the evaluation's
 * terms and checks so a customer's page can show the rule in Japanese. Absent → no member.
 */
function labelJa(r: Reader, o: Record<string, unknown>, p: string): { labelJa?: string } {
  return o.labelJa === undefined ? {} : { labelJa: r.str(o.labelJa, child(p, 'labelJa')) };
}

type Money = (x: unknown, p: string) => Decimal;

function readReserve(r: Reader, v: unknown, p: string, money: Money): LiabilityReserve {
  const o = r.obj(
    v,
    p,
    ['label', 'combine', 'components', 'eligibleAssets'],
    ['incidentHistory', 'securityPosture', 'bounds', 'insurance', 'labelJa']
  );
  const ids = new Set<string>();
  const components = r.arr(o.components, child(p, 'components'), 1).map((c, i) => {
    const comp = readComponent(r, c, child(child(p, 'components'), i), money);
    if (ids.has(comp.id))
      r.fail(child(child(child(p, 'components'), i), 'id'), `duplicate component id "${comp.id}"`);
    ids.add(comp.id);
    return comp;
  });
  const classes = new Set<string>();
  const eligibleAssets = r
    .arr(o.eligibleAssets, child(p, 'eligibleAssets'))
    .map((a, i): EligibleAsset => {
      const q = child(child(p, 'eligibleAssets'), i);
      const e = r.obj(a, q, ['class', 'label', 'haircut'], ['labelJa']);
      const cls = r.str(e.class, child(q, 'class'), ID_RE);
      if (classes.has(cls)) r.fail(child(q, 'class'), `duplicate eligible asset class "${cls}"`);
      classes.add(cls);
      return {
        class: cls,
        label: r.str(e.label, child(q, 'label')),
        ...labelJa(r, e, q),
        haircut: r.param(e.haircut, child(q, 'haircut'), (x, y) => r.fraction(x, y)),
      };
    });
  const out: { -readonly [K in keyof LiabilityReserve]: LiabilityReserve[K] } = {
    label: r.str(o.label, child(p, 'label')),
    ...labelJa(r, o, p),
    combine: r.param(o.combine, child(p, 'combine'), (x, y) =>
      r.oneOf(x, y, ['max', 'sum'] as const)
    ),
    components,
    eligibleAssets,
  };
  if (o.incidentHistory !== undefined)
    out.incidentHistory = readIncident(r, o.incidentHistory, child(p, 'incidentHistory'));
  if (o.securityPosture !== undefined)
    out.securityPosture = readSecurity(r, o.securityPosture, child(p, 'securityPosture'));
  if (o.bounds !== undefined) {
    const q = child(p, 'bounds');
    const b = r.obj(o.bounds, q, [], ['min', 'max']);
    const bounds: { min?: Param<Decimal>; max?: Param<Decimal> } = {};
    if (b.min !== undefined) bounds.min = r.param(b.min, child(q, 'min'), money);
    if (b.max !== undefined) bounds.max = r.param(b.max, child(q, 'max'), money);
    if (bounds.min && bounds.max && cmp(bounds.min.value, bounds.max.value) > 0)
      r.fail(child(q, 'min'), 'bounds: min is greater than max');
    out.bounds = bounds;
  }
  if (o.insurance !== undefined)
    out.insurance = readInsurance(r, o.insurance, child(p, 'insurance'));
  return out;
}

function readComponent(r: Reader, v: unknown, p: string, money: Money): ReserveComponent {
  const head = r.obj(
    v,
    p,
    ['id', 'label', 'type'],
    ['basis', 'averagingYears', 'tierMode', 'tiers', 'rates', 'amount', 'labelJa']
  );
  const type = r.oneOf(head.type, child(p, 'type'), ['volume-tiered', 'custody', 'fixed'] as const);
  const id = r.str(head.id, child(p, 'id'), ID_RE);
  const label = r.str(head.label, child(p, 'label'));
  const ja = labelJa(r, head, p);
  if (type === 'volume-tiered') {
    const o = r.obj(
      v,
      p,
      ['id', 'label', 'type', 'basis', 'averagingYears', 'tierMode', 'tiers'],
      ['labelJa']
    );
    return {
      type,
      id,
      label,
      ...ja,
      basis: r.str(o.basis, child(p, 'basis'), ID_RE),
      averagingYears: r.param(o.averagingYears, child(p, 'averagingYears'), (x, y) =>
        r.int(x, y, 1, 50)
      ),
      tierMode: r.param(o.tierMode, child(p, 'tierMode'), (x, y) =>
        r.oneOf(x, y, ['marginal', 'flat'] as const)
      ),
      tiers: r.param(o.tiers, child(p, 'tiers'), (x, y) => readTiers(r, x, y, money)),
    };
  }
  if (type === 'custody') {
    const o = r.obj(v, p, ['id', 'label', 'type', 'rates'], ['labelJa']);
    const q = child(p, 'rates');
    const rates = r.obj(o.rates, q, ['cold', 'hot'], []);
    return {
      type,
      id,
      label,
      ...ja,
      rates: {
        cold: r.param(rates.cold, child(q, 'cold'), (x, y) => r.dec(x, y)),
        hot: r.param(rates.hot, child(q, 'hot'), (x, y) => r.dec(x, y)),
      },
    };
  }
  const o = r.obj(v, p, ['id', 'label', 'type', 'amount'], ['labelJa']);
  return { type, id, label, ...ja, amount: r.param(o.amount, child(p, 'amount'), money) };
}

function readTiers(r: Reader, v: unknown, p: string, money: Money): Tier[] {
  const list = r.arr(v, p, 1);
  const tiers: Tier[] = [];
  list.forEach((t, i) => {
    const q = child(p, i);
    const o = r.obj(t, q, ['upTo', 'rate'], []);
    const last = i === list.length - 1;
    let upTo: Decimal | null = null;
    if (o.upTo === null) {
      if (!last) r.fail(child(q, 'upTo'), 'only the last tier may be open-ended (upTo null)');
    } else {
      upTo = money(o.upTo, child(q, 'upTo'));
      if (last) r.fail(child(q, 'upTo'), 'the last tier must be open-ended (upTo null)');
      const prev = tiers[i - 1]?.upTo;
      if (prev && cmp(upTo, prev) <= 0) r.fail(child(q, 'upTo'), 'tier bounds must increase');
    }
    tiers.push({ upTo, rate: r.dec(o.rate, child(q, 'rate')) });
  });
  return tiers;
}

function readIncident(r: Reader, v: unknown, p: string): IncidentHistory {
  const o = r.obj(v, p, ['lookbackYears', 'table'], ['largestLossFloor']);
  const out: { -readonly [K in keyof IncidentHistory]: IncidentHistory[K] } = {
    lookbackYears: r.param(o.lookbackYears, child(p, 'lookbackYears'), (x, y) =>
      r.int(x, y, 1, 50)
    ),
    table: r.param(o.table, child(p, 'table'), (x, y) => readBands(r, x, y)),
  };
  if (o.largestLossFloor !== undefined) {
    const q = child(p, 'largestLossFloor');
    const f = r.obj(o.largestLossFloor, q, ['lookbackYears', 'fraction'], []);
    out.largestLossFloor = {
      lookbackYears: r.param(f.lookbackYears, child(q, 'lookbackYears'), (x, y) =>
        r.int(x, y, 1, 50)
      ),
      fraction: r.param(f.fraction, child(q, 'fraction'), (x, y) => r.dec(x, y)),
    };
  }
  return out;
}

function readBands(r: Reader, v: unknown, p: string): IncidentBand[] {
  const list = r.arr(v, p, 1);
  const bands: IncidentBand[] = [];
  list.forEach((b, i) => {
    const q = child(p, i);
    const o = r.obj(b, q, ['above', 'upTo', 'multiplier'], []);
    const above = o.above === null ? null : r.dec(o.above, child(q, 'above'));
    const upTo = o.upTo === null ? null : r.dec(o.upTo, child(q, 'upTo'));
    if (i === 0 && above !== null)
      r.fail(child(q, 'above'), 'the first band must start open (above null)');
    if (i > 0) {
      const prev = bands[i - 1]?.upTo ?? null;
      if (above === null || prev === null || cmp(above, prev) !== 0)
        r.fail(
          child(q, 'above'),
          'bands must be contiguous: "above" equals the previous band\'s "upTo"'
        );
    }
    if (i === list.length - 1 && upTo !== null)
      r.fail(child(q, 'upTo'), 'the last band must be open-ended (upTo null)');
    if (i < list.length - 1 && upTo === null)
      r.fail(child(q, 'upTo'), 'only the last band may be open-ended');
    if (above !== null && upTo !== null && cmp(upTo, above) <= 0)
      r.fail(child(q, 'upTo'), 'band is empty: upTo must exceed above');
    bands.push({ above, upTo, multiplier: r.dec(o.multiplier, child(q, 'multiplier')) });
  });
  return bands;
}

function readSecurity(r: Reader, v: unknown, p: string): SecurityPosture {
  const o = r.obj(v, p, ['combine', 'floor', 'cap', 'factors'], []);
  const floor = r.param(o.floor, child(p, 'floor'), (x, y) => r.dec(x, y));
  const cap = r.param(o.cap, child(p, 'cap'), (x, y) => r.dec(x, y));
  if (cmp(floor.value, cap.value) > 0) r.fail(child(p, 'floor'), 'floor is greater than cap');
  const ids = new Set<string>();
  const factors = r.arr(o.factors, child(p, 'factors')).map((f, i): SecurityFactor => {
    const q = child(child(p, 'factors'), i);
    const x = r.obj(f, q, ['id', 'label', 'when', 'multiplier'], ['labelJa']);
    const id = r.str(x.id, child(q, 'id'), ID_RE);
    if (ids.has(id)) r.fail(child(q, 'id'), `duplicate factor id "${id}"`);
    ids.add(id);
    return {
      id,
      label: r.str(x.label, child(q, 'label')),
      ...labelJa(r, x, q),
      when: readCondition(r, x.when, child(q, 'when')),
      multiplier: r.param(x.multiplier, child(q, 'multiplier'), (a, b) => r.dec(a, b)),
    };
  });
  return {
    combine: r.param(o.combine, child(p, 'combine'), (x, y) =>
      r.oneOf(x, y, ['product', 'min'] as const)
    ),
    floor,
    cap,
    factors,
  };
}

function readCondition(r: Reader, v: unknown, p: string): FactorCondition {
  const probe = (typeof v === 'object' && v !== null ? v : {}) as Obj;
  if (Object.hasOwn(probe, 'metric')) {
    const o = r.obj(v, p, ['metric', 'atLeast'], []);
    return {
      metric: r.oneOf(o.metric, child(p, 'metric'), ['coldRatio'] as const),
      atLeast: r.fraction(o.atLeast, child(p, 'atLeast')),
    };
  }
  const o = r.obj(v, p, ['evidence'], ['maxAgeDays']);
  const evidence = r.str(o.evidence, child(p, 'evidence'), ID_RE);
  return o.maxAgeDays === undefined
    ? { evidence }
    : { evidence, maxAgeDays: r.int(o.maxAgeDays, child(p, 'maxAgeDays'), 0, 36_500) };
}

function readInsurance(r: Reader, v: unknown, p: string): InsuranceOffset {
  const o = r.obj(v, p, ['maxFraction', 'eligibility'], []);
  return {
    maxFraction: r.param(o.maxFraction, child(p, 'maxFraction'), (x, y) => r.fraction(x, y)),
    eligibility: r.param(o.eligibility, child(p, 'eligibility'), (x, y) =>
      readEligibility(r, x, y)
    ),
  };
}

function readEligibility(r: Reader, v: unknown, p: string): InsuranceEligibility {
  const o = r.obj(
    v,
    p,
    [],
    [
      'minTermDays',
      'minCancellationNoticeDays',
      'thirdPartyInsurer',
      'authorisedInsurer',
      'requiredPerils',
    ]
  );
  const e: { -readonly [K in keyof InsuranceEligibility]: InsuranceEligibility[K] } = {};
  if (o.minTermDays !== undefined)
    e.minTermDays = r.int(o.minTermDays, child(p, 'minTermDays'), 0, 36_500);
  if (o.minCancellationNoticeDays !== undefined)
    e.minCancellationNoticeDays = r.int(
      o.minCancellationNoticeDays,
      child(p, 'minCancellationNoticeDays'),
      0,
      36_500
    );
  if (o.thirdPartyInsurer !== undefined)
    e.thirdPartyInsurer = r.bool(o.thirdPartyInsurer, child(p, 'thirdPartyInsurer'));
  if (o.authorisedInsurer !== undefined)
    e.authorisedInsurer = r.bool(o.authorisedInsurer, child(p, 'authorisedInsurer'));
  if (o.requiredPerils !== undefined)
    e.requiredPerils = r
      .arr(o.requiredPerils, child(p, 'requiredPerils'))
      .map((x, i) => r.str(x, child(child(p, 'requiredPerils'), i), ID_RE));
  return e;
}

function readCapital(r: Reader, v: unknown, p: string, money: Money): CapitalRules {
  const o = r.obj(v, p, ['combine', 'acrossClasses', 'classes'], ['insurance']);
  const q = child(p, 'classes');
  const cl = r.obj(o.classes, q, [], Object.keys((o.classes ?? {}) as Obj));
  const keys = Object.keys(cl);
  if (keys.length === 0) r.fail(q, 'expected at least one licence class');
  const classes: Record<string, CapitalClass> = Object.create(null);
  for (const k of keys) {
    const kp = child(q, k);
    if (!ID_RE.test(k))
      r.fail(kp, `licence class name ${JSON.stringify(k)} does not match ${ID_RE.source}`);
    const c = r.obj(cl[k], kp, ['label', 'fixedMinimum'], ['overheadFraction', 'labelJa']);
    const cls: { -readonly [K in keyof CapitalClass]: CapitalClass[K] } = {
      label: r.str(c.label, child(kp, 'label')),
      ...labelJa(r, c, kp),
      fixedMinimum: r.param(c.fixedMinimum, child(kp, 'fixedMinimum'), money),
    };
    if (c.overheadFraction !== undefined)
      cls.overheadFraction = r.param(c.overheadFraction, child(kp, 'overheadFraction'), (x, y) =>
        r.fraction(x, y)
      );
    classes[k] = cls;
  }
  const out: { -readonly [K in keyof CapitalRules]: CapitalRules[K] } = {
    combine: r.param(o.combine, child(p, 'combine'), (x, y) =>
      r.oneOf(x, y, ['max', 'sum'] as const)
    ),
    acrossClasses: r.param(o.acrossClasses, child(p, 'acrossClasses'), (x, y) =>
      r.oneOf(x, y, ['sum', 'single'] as const)
    ),
    classes,
  };
  if (o.insurance !== undefined)
    out.insurance = readInsurance(r, o.insurance, child(p, 'insurance'));
  return out;
}
